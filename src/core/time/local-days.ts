// Calendar days in a named zone, and the API's hour keys. Pure: every zone is passed in.
// An hour belongs to the local day in which it starts; a local day is [first instant, first instant of next day).
import { DateTime, IANAZone } from 'luxon';
import { assertTimeZone } from '../../shared/time-zone.js';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Date.UTC without its quirk of reading years 0-99 as 1900-1999 (shifts by one 400-year cycle instead). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  return Date.UTC(year + 400, month - 1, day, hour, minute, second) - 146_097 * DAY_MS;
}

/** Days in a month, for a month already known to be 1..12. */
function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month + 1, 0)).getUTCDate();
}

function checkZone(dt: DateTime, zone: string): DateTime {
  if (!dt.isValid) throw new RangeError(`"${zone}" is not a known IANA time zone (e.g. UTC, Europe/Berlin)`);
  return dt;
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

function splitDate(date: string): [number, number, number] {
  parseLocalDate(date);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`date out of range (year ${y})`);
  const mo = d.getUTCMonth() + 1;
  const da = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}-${da < 10 ? '0' : ''}${da}`;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(epochMs: number, zone: string): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`${epochMs} is not an instant`);
  return checkZone(DateTime.fromMillis(epochMs, { zone }), zone).toFormat('yyyy-MM-dd');
}

/** Midnight (or the first instant, if midnight is skipped by DST) of `date` in `zone`. */
function startOfDate(date: string, zone: string): number {
  const [year, month, day] = splitDate(date);
  return checkZone(DateTime.fromObject({ year, month, day }, { zone }), zone).toMillis();
}

/** [start, end) of a local day: 24 h usually, 23 or 25 h on DST days. */
export function localDayBounds(date: string, zone: string): { start: number; end: number } {
  return { start: startOfDate(date, zone), end: startOfDate(addDays(date, 1), zone) };
}

/** Calendar arithmetic (no zone involved). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`day count must be an integer, got ${n}`);
  const [y, m, d] = splitDate(date);
  return formatUtcDate(utc(y, m, d) + n * DAY_MS);
}

export function monthStart(date: string): string {
  parseLocalDate(date);
  return `${date.slice(0, 8)}01`;
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function datesBetween(from: string, to: string): string[] {
  const [fy, fm, fd] = splitDate(from);
  const [ty, tm, td] = splitDate(to);
  const out: string[] = [];
  const end = utc(ty, tm, td);
  for (let t = utc(fy, fm, fd); t <= end; t += DAY_MS) out.push(formatUtcDate(t));
  return out;
}

/** API calendar dates (in apiZone) covering [fromMs, toMs) plus `marginDays` each side. */
export function apiDateWindow(
  fromMs: number,
  toMs: number,
  apiZone: string,
  marginDays: number,
): { dateStart: string; dateEnd: string } {
  if (!Number.isInteger(marginDays) || marginDays < 0) throw new RangeError(`margin must be a whole number of days >= 0, got ${marginDays}`);
  const last = Math.max(fromMs, toMs - 1); // the range is half-open: toMs itself is not asked for
  return {
    dateStart: addDays(localDateOf(fromMs, apiZone), -marginDays),
    dateEnd: addDays(localDateOf(last, apiZone), marginDays),
  };
}

/**
 * The instants surely covered by an answer for API dates [dateStart..dateEnd] if the end date were
 * EXCLUSIVE (the API doesn't document it): [start of dateStart, start of dateEnd) in apiZone.
 */
export function surelyCovered(dateStart: string, dateEnd: string, apiZone: string): { from: number; to: number } {
  const from = startOfDate(dateStart, apiZone);
  const to = startOfDate(dateEnd, apiZone);
  return { from, to: Math.max(from, to) };
}

/**
 * The instant of a wall time in `zone`. The offsets in force a day either side bracket the answer:
 * keep the earliest candidate that really shows this wall time (a DST fold reads as the earlier
 * instant). A skipped wall time (DST gap) matches none: read it with the offset from before the gap,
 * which moves it forward as Luxon does. Uses the zone's offset function, not DateTime: this is hot.
 */
function zonedWallTime(zone: string, year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  assertTimeZone(zone);
  const z = IANAZone.create(zone);
  const wall = utc(year, month, day, hour, minute, second);
  const before = z.offset(wall - DAY_MS);
  const after = z.offset(wall + DAY_MS);
  let best = Infinity;
  for (const off of before === after ? [before] : [before, after]) {
    const candidate = wall - off * 60_000;
    if (candidate < best && z.offset(candidate) === off) best = candidate;
  }
  return best === Infinity ? wall - before * 60_000 : best;
}

// Zones whose wall time is UTC: read their keys with Date.UTC, no Luxon.
const UTC_ZONES = new Set([
  'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'GMT0', 'GMT+0', 'GMT-0',
  'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'Etc/Greenwich', 'Greenwich',
]);
const HOUR_KEY_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

// One answer holds the same hour key once per login, so a memo turns ~37k Luxon calls into ~750.
const MEMO_LIMIT = 50_000;
const memo = new Map<string, number>();

/**
 * "YYYY-MM-DD HH:MM:SS" (or with a "T"; seconds must be 00) read as wall time in apiZone -> epoch ms.
 * A wall time skipped by DST moves forward; one that occurs twice reads as the earlier instant.
 */
export function parseApiHourKey(key: string, apiZone: string): number {
  const isUtc = UTC_ZONES.has(apiZone);
  const memoKey = isUtc ? '' : `${apiZone}\u0000${key}`;
  if (!isUtc) {
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
  }
  const m = HOUR_KEY_RE.exec(key);
  if (m === null) throw new RangeError(`API hour key "${String(key).slice(0, 40)}" is not in the form YYYY-MM-DD HH:MM:SS`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`API hour key "${key}" is not a real date and time`);
  }
  // Hours start on whole minutes (the history stores minutes); seconds would mean a misread key.
  if (second !== 0) throw new RangeError(`API hour key "${key}" does not start on a whole minute`);
  if (isUtc) return utc(year, month, day, hour, minute, second);
  const ms = zonedWallTime(apiZone, year, month, day, hour, minute, second);
  if (memo.size >= MEMO_LIMIT) {
    // Drop the oldest entry (Maps iterate in insertion order), keeping memory bounded.
    const oldest = memo.keys().next();
    if (oldest.done !== true) memo.delete(oldest.value);
  }
  memo.set(memoKey, ms);
  return ms;
}
