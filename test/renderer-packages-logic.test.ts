// The window's pure rules for several packages (no DOM): the table's rows, total notes and sorting,
// the switcher's choices, and the chart of a total (one part per package). The same modules run in
// the page (test/renderer-accounts.test.ts); here each rule is checked on its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountView, AppView, PackageView, SeriesResponse } from '../src/shared/ipc.js';
import { NO_MONEY, type Forecast, type PackageInfo, type Snapshot } from '../src/shared/types.js';
import { packageRows, runsOutCell, sortRows, totalNotes, totalRow, type PackageRow } from '../src/renderer/package-rows.js';
import { ALL, choiceOptions, resolveChoice } from '../src/renderer/package-choice.js';
import { mergePackageSeries } from '../src/renderer/merge-series.js';
import { defaultSettings } from '../src/shared/settings.js';
import { totalSnapshot } from '../src/core/sync/total.js';

const NOW = Date.parse('2026-11-26T11:30:00Z');
const DAY = 86_400_000;
const GB = 1e9;

function pkg(p: Partial<PackageInfo>): PackageInfo {
  return { key: 'k', active: true, limitBytes: 10 * GB, usedBytes: 4 * GB, leftBytes: 6 * GB, reservedBytes: 0, expiresAt: NOW + 10 * DAY, autoRenew: false, rotationSeconds: null, tariffId: null, ...p };
}

function snap(p: PackageInfo | null, forecast: Forecast = { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null }, extra: Partial<Snapshot> = {}): Snapshot {
  const day = { date: '2026-11-26', totalBytes: 0, byLogin: {} };
  return {
    generatedAt: NOW,
    localTimeZone: 'Europe/Berlin',
    apiTimeZone: 'UTC',
    today: day,
    yesterday: { ...day, date: '2026-11-25' },
    monthToDate: { from: '2026-11-01', to: '2026-11-26', totalBytes: 0, byLogin: {} },
    package: p,
    forecast,
    lastSuccessAt: NOW,
    lastAttemptAt: NOW,
    stale: false,
    problem: null,
    syncing: false,
    titles: {},
    money: NO_MONEY,
    ...extra,
  };
}

const KEY = { stored: true, last4: 'abcd', fromEnv: false, keychainError: null, keychainLocked: false };

function view(accounts: Array<{ id: string; name: string; packages: Array<{ key: string; kind: 'main' | 'sub'; name: string; snapshot: Snapshot }> }>): AppView {
  const several = accounts.length > 1;
  const views: AccountView[] = accounts.map((a, i) => {
    const packages: PackageView[] = a.packages.map((p) => ({
      id: `${a.id}/${p.kind === 'main' ? 'main' : p.key}`,
      accountId: a.id,
      accountName: a.name,
      kind: p.kind,
      name: p.name,
      label: !several ? p.name : p.kind === 'main' ? a.name : `${a.name} · ${p.name}`,
      snapshot: p.snapshot,
    }));
    return { id: a.id, name: a.name, default: i === 0, key: KEY, packages, total: totalSnapshot(packages, NOW) };
  });
  const all = views.flatMap((a) => a.packages);
  return {
    snapshot: all[0]!.snapshot,
    key: KEY,
    accounts: views,
    total: totalSnapshot(all, NOW),
    settings: defaultSettings,
    paused: false,
    online: true,
    syncing: false,
    nextCheckAt: null,
    demo: false,
    notices: [],
    version: 'test',
  };
}

const runsOut = (at: number, lastsPastExpiry = false): Forecast => ({
  kind: 'runs-out',
  averageDailyBytes: GB,
  runsOutOn: new Date(at).toISOString().slice(0, 10),
  runsOutAt: at,
  lastsPastExpiry,
  daysBeforeExpiry: null,
  unusedAtExpiryBytes: null,
  dailyBudgetBytes: null,
});

/** A reseller (main reserving 15 GB for two subs), an expired package with traffic left, and one not read yet. */
const RESELLER = view([
  {
    id: 'main',
    name: 'Main',
    packages: [
      { key: 'm1', kind: 'main', name: 'Main package', snapshot: snap(pkg({ limitBytes: 20 * GB, usedBytes: 18.5 * GB, leftBytes: 1.5 * GB }), runsOut(NOW + 2 * DAY)) },
    ],
  },
  {
    id: 'r',
    name: 'Reseller',
    packages: [
      { key: 'r1', kind: 'main', name: 'Main package', snapshot: snap(pkg({ limitBytes: 50 * GB, usedBytes: 5 * GB, leftBytes: 30 * GB, reservedBytes: 15 * GB }), runsOut(NOW + 20 * DAY, true)) },
      { key: 'sa', kind: 'sub', name: 'Client A', snapshot: snap(pkg({ limitBytes: 10 * GB, usedBytes: 2 * GB, leftBytes: 8 * GB }), runsOut(NOW + 5 * DAY)) },
      { key: 'sb', kind: 'sub', name: 'Client B', snapshot: snap(pkg({ limitBytes: 5 * GB, usedBytes: 1 * GB, leftBytes: 4 * GB, expiresAt: NOW - DAY }), { kind: 'expired' }) },
      { key: 'sc', kind: 'sub', name: 'Client C', snapshot: snap(null, { kind: 'no-package' }, { lastSuccessAt: null, stale: true }) },
    ],
  },
]);

