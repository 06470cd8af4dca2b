// The Traffic chart in real Chromium, behind the real preload, IPC handler table and controller,
// against the fake API over HTTP: the default range, today's marks, an empty range, the loading
// state, dates in the user's locale, the tooltip, the table's totals and Export CSV.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { AT, ZONE, assertHealthy, openApp, type OpenOptions, type OpenedApp, sumTraffic } from './harness/app-window.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { exactBytes, formatBytes } from '../src/shared/bytes.js';

const TODAY = localDateOf(AT, ZONE);
const usDate = (date: string): string => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
/** The titles the fake API gives its three lists by default. */
const FAKE_TITLES = { 'alpha-list': 'Main scraper', 'beta-list': 'Price monitor DE', 'gamma-list': 'Ads check US' };
const deDate = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

const open = (options: OpenOptions = {}): Promise<OpenedApp> => openApp(h, { waitForFigures: true, ...options });


type Cell = { getAttribute(name: string): string | null; textContent: string | null; querySelector(s: string): Cell | null };

async function openTable(page: Page): Promise<void> {
  const details = page.locator('details.chart-table');
  if ((await details.getAttribute('open')) === null) await page.locator('details.chart-table > summary').click();
  await page.locator('#chart-table thead th').first().waitFor();
}

/** Rows of the text alternative: the label shown, the <time datetime>, and the row's total bytes. */
async function tableRows(page: Page): Promise<Array<{ label: string; start: string; total: number }>> {
  await openTable(page);
  return page.locator('#chart-table tbody tr').evaluateAll((trs) =>
    (trs as unknown as Array<{ children: ArrayLike<Cell> }>).map((tr) => {
      const cells = Array.from(tr.children);
      // The last byte cell (a cost cell may follow it).
      const total = cells.filter((c) => c.getAttribute('data-bytes') !== null).at(-1);
      return { label: cells[0]?.textContent ?? '', start: cells[0]?.querySelector('time')?.getAttribute('datetime') ?? '', total: Number(total?.getAttribute('data-bytes')) };
    }),
  );
}

async function showCustom(page: Page, from: string, to: string): Promise<void> {
  await page.locator('button[data-preset="custom"]').click();
  await page.locator('#range-from').fill(from);
  await page.locator('#range-to').fill(to);
  await page.locator('.custom-range button[type="submit"]').click();
}

/** x positions (canvas pixels) of pixels in the now-line's colour, with how many each column has. */
async function nowLineColumns(page: Page): Promise<{ width: number; height: number; columns: Map<number, number> }> {
  const found = await page.evaluate(() => {
    type Canvas = { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
    const g = globalThis as unknown as { document: { querySelector(s: string): Canvas; documentElement: unknown }; getComputedStyle(e: unknown): { getPropertyValue(n: string): string } };
    const hex = g.getComputedStyle(g.document.documentElement).getPropertyValue('--chart-now').trim();
    const [r, gr, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const c = g.document.querySelector('#chart');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const columns: Record<number, number> = {};
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === r && data[i + 1] === gr && data[i + 2] === b) {
        const x = (i / 4) % c.width;
        columns[x] = (columns[x] ?? 0) + 1;
      }
    }
    return { width: c.width, height: c.height, columns };
  });
  return { width: found.width, height: found.height, columns: new Map(Object.entries(found.columns).map(([x, n]) => [Number(x), n])) };
}

