// The hourly traffic history of one package, in memory.
// Per login: parallel arrays of hour starts (sorted, unique) and bytes, so ranges are two binary
// searches. Coverage: the instants we hold authoritative data for (an hour absent there means 0).
import type { HourSample, LoginHours } from '../../shared/types.js';
import { assertTimeZone } from '../../shared/time-zone.js';
import { DAY_MS, MINUTE_MS } from '../../shared/time-constants.js';
import { lowerBound } from './sorted.js';

export interface History {
  readonly packageKey: string;
  readonly apiTimeZone: string;
}

interface Series {
  starts: number[];
  bytes: number[];
}

interface HistoryState extends History {
  readonly series: Map<string, Series>;
  /** Sorted, disjoint, non-adjacent half-open [from, to) intervals. */
  coverage: Array<[number, number]>;
  /** Bumped by every change; `touched` holds, per UTC day number, the mark of its last change. */
  mark: number;
  /** So a save fingerprints only the days changed since it last looked, not every hour held. */
  readonly touched: Map<number, number>;
}


function state(h: History): HistoryState {
  if (!((h as Partial<HistoryState>).series instanceof Map)) throw new TypeError('not a History made by createHistory');
  return h as HistoryState;
}

export function createHistory(packageKey: string, apiTimeZone: string): History {
  if (typeof packageKey !== 'string' || packageKey === '') throw new RangeError('a history needs a package key');
  assertTimeZone(apiTimeZone);
  const h: HistoryState = { packageKey, apiTimeZone, series: new Map(), coverage: [], mark: 0, touched: new Map() };
  return h;
}

/** Records that the UTC days overlapping [from, to) may have changed (from, to finite). */
function touchRange(st: HistoryState, from: number, to: number): void {
  for (let d = Math.floor(from / DAY_MS); d * DAY_MS < to; d++) st.touched.set(d, st.mark);
}

/** Records the UTC days of every hour in `starts` (sorted) as changed. */
function touchStarts(st: HistoryState, starts: readonly number[]): void {
  let dayEnd = -Infinity;
  for (const s of starts) {
    if (s < dayEnd) continue;
    const d = Math.floor(s / DAY_MS);
    st.touched.set(d, st.mark);
    dayEnd = (d + 1) * DAY_MS;
  }
}

/** A mark to ask changedDaysSince() about later: what changed after it. */
export function changeMark(h: History): number {
  return state(h).mark;
}

/** The UTC day numbers (days since the epoch) whose hours or coverage may have changed after `mark`. */
export function changedDaysSince(h: History, mark: number): number[] {
  const out: number[] = [];
  for (const [d, m] of state(h).touched) if (m > mark) out.push(d);
  return out.sort((a, b) => a - b);
}

function checkSample(s: HourSample): void {
  if (typeof s.login !== 'string' || s.login === '') throw new RangeError('hour sample without a login');
  if (!Number.isSafeInteger(s.start) || s.start % MINUTE_MS !== 0) {
    throw new RangeError(`hour sample for "${s.login}" starts at ${s.start}, not a whole minute in epoch ms`);
  }
  if (!Number.isSafeInteger(s.bytes) || s.bytes < 0) {
    throw new RangeError(`hour sample for "${s.login}" has ${s.bytes} bytes; expected a whole number >= 0`);
  }
}

/** Sort parallel arrays by start, summing equal starts. An answer usually comes sorted: then no copy. */
function sortedUnique(starts: number[], bytes: number[]): { starts: number[]; bytes: number[] } {
  let ordered = true;
  for (let k = 1; k < starts.length && ordered; k++) ordered = (starts[k - 1] as number) < (starts[k] as number);
  if (ordered) return { starts, bytes };
  const order = starts.map((_, k) => k).sort((a, b) => (starts[a] as number) - (starts[b] as number));
  const outS: number[] = [];
  const outB: number[] = [];
  for (const k of order) {
    const st = starts[k] as number;
    const last = outS.length - 1;
    if (last >= 0 && outS[last] === st) outB[last] = (outB[last] as number) + (bytes[k] as number);
    else {
      outS.push(st);
      outB.push(bytes[k] as number);
    }
  }
  return { starts: outS, bytes: outB };
}

