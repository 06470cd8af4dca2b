// Whether a name is an IANA time zone this runtime knows (main validates settings and its inputs
// with it, the window checks its form with it).

/** Zones already found valid: the check sits on paths that run per hour key. */
const known = new Set<string>();

export function isValidTimeZone(zone: string): boolean {
  if (known.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    known.add(zone);
    return true;
  } catch {
    return false;
  }
}

/** A zone from settings or a caller: a bad one is a configuration error (RangeError). */
export function assertTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) throw new RangeError(`"${zone}" is not a known IANA time zone (e.g. UTC, Europe/Berlin)`);
}
