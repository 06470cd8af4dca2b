// The shapes of `packages` and `today --all`: every package of every account, figures that add up
// (a main package's limit is its used + left + the traffic it reserved for its sub-packages, and
// the table shows that part), and each account's day as its packages' days added up to the byte. Pure.
import { formatBytes, type Units } from '../shared/bytes.js';
import { localDateOf } from '../shared/local-dates.js';
import { percentLeftText } from '../shared/quota.js';
import type { PackageKind } from '../shared/accounts.js';
import type { Forecast, PackageInfo } from '../shared/types.js';
import { runsOutOf } from '../shared/forecast-text.js';
import { isoInZone } from '../core/time/zoned.js';
import type { DayReport } from './reports.js';

/** One package of one account, as `packages` and `today --all` see it. */
export interface PackageLine {
  /** The account's name ('' for PROXY_SELLER_API_KEY's unnamed account). */
  account: string;
  kind: PackageKind;
  /** The user's name, the API's, or "Main package" / "Sub-package 1a2b". */
  name: string;
  pkg: PackageInfo | null;
  forecast: Forecast;
  stale: boolean;
}

export interface PackagesJsonRow {
  account: string;
  key: string | null;
  kind: PackageKind;
  limitBytes: number | null;
  usedBytes: number | null;
  leftBytes: number | null;
  expiresAt: string | null;
  active: boolean | null;
  /** Traffic the main package reserved for its sub-packages (0 for a sub-package): limit = used + left + reserved. */
  reservedBytes: number | null;
  name: string;
  stale: boolean;
}

export function packagesJson(lines: readonly PackageLine[], zone: string): { packages: PackagesJsonRow[] } {
  return {
    packages: lines.map((l) => ({
      account: l.account,
      key: l.pkg?.key ?? null,
      kind: l.kind,
      limitBytes: l.pkg?.limitBytes ?? null,
      usedBytes: l.pkg?.usedBytes ?? null,
      leftBytes: l.pkg?.leftBytes ?? null,
      expiresAt: l.pkg?.expiresAt == null ? null : isoInZone(l.pkg.expiresAt, zone),
      active: l.pkg?.active ?? null,
      reservedBytes: l.pkg === null ? null : (l.pkg.reservedBytes ?? 0),
      name: l.name,
      stale: l.stale,
    })),
  };
}

function runsOut(f: Forecast, pkg: PackageInfo): string {
  const r = runsOutOf(f, pkg);
  switch (r.kind) {
    case 'expired':
      return 'expired';
    case 'used-up':
      return 'used up';
    case 'unknown':
      return '–';
    case 'no-usage':
      return 'no use lately';
    case 'after-expiry':
      return 'after expiry';
    case 'on':
      return r.date;
  }
}

/**
 * The table: account, package, limit, used, (reserved for sub-packages, when any package has
 * some), left, % left, runs out, expires. A package over its limit says by how much.
 */
export function packagesText(lines: readonly PackageLine[], units: Units, zone: string): string {
  if (lines.length === 0) return 'No packages.';
  const reserved = lines.some((l) => (l.pkg?.reservedBytes ?? 0) > 0);
  const header = ['Account', 'Package', 'Limit', 'Used', ...(reserved ? ['Reserved'] : []), 'Left', '% left', 'Runs out', 'Expires'];
  const rows = lines.map((l) => {
    const p = l.pkg;
    const name = `${l.name}${l.stale ? ' (stale)' : ''}`;
    if (p === null) return [l.account || '–', name, '–', '–', ...(reserved ? ['–'] : []), '–', '–', '–', 'not known'];
    const over = p.usedBytes > p.limitBytes ? ` (over by ${formatBytes(p.usedBytes - p.limitBytes, units)})` : '';
    return [
      l.account || '–',
      name,
      formatBytes(p.limitBytes, units),
      `${formatBytes(p.usedBytes, units)}${over}`,
      ...(reserved ? [(p.reservedBytes ?? 0) > 0 ? formatBytes(p.reservedBytes, units) : '–'] : []),
      formatBytes(Math.max(0, p.leftBytes), units),
      `${percentLeftText(p, 0.1)} %`,
      runsOut(l.forecast, p),
      p.expiresAt === null ? 'not known' : localDateOf(p.expiresAt, zone),
    ];
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  // Figures right-aligned, names left.
  const numeric = new Set(header.flatMap((h, i) => (['Limit', 'Used', 'Reserved', 'Left', '% left'].includes(h) ? [i] : [])));
  const text = all.map((r) => r.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  if (reserved) text.push('', 'Reserved: traffic a main package set aside for its sub-packages (limit = used + reserved + left).');
  return text.join('\n');
}

/** One package's day in `today --all --json`. */
export type PackageDay = { kind: PackageKind; name: string } & DayReport;

/** An account's day: its packages' days added up (traffic, lists, hours), and each package's. */
export type AccountDay = { name: string } & DayReport & { packages: PackageDay[] };

/**
 * The account's fields from its packages': the day's bytes, each login's and each hour's summed to
 * the byte; `package` and `forecast` the given total (total.ts: limit = used + usable left, nothing
 * counted twice) or, with one package, that package's; stale if any is; updated as the oldest.
 */
export function accountDay(name: string, packages: readonly PackageDay[], total: Pick<DayReport, 'package' | 'forecast' | 'quota' | 'problem'> | null): AccountDay {
  const first = packages[0]!;
  const byLogin: Record<string, number> = {};
  const titles: Record<string, string> = {};
  const hours = new Map<string, number>();
  let totalBytes = 0;
  for (const p of packages) {
    totalBytes += p.totalBytes;
    for (const [login, bytes] of Object.entries(p.byLogin)) byLogin[login] = (byLogin[login] ?? 0) + bytes;
    Object.assign(titles, p.titles);
    for (const h of p.hours) hours.set(h.start, (hours.get(h.start) ?? 0) + h.bytes);
  }
  const updated = packages.map((p) => p.updatedAt);
  const pick = total ?? first;
  return {
    name,
    date: first.date,
    timeZone: first.timeZone,
    totalBytes,
    byLogin,
    titles,
    hours: [...hours].sort(([a], [b]) => Date.parse(a) - Date.parse(b)).map(([start, bytes]) => ({ start, bytes })),
    package: pick.package,
    stale: packages.some((p) => p.stale),
    // ISO strings of one zone and offset form compare as times only within a day's offset; the
    // oldest is picked by instant.
    updatedAt: updated.some((u) => u === null) ? null : updated.reduce((a, b) => (Date.parse(a!) <= Date.parse(b!) ? a : b)),
    quota: pick.quota,
    problem: pick.problem,
    forecast: pick.forecast,
    packages: [...packages],
  };
}
