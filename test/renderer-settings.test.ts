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

/** Polls a condition, Node-side or in the page. */
async function until(cond: () => boolean | Promise<boolean>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`not reached in ${ms} ms: ${cond.toString()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


/** The message shown for a field, and whether the field points at it (aria-describedby). */
async function fieldError(page: Page, control: string, errorId: string): Promise<string> {
  const describedBy = (await page.locator(control).getAttribute('aria-describedby')) ?? '';
  assert.ok(describedBy.split(/\s+/).includes(errorId), `${control} is described by #${errorId}`);
  return page.locator(`#${errorId}`).innerText();
}


/** Leaves the field, as a user moving on does: its change applies. */
async function commit(page: Page, control: string, text: string): Promise<void> {
  await page.locator(control).fill(text);
  await page.locator(control).press('Tab');
}

const updates = (o: OpenedApp) => o.w.calls.filter((c) => c.channel === 'settings:update');

describe('settings', () => {
  test('each field applies as it changes; a refused value gets the schema’s rule next to it and nothing is sent', async () => {
    const o = await open();
    try {
      await o.page.locator('#tab-settings').click();
      assert.equal(await o.page.locator('#settings-form button[type="submit"], #settings-reset').count(), 0, 'no Save or Undo step');
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').inputValue(), '5');
      assert.equal(await o.page.locator('#set-leftBelowBytes').inputValue(), '1', '1e9 bytes shown as 1 GB');
      assert.equal(await o.page.locator('#set-dailyThreshold').inputValue(), '', 'null = off = empty');
      // API version and time zone sit under Advanced, closed until wanted.
      assert.equal(await o.page.locator('#set-apiTimeZone').isVisible(), false);
      await o.page.locator('#settings-advanced > summary').click();
      await commit(o.page, '#set-pollIntervalMinutes', '0');
      await commit(o.page, '#set-apiTimeZone', 'Mars/Olympus');
      await commit(o.page, '#set-leftBelowPercent', '150');
      await commit(o.page, '#set-expiresWithinDays', '2.5');
      await commit(o.page, '#set-dailyThreshold', '-5');
      await commit(o.page, '#set-leftBelowBytes', '0');
      assert.equal(await fieldError(o.page, '#set-pollIntervalMinutes', 'err-pollIntervalMinutes'), 'The check interval must be a whole number from 1 to 60.');
      assert.equal(await fieldError(o.page, '#set-apiTimeZone', 'err-apiTimeZone'), 'The API time zone must be a known IANA time zone (e.g. UTC, Europe/Berlin).');
      assert.equal(await fieldError(o.page, '#set-leftBelowPercent', 'err-leftBelowPercent'), 'The percent left must be a number from 0 to 100.');
      assert.equal(await fieldError(o.page, '#set-expiresWithinDays', 'err-expiresWithinDays'), 'The number of days must be a whole number from 0 to 365.');
      assert.equal(await fieldError(o.page, '#set-dailyThreshold', 'err-dailyThreshold'), "Today's use must be more than 0.");
      assert.equal(await fieldError(o.page, '#set-leftBelowBytes', 'err-leftBelowBytes'), 'The amount left must be more than 0.');
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#settings-status').innerText(), 'Not saved: see the message next to the field.');
      assert.equal(updates(o).length, 0, 'nothing refused was sent');
      await screenshot(o.page, 'settings-errors-light');
      // A view pushed meanwhile leaves the refused text in place (the mistake stays visible).
      await o.w.emit('app:view-changed', o.app.controller.view());
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').inputValue(), '0');

      // Fixed: it applies at once, alone, and its message goes.
      await commit(o.page, '#set-pollIntervalMinutes', '15');
      await o.page.locator('#settings-status', { hasText: 'Saved.' }).waitFor();
      assert.equal(o.app.controller.view().settings.pollIntervalMinutes, 15);
      assert.deepEqual(updates(o).map((c) => c.payload), [{ pollIntervalMinutes: 15 }]);
      assert.equal(await o.page.locator('#err-pollIntervalMinutes').innerText(), '');
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').getAttribute('aria-invalid'), null);
      // Checkboxes and the version apply as they are set.
      await o.page.locator('#set-notificationsEnabled').uncheck();
      await o.page.locator('#set-apiVersion').selectOption('v2');
      await until(() => o.app.controller.view().settings.apiVersion === 'v2' && !o.app.controller.view().settings.notificationsEnabled);
      // An alert turned off by emptying its field.
      await commit(o.page, '#set-leftBelowPercent', '');
      await until(() => o.app.controller.view().settings.alerts.leftBelowPercent === null);
      assert.equal(o.app.controller.view().settings.alerts.leftBelowBytes, 1_000_000_000, 'a refused field changed nothing stored');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the renewal alert’s days: shown from the settings (default 3), saved as typed, emptied to off, a fraction refused beside it', async () => {
    const o = await open();
    try {
      await o.page.locator('#tab-settings').click();
      const field = '#set-renewalShortWithinDays';
      assert.equal(await o.page.locator(field).inputValue(), '3');
      assert.equal(await o.page.locator(`label[for="set-renewalShortWithinDays"]`).innerText(), 'An auto-renewal the balance cannot pay, (days) before it');
      await commit(o.page, field, '7');
      await until(() => o.app.controller.view().settings.alerts.renewalShortWithinDays === 7);
      assert.deepEqual(updates(o).at(-1)?.payload, { alerts: { renewalShortWithinDays: 7 } });
      await commit(o.page, field, '1.5');
      assert.match(await fieldError(o.page, field, 'err-renewalShortWithinDays'), /whole number from 0 to 365/);
      assert.equal(o.app.controller.view().settings.alerts.renewalShortWithinDays, 7, 'the refused value changed nothing');
      await commit(o.page, field, '');
      await until(() => o.app.controller.view().settings.alerts.renewalShortWithinDays === null);
      assert.equal(await o.page.locator('#err-renewalShortWithinDays').innerText(), '');
      // Pushed back from main (another window, the CLI): the field follows.
      await o.app.controller.updateSettings({ alerts: { renewalShortWithinDays: 10 } });
      await until(async () => (await o.page.locator(field).inputValue()) === '10');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('main’s per-field messages are shown next to the field', async () => {
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
      await o.page.locator('#settings-advanced > summary').click();
      await commit(o.page, '#set-apiTimeZone', 'Asia/Kolkata');
      await o.page.locator('#err-apiTimeZone', { hasText: /\S/ }).waitFor();
      assert.equal(await o.page.locator('#err-apiTimeZone').innerText(), 'The API time zone must be a known IANA time zone (e.g. UTC, Europe/Berlin).');
      assert.equal(await o.page.locator('#set-apiTimeZone').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#settings-status').innerText(), 'Not saved: see the message next to the field.');
      assert.equal(o.app.controller.view().settings.apiTimeZone, 'UTC', 'nothing saved');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('two quick edits of one field: only the answer to the last is shown, beside the value typed last', async () => {
    // The first answer comes late; main refuses the second (as it may for a reason the form cannot see).
    let calls = 0;
    const o = await open({
      wrap: (handlers) => ({
        ...handlers,
        'settings:update': async (p) => {
          const n = ++calls;
          if (n === 1) {
            await new Promise((r) => setTimeout(r, 400));
            return handlers['settings:update'](p);
          }
          return { ok: false, message: 'Not saved.', fields: { pollIntervalMinutes: 'must be a whole number from 1 to 60' } };
        },
      }),
    });
    try {
      await o.page.locator('#tab-settings').click();
      await commit(o.page, '#set-pollIntervalMinutes', '10');
      await commit(o.page, '#set-pollIntervalMinutes', '15');
      await o.page.locator('#err-pollIntervalMinutes', { hasText: /\S/ }).waitFor();
      assert.equal(await o.page.locator('#set-pollIntervalMinutes').inputValue(), '15', 'the value typed last stays beside its refusal');
      assert.equal(await o.page.locator('#err-pollIntervalMinutes').innerText(), 'The check interval must be a whole number from 1 to 60.');
      assert.equal(o.app.controller.view().settings.pollIntervalMinutes, 10, 'the first change was saved');
    } finally {
      await o.close();
    }
  });

  test('thresholds are kept in bytes: switching GB and GiB shows the same amount in the other unit and stores nothing new', async () => {
    const o = await open({ colorScheme: 'dark' });
    try {
      assert.match(await o.page.locator('#total-range').innerText(), / GB$/);
      await o.page.locator('#tab-settings').click();
      await commit(o.page, '#set-leftBelowBytes', '2');
      await until(() => o.app.controller.view().settings.alerts.leftBelowBytes === 2e9);
      await commit(o.page, '#set-dailyThreshold', '3');
      await until(() => o.app.controller.view().settings.alerts.dailyThresholdBytes === 3e9);
      const before = updates(o).length;
      await o.page.locator('input[name="units"][value="GiB"]').check();
      await until(() => o.app.controller.view().settings.units === 'GiB');
      await until(async () => (await o.page.locator('#set-leftBelowBytes').inputValue()) === '1.863');
      assert.equal(await o.page.locator('#set-dailyThreshold').inputValue(), '2.794', '3 GB = 2.794 GiB');
      assert.deepEqual(await o.page.locator('#shared-alerts .unit-name').allInnerTexts(), ['GiB', 'GiB', 'GiB'], 'the daily threshold, the amount left and the spike floor');
      assert.deepEqual(updates(o).slice(before).map((c) => c.payload), [{ units: 'GiB' }], 'only the unit was sent');
      const s = o.app.controller.view().settings;
      assert.equal(s.alerts.leftBelowBytes, 2e9, 'the stored bytes did not change');
      assert.equal(s.alerts.dailyThresholdBytes, 3e9);
      // Back to GB: the very same amounts.
      await o.page.locator('input[name="units"][value="GB"]').check();
      await until(async () => (await o.page.locator('#set-leftBelowBytes').inputValue()) === '2');
      assert.equal(await o.page.locator('#set-dailyThreshold').inputValue(), '3');
      assert.equal(o.app.controller.view().settings.alerts.leftBelowBytes, 2e9);
      // A threshold typed in GiB is stored as those bytes.
      await o.page.locator('input[name="units"][value="GiB"]').check();
      await until(() => o.app.controller.view().settings.units === 'GiB');
      await commit(o.page, '#set-dailyThreshold', '1');
      await until(() => o.app.controller.view().settings.alerts.dailyThresholdBytes === 1024 ** 3);
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
      // The fake API knows only the first key: the check is refused with the access triple, which
      // cannot tell a bad key from the rate limit, so storing it anyway is offered.
      await o.page.locator('#key-msg', { hasText: /^The key was not stored\. Proxy-Seller refused the request: the API key is wrong, this IP is not allowed, or the request limit was reached/ }).waitFor();
      assert.equal(await o.page.locator('#key-input').getAttribute('aria-invalid'), 'true');
      assert.equal(o.app.controller.view().key.last4, TEST_API_KEY.slice(-4), 'the stored key is untouched');
      await o.page.locator('#key-anyway').click();
      await o.page.locator('.key-stored', { hasText: '(…zyxw)' }).waitFor();
      const html = await o.page.content();
      assert.ok(!html.includes(other) && !html.includes(TEST_API_KEY), 'no key in the page');
      // Stored unchecked: the test says what went wrong.
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
