// Wall-clock time in a named zone <-> instants. Luxon carries the IANA rules (DST, :30 and :45 offsets).
// Reading an instant's local date or time needs no Luxon: that is src/shared/local-dates.ts.
import { DateTime } from 'luxon';

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

/** ISO 8601 with the zone's offset, e.g. 2026-03-29T03:00:00.000+02:00. */
export function isoInZone(epochMs: number, zone: string): string {
  const iso = DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true });
  if (iso === null) throw new RangeError(`cannot format ${epochMs} in ${zone}`);
  return iso;
}

/** The system's IANA zone (honours TZ). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
