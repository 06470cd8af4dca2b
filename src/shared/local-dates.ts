// Local calendar dates (YYYY-MM-DD) and an instant's wall clock in a named zone, for the core, the
// CLI, the tray and the window alike. Pure and free of Node and Luxon (the window bundles it): dates
// are calendar arithmetic on UTC days, and zones go through Intl, which carries the IANA rules.
import { DAY_MS } from './time-constants.js';
import { assertTimeZone } from './time-zone.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Date.UTC without its quirk of reading years 0-99 as 1900-1999 (shifts by one 400-year cycle instead). */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  return Date.UTC(year + 400, month - 1, day, hour, minute, second) - 146_097 * DAY_MS;
}

/** Days in a month, for a month already known to be 1..12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/** Validates a YYYY-MM-DD calendar date (e.g. rejects 2026-02-30) and returns it unchanged. */
export function parseLocalDate(s: string): string {
  const m = DATE_RE.exec(s);
  if (m === null) throw new RangeError(`"${s}" is not a date in the form YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) throw new RangeError(`"${s}" is not a real date: month ${month} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`"${s}" is not a real date: ${m[1]}-${m[2]} has no day ${day}`);
  }
  return s;
}

/** A real calendar date written YYYY-MM-DD (for form checks, which say their own words). */
export function isLocalDate(s: string): boolean {
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
}

