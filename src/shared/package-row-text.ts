// One package in one row, as the tray's menu and the CLI's status-bar details both say it: its
// label, what is left (or the state that leaves nothing to use) and its forecast, and the total's
// forecast named by the package it is. One home, so the tray and a status bar never word a package
// differently. Pure: the clock, zone, units and locale are passed in.
import { formatBytes, type Units } from './bytes.js';
import { forecastText } from './forecast-text.js';
import { localDateOf, shortDateText } from './local-dates.js';
import { oneLine } from './plain-text.js';
import { isCritical, percentLeftText, type QuotaState } from './quota.js';
import type { Forecast, PackageInfo } from './types.js';

/** A package label is the user's text: clipped so one long name cannot widen a menu or a tooltip. */
export const LABEL_MAX = 40;

/** Each state as one word, where a row says where a package stands. */
export const QUOTA_WORD: Readonly<Record<QuotaState, string>> = { ok: 'ok', low: 'running low', 'used-up': 'used up', expired: 'expired', inactive: 'inactive' };

export interface RowContext {
  units: Units;
  now: number;
  /** The user's zone: "today", dates and "around 19:00" are in it. */
  zone: string;
  /** Dates in this locale ("Dec 10"); default en-US. */
  locale?: string;
}

/** What a row needs of one package (a Snapshot has it all). */
export interface RowFigures {
  package: PackageInfo | null;
  forecast: Forecast;
  /** The balance is known not to pay the auto-renewal (shared/money-text renewalIsShort). */
  renewalShort?: boolean;
}

/** A package with its label and state, for the total's forecast. */
export interface LabelledRow {
  label: string;
  figures: RowFigures;
  quota: QuotaState | null;
}

/** "Dec 10" (the year too when it is not this year's). */
export function rowDate(at: number, ctx: RowContext): string {
  return shortDateText(localDateOf(at, ctx.zone), localDateOf(ctx.now, ctx.zone), ctx.locale ?? 'en-US');
}

/**
 * The forecast in the row's short form: "Runs out in 9 days, Dec 10, at 2.60 GB/day", "Runs out
 * today, around 19:00", "Lasts past expiry: 420.00 GB will expire unused". Null when there is
 * nothing to forecast, or the package can no longer be used (a used-up package does not "run out today").
 */
export function forecastRowText(f: RowFigures, quota: QuotaState | null, ctx: RowContext): string | null {
  if (quota === null || isCritical(quota)) return null;
  if (f.forecast.kind !== 'runs-out' && f.forecast.kind !== 'no-usage') return null;
  return forecastText(f.forecast, { units: ctx.units, now: ctx.now, zone: ctx.zone, package: f.package, form: 'short', renewalShort: f.renewalShort === true, ...(ctx.locale === undefined ? {} : { locale: ctx.locale }) }) || null;
}

/** Where the package stands in a few words: "running low, 0.80 GB left (8%)", "expired Dec 3", "used up". */
export function whereText(pkg: PackageInfo | null, quota: QuotaState | null, ctx: RowContext): string {
  if (pkg === null || quota === null) return 'no package info';
  if (quota === 'ok' || quota === 'low') {
    const share = pkg.limitBytes > 0 ? ` (${percentLeftText(pkg, 1)}%)` : '';
    return `${quota === 'low' ? 'running low, ' : ''}${formatBytes(Math.max(0, pkg.leftBytes), ctx.units)} left${share}`;
  }
  if (quota === 'expired') return `expired${pkg.expiresAt === null ? '' : ` ${rowDate(pkg.expiresAt, ctx)}`}`;
  return QUOTA_WORD[quota];
}

/** A package row: "Reseller · Client B: 0.80 GB left (8%) · Runs out tomorrow, Dec 11, at 1.20 GB/day". */
export function packageRowText(label: string, f: RowFigures, quota: QuotaState | null, ctx: RowContext, withForecast = true): string {
  const forecast = withForecast ? forecastRowText(f, quota, ctx) : null;
  return `${oneLine(label, LABEL_MAX)}: ${whereText(f.package, quota, ctx)}${forecast === null ? '' : ` · ${forecast}`}`;
}

/**
 * The package that runs out first among those that can still be used (a used-up or expired one has
 * run out already: its row says so), earliest run-out first, the first listed on a tie; null for none.
 */
export function firstToRunOut(rows: readonly LabelledRow[]): LabelledRow | null {
  let first: LabelledRow | null = null;
  let at = Infinity;
  for (const r of rows) {
    const f = r.figures.forecast;
    if (r.quota === null || isCritical(r.quota) || f.kind !== 'runs-out') continue;
    if (f.runsOutAt < at) {
      first = r;
      at = f.runsOutAt;
    }
  }
  return first;
}

/**
 * The total's forecast is the package's that runs out first: said with its name and in its own words
 * (its left, its pace), so "Runs out in 2 days" beside the total's left is never read as all of it
 * running out. Without such a package, the total's own line (nothing used lately), unnamed.
 */
export function totalForecastRowText(total: RowFigures, totalQuota: QuotaState | null, rows: readonly LabelledRow[], ctx: RowContext): string | null {
  const first = firstToRunOut(rows);
  const own = first === null ? null : forecastRowText(first.figures, first.quota, ctx);
  if (first !== null && own !== null) return `${oneLine(first.label, LABEL_MAX)}: ${own}`;
  // The total's own "runs out" would be a used-up package's, or no package's in particular.
  return total.forecast.kind === 'runs-out' ? null : forecastRowText(total, totalQuota, ctx);
}