const ids = (rows: readonly PackageRow[]) => rows.map((r) => r.id);

describe('the packages table’s rows', () => {
  test('a package with settings of its own is marked, and its state follows its own thresholds; the others and the total go by the shared ones', () => {
    // Client A has 8 GB of 10 left: ok by the shared 1 GB / 10 %, low by its own 9 GB.
    const own = { ...RESELLER, settings: { ...defaultSettings, packages: { 'r/sa': { alerts: { leftBelowBytes: 9 * GB } }, 'r/r1': { notificationsEnabled: false } } } };
    const before = packageRows(RESELLER, 'en-US');
    const rows = packageRows(own, 'en-US');
    assert.equal(before.find((r) => r.id === 'r/sa')!.state, 'ok');
    assert.equal(rows.find((r) => r.id === 'r/sa')!.state, 'low');
    assert.deepEqual(rows.filter((r) => r.own).map((r) => r.id), ['r/sa'], 'an entry for a package that is not there marks nothing');
    assert.deepEqual(
      rows.filter((r) => r.id !== 'r/sa').map((r) => r.state),
      before.filter((r) => r.id !== 'r/sa').map((r) => r.state),
    );
    assert.equal(totalRow(own, rows, 'en-US')!.own, false);
  });

  test('one row per package, a main package’s used + left + reserved is its limit, and the states in the card’s words', () => {
    const rows = packageRows(RESELLER, 'en-US');
    assert.deepEqual(ids(rows), ['main/main', 'r/main', 'r/sa', 'r/sb', 'r/sc']);
    const r = rows[1]!;
    assert.equal(r.used! + r.left! + r.reserved!, r.limit);
    assert.deepEqual(
      rows.map((x) => x.state),
      ['low', 'ok', 'ok', 'expired', null],
    );
    assert.equal(rows[4]!.limit, null, 'a package not read yet has no figures, not zeros');
    assert.equal(rows[4]!.stale, true);
    // A sub-package reserves nothing of its own: no figure, so it sorts after every main package either way.
    assert.deepEqual(
      rows.filter((x) => x.kind === 'sub').map((x) => x.reserved),
      [null, null, null],
    );
    for (const dir of ['ascending', 'descending'] as const) {
      assert.deepEqual(ids(sortRows(rows, { key: 'reserved', direction: dir })).slice(2), ['r/sa', 'r/sb', 'r/sc'], dir);
    }
  });

  test('the total: used and usable left added up, limit = used + left, the worst state; notes say why it is not the rows’ limits', () => {
    const rows = packageRows(RESELLER, 'en-US');
    const total = totalRow(RESELLER, rows, 'en-US')!;
    assert.equal(total.used, 26.5 * GB);
    // The expired sub-package's 4 GB cannot be used: not left.
    assert.equal(total.left, 39.5 * GB);
    assert.equal(total.limit, total.used! + total.left!);
    assert.equal(total.reserved, null, 'reserved traffic is counted in the sub-packages');
    assert.equal(total.state, 'expired');
    const notes = totalNotes(RESELLER);
    assert.equal(notes.length, 2);
    assert.match(notes[0]!, /reserved for its sub-packages is counted once/);
    assert.match(notes[1]!, /expired or inactive package is not counted as left/);
  });

  test('runs out: dated run-outs first, then "lasts past expiry", then no use; expired has none', () => {
    assert.equal(runsOutCell(runsOut(NOW + DAY), null, '2026-11-26', 'en-US').text, 'Nov 27');
    assert.equal(runsOutCell(runsOut(NOW + DAY, true), null, '2026-11-26', 'en-US').text, 'Lasts past expiry');
    assert.deepEqual(runsOutCell({ kind: 'expired' }, null, '2026-11-26', 'en-US'), { text: 'Expired', at: null });
    const sorted = sortRows(packageRows(RESELLER, 'en-US'), { key: 'runsOut', direction: 'ascending' });
    assert.deepEqual(ids(sorted), ['main/main', 'r/sa', 'r/main', 'r/sb', 'r/sc']);
  });
});

test('a package with nothing left says "Used up" (as the CLI does), never the day of a run-out, and sorts before every dated one', () => {
  const usedUp = { key: 'k', limitBytes: 10, usedBytes: 10, leftBytes: 0, expiresAt: null, active: true } as unknown as Parameters<typeof runsOutCell>[1];
  const cell = runsOutCell(runsOut(NOW), usedUp, '2026-11-26', 'en-US');
  assert.deepEqual(cell, { text: 'Used up', at: 0 });
  assert.ok(cell.at! < runsOutCell(runsOut(NOW + DAY), null, '2026-11-26', 'en-US').at!);
});

