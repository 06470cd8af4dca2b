// The details window's Overview in real Chromium, behind the real preload, IPC handler table and
// controller, against the fake API over HTTP: first run, the key, the chart, filter, refresh, states.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_API_KEY, type AppUnderTest } from './harness/app-under-test.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { waitUntil } from './support/wait.js';
import { AT, ZONE, assertHealthy, figuresReady, openApp, type OpenOptions, type OpenedApp } from './harness/app-window.js';
import { addDays, localDateOf, localTimeOf } from '../src/shared/local-dates.js';
import { formatBytes } from '../src/shared/bytes.js';
import { PACKAGE_PERIOD_MS } from './fake-api/server.js';

/** 12:30 in Berlin: half a day of traffic today, deterministic figures. */
const TODAY = localDateOf(AT, ZONE);

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

const open = (options: OpenOptions = {}): Promise<OpenedApp> => openApp(h, options);
const ready = figuresReady;
const until = (cond: () => boolean, ms = 4000): Promise<true> => waitUntil('a Node-side condition', cond, ms);




type Cell = { getAttribute(name: string): string | null; textContent: string | null; querySelector(s: string): Cell | null };

/** en-US, as the harness's Chromium runs: the window writes dates in the user's locale. */
const usDate = (date: string): string => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;