/** The same checks as checkSample, on columns: a plain loop over numbers, no object per hour. */
function checkHours(g: LoginHours): void {
  if (typeof g.login !== 'string' || g.login === '') throw new RangeError('hour sample without a login');
  if (g.starts.length !== g.bytes.length) throw new RangeError(`hours for "${g.login}": ${g.starts.length} starts but ${g.bytes.length} byte counts`);
  for (let k = 0; k < g.starts.length; k++) {
    const start = g.starts[k] as number;
    const bytes = g.bytes[k] as number;
    if (!Number.isSafeInteger(start) || start % MINUTE_MS !== 0 || !Number.isSafeInteger(bytes) || bytes < 0) {
      checkSample({ login: g.login, start, bytes });
    }
  }
}

/**
 * Merge fetched hours. A re-fetched (login, start) replaces its earlier value; an hour re-fetched as
 * 0 is removed. Two samples for the same (login, start) in ONE call are summed: that happens when two
 * API hour keys read as the same instant (a DST fold in the API zone). Returns how many hours changed.
 * Throws RangeError on a malformed sample before changing anything.
 */
export function mergeSamples(h: History, samples: readonly HourSample[]): number {
  for (const s of samples) checkSample(s);
  const groups = new Map<string, LoginHours>();
  for (const s of samples) {
    let g = groups.get(s.login);
    if (g === undefined) groups.set(s.login, (g = { login: s.login, starts: [], bytes: [] }));
    g.starts.push(s.start);
    g.bytes.push(s.bytes);
  }
  return mergeChecked(h, [...groups.values()]);
}

/**
 * The same as mergeSamples, from columns (an answer as api/parse-details reads it): each login's
 * hours in any order. A login listed twice counts as one list of its hours (summed where equal).
 * The arrays are not changed; the history keeps none of them.
 */
export function mergeHours(h: History, hours: readonly LoginHours[]): number {
  for (const g of hours) checkHours(g);
  const byLogin = new Map<string, LoginHours>();
  for (const g of hours) {
    const seen = byLogin.get(g.login);
    byLogin.set(g.login, seen === undefined ? g : { login: g.login, starts: seen.starts.concat(g.starts), bytes: seen.bytes.concat(g.bytes) });
  }
  return mergeChecked(h, [...byLogin.values()]);
}

function mergeChecked(h: History, groups: readonly LoginHours[]): number {
  const st = state(h);
  st.mark++;
  let changed = 0;
  // Each changed hour marks its UTC day (a save compares only the days changed since it last did).
  let dayEnd = -Infinity;
  const touch = (start: number): void => {
    if (start < dayEnd && start >= dayEnd - DAY_MS) return;
    const d = Math.floor(start / DAY_MS);
    st.touched.set(d, st.mark);
    dayEnd = (d + 1) * DAY_MS;
  };
  for (const g of groups) {
    if (g.starts.length === 0) continue;
    const login = g.login;
    const { starts: inStarts, bytes: inBytes } = sortedUnique(g.starts, g.bytes);
    let series = st.series.get(login) ?? { starts: [], bytes: [] };
    const { starts, bytes } = series;
    // Only the tail from the first incoming start can change: merge that part, keep the head in place.
    const cut = lowerBound(starts, inStarts[0] as number);
    if (starts.length === 0 && !inBytes.includes(0)) {
      // A login not held yet (a first sync): copy the columns whole.
      changed += inStarts.length;
      for (const start of inStarts) touch(start);
      series = { starts: inStarts.slice(), bytes: inBytes.slice() };
    } else if (cut === starts.length) {
      // Nothing held from here on (hours past the newest held): append.
      for (let j = 0; j < inStarts.length; j++) {
        const nb = inBytes[j] as number;
        if (nb === 0) continue;
        changed++;
        touch(inStarts[j] as number);
        starts.push(inStarts[j] as number);
        bytes.push(nb);
      }
    } else {
      const oldStarts = starts.splice(cut);
      const oldBytes = bytes.splice(cut);
      let i = 0;
      let j = 0;
      while (i < oldStarts.length || j < inStarts.length) {
        const os = i < oldStarts.length ? (oldStarts[i] as number) : Infinity;
        const ns = j < inStarts.length ? (inStarts[j] as number) : Infinity;
        if (os < ns) {
          starts.push(os);
          bytes.push(oldBytes[i] as number);
          i++;
          continue;
        }
        const nb = inBytes[j] as number;
        const ob = os === ns ? (oldBytes[i] as number) : 0;
        if (nb !== ob) {
          changed++;
          touch(ns);
        }
        if (nb > 0) {
          starts.push(ns);
          bytes.push(nb);
        }
        if (os === ns) i++;
        j++;
      }
    }
    if (series.starts.length > 0) st.series.set(login, series);
    else st.series.delete(login);
  }
  return changed;
}

