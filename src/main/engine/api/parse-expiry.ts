// `expired_at` arrives as "2026-06-13 23:59:59" or "31.12.2025 23:59:59", in the API timezone.
import { zonedToEpoch } from '../time/zoned.js';
import { malformed } from './parse-values.js';

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DMY_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
// PHP writes an unset DATETIME as zeros.
const ZERO_RE = /^0{4}-0{2}-0{2}(?:[ T]0{2}:0{2}(?::0{2})?)?$/;

/**
 * Epoch ms of an expiry stamp read in `zone`; a date without a time means the end of that day
 * (23:59:59). null, absent, "" and the zero date give null.
 */
export function parseExpiry(v: unknown, zone: string, path: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw malformed(path, 'a date "yyyy-mm-dd HH:MM:SS" or "dd.mm.yyyy HH:MM:SS"', v);
  const s = v.trim();
  if (s === '' || ZERO_RE.test(s)) return null;
  let parts: string[] | null = null;
  const iso = ISO_RE.exec(s);
  if (iso !== null) parts = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]].map((x) => x ?? '');
  const dmy = iso === null ? DMY_RE.exec(s) : null;
  if (dmy !== null) parts = [dmy[3], dmy[2], dmy[1], dmy[4], dmy[5], dmy[6]].map((x) => x ?? '');
  if (parts === null) throw malformed(path, 'a date "yyyy-mm-dd HH:MM:SS" or "dd.mm.yyyy HH:MM:SS"', v);
  const [y, mo, d, h, mi, se] = parts.map((x) => (x === '' ? null : Number(x)));
  const dateOnly = h === null || h === undefined;
  const hour = dateOnly ? 23 : h;
  const minute = dateOnly ? 59 : (mi ?? 0);
  const second = dateOnly ? 59 : (se ?? 0);
  if (y == null || mo == null || d == null || mo < 1 || mo > 12 || d < 1 || d > 31 || hour > 23 || minute > 59 || second > 59) {
    throw malformed(path, 'a real date and time', v);
  }
  try {
    return zonedToEpoch(zone, y, mo, d, hour, minute, second);
  } catch {
    // Luxon rejects 2026-02-30 and the like.
    throw malformed(path, 'a real date and time', v);
  }
}
