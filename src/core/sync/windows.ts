// Which span of time a poll asks the API for. Pure, so the date rules are tested without HTTP.
import { hourStartInZone } from '../time/zoned.js';
import { localDayBounds } from '../time/local-days.js';
import { addDays, localDateOf } from '../../shared/local-dates.js';
import { DAY_MS } from '../../shared/time-constants.js';

export interface PollWindowInput {
  now: number;
  localZone: string;
  /** End of the history's newest authoritative span, or null on first sync. */
  coveredUntil: number | null;
  /** First sync reaches back this many local days, today included. */
  backfillDays: number;
}

/** Start of the local day `backfillDays - 1` days before the one holding `now`: where a first sync reaches back to. */
export function backfillStart(now: number, localZone: string, backfillDays: number): number {
  return localDayBounds(addDays(localDateOf(now, localZone), -(backfillDays - 1)), localZone).start;
}

/**
 * First sync: the last `backfillDays` local days. After that: today, reaching back to where the
 * history stops if that is earlier (the first poll after midnight refreshes yesterday once; a
 * machine that slept for days catches up, within the backfill span).
 */
export function pollWindow({ now, localZone, coveredUntil, backfillDays }: PollWindowInput): { from: number; to: number } {
  const earliest = backfillStart(now, localZone, backfillDays);
  if (coveredUntil === null) return { from: earliest, to: now };
  const startOfToday = localDayBounds(localDateOf(now, localZone), localZone).start;
  return { from: Math.max(earliest, Math.min(startOfToday, coveredUntil)), to: now };
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
