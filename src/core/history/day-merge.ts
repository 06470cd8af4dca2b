// A three-way merge of one UTC day between processes sharing a history folder (history/store.ts).
//
// "Larger count wins" would undo the API's corrections: an hour corrected down (200 -> 150), a login
// whose hour was re-fetched as nothing, coverage dropped on purpose (an hour that could not be read)
// would all come back from a process that still held the old values. So each process keeps the day
// as it last read or wrote it (the base): an hour or an instant of coverage this process changed
// since the base takes this process's value, any other takes the disk's (the other's newer fetch).
import type { DecodedSeries } from './codec.js';

/** One UTC day of a history: its coverage (clipped to the day) and its hours per login. */
export interface DayContent {
  coverage: Array<[number, number]>;
  series: Map<string, DecodedSeries>;
}

export const EMPTY_DAY: DayContent = { coverage: [], series: new Map() };

/** start -> bytes of one login's hours (zeros are "nothing", as in a history). */
function hoursOf(s: DecodedSeries | undefined): Map<number, number> {
  const m = new Map<number, number>();
  if (s === undefined) return m;
  for (let k = 0; k < s.starts.length; k++) if ((s.bytes[k] as number) > 0) m.set(s.starts[k] as number, s.bytes[k] as number);
  return m;
}

/** Sorted, disjoint, non-touching intervals from any list of intervals. */
function normalise(list: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The instants of `a` not in `b` (both sorted and disjoint). */
function minus(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [from, to] of a) {
    let cursor = from;
    for (const [x, y] of b) {
      if (y <= cursor) continue;
      if (x >= to) break;
      if (x > cursor) out.push([cursor, x]);
      cursor = Math.max(cursor, y);
      if (cursor >= to) break;
    }
    if (cursor < to) out.push([cursor, to]);
  }
  return out;
}

/**
 * The day as it should be written: per (login, hour) this process's value where it differs from
 * `base` (what this process last read or wrote), else the disk's; coverage likewise (what this
 * process added is added, what it dropped is dropped, the rest is the disk's).
 */
export function mergeDay(base: DayContent, mine: DayContent, disk: DayContent): DayContent {
  const series = new Map<string, DecodedSeries>();
  const names = new Set([...mine.series.keys(), ...disk.series.keys(), ...base.series.keys()]);
  for (const login of [...names].sort()) {
    const b = hoursOf(base.series.get(login));
    const m = hoursOf(mine.series.get(login));
    const d = hoursOf(disk.series.get(login));
    const starts = [...new Set([...b.keys(), ...m.keys(), ...d.keys()])].sort((x, y) => x - y);
    const out: DecodedSeries = { starts: [], bytes: [] };
    for (const start of starts) {
      const mv = m.get(start) ?? 0;
      const value = mv !== (b.get(start) ?? 0) ? mv : (d.get(start) ?? 0);
      if (value > 0) {
        out.starts.push(start);
        out.bytes.push(value);
      }
    }
    if (out.starts.length > 0) series.set(login, out);
  }
  const b = normalise(base.coverage);
  const m = normalise(mine.coverage);
  const added = minus(m, b);
  const dropped = minus(b, m);
  const coverage = normalise([...minus(normalise(disk.coverage), dropped), ...added]);
  return { coverage, series };
}
