// Whether a name is an IANA time zone this runtime knows (main validates settings and its inputs
// with it, the window checks its form with it).

/** Zones already found valid: the check sits on paths that run per hour key. UTC is always one (ECMA-402). */
const known = new Set<string>(['UTC']);

/**
 * The runtime's canonical zone names, read once: a cheaper question than building a formatter, whose
 * first one in a process costs ~10 ms (V8 lists every locale ICU has). Aliases and other spellings
 * ("Asia/Calcutta", "utc") are not in it: the formatter still decides those.
 */
let canonical: ReadonlySet<string> | null = null;

export function isValidTimeZone(zone: string): boolean {
  if (known.has(zone)) return true;
  canonical ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  if (canonical.has(zone)) {
    known.add(zone);
    return true;
  }
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
