// List titles and money in the details window, in real Chromium behind the real preload, handler
// table and controller, against the fake API over HTTP: titles where a login shows (escaped: they
// are the user's text), the package card's spend, renewal and top-up, the totals' costs and the
// table's cost column and row that add up, and an account without money figures saying nothing false.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { AT, ZONE, assertHealthy, openApp, type OpenOptions, type OpenedApp, sumTraffic } from './harness/app-window.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { costOfBytes, moneyText } from '../src/shared/money.js';
import { priceText, renewalText, spendText, topUpText, type MoneyTextContext } from '../src/shared/money-text.js';
import { totalCostNote } from '../src/renderer/total-cost.js';

const TODAY = localDateOf(AT, ZONE);

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

const open = (options: OpenOptions = {}): Promise<OpenedApp> => openApp(h, { waitForFigures: true, ...options });


function ctxOf(o: OpenedApp): MoneyTextContext {
  const s = o.app.controller.view().snapshot;
  return { now: s.generatedAt, zone: s.localTimeZone, locale: 'en-US' };
}

async function openTable(page: Page): Promise<void> {
  const details = page.locator('details.chart-table');
  if ((await details.getAttribute('open')) === null) await page.locator('details.chart-table > summary').click();
  await page.locator('#chart-table thead th').first().waitFor();
}

type Cell = { getAttribute(name: string): string | null; className: string };
type Row = { children: ArrayLike<Cell> };

/** Each body row's byte cells and its cost cell's cents (null without one). */
async function bodyRows(page: Page): Promise<Array<{ bytes: number[]; cost: number | null }>> {
  return page.locator('#chart-table tbody tr').evaluateAll((trs) =>
    (trs as unknown as Row[]).map((tr) => {
      const cells = Array.from(tr.children);
      const cost = cells.find((c) => c.getAttribute('data-minor') !== null);
      return { bytes: cells.filter((c) => c.getAttribute('data-bytes') !== null).map((c) => Number(c.getAttribute('data-bytes'))), cost: cost ? Number(cost.getAttribute('data-minor')) : null };
    }),
  );
}

const TRICKY = '<img src=x onerror="globalThis.__pwned=1">';

