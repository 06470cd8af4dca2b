// The window's error banners in real Chromium: each says what went wrong and what to do, offers the
// right button, and leaves the last good figures on screen. Faults come from the fake API over HTTP
// through the real controller; the transport fault (retried for seconds by the client) and nothing
// else is pushed as a view built from the real one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_API_KEY, type AppUnderTest } from './harness/app-under-test.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { toProblem } from '../src/core/api/errors.js';
import { networkFault } from '../src/core/api/network-fault.js';
import { rateLimitedUntilText } from '../src/shared/rate-limit.js';
import { EXTERNAL_LINKS } from '../src/main/ipc/handlers.js';
import type { Scenario } from './fake-api/server.js';
import { assertHealthy, figuresReady, openApp, type OpenOptions, type OpenedApp } from './harness/app-window.js';
import { waitUntil } from './support/wait.js';


let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

const open = (options: OpenOptions = {}): Promise<OpenedApp> => openApp(h, options);
const ready = figuresReady;



/** Makes every request fail this way, refreshes from the window, and returns the problem banner. */
async function failWith(app: AppUnderTest, page: Page, scenario: Scenario) {
  app.api.setScenario(scenario);
  await page.locator('#refresh:enabled').waitFor();
  await page.locator('#refresh').click();
  await page.locator('#refresh:enabled').waitFor();
  const banner = page.locator('[data-banner="problem"]');
  await banner.waitFor();
  return banner;
}

/** Polls a Node-side condition (the page's IPC calls answer asynchronously). */
const until = (cond: () => boolean, ms = 3000): Promise<true> => waitUntil('a Node-side condition', cond, ms);


