// `expired_at` in every form the docs and SDKs show: "2026-06-13 23:59:59" (fractional seconds and an
// ISO offset allowed), "31.12.2025 23:59:59", and the PHP date object {date, timezone_type, timezone}
// of sub-user packages. A stamp without a zone is read in the API zone. The expiry is not essential
// to the figures: anything unreadable (e.g. the v1 docs' literal "d.m.Y") is an unknown expiry, noted
// in the report, never a failed package.
import { isValidTimeZone } from '../../shared/time-zone.js';
import { zonedToEpoch } from '../time/zoned.js';
import type { ParseReport } from './parse-report.js';
import { describe, isRecord } from './parse-values.js';
import { MINUTE_MS } from '../../shared/time-constants.js';

const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?`;
const OFFSET = String.raw`\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`;
const ISO_RE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}${OFFSET}$`, 'i');
const DMY_RE = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}${OFFSET}$`, 'i');
// PHP writes an unset DATETIME as zeros.
const ZERO_RE = /^0{4}-0{2}-0{2}(?:[ T]0{2}:0{2}(?::0{2}(?:\.0+)?)?)?$/;
const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})?$/;

// An expiry outside these years is a misread or a placeholder, not a date to plan by.
const MIN_YEAR = 2000;
const MAX_YEAR = 2200;

/** A zone is an IANA name or a fixed offset in minutes. */
type Zone = { iana: string } | { offsetMin: number };

function zoneOf(token: string | undefined, fallback: string): Zone | null {
  if (token === undefined || token === '') return { iana: fallback };
  const t = token.trim();
  if (/^(z|utc|gmt)$/i.test(t)) return { offsetMin: 0 };
  const m = OFFSET_RE.exec(t);
  if (m !== null) {
    const h = Number(m[2]);
    const mi = Number(m[3] ?? '0');
    if (h > 14 || mi > 59) return null;
    return { offsetMin: (m[1] === '-' ? -1 : 1) * (h * 60 + mi) };
  }
  return isValidTimeZone(t) ? { iana: t } : null;
}

/** Epoch ms of the stamp, or null when it is not a real date and time. */
function readStamp(s: string, zoneToken: string | undefined, apiZone: string): number | null {
  const iso = ISO_RE.exec(s);
  const dmy = iso === null ? DMY_RE.exec(s) : null;
  const m = iso ?? dmy;
  if (m === null) return null;
  const [y, mo, d] = iso !== null ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const zone = zoneOf(m[8] ?? zoneToken, apiZone);
  if (zone === null) return null;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // A date without a time means the end of that day.
  const dateOnly = m[4] === undefined;
  const hour = dateOnly ? 23 : Number(m[4]);
  const minute = dateOnly ? 59 : Number(m[5]);
  const second = dateOnly ? 59 : Number(m[6] ?? '0');
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  if ('offsetMin' in zone) {
    const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    // Date.UTC rolls 2026-02-30 over into March: a real date reads back the same day.
    if (new Date(t).getUTCDate() !== day) return null;
    return t - zone.offsetMin * MINUTE_MS;
  }
  try {
    const t = zonedToEpoch(zone.iana, year, month, day, hour, minute, second);
    return t + ms;
  } catch {
    // Luxon rejects 2026-02-30 and the like.
    return null;
  }
}

/**
 * Epoch ms of an expiry read in `zone` (unless it names its own). null, absent, "" and the zero date
 * give null silently; an unreadable value gives null with a note in `report`.
 */
export function parseExpiry(v: unknown, zone: string, path: string, report: ParseReport): number | null {
  if (v === null || v === undefined) return null;
  let text: unknown = v;
  let zoneToken: string | undefined;
  let at = path;
  if (isRecord(v)) {
    // PHP's DateTime as JSON: {"date":"2025-02-12 23:59:59.000000","timezone_type":3,"timezone":"UTC"}.
    text = v.date;
    at = `${path}.date`;
    if (typeof v.timezone === 'string' && v.timezone.trim() !== '') zoneToken = v.timezone;
  }
  if (typeof text === 'string') {
    const s = text.trim();
    if (s === '' || ZERO_RE.test(s)) return null;
    const t = readStamp(s, zoneToken, zone);
    if (t !== null) return t;
  }
  report.note(at, `expiry not readable (${describe(isRecord(v) ? (v.date ?? v) : v)}${zoneToken === undefined ? '' : ` in zone ${JSON.stringify(zoneToken.slice(0, 40))}`}); expiry unknown`);
  return null;
}
