// Wall-clock time in a named zone <-> instants. Luxon carries the IANA rules (DST, :30 and :45 offsets).
// Reading an instant's local date or time needs no Luxon: that is src/shared/local-dates.ts.
import { DateTime } from 'luxon';
import { hostOffsetMs, isHostTimeZone } from '../../shared/local-dates.js';

/**
 * The instant a wall-clock time in `zone` stands for, as Luxon resolves it: a time skipped by a DST
 * jump moves forward; a time that occurs twice gives the later instant (the standard-time one).
 * Used for expiry stamps, where an hour's difference on one night a year is harmless; hour keys go
 * through parseApiHourKey (local-days.ts), which picks the earlier instant.
 */
export function zonedToEpoch(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const dt = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
  if (!dt.isValid) throw new RangeError(`invalid time ${year}-${month}-${day} ${hour}:${minute}:${second} in ${zone}`);
  return dt.toMillis();
}

/** Start of the hour containing an instant, on `zone`'s wall clock (a :30 offset gives :30 starts). */
export function hourStartInZone(epochMs: number, zone: string): number {
  return DateTime.fromMillis(epochMs, { zone }).startOf('hour').toMillis();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * isoInZone for the host zone (local-dates.ts isHostTimeZone) from Date's local-time fields, with no
 * Intl formatter, written as Luxon writes it; null where Luxon's own rules are needed (years outside
 * 0-9999, an offset of seconds).
 */
function hostIso(epochMs: number, zone: string): string | null {
  const d = new Date(epochMs);
  const year = d.getFullYear();
  const offsetMs = hostOffsetMs(epochMs);
  const offset = offsetMs / 60_000;
  if (!Number.isInteger(offset) || year < 0 || year > 9999) return null;
  const ms = d.getMilliseconds();
  // Luxon reads "UTC" and "GMT" (any case) as its fixed UTC zone, written "Z"; a named zone at +00:00 is "+00:00".
  const fixedUtc = /^(utc|gmt)$/i.test(zone) && offset === 0;
  const abs = Math.abs(offset);
  const tail = fixedUtc ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(year, 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${ms === 0 ? '' : `.${pad(ms, 3)}`}${tail}`;
}

/** ISO 8601 with the zone's offset, e.g. 2026-03-29T03:00:00.000+02:00. */
export function isoInZone(epochMs: number, zone: string): string {
  const host = isHostTimeZone(zone) && Number.isFinite(epochMs) ? hostIso(epochMs, zone) : null;
  if (host !== null) return host;
  const iso = DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true });
  if (iso === null) throw new RangeError(`cannot format ${epochMs} in ${zone}`);
  return iso;
}

/** The system's IANA zone (honours TZ). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
