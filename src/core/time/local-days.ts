// Local days as spans of instants in a named zone, and the API's hour keys. Pure: every zone is passed in.
// An hour belongs to the local day in which it starts; a local day is [first instant, first instant of next day).
// The calendar arithmetic and the wall-clock readings these build on live in src/shared/local-dates.ts,
// where the window uses them too; what needs Luxon (a wall time back to an instant) stays here.
import { DateTime, IANAZone } from 'luxon';
import { addDays, dateParts, daysInMonth, hostOffsetMs, isHostTimeZone, localDateOf, utcMs } from '../../shared/local-dates.js';
import { DAY_MS, MINUTE_MS } from '../../shared/time-constants.js';
import { assertTimeZone } from '../../shared/time-zone.js';

function checkZone(dt: DateTime, zone: string): DateTime {
  if (!dt.isValid) throw new RangeError(`"${zone}" is not a known IANA time zone (e.g. UTC, Europe/Berlin)`);
  return dt;
}


/**
 * Midnight of `date` in the host zone (local-dates.ts isHostTimeZone), as Luxon resolves it below
 * but from Date's offsets, with no Intl formatter: the offsets a day either side bracket it; of the
 * candidates that really show midnight the later (a DST fold: Luxon's standard-time instant); none
 * (midnight skipped): the first instant after the gap.
 */
function hostStartOfDate(year: number, month: number, day: number): number {
  const wall = utcMs(year, month, day);
  const offset = hostOffsetMs;
  const before = offset(wall - DAY_MS);
  const after = offset(wall + DAY_MS);
  let best = -Infinity;
  for (const off of before === after ? [before] : [before, after]) {
    const candidate = wall - off;
    if (candidate > best && offset(candidate) === off) best = candidate;
  }
  return best === -Infinity ? wall - before : best;
}

/** Midnight (or the first instant, if midnight is skipped by DST) of `date` in `zone`. */
function startOfDate(date: string, zone: string): number {
  const [year, month, day] = dateParts(date);
  if (isHostTimeZone(zone)) return hostStartOfDate(year, month, day);
  return checkZone(DateTime.fromObject({ year, month, day }, { zone }), zone).toMillis();
}

/** [start, end) of a local day: 24 h usually, 23 or 25 h on DST days. */
export function localDayBounds(date: string, zone: string): { start: number; end: number } {
  return { start: startOfDate(date, zone), end: startOfDate(addDays(date, 1), zone) };
}

/**
 * What the API's `date_end` means: not documented, so learnt from answers (sync/state.ts keeps it).
 * 'unknown' and 'exclusive' ask one date more; only 'inclusive' asks the last date itself.
 */
export type EndDateMeaning = 'unknown' | 'inclusive' | 'exclusive';

/**
 * API calendar dates (in apiZone) to ask for so the answer holds [fromMs, toMs): `date_start` is the
 * date holding fromMs (a start date is taken to count: every answer so far begins on it), `date_end`
 * the date holding the last instant, or the date after it unless `date_end` is known to be inclusive.
 * For a span ending today the extra date is tomorrow, which holds no hours yet: it costs nothing.
 */
export function apiDateWindow(fromMs: number, toMs: number, apiZone: string, endDate: EndDateMeaning): { dateStart: string; dateEnd: string } {
  const last = Math.max(fromMs, toMs - 1); // the range is half-open: toMs itself is not asked for
  const lastDate = localDateOf(last, apiZone);
  return { dateStart: localDateOf(fromMs, apiZone), dateEnd: endDate === 'inclusive' ? lastDate : addDays(lastDate, 1) };
}

/**
 * The instants surely covered by an answer for API dates [dateStart..dateEnd]: up to the end of
 * dateEnd if it is known to be inclusive, else up to its start (right if it is exclusive, and if
 * it is inclusive the request asked a date more anyway).
 */
export function surelyCovered(dateStart: string, dateEnd: string, apiZone: string, endDate: EndDateMeaning): { from: number; to: number } {
  const from = startOfDate(dateStart, apiZone);
  const to = startOfDate(endDate === 'inclusive' ? addDays(dateEnd, 1) : dateEnd, apiZone);
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
  const wall = utcMs(year, month, day, hour, minute, second);
  const before = z.offset(wall - DAY_MS);
  const after = z.offset(wall + DAY_MS);
  let best = Infinity;
  for (const off of before === after ? [before] : [before, after]) {
    const candidate = wall - off * MINUTE_MS;
    if (candidate < best && z.offset(candidate) === off) best = candidate;
  }
  return best === Infinity ? wall - before * MINUTE_MS : best;
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
  if (isUtc) return utcMs(year, month, day, hour, minute, second);
  const ms = zonedWallTime(apiZone, year, month, day, hour, minute, second);
  if (memo.size >= MEMO_LIMIT) {
    // Drop the oldest entry (Maps iterate in insertion order), keeping memory bounded.
    const oldest = memo.keys().next();
    if (oldest.done !== true) memo.delete(oldest.value);
  }
  memo.set(memoKey, ms);
  return ms;
}
