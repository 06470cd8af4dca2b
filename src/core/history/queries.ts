// Questions about a History in the user's local days. Pure; the local zone is always passed in.
// An hour belongs to the local day in which it starts (sample start in [day start, day end)).
import type { DayTotal, Forecast, PackageInfo, RangeTotal } from '../../shared/types.js';
import { localDayBounds } from '../time/local-days.js';
import type { History } from './model.js';
import { missingRanges, samplesBetween, sumBetween } from './model.js';
import { addDays, datesBetween, localDateOf, monthStart, parseLocalDate } from '../../shared/local-dates.js';
import { DAY_MS } from '../../shared/time-constants.js';

/** How many full local days back the forecast averages over. */
export const FORECAST_DAYS = 7;
/** A forecast further out than this is reported at this distance (the pace is then practically nil). */
const FORECAST_MAX_DAYS = 36_600;

function rangeBounds(from: string, to: string, zone: string): { start: number; end: number } {
  parseLocalDate(from);
  parseLocalDate(to);
  if (to < from) throw new RangeError(`date range ${from}..${to} ends before it starts`);
  return { start: localDayBounds(from, zone).start, end: localDayBounds(to, zone).end };
}

export function dayTotal(h: History, date: string, zone: string): DayTotal {
  const { start, end } = localDayBounds(date, zone);
  return { date, ...sumBetween(h, start, end) };
}

/** Totals over local dates from..to, both included. */
export function rangeTotal(h: History, from: string, to: string, zone: string): RangeTotal {
  const { start, end } = rangeBounds(from, to, zone);
  return { from, to, ...sumBetween(h, start, end) };
}

/** From the 1st of the current local month through today. */
export function monthToDate(h: History, now: number, zone: string): RangeTotal {
  const today = localDateOf(now, zone);
  return rangeTotal(h, monthStart(today), today, zone);
}

/** Hours with traffic in local dates from..to, summed over logins (or one login), in order. */
export function hourlySeries(h: History, from: string, to: string, zone: string, login?: string): Array<{ start: number; bytes: number }> {
  const { start, end } = rangeBounds(from, to, zone);
  const out: Array<{ start: number; bytes: number }> = [];
  for (const s of samplesBetween(h, start, end, login)) {
    const last = out[out.length - 1];
    if (last !== undefined && last.start === s.start) last.bytes += s.bytes;
    else if (s.bytes > 0) out.push({ start: s.start, bytes: s.bytes });
  }
  return out;
}

/**
 * Average daily use over the last FORECAST_DAYS full local days (today excluded), and the local date
 * the traffic left runs out at that pace. A day counts when the history fully covers it or holds
 * traffic for it; with fewer such days the average is over those only.
 */
export function forecast(h: History, pkg: PackageInfo | null, now: number, zone: string): Forecast {
  if (pkg === null) return { kind: 'no-package' };
  if (pkg.expiresAt !== null && pkg.expiresAt <= now) return { kind: 'expired' };
  const today = localDateOf(now, zone);
  let total = 0;
  let days = 0;
  for (let back = 1; back <= FORECAST_DAYS; back++) {
    const { start, end } = localDayBounds(addDays(today, -back), zone);
    const bytes = sumBetween(h, start, end).totalBytes;
    if (bytes > 0 || missingRanges(h, start, end).length === 0) {
      total += bytes;
      days++;
    }
  }
  const averageDailyBytes = days === 0 ? 0 : total / days;
  const left = Math.max(0, pkg.leftBytes);
  // Days are counted on the clock, not as calendar days: a budget per 24 h of what is left.
  const daysToExpiry = pkg.expiresAt === null ? null : Math.max(0, pkg.expiresAt - now) / DAY_MS;
  const dailyBudgetBytes = daysToExpiry === null ? null : daysToExpiry <= 0 ? left : left / Math.max(daysToExpiry, 1 / 24);
  if (averageDailyBytes <= 0) return { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: pkg.expiresAt === null ? null : left, dailyBudgetBytes };

  // What is left of today is used at the same pace, then whole days follow.
  const { start, end } = localDayBounds(today, zone);
  const todayShare = averageDailyBytes * ((end - Math.min(Math.max(now, start), end)) / (end - start));
  let runsOutOn = today;
  let runsOutAt: number;
  if (left > todayShare) {
    const days = (left - todayShare) / averageDailyBytes;
    const more = Math.ceil(days * (1 - 1e-12)); // an exact whole number of days must not round up by float error
    runsOutOn = addDays(today, Math.min(Math.max(more, 0), FORECAST_MAX_DAYS));
    // Within that day: the share of it the last bytes take, on its own length (23 or 25 h on DST days).
    const day = localDayBounds(runsOutOn, zone);
    const lastDayShare = more > FORECAST_MAX_DAYS ? 1 : Math.min(1, Math.max(0, days - (more - 1)));
    runsOutAt = day.start + lastDayShare * (day.end - day.start);
  } else {
    runsOutAt = Math.max(now, start) + (todayShare === 0 ? 0 : (left / todayShare) * (end - Math.max(now, start)));
  }
  const expiryDate = pkg.expiresAt === null ? null : localDateOf(pkg.expiresAt, zone);
  const lastsPastExpiry = expiryDate !== null && runsOutOn > expiryDate;
  const daysBeforeExpiry = expiryDate === null ? null : runsOutOn <= expiryDate ? datesBetween(runsOutOn, expiryDate).length - 1 : -(datesBetween(expiryDate, runsOutOn).length - 1);
  // By the instant, not the date: running out on the expiry's date but after its hour still leaves
  // what the hours between would have used.
  const unusedAtExpiryBytes =
    pkg.expiresAt === null || daysToExpiry === null ? null : runsOutAt > pkg.expiresAt ? Math.max(0, left - averageDailyBytes * daysToExpiry) : 0;
  return { kind: 'runs-out', averageDailyBytes, runsOutOn, runsOutAt, lastsPastExpiry, daysBeforeExpiry, unusedAtExpiryBytes, dailyBudgetBytes };
}
