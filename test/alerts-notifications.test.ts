// Notifications against the Electron stand-in: what each platform is given (buttons on macOS and
// Windows, a click only on Linux), where a click and each button lead ("Top up" opens the
// allow-listed link through openExternalSafely), the test notification; then the BUILT app: a
// package used up at the fake API notifies "Traffic used up", and its click opens the window on the
// package; Settings' "Send a test notification" shows a real one, or says the system has none.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Alert } from '../src/core/alerts/rules.js';
import type { View } from '../src/shared/ipc.js';
import { EXTERNAL_LINKS } from '../src/main/ipc/handlers.js';
import { NOT_SUPPORTED, OPEN_DETAILS, TEST_TITLE, TITLE_MAX, TOP_UP } from '../src/main/notification-text.js';
import { standin } from './electron-standin/electron.js';
import { launchStandinBrowser, registerStandin, runMain } from './electron-standin/run-main.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { waitUntil } from './support/wait.js';

// src/main/notifications.ts imports 'electron': resolved to the stand-in from here on.
registerStandin();
const { createNotifier } = await import('../src/main/notifications.js');
const { openExternalSafely } = await import('../src/main/window/details-window.js');

const USED_UP: Alert = { id: 'used-up', title: 'Traffic used up', body: '0 B left of 50.00 GB.', view: 'package', urgency: 'critical' };
const DAILY: Alert = { id: 'daily-threshold', title: 'Daily traffic threshold passed', body: 'Today: 6.00 GB', view: 'today', urgency: 'normal' };

function notifierOn(platform: NodeJS.Platform) {
  const opened: View[] = [];
  const openedAt: Array<[View, string | undefined]> = [];
  const errors: string[] = [];
  const notifier = createNotifier({
    platform,
    open: (v, packageId) => {
      opened.push(v);
      openedAt.push([v, packageId]);
    },
    openExternal: openExternalSafely,
    onError: (m) => errors.push(m),
  });
  return { notifier, opened, openedAt, errors };
}

function fresh(): void {
  standin.notifications.length = 0;
  standin.openedExternally.length = 0;
  standin.notificationsSupported = true;
}

