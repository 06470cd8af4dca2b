// Demo mode end to end in Chromium: from the welcome, "Try with demo data" starts the built-in fake
// API and runs the whole app against it, labelled; Exit demo (or saving a real key) leaves it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_API_KEY } from './harness/app-under-test.js';
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
    // a balance that cannot pay it (what the README's picture shows).
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
