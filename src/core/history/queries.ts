// Questions about a History in the user's local days. Pure; the local zone is always passed in.
// An hour belongs to the local day in which it starts (sample start in [day start, day end)).
import type { DayTotal, Forecast, PackageInfo, RangeTotal } from '../../shared/types.js';
import { localDayBounds } from '../time/local-days.js';
import type { History } from './model.js';
import { missingRanges, samplesBetween, sumBetween } from './model.js';
import { addDays, localDateOf, monthStart, parseLocalDate } from '../../shared/local-dates.js';

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
  if (averageDailyBytes <= 0) return { kind: 'no-usage', averageDailyBytes: 0 };

  // What is left of today is used at the same pace, then whole days follow.
  const { start, end } = localDayBounds(today, zone);
  const todayShare = averageDailyBytes * ((end - Math.min(Math.max(now, start), end)) / (end - start));
  const left = Math.max(0, pkg.leftBytes);
  let runsOutOn = today;
  if (left > todayShare) {
    const days = (left - todayShare) / averageDailyBytes;
    const more = Math.ceil(days * (1 - 1e-12)); // an exact whole number of days must not round up by float error
    runsOutOn = addDays(today, Math.min(Math.max(more, 0), FORECAST_MAX_DAYS));
  }
  const lastsPastExpiry = pkg.expiresAt !== null && runsOutOn > localDateOf(pkg.expiresAt, zone);
  return { kind: 'runs-out', averageDailyBytes, runsOutOn, lastsPastExpiry };
}
