// The wall-clock hours API hour keys are written in. The demo answers in UTC (the default API
// zone), where an hour is a fixed slice of time; the test fake brings its own calendar for any
// IANA zone, so its zone arithmetic stays independent of the app's.

import { DAY_MS, HOUR_MS } from '../../shared/time-constants.js';

export { DAY_MS, HOUR_MS };

export interface HourBucket {
  /** First instant of the bucket. */
  start: number;
  /** First instant after it (usually start + 1h; 2h for a repeated DST hour, less around 30-minute shifts). */
  end: number;
  /** Wall-clock hours since the epoch in the zone; floor(localHourIndex / 24) is the local day index. */
  localHourIndex: number;
}

export interface WallParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

export interface HourKeyCalendar {
  /** The wall-clock hour buckets whose start lies in [fromMs, toMs). */
  hourBuckets(fromMs: number, toMs: number): HourBucket[];
  /** Wall-clock date and time of instant t. */
  wallParts(t: number): WallParts;
  /** 23:59:59 on the calendar day of instant t. */
  endOfDay(t: number): number;
}

export const utcCalendar: HourKeyCalendar = {
  hourBuckets(fromMs, toMs) {
    const out: HourBucket[] = [];
    if (!(toMs > fromMs) || !Number.isFinite(fromMs)) return out;
    for (let s = Math.ceil(fromMs / HOUR_MS) * HOUR_MS; s < toMs; s += HOUR_MS) {
      out.push({ start: s, end: s + HOUR_MS, localHourIndex: s / HOUR_MS });
    }
    return out;
  },
  wallParts(t) {
    const w = new Date(t);
    return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, d: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes(), s: w.getUTCSeconds() };
  },
  endOfDay: (t) => Math.floor(t / DAY_MS) * DAY_MS + DAY_MS - 1000,
};
