// The packages table's rows as figures (no DOM): one per package of every account, the total from
// the view's own total, and their order when a column is sorted. Pure, so it is checked in Node too.
import type { AppView, PackageView } from '../shared/ipc.js';
import type { Forecast, PackageInfo, Snapshot } from '../shared/types.js';
import { percentLeft, quotaState, worstQuotaState, type LowThresholds, type QuotaState } from '../shared/quota.js';
import { runsOutOf, shortDay } from '../shared/forecast-text.js';
import { lowThresholdsOf, packageSettings } from '../shared/package-settings.js';
import { localDateOf } from '../shared/local-dates.js';

export const SORT_KEYS = ['account', 'package', 'limit', 'used', 'reserved', 'left', 'percent', 'runsOut', 'expires', 'state'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

/** A date column's words and the instant it sorts by (null sorts last either way). */
export interface DateCell {
  text: string;
  at: number | null;
}

export interface PackageRow {
  id: string;
  account: string;
  /** The package's own name. */
  name: string;
  label: string;
  kind: PackageView['kind'];
  /** Null until the package's figures have been read. */
  limit: number | null;
  used: number | null;
  reserved: number | null;
  left: number | null;
  /** 0..100 (percentLeft). */
  percent: number | null;
  runsOut: DateCell;
  expires: DateCell;
  state: QuotaState | null;
  stale: boolean;
  lastSuccessAt: number | null;
  /** Whether it has settings of its own (settings.packages); never for the total. */
  own: boolean;
}

/** "Dec 10", "Lasts past expiry", "No use lately", or "–" (expired, nothing known). */
export function runsOutCell(f: Forecast, pkg: PackageInfo | null, today: string, locale: string): DateCell {
  const r = runsOutOf(f, pkg);
  switch (r.kind) {
    // Nothing left: it ran out already, before every dated run-out.
    case 'used-up':
      return { text: 'Used up', at: 0 };
    case 'expired':
      return { text: 'Expired', at: null };
    // After every dated run-out, in their own order.
    case 'after-expiry':
      return { text: 'Lasts past expiry', at: 8e15 + r.at };
    case 'no-usage':
      return { text: 'No use lately', at: 9e15 };
    case 'unknown':
      return { text: '–', at: null };
    case 'on':
      return { text: shortDay(r.date, today, locale), at: r.at };
  }
}

export function expiresCell(pkg: PackageInfo | null, s: Snapshot, locale: string): DateCell {
  if (pkg === null) return { text: '–', at: null };
  if (pkg.expiresAt === null) return { text: 'Unknown', at: null };
  return { text: shortDay(localDateOf(pkg.expiresAt, s.localTimeZone), s.today.date, locale), at: pkg.expiresAt };
}

function rowOf(id: string, account: string, name: string, label: string, kind: PackageView['kind'], s: Snapshot, thresholds: LowThresholds, locale: string): PackageRow {
  const pkg = s.package;
  return {
    id,
    account,
    name,
    label,
    kind,
    limit: pkg?.limitBytes ?? null,
    used: pkg?.usedBytes ?? null,
    // A sub-package reserves nothing of its own: no figure (so it sorts last), not a 0.
    reserved: kind === 'sub' ? null : (pkg?.reservedBytes ?? null),
    left: pkg === null ? null : Math.max(0, pkg.leftBytes),
    percent: pkg === null ? null : percentLeft(pkg),
    runsOut: runsOutCell(s.forecast, pkg, s.today.date, locale),
    expires: expiresCell(pkg, s, locale),
    state: quotaState(pkg, s.generatedAt, thresholds),
    stale: s.stale,
    lastSuccessAt: s.lastSuccessAt,
    own: false,
  };
}

export function packageRows(view: AppView, locale: string): PackageRow[] {
  // Each package by its own thresholds (settings.packages), else the shared ones.
  return view.accounts.flatMap((a) =>
    a.packages.map((p) => ({
      ...rowOf(p.id, a.name === '' ? 'Main account' : a.name, p.name, p.label, p.kind, p.snapshot, lowThresholdsOf(view.settings, p.id), locale),
      own: packageSettings(view.settings, p.id).own,
    })),
  );
}

/** The total row: the view's total (limit = used + usable left), its state the worst of the rows'. */
export function totalRow(view: AppView, rows: readonly PackageRow[], locale: string): PackageRow | null {
  const total = view.total;
  if (total === null) return null;
  const row = rowOf('total', '', 'Total', 'Total', 'main', total, lowThresholdsOf(view.settings, null), locale);
  // Reserved traffic is counted in the sub-packages that hold it, never twice.
  return { ...row, reserved: null, state: worstQuotaState(rows.map((r) => r.state)) };
}

/** Why the total's limit is not the rows' limits added up (empty when it is). */
export function totalNotes(view: AppView): string[] {
  const packages = view.accounts.flatMap((a) => a.packages.map((p) => p.snapshot));
  const notes: string[] = [];
  if (packages.some((s) => (s.package?.reservedBytes ?? 0) > 0)) notes.push('Traffic a main package reserved for its sub-packages is counted once, in the sub-packages that hold it.');
  const unusable = packages.some((s) => {
    const p = s.package;
    return p !== null && p.leftBytes > 0 && (!p.active || (p.expiresAt !== null && p.expiresAt <= s.generatedAt));
  });
  if (unusable) notes.push('Traffic left in an expired or inactive package is not counted as left: it cannot be used.');
  return notes;
}

function value(row: PackageRow, key: SortKey): string | number | null {
  switch (key) {
    case 'account':
      return row.account;
    case 'package':
      return row.name;
    case 'runsOut':
      return row.runsOut.at;
    case 'expires':
      return row.expires.at;
    case 'state':
      return row.state;
    default:
      return row[key];
  }
}

/** Whether state a is worse than b (ascending = best first). */
function compareStates(a: QuotaState, b: QuotaState): number {
  if (a === b) return 0;
  return worstQuotaState([a, b]) === a ? 1 : -1;
}

/** The rows in the sort's order; what is not known goes last either way, ties keep the accounts' order. */
export function sortRows(rows: readonly PackageRow[], sort: Sort | null): PackageRow[] {
  const indexed = rows.map((row, i) => ({ row, i }));
  if (sort === null) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  indexed.sort((x, y) => {
    const a = value(x.row, sort.key);
    const b = value(y.row, sort.key);
    if (a === null || b === null) return a === b ? x.i - y.i : a === null ? 1 : -1;
    let c: number;
    if (sort.key === 'state') c = compareStates(a as QuotaState, b as QuotaState);
    else if (typeof a === 'number' && typeof b === 'number') c = a - b;
    else c = String(a).localeCompare(String(b), undefined, { sensitivity: 'base', numeric: true });
    return c === 0 ? x.i - y.i : sign * c;
  });
  return indexed.map((x) => x.row);
}
