// The package forecast in words, for the window, the tray and the CLI: one home, so every surface
// says the same. Pure: the clock and the zone are passed in. The figures come from the Forecast
// (src/core/history/queries.ts) and the package; nothing is computed again here.
import type { Forecast, PackageInfo } from './types.js';
import { formatBytes, type Units } from './bytes.js';
import { daysBetween, localDateOf, localTimeOf, shortDateText } from './local-dates.js';

export interface ForecastContext {
  units: Units;
  /** The instant the forecast was made for (the snapshot's time). */
  now: number;
  /** The user's zone: "today" and "around 19:00" are in it. */
  zone: string;
  /** The package the forecast is about (what is left, when it expires). */
  package: PackageInfo | null;
  /** Dates in this locale ("Dec 10", "10. Dez."); default en-US. */
  locale?: string;
  /**
   * 'sentence' (default): the window's and the CLI's full sentence. 'short': the tray menu's row,
   * no full stop, the pace only where it is the news ("Runs out today, around 19:00").
   */
  form?: 'sentence' | 'short';
  /**
   * The balance is known not to pay the auto-renewal (shared/money-text renewalIsShort): running out
   * then is running out, not a renewal; the renewal line says why.
   */
  renewalShort?: boolean;
}

/** "Dec 10" for "2026-12-10" (in `locale`, default en-US); the year too when it is not the year of `today` ("Jan 3, 2028"). */
export function shortDay(date: string, today: string, locale = 'en-US'): string {
  return shortDateText(date, today, locale);
}

/**
 * What a package's "runs out" column says, one rule for the window's table and the CLI's: an
 * expired package first (as its quota state), then one with nothing left, whatever the forecast.
 */
export type RunsOut =
  | { kind: 'expired' }
  | { kind: 'used-up' }
  | { kind: 'unknown' }
  | { kind: 'no-usage' }
  | { kind: 'after-expiry'; at: number }
  | { kind: 'on'; date: string; at: number };

export function runsOutOf(f: Forecast, pkg: PackageInfo | null): RunsOut {
  if (f.kind === 'expired') return { kind: 'expired' };
  if (pkg !== null && pkg.leftBytes <= 0) return { kind: 'used-up' };
  if (f.kind === 'no-usage') return { kind: 'no-usage' };
  if (f.kind !== 'runs-out') return { kind: 'unknown' };
  return f.lastsPastExpiry ? { kind: 'after-expiry', at: f.runsOutAt } : { kind: 'on', date: f.runsOutOn, at: f.runsOutAt };
}

/** True when, at the current pace, some traffic will still be left when the package expires. */
export function lastsPastExpiry(f: Forecast): boolean {
  return f.kind === 'runs-out' && (f.lastsPastExpiry || (f.unusedAtExpiryBytes ?? 0) > 0);
}

/**
 * The headline: "Runs out in 9 days, Dec 10, at 2.60 GB/day.", "Runs out today, around 19:00, at …",
 * "Lasts past expiry at …: 420 GB will expire unused.", "Traffic used up: …", "The package has expired…".
 * Empty without a package.
 */
export function forecastText(f: Forecast, ctx: ForecastContext): string {
  const { units, now, zone } = ctx;
  const short = ctx.form === 'short';
  const day = (date: string, today: string) => shortDay(date, today, ctx.locale);
  const pkg = ctx.package;
  const left = pkg === null ? 0 : Math.max(0, pkg.leftBytes);
  const today = localDateOf(now, zone);
  switch (f.kind) {
    case 'no-package':
      return '';
    case 'expired': {
      const on = pkg?.expiresAt != null ? ` on ${day(localDateOf(pkg.expiresAt, zone), today)}` : '';
      // Nothing left: renewing is still the remedy, but not "to use what is left".
      return left > 0 ? `The package expired${on}: renew it to use the ${formatBytes(left, units)} left.` : `The package expired${on}: renew it to go on.`;
    }
    case 'no-usage':
    case 'runs-out':
      break;
  }
  if (pkg !== null && !pkg.active) return 'The package is inactive: no traffic can be used until it is active again.';
  // Auto-renew fires when the traffic runs out as well as on the expiry: running out means renewing (and paying) then.
  const renews = pkg?.autoRenew === true && ctx.renewalShort !== true;
  if (pkg !== null && pkg.leftBytes <= 0) return renews ? 'Traffic used up: auto-renew renews the package if the balance pays it.' : 'Traffic used up: top up the package to go on.';
  const end = short ? '' : '.';
  if (f.kind === 'no-usage') {
    const unused = f.unusedAtExpiryBytes;
    const idle = short ? 'Nothing used lately' : 'No use in the last 7 days';
    return unused !== null && unused > 0 ? `${idle}: ${formatBytes(unused, units)} will expire unused${end}` : `${idle}${end}`;
  }
  const pace = `${formatBytes(f.averageDailyBytes, units)}/day`;
  if (lastsPastExpiry(f)) {
    const unused = f.unusedAtExpiryBytes;
    const lasts = short ? 'Lasts past expiry' : `Lasts past expiry at ${pace}`;
    return unused !== null && unused > 0 ? `${lasts}: ${formatBytes(unused, units)} will expire unused${end}` : `Lasts past expiry at ${pace}${end}`;
  }
  const days = daysBetween(today, f.runsOutOn);
  const verb = renews ? 'Renews' : 'Runs out';
  const used = renews ? ' (traffic used up)' : '';
  if (days <= 0) return `${verb} today, around ${localTimeOf(Math.max(now, f.runsOutAt), zone)}${used}${short ? '' : `, at ${pace}`}${end}`;
  const on = day(f.runsOutOn, today);
  return days === 1 ? `${verb} tomorrow, ${on}${used}, at ${pace}${end}` : `${verb} in ${days} days, ${on}${used}, at ${pace}${end}`;
}

/**
 * The line under the headline: how the run-out stands to the expiry and what may be used per day
 * for the traffic left to last exactly until then ("That is 7 days before it expires; up to 1.20
 * GB/day lasts until then."). Empty without an expiry, with nothing left, inactive or expired.
 */
export function dailyBudgetText(f: Forecast, ctx: ForecastContext): string {
  if (f.kind !== 'runs-out' && f.kind !== 'no-usage') return '';
  const pkg = ctx.package;
  if (f.dailyBudgetBytes === null || pkg === null || pkg.leftBytes <= 0 || !pkg.active) return '';
  const budget = `${formatBytes(f.dailyBudgetBytes, ctx.units)}/day`;
  if (f.kind === 'no-usage' || lastsPastExpiry(f)) return `Up to ${budget} would use it all by the expiry.`;
  const d = f.daysBeforeExpiry;
  if (d === null || d <= 0) return `Up to ${budget} lasts until it expires.`;
  return `That is ${d === 1 ? '1 day' : `${d} days`} before it expires; up to ${budget} lasts until then.`;
}
