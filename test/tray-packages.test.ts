// The tray with two accounts, one a reseller with three sub-user packages: the total (added up by
// the core's own totalSnapshot) or one chosen package, the worst package's state in the icon, a
// menu row per package with what is left and its forecast, and the fallback when the chosen package
// is gone. With a single package the tray is exactly what it was.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { packageChoiceOf, presentTray, TOOLTIP_MAX, type TrayModel, type TrayPackage } from '../src/main/tray/presenter.js';
import { totalSnapshot } from '../src/core/sync/total.js';
import { formatBytes } from '../src/shared/bytes.js';
import type { Snapshot } from '../src/shared/types.js';
import { FIXTURE_NOW, makePackage, makeSnapshot } from './support/snapshot-fixture.js';

const GB = 1e9;
const MIN = 60_000;
const NOW = FIXTURE_NOW;
const THRESHOLDS = { leftBelowPercent: 10, leftBelowBytes: GB };

function runsOut(on: string): Snapshot['forecast'] {
  return { kind: 'runs-out', averageDailyBytes: 2 * GB, runsOutOn: on, runsOutAt: Date.parse(`${on}T12:00:00Z`), lastsPastExpiry: false, daysBeforeExpiry: null, unusedAtExpiryBytes: null, dailyBudgetBytes: null };
}

function day(bytes: number, label: string) {
  return { date: '2026-06-10', totalBytes: bytes, byLogin: { [label]: bytes } };
}

/** A package's snapshot: its own figures, today's use and forecast. */
function pkgSnap(o: { key: string; limit: number; used: number; reserved?: number; today: number; forecast?: Snapshot['forecast']; stale?: boolean; lastSuccessAt?: number }): Snapshot {
  const reserved = o.reserved ?? 0;
  // Whole bytes, as the API counts them.
  const [limit, used] = [Math.round(o.limit), Math.round(o.used)];
  return makeSnapshot({
    package: makePackage({ key: o.key, limitBytes: limit, usedBytes: used, leftBytes: limit - used - reserved, reservedBytes: reserved }),
    today: day(o.today, 'x'),
    yesterday: day(o.today * 2, 'x'),
    monthToDate: { from: '2026-06-01', to: '2026-06-10', totalBytes: o.today * 10, byLogin: { x: o.today * 10 } },
    forecast: o.forecast ?? { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null },
    stale: o.stale ?? false,
    lastSuccessAt: o.lastSuccessAt ?? NOW,
  });
}

/** Two accounts: "Personal" (one package) and "Reseller" (its main package, which reserves 25 GB, and Clients A, B, C). */
function world(over: Partial<Record<string, Partial<Parameters<typeof pkgSnap>[0]>>> = {}): TrayPackage[] {
  const base: Array<[string, string, Parameters<typeof pkgSnap>[0]]> = [
    ['personal/main', 'Personal', { key: 'p1', limit: 50 * GB, used: 20 * GB, today: 1 * GB, forecast: runsOut('2026-06-25') }],
    ['reseller/main', 'Reseller', { key: 'r1', limit: 100 * GB, used: 30 * GB, reserved: 25 * GB, today: 2 * GB }],
    ['reseller/ca', 'Reseller · Client A', { key: 'ca', limit: 10 * GB, used: 4 * GB, today: 0.5 * GB, forecast: runsOut('2026-06-20') }],
    // Nearly used up: below the 1 GB threshold, so 'low'.
    ['reseller/cb', 'Reseller · Client B', { key: 'cb', limit: 10 * GB, used: 9.6 * GB, today: 0.3 * GB, forecast: runsOut('2026-06-11') }],
    ['reseller/cc', 'Reseller · Client C', { key: 'cc', limit: 5 * GB, used: 1 * GB, today: 0 }],
  ];
  return base.map(([id, label, o]) => ({ id, label, snapshot: pkgSnap({ ...o, ...over[id] }) }));
}

