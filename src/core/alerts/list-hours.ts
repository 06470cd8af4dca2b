// What the spike rule needs from the History: per list, its median hour over the last days and its
// hours of today. Pure; the local zone is passed in. Days are local days (23 or 25 hours on DST
// days), taken as real instants, so a DST week simply has one hour fewer or more.
import type { History } from '../history/model.js';
import { logins, missingRanges, samplesBetween } from '../history/model.js';
import { localDayBounds } from '../time/local-days.js';
import { addDays, localDateOf } from '../../shared/local-dates.js';
import type { ListHours } from './rules.js';

/** Full local days before today the median is taken over. */
export const SPIKE_BASELINE_DAYS = 7;
/** Fewer known hours than this over those days: no usual hour to compare with (a fresh install). */
export const SPIKE_MIN_KNOWN_HOURS = 24;
const HOUR_MS = 3_600_000;

function median(sorted: readonly number[], zeros: number): number {
  const n = sorted.length + zeros;
  // The k-th smallest of `zeros` zeros followed by the sorted values.
  const at = (k: number): number => (k < zeros ? 0 : (sorted[k - zeros] as number));
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/**
 * Each list's hours. An hour counts in the median when the history covers it (an hour covered but
 * without a sample is a real 0) or holds a sample for it; an hour the history lacks (never fetched,
 * or could not be read) is left out, not taken as 0.
 */
export function listHours(h: History, now: number, zone: string, days: number = SPIKE_BASELINE_DAYS): ListHours[] {
  const today = localDateOf(now, zone);
  const { start: todayStart, end: todayEnd } = localDayBounds(today, zone);
  const from = localDayBounds(addDays(today, -days), zone).start;
  const missing = missingRanges(h, from, todayStart);
  const missingMs = missing.reduce((sum, r) => sum + (r.to - r.from), 0);
  const coveredHours = Math.round((todayStart - from - missingMs) / HOUR_MS);
  const lacking = (t: number): boolean => missing.some((r) => t >= r.from && t < r.to);

  const out: ListHours[] = [];
  for (const login of logins(h)) {
    const baseline = samplesBetween(h, from, todayStart, login);
    const outside = baseline.filter((s) => lacking(s.start)).length;
    const known = coveredHours + outside;
    const zeros = Math.max(0, coveredHours - (baseline.length - outside));
    const medianBytes = known < SPIKE_MIN_KNOWN_HOURS ? null : median(baseline.map((s) => s.bytes).sort((a, b) => a - b), zeros);
    const todays = samplesBetween(h, todayStart, todayEnd, login).map((s) => ({ start: s.start, bytes: s.bytes }));
    out.push({ login, medianBytes, today: todays });
  }
  return out;
}
