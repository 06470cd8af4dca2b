// Settings, the key, About and navigation of the details window in real Chromium, against the real
// handler table and controller (main validates settings again and has the last word).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_API_KEY } from './harness/app-under-test.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { assertHealthy, openApp, type OpenOptions, type OpenedApp } from './harness/app-window.js';


let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

const open = (options: OpenOptions = {}): Promise<OpenedApp> => openApp(h, { ...options, waitForFigures: true });


/** The message shown for a field, and whether the field points at it (aria-describedby). */
async function fieldError(page: Page, control: string, errorId: string): Promise<string> {
  const describedBy = (await page.locator(control).getAttribute('aria-describedby')) ?? '';
  assert.ok(describedBy.split(/\s+/).includes(errorId), `${control} is described by #${errorId}`);
  return page.locator(`#${errorId}`).innerText();
}


describe('settings', () => {
  test('client-side checks: a clear message next to each bad field, nothing sent', async () => {
    const o = await open();
    try {
      await o.page.locator('#tab-settings').click();
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').inputValue(), '5');
      assert.equal(await o.page.locator('#set-leftBelowBytes').inputValue(), '1', '1e9 bytes shown as 1 GB');
      assert.equal(await o.page.locator('#set-dailyThreshold').inputValue(), '', 'null = off = empty');
      await o.page.locator('#set-pollIntervalMinutes').fill('0');
      await o.page.locator('#set-apiTimeZone').fill('Mars/Olympus');
      await o.page.locator('#set-leftBelowPercent').fill('150');
      await o.page.locator('#set-expiresWithinDays').fill('2.5');
      await o.page.locator('#set-dailyThreshold').fill('-3');
      await o.page.locator('#settings-form button[type="submit"]').click();
      await o.page.locator('#err-pollIntervalMinutes', { hasText: /\S/ }).waitFor();
      assert.equal(await fieldError(o.page, '#set-pollIntervalMinutes', 'err-pollIntervalMinutes'), 'Enter a whole number of minutes from 1 to 60.');
      assert.equal(await fieldError(o.page, '#set-apiTimeZone', 'err-apiTimeZone'), '"Mars/Olympus" is not a known time zone; try UTC or a name like Europe/Berlin.');
      assert.equal(await fieldError(o.page, '#set-leftBelowPercent', 'err-leftBelowPercent'), 'The percent left must be between 0 and 100.');
      assert.equal(await fieldError(o.page, '#set-expiresWithinDays', 'err-expiresWithinDays'), 'The number of days must be a whole number (or empty for off).');
      assert.equal(await fieldError(o.page, '#set-dailyThreshold', 'err-dailyThreshold'), 'The daily threshold (GB) must be a number (or empty for off).');
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#set-leftBelowBytes').getAttribute('aria-invalid'), null);
      assert.equal(await o.page.locator('#err-leftBelowBytes').innerText(), '');
      assert.equal(await o.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'set-apiTimeZone', 'focus on the first bad field');
      assert.match(await o.page.locator('#settings-status').innerText(), /need a fix/);
      assert.equal(o.w.calls.filter((c) => c.channel === 'settings:update').length, 0);
      await screenshot(o.page, 'settings-errors-light');
      // Undo brings the saved values back and clears the messages.
      await o.page.locator('#settings-reset').click();
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').inputValue(), '5');
      assert.equal(await o.page.locator('#err-pollIntervalMinutes').innerText(), '');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('main’s per-field messages are shown next to the fields', async () => {
    // Main is the authority: a value that passes here but not there (simulated by changing the
    // payload on its way) comes back with main's own message for the field.
    const o = await open({
      wrap: (handlers) => ({
        ...handlers,
        'settings:update': (p) => handlers['settings:update']({ ...(p as object), apiTimeZone: 'Atlantis/Capital' }),
      }),
    });
    try {
      await o.page.locator('#tab-settings').click();
      await o.page.locator('#set-apiTimeZone').fill('Asia/Kolkata');
      await o.page.locator('#settings-form button[type="submit"]').click();
      await o.page.locator('#err-apiTimeZone', { hasText: /\S/ }).waitFor();
      assert.equal(await o.page.locator('#err-apiTimeZone').innerText(), 'Must be a known IANA time zone (e.g. UTC, Europe/Berlin).');
      assert.equal(await o.page.locator('#set-apiTimeZone').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#settings-status').innerText(), 'Not saved: see the messages next to the fields.');
      assert.equal(o.app.controller.view().settings.apiTimeZone, 'UTC', 'nothing saved');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('saving: byte thresholds in the chosen units, empty = off; the window follows the new units', async () => {
    const o = await open({ colorScheme: 'dark' });
    try {
      const rangeBefore = await o.page.locator('#total-range').innerText();
      assert.match(rangeBefore, / GB$/);
      await o.page.locator('#tab-settings').click();
      await o.page.locator('#set-leftBelowBytes').fill('2');
      // Switching units re-expresses the typed amounts (2 GB = 1.863 GiB).
      await o.page.locator('input[name="units"][value="GiB"]').check();
      assert.equal(await o.page.locator('#set-leftBelowBytes').inputValue(), '1.863');
      assert.deepEqual(await o.page.locator('.unit-name').allInnerTexts(), ['GiB', 'GiB']);
      await o.page.locator('#set-dailyThreshold').fill('3');
      await o.page.locator('#set-leftBelowPercent').fill('');
      await o.page.locator('#set-pollIntervalMinutes').fill('15');
      await o.page.locator('#set-apiVersion').selectOption('v2');
      await o.page.locator('#set-notificationsEnabled').uncheck();
      await o.page.locator('#settings-form button[type="submit"]').click();
      await o.page.locator('#settings-status', { hasText: 'Saved.' }).waitFor();
      const sent = o.w.calls.filter((c) => c.channel === 'settings:update').at(-1)?.payload as { alerts: Record<string, unknown>; units: string };
      assert.equal(sent.units, 'GiB');
      assert.equal(sent.alerts['dailyThresholdBytes'], 3 * 1024 ** 3);
      assert.equal(sent.alerts['leftBelowBytes'], Math.round(1.863 * 1024 ** 3));
      assert.equal(sent.alerts['leftBelowPercent'], null);
      const s = o.app.controller.view().settings;
      assert.equal(s.units, 'GiB');
      assert.equal(s.pollIntervalMinutes, 15);
      assert.equal(s.apiVersion, 'v2');
      assert.equal(s.notificationsEnabled, false);
      assert.equal(s.alerts.dailyThresholdBytes, 3 * 1024 ** 3);
      assert.equal(s.alerts.leftBelowPercent, null);
      await screenshot(o.page, 'settings-dark');
      await o.page.locator('#tab-overview').click();
      await o.page.locator('#total-range', { hasText: / (GiB|MiB)$/ }).waitFor();
      await o.page.locator('#chart-summary', { hasText: /iB in 7 days/ }).waitFor();
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the key: stored shows only its last 4; test, replace and remove; the key never reaches the page', async () => {
    const o = await open();
    try {
      await o.page.locator('#tab-settings').click();
      const stored = o.page.locator('.key-stored');
      await stored.waitFor();
      assert.equal(await stored.innerText(), `A key is stored (…${TEST_API_KEY.slice(-4)})`);
      assert.equal(await o.page.locator('#key-section input').count(), 0, 'no key field while a key is stored');

      await o.page.locator('#test-connection').click();
      await o.page.locator('#test-result.test-ok').waitFor();
      const pkg = o.app.controller.view().snapshot.package;
      assert.match(await o.page.locator('#test-result').innerText(), new RegExp(`^Connected\\. Package ${pkg?.key}: .+ left of 50\\.00 GB\\.$`));
      await screenshot(o.page, 'settings-light');

      await o.page.locator('#key-section button', { hasText: 'Replace' }).click();
      const input = o.page.locator('#key-input');
      assert.equal(await input.getAttribute('type'), 'password');
      assert.equal(await input.getAttribute('autocomplete'), 'off');
      const other = 'another-key-9876zyxw';
      await input.fill(other);
      await o.page.locator('#key-section button[type="submit"]').click();
      await o.page.locator('.key-stored', { hasText: '(…zyxw)' }).waitFor();
      const html = await o.page.content();
      assert.ok(!html.includes(other) && !html.includes(TEST_API_KEY), 'no key in the page');
      // The fake API knows only the first key: the test says what went wrong.
      await o.page.locator('#test-connection').click();
      await o.page.locator('#test-result.test-bad').waitFor();
      assert.match(await o.page.locator('#test-result').innerText(), /refused the request/);

      await o.page.locator('#key-section button', { hasText: 'Remove' }).click();
      await o.page.locator('#key-section button', { hasText: 'Remove the key' }).click();
      await o.page.locator('#key-input').waitFor();
      assert.equal(o.app.controller.view().key.stored, false);
      await o.page.locator('#tab-overview').click();
      await o.page.locator('#welcome').waitFor({ state: 'visible' });
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('navigation and About', () => {
  test('tabs by mouse, keyboard and main’s navigate event; About says who made it and what is sent', async () => {
    const o = await open();
    try {
      await o.w.emit('app:navigate', 'settings');
      await o.page.locator('#panel-settings').waitFor({ state: 'visible' });
      assert.equal(await o.page.locator('#tab-settings').getAttribute('aria-selected'), 'true');
      assert.equal(await o.page.locator('#panel-overview').isVisible(), false);
      await o.w.emit('app:navigate', 'package');
      await o.page.locator('#package-card').waitFor({ state: 'visible' });
      await o.w.emit('app:navigate', 'about');
      await o.page.locator('#panel-about').waitFor({ state: 'visible' });
      const about = await o.page.locator('#panel-about').innerText();
      assert.match(about, /Proxy-Seller Traffic Tray/);
      assert.match(about, /Version 0\.1\.0-test/);
      assert.match(about, /Proxy-Seller Traffic Tray is an independent app, not made by Proxy-Seller\./);
      assert.match(about, /No telemetry\. Your API key stays in the system keychain and is only sent to proxy-seller\.com\./);
      await o.w.emit('app:navigate', 'today');
      await o.page.locator('#panel-overview').waitFor({ state: 'visible' });

      // Demo mode is labelled; start-up notices can be dismissed and stay dismissed.
      assert.equal(await o.page.locator('#demo-badge').isVisible(), false);
      const notice = 'The settings file could not be read and was moved aside; defaults are in use.';
      const v = o.app.controller.view();
      await o.w.emit('app:view-changed', { ...v, demo: true, notices: [notice] });
      await o.page.locator('#demo-badge', { hasText: 'Demo data' }).waitFor();
      const shown = o.page.locator('[data-banner="notice"]', { hasText: notice });
      await shown.waitFor();
      await shown.locator('button', { hasText: 'Dismiss' }).click();
      await shown.waitFor({ state: 'detached' });
      await o.w.emit('app:view-changed', { ...v, demo: true, notices: [notice] });
      await o.page.locator('#demo-badge').waitFor();
      assert.equal(await o.page.locator('[data-banner="notice"]').count(), 0);

      // Keyboard: Tab reaches the selected tab, arrows move between tabs, focus is visible.
      await o.page.locator('#tab-overview').focus();
      await o.page.keyboard.press('ArrowRight');
      assert.equal(await o.page.locator('#tab-settings').getAttribute('aria-selected'), 'true');
      assert.equal(await o.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'tab-settings');
      await o.page.keyboard.press('ArrowLeft');
      await o.page.keyboard.press('ArrowLeft');
      assert.equal(await o.page.locator('#tab-about').getAttribute('aria-selected'), 'true');
      await o.page.keyboard.press('Home');
      assert.equal(await o.page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
      const outline = await o.page.locator('#tab-overview').evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(e).outlineStyle);
      assert.equal(outline, 'solid', 'focus is visible');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
