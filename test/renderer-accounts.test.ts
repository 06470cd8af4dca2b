// Several accounts and sub-packages in the details window, in real Chromium behind the real preload,
// IPC handler table and controller, against the fake API (two keys, one a reseller with two
// sub-packages) over HTTP and the real keychain: the packages table and its total to the byte, its
// sorting, the switcher (the chart's request names the package; the cards follow), the reserved
// traffic on a main package's card, names as text, and Settings → Accounts (add, refuse, remove,
// default, rename).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_API_KEY, type AppUnderTest } from './harness/app-under-test.js';
import { screenshot, startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { AT, ZONE, assertHealthy, openApp, type OpenOptions, type OpenedApp } from './harness/app-window.js';
import { PACKAGE_PERIOD_MS } from './fake-api/server.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { exactBytes, formatBytes } from '../src/shared/bytes.js';
import { waitUntil } from './support/wait.js';
import { accountIdOf, RESELLER, RESELLER_KEY, resellerAccount, SUB_A, SUB_B, tableReady as packageRowsReady } from './support/reseller-window.js';

const SPARE_KEY = 'ui-test-SPARE-00112233445566778899';
/** User text that looks like markup: it must reach the page as text. */
const MARKUP = '<img src=x onerror=alert(1)> & Co';
const TODAY = localDateOf(AT, ZONE);

const RESELLER_ACCOUNT = resellerAccount(5e9);

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

/** Two accounts: "Main" (the harness's key) and the reseller with its two sub-packages. */
const openTwo = (options: OpenOptions = {}, name = RESELLER): Promise<OpenedApp> =>
  openApp(h, {
    viewport: { width: 1180, height: 900 },
    ...options,
    fakeApi: { otherAccounts: [RESELLER_ACCOUNT, { apiKey: SPARE_KEY }], ...options.fakeApi },
    accounts: [{ name, apiKey: RESELLER_KEY }],
  });

/** Every package's figures in the table, and the chart's summary written. */
async function tableReady(page: Page, rows = 4): Promise<void> {
  await packageRowsReady(page, rows);
  await page.locator('#chart-summary', { hasText: /\S/ }).waitFor();
}

type Cell = { getAttribute(name: string): string | null; textContent: string | null };

interface Row {
  id: string;
  cells: string[];
  bytes: Record<string, number>;
}

/** The table's rows: their package id, every cell's text, and each byte cell's exact bytes by its column. */
async function readRows(page: Page, part: 'tbody' | 'tfoot' = 'tbody'): Promise<Row[]> {
  const head = (await page.locator('#packages-table thead th').allTextContents()).map((t) => t.replace(/[▲▼]/g, '').trim());
  const raw = await page.locator(`#packages-table ${part} tr`).evaluateAll((trs) =>
    (trs as unknown as Array<Cell & { children: ArrayLike<Cell> }>).map((tr) => ({
      id: tr.getAttribute('data-package') ?? '',
      cells: Array.from(tr.children).map((c) => ({ text: (c.textContent ?? '').trim(), bytes: c.getAttribute('data-bytes') })),
    })),
  );
  return raw.map((r) => ({
    id: r.id,
    cells: r.cells.map((c) => c.text),
    bytes: Object.fromEntries(r.cells.flatMap((c, i) => (c.bytes === null ? [] : [[head[i] ?? String(i), Number(c.bytes)]]))),
  }));
}

/** What the fake counts as used in a package's period (it ends at its expiry) up to now. */
function usedOf(traffic: Array<{ bytes: number }>): number {
  return traffic.reduce((a, s) => a + s.bytes, 0);
}

/** Each package's limit, used, reserved and left as the fake API holds them. */
function expected(app: AppUnderTest) {
  const now = app.now();
  const main = app.api.account(TEST_API_KEY);
  const reseller = app.api.account(RESELLER_KEY);
  const period = (expiresAt: number) => [expiresAt - PACKAGE_PERIOD_MS, Math.min(now, expiresAt + 1)] as const;
  const mainUsed = usedOf(main.trafficBetween(...period(main.package.expiresAt)));
  const resellerUsed = usedOf(reseller.trafficBetween(...period(reseller.package.expiresAt)));
  const reserved = reseller.subPackages.reduce((a, s) => a + s.limitBytes, 0);
  const subs = reseller.subPackages.map((s) => {
    const used = usedOf(reseller.subTrafficBetween(s.key, ...period(s.expiresAt)));
    return { key: s.key, limit: s.limitBytes, used, left: Math.max(0, s.limitBytes - used) };
  });
  return {
    main: { limit: main.package.limitBytes, used: mainUsed, left: main.package.limitBytes - mainUsed },
    reseller: { limit: reseller.package.limitBytes, used: resellerUsed, reserved, left: reseller.package.limitBytes - resellerUsed - reserved },
    subs,
  };
}

function subTraffic(app: AppUnderTest, key: string, from: string, to: string): number {
  return usedOf(app.api.account(RESELLER_KEY).subTrafficBetween(key, localDayBounds(from, ZONE).start, localDayBounds(to, ZONE).end));
}

function mainTraffic(app: AppUnderTest, apiKey: string, from: string, to: string): number {
  return usedOf(app.api.account(apiKey).trafficBetween(localDayBounds(from, ZONE).start, localDayBounds(to, ZONE).end));
}

describe('the packages table', () => {
  test('lists every package of both accounts with the fake API’s figures to the byte, and a total that adds up', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const rows = await readRows(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      assert.deepEqual(
        rows.map((r) => r.id),
        ['main/main', `${resellerId}/main`, `${resellerId}/${SUB_A}`, `${resellerId}/${SUB_B}`],
        'the main package first, then its sub-packages, account by account',
      );
      const e = expected(o.app);
      assert.deepEqual(rows[0]!.bytes, { Limit: e.main.limit, Used: e.main.used, Reserved: 0, Left: e.main.left });
      assert.deepEqual(rows[1]!.bytes, { Limit: e.reseller.limit, Used: e.reseller.used, Reserved: e.reseller.reserved, Left: e.reseller.left });
      assert.equal(e.reseller.used + e.reseller.left + e.reseller.reserved, e.reseller.limit, 'a main package’s row adds up with its reserved part');
      for (const [i, s] of e.subs.entries()) assert.deepEqual(rows[2 + i]!.bytes, { Limit: s.limit, Used: s.used, Left: s.left });
      assert.ok(e.subs.every((s) => s.used > 0), 'the sub-packages have traffic of their own');

      // Each row in words: account, package, state in the package card's words.
      assert.equal(rows[0]!.cells[0], 'Main');
      assert.equal(rows[1]!.cells[0], RESELLER);
      assert.equal(rows[2]!.cells[1], 'Sub-package cccc');
      assert.match(rows[3]!.cells.at(-1)!, /Used up|Running low|OK/);
      const expires = rows[2]!.cells[8];
      assert.ok(expires && expires !== '–' && expires !== 'Unknown', 'a sub-package’s expiry is shown');

      // The total: used and left are the rows' added up; its limit is used + left (reserved traffic
      // is counted once, in the sub-packages), and a note says why it is not the rows' limits added up.
      const [total] = await readRows(o.page, 'tfoot');
      const used = e.main.used + e.reseller.used + e.subs.reduce((a, s) => a + s.used, 0);
      const left = e.main.left + e.reseller.left + e.subs.reduce((a, s) => a + s.left, 0);
      assert.deepEqual(total!.bytes, { Limit: used + left, Used: used, Left: left });
      assert.equal(total!.cells[0], 'Total');
      await o.page.locator('.packages-notes', { hasText: 'counted once, in the sub-packages' }).waitFor();

      // The cards show all packages added up to start with.
      assert.equal(await o.page.locator('#package-title').innerText(), 'All packages');
      assert.equal(await o.page.locator('#package-switcher').inputValue(), 'all');
      assert.match(await o.page.locator('#package-body .package-left .figure').innerText(), new RegExp(`^${formatBytes(left).replace('.', '\\.')}$`));
      await screenshot(o.page, 'packages-overview-light');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a click on a header sorts by it (aria-sort says which way), a second reverses, and the keyboard sorts too, also after a poll redrew the table', async () => {
    const o = await openTwo({ colorScheme: 'dark' });
    try {
      await tableReady(o.page);
      const leftOf = async () => (await readRows(o.page)).map((r) => r.bytes['Left']!);
      const leftHeader = o.page.locator('#packages-table thead th', { has: o.page.locator('button[data-sort="left"]') });
      assert.equal(await leftHeader.getAttribute('aria-sort'), 'none');
      await o.page.locator('button[data-sort="left"]').click();
      const up = await leftOf();
      assert.deepEqual(up, [...up].sort((a, b) => a - b));
      assert.equal(await leftHeader.getAttribute('aria-sort'), 'ascending');
      // Taken before the app's clock moves on below (the page's stays: it would read "before a clock change").
      await screenshot(o.page, 'packages-overview-dark');
      // New figures from a poll draw the table anew: the focus stays on the header's button (a CI
      // run once lost it to a poll landing here), so Enter sorts again: the other way.
      const before = await o.page.locator('#packages-table tbody').elementHandle();
      o.app.advanceClock(60_000);
      assert.equal((await o.app.controller.refresh()).ok, true);
      await waitUntil('the table drawn anew', async () => (await before!.evaluate((e) => e.isConnected)) === false);
      const upNow = await leftOf();
      assert.deepEqual(upNow, [...upNow].sort((a, b) => a - b), 'still ascending, with the new figures');
      await o.page.keyboard.press('Enter');
      await waitUntil('descending', async () => (await leftHeader.getAttribute('aria-sort')) === 'descending');
      const down = await leftOf();
      assert.deepEqual(down, [...upNow].reverse());
      // A package's name button keeps the focus over a redraw as well.
      const firstId = (await readRows(o.page))[0]!.id;
      await o.page.locator(`#packages-table tr[data-package="${firstId}"] .link-button`).focus();
      const drawn = await o.page.locator('#packages-table tbody').elementHandle();
      o.app.advanceClock(60_000);
      assert.equal((await o.app.controller.refresh()).ok, true);
      await waitUntil('the table drawn anew', async () => (await drawn!.evaluate((e) => e.isConnected)) === false);
      assert.equal(await o.page.evaluate('document.activeElement?.closest("tr")?.getAttribute("data-package") + " " + document.activeElement?.className'), `${firstId} link-button`);
      // Text columns sort by their words; the total stays last, outside the sorted rows.
      await o.page.locator('button[data-sort="account"]').focus();
      await o.page.keyboard.press('Space');
      const accounts = (await readRows(o.page)).map((r) => r.cells[0]!);
      assert.deepEqual(accounts, [...accounts].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
      assert.equal((await readRows(o.page, 'tfoot'))[0]!.cells[0], 'Total');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('account and package names are shown as text, never as markup', async () => {
    const o = await openTwo({}, MARKUP);
    try {
      await tableReady(o.page);
      assert.equal(await o.page.locator('#packages-table img').count(), 0);
      assert.equal(await o.page.locator('img').count(), 0, 'no element was made from a name');
      assert.equal(await o.page.locator('#packages-table tbody td', { hasText: MARKUP }).count(), 3);
      const optgroups = await o.page.locator('#package-switcher optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
      assert.deepEqual(optgroups, ['Main', MARKUP]);
      await o.page.locator('#tab-settings').click();
      await o.page.locator('.account-name', { hasText: MARKUP }).waitFor();
      assert.equal(await o.page.locator('#accounts-section img').count(), 0);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('a package used past its limit', () => {
  test('its Used cell says by how much it is over, as the CLI and the tray do', async () => {
    // Client B's limit far below what it used: the API lets a package run over.
    const over = { ...RESELLER_ACCOUNT, subPackages: [RESELLER_ACCOUNT.subPackages[0]!, { ...RESELLER_ACCOUNT.subPackages[1]!, limitBytes: 1_000_000 }] };
    const o = await openApp(h, { viewport: { width: 1180, height: 900 }, fakeApi: { otherAccounts: [over] }, accounts: [{ name: RESELLER, apiKey: RESELLER_KEY }] });
    try {
      await tableReady(o.page);
      const row = o.page.locator(`#packages-table tbody tr[data-package$="/${SUB_B}"]`);
      const used = await row.locator('td[data-bytes]').nth(1).innerText();
      assert.match(used, /\(over by [\d.]+ (MB|GB)\)$/);
      const other = await o.page.locator(`#packages-table tbody tr[data-package$="/${SUB_A}"] td[data-bytes]`).nth(1).innerText();
      assert.doesNotMatch(other, /over by/);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('the switcher', () => {
  test('choosing a sub-package asks for its series by its id and shows its own figures; All stacks one part per package', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      const from = addDays(TODAY, -6);
      const all = mainTraffic(o.app, TEST_API_KEY, from, TODAY) + mainTraffic(o.app, RESELLER_KEY, from, TODAY) + subTraffic(o.app, SUB_A, from, TODAY) + subTraffic(o.app, SUB_B, from, TODAY);
      // The chart is asked for again as each package's first sync lands: wait for the last answer.
      await waitUntil('the range card shows every package’s traffic', async () => (await o.page.locator('#total-range').getAttribute('title')) === exactBytes(all), 10_000);
      // All packages: one request per package, each naming it; the range's total is theirs added up.
      const allCalls = o.w.calls.filter((c) => c.channel === 'traffic:get-series').map((c) => (c.payload as { package?: string }).package);
      for (const id of ['main/main', `${resellerId}/main`, `${resellerId}/${SUB_A}`, `${resellerId}/${SUB_B}`]) assert.ok(allCalls.includes(id), `the chart asked for ${id}`);
      assert.match(await o.page.locator('#chart-summary').innerText(), /^Last 7 days, all packages: .* from 4 packages\./);
      assert.equal(await o.page.locator('#login-filter').isVisible(), false, 'a total has packages, not lists, to filter');
      assert.equal(await o.page.locator('#export-csv').isDisabled(), true, 'the CSV is one package’s lists');

      const before = o.w.calls.length;
      await o.page.locator('#package-switcher').selectOption(`${resellerId}/${SUB_A}`);
      await waitUntil('the sub-package’s series', () => o.w.calls.slice(before).some((c) => c.channel === 'traffic:get-series'));
      const request = o.w.calls.slice(before).find((c) => c.channel === 'traffic:get-series')!.payload as { package?: string; from: string; to: string };
      assert.equal(request.package, `${resellerId}/${SUB_A}`);
      const sub = subTraffic(o.app, SUB_A, request.from, request.to);
      await waitUntil('the range card shows the sub-package’s traffic', async () => (await o.page.locator('#total-range').getAttribute('title')) === exactBytes(sub));
      assert.match(await o.page.locator('#package-title').innerText(), /Sub-package cccc$/);
      const e = expected(o.app).subs[0]!;
      assert.equal(await o.page.locator('#package-body .package-left .figure').getAttribute('title'), exactBytes(e.left));
      assert.match(await o.page.locator('#package-body').innerText(), new RegExp(`Package ${SUB_A}`));
      // Its own lists in the filter, and the export is back.
      assert.equal(await o.page.locator('#login-filter').isVisible(), true);
      assert.deepEqual((await o.page.locator('#login-filter option').allTextContents()).slice(1).sort(), ['client-a-1', 'client-a-2']);
      assert.equal(await o.page.locator('#export-csv').isDisabled(), false);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the All packages card is as bad as its worst package, by each package’s own thresholds, as the table’s total row', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      await o.page.locator('#package-card[data-quota="ok"]').waitFor();
      // Client B (5 GB) with a threshold of its own above its whole limit: low by it, the rest ok.
      assert.equal((await o.app.controller.updateSettings({ packages: { [`${resellerId}/${SUB_B}`]: { alerts: { leftBelowBytes: 100e9 } } } })).ok, true);
      await o.page.locator('#package-card[data-quota="low"]').waitFor();
      await waitUntil('the table’s total row is low too', async () => /low/i.test(await o.page.locator('#packages-table tfoot tr').innerText()));
      // One package chosen: its own state (Main is ok).
      await o.page.locator('#package-switcher').selectOption('main/main');
      await o.page.locator('#package-card[data-quota="ok"]').waitFor();
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a notification about a sub-package opens the window at that package (app:show-package)', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      const before = o.w.calls.length;
      await o.w.emit('app:navigate', 'package');
      await o.w.emit('app:show-package', `${resellerId}/${SUB_B}`);
      await waitUntil('the switcher shows the package', async () => (await o.page.locator('#package-switcher').inputValue()) === `${resellerId}/${SUB_B}`);
      await waitUntil('its series asked for', () => o.w.calls.slice(before).some((c) => c.channel === 'traffic:get-series' && (c.payload as { package?: string }).package === `${resellerId}/${SUB_B}`));
      assert.match(await o.page.locator('#package-title').innerText(), new RegExp(`Sub-package ${SUB_B.slice(-4)}$`));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a main package’s card says what it reserved for its sub-packages, so used + left + reserved reads as the limit', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const resellerId = await accountIdOf(o.app, RESELLER);
      // A package's name in the table picks it for the cards.
      await o.page.locator(`#packages-table tr[data-package="${resellerId}/main"] .link-button`).click();
      assert.equal(await o.page.locator('#package-switcher').inputValue(), `${resellerId}/main`);
      const e = expected(o.app).reseller;
      const reserved = o.page.locator('#package-body .package-reserved');
      await reserved.waitFor();
      assert.equal(await reserved.innerText(), `Reserved for sub-packages: ${formatBytes(e.reserved)} (used + left + reserved = ${formatBytes(e.limit)}).`);
      assert.equal(await reserved.locator('.figure').getAttribute('title'), exactBytes(e.reserved));
      assert.equal(await o.page.locator('#package-body .package-left .figure').getAttribute('title'), exactBytes(e.left));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a single package looks as before: no table, no switcher, and its requests name no package', async () => {
    const o = await openApp(h, { waitForFigures: true });
    try {
      assert.equal(await o.page.locator('#packages-card').isVisible(), false);
      assert.equal(await o.page.locator('#package-switch').isVisible(), false);
      assert.equal(await o.page.locator('#package-title').innerText(), 'Package');
      const series = o.w.calls.filter((c) => c.channel === 'traffic:get-series');
      assert.ok(series.length > 0 && series.every((c) => !('package' in (c.payload as object))));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});

describe('Settings → Accounts', () => {
  test('adding an account checks its key with the API, stores it in its own keychain entry, and only its last four come back', async () => {
    const o = await openApp(h, { waitForFigures: true, fakeApi: { otherAccounts: [RESELLER_ACCOUNT] } });
    try {
      await o.page.locator('#tab-settings').click();
      await o.page.locator('#account-name').fill('Reseller');
      await o.page.locator('#account-key').fill(RESELLER_KEY);
      const asked = o.app.api.requests.length;
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('.accounts-list > li .account-name', { hasText: 'Reseller' }).waitFor();
      assert.equal(await o.page.locator('#account-key').inputValue(), '', 'the field is emptied');
      await o.page.locator('.accounts-list .account-key', { hasText: `key …${RESELLER_KEY.slice(-4)}` }).waitFor();
      const id = await accountIdOf(o.app, 'Reseller');
      assert.equal(await o.app.secretsFor(`api-key.${id}`).get(), RESELLER_KEY, 'the key is in its own entry of the keychain');
      assert.ok(o.app.api.requests.slice(asked).some((r) => r.keyOk && r.endpoint === 'package'), 'the API was asked for the package with it');
      const html = await o.page.content();
      assert.ok(!html.includes(RESELLER_KEY) && !html.includes(RESELLER_KEY.slice(0, 14)), 'the key is not in the page');
      const replies = JSON.stringify(o.w.calls.filter((c) => c.channel !== 'accounts:add'));
      assert.ok(!replies.includes(RESELLER_KEY), 'only the add request carried it');
      // Its packages appear on the Overview once polled.
      await o.page.locator('#tab-overview').click();
      await tableReady(o.page);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('a key the API refuses is not stored: the form says why and keeps the name', async () => {
    const o = await openApp(h, { waitForFigures: true });
    try {
      await o.page.locator('#tab-settings').click();
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('#account-msg', { hasText: 'Give the account a name first.' }).waitFor();
      await o.page.locator('#account-name').fill('Nope');
      await o.page.locator('#account-key').fill('ui-test-WRONG-key-000000');
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('#account-msg', { hasText: /^The account was not added\./ }).waitFor();
      assert.equal(await o.page.locator('#account-key').getAttribute('aria-invalid'), 'true');
      assert.equal(await o.page.locator('#account-name').inputValue(), 'Nope');
      assert.equal(await o.page.locator('.accounts-list > li').count(), 1);
      assert.equal(o.app.controller.view().accounts.length, 1);
      assert.ok(!(await o.page.locator('#account-msg').innerText()).includes('WRONG'), 'the message never quotes the key');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('the field main refused is the one marked: a taken name or one that breaks the rule marks the name, a key of the wrong form or one the API refuses the key', async () => {
    const o = await openApp(h, { waitForFigures: true, fakeApi: { otherAccounts: [RESELLER_ACCOUNT] } });
    try {
      await o.page.locator('#tab-settings').click();
      const name = o.page.locator('#account-name');
      const key = o.page.locator('#account-key');
      // Taken (names compare without case): main refuses it before it looks at the key.
      await name.fill('main');
      await key.fill(RESELLER_KEY);
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('#account-msg', { hasText: 'There is already an account named "main".' }).waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.equal(await key.getAttribute('aria-invalid'), null, 'the key was not what was refused');
      // A taken name with a key of the wrong form: main refuses the key's form first, and says so.
      await key.fill('abc def');
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('#account-msg', { hasText: /^The API key must not contain spaces/ }).waitFor();
      assert.equal(await key.getAttribute('aria-invalid'), 'true');
      assert.equal(await name.getAttribute('aria-invalid'), null, 'the name was not what was refused');
      await key.fill(RESELLER_KEY);
      // Digits only: the shared name rule, in main's words, before any key is sent.
      const adds = () => o.w.calls.filter((c) => c.channel === 'accounts:add').length;
      const sent = adds();
      await name.fill('2026');
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('#account-msg', { hasText: /^The account name must contain a letter/ }).waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.equal(await key.getAttribute('aria-invalid'), null);
      assert.equal(adds(), sent, 'nothing was sent');
      // A good name and a key the API refuses: now the key is marked, and the name is not.
      await name.fill('Other');
      await key.fill('ui-test-WRONG-key-000000');
      await o.page.locator('.account-add button[type="submit"]').click();
      await o.page.locator('#account-msg', { hasText: /^The account was not added\./ }).waitFor();
      assert.equal(await key.getAttribute('aria-invalid'), 'true');
      assert.equal(await name.getAttribute('aria-invalid'), null);
      assert.equal(o.app.controller.view().accounts.length, 1);
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('removing an account asks first, then removes it and its keychain entry; another can be made the default', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const id = await accountIdOf(o.app, RESELLER);
      await o.page.locator('#tab-settings').click();
      const item = o.page.locator(`.accounts-list > li[data-account="${id}"]`);
      // Make it the default, then back, so it can be removed like any other.
      await item.getByRole('button', { name: /the default account$/ }).click();
      await item.locator('.badge', { hasText: 'Default' }).waitFor();
      assert.equal(o.app.controller.view().accounts.find((a) => a.default)?.id, id);
      await o.page.locator('.accounts-list > li[data-account="main"]').getByRole('button', { name: /the default account$/ }).click();
      await o.page.locator('.accounts-list > li[data-account="main"] .badge', { hasText: 'Default' }).waitFor();

      await item.getByRole('button', { name: /^Remove / }).click();
      await item.getByText('Its history stays on disk.', { exact: false }).waitFor();
      await item.getByRole('button', { name: 'Keep it' }).click();
      assert.equal(o.app.controller.view().accounts.length, 2, 'kept');
      await item.getByRole('button', { name: /^Remove / }).click();
      await item.getByRole('button', { name: 'Remove the account' }).click();
      await item.waitFor({ state: 'detached' });
      assert.equal(await o.app.secretsFor(`api-key.${id}`).get(), null, 'its key left the keychain');
      await o.page.locator('#tab-overview').click();
      await o.page.locator('#packages-card').waitFor({ state: 'hidden' });
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('naming a sub-package renames it in the table and the switcher', async () => {
    const o = await openTwo();
    try {
      await tableReady(o.page);
      const id = `${await accountIdOf(o.app, RESELLER)}/${SUB_B}`;
      await o.page.locator('#tab-settings').click();
      const item = o.page.locator(`.account-packages > li[data-package="${id}"]`);
      await item.getByRole('button', { name: /^Rename / }).click();
      await item.locator('input').fill('Client <B>');
      await item.getByRole('button', { name: 'Save name' }).click();
      await item.locator('.package-name', { hasText: 'Client <B>' }).waitFor();
      await o.page.locator('#tab-overview').click();
      await o.page.locator(`#packages-table tr[data-package="${id}"] .link-button`, { hasText: 'Client <B>' }).waitFor();
      assert.ok((await o.page.locator('#package-switcher option').allTextContents()).includes(`${RESELLER} · Client <B>`));
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
