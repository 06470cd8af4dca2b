// `POST resident/traffic/details` data -> hour samples.
// data: { login: { "YYYY-MM-DD HH:00:00": bytes } }; no traffic at all is `[]` (an empty PHP array),
// and so is a login without hours. One bad item (a login without a name, a key off the hour, a
// value no hour can hold) is dropped and counted in the report; the rest of the answer is used.
import type { HourSample, LoginHours } from '../../shared/types.js';
import { parseApiHourKey } from '../time/local-days.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import { assertTimeZone, childPath, isRecord, malformed, readCount } from './parse-values.js';
import { DAY_MS } from '../../shared/time-constants.js';

const HOUR_KEY_RE = /^(\d{4})-\d{2}-\d{2}[ T]\d{2}:(\d{2}):(\d{2})$/;

/** Plausible bounds: the service is younger than 2015; an hour cannot start more than 2 days ahead. */
export const FIRST_YEAR = 2015;
export const MAX_AHEAD_MS = 2 * DAY_MS;
/** More than any residential line carries in an hour (≈ 22 Gbit/s); also keeps day sums exact integers. */
export const MAX_HOUR_BYTES = 10e12;

export interface DetailsOptions {
  /** Zone of the hour keys. */
  apiTimeZone: string;
  /** The client's clock: hours starting after now + 2 days are dropped. */
  now: number;
  /** The request's login filter, if any. */
  login?: string;
  report?: ParseReport;
}

function isEmptyPhpArray(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

/** Every login repeats the same hour keys: each is read once per answer, to its start or a drop reason. */
type KeyCache = Map<string, number | string>;

function readKey(key: string, zone: string, latest: number): number | string {
  const m = HOUR_KEY_RE.exec(key);
  if (m === null) return 'not an hour key';
  if (m[2] !== '00' || m[3] !== '00') return 'off the hour';
  if (Number(m[1]) < FIRST_YEAR) return `before ${FIRST_YEAR}`;
  let start: number;
  try {
    start = parseApiHourKey(key, zone);
  } catch {
    return 'not a real date';
  }
  return start > latest ? 'more than 2 days ahead' : start;
}

interface Ctx {
  /** Starts of real hours whose value could not be used: not known, so asked again later. */
  unread: Set<number>;
  zone: string;
  latest: number;
  /** Per login, its hours in the answer's order (columns: no object per hour). */
  out: LoginHours[];
  usable: number;
  cache: KeyCache;
  report: ParseReport;
  seen: number;
}

/** Hours read between two turns for other work, when read in slices (about 10 ms of reading). */
export const SLICE_HOURS = 20_000;

/** Reads one login's hours; yields (for the sliced reader) every SLICE_HOURS hours of the answer. */
function* readHours(login: string, hours: unknown, path: string, ctx: Ctx): Generator<void, void> {
  if (isEmptyPhpArray(hours) || hours === null) return;
  if (!isRecord(hours)) {
    ctx.seen++;
    ctx.report.drop('not an object of hours', path);
    return;
  }
  if (login.trim() === '') {
    // The history keys hours by login: hours without one cannot be kept.
    for (const key in hours) {
      if (++ctx.seen % SLICE_HOURS === 0) yield;
      ctx.report.drop('without a login name', childPath(path, key));
    }
    return;
  }
  // Keys listed once, then read in plain (non-generator) runs between turns: the loop stays hot.
  const keys = Object.keys(hours);
  const into: LoginHours = { login, starts: [], bytes: [] };
  for (let k = 0; k < keys.length; ) {
    const end = Math.min(keys.length, k + SLICE_HOURS - (ctx.seen % SLICE_HOURS));
    readRun(hours, keys, k, end, path, ctx, into);
    ctx.seen += end - k;
    k = end;
    if (ctx.seen % SLICE_HOURS === 0) yield;
  }
  if (into.starts.length > 0) {
    ctx.out.push(into);
    ctx.usable += into.starts.length;
  }
}

/** keys[from..to) of one login's hours into its columns; drops counted in the report. */
function readRun(hours: Record<string, unknown>, keys: readonly string[], from: number, to: number, path: string, ctx: Ctx, into: LoginHours): void {
  const { cache, report } = ctx;
  const { starts, bytes: bytesOf } = into;
  for (let k = from; k < to; k++) {
    const key = keys[k] as string;
    const value = hours[key];
    let start = cache.get(key);
    if (start === undefined) {
      start = readKey(key, ctx.zone, ctx.latest);
      cache.set(key, start);
    }
    if (typeof start === 'string') {
      report.drop(start, childPath(path, key));
      continue;
    }
    // The common case (a JSON number) is checked inline; the path is only built for a drop.
    let bytes: number;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) bytes = value;
    else {
      try {
        bytes = readCount(value, '');
      } catch {
        report.drop('not a byte count', childPath(path, key));
        ctx.unread.add(start);
        continue;
      }
    }
    if (bytes > MAX_HOUR_BYTES) {
      report.drop('over 10 TB', childPath(path, key));
      ctx.unread.add(start);
      continue;
    }
    starts.push(start);
    bytesOf.push(bytes);
  }
}

