// Chart data for a range of local dates: one bucket per API hour (or per local day for long ranges),
// a bytes array per login aligned with the buckets. Pure over the history.
import { DateTime } from 'luxon';
import type { Granularity, SeriesResponse } from '../../../shared/ipc.js';
import type { History } from '../history/model.js';
import { logins as historyLogins, samplesBetween } from '../history/model.js';
import { datesBetween, localDateOf, localDayBounds } from '../time/local-days.js';

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
function hourBuckets(start: number, end: number, apiZone: string, zone: string): { starts: number[]; labels: string[] } {
  const starts: number[] = [];
  const labels: string[] = [];
  let t = DateTime.fromMillis(start, { zone: apiZone }).startOf('hour').toMillis();
  if (t < start) t += 3_600_000;
  for (; t < end; t += 3_600_000) {
    starts.push(t);
    labels.push(DateTime.fromMillis(t, { zone }).toFormat('yyyy-MM-dd HH:mm'));
  }
  return { starts, labels };
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
  let buckets: number[];
  let labels: string[];
  let indexOf: (t: number) => number | undefined;
  if (granularity === 'hour') {
    ({ starts: buckets, labels } = hourBuckets(start, end, history.apiTimeZone, zone));
    const index = new Map(buckets.map((b, i) => [b, i]));
    indexOf = (t) => index.get(t) ?? index.get(DateTime.fromMillis(t, { zone: history.apiTimeZone }).startOf('hour').toMillis());
  } else {
    labels = datesBetween(from, to);
    buckets = labels.map((d) => localDayBounds(d, zone).start);
    const index = new Map(labels.map((d, i) => [d, i]));
    indexOf = (t) => index.get(localDateOf(t, zone));
  }
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
    labels,
    series,
    logins: historyLogins(history).sort((a, b) => a.localeCompare(b)),
    totalBytes,
    stale: args.stale,
    problem: args.problem,
  };
}
