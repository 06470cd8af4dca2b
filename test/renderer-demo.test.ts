// Demo mode end to end in Chromium: from the welcome, "Try with demo data" starts the built-in fake
// API and runs the whole app against it, labelled; Exit demo (or saving a real key) leaves it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_API_KEY, startAppUnderTest } from './harness/app-under-test.js';
import { presentTray } from '../src/main/tray/presenter.js';
import { waitUntil } from './support/wait.js';
import { assertHealthy, openApp } from './harness/app-window.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

test('try the demo from the welcome, see generated figures, and leave it', async () => {
  const { app, w, close } = await openApp(h, { withKey: false });
  try {
    const page = w.page;
    await page.locator('#welcome').waitFor();
    await page.locator('#welcome-demo').click();

    await page.locator('#demo-bar').waitFor();
    assert.equal(await page.locator('#demo-badge').isVisible(), true, 'labelled as demo in the header');
    await page.locator('#updated', { hasText: /^Updated/ }).waitFor();
    assert.equal(await page.locator('#welcome').isVisible(), false);
    const today = await page.locator('#total-today').textContent();
    assert.match(today ?? '', /^\d+(\.\d+)? (MB|GB)$/, 'figures from the demo API');
    assert.equal(app.core.inDemo(), true);
    assert.equal(app.controller.view().demo, true);
    assert.equal(app.api.requests.length, 0, 'the real API (here: the test fake) was not asked');
    assert.equal(await app.secrets.get(), null, 'the keychain was not touched');
    assert.ok((await readdir(join(app.dataDir, 'demo', 'history'))).length > 0, 'demo history kept apart, under demo/');
    // The demo's lists have titles and its account money that makes sense together: auto-renew on,
    // a balance that cannot pay it (what the README's picture shows). Its two accounts show all
    // packages at first: the personal account's package has the lists and the money.
    await page.locator('#package-switcher').selectOption('main/main');
    await page.locator('#login-filter option', { hasText: 'Shop monitor EU' }).waitFor({ state: 'attached' });
    assert.match(await page.locator('.package-spend').innerText(), /^Spent \$\d+\.\d\d of \$\d+\.\d\d bought · \$2\.20\/GiB$/);
    assert.match(await page.locator('.package-renewal-short').innerText(), /Balance too low: Auto-renews on .+ balance \$12\.40, short by \$\d+\.\d\d\.$/);
    await screenshot(page, 'demo-light');

    await page.locator('#exit-demo').click();
    await page.locator('#welcome').waitFor();
    assert.equal(await page.locator('#demo-bar').isVisible(), false);
    assert.equal(app.core.inDemo(), false);
    assertHealthy(w);
  } finally {
    await close();
  }
});

test('saving a real key while in the demo leaves the demo and uses the real account', async () => {
  const { app, w, close } = await openApp(h, { withKey: false, colorScheme: 'dark' });
  try {
    const page = w.page;
    await page.locator('#welcome-demo').click();
    await page.locator('#demo-bar').waitFor();
    const res = await app.handlers['key:set']({ apiKey: TEST_API_KEY });
    assert.equal(res.ok, true);
    await page.locator('#demo-bar').waitFor({ state: 'hidden' });
    assert.equal(app.core.inDemo(), false);
    for (let i = 0; i < 200 && app.api.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(app.api.requests.length > 0, 'the real API is asked with the new key');
    assert.equal(await app.secrets.get(), TEST_API_KEY);
    assert.ok(!(await page.content()).includes(TEST_API_KEY));
    assertHealthy(w);
  } finally {
    await close();
  }
});

test('in the demo, Settings shows the built-in key as such; a bad key of the user\'s is refused and the demo goes on', async () => {
  const { app, w, close } = await openApp(h, { withKey: false });
  try {
    const page = w.page;
    await page.locator('#welcome-demo').click();
    await page.locator('#demo-bar').waitFor();
    await page.locator('#tab-settings').click();
    const section = page.locator('#key-section');
    await section.getByText('Demo mode runs on a built-in key').waitFor();
    assert.equal(await section.getByRole('button', { name: 'Remove' }).count(), 0, 'nothing of the user\'s to remove');
    assert.ok(!(await section.innerText()).includes('0000'), 'the built-in key is not presented as a stored key');
    await section.getByRole('button', { name: 'Use my own key' }).click();
    await page.locator('#key-input').fill('x');
    await section.getByRole('button', { name: 'Save key' }).click();
    await page.locator('#key-msg', { hasText: /too short/ }).waitFor();
    assert.equal(await page.locator('#demo-bar').isVisible(), true, 'still in the demo');
    assert.equal(app.core.inDemo(), true);
    assert.equal(await app.secrets.get(), null);
    assertHealthy(w);
  } finally {
    await close();
  }
});

test('the demo is two accounts, one a reseller with three clients, one of them nearly used up: the tray warns, and its alert is named', async () => {
  const app = await startAppUnderTest({ withKey: false });
  try {
    await app.core.setDemo(true);
    const view = await waitUntil('every demo package read', () => {
      const v = app.controller.view();
      const all = v.accounts.flatMap((a) => a.packages);
      return all.length === 5 && all.every((p) => p.snapshot.package !== null) && !v.syncing ? v : null;
    });
    assert.deepEqual(
      view.accounts.map((a) => [a.name, a.packages.map((p) => [p.kind, p.label])]),
      [
        ['Personal', [['main', 'Personal']]],
        [
          'Reseller',
          [
            ['main', 'Reseller'],
            ['sub', 'Reseller · Client A'],
            ['sub', 'Reseller · Client B'],
            ['sub', 'Reseller · Client C'],
          ],
        ],
      ],
    );
    const packages = view.accounts.flatMap((a) => a.packages);
    // The reseller's limit holds what it reserved for its clients: its figures add up, as the total's do.
    const reseller = packages.find((p) => p.label === 'Reseller')!.snapshot.package!;
    const clients = packages.filter((p) => p.kind === 'sub').map((p) => p.snapshot.package!);
    assert.equal(reseller.reservedBytes, clients.reduce((a, c) => a + c.limitBytes, 0));
    assert.equal(reseller.usedBytes + reseller.leftBytes + reseller.reservedBytes, reseller.limitBytes);
    const total = view.total!.package!;
    assert.equal(total.usedBytes + total.leftBytes, total.limitBytes);
    // The default account is still the demo's own (the window's cards and spend are its).
    assert.equal(view.snapshot, packages[0]!.snapshot);

    const tray = presentTray({ snapshot: view.snapshot, hasKey: true, paused: false, online: true, units: 'GB', now: app.now(), intervalMs: 5 * 60_000, thresholds: view.settings.alerts, figure: 'today', nextCheckAt: null, locale: 'en-US', packages, total: view.total, chosen: null });
    assert.equal(tray.quota, 'low', 'Client B nearly used up: the tray warns though the total is fine');
    assert.match(tray.tooltip, /\nReseller · Client B: running low\n/);
    assert.equal(tray.menu.filter((i) => i.type === 'radio').length, 6, 'the total and five packages to choose from');

    const named = await waitUntil('the alert about Client B', () => app.alerts.find((a) => a.title === 'Reseller · Client B: Proxy traffic running low'));
    assert.equal(named.packageId, packages.find((p) => p.label === 'Reseller · Client B')!.id);
    assert.equal(app.api.requests.length, 0, 'no request left the process');
    assert.equal(await app.secrets.get(), null, 'the keychain was not touched');
  } finally {
    await app.close();
  }
});
