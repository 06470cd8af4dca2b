// Whether a name is an IANA time zone this runtime knows (main validates settings with it, the
// window checks its form with it).
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