/** [year, month, day] of a YYYY-MM-DD date, checked first. */
export function dateParts(date: string): [number, number, number] {
  parseLocalDate(date);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`date out of range (year ${y})`);
  return `${String(y).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Calendar arithmetic (no zone involved: dates, not instants). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`day count must be an integer, got ${n}`);
  const [y, m, d] = dateParts(date);
  return formatUtcDate(utcMs(y, m, d) + n * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = dateParts(from);
  const [ty, tm, td] = dateParts(to);
  return Math.round((utcMs(ty, tm, td) - utcMs(fy, fm, fd)) / DAY_MS);
}

/** The first of the month `date` falls in. */
export function monthStart(date: string): string {
  parseLocalDate(date);
  return `${date.slice(0, 8)}01`;
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function datesBetween(from: string, to: string): string[] {
  const [fy, fm, fd] = dateParts(from);
  const [ty, tm, td] = dateParts(to);
  const out: string[] = [];
  const end = utcMs(ty, tm, td);
  for (let t = utcMs(fy, fm, fd); t <= end; t += DAY_MS) out.push(formatUtcDate(t));
  return out;
}

// One formatter per zone: building one costs far more than using it, and these run per hour.
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone this process's Date keeps its local time in, once told (the CLI: core/time/host-zone.ts);
 * null (the app, the window) until then. Its wall clock and offset are read through Date's local-time
 * methods, which use the same ICU zone as Intl but need no formatter: a process's first formatter
 * costs ~10 ms (V8 lists every locale ICU has), a tenth of a status bar's `today`.
 */
let hostZone: string | null = null;

/** Declares `zone` the zone of this process's Date (or null: none). Only a caller that knows it is. */
export function declareHostTimeZone(zone: string | null): void {
  hostZone = zone;
}

/** Whether `zone` is the declared zone of this process's Date (its wall time needs no Intl). */
export function isHostTimeZone(zone: string): boolean {
  return zone === hostZone;
}

/** The host zone's wall clock at an instant, from Date's local-time fields; null before the year 1 (Intl's own way). */
function hostWallClock(epochMs: number): Wall | null {
  const d = new Date(epochMs);
  if (d.getFullYear() < 1) return null;
  return { date: `${String(d.getFullYear()).padStart(4, '0')}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`, time: `${pad2(d.getHours())}:${pad2(d.getMinutes())}` };
}

/**
 * How far the host zone's wall clock is ahead of UTC at an instant, in ms, from Date's local-time
 * fields (getTimezoneOffset rounds to minutes: a local mean time's seconds would be lost).
 */
export function hostOffsetMs(epochMs: number): number {
  const d = new Date(epochMs);
  return utcMs(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) + d.getMilliseconds() - epochMs;
}

interface Wall {
  date: string;
  time: string;
}

/** The wall clock in `zone` at an instant of the years 1 to 9999 (Intl writes 5 BC as "5": no era is asked for). */
function wallClock(epochMs: number, zone: string): Wall {
  if (!Number.isFinite(epochMs)) throw new RangeError(`${epochMs} is not an instant`);
  const utcYear = new Date(epochMs).getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) throw new RangeError(`date out of range (year ${utcYear})`);
  const host = zone === hostZone ? hostWallClock(epochMs) : null;
  if (host !== null) return host;
  let f = formatters.get(zone);
  if (f === undefined) {
    assertTimeZone(zone);
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  let year = '';
  let month = '';
  let day = '';
  let hour = '';
  let minute = '';
  for (const p of f.formatToParts(epochMs)) {
    if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
    else if (p.type === 'hour') hour = p.value;
    else if (p.type === 'minute') minute = p.value;
  }
  return { date: `${year.padStart(4, '0')}-${month}-${day}`, time: `${hour}:${minute}` };
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(epochMs: number, zone: string): string {
  return wallClock(epochMs, zone).date;
}

// The zone's UTC offset through Intl's "GMT+05:30" (seconds too, for old local mean times): a
// cheaper call than the wall clock's parts, for scans that only need the offset.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const OFFSET_RE = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** How far `zone`'s wall clock is ahead of UTC at an instant, in ms (Berlin in winter: 3,600,000). */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  if (zone === hostZone && Number.isFinite(epochMs)) return hostOffsetMs(epochMs);
  let f = offsetFormatters.get(zone);
  if (f === undefined) {
    assertTimeZone(zone);
    // The hour alone beside the offset: no date to format makes the call half as dear.
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23', timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, f);
  }
  const m = OFFSET_RE.exec(f.format(epochMs));
  if (m === null) throw new RangeError(`no UTC offset for ${epochMs} in ${zone}`);
  if (m[1] === undefined) return 0;
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '-' ? -ms : ms;
}

/** Offsets hold between two probes this far apart when they agree: tz rules never change twice within a week. */
const OFFSET_PROBE_SPAN_MS = 7 * DAY_MS;

/** A local day's first instant among several: its index and its date. */
export interface LocalDayStart {
  readonly index: number;
  readonly date: string;
}

/** The date is written only when read: a chart labels a few dozen of a year's 365 day starts. */
class DayStart implements LocalDayStart {
  constructor(
    readonly index: number,
    private readonly utcDay: number,
  ) {}
  get date(): string {
    return formatUtcDate(this.utcDay);
  }
}

/**
 * Where local days begin in a run of instants in ascending order (a chart's hour or day buckets): each
 * index whose local date in `zone` differs from the instant before it (index 0 always), with that date.
 * As localDateOf per instant would say, at a few dozen offset probes for a year of hours: the offset is
 * probed at the ends of a stretch and, where they differ or lie over a week apart, in its middle; a
 * stretch between agreeing probes has their offset, and its dates are UTC arithmetic on the shifted
 * instants (23- and 25-hour days, :30 and :45 zones alike).
 */
export function localDayStarts(instants: readonly number[], zone: string): LocalDayStart[] {
  const out: LocalDayStart[] = [];
  const n = instants.length;
  if (n === 0) return out;
  let prevDay = NaN;
  // Instants a..b (inclusive) all have this offset: note where their local day changes.
  const scan = (a: number, b: number, offset: number): void => {
    for (let i = a; i <= b; i++) {
      const day = Math.floor(((instants[i] ?? 0) + offset) / DAY_MS);
      if (day !== prevDay) out.push(new DayStart(i, day * DAY_MS));
      prevDay = day;
    }
  };
  const probe = (i: number): number => zoneOffsetMs(instants[i] ?? 0, zone);
  // In order, left to right: a stretch is scanned once its offset is settled.
  const settle = (a: number, oa: number, b: number, ob: number): void => {
    if (oa === ob && (instants[b] ?? 0) - (instants[a] ?? 0) <= OFFSET_PROBE_SPAN_MS) return scan(a, b - 1, oa);
    if (b - a <= 1) return scan(a, a, oa);
    const m = (a + b) >> 1;
    const om = probe(m);
    settle(a, oa, m, om);
    settle(m, om, b, ob);
  };
  const last = probe(n - 1);
  if (n > 1) settle(0, probe(0), n - 1, last);
  scan(n - 1, n - 1, last);
  return out;
}

/** The local wall-clock time (HH:mm, 24 h) of an instant in `zone`. */
export function localTimeOf(epochMs: number, zone: string): string {
  return wallClock(epochMs, zone).time;
}

/** "2026-12-03 23:59": date and time of an instant in `zone`. */
export function localDateTimeOf(epochMs: number, zone: string): string {
  const w = wallClock(epochMs, zone);
  return `${w.date} ${w.time}`;
}

/** "Dec 10" in the user's locale ("10 déc." in French), with the year when it is not this year's. */
export function shortDateText(date: string, today: string, locale: string): string {
  const [y, m, d] = dateParts(date);
  const withYear = y !== dateParts(today)[0];
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, options);
  } catch {
    // A locale string Intl refuses (an odd LANG) must not take the tray down.
    format = new Intl.DateTimeFormat('en-US', options);
  }
  return format.format(utcMs(y, m, d));
}
