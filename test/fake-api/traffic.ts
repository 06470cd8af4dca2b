// The fake's traffic: the core's generator (src/core/demo/traffic.ts, the demo's too) on hour
// buckets the fake works out itself, with Intl rather than the app's Luxon, for any IANA zone.
// Kept apart on purpose: if the app's zone arithmetic went wrong, a fake using the same code
// would agree with it, and the tests would not see it.
import { DAY_MS, HOUR_MS, type HourBucket, type HourKeyCalendar, type WallParts } from '../../src/core/demo/calendar.js';
import { generateTraffic as generateOnCalendar, type TrafficQuery as CalendarQuery, type LoginProfile, type TrafficSample } from '../../src/core/demo/traffic.js';
import { zonedToEpoch } from '../../src/core/time/zoned.js';

export { DAY_MS, HOUR_MS, type HourBucket } from '../../src/core/demo/calendar.js';
export {
  bucketBytes,
  civilFromDays,
  dayKey,
  defaultLogins,
  hexId,
  hourKey,
  hourlyBytes,
  loginProfile,
  normaliseSeed,
  type LoginProfile,
  type Tier,
  type TrafficSample,
} from '../../src/core/demo/traffic.js';

const QUARTER_MS = 900_000; // every modern zone offset is a multiple of 15 minutes

// ---------- wall-clock hour buckets in a zone ----------

const formatters = new Map<string, Intl.DateTimeFormat>();

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT';
}

/** Throws RangeError for a zone the runtime does not know. */
export function assertTimeZone(zone: string): void {
  offsetMs(zone, 0);
}

function rawOffsetMs(zone: string, t: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const v: Record<string, number> = {};
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') v[part.type] = Number(part.value);
  const wall = Date.UTC(v.year ?? 1970, (v.month ?? 1) - 1, v.day ?? 1, v.hour ?? 0, v.minute ?? 0, v.second ?? 0);
  return wall - Math.floor(t / 1000) * 1000;
}

// Intl look-ups cost ~15 µs, so remember each UTC day's offset when it is the same at both ends of the
// day (no zone changes offset twice within 24 hours); days with a transition are looked up exactly.
const dayOffsets = new Map<string, Map<number, number | null>>();

/** The zone's offset from UTC at instant t, in ms. */
export function offsetMs(zone: string, t: number): number {
  if (isUtc(zone)) return 0;
  let days = dayOffsets.get(zone);
  if (!days) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  const day = Math.floor(t / DAY_MS);
  let o = days.get(day);
  if (o === undefined) {
    const a = rawOffsetMs(zone, day * DAY_MS);
    o = a === rawOffsetMs(zone, (day + 1) * DAY_MS) ? a : null;
    days.set(day, o);
  }
  return o ?? rawOffsetMs(zone, t);
}

/** Local hour index: wall-clock hours since 1970-01-01 00:00 in the zone. Identifies an hour key. */
function localHour(zone: string, t: number): number {
  return Math.floor((t + offsetMs(zone, t)) / HOUR_MS);
}

/** Start of the bucket holding instant t. */
function bucketStartOf(zone: string, t: number): number {
  if (isUtc(zone)) return Math.floor(t / HOUR_MS) * HOUR_MS;
  let x = Math.floor(t / QUARTER_MS) * QUARTER_MS;
  const l = localHour(zone, x);
  while (localHour(zone, x - QUARTER_MS) === l) x -= QUARTER_MS;
  return x;
}

/** Start of the bucket after the one starting at s. One offset look-up unless a transition is near. */
function nextBucketStart(zone: string, s: number): number {
  if (isUtc(zone)) return s + HOUR_MS;
  const o = offsetMs(zone, s);
  const l = Math.floor((s + o) / HOUR_MS);
  const candidate = (l + 1) * HOUR_MS - o;
  if (offsetMs(zone, candidate) === o) return candidate;
  let x = s + QUARTER_MS;
  while (localHour(zone, x) === l) x += QUARTER_MS;
  return x;
}

/** The wall-clock hour buckets of `zone` whose start lies in [fromMs, toMs). */
export function hourBuckets(zone: string, fromMs: number, toMs: number): HourBucket[] {
  const out: HourBucket[] = [];
  if (!(toMs > fromMs)) return out;
  let s = bucketStartOf(zone, fromMs);
  if (s < fromMs) s = nextBucketStart(zone, s);
  while (s < toMs) {
    const e = nextBucketStart(zone, s);
    out.push({ start: s, end: e, localHourIndex: localHour(zone, s) });
    s = e;
  }
  return out;
}

/** Wall-clock "YYYY-MM-DD HH:MM:SS" parts of instant t in the zone. */
export function wallParts(zone: string, t: number): WallParts {
  const w = new Date(t + offsetMs(zone, t));
  return {
    y: w.getUTCFullYear(),
    mo: w.getUTCMonth() + 1,
    d: w.getUTCDate(),
    h: w.getUTCHours(),
    mi: w.getUTCMinutes(),
    s: w.getUTCSeconds(),
  };
}

/** The hours of `zone` as the fake counts them; the day ends at 23:59:59 as Luxon resolves it. */
export function zoneCalendar(zone: string): HourKeyCalendar {
  assertTimeZone(zone);
  return {
    hourBuckets: (fromMs, toMs) => hourBuckets(zone, fromMs, toMs),
    wallParts: (t) => wallParts(zone, t),
    endOfDay(t) {
      const w = wallParts(zone, t);
      return zonedToEpoch(zone, w.y, w.mo, w.d, 23, 59, 59);
    },
  };
}

export type TrafficQuery = Omit<CalendarQuery, 'calendar'> & { zone: string };

/** The core's generator on this zone's hours. */
export function generateTraffic(q: TrafficQuery, profiles?: Map<string, LoginProfile>): TrafficSample[] {
  const { zone, ...rest } = q;
  return generateOnCalendar({ ...rest, calendar: zoneCalendar(zone) }, profiles);
}
