// The details window's Overview in real Chromium, behind the real preload, IPC handler table and
// controller, against the fake API over HTTP: first run, the key, the chart, filter, refresh, states.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_API_KEY, type AppUnderTest } from './harness/app-under-test.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { AT, ZONE, assertHealthy, figuresReady, openApp, type OpenOptions, type OpenedApp } from './harness/app-window.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';

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




type Cell = { getAttribute(name: string): string | null; textContent: string | null; querySelector(s: string): Cell | null };

/** en-US, as the harness's Chromium runs: the window writes dates in the user's locale. */
const usDate = (date: string): string => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;

/** The text alternative's table: header names, rows of [label, start (its <time datetime>), ...bytes], and the footer's bytes. */
async function readTable(page: Page): Promise<{ head: string[]; rows: Array<{ label: string; start: string; bytes: number[] }>; foot: number[] }> {
  const details = page.locator('details.chart-table');
  if ((await details.getAttribute('open')) === null) await page.locator('details.chart-table > summary').click();
  // The table is built on the details' toggle event, which fires after the click returns.
  await page.locator('#chart-table thead th').first().waitFor();
  const head = await page.locator('#chart-table thead th').allTextContents();
  const rows = await page.locator('#chart-table tbody tr').evaluateAll((trs) =>
    (trs as unknown as Array<{ children: ArrayLike<Cell> }>).map((tr) => {
      const cells = Array.from(tr.children);
      return { label: cells[0]?.textContent ?? '', start: cells[0]?.querySelector('time')?.getAttribute('datetime') ?? '', bytes: cells.slice(1).map((c) => Number(c.getAttribute('data-bytes'))) };
    }),
  );
  const foot = await page.locator('#chart-table tfoot td').evaluateAll((tds) => (tds as unknown as Cell[]).map((c) => Number(c.getAttribute('data-bytes'))));
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
      assert.deepEqual(setKey?.payload, { apiKey: TEST_API_KEY });
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
      await o.page.locator('#chart-summary', { hasText: /^Today, all logins: .+ in 24 hours from 3 logins\. Busiest hour: / }).waitFor();
      const { head, rows, foot } = await readTable(o.page);
      assert.deepEqual(head, ['Hour (local)', 'alpha-list', 'beta-list', 'gamma-list', 'Total']);
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
      assert.equal(await o.page.locator('#total-range').getAttribute('title'), (await o.page.locator('#total-today').getAttribute('title')) ?? '');
      const meter = o.page.locator('[role="progressbar"]');
      assert.equal(await meter.getAttribute('aria-valuemin'), '0');
      assert.equal(await meter.getAttribute('aria-valuemax'), '100');
      const pkg = o.app.controller.view().snapshot.package;
      assert.ok(pkg);
      assert.equal(Number(await meter.getAttribute('aria-valuenow')), Math.round((pkg.usedBytes / pkg.limitBytes) * 1000) / 10);
      assert.match((await meter.getAttribute('aria-valuetext')) ?? '', /GB of 50.00 GB used \(\d+%\), .+ left/);
      assert.match(await o.page.locator('.forecast').innerText(), /^(Runs out on \d{4}-\d{2}-\d{2} at .+\/day\.|Lasts past expiry at .+\/day\.)$/);
      assert.match(await o.page.locator('.package-expiry').innerText(), /^Expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(in \d+ days\)/);
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

  test('the login filter shows one login, from the list main gives', async () => {
    const o = await open();
    try {
      await ready(o.page);
      const options = await o.page.locator('#login-filter option').allTextContents();
      assert.deepEqual(options, ['All logins', 'alpha-list', 'beta-list', 'gamma-list']);
      await o.page.locator('button[data-preset="7d"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Last 7 days, all logins:/ }).waitFor();
      await o.page.locator('#login-filter').selectOption('beta-list');
      await o.page.locator('#chart-summary', { hasText: /^Last 7 days, login beta-list: .+ from 1 login\./ }).waitFor();
      const last = o.w.calls.filter((c) => c.channel === 'traffic:get-series').at(-1);
      assert.deepEqual(last?.payload, { from: addDays(TODAY, -6), to: TODAY, granularity: 'day', login: 'beta-list' });
      const { head, rows, foot } = await readTable(o.page);
      assert.deepEqual(head, ['Day (local)', 'beta-list', 'Total']);
      assert.equal(rows.length, 7);
      assert.equal(foot.at(-1), sumTraffic(o.app, addDays(TODAY, -6), TODAY, 'beta-list'));
      assert.match(await o.page.locator('#total-range-note').innerText(), /Last 7 days, login beta-list/);
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
      assert.equal(await refresh.isEnabled(), true);
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
      await o.page.locator('#updated', { hasText: 'Updated 20 min ago' }).waitFor();
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
