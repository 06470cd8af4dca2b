// Which span of time a poll asks the API for. Pure, so the date rules are tested without HTTP.
import { hourStartInZone } from '../time/zoned.js';
import { localDayBounds } from '../time/local-days.js';
import { addDays, localDateOf } from '../../shared/local-dates.js';
import { DAY_MS, MINUTE_MS } from '../../shared/time-constants.js';

/**
 * How long after an API day ends its last hours may still change (an API that writes them late):
 * a day fetched sooner is fetched once more after this.
 */
export const LATE_API_MS = 90 * MINUTE_MS;

export interface PollWindowInput {
  now: number;
  localZone: string;
  /** The zone the API's days (and hour keys) are in. */
  apiZone: string;
  /** End of the history's newest authoritative span, or null on first sync. */
  coveredUntil: number | null;
  /** First sync reaches back this many local days, today included. */
  backfillDays: number;
  /** The newest API date whose hours are final (fetched LATE_API_MS after it ended); null: not known. */
  finalThrough: string | null;
}

/** Start of the local day `backfillDays - 1` days before the one holding `now`: where a first sync reaches back to. */
export function backfillStart(now: number, localZone: string, backfillDays: number): number {
  return localDayBounds(addDays(localDateOf(now, localZone), -(backfillDays - 1)), localZone).start;
}

/**
 * The API date to fetch once more because it may have been fetched before its hours were final:
 * the first date after `finalThrough` (yesterday if not known), once it ended LATE_API_MS ago and
 * is not today. Null when none is due.
 */
export function recheckDue(now: number, apiZone: string, finalThrough: string | null): string | null {
  const today = localDateOf(now, apiZone);
  const next = finalThrough === null ? addDays(today, -1) : addDays(finalThrough, 1);
  if (next >= today) return null;
  return localDayBounds(next, apiZone).end + LATE_API_MS <= now ? next : null;
}

/** The newest API date an answer made at `answeredAt` holds final: the day before the one LATE_API_MS earlier. */
export function finalDateAt(answeredAt: number, apiZone: string): string {
  return addDays(localDateOf(answeredAt - LATE_API_MS, apiZone), -1);
}

/**
 * First sync: the last `backfillDays` local days. After that only what can still change: today in
 * the API's zone, reaching back to where the history stops if that is earlier (the first poll after
 * the API's midnight fetches yesterday's last hour; a machine that slept for days catches up within
 * the backfill span), and to a day that may have been fetched before the API had written it all
 * (once, LATE_API_MS after that day ended).
 */
export function pollWindow({ now, localZone, apiZone, coveredUntil, backfillDays, finalThrough }: PollWindowInput): { from: number; to: number } {
  const earliest = backfillStart(now, localZone, backfillDays);
  if (coveredUntil === null) return { from: earliest, to: now };
  let from = Math.min(localDayBounds(localDateOf(now, apiZone), apiZone).start, coveredUntil);
  const recheck = recheckDue(now, apiZone, finalThrough);
  if (recheck !== null) from = Math.min(from, localDayBounds(recheck, apiZone).start);
  return { from: Math.max(earliest, from), to: now };
}

/** Start of the API hour containing `now`: hours from here on may still grow. */
export function settledUntil(now: number, apiZone: string): number {
  return hourStartInZone(now, apiZone);
}

/** Split [from, to) into spans of at most `days` days, so one request never asks for years. */
export function chunkSpan(from: number, to: number, days: number): Array<{ from: number; to: number }> {
  const step = days * DAY_MS;
  const out: Array<{ from: number; to: number }> = [];
  for (let start = from; start < to; start += step) out.push({ from: start, to: Math.min(to, start + step) });
  return out;
}