describe('notifications and their buttons', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    test(`${platform}: "Open details" opens the view the alert is about; "Top up" opens the allow-listed top-up link`, async () => {
      fresh();
      const { notifier, opened, errors } = notifierOn(platform);
      notifier.show(USED_UP);
      const [shown] = standin.notifications;
      assert.deepEqual(shown?.options.actions, [
        { type: 'button', text: OPEN_DETAILS },
        { type: 'button', text: TOP_UP },
      ]);
      assert.equal(shown?.options.title, 'Traffic used up');
      shown?.action(1);
      await waitUntil('the link to open', () => standin.openedExternally.length > 0);
      assert.deepEqual(standin.openedExternally, [EXTERNAL_LINKS['top-up']]);
      assert.match(EXTERNAL_LINKS['top-up'], /^https:\/\/proxy-seller\.com\//, 'kept on proxy-seller.com');
      assert.deepEqual(opened, []);
      notifier.show(USED_UP);
      standin.notifications[1]?.action(0);
      assert.deepEqual(opened, ['package']);
      standin.notifications[1]?.click();
      assert.deepEqual(opened, ['package', 'package'], 'a click on the body opens the same view');
      assert.deepEqual(errors, []);
    });
  }

  test('an alert that is not about the traffic left gets "Open details" only', () => {
    fresh();
    const { notifier, opened } = notifierOn('darwin');
    notifier.show(DAILY);
    assert.deepEqual(standin.notifications[0]?.options.actions, [{ type: 'button', text: OPEN_DETAILS }]);
    standin.notifications[0]?.action(0);
    assert.deepEqual(opened, ['today']);
  });

  test('Linux: no buttons, a click opens the view', () => {
    fresh();
    const { notifier, opened } = notifierOn('linux');
    notifier.show(USED_UP);
    const [shown] = standin.notifications;
    assert.equal(shown?.options.actions, undefined);
    assert.equal(shown?.options.urgency, 'critical');
    shown?.click();
    assert.deepEqual(opened, ['package']);
  });

  test('a list title is shown as written: escaped on Linux, where the body is markup; as is on macOS and Windows; never in the summary', () => {
    const spike: Alert = { id: 'spike', title: 'Traffic spike on R&D <b>x</b>', body: 'R&D <b>x</b> (437e…) used 2.30 GB', view: 'today', urgency: 'normal' };
    fresh();
    notifierOn('linux').notifier.show(spike);
    assert.equal(standin.notifications[0]?.options.body, 'R&amp;D &lt;b&gt;x&lt;/b&gt; (437e…) used 2.30 GB');
    assert.equal(standin.notifications[0]?.options.title, 'Traffic spike on R&D <b>x</b>');
    for (const platform of ['darwin', 'win32'] as const) {
      fresh();
      notifierOn(platform).notifier.show(spike);
      assert.equal(standin.notifications[0]?.options.body, spike.body, platform);
    }
  });

  test('the renewal alert offers "Top up", which opens the top-up page', async () => {
    fresh();
    const { notifier, opened } = notifierOn('darwin');
    notifier.show({ id: 'renewal-short', title: 'Balance too low for the auto-renewal in 2 days', body: 'Auto-renewal on Dec 17 needs $110.00; balance $12.40, short by $97.60.', view: 'package', urgency: 'normal' });
    assert.deepEqual(standin.notifications[0]?.options.actions?.map((a) => a.text), [OPEN_DETAILS, TOP_UP]);
    standin.notifications[0]?.action(1);
    await waitUntil('the link to open', () => standin.openedExternally.length > 0);
    assert.deepEqual(standin.openedExternally, [EXTERNAL_LINKS['top-up']]);
    assert.deepEqual(opened, []);
  });

  test('the test notification is a real one through the same path, opening Settings; without support it says so and shows nothing', () => {
    fresh();
    const { notifier, opened } = notifierOn('linux');
    const result = notifier.test();
    assert.equal(result.shown, true);
    assert.equal(standin.notifications[0]?.options.title, TEST_TITLE);
    standin.notifications[0]?.click();
    assert.deepEqual(opened, ['settings']);
    standin.notificationsSupported = false;
    assert.deepEqual(notifier.test(), { shown: false, message: NOT_SUPPORTED });
    notifier.show(USED_UP);
    assert.equal(standin.notifications.length, 1, 'nothing more was shown');
  });
});

describe('alerts named by their package (several accounts and sub-packages)', () => {
  // Every alert kind's title as the rules word it, with the label the controller puts in front.
  const KINDS: Array<Pick<Alert, 'id' | 'title' | 'view'>> = [
    { id: 'access-denied', title: 'Proxy-Seller refused access', view: 'settings' },
    { id: 'ip-not-allowed', title: 'This IP is not allowed', view: 'settings' },
    { id: 'no-package', title: 'No residential package', view: 'package' },
    { id: 'keychain-unavailable', title: 'Keychain unavailable', view: 'settings' },
    { id: 'rate-limited-long', title: 'Proxy-Seller rate limit', view: 'today' },
    { id: 'daily-threshold', title: 'Daily traffic threshold passed', view: 'today' },
    { id: 'left-bytes', title: 'Proxy traffic running low', view: 'package' },
    { id: 'expires-soon', title: 'Proxy package expires soon', view: 'package' },
    { id: 'renewed', title: 'Proxy package renewed', view: 'package' },
    { id: 'used-up', title: 'Traffic used up', view: 'package' },
    { id: 'expired', title: 'Package expired', view: 'package' },
    { id: 'pace', title: 'Traffic runs out before the package expires', view: 'package' },
    { id: 'renewal-short', title: 'Balance too low for the auto-renewal in 2 days', view: 'package' },
    { id: 'spike', title: 'Traffic spike on Client A scraper', view: 'today' },
  ];
  const LABEL = 'Reseller · Client B';

  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    test(`${platform}: every kind reads "${LABEL}: <title>" on one line, and a click opens the window on its view at that package`, () => {
      fresh();
      const { notifier, openedAt } = notifierOn(platform);
      for (const k of KINDS) notifier.show({ ...k, title: `${LABEL}: ${k.title}`, body: `${k.title}.`, urgency: 'normal', packageId: 'reseller/cb' });
      assert.deepEqual(
        standin.notifications.map((n) => n.options.title),
        KINDS.map((k) => `${LABEL}: ${k.title}`),
      );
      for (const n of standin.notifications) {
        assert.ok((n.options.title ?? '').length <= TITLE_MAX && !/\n/.test(n.options.title ?? ''));
        n.click();
      }
      assert.deepEqual(
        openedAt,
        KINDS.map((k) => [k.view, 'reseller/cb']),
      );
      if (platform !== 'linux') {
        standin.notifications[0]?.action(0);
        assert.deepEqual(openedAt.at(-1), ['settings', 'reseller/cb'], '"Open details" opens at the package too');
      }
    });
  }

  test('a name with a newline cannot split the title, and a very long one is clipped, never the body', () => {
    fresh();
    const { notifier, openedAt } = notifierOn('linux');
    notifier.show({ ...USED_UP, title: 'Reseller · Client\nB: Traffic used up', packageId: 'reseller/cb' });
    notifier.show({ ...USED_UP, title: `${'Long name '.repeat(12)}: Traffic used up` });
    assert.equal(standin.notifications[0]?.options.title, 'Reseller · Client B: Traffic used up');
    const long = standin.notifications[1]?.options.title ?? '';
    assert.ok(long.length <= TITLE_MAX && long.endsWith('…'), long);
    assert.equal(standin.notifications[1]?.options.body, USED_UP.body);
    standin.notifications[1]?.click();
    assert.deepEqual(openedAt, [['package', undefined]], 'an alert of the only package opens the view alone');
  });
});

