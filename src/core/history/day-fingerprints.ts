// A 52-bit fingerprint per UTC day of what a history holds that day (hours and coverage), so a save
// writes only the day segments that differ from what is on disk. The store asks only for the days
// changed since it last compared (dayFingerprints); one pass over every hour is ~5 ms for 400 days x
// 50 logins.
import type { History } from './model.js';
import { coverageOf, logins, seriesOf } from './model.js';
import type { DecodedSeries } from './codec.js';
import { DAY_MS } from '../../shared/time-constants.js';
import { lowerBound } from './sorted.js';

const TWO_32 = 4_294_967_296;

function mix(h: number, x: number): number {
  h = Math.imul(h ^ (x >>> 0), 0x01000193);
  return Math.imul(h ^ Math.floor(x / TWO_32), 0x01000193);
}

function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h;
}

/** Day number (days since the epoch, UTC) -> fingerprint; a day with nothing has none. */
export type DayFingerprints = Map<number, number>;

class Accumulator {
  readonly out: DayFingerprints = new Map();
  // Two 32-bit sums, so a collision needs both to match.
  private readonly lo = new Map<number, number>();
  private readonly hi = new Map<number, number>();

  add(day: number, a: number, b: number): void {
    // Summed, not chained: logins and intervals may come in any order.
    this.lo.set(day, ((this.lo.get(day) ?? 0) + (a >>> 0)) >>> 0);
    this.hi.set(day, ((this.hi.get(day) ?? 0) + (b >>> 0)) >>> 0);
  }

  series(login: string, starts: readonly number[], bytes: readonly number[], fromDay: number, first = 0, end = starts.length): void {
    const seed = nameHash(login);
    let day = NaN;
    let dayEnd = -Infinity;
    let a = 0;
    let b = 0;
    for (let k = first; k < end; k++) {
      const s = starts[k] as number;
      if (s >= dayEnd) {
        // A new day: the boundary is computed once per day, not per hour (this loop is the save's cost).
        const d = Math.floor(s / DAY_MS);
        if (d < fromDay) continue;
        if (!Number.isNaN(day)) this.add(day, a, b);
        day = d;
        dayEnd = (d + 1) * DAY_MS;
        a = seed;
        b = ~seed;
      }
      // Hour starts are whole minutes (model.ts), < 2^32 minutes until the year 10136.
      const m = s / 60_000;
      const v = bytes[k] as number;
      const vHi = (v / TWO_32) | 0;
      a = Math.imul(Math.imul(a ^ m, 0x01000193) ^ (v >>> 0), 0x01000193) ^ vHi;
      b = Math.imul(Math.imul(b ^ (v >>> 0), 0x5bd1e995) ^ m, 0x5bd1e995) ^ vHi;
    }
    if (!Number.isNaN(day)) this.add(day, a, b);
  }

  coverage(intervals: ReadonlyArray<readonly [number, number]>, fromDay: number): void {
    for (const [from, to] of intervals) {
      for (let d = Math.max(Math.floor(from / DAY_MS), fromDay); d * DAY_MS < to; d++) {
        const a = Math.max(from, d * DAY_MS);
        const b = Math.min(to, (d + 1) * DAY_MS);
        this.add(d, mix(mix(0x2f, a), b), mix(mix(0x3d, b), a));
      }
    }
  }

  done(): DayFingerprints {
    for (const [day, lo] of this.lo) this.out.set(day, lo + ((this.hi.get(day) ?? 0) % 2 ** 20) * TWO_32);
    return this.out;
  }
}

/** Fingerprints of every day of `h` from `fromDay` on. */
export function historyFingerprints(h: History, fromDay = -Infinity): DayFingerprints {
  const acc = new Accumulator();
  for (const login of logins(h)) {
    const s = seriesOf(h, login);
    if (s !== undefined) acc.series(login, s.starts, s.bytes, fromDay);
  }
  acc.coverage(coverageOf(h), fromDay);
  return acc.done();
}

/**
 * Fingerprints of the given days of `h` only (day numbers, ascending), equal to historyFingerprints'
 * for them: a steady poll changes a day or two, and this costs a binary search per login and day.
 */
export function dayFingerprints(h: History, days: readonly number[]): DayFingerprints {
  const acc = new Accumulator();
  if (days.length === 0) return acc.done();
  for (const login of logins(h)) {
    const s = seriesOf(h, login);
    if (s === undefined) continue;
    for (const d of days) {
      const first = lowerBound(s.starts, d * DAY_MS);
      const end = lowerBound(s.starts, (d + 1) * DAY_MS);
      if (first < end) acc.series(login, s.starts, s.bytes, -Infinity, first, end);
    }
  }
  const cov = coverageOf(h);
  for (const d of days) {
    const from = d * DAY_MS;
    const to = from + DAY_MS;
    const clipped: Array<[number, number]> = [];
    for (const [a, b] of cov) if (b > from && a < to) clipped.push([Math.max(a, from), Math.min(b, to)]);
    acc.coverage(clipped, d);
  }
  return acc.done();
}

/** The fingerprint of a decoded day segment: equal to historyFingerprints' for a history holding just it. */
export function segmentFingerprint(coverage: ReadonlyArray<readonly [number, number]>, series: ReadonlyMap<string, DecodedSeries>): number | undefined {
  const acc = new Accumulator();
  for (const [login, s] of series) {
    // Zero hours are not held in a history (restoreSeries drops them): not counted here either.
    if (s.bytes.includes(0)) {
      const keep = s.bytes.map((b) => b > 0);
      acc.series(login, s.starts.filter((_, k) => keep[k]), s.bytes.filter((_, k) => keep[k]), -Infinity);
    } else acc.series(login, s.starts, s.bytes, -Infinity);
  }
  acc.coverage(coverage, -Infinity);
  const all = acc.done();
  return all.size === 0 ? undefined : [...all.values()][0];
}