/** Record [from, to) as authoritatively known; overlapping and touching intervals are joined. */
export function addCoverage(h: History, from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError(`coverage bounds must be instants, got ${from}..${to}`);
  if (to <= from) return;
  const st = state(h);
  const cov = st.coverage;
  st.mark++;
  // First interval that ends at or after `from` (touching counts), last that starts at or before `to`.
  let lo = 0;
  while (lo < cov.length && (cov[lo] as [number, number])[1] < from) lo++;
  let hi = lo;
  let f = from;
  let t = to;
  let cursor = from;
  while (hi < cov.length && (cov[hi] as [number, number])[0] <= to) {
    const iv = cov[hi] as [number, number];
    // Only the gaps newly covered change their days.
    if (iv[0] > cursor) touchRange(st, cursor, iv[0]);
    cursor = Math.max(cursor, iv[1]);
    f = Math.min(f, iv[0]);
    t = Math.max(t, iv[1]);
    hi++;
  }
  if (cursor < to) touchRange(st, cursor, to);
  cov.splice(lo, hi - lo, [f, t]);
}

/** Where the newest covered interval ends; null when nothing is covered. */
export function coverageEnd(h: History): number | null {
  const cov = state(h).coverage;
  return cov.length === 0 ? null : (cov[cov.length - 1] as [number, number])[1];
}

/** Forget coverage from `at` on. */
export function dropCoverageAfter(h: History, at: number): void {
  const st = state(h);
  const cov = st.coverage;
  let k = cov.length;
  while (k > 0 && (cov[k - 1] as [number, number])[1] > at) k--;
  if (k === cov.length) return;
  st.mark++;
  for (let j = k; j < cov.length; j++) {
    const [a, b] = cov[j] as [number, number];
    touchRange(st, Math.max(a, at), b);
  }
  const straddling = cov[k] as [number, number];
  cov.splice(k);
  if (straddling[0] < at) cov.push([straddling[0], at]);
}

/** Forget [from, to) as known (an hour whose value could not be read): it is asked for again. */
export function uncover(h: History, from: number, to: number): void {
  if (to <= from) return;
  const st = state(h);
  st.mark++;
  const out: Array<[number, number]> = [];
  for (const [a, b] of st.coverage) {
    if (b <= from || a >= to) out.push([a, b]);
    else {
      touchRange(st, Math.max(a, from), Math.min(b, to));
      if (a < from) out.push([a, from]);
      if (b > to) out.push([to, b]);
    }
  }
  st.coverage = out;
}

/** The parts of [from, to) not covered, in order. */
export function missingRanges(h: History, from: number, to: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  if (to <= from) return out;
  let cursor = from;
  for (const [a, b] of state(h).coverage) {
    if (b <= cursor) continue;
    if (a >= to) break;
    if (a > cursor) out.push({ from: cursor, to: a });
    cursor = Math.max(cursor, b);
    if (cursor >= to) break;
  }
  if (cursor < to) out.push({ from: cursor, to });
  return out;
}