describe('the chart', () => {
  test('opens on the last 7 days in daily bars, each day the fake API\'s traffic; today\'s bar is marked partial', async () => {
    const o = await open();
    try {
      const first = o.w.calls.find((c) => c.channel === 'traffic:get-series');
      assert.deepEqual(first?.payload, { from: addDays(TODAY, -6), to: TODAY, granularity: 'day' });
      assert.equal(await o.page.locator('button[data-preset="7d"]').getAttribute('aria-pressed'), 'true');
      assert.equal(await o.page.locator('button[data-granularity="day"]').getAttribute('aria-pressed'), 'true');
      assert.match(await o.page.locator('#chart-summary').innerText(), /^Last 7 days, all logins: .+ in 7 days so far from 3 logins\. Busiest day: \d\d\/\d\d\/2026 with /);
      const rows = await tableRows(o.page);
      assert.deepEqual(rows.map((r) => r.start), [-6, -5, -4, -3, -2, -1, 0].map((n) => addDays(TODAY, n)));
      for (const r of rows) {
        const expected = sumTraffic(o.app, r.start, r.start);
        assert.ok(expected > 0);
        assert.equal(r.total, expected, `day ${r.start}`);
      }
      assert.equal(rows[0]?.label, usDate(addDays(TODAY, -6)));
      assert.equal(rows[6]?.label, `${usDate(TODAY)} (so far)`);
      // A single day is always hours: the bar-size choice is off there.
      await o.page.locator('button[data-preset="today"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Today, all logins: .+ in 13 hours so far/ }).waitFor();
      assert.equal(await o.page.locator('button[data-granularity="hour"]').getAttribute('aria-pressed'), 'true');
      assert.equal(await o.page.locator('button[data-granularity="day"]').isDisabled(), true);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a now-line on today\'s hourly chart, at the current time (12:30), and none on yesterday\'s', async () => {
    const o = await open();
    try {
      const daily = await nowLineColumns(o.page);
      assert.equal(daily.columns.size, 0, 'a daily chart has no now-line');
      await o.page.locator('button[data-preset="today"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Today,/ }).waitFor();
      const { width, height, columns } = await nowLineColumns(o.page);
      const line = [...columns.entries()].filter(([, n]) => n > height / 2);
      assert.ok(line.length >= 1 && line.length <= 3, `one vertical line (columns: ${JSON.stringify(line)})`);
      const x = (line[0]?.[0] ?? 0) / width;
      // 12:30 is 52 % across the 24 hours; the plot starts after the value axis' labels.
      assert.ok(x > 0.5 && x < 0.62, `the line sits at 12:30 (x = ${x.toFixed(3)} of the canvas)`);
      await o.page.locator('button[data-preset="yesterday"]').click();
      await o.page.locator('#chart-summary', { hasText: /^Yesterday,/ }).waitFor();
      assert.equal((await nowLineColumns(o.page)).columns.size, 0, 'no now-line on a day that is over');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a range without traffic says so plainly', async () => {
    const o = await open();
    try {
      // Older than the fake account's 120 days of traffic: fetched, and empty.
      await showCustom(o.page, addDays(TODAY, -200), addDays(TODAY, -194));
      await o.page.locator('#chart-summary', { hasText: /no traffic in 7 days\.$/ }).waitFor();
      await o.page.locator('#chart-empty', { hasText: 'No traffic in this range.' }).waitFor({ state: 'visible' });
      assert.equal(await o.page.locator('#chart-loading').isVisible(), false);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a loading state while a range older than the history is fetched, gone with the figures', async () => {
    const o = await open();
    try {
      // Every answer slow (not only the next: a background sync may take that one).
      o.app.api.setScenario({ kind: 'slow', delayMs: 1500 });
      const from = addDays(TODAY, -60);
      const to = addDays(TODAY, -54);
      await showCustom(o.page, from, to);
      await o.page.locator('#chart-loading', { hasText: 'Fetching this range…' }).waitFor({ state: 'visible' });
      assert.equal(await o.page.locator('#chart-card').getAttribute('aria-busy'), 'true');
      assert.equal(await o.page.locator('#chart-empty').isVisible(), false, 'not "no traffic" while it is being fetched');
      o.app.api.setScenario({ kind: 'ok' });
      await o.page.locator('#chart-summary', { hasText: `${usDate(from)} – ${usDate(to)}, all logins: ` }).waitFor();
      await o.page.locator('#chart-loading').waitFor({ state: 'hidden' });
      assert.equal(await o.page.locator('#chart-card').getAttribute('aria-busy'), null);
      const rows = await tableRows(o.page);
      assert.equal(rows.length, 7);
      for (const r of rows) assert.equal(r.total, sumTraffic(o.app, r.start, r.start), `day ${r.start}`);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('in German, every date the chart shows is German: table, summary, range name, range errors, hours', async () => {
    const o = await open({ locale: 'de-DE' });
    try {
      const rows = await tableRows(o.page);
      assert.equal(rows[0]?.label, deDate(addDays(TODAY, -6)));
      assert.equal(rows[6]?.label, `${deDate(TODAY)} (so far)`);
      assert.match(await o.page.locator('#chart-summary').innerText(), /Busiest day: \d\d\.\d\d\.2026 with /);
      await o.page.locator('button[data-preset="custom"]').click();
      await o.page.locator('#range-to').fill(addDays(TODAY, 1));
      await o.page.locator('.custom-range button[type="submit"]').click();
      await o.page.locator('#range-error', { hasText: `The end is in the future: pick ${deDate(TODAY)} or earlier.` }).waitFor();
      await showCustom(o.page, addDays(TODAY, -3), addDays(TODAY, -1));
      await o.page.locator('#chart-summary', { hasText: `${deDate(addDays(TODAY, -3))} – ${deDate(addDays(TODAY, -1))}, all logins:` }).waitFor();
      await o.page.locator('button[data-granularity="hour"]').click();
      await o.page.locator('#chart-summary', { hasText: /in 72 hours/ }).waitFor();
      const hourly = await tableRows(o.page);
      assert.equal(hourly[14]?.label, `${deDate(addDays(TODAY, -3))}, 14:00`);
      // The cards above the chart name their dates in German too (e.g. "5. Dez."), never "Dec 5".
      const cards = await o.page.locator('#package-card, .totals').allInnerTexts();
      assert.doesNotMatch(cards.join(' '), /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b/, cards.join(' | '));
      assert.match(cards.join(' '), /\d{1,2}\. (Jan|Feb|März|Apr|Mai|Juni|Juli|Aug|Sept|Okt|Nov|Dez)\.?/, cards.join(' | '));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the tooltip leads with the rounded figure, then the exact bytes, then each list by its title, the login small beside it', async () => {
    const o = await open();
    try {
      const canvas = await o.page.locator('#chart').boundingBox();
      assert.ok(canvas);
      // The fourth of seven bars (three days ago), half way up the plot.
      await o.page.mouse.move(canvas.x + 60 + ((canvas.width - 70) * 3.5) / 7, canvas.y + canvas.height * 0.4);
      const tip = o.page.locator('#chart-tooltip');
      await tip.waitFor({ state: 'visible' });
      const day = addDays(TODAY, -3);
      const total = sumTraffic(o.app, day, day);
      assert.equal(await tip.locator('.tooltip-title').innerText(), usDate(day));
      assert.equal(await tip.locator('.tooltip-total').innerText(), formatBytes(total, 'GB'));
      assert.equal(await tip.locator('.tooltip-exact').innerText(), exactBytes(total));
      const lines = await tip.locator('.tooltip-logins li').allInnerTexts();
      assert.deepEqual(
        lines.map((l) => l.replace(/\s+/g, ' ').trim()),
        Object.entries(FAKE_TITLES).map(([l, title]) => `${title} ${l} ${formatBytes(sumTraffic(o.app, day, day, l), 'GB')}`),
      );
      assert.deepEqual(await tip.locator('.tooltip-login').allInnerTexts(), Object.keys(FAKE_TITLES), 'the login is the small part');
      const order = await tip.evaluate((e) => Array.from((e as unknown as { children: ArrayLike<{ className: string }> }).children).map((c) => c.className));
      assert.deepEqual(order, ['tooltip-title', 'tooltip-total', 'tooltip-exact', 'tooltip-logins'], 'the human figure comes first');
      await o.page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height + 200);
      await tip.waitFor({ state: 'hidden' });
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the table\'s header, totals and cost row stay in view over a week of hours, scrolled or not', async () => {
    const o = await open();
    try {
      await o.page.locator('button[data-granularity="hour"]').click();
      await o.page.locator('#chart-summary', { hasText: /in 157 hours so far/ }).waitFor();
      await openTable(o.page);
      const scroller = o.page.locator('.table-scroll');
      const inView = async () => {
        const box = await scroller.boundingBox();
        const head = await o.page.locator('#chart-table thead th').first().boundingBox();
        const foot = await o.page.locator('#chart-table tfoot .grand-total').boundingBox();
        const cost = await o.page.locator('#chart-table tfoot .cost-row .grand-cost').boundingBox();
        assert.ok(box && head && foot && cost);
        assert.ok(cost.y >= foot.y + foot.height - 1, 'the cost row sits under the totals, not over them');
        return head.y >= box.y - 1 && foot.y + foot.height <= box.y + box.height + 1 && cost.y + cost.height <= box.y + box.height + 1;
      };
      assert.equal(await o.page.locator('#chart-table tbody tr').count(), 168);
      assert.ok(await inView(), 'totals visible without scrolling');
      await scroller.evaluate((e) => {
        (e as unknown as { scrollTop: number }).scrollTop = 2000;
      });
      assert.ok(await inView(), 'and after scrolling');
      const grand = Number(await o.page.locator('#chart-table tfoot .grand-total').getAttribute('data-bytes'));
      assert.equal(grand, sumTraffic(o.app, addDays(TODAY, -6), TODAY));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('Export CSV: the window sends the range only; main saves the shown series (cancel saves nothing)', async () => {
    const o = await open();
    try {
      await o.page.locator('#login-filter').selectOption('beta-list');
      await o.page.locator('#chart-summary', { hasText: /Price monitor DE \(beta-list\)/ }).waitFor();
      await o.page.locator('#export-csv').click();
      const from = addDays(TODAY, -6);
      await o.page.locator('#export-status', { hasText: `Saved traffic-${from}-to-${TODAY}-beta-list.csv (7 rows).` }).waitFor();
      const call = o.w.calls.find((c) => c.channel === 'traffic:export-csv');
      assert.deepEqual(call?.payload, { from, to: TODAY, granularity: 'day', login: 'beta-list' }, 'no path, no content');
      assert.equal(o.app.exported.length, 1);
      const lines = o.app.exported[0]!.content.split('\r\n');
      assert.equal(lines[0], 'start,login,bytes,title');
      assert.equal(lines[1]!.split(',').slice(0, 3).join(','), `${from}T00:00:00+01:00,beta-list,${sumTraffic(o.app, from, from, 'beta-list')}`);
      assert.equal(lines.slice(1, -1).reduce((s, l) => s + Number(l.split(',')[2]), 0), sumTraffic(o.app, from, TODAY, 'beta-list'));
      assert.equal(lines.at(-1), '', 'ends with CRLF');

      o.app.saveDialog = 'cancel';
      await o.page.locator('#export-csv').click();
      await o.page.locator('#export-status', { hasText: /^$/ }).waitFor({ state: 'attached' });
      await o.page.locator('#export-csv:enabled').waitFor();
      assert.equal(await o.page.locator('#export-status').innerText(), '');
      assert.equal(o.app.exported.length, 1, 'nothing saved on cancel');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
