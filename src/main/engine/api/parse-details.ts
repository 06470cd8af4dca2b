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

function readHours(login: string, hours: unknown, zone: string, path: string, out: HourSample[]): void {
  if (isEmptyPhpArray(hours) || hours === null) return;
  if (!isRecord(hours)) throw malformed(path, 'an object of "YYYY-MM-DD HH:00:00" -> bytes', hours);
  for (const [key, value] of Object.entries(hours)) {
    const p = childPath(path, key);
    let start: number;
    try {
      start = parseApiHourKey(key, zone);
    } catch {
      throw malformed(p, 'an hour key "YYYY-MM-DD HH:00:00"', key);
    }
    out.push({ login, start, bytes: readCount(value, p) });
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
  if (isEmptyPhpArray(data) || data === null) return out;
  if (!isRecord(data)) throw malformed('data', 'an object of login -> hours, or []', data);

  const entries = Object.entries(data);
  const flat =
    login !== undefined &&
    entries.length > 0 &&
    entries.every(([k, v]) => HOUR_KEY_RE.test(k) && (typeof v === 'number' || typeof v === 'string'));
  if (flat) {
    readHours(login, data, apiTimeZone, 'data', out);
  } else {
    for (const [name, hours] of entries) {
      if (login !== undefined && name !== login) continue;
      readHours(name, hours, apiTimeZone, childPath('data', name), out);
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}
