// `POST resident/traffic/details` data -> hour samples.
// data: { login: { "YYYY-MM-DD HH:00:00": bytes } }; no traffic at all is `[]` (an empty PHP array),
// and so is a login without hours.
import type { HourSample } from '../../../shared/types.js';
import { parseApiHourKey } from '../time/local-days.js';
import { assertTimeZone, childPath, isRecord, malformed, readCount } from './parse-values.js';

const HOUR_KEY_RE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/;

function isEmptyPhpArray(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

/** Every login repeats the same hour keys: each is read once per answer. */
type KeyCache = Map<string, number>;

function readHours(login: string, hours: unknown, zone: string, path: string, out: HourSample[], cache: KeyCache): void {
  if (isEmptyPhpArray(hours) || hours === null) return;
  if (!isRecord(hours)) throw malformed(path, 'an object of "YYYY-MM-DD HH:00:00" -> bytes', hours);
  for (const key in hours) {
    const value = hours[key];
    let start = cache.get(key);
    if (start === undefined) {
      try {
        start = parseApiHourKey(key, zone);
      } catch {
        throw malformed(childPath(path, key), 'an hour key "YYYY-MM-DD HH:00:00"', key);
      }
      cache.set(key, start);
    }
    // The common case (a JSON number) is checked inline; the path is only built for a message.
    const bytes = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : readCount(value, childPath(path, key));
    out.push({ login, start, bytes });
  }
}

/**
 * Samples sorted by start, then login. With `login` (the request's filter), an answer that skips the
 * login level (`{ hourKey: bytes }`, undocumented but plausible) is read as that login's hours, and
 * other logins the server may still include are dropped.
 */
export function parseTrafficDetails(data: unknown, apiTimeZone: string, login?: string): HourSample[] {
  assertTimeZone(apiTimeZone);
  const out: HourSample[] = [];
  const cache: KeyCache = new Map();
  if (isEmptyPhpArray(data) || data === null) return out;
  if (!isRecord(data)) throw malformed('data', 'an object of login -> hours, or []', data);

  const entries = Object.entries(data);
  const flat =
    login !== undefined &&
    entries.length > 0 &&
    entries.every(([k, v]) => HOUR_KEY_RE.test(k) && (typeof v === 'number' || typeof v === 'string'));
  if (flat) {
    readHours(login, data, apiTimeZone, 'data', out, cache);
  } else {
    for (const [name, hours] of entries) {
      if (login !== undefined && name !== login) continue;
      readHours(name, hours, apiTimeZone, childPath('data', name), out, cache);
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}
