// The on-disk form of a History, and its validation. Compact: per login, `t` holds hour starts in
// minutes since the epoch, delta-encoded (first absolute), and `b` the bytes of each hour.
import { z } from 'zod';
import { describeFirstIssue } from '../../shared/zod-issues.js';
import type { History } from './model.js';
import { addCoverage, coverageOf, createHistory, logins, restoreSeries, seriesOf } from './model.js';
import { MINUTE_MS } from '../../shared/time-constants.js';
import { lowerBound } from './sorted.js';

export const HISTORY_FORMAT = 'proxy-seller-traffic-history';
export const HISTORY_VERSION = 1;

export interface HistoryFile {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  packageKey: string;
  apiTimeZone: string;
  savedAt: number;
  coverage: Array<[number, number]>;
  logins: Record<string, { t: number[]; b: number[] }>;
}

const wholeMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const headerSchema = z.object({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_VERSION),
  packageKey: z.string().min(1),
  apiTimeZone: z.string().min(1),
  savedAt: wholeMs,
  coverage: z.array(z.tuple([wholeMs, wholeMs])),
  // Checked entry by entry below: a record schema would silently drop a login named "__proto__".
  logins: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    message: 'expected an object of logins',
  }),
});


/** The file form of `h`; with `since`, only what starts at or after it (retention). */
export function encodeHistory(h: History, savedAt: number, since = -Infinity): HistoryFile {
  const out: HistoryFile = {
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    packageKey: h.packageKey,
    apiTimeZone: h.apiTimeZone,
    savedAt,
    coverage: coverageOf(h)
      .filter(([, b]) => b > since)
      .map(([a, b]) => [Math.max(a, since), b]),
    logins: {},
  };
  for (const login of logins(h)) {
    const s = seriesOf(h, login);
    if (s === undefined) continue;
    let first = 0;
    while (first < s.starts.length && (s.starts[first] as number) < since) first++;
    if (first === s.starts.length) continue;
    const t: number[] = new Array<number>(s.starts.length - first);
    let prev = 0;
    for (let k = first; k < s.starts.length; k++) {
      const minutes = (s.starts[k] as number) / MINUTE_MS;
      t[k - first] = minutes - prev;
      prev = minutes;
    }
    Object.defineProperty(out.logins, login, { value: { t, b: s.bytes.slice(first) }, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export type DecodeResult =
  | { ok: true; history: History }
  | { ok: false; kind: 'corrupt'; detail: string }
  | { ok: false; kind: 'zone-mismatch'; recordedZone: string };

/**
 * Turn parsed JSON into a History for `packageKey`, or say precisely what is wrong with it.
 * `detail` is a lower-case clause ("version 2 is not one this app reads").
 */
export function decodeHistory(raw: unknown, packageKey: string, apiTimeZone: string): DecodeResult {
  const corrupt = (detail: string): DecodeResult => ({ ok: false, kind: 'corrupt', detail });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return corrupt('it is not a JSON object');
  const rec = raw as Record<string, unknown>;
  if (rec['format'] !== HISTORY_FORMAT) return corrupt(`it is not a traffic history file (format is ${JSON.stringify(rec['format']) ?? 'missing'})`);
  if (rec['version'] !== HISTORY_VERSION) {
    return corrupt(`it has version ${JSON.stringify(rec['version']) ?? 'missing'}, and this app reads version ${HISTORY_VERSION}`);
  }
  const head = headerSchema.safeParse(raw);
  if (!head.success) return corrupt(describeFirstIssue(head.error));
  const file = head.data;
  if (file.packageKey !== packageKey) return corrupt(`it belongs to package ${JSON.stringify(file.packageKey)}, not ${JSON.stringify(packageKey)}`);
  if (file.apiTimeZone !== apiTimeZone) return { ok: false, kind: 'zone-mismatch', recordedZone: file.apiTimeZone };

  const parts = decodeBody(file.coverage, file.logins);
  if (!parts.ok) return parts;
  const h = createHistory(packageKey, apiTimeZone);
  for (const [a, b] of parts.coverage) addCoverage(h, a, b);
  for (const [login, s] of parts.series) restoreSeries(h, login, s.starts, s.bytes);
  return { ok: true, history: h };
}

/** One login's hours as decoded: starts in epoch ms, ascending; bytes whole and >= 0. */
export interface DecodedSeries {
  starts: number[];
  bytes: number[];
}

type BodyResult = { ok: true; coverage: Array<[number, number]>; series: Map<string, DecodedSeries> } | { ok: false; kind: 'corrupt'; detail: string };

/** The checks shared by the whole-history file (v1) and a day segment (v2): coverage, then each login's t/b. */
function decodeBody(coverage: Array<[number, number]>, loginsRec: Record<string, unknown>): BodyResult {
  const corrupt = (detail: string): BodyResult => ({ ok: false, kind: 'corrupt', detail });
  let prevEnd = -1;
  for (let k = 0; k < coverage.length; k++) {
    const [a, b] = coverage[k] as [number, number];
    if (b <= a) return corrupt(`coverage[${k}]: the interval ends (${b}) before it starts (${a})`);
    if (a <= prevEnd) return corrupt(`coverage[${k}]: intervals are not sorted and separate`);
    prevEnd = b;
  }
  const series = new Map<string, DecodedSeries>();
  for (const login of Object.keys(loginsRec)) {
    if (login === '') return corrupt('logins: a login name is empty');
    // The shape by hand, and every element in the loop below (a number, whole, >= 0, ascending): a
    // zod schema per login cost ~1.5 ms per day segment of 50 logins, most of a CLI `today`'s reading.
    const entry = loginsRec[login];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return corrupt(`logins.${login}: expected an object with t and b`);
    const { t, b } = entry as Record<string, unknown>;
    if (!Array.isArray(t)) return corrupt(`logins.${login}.t: expected an array of hour starts`);
    if (!Array.isArray(b)) return corrupt(`logins.${login}.b: expected an array of byte counts`);
    if (t.length !== b.length) return corrupt(`logins.${login}: ${t.length} hour starts (t) but ${b.length} byte counts (b)`);
    const starts = new Array<number>(t.length);
    let minutes = 0;
    for (let k = 0; k < t.length; k++) {
      const d: unknown = t[k];
      if (typeof d !== 'number' || !Number.isInteger(d)) return corrupt(`logins.${login}.t[${k}]: ${JSON.stringify(d)} is not a whole number of minutes`);
      if (k === 0 ? d < 0 : d <= 0) return corrupt(`logins.${login}.t[${k}]: hour starts are not in ascending order`);
      minutes += d;
      const ms = minutes * MINUTE_MS;
      if (!Number.isSafeInteger(ms)) return corrupt(`logins.${login}.t[${k}]: the hour start is out of range`);
      starts[k] = ms;
      const bytes: unknown = b[k];
      if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return corrupt(`logins.${login}.b[${k}]: ${JSON.stringify(bytes)} is not a whole number of bytes >= 0`);
    }
    series.set(login, { starts, bytes: b as number[] });
  }
  return { ok: true, coverage, series };
}

// ---- Day segments (version 2): the history on disk is one file per UTC day (history/store.ts) ----

export const SEGMENT_VERSION = 2;

export interface SegmentFile extends Omit<HistoryFile, 'version'> {
  version: typeof SEGMENT_VERSION;
  /** The UTC day the segment holds, YYYY-MM-DD: every hour start and coverage instant is in it. */
  day: string;
}

const segmentHeaderSchema = headerSchema.extend({ version: z.literal(SEGMENT_VERSION), day: z.string().regex(/^\d{4}-\d\d-\d\d$/) });

/** Midnight UTC of `day` (YYYY-MM-DD) and of the day after. */
export function utcDayBounds(day: string): { from: number; to: number } {
  const from = Date.parse(`${day}T00:00:00Z`);
  return { from, to: from + 86_400_000 };
}

/** The UTC day an instant is in, YYYY-MM-DD. */
export function utcDayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The segment of `h` for the UTC `day`: its hours and its part of the coverage. */
export function encodeSegment(h: History, day: string, savedAt: number): SegmentFile {
  const { from, to } = utcDayBounds(day);
  const out: SegmentFile = {
    format: HISTORY_FORMAT,
    version: SEGMENT_VERSION,
    packageKey: h.packageKey,
    apiTimeZone: h.apiTimeZone,
    day,
    savedAt,
    coverage: coverageOf(h)
      .filter(([a, b]) => b > from && a < to)
      .map(([a, b]) => [Math.max(a, from), Math.min(b, to)]),
    logins: {},
  };
  for (const login of logins(h)) {
    const s = seriesOf(h, login);
    if (s === undefined) continue;
    const first = lowerBound(s.starts, from);
    const end = lowerBound(s.starts, to);
    if (first === end) continue;
    const t: number[] = new Array<number>(end - first);
    let prev = 0;
    for (let k = first; k < end; k++) {
      const minutes = (s.starts[k] as number) / MINUTE_MS;
      t[k - first] = minutes - prev;
      prev = minutes;
    }
    Object.defineProperty(out.logins, login, { value: { t, b: s.bytes.slice(first, end) }, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export type SegmentDecode =
  | { ok: true; apiTimeZone: string; coverage: Array<[number, number]>; series: Map<string, DecodedSeries> }
  | { ok: false; kind: 'corrupt'; detail: string };

/**
 * A parsed segment file for `packageKey` and the UTC `day` its name says, or what is wrong with it.
 * The zone is returned, not checked: the store knows which zone the folder holds.
 */
export function decodeSegment(raw: unknown, packageKey: string, day: string): SegmentDecode {
  const corrupt = (detail: string): SegmentDecode => ({ ok: false, kind: 'corrupt', detail });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return corrupt('it is not a JSON object');
  const rec = raw as Record<string, unknown>;
  if (rec['format'] !== HISTORY_FORMAT) return corrupt(`it is not a traffic history file (format is ${JSON.stringify(rec['format']) ?? 'missing'})`);
  if (rec['version'] !== SEGMENT_VERSION) {
    return corrupt(`it has version ${JSON.stringify(rec['version']) ?? 'missing'}, and this app reads version ${SEGMENT_VERSION} here`);
  }
  const head = segmentHeaderSchema.safeParse(raw);
  if (!head.success) return corrupt(describeFirstIssue(head.error));
  const file = head.data;
  if (file.packageKey !== packageKey) return corrupt(`it belongs to package ${JSON.stringify(file.packageKey)}, not ${JSON.stringify(packageKey)}`);
  if (file.day !== day) return corrupt(`it holds ${file.day}, not the day its name says (${day})`);
  const body = decodeBody(file.coverage, file.logins);
  if (!body.ok) return body;
  const { from, to } = utcDayBounds(day);
  for (const [a, b] of body.coverage) if (a < from || b > to) return corrupt(`coverage reaches outside ${day} (UTC)`);
  for (const [login, s] of body.series) {
    const first = s.starts[0];
    const last = s.starts[s.starts.length - 1];
    if (first !== undefined && last !== undefined && (first < from || last >= to)) return corrupt(`logins.${login}: an hour starts outside ${day} (UTC)`);
  }
  return { ok: true, apiTimeZone: file.apiTimeZone, coverage: body.coverage, series: body.series };
}
