// Chart data for a range of local dates: one bucket per API hour (or per local day), a bytes array per
// login aligned with the buckets. Pure over the history. Buckets go out as instants, not words: the
// window writes them in the user's locale (src/renderer/format-time.ts), the CSV export as ISO.
import type { Granularity, SeriesResponse } from '../../shared/ipc.js';
import type { History } from '../history/model.js';
import { logins as historyLogins, samplesBetween } from '../history/model.js';
import { localDayBounds } from '../time/local-days.js';
import { hourStartInZone } from '../time/zoned.js';
import { datesBetween } from '../../shared/local-dates.js';
import { HOUR_MS } from '../../shared/time-constants.js';

/** Ranges up to this many days are drawn hour by hour. */
export const HOURLY_MAX_DAYS = 14;

export function chooseGranularity(from: string, to: string, asked: Granularity | 'auto' | undefined): Granularity {
  if (asked === 'hour' || asked === 'day') return asked;
  return datesBetween(from, to).length <= HOURLY_MAX_DAYS ? 'hour' : 'day';
}

/**
 * Hour buckets start where API hours start (whole hours in the API zone), so a :30 local offset
 * (Kolkata with UTC keys) gives :30 buckets rather than splitting hours.
 */
function hourBuckets(start: number, end: number, apiZone: string): number[] {
  const starts: number[] = [];
  let t = hourStartInZone(start, apiZone);
  if (t < start) t += HOUR_MS;
  for (; t < end; t += HOUR_MS) starts.push(t);
  return starts;
}

/**
 * The bucket a sample falls in: the last bucket starting at or before it (buckets are sorted and
 * contiguous). A binary search, not a zone conversion per sample: a year of 50 logins is 440k samples.
 */
function bucketOf(starts: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : lo - 1;
}

export function buildSeries(args: {
  history: History;
  from: string;
  to: string;
  zone: string;
  login?: string;
  granularity: Granularity;
  stale: boolean;
  problem: SeriesResponse['problem'];
}): SeriesResponse {
  const { history, from, to, zone, granularity } = args;
  const start = localDayBounds(from, zone).start;
  const end = localDayBounds(to, zone).end;
  const buckets =
    granularity === 'hour' ? hourBuckets(start, end, history.apiTimeZone) : datesBetween(from, to).map((d) => localDayBounds(d, zone).start);
  const indexOf = (t: number) => bucketOf(buckets, t);
  const byLogin = new Map<string, number[]>();
  let totalBytes = 0;
  for (const s of samplesBetween(history, start, end, args.login)) {
    const i = indexOf(s.start);
    if (i === undefined || s.bytes === 0) continue;
    let row = byLogin.get(s.login);
    if (!row) {
      row = new Array<number>(buckets.length).fill(0);
      byLogin.set(s.login, row);
    }
    row[i] = (row[i] ?? 0) + s.bytes;
    totalBytes += s.bytes;
  }
  const series = [...byLogin.entries()]
    .map(([login, bytes]) => ({ login, bytes }))
    .sort((a, b) => a.login.localeCompare(b.login));
  return {
    from,
    to,
    timeZone: zone,
    granularity,
    buckets,
    series,
    logins: historyLogins(history).sort((a, b) => a.localeCompare(b)),
    totalBytes,
    stale: args.stale,
    problem: args.problem,
  };
}