describe('the built app: a used-up package, and the test button', () => {
  const KEY = 'alerts-KEY-0123456789abcdef';
  let browser: Browser;
  let api: FakeApi;
  const frozenAt = Date.now();

  before(async () => {
    browser = await launchStandinBrowser();
    // 1 MB of limit: the fake's traffic has used it all.
    api = await startFakeApi({ apiKey: KEY, now: () => frozenAt, logins: ['alpha-list'], package: { limitBytes: 1_000_000 } });
  });
  after(async () => {
    await api?.close();
    await browser?.close();
    standin.notificationsSupported = true;
  });

  test('"Traffic used up" is notified once; its click opens the window on the package', async () => {
    fresh();
    const run = await runMain({ browser, apiKey: KEY, env: { PROXY_SELLER_API_URL: api.baseUrl() } });
    try {
      const shown = await waitUntil('the used-up notification', () => standin.notifications.find((n) => n.options.title === 'Traffic used up'));
      assert.match(shown.options.body ?? '', /^0 B left of 1\.0 MB \(over the limit by .+\)\. The proxies stop working until you top up\.$/);
      assert.equal(shown.options.urgency, 'critical');
      assert.equal(shown.options.actions, undefined, 'Linux: a click only');
      assert.equal(standin.notifications.filter((n) => /running low/i.test(n.options.title ?? '')).length, 0, 'never "running low" at 0 B left');
      assert.equal(standin.windows.length, 0, 'no window until asked');
      shown.click();
      const page = await run.page();
      await page.locator('#panel-overview').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#tab-overview').getAttribute('aria-selected'), 'true');
      await page.locator('#package-card').waitFor({ state: 'visible' });
      assert.ok(await page.locator('#package-card').isVisible());
      assert.equal(standin.notifications.filter((n) => n.options.title === 'Traffic used up').length, 1, 'once');

      // Settings' button: a real notification through the alerts' path, and the answer beside it.
      await page.locator('#tab-settings').click();
      await page.locator('#test-notification').click();
      await page.locator('#test-notification-status', { hasText: /^Sent\./ }).waitFor();
      const test = standin.notifications.find((n) => n.options.title === TEST_TITLE);
      assert.ok(test, 'the test notification was shown');
      test.click();
      await page.locator('#panel-settings').waitFor({ state: 'visible' });

      standin.notificationsSupported = false;
      await page.locator('#test-notification').click();
      await page.locator('#test-notification-status', { hasText: NOT_SUPPORTED }).waitFor();
      assert.match((await page.locator('#test-notification-status').getAttribute('class')) ?? '', /form-status-bad/);
      assert.deepEqual(standin.problems, []);
      assert.deepEqual(run.window().webContents.pageProblems, []);
    } finally {
      await run.close();
    }
  });
});