/** The covered intervals, for saving. */
export function coverageOf(h: History): ReadonlyArray<readonly [number, number]> {
  return state(h).coverage;
}

/** Logins that have any traffic in the history, sorted. */
export function logins(h: History): string[] {
  return [...state(h).series.keys()].sort();
}

/** Read-only view of one login's hours, for saving. */
export function seriesOf(h: History, login: string): { starts: readonly number[]; bytes: readonly number[] } | undefined {
  return state(h).series.get(login);
}

/**
 * Install a login's hours as read from disk, taking ownership of the arrays. The caller has checked
 * them (equal length, starts strictly ascending, bytes whole and >= 0); zeros are dropped.
 * Replaces whatever the login held.
 */
export function restoreSeries(h: History, login: string, starts: number[], bytes: number[]): void {
  let s: Series = { starts, bytes };
  if (bytes.includes(0)) {
    s = { starts: [], bytes: [] };
    for (let k = 0; k < starts.length; k++) {
      const b = bytes[k] as number;
      if (b > 0) {
        s.starts.push(starts[k] as number);
        s.bytes.push(b);
      }
    }
  }
  const st = state(h);
  st.mark++;
  const was = st.series.get(login);
  if (was !== undefined) touchStarts(st, was.starts);
  touchStarts(st, s.starts);
  if (s.starts.length > 0) st.series.set(login, s);
  else st.series.delete(login);
}

function selected(h: History, login: string | undefined): Array<[string, Series]> {
  const st = state(h);
  if (login === undefined) return [...st.series];
  const s = st.series.get(login);
  return s === undefined ? [] : [[login, s]];
}

function sortedByName(list: Array<[string, Series]>): Array<[string, Series]> {
  return list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Hours starting in [from, to), sorted by start, then login. */
export function samplesBetween(h: History, from: number, to: number, login?: string): HourSample[] {
  const out: HourSample[] = [];
  if (to <= from) return out;
  // Each login's hours are sorted already: step through them together, taking the smallest start
  // each round from every login that has it (logins in name order). Hours mostly line up across
  // logins, so this beats sorting everything.
  const runs: Array<{ login: string; starts: number[]; bytes: number[]; k: number; end: number }> = [];
  for (const [name, s] of sortedByName(selected(h, login))) {
    const k = lowerBound(s.starts, from);
    const end = lowerBound(s.starts, to);
    if (k < end) runs.push({ login: name, starts: s.starts, bytes: s.bytes, k, end });
  }
  for (;;) {
    let min = Infinity;
    for (const r of runs) if (r.k < r.end && (r.starts[r.k] as number) < min) min = r.starts[r.k] as number;
    if (min === Infinity) break;
    for (const r of runs) {
      if (r.k < r.end && r.starts[r.k] === min) {
        out.push({ login: r.login, start: min, bytes: r.bytes[r.k] as number });
        r.k++;
      }
    }
  }
  return out;
}

/** Writes an own property even for names like "__proto__" (logins come from the API). */
export function setOwn(rec: Record<string, number>, key: string, value: number): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Bytes of the hours starting in [from, to); byLogin lists only logins with traffic there. */
export function sumBetween(h: History, from: number, to: number, login?: string): { totalBytes: number; byLogin: Record<string, number> } {
  let totalBytes = 0;
  const byLogin: Record<string, number> = {};
  if (to <= from) return { totalBytes, byLogin };
  for (const [name, s] of sortedByName(selected(h, login))) {
    const end = lowerBound(s.starts, to);
    let sum = 0;
    for (let k = lowerBound(s.starts, from); k < end; k++) sum += s.bytes[k] as number;
    if (sum > 0) {
      setOwn(byLogin, name, sum);
      totalBytes += sum;
    }
  }
  return { totalBytes, byLogin };
}
