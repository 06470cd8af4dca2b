// All packages added up, for the tray's total and the window's overview: one Snapshot whose figures
// add up (limit = used + left, nothing counted twice), whose freshness is the oldest package's and
// whose forecast is the package that runs out first. A main package's traffic reserved for its
// sub-packages is not counted again: the sub-packages' own used and left are that traffic.
import type { DayTotal, Forecast, PackageInfo, Problem, RangeTotal, Snapshot } from '../../shared/types.js';
import { NO_MONEY } from '../../shared/types.js';
import { money, type Money } from '../../shared/money.js';

export interface LabelledSnapshot {
  /** The package as the surfaces name it ("Reseller · Client B"): the total's "lists" are its packages. */
  label: string;
  snapshot: Snapshot;
}

/** The key of the total's package (never a real package key: those have no spaces). */
export const TOTAL_PACKAGE_KEY = 'total';

function sumDay(parts: readonly LabelledSnapshot[], pick: (s: Snapshot) => DayTotal): DayTotal {
  const first = pick(parts[0]!.snapshot);
  let totalBytes = 0;
  const byLogin: Record<string, number> = {};
  for (const p of parts) {
    const d = pick(p.snapshot);
    totalBytes += d.totalBytes;
    if (d.totalBytes > 0) byLogin[p.label] = (byLogin[p.label] ?? 0) + d.totalBytes;
  }
  return { date: first.date, totalBytes, byLogin };
}

function sumRange(parts: readonly LabelledSnapshot[]): RangeTotal {
  const first = parts[0]!.snapshot.monthToDate;
  let totalBytes = 0;
  const byLogin: Record<string, number> = {};
  for (const p of parts) {
    const r = p.snapshot.monthToDate;
    totalBytes += r.totalBytes;
    if (r.totalBytes > 0) byLogin[p.label] = (byLogin[p.label] ?? 0) + r.totalBytes;
  }
  return { from: first.from, to: first.to, totalBytes, byLogin };
}

/** Traffic that can still be used: none in an expired or inactive package. */
function usableLeft(pkg: PackageInfo, now: number): number {
  if (!pkg.active || (pkg.expiresAt !== null && pkg.expiresAt <= now)) return 0;
  return Math.max(0, pkg.leftBytes);
}

function sumPackages(parts: readonly LabelledSnapshot[], now: number): PackageInfo | null {
  const pkgs = parts.map((p) => p.snapshot.package).filter((p): p is PackageInfo => p !== null);
  if (pkgs.length === 0) return null;
  let used = 0;
  let left = 0;
  let expiresAt: number | null = null;
  for (const p of pkgs) {
    used += p.usedBytes;
    const l = usableLeft(p, now);
    left += l;
    // The soonest expiry of traffic that can still be used.
    if (l > 0 && p.expiresAt !== null && (expiresAt === null || p.expiresAt < expiresAt)) expiresAt = p.expiresAt;
  }
  // Nothing usable left and every package expired: the total is expired (its state says so), as of the last expiry.
  const allExpired = left === 0 && pkgs.every((p) => p.expiresAt !== null && p.expiresAt <= now);
  if (allExpired) expiresAt = Math.max(...pkgs.map((p) => p.expiresAt!));
  return {
    key: TOTAL_PACKAGE_KEY,
    // Active while any package serves traffic.
    active: pkgs.some((p) => p.active && !(p.expiresAt !== null && p.expiresAt <= now)),
    limitBytes: used + left,
    usedBytes: used,
    leftBytes: left,
    reservedBytes: 0,
    expiresAt,
    autoRenew: null,
    rotationSeconds: null,
    tariffId: null,
  };
}

/**
 * The package that runs out first decides, among those with traffic they can use (a used-up,
 * expired or inactive one ran out already, or cannot: its "runs out now" would say nothing of what
 * the total has left); else "no usage" if one of them is in use; with none usable, the same among all;
 * else expired or none.
 */
function worstForecast(parts: readonly LabelledSnapshot[], now: number): Forecast {
  const usable = parts.filter((p) => p.snapshot.package !== null && usableLeft(p.snapshot.package, now) > 0);
  const pool = usable.length > 0 ? usable : parts;
  let first: Extract<Forecast, { kind: 'runs-out' }> | null = null;
  for (const p of pool) {
    const f = p.snapshot.forecast;
    if (f.kind === 'runs-out' && (first === null || f.runsOutAt < first.runsOutAt)) first = f;
  }
  if (first !== null) return first;
  if (pool.some((p) => p.snapshot.forecast.kind === 'no-usage')) return { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null };
  if (parts.some((p) => p.snapshot.forecast.kind === 'expired')) return { kind: 'expired' };
  return { kind: 'no-package' };
}

/** The first problem that needs the user, else the first at all, named by its package. */
function firstProblem(parts: readonly LabelledSnapshot[]): Problem | null {
  const withProblem = parts.filter((p) => p.snapshot.problem !== null);
  const pick = withProblem.find((p) => p.snapshot.problem!.needsAction) ?? withProblem[0];
  if (!pick) return null;
  const problem = pick.snapshot.problem!;
  return { ...problem, message: `${pick.label}: ${problem.message}` };
}

/** Each month's cost added up when every package's is known in one currency; else unknown. */
function sumMoney(values: ReadonlyArray<Money | null>): Money | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  const known = values as Money[];
  const currency = known[0]!.currency;
  if (known.some((m) => m.currency !== currency)) return null;
  return money(
    known.reduce((a, m) => a + m.minor, 0),
    currency,
  );
}

function oldest(values: ReadonlyArray<number | null>): number | null {
  if (values.some((v) => v === null)) return null;
  return Math.min(...(values as number[]));
}

function newest(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** The packages added up; null for fewer than two (one package is its own total). */
export function totalSnapshot(parts: readonly LabelledSnapshot[], now: number): Snapshot | null {
  if (parts.length < 2) return null;
  const first = parts[0]!.snapshot;
  const snaps = parts.map((p) => p.snapshot);
  return {
    generatedAt: now,
    localTimeZone: first.localTimeZone,
    apiTimeZone: first.apiTimeZone,
    today: sumDay(parts, (s) => s.today),
    yesterday: sumDay(parts, (s) => s.yesterday),
    monthToDate: sumRange(parts),
    package: sumPackages(parts, now),
    forecast: worstForecast(parts, now),
    // As old as the oldest package's: "updated 2 min ago" must hold for every figure in it.
    lastSuccessAt: oldest(snaps.map((s) => s.lastSuccessAt)),
    lastAttemptAt: newest(snaps.map((s) => s.lastAttemptAt)),
    stale: snaps.some((s) => s.stale),
    problem: firstProblem(parts),
    syncing: snaps.some((s) => s.syncing),
    titles: {},
    money: { ...NO_MONEY, monthToDateCost: sumMoney(snaps.map((s) => s.money.monthToDateCost)) },
  };
}