type Input = Parameters<typeof presentTray>[0];
function present(packages: TrayPackage[], over: Partial<Input> = {}): TrayModel {
  const total = totalSnapshot(packages, NOW);
  return presentTray({
    snapshot: packages[0]!.snapshot,
    hasKey: true,
    paused: false,
    online: true,
    units: 'GB',
    now: NOW,
    intervalMs: 5 * MIN,
    thresholds: THRESHOLDS,
    figure: 'left',
    nextCheckAt: null,
    locale: 'en-US',
    packages,
    total,
    chosen: null,
    ...over,
  });
}

const label = (m: TrayModel, id: string) => m.menu.find((i) => i.id === id)?.label;
const rows = (m: TrayModel) => m.menu.filter((i) => i.type === 'radio');

describe('the tray over two accounts and three sub-packages', () => {
  test('by default it shows the total, whose used and left add up to its limit; the icon has the worst package\'s state', () => {
    const packages = world();
    const m = present(packages);
    const total = totalSnapshot(packages, NOW)!;
    const t = total.package!;
    // Nothing counted twice: the reseller's reserved 25 GB are the clients' own limits.
    assert.equal(t.usedBytes, 64_600_000_000);
    assert.equal(t.leftBytes, 85_400_000_000);
    assert.equal(t.usedBytes + t.leftBytes, t.limitBytes);
    assert.equal(label(m, 'shown'), 'Showing: All packages');
    assert.equal(label(m, 'left'), `Left: ${formatBytes(t.leftBytes)} of ${formatBytes(t.limitBytes)} (${Math.floor((t.leftBytes / t.limitBytes) * 100)}%), expires Jun 30`);
    assert.equal(label(m, 'today'), `Today: ${formatBytes(3.8 * GB)}`);
    // The total's forecast is the first package to run out, named: not all of it runs out tomorrow.
    assert.equal(label(m, 'forecast'), 'Reseller · Client B: Runs out tomorrow, Jun 11, at 2.00 GB/day');
    assert.equal(m.title, `${formatBytes(t.leftBytes)} left`);
    // The total is fine; Client B is not, and the icon says so.
    assert.equal(m.quota, 'low');
    assert.equal(m.icon.quota, 'low');
    assert.match(m.tooltip, /^Proxy-Seller: 3\.80 GB today\nLeft: .+\nReseller · Client B: running low\nUpdated /);
    assert.ok(m.tooltip.length <= TOOLTIP_MAX);
  });

  test("a used-up package has run out already: the total's forecast names the next package that runs out, not an unnamed \"Runs out today\"", () => {
    // Client B used up: its forecast still "runs out" at the current instant (queries.forecast), so it is the total's.
    const usedUp = { kind: 'runs-out', averageDailyBytes: 2 * GB, runsOutOn: '2026-06-10', runsOutAt: NOW, lastsPastExpiry: false, daysBeforeExpiry: null, unusedAtExpiryBytes: null, dailyBudgetBytes: null } as const;
    const m = present(world({ 'reseller/cb': { used: 10 * GB, forecast: usedUp } }));
    assert.equal(m.quota, 'used-up');
    assert.equal(label(m, 'forecast'), 'Reseller · Client A: Runs out in 10 days, Jun 20, at 2.00 GB/day');
    assert.equal(rows(m).find((r) => r.id === 'tray-package:reseller/cb')?.label, 'Reseller · Client B: used up');
  });

  test('the menu lists every package by its label with what is left and its forecast, the total first and marked', () => {
    const m = present(world());
    assert.deepEqual(
      rows(m).map((r) => [r.id, r.label, r.checked, r.enabled]),
      [
        ['tray-package:total', 'All packages: 85.40 GB left (56%)', true, true],
        ['tray-package:personal/main', 'Personal: 30.00 GB left (60%) · Runs out in 15 days, Jun 25, at 2.00 GB/day', false, true],
        ['tray-package:reseller/main', 'Reseller: 45.00 GB left (45%) · Nothing used lately', false, true],
        ['tray-package:reseller/ca', 'Reseller · Client A: 6.00 GB left (60%) · Runs out in 10 days, Jun 20, at 2.00 GB/day', false, true],
        ['tray-package:reseller/cb', 'Reseller · Client B: running low, 400.0 MB left (4%) · Runs out tomorrow, Jun 11, at 2.00 GB/day', false, true],
        ['tray-package:reseller/cc', 'Reseller · Client C: 4.00 GB left (80%) · Nothing used lately', false, true],
      ],
    );
    // The rows come after the figures and before the actions.
    const ids = m.menu.map((i) => i.id);
    assert.ok(ids.indexOf('updated') < ids.indexOf('sep-packages') && ids.indexOf('sep-packages') < ids.indexOf('tray-package:total'));
    assert.ok(ids.indexOf('tray-package:reseller/cc') < ids.indexOf('sep-info'));
    // Today's rows under "Today" are the packages that used traffic, by label.
    assert.deepEqual(
      m.menu.filter((i) => i.id.startsWith('list')).map((i) => i.label),
      ['   Reseller: 2.00 GB', '   Personal: 1.00 GB', '   Reseller · Client A: 500.0 MB', '   Reseller · Client B: 300.0 MB'],
    );
  });

  test('beyond three busy packages under "Today", the rest are counted as packages, not lists', () => {
    const m = present(world({ 'reseller/cc': { today: 0.1 * GB } }));
    assert.equal(label(m, 'lists-other'), `   2 other packages: ${formatBytes(0.4 * GB)}`);
  });

  test('a package chosen: its own figures and words, its row marked; the icon still warns about the worst', () => {
    const m = present(world(), { chosen: 'reseller/ca' });
    assert.equal(label(m, 'shown'), 'Showing: Reseller · Client A');
    assert.equal(label(m, 'today'), `Today: ${formatBytes(0.5 * GB)}`);
    assert.equal(label(m, 'left'), 'Left: 6.00 GB of 10.00 GB (60%), expires Jun 30');
    assert.equal(label(m, 'forecast'), 'Runs out in 10 days, Jun 20, at 2.00 GB/day');
    assert.equal(m.title, '6.00 GB left');
    assert.equal(m.icon.text, '6.0G');
    assert.equal(m.quota, 'low');
    // The expiry gives way for the line that explains the icon.
    assert.match(m.tooltip, /^Reseller · Client A: 500\.0 MB today\nLeft: 6\.00 GB of 10\.00 GB \(60%\)\nReseller · Client B: running low\nUpdated /);
    assert.deepEqual(
      rows(m).filter((r) => r.checked).map((r) => r.id),
      ['tray-package:reseller/ca'],
    );
  });

  test("a reseller's main package chosen: what it reserved for its sub-packages is said, so used + left + reserved = limit", () => {
    const m = present(world(), { chosen: 'reseller/main' });
    assert.equal(label(m, 'left'), 'Left: 45.00 GB of 100.00 GB (45%), 25.00 GB for sub-packages, expires Jun 30');
  });

  test('the worst state wins over the shown one: a client used up crosses out the icon while the total shows its figures', () => {
    const m = present(world({ 'reseller/cb': { used: 10 * GB } }));
    assert.equal(m.quota, 'used-up');
    assert.equal(m.icon.quota, 'used-up');
    assert.equal(m.icon.text, null, 'a used-up shape draws no figure');
    assert.equal(m.title, `${formatBytes((30 + 45 + 6 + 0 + 4) * GB)} left`, 'the total itself is not used up: the title keeps its figure');
    assert.match(m.tooltip, /\nReseller · Client B: used up\n/);
    assert.equal(label(m, 'tray-package:reseller/cb'), 'Reseller · Client B: used up');
    // Two packages in the worst state: the first named, the other counted.
    const two = present(world({ 'reseller/cb': { used: 10 * GB }, 'reseller/cc': { used: 5 * GB } }));
    assert.match(two.tooltip, /\nReseller · Client B and 1 more: used up\n/);
  });

  test('a chosen package that no longer exists falls back to the total, and the menu says so', () => {
    const m = present(world(), { chosen: 'reseller/gone-package' });
    assert.equal(label(m, 'tray-package-gone'), 'The package chosen for the tray is gone: showing all packages');
    assert.equal(label(m, 'shown'), undefined);
    assert.equal(label(m, 'today'), `Today: ${formatBytes(3.8 * GB)}`);
    assert.deepEqual(
      rows(m).filter((r) => r.checked).map((r) => r.id),
      ['tray-package:total'],
    );
  });

  test('"Open details" opens the window at what the tray shows: the chosen package, the total ("all"), and with one package nothing to choose', () => {
    assert.equal(present(world(), { chosen: 'reseller/ca' }).detailsChoice, 'reseller/ca');
    assert.equal(present(world()).detailsChoice, 'all');
    assert.equal(present(world(), { chosen: 'reseller/gone-package' }).detailsChoice, 'all', 'the total is what it shows then');
    assert.equal(present(world().slice(0, 1), { total: null }).detailsChoice, null);
  });

  test('a package with thresholds of its own is low by them; the others and the total by the shared ones', () => {
    // Client A (6 GB left of 10) is ok by the shared 10 % and 1 GB; by its own 8 GB it is low.
    const own = world().map((p) => (p.id === 'reseller/ca' ? { ...p, thresholds: { leftBelowPercent: null, leftBelowBytes: 8 * GB } } : p));
    const rowOfA = (m: TrayModel) => label(m, 'tray-package:reseller/ca') ?? '';
    assert.doesNotMatch(rowOfA(present(world(), { chosen: 'reseller/ca' })), /running low/);
    const m = present(own, { chosen: 'reseller/ca' });
    assert.match(rowOfA(m), /^Reseller · Client A: running low, 6\.00 GB left/);
    // Client C (4 GB left of 5) stays ok, and the total's row says nothing of being low.
    assert.doesNotMatch(label(m, 'tray-package:reseller/cc') ?? '', /running low/);
    assert.doesNotMatch(label(m, 'tray-package:total') ?? '', /running low/);
    // One package alone: its own thresholds still apply.
    const single = present(own.filter((p) => p.id === 'reseller/ca'), { snapshot: own.find((p) => p.id === 'reseller/ca')!.snapshot, total: null });
    assert.equal(single.quota, 'low');
  });

  test('one package stale makes the tray stale, with the oldest package\'s update as the last good one', () => {
    const old = NOW - 40 * MIN;
    const m = present(world({ 'reseller/cc': { stale: true, lastSuccessAt: old } }), { chosen: 'personal/main' });
    assert.equal(m.state, 'stale');
    assert.equal(label(m, 'updated'), 'Last good update: 11:20');
    assert.ok(!m.tooltip.includes('Updated'), 'never "updated" beside stale');
  });

  test('each package row sets the setting: its package id, the total row null; other ids are no choice', () => {
    const m = present(world());
    assert.deepEqual(
      rows(m).map((r) => packageChoiceOf(r.id)),
      [null, 'personal/main', 'reseller/main', 'reseller/ca', 'reseller/cb', 'reseller/cc'],
    );
    assert.equal(packageChoiceOf('refresh'), undefined);
    assert.equal(packageChoiceOf('tray-package:'), undefined);
  });

  test('a long package name is clipped in the menu and the tooltip stays within Windows\' 127 characters', () => {
    const packages = world();
    packages[4] = { ...packages[4]!, label: `Reseller · ${'Very long client name '.repeat(5)}` };
    const m = present(packages, { chosen: packages[4]!.id });
    const row = label(m, `tray-package:${packages[4]!.id}`) ?? '';
    assert.match(row, /^Reseller · Very long client name Very…: /);
    assert.ok(m.tooltip.length <= TOOLTIP_MAX, m.tooltip);
  });
});

describe('the tray with a single package', () => {
  test('looks exactly as before: no package rows, no "Showing" line, its own state', () => {
    const only = world().slice(0, 1);
    const single = present(only, { total: null });
    const before = presentTray({ snapshot: only[0]!.snapshot, hasKey: true, paused: false, online: true, units: 'GB', now: NOW, intervalMs: 5 * MIN, thresholds: THRESHOLDS, figure: 'left', nextCheckAt: null, locale: 'en-US' });
    assert.deepEqual(single, before);
  });

  test('a chosen package that is gone is said, and the one package is shown', () => {
    const only = world().slice(0, 1);
    const m = present(only, { total: null, chosen: 'reseller/cb' });
    assert.equal(label(m, 'tray-package-gone'), 'The package chosen for the tray is gone: showing all packages');
    assert.equal(label(m, 'left'), 'Left: 30.00 GB of 50.00 GB (60%), expires Jun 30');
  });
});
