// Settings per package in the details window (Settings → Alerts → "Alerts for"), in real Chromium
// behind the real preload, IPC handler table and controller, against the fake API (two keys, one a
// reseller with two sub-packages) over HTTP: a package's own threshold reaches settings.json and
// turns that package (only) low in the table and its card, clearing it goes back to the shared
// value, notifications off for one package silence its alerts alone, and refusals (the form's and
// main's) are marked on their fields.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppUnderTest } from './harness/app-under-test.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { assertHealthy, openApp, type OpenOptions, type OpenedApp } from './harness/app-window.js';
import { SETTINGS_FILE } from '../src/core/settings/file.js';
import { formatBytes } from '../src/shared/bytes.js';
import type { AppSettings, SettingsPatch } from '../src/shared/settings.js';
import { waitUntil } from './support/wait.js';
import { accountIdOf, RESELLER, RESELLER_KEY, resellerAccount, SUB_A, SUB_B, tableReady } from './support/reseller-window.js';

const RESELLER_ACCOUNT = resellerAccount(20e9);

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

const openTwo = (options: OpenOptions = {}): Promise<OpenedApp> =>
  openApp(h, {
    viewport: { width: 1180, height: 1000 },
    ...options,
    fakeApi: { otherAccounts: [RESELLER_ACCOUNT] },
    accounts: [{ name: RESELLER, apiKey: RESELLER_KEY }],
  });

async function settingsFile(app: AppUnderTest): Promise<AppSettings> {
  return JSON.parse(await readFile(join(app.dataDir, SETTINGS_FILE), 'utf8')) as AppSettings;
}

/** Each package row's quota state, by its id. */
async function states(page: Page): Promise<Record<string, string | null>> {
  const rows = await page.locator('#packages-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-package') ?? '', tr.getAttribute('data-quota')] as const));
  return Object.fromEntries(rows);
}

/** What the package has left, as the window got it from the fake API. */
function leftOf(app: AppUnderTest, id: string): number {
  const pkg = app.controller
    .view()
    .accounts.flatMap((a) => a.packages)
    .find((p) => p.id === id)?.snapshot.package;
  assert.ok(pkg, `${id} has its figures`);
  return pkg.leftBytes;
}

/** Leaves the field, as a user moving on does: its change applies. */
async function commit(page: Page, control: string, text: string): Promise<void> {
  await page.locator(control).fill(text);
  await page.locator(control).press('Tab');
}

const updates = (o: OpenedApp) => o.w.calls.filter((c) => c.channel === 'settings:update').map((c) => c.payload as SettingsPatch);

/** Settings → Alerts with the package chosen. */
async function choose(page: Page, id: string): Promise<void> {
  await page.locator('#tab-settings').click();
  await page.getByLabel('Alerts for').selectOption(id);
  await page.locator('#package-alerts').waitFor({ state: 'visible' });
}