/**
 * Samples sorted by start, then login (readTrafficDetails gives the same as columns). With `login`
 * (the request's filter), an answer that skips the login level (`{ hourKey: bytes }`, undocumented but plausible) is read as that login's hours, and
 * other logins the server may still include are dropped. Items present but none usable: malformed.
 */
export function parseTrafficDetails(data: unknown, opts: DetailsOptions): HourSample[] {
  return samplesOf(readTrafficDetails(data, opts).hours);
}

/** One object per hour, sorted by start, then login: for callers that want rows, not columns. */
export function samplesOf(hours: readonly LoginHours[]): HourSample[] {
  const out: HourSample[] = [];
  for (const { login, starts, bytes } of hours) for (let k = 0; k < starts.length; k++) out.push({ login, start: starts[k] as number, bytes: bytes[k] as number });
  return out.sort((a, b) => a.start - b.start || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}

export interface DetailsRead {
  /**
   * Each login's usable hours as columns, in the answer's order (usually ascending; not sorted
   * here: history/model's merge sorts only a login that needs it, and sums two keys that read as
   * the same instant).
   */
  hours: LoginHours[];
  /** Starts of hours (sorted) that the answer holds with a value that cannot be used (dropped). */
  unreadHours: number[];
}

/** The same as parseTrafficDetails, as columns, in one go. */
export function readTrafficDetails(data: unknown, opts: DetailsOptions): DetailsRead {
  const reading = readAnswer(data, opts);
  for (let step = reading.next(); ; step = reading.next()) if (step.done) return step.value;
}

/** The same, giving other work a turn (`yieldNow`) every SLICE_HOURS hours: a long answer never holds the main process. */
export async function parseTrafficDetailsInSlices(data: unknown, opts: DetailsOptions, yieldNow: () => Promise<void>): Promise<DetailsRead> {
  const reading = readAnswer(data, opts);
  for (let step = reading.next(); ; step = reading.next()) {
    if (step.done) return step.value;
    await yieldNow();
  }
}

function* readAnswer(data: unknown, opts: DetailsOptions): Generator<void, DetailsRead> {
  const { apiTimeZone, login } = opts;
  assertTimeZone(apiTimeZone);
  if (!Number.isFinite(opts.now)) throw new RangeError('parseTrafficDetails needs the current time');
  const report = opts.report ?? createParseReport();
  const ctx: Ctx = { unread: new Set(), zone: apiTimeZone, latest: opts.now + MAX_AHEAD_MS, out: [], usable: 0, cache: new Map(), report, seen: 0 };
  if (isEmptyPhpArray(data) || data === null) return { hours: ctx.out, unreadHours: [] };
  if (!isRecord(data)) throw malformed('data', 'an object of login -> hours, or []', data);

  const entries = Object.entries(data);
  const flat =
    login !== undefined &&
    entries.length > 0 &&
    entries.every(([k, v]) => HOUR_KEY_RE.test(k) && (typeof v === 'number' || typeof v === 'string'));
  if (flat) {
    yield* readHours(login, data, 'data', ctx);
  } else {
    for (const [name, hours] of entries) {
      if (login !== undefined && name !== login) continue;
      yield* readHours(name, hours, childPath('data', name), ctx);
    }
  }
  report.total(ctx.seen, 'hours');
  if (ctx.seen > 0 && ctx.usable === 0) throw report.nothingUsable();
  return { hours: ctx.out, unreadHours: [...ctx.unread].sort((a, b) => a - b) };
}