describe('error banners', () => {
  test('access triple and IP not allowed: the cause (with the IP), what to do, and a button to the API settings', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const today = await o.page.locator('#total-today').innerText();

      const triple = await failWith(o.app, o.page, { kind: 'access-triple' });
      assert.equal(await triple.getAttribute('role'), 'alert');
      const tripleText = await triple.innerText();
      assert.match(tripleText, /the API key is wrong, this IP is not allowed, or the request limit was reached/);
      assert.match(tripleText, /Check the API key, add this IP to the allowed list/);
      await triple.locator('button', { hasText: 'Open API settings' }).click();
      await until(() => o.app.opened.length === 1);
      assert.deepEqual(o.app.opened, [EXTERNAL_LINKS['api-settings']]);
      await triple.locator('button', { hasText: 'Check the key' }).click();
      assert.equal(await o.page.locator('#tab-settings').getAttribute('aria-selected'), 'true');
      await o.page.locator('#tab-overview').click();
      assert.equal(await o.page.locator('#total-today').innerText(), today, 'the last good figures stay');
      assert.equal(await o.page.locator('#stale-badge').isVisible(), true);

      const ip = await failWith(o.app, o.page, { kind: 'ip-not-allowed', ip: '203.0.113.7' });
      await ip.locator('strong', { hasText: 'IP 203.0.113.7 is not allowed: add it in your Proxy-Seller API settings (allowed IPs).' }).waitFor();
      assert.equal(await o.page.locator('[data-banner="problem"]').count(), 1, 'one problem banner at a time');
      await screenshot(o.page, 'error-ip-light');
      await ip.locator('button', { hasText: 'Open API settings' }).click();
      await until(() => o.app.opened.length === 2);
      assert.deepEqual(o.app.opened, [EXTERNAL_LINKS['api-settings'], EXTERNAL_LINKS['api-settings']]);
      assert.equal(await o.page.locator('#total-today').innerText(), today);

      // Fixed on the API side: the next refresh clears the banner.
      o.app.api.reset();
      await o.page.locator('#refresh').click();
      await o.page.locator('[data-banner="problem"]').waitFor({ state: 'detached' });
      assert.equal(await o.page.locator('#stale-badge').isVisible(), false);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('no package, rate limit and transport: each with its message and remedy', async () => {
    const o = await open({ colorScheme: 'dark' });
    try {
      await ready(o.page);
      const today = await o.page.locator('#total-today').innerText();

      const none = await failWith(o.app, o.page, { kind: 'tarif-not-found' });
      await none.locator('strong', { hasText: 'This account has no residential proxy package.' }).waitFor();
      assert.match(await none.innerText(), /Buy or renew a residential package on proxy-seller\.com\./);
      await screenshot(o.page, 'error-no-package-dark');
      await none.locator('button', { hasText: 'Open proxy-seller.com' }).click();
      await until(() => o.app.opened.length === 1);
      assert.deepEqual(o.app.opened, [EXTERNAL_LINKS['proxy-seller']]);

      // A Retry-After beyond a minute is not waited out by the client: the banner says how long.
      const rate = await failWith(o.app, o.page, { kind: 'rate-limit-429', retryAfter: 120 });
      await rate.locator('strong', { hasText: 'Proxy-Seller rate limit reached.' }).waitFor();
      assert.match(await rate.innerText(), /Wait 120 s and try again\./);
      assert.equal(await rate.getAttribute('role'), 'status', 'a passing fault is not an alert');
      assert.match((await rate.getAttribute('class')) ?? '', /banner-warning/);
      assert.equal(await o.page.locator('#total-today').innerText(), today);

      // Connection refused (the client retries for seconds, so the view main would push is pushed
      // directly): plain words in the banner, the next try's time, and ECONNREFUSED only behind "Details".
      const v = o.app.controller.view();
      const problem = toProblem(networkFault(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })));
      const nextCheckAt = Date.parse('2026-11-26T13:47:00Z');
      await o.w.emit('app:view-changed', { ...v, nextCheckAt, snapshot: { ...v.snapshot, stale: true, problem } });
      const refused = o.page.locator('[data-banner="problem"]');
      await refused.locator('strong', { hasText: 'Proxy-Seller could not be reached; trying again at 14:47.' }).waitFor();
      assert.match(await refused.innerText(), /Check your internet connection \(and any proxy or firewall\)\./);
      assert.doesNotMatch(await refused.innerText(), /ECONNREFUSED/, 'the code is not in the banner while the details are closed');
      await refused.locator('details > summary', { hasText: 'Details' }).click();
      await refused.locator('details p', { hasText: 'ECONNREFUSED' }).waitFor();
      assert.equal(await refused.locator('details p').innerText(), 'Proxy-Seller refused the connection (ECONNREFUSED).');
      await screenshot(o.page, 'error-refused-details-dark');
      // Offline explains a failed connection already: no second banner for it.
      await o.w.emit('app:view-changed', { ...v, online: false, snapshot: { ...v.snapshot, stale: true, problem } });
      await o.page.locator('[data-banner="offline"]').waitFor();
      assert.equal(await o.page.locator('[data-banner="problem"]').count(), 0);
      assert.equal(await o.page.locator('#total-today').innerText(), today);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a rate limit of hours: the banner says until when, as the tray does; a good sync clears it', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const today = await o.page.locator('#total-today').innerText();
      const answered = o.app.now();
      const rate = await failWith(o.app, o.page, { kind: 'rate-limit-429', retryAfter: 7200 });
      const until = rateLimitedUntilText(answered + 7_200_000, answered, 'Europe/Berlin');
      assert.match(until, /^Rate limited until (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}$/);
      await rate.locator('strong', { hasText: `${until}.` }).waitFor();
      assert.match(await rate.innerText(), /polling resumes by itself then/);
      assert.doesNotMatch(await rate.innerText(), /7200 s/);
      assert.equal(await rate.getAttribute('role'), 'status', 'a passing fault is not an alert');
      assert.equal(o.app.controller.view().snapshot.problem?.retryAt, answered + 7_200_000);
      assert.equal(await o.page.locator('#total-today').innerText(), today, 'the last good figures stay');
      o.app.api.reset();
      await o.page.locator('#refresh').click();
      await o.page.locator('[data-banner="problem"]').waitFor({ state: 'detached' });
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  for (const [keychain, advice] of [
    ['broken', /Start or unlock your keychain \(on Linux: gnome-keyring or another Secret Service\)/],
    ['locked', /Unlock it \(GNOME: Passwords and Keys; macOS: Keychain Access\); without a desktop session: .*gnome-keyring-daemon --replace --unlock/],
  ] as const) {
    test(`keychain ${keychain}: a banner says so and what to do, never the welcome; in Settings the key field is disabled, saying why and the one thing to do`, async () => {
      const o = await open({ keychain, withKey: false });
      try {
        const banner = o.page.locator('[data-banner="keychain"], [data-banner="problem"]').first();
        await banner.waitFor();
        const reason = o.app.controller.view().key.keychainError;
        assert.ok(reason, 'main reports the keychain as unusable');
        if (keychain === 'locked') assert.match(reason, /^The system keychain is locked/);
        const text = await o.page.locator('#banners').innerText();
        assert.ok(text.includes(reason), 'main’s reason is in a banner');
        assert.match(text, advice);
        assert.equal(await o.page.locator('#welcome').isVisible(), false, 'a key may be stored: this is not a first run');
        assert.doesNotMatch(text, /No API key is set/);
        await screenshot(o.page, `keychain-${keychain}-light`);
        // The key section in Settings: plain words, the one thing to do, and the field disabled
        // saying why (nothing typed there could be saved).
        await o.page.locator('#tab-settings').click();
        const why = o.page.locator('#keychain-why');
        await why.waitFor();
        assert.equal(
          await why.locator('.keychain-why').innerText(),
          keychain === 'locked' ? 'The system keychain is locked, so the key can be neither read nor saved.' : 'The system keychain is not available, so the key can be neither read nor saved.',
        );
        assert.equal(
          await why.locator('.keychain-remedy strong').innerText(),
          keychain === 'locked'
            ? 'Unlock it (GNOME: Passwords and Keys; macOS: Keychain Access), then press Check again.'
            : 'Start or unlock your keychain (on Linux: gnome-keyring or another Secret Service). Then press Check again.',
        );
        assert.ok((await why.locator('details').textContent())?.includes(reason), 'main’s reason is under Details');
        // The Accounts section does not say "no key stored" of a key it cannot read.
        assert.equal(
          await o.page.locator('#accounts-section .account-key').first().innerText(),
          keychain === 'locked' ? 'keychain locked: unlock it to use this key' : 'keychain unavailable: its key cannot be read',
        );
        const input = o.page.locator('#key-input');
        assert.equal(await input.isDisabled(), true, 'the key field is disabled');
        assert.equal(await o.page.locator('#key-section button[type="submit"]').isDisabled(), true);
        assert.ok(((await input.getAttribute('aria-describedby')) ?? '').split(' ').includes('keychain-why'), 'the field points at why');
        // Check again looks at the keychain again (still broken here: the words stay).
        await why.locator('button', { hasText: 'Check again' }).click();
        await why.locator('button:enabled', { hasText: 'Check again' }).waitFor();
        assert.equal(await input.isDisabled(), true);
        assert.ok(!(await o.page.content()).includes(TEST_API_KEY));
        assert.equal(o.app.api.requests.length, 0, 'no request without a key');
        assertHealthy(o.w);
      } finally {
        await o.close();
      }
    });
  }
});