describe('alerts for one package', () => {
  test('a threshold of its own reaches settings.json and turns only that package low; cleared, it goes back to the shared one', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      const subA = `${resellerId}/${SUB_A}`;
      const ids = ['main/main', `${resellerId}/main`, subA, `${resellerId}/${SUB_B}`];
      assert.deepEqual(await states(o.page), Object.fromEntries(ids.map((id) => [id, 'ok'])), 'every package is ok by the shared thresholds');
      assert.equal(await o.page.locator('#packages-table [data-own-alerts]').count(), 0);

      // The chooser: the shared settings first, then every package by its label, grouped by account.
      await o.page.locator('#tab-settings').click();
      const chooser = o.page.getByLabel('Alerts for');
      assert.deepEqual(await chooser.locator('option').allTextContents(), ['All packages (shared)', 'Main', RESELLER, 'Reseller · Sub-package cccc', 'Reseller · Sub-package ffff']);
      assert.deepEqual(await chooser.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label'))), ['Main', RESELLER]);
      assert.equal(await o.page.locator('#set-leftBelowBytes').isVisible(), true, 'the shared fields to start with');
      await chooser.selectOption(subA);
      assert.equal(await o.page.locator('#set-leftBelowBytes').isVisible(), false, 'the shared fields give way to the package’s');

      // No value of its own: empty, with the shared value as placeholder and hint; labels as the shared fields'.
      const field = o.page.locator('#package-alerts').getByLabel('Left below (GB)');
      assert.equal(await field.getAttribute('id'), 'pkg-leftBelowBytes');
      assert.equal(await field.inputValue(), '');
      assert.equal(await field.getAttribute('placeholder'), '1');
      assert.equal(await o.page.locator('#pkg-hint-leftBelowBytes').innerText(), `Shared: ${formatBytes(1e9)}`);
      assert.equal(await o.page.locator('#pkg-use-shared').isDisabled(), true, 'nothing of its own to forget');

      // Its own threshold: above what it has left, so it is low; the others keep the shared 1 GB.
      const gb = Math.ceil(leftOf(o.app, subA) / 1e9) + 1;
      await commit(o.page, '#pkg-leftBelowBytes', String(gb));
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor();
      assert.deepEqual(updates(o), [{ packages: { [subA]: { alerts: { leftBelowBytes: gb * 1e9 } } } }], 'only that package’s entry was sent');
      assert.deepEqual((await settingsFile(o.app)).packages, { [subA]: { alerts: { leftBelowBytes: gb * 1e9 } } });
      assert.equal((await settingsFile(o.app)).alerts.leftBelowBytes, 1e9, 'the shared value is untouched');
      assert.equal(await o.page.locator('#pkg-hint-leftBelowBytes').innerText(), `This package: ${formatBytes(gb * 1e9)} (shared: ${formatBytes(1e9)})`);
      assert.equal(await o.page.locator('#pkg-use-shared').isDisabled(), false);

      await o.page.locator('#tab-overview').click();
      await waitUntil('the package is low in the table', async () => (await states(o.page))[subA] === 'low');
      assert.deepEqual(await states(o.page), { ...Object.fromEntries(ids.map((id) => [id, 'ok'])), [subA]: 'low' }, 'the others stay ok');
      const mark = o.page.locator(`#packages-table tr[data-package="${subA}"]`).getByRole('button', { name: /^Own alerts: Reseller · Sub-package cccc has alert settings of its own/ });
      assert.equal(await mark.innerText(), '◆ own alerts');
      assert.equal(await o.page.locator('#packages-table [data-own-alerts]').count(), 1, 'only that package is marked');
      // Its card: low, and marked; the mark opens its settings.
      await o.page.locator(`#packages-table tr[data-package="${subA}"] .link-button`).click();
      await o.page.locator('#package-card[data-quota="low"]').waitFor();
      await o.page.locator('#package-own').getByRole('button', { name: /^Own alerts:/ }).click();
      await o.page.locator('#panel-settings').waitFor({ state: 'visible' });
      assert.equal(await o.page.getByLabel('Alerts for').inputValue(), subA);
      assert.equal(await o.page.locator('#alerts-package').evaluate((e) => e === (e.ownerDocument as { activeElement: unknown }).activeElement), true, 'the chooser has the focus');

      // Cleared: back to the shared value, the entry gone from the file.
      await commit(o.page, '#pkg-leftBelowBytes', '');
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor();
      assert.deepEqual(updates(o).at(-1), { packages: { [subA]: null } });
      assert.deepEqual((await settingsFile(o.app)).packages, {});
      assert.equal(await o.page.locator('#pkg-hint-leftBelowBytes').innerText(), `Shared: ${formatBytes(1e9)}`);
      await o.page.locator('#tab-overview').click();
      await waitUntil('the package is ok again', async () => (await states(o.page))[subA] === 'ok');
      assert.equal(await o.page.locator('#packages-table [data-own-alerts]').count(), 0);
      assert.equal(await o.page.locator('#package-own [data-own-alerts]').count(), 0, 'the card’s mark is gone too');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('notifications off for one package: its alert is not shown while another package’s is; "Use the shared settings" forgets its entry', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      const subA = `${resellerId}/${SUB_A}`;
      const subB = `${resellerId}/${SUB_B}`;
      const above = (id: string) => String(Math.ceil(leftOf(o.app, id) / 1e9) + 1);
      await choose(o.page, subA);
      await commit(o.page, '#pkg-leftBelowBytes', above(subA));
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor();
      const notify = o.page.getByLabel('Notifications for this package');
      assert.equal(await notify.isChecked(), true);
      await notify.uncheck();
      await waitUntil('saved', () => o.app.controller.view().settings.packages[subA]?.notificationsEnabled === false);
      assert.deepEqual(updates(o).at(-1), { packages: { [subA]: { alerts: { leftBelowBytes: Number(above(subA)) * 1e9 }, notificationsEnabled: false } } }, 'the whole entry, built on the change before');
      assert.equal(await o.page.locator('#pkg-hint-notificationsEnabled').innerText(), 'Off for this package alone.');
      await screenshot(o.page, 'settings-package-light');

      await o.page.getByLabel('Alerts for').selectOption(subB);
      assert.equal(await notify.isChecked(), true, 'the other package’s own switch');
      await commit(o.page, '#pkg-leftBelowBytes', above(subB));
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor();

      // The next poll sees both cross their own thresholds: only B's alert is shown.
      const before = o.app.alerts.length;
      await o.app.controller.refresh();
      await waitUntil('B’s alert', () => o.app.alerts.slice(before).some((a) => a.packageId === subB && a.id === 'left-bytes'));
      const shown = o.app.alerts.slice(before);
      assert.match(shown.find((a) => a.packageId === subB)!.title, /^Reseller · Sub-package ffff: /, 'named by its package');
      assert.deepEqual(shown.filter((a) => a.packageId === subA), [], 'A is silenced');
      await o.page.locator('#tab-overview').click();
      await waitUntil('both low', async () => {
        const s = await states(o.page);
        return s[subA] === 'low' && s[subB] === 'low';
      });

      // Back to A: "Use the shared settings" forgets its entry; A is ok again (no confirmation: it is undoable).
      await choose(o.page, subA);
      assert.equal(await o.page.locator('#pkg-leftBelowBytes').inputValue(), above(subA));
      assert.equal(await notify.isChecked(), false);
      await o.page.getByRole('button', { name: 'Use the shared settings' }).click();
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor();
      assert.deepEqual(updates(o).at(-1), { packages: { [subA]: null } });
      assert.deepEqual(Object.keys((await settingsFile(o.app)).packages), [subB], 'the other package keeps its own');
      assert.equal(await o.page.locator('#pkg-leftBelowBytes').inputValue(), '');
      assert.equal(await notify.isChecked(), true);
      assert.equal(await o.page.locator('#pkg-use-shared').isDisabled(), true);
      await o.page.locator('#tab-overview').click();
      await waitUntil('A ok again, B still low', async () => {
        const s = await states(o.page);
        return s[subA] === 'ok' && s[subB] === 'low';
      });
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a value the form refuses is marked on its field with the schema’s words, and nothing is sent', async () => {
    const o = await openTwo({ colorScheme: 'dark' });
    try {
      await tableReady(o.page);
      const subB = `${await accountIdOf(o.app, RESELLER)}/${SUB_B}`;
      await choose(o.page, subB);
      await commit(o.page, '#pkg-leftBelowBytes', '-5');
      await commit(o.page, '#pkg-leftBelowPercent', '150');
      const describedBy = (await o.page.locator('#pkg-leftBelowBytes').getAttribute('aria-describedby')) ?? '';
      assert.ok(describedBy.split(/\s+/).includes('pkg-err-leftBelowBytes'), 'the field points at its message');
      assert.equal(await o.page.locator('#pkg-err-leftBelowBytes').innerText(), 'The amount left must be more than 0.');
      assert.equal(await o.page.locator('#pkg-err-leftBelowPercent').innerText(), 'The percent left must be a number from 0 to 100.');
      assert.equal(await o.page.locator('#pkg-leftBelowBytes').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#package-alerts-status').innerText(), 'Not saved: see the message next to the field.');
      assert.equal(updates(o).length, 0);
      await screenshot(o.page, 'settings-package-dark');
      // A view pushed meanwhile leaves the refused text in place.
      await o.w.emit('app:view-changed', o.app.controller.view());
      assert.equal(await o.page.locator('#pkg-leftBelowBytes').inputValue(), '-5');
      // Fixed: it applies, and its mark goes.
      await commit(o.page, '#pkg-leftBelowBytes', '2');
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor();
      assert.equal(await o.page.locator('#pkg-leftBelowBytes').getAttribute('aria-invalid'), null);
      assert.equal(await o.page.locator('#pkg-err-leftBelowBytes').innerText(), '');
      assert.deepEqual(updates(o), [{ packages: { [subB]: { alerts: { leftBelowBytes: 2e9 } } } }]);
      // GiB: its own amount is the same bytes shown in the other unit, as the shared fields do.
      await o.page.locator('input[name="units"][value="GiB"]').check();
      await waitUntil('shown in GiB', async () => (await o.page.locator('#pkg-leftBelowBytes').inputValue()) === '1.863');
      assert.equal(await o.page.locator('label[for="pkg-leftBelowBytes"]').innerText(), 'Left below (GiB)');
      assert.equal(await o.page.locator('#pkg-hint-leftBelowBytes').innerText(), `This package: ${formatBytes(2e9, 'GiB')} (shared: ${formatBytes(1e9, 'GiB')})`);
      assert.equal(o.app.controller.view().settings.packages[subB]?.alerts?.leftBelowBytes, 2e9, 'nothing new stored');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a value main refuses is marked on its field with main’s words, and nothing is stored', async () => {
    // Main has the last word: a value that passes here but not there (changed on its way) comes back
    // with main's message for the field, by its path (packages.<id>.alerts.leftBelowPercent).
    const o = await openTwo({
      wrap: (handlers) => ({
        ...handlers,
        'settings:update': (p) => {
          const patch = p as SettingsPatch;
          const packages = Object.fromEntries(Object.entries(patch.packages ?? {}).map(([id, e]) => [id, e === null ? null : { ...e, alerts: { ...e.alerts, leftBelowPercent: 150 } }]));
          return handlers['settings:update']({ ...patch, packages });
        },
      }),
    });
    try {
      await tableReady(o.page);
      const subA = `${await accountIdOf(o.app, RESELLER)}/${SUB_A}`;
      await choose(o.page, subA);
      await commit(o.page, '#pkg-leftBelowPercent', '50');
      await o.page.locator('#pkg-err-leftBelowPercent', { hasText: /\S/ }).waitFor();
      assert.equal(await o.page.locator('#pkg-err-leftBelowPercent').innerText(), 'The percent left must be a number from 0 to 100.');
      assert.equal(await o.page.locator('#pkg-leftBelowPercent').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#package-alerts-status').innerText(), 'Not saved: see the message next to the field.');
      assert.equal(await o.page.locator('#pkg-leftBelowPercent').inputValue(), '50', 'what the user typed stays');
      assert.deepEqual(o.app.controller.view().settings.packages, {});
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('with one package there is no chooser: the alerts are the shared ones', async () => {
    const o = await openApp(h, { waitForFigures: true });
    try {
      await o.page.locator('#tab-settings').click();
      assert.equal(await o.page.locator('#alerts-package').isVisible(), false);
      assert.equal(await o.page.locator('#set-leftBelowBytes').isVisible(), true);
      assert.equal(await o.page.locator('#package-alerts').isVisible(), false);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('with one package that has settings of its own, they are shown, marked on its card, and can be forgotten; the focus stays on the form', async () => {
    const o = await openApp(h, { waitForFigures: true });
    try {
      // Left from when there were more packages (a sub-package gone, an account removed): they apply.
      assert.equal((await o.app.controller.updateSettings({ packages: { 'main/main': { alerts: { leftBelowPercent: 100 } } } })).ok, true);
      await o.page.locator('#package-card[data-quota="low"]').waitFor();
      await o.page.locator('#package-own').getByRole('button', { name: /^Own alerts:/ }).click();
      await o.page.locator('#package-alerts').waitFor({ state: 'visible' });
      assert.equal(await o.page.getByLabel('Alerts for').inputValue(), 'main/main');
      assert.equal(await o.page.locator('#pkg-leftBelowPercent').inputValue(), '100');
      await o.page.locator('#pkg-use-shared').focus();
      await o.page.keyboard.press('Enter');
      await waitUntil('forgotten', () => Object.keys(o.app.controller.view().settings.packages).length === 0);
      await o.page.locator('#alerts-package').waitFor({ state: 'hidden' });
      assert.equal(await o.page.locator('#set-leftBelowPercent').isVisible(), true, 'the shared fields again');
      assert.notEqual(await o.page.evaluate('document.activeElement?.tagName'), 'BODY', 'the focus is not dropped to the page');
      await o.page.locator('#tab-overview').click();
      await o.page.locator('#package-card[data-quota="ok"]').waitFor();
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('changes made while main is slow to answer all reach the file, across a switch of the chooser; "off" turns one alert off for that package alone', async () => {
    let delay = 0;
    const o = await openTwo({
      wrap: (handlers) => ({
        ...handlers,
        'settings:update': async (p) => {
          if (delay) await new Promise((r) => setTimeout(r, delay));
          return handlers['settings:update'](p);
        },
      }),
    });
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      const subA = `${resellerId}/${SUB_A}`;
      await choose(o.page, subA);
      delay = 800;
      await commit(o.page, '#pkg-leftBelowBytes', '5');
      // Away and back while the first answer is due, then two more changes at once.
      await o.page.getByLabel('Alerts for').selectOption(`${resellerId}/${SUB_B}`);
      await o.page.getByLabel('Alerts for').selectOption(subA);
      await commit(o.page, '#pkg-leftBelowPercent', '40');
      await o.page.getByLabel('Notifications for this package').uncheck();
      await waitUntil('three changes answered', () => updates(o).length >= 3 && o.app.controller.view().settings.packages[subA]?.notificationsEnabled === false, 10_000);
      await o.page.locator('#package-alerts-status', { hasText: 'Saved.' }).waitFor({ timeout: 10_000 });
      assert.deepEqual((await settingsFile(o.app)).packages[subA], { alerts: { leftBelowBytes: 5e9, leftBelowPercent: 40 }, notificationsEnabled: false });
      assert.equal(await o.page.locator('#pkg-leftBelowBytes').inputValue(), '5');
      delay = 0;
      // "off" for this package alone: stored as null, shown as off, the shared 10 % untouched.
      await commit(o.page, '#pkg-leftBelowPercent', 'off');
      await waitUntil('stored', () => o.app.controller.view().settings.packages[subA]?.alerts?.leftBelowPercent === null);
      assert.deepEqual((await settingsFile(o.app)).packages[subA], { alerts: { leftBelowBytes: 5e9, leftBelowPercent: null }, notificationsEnabled: false });
      assert.equal((await settingsFile(o.app)).alerts.leftBelowPercent, 10);
      await waitUntil('the field says off', async () => (await o.page.locator('#pkg-leftBelowPercent').inputValue()) === 'off');
      assert.equal(await o.page.locator('#pkg-hint-leftBelowPercent').innerText(), 'This package: off (shared: 10)');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