/** The text alternative's table: header names, rows of [label, start (its <time datetime>), ...bytes], and the footer's bytes (costs left out). */
async function readTable(page: Page): Promise<{ head: string[]; rows: Array<{ label: string; start: string; bytes: number[] }>; foot: number[] }> {
  const details = page.locator('details.chart-table');
  if ((await details.getAttribute('open')) === null) await page.locator('details.chart-table > summary').click();
  // The table is built on the details' toggle event, which fires after the click returns.
  await page.locator('#chart-table thead th').first().waitFor();
  const head = (await page.locator('#chart-table thead th').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  const rows = await page.locator('#chart-table tbody tr').evaluateAll((trs) =>
    (trs as unknown as Array<{ children: ArrayLike<Cell> }>).map((tr) => {
      const cells = Array.from(tr.children);
      const bytes = cells.slice(1).filter((c) => c.getAttribute('data-bytes') !== null);
      return { label: cells[0]?.textContent ?? '', start: cells[0]?.querySelector('time')?.getAttribute('datetime') ?? '', bytes: bytes.map((c) => Number(c.getAttribute('data-bytes'))) };
    }),
  );
  const foot = await page.locator('#chart-table tfoot td[data-bytes]').evaluateAll((tds) => (tds as unknown as Cell[]).map((c) => Number(c.getAttribute('data-bytes'))));
  return { head, rows, foot };
}

function sumTraffic(app: AppUnderTest, from: string, to: string, login?: string): number {
  const start = localDayBounds(from, ZONE).start;
  const end = localDayBounds(to, ZONE).end;
  return app.api.trafficBetween(start, end, login).reduce((a, s) => a + s.bytes, 0);
}


describe('first run', () => {
  test('without a key: the welcome asks for it and nothing is sent to the API', async () => {
    const o = await open({ withKey: false });
    try {
      await o.page.locator('#welcome').waitFor({ state: 'visible' });
      assert.equal(await o.page.locator('#welcome-key').getAttribute('type'), 'password');
      assert.equal(await o.page.locator('#welcome-key').getAttribute('autocomplete'), 'off');
      const text = await o.page.locator('#welcome').innerText();
      assert.match(text, /proxy-seller\.com → Profile → API/);
      assert.match(text, /allow this computer's IP/);
      assert.equal(await o.page.locator('#overview-content').isVisible(), false);
      // The welcome already asks for the key: no duplicate "no key" banner on Overview.
      assert.equal(await o.page.locator('[data-banner="problem"]').count(), 0);
      await screenshot(o.page, 'welcome-light');
      assert.equal(o.app.api.requests.length, 0);
      assert.equal(o.w.calls.filter((c) => c.channel === 'traffic:get-series').length, 0);
      // Elsewhere (Settings), the banner says what is missing.
      await o.page.locator('#tab-settings').click();
      await o.page.locator('[data-banner="problem"]', { hasText: 'No API key' }).waitFor();
      assert.equal(o.app.api.requests.length, 0);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('entering a key: the welcome goes, figures appear, and the key is nowhere in the page', async () => {
    const o = await open({ withKey: false, colorScheme: 'dark' });
    try {
      await o.page.locator('#welcome').waitFor({ state: 'visible' });
      await screenshot(o.page, 'welcome-dark');
      // An empty key is caught here, with the message next to the field.
      await o.page.locator('#welcome-form button[type="submit"]').click();
      await o.page.locator('#welcome-key-msg', { hasText: 'Paste your API key first.' }).waitFor();
      assert.equal(await o.page.locator('#welcome-key').getAttribute('aria-invalid'), 'true');

      await o.page.locator('#welcome-key').fill(TEST_API_KEY);
      await o.page.locator('#welcome-form button[type="submit"]').click();
      await o.page.locator('#welcome').waitFor({ state: 'hidden' });
      await ready(o.page);
      assert.notEqual(await o.page.locator('#total-today').innerText(), '–');
      assert.ok(o.app.api.requests.length > 0, 'the fake API was asked');
      assert.equal(await o.page.locator('#welcome-key').inputValue(), '');
      await o.page.locator('#tab-settings').click();
      await o.page.locator('.key-stored', { hasText: `A key is stored (…${TEST_API_KEY.slice(-4)})` }).waitFor();
      const html = await o.page.content();
      assert.ok(!html.includes(TEST_API_KEY), 'the key is not in the DOM');
      assert.ok(!html.includes(TEST_API_KEY.slice(0, 12)), 'nor a part of it');
      const setKey = o.w.calls.find((c) => c.channel === 'key:set');
      assert.deepEqual(setKey?.payload, { apiKey: TEST_API_KEY, check: true }, 'checked with the API before it is stored');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a refused key stays on the welcome with its reason; "Store anyway" only where the check could not tell', async () => {
    const o = await open({ withKey: false });
    try {
      await o.page.locator('#welcome').waitFor({ state: 'visible' });
      const message = o.page.locator('#welcome-key-msg');
      const anyway = o.page.locator('#welcome-anyway');
      // IP not allowed is certain: the IP and the remedy, nothing stored, nothing else offered.
      o.app.api.setScenario({ kind: 'ip-not-allowed', ip: '203.0.113.7' });
      await o.page.locator('#welcome-key').fill(TEST_API_KEY);
      await o.page.locator('#welcome-form button[type="submit"]').click();
      await message.filter({ hasText: /not stored/ }).waitFor();
      assert.equal(await message.innerText(), 'The key was not stored. IP 203.0.113.7 is not allowed to use this API key. Add 203.0.113.7 in your Proxy-Seller API settings (allowed IPs).');
      assert.equal(await anyway.isVisible(), false);
      assert.equal(await o.page.locator('#welcome-key').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#welcome-key').inputValue(), TEST_API_KEY, 'the key stays in the field to try again');
      assert.equal(o.app.controller.view().key.stored, false);
      // No package: the key works; it may be stored anyway.
      o.app.api.setScenario({ kind: 'tarif-not-found' });
      await o.page.locator('#welcome-form button[type="submit"]').click();
      await message.filter({ hasText: 'The key works, but this account has no residential proxy package.' }).waitFor();
      await anyway.waitFor({ state: 'visible' });
      // The access triple: the three possibilities named, store anyway offered for that key only.
      o.app.api.setScenario({ kind: 'access-triple' });
      await o.page.locator('#welcome-form button[type="submit"]').click();
      await message.filter({ hasText: /the API key is wrong, this IP is not allowed, or the request limit was reached/ }).waitFor();
      await anyway.waitFor({ state: 'visible' });
      await screenshot(o.page, 'welcome-refused-light');
      await o.page.locator('#welcome-key').press('End');
      await o.page.locator('#welcome-key').pressSequentially('x');
      assert.equal(await anyway.isVisible(), false, 'another key withdraws the offer');
      await o.page.locator('#welcome-key').fill(TEST_API_KEY);
      await o.page.locator('#welcome-form button[type="submit"]').click();
      await anyway.waitFor({ state: 'visible' });
      assert.equal(o.app.controller.view().key.stored, false);
      await anyway.click();
      await until(() => o.app.controller.view().key.stored);
      assert.deepEqual(o.w.calls.filter((c) => c.channel === 'key:set').at(-1)?.payload, { apiKey: TEST_API_KEY, check: false });
      assert.ok(!(await o.page.content()).includes(TEST_API_KEY));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('during the first sync the window says it is fetching, never that there is no key (a slow API)', async () => {
    const o = await open({ withKey: false });
    try {
      await o.page.locator('#welcome').waitFor({ state: 'visible' });
      // Watch the whole window from here on: every change of the page is looked at.
      // (A string: tsx would wrap a named function in a helper the page does not have.)
      await o.page.evaluate(`(() => {
        window.__seen = { noKey: [], fetching: false };
        const shown = (id) => { const e = document.getElementById(id); return e !== null && !e.hidden; };
        const look = () => {
          const keyForm = shown('welcome') && shown('welcome-key-stage');
          const banners = document.getElementById('banners').innerText;
          if (!keyForm && /No API key/i.test(banners)) window.__seen.noKey.push(banners);
          if (shown('welcome') && shown('welcome-fetching')) window.__seen.fetching = true;
        };
        new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      })()`);
      // The package answers at once (the key check), the hours slowly: the first sync takes seconds.
      o.app.api.setScenario({ kind: 'slow', endpoint: 'details', delayMs: 1200 });
      await o.page.locator('#welcome-key').fill(TEST_API_KEY);
      await o.page.locator('#welcome-form button[type="submit"]').click();
      const fetching = o.page.locator('#welcome-fetching');
      await fetching.waitFor({ state: 'visible' });
      assert.match(await fetching.innerText(), /^Fetching your traffic from Proxy-Seller… The first sync reads the last month/);
      assert.equal(await fetching.getAttribute('role'), 'status');
      assert.equal(await o.page.locator('#welcome-key-stage').isVisible(), false, 'the key is in: no key form');
      assert.equal(await o.page.locator('[data-banner="problem"]').count(), 0);
      assert.equal(o.app.controller.view().snapshot.lastSuccessAt, null, 'still the first sync');
      await screenshot(o.page, 'first-sync-light');
      await ready(o.page);
      assert.equal(await o.page.locator('#welcome').isVisible(), false);
      const seen = (await o.page.evaluate(() => (globalThis as unknown as { __seen: { noKey: string[]; fetching: boolean } }).__seen));
      assert.deepEqual(seen.noKey, [], 'no "No API key" at any moment of the first sync');
      assert.equal(seen.fetching, true);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('launch at login is offered on the welcome and saved as it is ticked', async () => {
    const o = await open({ withKey: false });
    try {
      const box = o.page.locator('#welcome-launchAtLogin');
      await box.waitFor({ state: 'visible' });
      assert.equal(await box.isChecked(), false, 'off by default');
      assert.equal(await o.page.locator('label[for="welcome-launchAtLogin"]').innerText(), 'Start Proxy-Seller Traffic Tray when I log in');
      await box.check();
      await until(() => o.app.controller.view().settings.launchAtLogin);
      assert.deepEqual(o.w.calls.filter((c) => c.channel === 'settings:update').map((c) => c.payload), [{ launchAtLogin: true }]);
      await o.page.locator('#tab-settings').click();
      assert.equal(await o.page.locator('#set-launchAtLogin').isChecked(), true, 'Settings shows the same setting');
      await o.page.locator('#set-launchAtLogin').uncheck();
      await until(() => !o.app.controller.view().settings.launchAtLogin);
      await o.page.locator('#tab-overview').click();
      assert.equal(await box.isChecked(), false);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('overview', () => {
  test('today: hourly bars whose table matches the fake API, totals, the package, and the theme switch', async () => {
    const o = await open();
    try {
      await ready(o.page);
      await o.page.locator('button[data-preset="today"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Today, all logins: .+ in 13 hours so far from 3 logins\. Busiest hour: / }).waitFor();
      const { head, rows, foot } = await readTable(o.page);
      assert.deepEqual(head, ['Hour (local)', 'Main scraper alpha-list', 'Price monitor DE beta-list', 'Ads check US gamma-list', 'Total', 'Cost']);
      assert.equal(rows.length, 24);
      assert.equal(rows[0]?.label, `${usDate(TODAY)}, 12:00 AM`);
      assert.equal(rows[0]?.start, new Date(localDayBounds(TODAY, ZONE).start).toISOString());
      assert.equal(rows[12]?.label, `${usDate(TODAY)}, 12:00 PM (so far)`, 'the hour under way is marked');
      assert.equal(rows[23]?.label, `${usDate(TODAY)}, 11:00 PM`);
      const expected = sumTraffic(o.app, TODAY, TODAY);
      assert.ok(expected > 0);
      assert.equal(foot[foot.length - 1], expected, 'grand total = the fake API’s traffic today');
      for (const [i, login] of ['alpha-list', 'beta-list', 'gamma-list'].entries()) {
        assert.equal(foot[i], sumTraffic(o.app, TODAY, TODAY, login), `${login} total`);
      }
      // Each hour's row total is the sum of its logins.
      for (const r of rows) assert.equal(r.bytes[3], (r.bytes[0] ?? 0) + (r.bytes[1] ?? 0) + (r.bytes[2] ?? 0));
      // No traffic after 12:30 (the clock): hours 13..23 are empty.
      assert.ok(rows.slice(13).every((r) => r.bytes[3] === 0));

      // Totals and the package card.
      const meter = o.page.locator('[role="meter"]');
      assert.equal(await meter.getAttribute('aria-valuemin'), '0');
      assert.equal(await meter.getAttribute('aria-valuemax'), '100');
      const pkg = o.app.controller.view().snapshot.package;
      assert.ok(pkg);
      assert.equal(Number(await meter.getAttribute('aria-valuenow')), Math.floor((pkg.leftBytes / pkg.limitBytes) * 1000) / 10, 'the meter shows what is left');
      assert.match((await meter.getAttribute('aria-valuetext')) ?? '', /^.+ GB left \([\d.]+ %\); .+ GB of 50\.00 GB used \([\d.]+ %\)$/);
      assert.match(await o.page.locator('.forecast').innerText(), /^(Runs out in \d+ days, [A-Z][a-z]{2} \d+, at .+\/day\.|Lasts past expiry at .+\/day: .+ will expire unused\.)$/);
      assert.match(await o.page.locator('.package-expiry').innerText(), /^Expires [A-Z][a-z]{2} \d+, \d{2}:\d{2} \(in \d+ days\)/);
      assert.equal(await o.page.locator('#stale-badge').isVisible(), false);
      await screenshot(o.page, 'overview-light');

      // Theme: follows the system; the chart rereads its colours and is redrawn.
      const count = (rgb: [number, number, number]) =>
        o.page.evaluate(([r, g, b]) => {
          type Canvas = { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
          const c = (globalThis as unknown as { document: { querySelector(s: string): Canvas } }).document.querySelector('#chart');
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
          return n;
        }, rgb);
      const lightSeries1: [number, number, number] = [0x2f, 0x6f, 0xd0];
      const darkSeries1: [number, number, number] = [0x5b, 0x9b, 0xff];
      const bg = () => o.page.evaluate(() => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown } };
        return g.getComputedStyle(g.document.body).backgroundColor;
      });
      assert.equal(await bg(), 'rgb(245, 246, 248)');
      assert.ok((await count(lightSeries1)) > 0, 'light bars drawn');
      assert.equal(await count(darkSeries1), 0);
      await o.page.emulateMedia({ colorScheme: 'dark' });
      await o.page.waitForFunction(() => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown } };
        return g.getComputedStyle(g.document.body).backgroundColor === 'rgb(21, 24, 29)';
      });
      // The redraw follows the media change event; give it a few frames at most.
      for (let i = 0; i < 50 && (await count(darkSeries1)) === 0; i++) await o.page.waitForTimeout(20);
      assert.ok((await count(darkSeries1)) > 0, 'dark bars drawn after the switch');
      assert.equal(await count(lightSeries1), 0, 'no light bars left');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('30 days: daily bars, every day matching the fake API; custom range checks', async () => {
    const o = await open({ colorScheme: 'dark' });
    try {
      await ready(o.page);
      await o.page.locator('button[data-preset="30d"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Last 30 days, all logins: .+ in 30 days/ }).waitFor();
      assert.equal(await o.page.locator('button[data-preset="30d"]').getAttribute('aria-pressed'), 'true');
      const series = o.w.calls.filter((c) => c.channel === 'traffic:get-series').at(-1);
      assert.deepEqual(series?.payload, { from: addDays(TODAY, -29), to: TODAY, granularity: 'day' });
      const { head, rows, foot } = await readTable(o.page);
      assert.equal(head[0], 'Day (local)');
      assert.equal(rows.length, 30);
      for (const r of rows) assert.equal(r.bytes.at(-1), sumTraffic(o.app, r.start, r.start), `day ${r.start}`);
      assert.equal(rows[29]?.label, `${usDate(TODAY)} (so far)`, 'today is marked partial');
      assert.equal(foot.at(-1), sumTraffic(o.app, addDays(TODAY, -29), TODAY));
      await screenshot(o.page, 'overview-dark');

      // Custom: checked before anything is asked.
      await o.page.locator('button[data-preset="custom"]').click();
      await o.page.locator('#range-from').fill(addDays(TODAY, -3));
      await o.page.locator('#range-to').fill(addDays(TODAY, -5));
      await o.page.locator('.custom-range button[type="submit"]').click();
      await o.page.locator('#range-error', { hasText: 'The end must be on or after the start.' }).waitFor();
      assert.equal(await o.page.locator('#range-to').getAttribute('aria-invalid'), 'true');
      await o.page.locator('#range-to').fill(addDays(TODAY, 1));
      await o.page.locator('.custom-range button[type="submit"]').click();
      await o.page.locator('#range-error', { hasText: `The end is in the future: pick ${usDate(TODAY)} or earlier.` }).waitFor();
      const before = o.w.calls.length;
      assert.equal(o.w.calls.slice(before).filter((c) => c.channel === 'traffic:get-series').length, 0);
      await o.page.locator('#range-from').fill(addDays(TODAY, -3));
      await o.page.locator('#range-to').fill(addDays(TODAY, -1));
      await o.page.locator('.custom-range button[type="submit"]').click();
      await o.page.locator('#chart-summary', { hasText: `${usDate(addDays(TODAY, -3))} – ${usDate(addDays(TODAY, -1))}, all logins: ` }).waitFor();
      assert.equal(await o.page.locator('#range-error').innerText(), '');
      const { rows: daily } = await readTable(o.page);
      assert.equal(daily.length, 3, 'days by default');
      await o.page.locator('button[data-granularity="hour"]').click();
      await o.page.locator('#chart-summary', { hasText: /in 72 hours/ }).waitFor();
      const { rows: hourly, foot: customFoot } = await readTable(o.page);
      assert.equal(hourly.length, 72, 'three days of hours');
      assert.equal(customFoot.at(-1), sumTraffic(o.app, addDays(TODAY, -3), addDays(TODAY, -1)));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the login filter shows one list, from the logins main gives, each by its title with the login small beside it', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const options = await o.page.locator('#login-filter option').allTextContents();
      assert.deepEqual(options, ['All logins', 'Main scraper (alpha-list)', 'Price monitor DE (beta-list)', 'Ads check US (gamma-list)'], 'as text, "Title (login)"');
      assert.deepEqual(await o.page.locator('#login-filter option small.list-login').allTextContents(), ['alpha-list', 'beta-list', 'gamma-list']);
      // The customisable select shows the login small, without the brackets.
      const look = await o.page.locator('#login-filter option[value="beta-list"]').evaluate((opt) => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown): { display: string; fontSize: string } };
        const o2 = opt as unknown as { querySelector(s: string): unknown };
        return { sep: g.getComputedStyle(o2.querySelector('.list-sep')).display, login: g.getComputedStyle(o2.querySelector('.list-login')).fontSize, title: g.getComputedStyle(o2.querySelector('.list-title')).fontSize };
      });
      assert.equal(look.sep, 'none');
      assert.ok(parseFloat(look.login) < parseFloat(look.title), `the login is smaller (${look.login} < ${look.title})`);
      await o.page.locator('button[data-preset="7d"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Last 7 days, all logins:/ }).waitFor();
      await o.page.locator('#login-filter').selectOption('beta-list');
      await o.page.locator('#chart-summary', { hasText: /^Last 7 days, Price monitor DE \(beta-list\): .+ from 1 login\./ }).waitFor();
      const last = o.w.calls.filter((c) => c.channel === 'traffic:get-series').at(-1);
      assert.deepEqual(last?.payload, { from: addDays(TODAY, -6), to: TODAY, granularity: 'day', login: 'beta-list' });
      const { head, rows, foot } = await readTable(o.page);
      assert.deepEqual(head, ['Day (local)', 'Price monitor DE beta-list', 'Total', 'Cost']);
      assert.equal(rows.length, 7);
      assert.equal(foot.at(-1), sumTraffic(o.app, addDays(TODAY, -6), TODAY, 'beta-list'));
      assert.match(await o.page.locator('#total-range-note').innerText(), /Last 7 days, Price monitor DE \(beta-list\)/);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('Refresh: disabled with a spinner while it runs, and the API is asked; Ctrl+R and Cmd+R refresh too', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const refresh = o.page.locator('#refresh');
      // The figures show before the first sync ends (its titles and money are read after the traffic).
      await o.page.locator('#refresh:enabled').waitFor();
      const asked = o.app.api.requests.length;
      o.app.api.setScenario({ kind: 'slow', delayMs: 600, endpoint: 'package', times: 1 });
      await refresh.click();
      await o.page.locator('#refresh:disabled').waitFor();
      assert.equal(await refresh.getAttribute('aria-busy'), 'true');
      assert.equal(await o.page.locator('#refresh .spinner').isVisible(), true);
      await o.page.locator('#refresh:enabled').waitFor();
      assert.equal(await o.page.locator('#refresh .spinner').isVisible(), false);
      assert.ok(o.app.api.requests.length > asked, 'the refresh reached the fake API');
      assert.ok(o.app.api.requests.slice(asked).some((r) => r.endpoint === 'package'), 'a manual refresh re-reads the package');

      // The keyboard: the shortcut refreshes instead of reloading the page.
      await o.page.evaluate(() => {
        (globalThis as unknown as { __notReloaded: boolean }).__notReloaded = true;
      });
      for (const combo of ['Control+r', 'Meta+r']) {
        const n = o.w.calls.filter((c) => c.channel === 'sync:refresh').length;
        await o.page.locator('body').press(combo);
        await o.page.locator('#refresh:enabled').waitFor();
        await o.page.waitForFunction((k) => (globalThis as unknown as Record<string, unknown>)[k] === true, '__notReloaded');
        assert.equal(o.w.calls.filter((c) => c.channel === 'sync:refresh').length, n + 1, combo);
      }
      const prevented = await o.page.evaluate(() => {
        const g = globalThis as unknown as { KeyboardEvent: new (t: string, i: object) => { defaultPrevented: boolean }; document: { dispatchEvent(e: unknown): boolean } };
        const e = new g.KeyboardEvent('keydown', { key: 'r', ctrlKey: true, bubbles: true, cancelable: true });
        g.document.dispatchEvent(e);
        return e.defaultPrevented;
      });
      assert.equal(prevented, true, 'Ctrl+R is prevented (no reload)');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('stale, paused and offline: markers and banners, with the last figures kept; "Updated" keeps counting', async () => {
    const o = await open({ flowingClock: true });
    try {
      await ready(o.page);
      assert.equal(await o.page.locator('#updated').innerText(), 'Updated just now');
      // The window's own 30 s tick redraws the age.
      await o.page.clock.fastForward('04:00');
      await o.page.locator('#updated', { hasText: 'Updated 4 min ago' }).waitFor();

      // 20 minutes without a sync (poll every 5): stale. Pausing makes main push the view.
      o.app.advanceClock(20 * 60_000);
      await o.page.clock.setSystemTime(o.app.now());
      o.app.controller.setPaused(true);
      await o.page.locator('#stale-badge').waitFor({ state: 'visible' });
      // Stale: when the last good update was, never "Updated … ago" beside the marker; paused, no next try.
      await o.page.locator('#updated', { hasText: /^Last good update 12:3\d$/ }).waitFor();
      await o.page.locator('[data-banner="paused"]', { hasText: 'Polling is paused.' }).waitFor();
      await o.page.locator('[data-banner="paused"] button', { hasText: 'Resume' }).click();
      await o.page.locator('[data-banner="paused"]').waitFor({ state: 'detached' });
      assert.equal(o.app.controller.view().paused, false);
      // Resuming polls at once (it was due): fresh again.
      await o.page.locator('#stale-badge').waitFor({ state: 'hidden' });
      await o.page.locator('#refresh:enabled').waitFor();
      const today = await o.page.locator('#total-today').innerText();

      o.app.controller.setOnline(false);
      await o.page.locator('[data-banner="offline"]', { hasText: 'You are offline.' }).waitFor();
      assert.equal(await o.page.locator('#total-today').innerText(), today, 'the last figures stay');
      assert.notEqual(await o.page.locator('#chart-summary').innerText(), '');
      await screenshot(o.page, 'offline-light');
      o.app.controller.setOnline(true);
      await o.page.locator('[data-banner="offline"]').waitFor({ state: 'detached' });
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('the first card: where the package stands, with figures that add up', () => {
  const GB = 1e9;
  const fmt = (b: number): string => formatBytes(b, 'GB');

  /** The traffic the package counts: since its period began (as the fake's package answer does). */
  function usedByTraffic(app: AppUnderTest): number {
    const pkg = app.controller.view().snapshot.package;
    assert.ok(pkg?.expiresAt, 'a package with an expiry');
    const to = Math.min(app.now(), pkg.expiresAt) + 1;
    return app.api.trafficBetween(pkg.expiresAt - PACKAGE_PERIOD_MS, to).reduce((a, s) => a + s.bytes, 0);
  }

  /** A new package state at the fake, read by a refresh from the window. */
  async function withPackage(o: OpenedApp, p: Parameters<AppUnderTest['api']['setPackage']>[0]): Promise<void> {
    const before = o.app.controller.view().snapshot.package;
    o.app.api.setPackage(p);
    await o.page.locator('#refresh:enabled').waitFor();
    await o.page.locator('#refresh').click();
    await waitFor(() => JSON.stringify(o.app.controller.view().snapshot.package) !== JSON.stringify(before));
    await o.page.locator('#refresh:enabled').waitFor();
  }

  async function card(o: OpenedApp) {
    return {
      quota: await o.page.locator('#package-card').getAttribute('data-quota'),
      badge: (await o.page.locator('#package-state').innerText()).trim(),
      left: await o.page.locator('.package-left').innerText(),
      forecast: await o.page.locator('.forecast').innerText(),
      budget: (await o.page.locator('.forecast-budget').count()) > 0 ? await o.page.locator('.forecast-budget').innerText() : '',
      used: await o.page.locator('.package-used').innerText(),
      expiry: await o.page.locator('.package-expiry').innerText(),
    };
  }

  const waitFor = async (cond: () => boolean): Promise<void> => {
    for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(cond(), 'the condition came true');
  };

  test('first in the window: what is left (and its share), the forecast with date and pace, the daily budget; Today is not repeated by the range card', async () => {
    const o = await open();
    try {
      await ready(o.page);
      // With one package the packages table (before it in the page) is not shown.
      const first = await o.page.locator('#overview-content > section:visible').first().getAttribute('id');
      assert.equal(first, 'package-card', 'the package card comes first');
      const used = usedByTraffic(o.app);
      const pkg = o.app.controller.view().snapshot.package;
      assert.ok(pkg);
      assert.equal(pkg.usedBytes, used, 'the package counts the fake API\'s traffic');
      const c = await card(o);
      assert.equal(c.quota, 'ok');
      assert.equal(c.badge, '✓ OK', 'a word and a shape, not colour alone');
      assert.equal(c.left, `${fmt(50 * GB - used)} left · ${(Math.floor(((50 * GB - used) / (50 * GB)) * 1000) / 10).toFixed(1)} % left`);
      assert.equal(c.used, `${fmt(used)} of 50.00 GB used (${(Math.floor((used / (50 * GB)) * 1000) / 10).toFixed(1)} %).`);
      assert.notEqual(c.forecast, '');
      assert.match(c.budget, /GB\/day/);
      // Today (the default range here) is said once: the range card is hidden until it differs.
      await o.page.locator('button[data-preset="today"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Today, / }).waitFor();
      assert.equal(await o.page.locator('#total-range-card').isVisible(), false);
      assert.equal(await o.page.locator('#total-today-note').innerText(), `so far today (12.5 h) · yesterday ${fmt(sumTraffic(o.app, addDays(TODAY, -1), addDays(TODAY, -1)))}`);
      assert.equal(await o.page.locator('#total-today').innerText(), fmt(sumTraffic(o.app, TODAY, TODAY)));
      await o.page.locator('button[data-preset="7d"]').click();
      await o.page.locator('#total-range-card').waitFor({ state: 'visible' });
      await o.page.locator('#total-range', { hasText: fmt(sumTraffic(o.app, addDays(TODAY, -6), TODAY)) }).waitFor();
      await screenshot(o.page, 'package-ok-light');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('over the limit: 0 B left, used up, and the use beyond the limit said in words (never a bare 133 %)', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const used = usedByTraffic(o.app);
      const limit = 10 * GB;
      assert.ok(used > limit);
      await withPackage(o, { limitBytes: limit });
      await o.page.locator('#package-card[data-quota="used-up"]').waitFor();
      const c = await card(o);
      assert.equal(c.badge, '■ Used up');
      assert.equal(c.left, '0 B left: used up');
      assert.equal(c.used, `${fmt(used)} used of 10.00 GB: over the limit by ${fmt(used - limit)}.`);
      assert.equal(c.forecast, 'Traffic used up: top up the package to go on.');
      assert.equal(c.budget, '');
      assert.doesNotMatch(await o.page.locator('#package-card').innerText(), /\d{3}(\.\d)? ?%/, 'no share above 100 %');
      assert.equal(await o.page.locator('[role="meter"]').getAttribute('aria-valuenow'), '0');
      await screenshot(o.page, 'package-over-limit-light');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('used up exactly: 0 B left, 100 % used, no "over the limit"', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const used = usedByTraffic(o.app);
      await withPackage(o, { limitBytes: used });
      await o.page.locator('#package-card[data-quota="used-up"]').waitFor();
      const c = await card(o);
      assert.equal(c.left, '0 B left: used up');
      assert.equal(c.used, `${fmt(used)} of ${fmt(used)} used (100 %).`);
      assert.equal(c.forecast, 'Traffic used up: top up the package to go on.');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('expired: the date, what is left cannot be used, and the remedy', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const expiresAt = AT - 26 * 3_600_000; // Nov 25, 09:30 UTC = 10:30 in Berlin
      const period = o.app.api.trafficBetween(expiresAt - PACKAGE_PERIOD_MS, expiresAt + 1).reduce((a, x) => a + x.bytes, 0);
      await withPackage(o, { expiresAt, limitBytes: period + 12 * GB });
      await o.page.locator('#package-card[data-quota="expired"]').waitFor();
      const used = usedByTraffic(o.app);
      assert.equal(used, period);
      const c = await card(o);
      assert.equal(c.badge, '✕ Expired');
      assert.equal(c.forecast, `The package expired on Nov 25: renew it to use the ${fmt(12 * GB)} left.`);
      assert.equal(c.expiry, 'Expired Nov 25, 10:30 (yesterday)');
      assert.equal(c.budget, '');
      // Expired with nothing left: no "to use what is left".
      await withPackage(o, { limitBytes: used });
      await o.page.locator('.forecast', { hasText: 'renew it to go on' }).waitFor();
      assert.equal(await o.page.locator('.forecast').innerText(), 'The package expired on Nov 25: renew it to go on.');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('runs out today: "around" the local clock time, after now, at the pace of the last days', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const used = usedByTraffic(o.app);
      const left = 0.3 * GB;
      await withPackage(o, { limitBytes: used + left });
      await o.page.locator('.forecast', { hasText: /^Runs out today/ }).waitFor();
      const f = o.app.controller.view().snapshot.forecast;
      assert.equal(f.kind, 'runs-out');
      const c = await card(o);
      assert.equal(c.left, `${fmt(left)} left · ${(Math.floor((left / (used + left)) * 1000) / 10).toFixed(1)} % left`);
      const m = /^Runs out today, around (\d{2}:\d{2}), at (.+)\/day\.$/.exec(c.forecast);
      assert.ok(m, c.forecast);
      assert.equal(m[1], localTimeOf(f.runsOutAt, ZONE));
      assert.ok((m[1] ?? '') > '12:30', 'after the time now');
      // The pace: the average of the last 7 full days of the fake API's traffic.
      const week = sumTraffic(o.app, addDays(TODAY, -7), addDays(TODAY, -1));
      assert.equal(m[2], fmt(week / 7));
      assert.equal(c.quota, 'low', 'below the 10 % default threshold');
      assert.equal(c.badge, '▲ Running low');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('lasts past expiry: what will expire unused, and the daily budget that would use it all', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const used = usedByTraffic(o.app);
      await withPackage(o, { limitBytes: used + 200 * GB });
      await o.page.locator('.forecast', { hasText: /^Lasts past expiry/ }).waitFor();
      const { forecast: f, package: pkg } = o.app.controller.view().snapshot;
      assert.ok(f.kind === 'runs-out' && f.unusedAtExpiryBytes !== null && f.dailyBudgetBytes !== null && pkg?.expiresAt);
      const pace = sumTraffic(o.app, addDays(TODAY, -7), addDays(TODAY, -1)) / 7;
      const days = (pkg.expiresAt - AT) / 86_400_000;
      // The figures on screen are the fake's: 200 GB left, less the pace until the expiry.
      assert.equal(fmt(f.unusedAtExpiryBytes), fmt(200 * GB - pace * days));
      assert.equal(fmt(f.dailyBudgetBytes), fmt((200 * GB) / days));
      const c = await card(o);
      assert.equal(c.forecast, `Lasts past expiry at ${fmt(pace)}/day: ${fmt(200 * GB - pace * days)} will expire unused.`);
      assert.equal(c.budget, `Up to ${fmt((200 * GB) / days)}/day would use it all by the expiry.`);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the 1st of the month: today is the month to date, said once', async () => {
    const first = Date.parse('2026-12-01T13:15:00Z'); // 14:15 in Berlin
    const o = await open({ at: first });
    try {
      await ready(o.page);
      await o.page.locator('button[data-preset="today"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Today, / }).waitFor();
      const day = localDateOf(first, ZONE);
      assert.equal(day, '2026-12-01');
      assert.equal(await o.page.locator('#total-month-card').isVisible(), false, 'no month card repeating today');
      assert.equal(await o.page.locator('#total-range-card').isVisible(), false, 'no range card repeating today');
      assert.equal(await o.page.locator('#total-today').innerText(), fmt(sumTraffic(o.app, day, day)));
      assert.match(await o.page.locator('#total-today-note').innerText(), /^so far today \(14\.2 h\), the month to date too · yesterday /);
      const figures = await o.page.locator('.totals .stat-value:visible').allInnerTexts();
      assert.equal(figures.length, 1, 'one figure, once');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('stale after a failed try: the last good update and the next try, never "just now" beside "Stale"', async () => {
    const o = await open();
    try {
      await ready(o.page);
      o.app.api.setScenario({ kind: 'html-502' });
      await o.page.locator('#refresh').click();
      await o.page.locator('#stale-badge').waitFor({ state: 'visible' });
      await waitFor(() => o.app.controller.view().nextCheckAt !== null);
      const v = o.app.controller.view();
      assert.ok(v.nextCheckAt !== null && v.snapshot.lastSuccessAt !== null);
      const expected = `Last good update ${localTimeOf(v.snapshot.lastSuccessAt, ZONE)}, next try ${localTimeOf(v.nextCheckAt, ZONE)}`;
      await o.page.locator('#updated', { hasText: expected }).waitFor();
      assert.doesNotMatch(await o.page.locator('header').innerText(), /Updated just now/);
      // The banner: Proxy-Seller's trouble, when it tries again; the technical text behind "Details".
      const banner = o.page.locator('[data-banner="problem"]');
      await banner.locator('strong', { hasText: `Proxy-Seller's API is having trouble (HTTP 502); trying again at ${localTimeOf(v.nextCheckAt, ZONE)}.` }).waitFor();
      assert.doesNotMatch(await banner.innerText(), /check your (internet )?connection/i);
      await banner.locator('details > summary', { hasText: 'Details' }).click();
      assert.match(await banner.locator('details p').innerText(), /HTTP 502/);
      await screenshot(o.page, 'stale-502-light');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