describe('list titles', () => {
  test('a title that looks like HTML shows as text everywhere; a list without a title (deleted) shows its login', async () => {
    const o = await open({ fakeApi: { titles: { 'alpha-list': TRICKY, 'beta-list': 'Price monitor DE', 'gamma-list': '' } } });
    try {
      const titles = o.app.controller.view().snapshot.titles;
      assert.equal(titles['alpha-list'], TRICKY, 'the fake API gave the title as it is');
      assert.equal(Object.hasOwn(titles, 'gamma-list'), false, 'gamma-list has no title');
      await openTable(o.page);
      const head = (await o.page.locator('#chart-table thead th').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.deepEqual(head, ['Day (local)', `${TRICKY} alpha-list`, 'Price monitor DE beta-list', 'gamma-list', 'Total', 'Cost']);
      assert.deepEqual(await o.page.locator('#chart-table thead .list-login').allTextContents(), ['alpha-list', 'beta-list'], 'the login small beside a title, and only there');
      const options = await o.page.locator('#login-filter option').allTextContents();
      assert.deepEqual(options, ['All logins', `${TRICKY} (alpha-list)`, 'Price monitor DE (beta-list)', 'gamma-list']);

      // The tooltip of a bar: the same names.
      const canvas = await o.page.locator('#chart').boundingBox();
      assert.ok(canvas);
      await o.page.mouse.move(canvas.x + 60 + ((canvas.width - 70) * 3.5) / 7, canvas.y + canvas.height * 0.4);
      const tip = o.page.locator('#chart-tooltip');
      await tip.waitFor({ state: 'visible' });
      assert.deepEqual(await tip.locator('.tooltip-list-title').allTextContents(), [TRICKY, 'Price monitor DE', 'gamma-list']);

      // Chosen: the summary names it by title and login.
      await o.page.locator('#login-filter').selectOption('alpha-list');
      await o.page.locator('#chart-summary', { hasText: `Last 7 days, ${TRICKY} (alpha-list): ` }).waitFor();
      await o.page.locator('#login-filter').selectOption('gamma-list');
      await o.page.locator('#chart-summary', { hasText: 'Last 7 days, login gamma-list: ' }).waitFor();

      assert.equal(await o.page.locator('img').count(), 0, 'no element was made from a title');
      assert.equal(await o.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('money', () => {
  test('the package card: spend and price, the top-up with its cost; the totals and the table cost what their bytes cost, and add up', async () => {
    const o = await open();
    try {
      const ctx = ctxOf(o);
      const m = o.app.controller.view().snapshot.money;
      assert.ok(m.pricePerGb && m.spend && m.topUp && m.monthToDateCost, 'the fake account has money figures');
      const price = m.pricePerGb;
      assert.equal(await o.page.locator('.package-spend').innerText(), `${spendText(m.spend, ctx)} · ${priceText(m.pricePerGb, ctx)}`);
      assert.match(await o.page.locator('.package-spend').innerText(), /^Spent \$\d+\.\d\d of \$\d+\.\d\d bought · \$2\.20\/GiB$/);
      assert.equal(await o.page.locator('.package-topup').innerText(), `${topUpText(m.topUp, ctx)}.`);
      assert.match(await o.page.locator('.package-topup').innerText(), /^To last until Dec 17 at this pace, add about \d+ GiB \(about \$\d+\.\d\d at \$2\.20\/GiB\)\.$/);
      assert.equal(await o.page.locator('.package-renewal').count(), 0, 'auto-renew is off: no renewal line');

      // Month to date: the core's figure, its bytes at the price.
      assert.equal(await o.page.locator('#total-month-cost').innerText(), `${moneyText(m.monthToDateCost)} at $2.20/GiB`);
      assert.equal(m.monthToDateCost.minor, costOfBytes(o.app.controller.view().snapshot.monthToDate.totalBytes, m.pricePerGb).minor);

      // The selected range (the last 7 days): its bytes at the price.
      const from = addDays(TODAY, -6);
      const total = sumTraffic(o.app, from, TODAY);
      await o.page.locator('#total-range-cost', { hasText: `${moneyText(costOfBytes(total, m.pricePerGb))} at $2.20/GiB` }).waitFor();

      // The table: each row's cost is its bytes'; each list's; the total's is the total bytes', and says what the rounded rows add up to.
      await openTable(o.page);
      const rows = await bodyRows(o.page);
      assert.equal(rows.length, 7);
      for (const r of rows) assert.equal(r.cost, costOfBytes(r.bytes.at(-1) ?? -1, m.pricePerGb).minor);
      const logins = ['alpha-list', 'beta-list', 'gamma-list'];
      const listCosts = (await o.page.locator('#chart-table tfoot .cost-row td[data-minor]').evaluateAll((tds) => (tds as unknown as Cell[]).map((c) => Number(c.getAttribute('data-minor')))));
      const grand = costOfBytes(total, m.pricePerGb);
      assert.deepEqual(listCosts, [...logins.map((l) => costOfBytes(sumTraffic(o.app, from, TODAY, l), price).minor), grand.minor]);
      const grandCells = o.page.locator('#chart-table tfoot .grand-cost');
      assert.deepEqual(await grandCells.allInnerTexts(), [moneyText(grand), moneyText(grand)], 'the total row and the cost row agree');
      const rowCosts = rows.map((r) => ({ minor: r.cost ?? 0, currency: 'USD' }));
      assert.equal(await grandCells.first().getAttribute('title'), totalCostNote(grand, rowCosts, m.pricePerGb, 'the rows', ctx));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('auto-renew on with a balance short of the price: a warning that names the shortfall, one renewal date in agreeing words; a top-up of the balance clears it', async () => {
    const o = await open({ fakeApi: { package: { autoRenew: true } } });
    try {
      const ctx = ctxOf(o);
      const r = o.app.controller.view().snapshot.money.renewal;
      assert.ok(r && r.trafficUsedUp && r.short && r.short.minor > 0, 'it renews when the traffic runs out, and the balance is short');
      const line = o.page.locator('.package-renewal');
      // The shape first (hidden from screen readers), then the word.
      const said = async () => (await line.innerText()).replace(/^▲\s*/, '');
      assert.equal(await said(), `Balance too low: ${renewalText(r, ctx)}.`);
      assert.match(await said(), /^Balance too low: Auto-renews on Dec 5 \(traffic used up\) for \$\d+\.\d\d; balance \$12\.40, short by \$\d+\.\d\d\.$/);
      assert.equal(await line.getAttribute('class'), 'package-renewal package-renewal-short');
      assert.equal(await line.locator('.renewal-icon').innerText(), '▲', 'a shape as well as the colour');
      const colour = await line.evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e).color);
      assert.equal(colour, 'rgb(192, 38, 45)', 'in the warning colour');
      // The forecast says the same date; with a balance that cannot pay, running out is running out
      // (the renewal line says why); the expiry line does not claim a renewal on its own date.
      assert.match(await o.page.locator('.forecast').innerText(), /^Runs out in \d+ days, Dec 5, at /);
      assert.match(await o.page.locator('.package-expiry').innerText(), /^Expires Dec 17, \d\d:\d\d \(in \d+ days\)$/);
      await screenshot(o.page, 'package-renewal-short-light');

      o.app.api.setMoney({ balance: 500 });
      await o.page.locator('#refresh').click();
      await line.filter({ hasText: /balance \$500\.00 pays it\.$/ }).waitFor();
      // Paid for: running out now means renewing, and the forecast says so.
      assert.match(await o.page.locator('.forecast').innerText(), /^Renews in \d+ days, Dec 5 \(traffic used up\), at /);
      assert.equal(await line.getAttribute('class'), 'package-renewal');
      assert.equal(await line.locator('.renewal-word').count(), 0);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('an account without money figures: no cost column, no spend line, no cost in the totals, and no made-up figure', async () => {
    const o = await open({ fakeApi: { variants: { noMoney: true } } });
    try {
      const m = o.app.controller.view().snapshot.money;
      assert.equal(m.pricePerGb, null);
      assert.ok(m.topUp, 'the top-up in GB is still known');
      await openTable(o.page);
      assert.equal(await o.page.locator('#chart-table .cost').count(), 0, 'no cost column or row');
      assert.equal(await o.page.locator('#chart-table tfoot tr').count(), 1);
      assert.equal(await o.page.locator('.package-spend').count(), 0);
      for (const id of ['#total-range-cost', '#total-month-cost', '#total-today-cost']) assert.equal(await o.page.locator(id).isVisible(), false, id);
      assert.match(await o.page.locator('.package-topup').innerText(), /^To last until Dec 17 at this pace, add about \d+ GiB\.$/);
      const text = await o.page.locator('#overview-content').innerText();
      assert.doesNotMatch(text, /\$|NaN|undefined|null/);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