describe('sorting', () => {
  const rows = packageRows(RESELLER, 'en-US');

  test('numbers ascending and descending; what is not known goes last either way', () => {
    assert.deepEqual(ids(sortRows(rows, { key: 'left', direction: 'ascending' })), ['main/main', 'r/sb', 'r/sa', 'r/main', 'r/sc']);
    assert.deepEqual(ids(sortRows(rows, { key: 'left', direction: 'descending' })), ['r/main', 'r/sa', 'r/sb', 'main/main', 'r/sc']);
  });

  test('states by how bad they are; ties keep the accounts’ order; names without case', () => {
    assert.deepEqual(ids(sortRows(rows, { key: 'state', direction: 'descending' })), ['r/sb', 'main/main', 'r/main', 'r/sa', 'r/sc']);
    assert.deepEqual(ids(sortRows(rows, { key: 'account', direction: 'ascending' })), ['main/main', 'r/main', 'r/sa', 'r/sb', 'r/sc']);
    assert.deepEqual(ids(sortRows(rows, { key: 'package', direction: 'descending' })), ['main/main', 'r/main', 'r/sc', 'r/sb', 'r/sa']);
    assert.deepEqual(ids(sortRows(rows, null)), ids(rows));
  });
});

describe('the switcher', () => {
  test('all packages, each account of several packages, and each package, grouped by account', () => {
    assert.deepEqual(
      choiceOptions(RESELLER).map((o) => [o.value, o.label, o.group]),
      [
        ['all', 'All packages', ''],
        ['main/main', 'Main', 'Main'],
        ['account:r', 'Reseller (all packages)', 'Reseller'],
        ['r/main', 'Reseller', 'Reseller'],
        ['r/sa', 'Reseller · Client A', 'Reseller'],
        ['r/sb', 'Reseller · Client B', 'Reseller'],
        ['r/sc', 'Reseller · Client C', 'Reseller'],
      ],
    );
  });

  test('a choice shows its own figures; an account its packages added up; a choice that went away falls back to all', () => {
    const sub = resolveChoice(RESELLER, 'r/sa');
    assert.equal(sub.single?.id, 'r/sa');
    assert.equal(sub.snapshot.package?.leftBytes, 8 * GB);
    const account = resolveChoice(RESELLER, 'account:r');
    assert.equal(account.single, null);
    assert.equal(account.packages.length, 4);
    assert.equal(account.snapshot, RESELLER.accounts[1]!.total);
    const gone = resolveChoice(RESELLER, 'r/removed');
    assert.equal(gone.choice, ALL);
    assert.equal(gone.snapshot, RESELLER.total);
  });

  test('with one package there is nothing to choose: the view’s own snapshot is shown', () => {
    const one = view([{ id: 'main', name: 'Main', packages: [{ key: 'm1', kind: 'main', name: 'Main package', snapshot: snap(pkg({})) }] }]);
    assert.deepEqual(choiceOptions(one), []);
    const pushed = { ...one, snapshot: { ...one.snapshot, stale: true } };
    assert.equal(resolveChoice(pushed, ALL).snapshot, pushed.snapshot);
  });
});

describe('the chart of several packages', () => {
  const response = (series: SeriesResponse['series'], extra: Partial<SeriesResponse> = {}): SeriesResponse => ({
    from: '2026-11-25',
    to: '2026-11-26',
    timeZone: 'Europe/Berlin',
    granularity: 'day',
    buckets: [1, 2],
    series,
    logins: series.map((s) => s.login),
    totalBytes: series.reduce((a, s) => a + s.bytes.reduce((x, y) => x + y, 0), 0),
    stale: false,
    problem: null,
    ...extra,
  });

  test('one part per package, its lists summed; the total is every package’s; a package without traffic has no part', () => {
    const merged = mergePackageSeries([
      { label: 'Main', response: response([{ login: 'a', bytes: [1, 2] }, { login: 'b', bytes: [10, 20] }]) },
      { label: 'Reseller · Client A', response: response([{ login: 'c', bytes: [100, 0] }], { stale: true }) },
      { label: 'Reseller · Client B', response: response([]) },
    ]);
    assert.deepEqual(merged.series, [
      { login: 'Main', bytes: [11, 22] },
      { login: 'Reseller · Client A', bytes: [100, 0] },
    ]);
    assert.equal(merged.totalBytes, 133);
    assert.equal(merged.stale, true, 'stale when any package’s range is');
    assert.deepEqual(merged.logins, ['Main', 'Reseller · Client A', 'Reseller · Client B']);
  });

  test('series with other bars are refused, not stacked', () => {
    assert.throws(() => mergePackageSeries([{ label: 'A', response: response([]) }, { label: 'B', response: response([], { buckets: [1, 3] }) }]), /other bars/);
  });
});
