// The bench's figures: each module measures its own and index.ts lists the modules (one line each),
// prints them as a table and, with --json, as one object on stdout:
//   {"figures":[{"name","project","anchor","ratio","goal"}]}
import type { BenchOptions } from './options.js';

export const PROJECT = 'proxy-seller-traffic-tray';

export interface Figure {
  /** As in issue 13's goal table: "ingest", "chart-7200", "poll-write-bytes", ... */
  name: string;
  /** The project measured: always PROJECT (the field lets figures from several projects be pooled). */
  project: string;
  /** What the ratio is against, measured in the same run: "JSON.parse of the same 2.1 MB answer"; for an absolute figure, its unit ("absolute: kB"). */
  anchor: string;
  /** Subject / anchor (median of interleaved rounds), or the value itself for an absolute figure; null if it could not be measured. */
  ratio: number | null;
  /** The goal for `ratio` (at most), as a number; null where it sets none. */
  goal: number | null;
}

/** A line of the human-readable table: label, value. */
export type Row = [string, string];

export interface Measured {
  figures: Figure[];
  rows: Row[];
}

/** One bench module: measures its figures (and/or table rows). `quick`: few rounds, for the --json test. */
export type FigureSource = (options: BenchOptions) => Promise<Measured>;

export function figure(name: string, anchor: string, ratio: number | null, goal: number | null): Figure {
  return { name, project: PROJECT, anchor, ratio: ratio === null || !Number.isFinite(ratio) ? null : Number(ratio.toFixed(3)), goal };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export interface Interleaved {
  anchorMs: number;
  subjectMs: number;
  /** Median of each round's subject / anchor: a machine slowing down mid-run moves both alike. */
  ratio: number;
}

/**
 * Times subject against anchor in the same loop: one warm-up of each, then `rounds` rounds of both,
 * the order swapped every round (anchor first, then subject first) so neither always runs warm.
 * `beforeSubject` runs untimed before each subject run (the chart: start from another picture).
 * Pure (no Node): the chart bench runs it inside the page.
 */
export function interleave(rounds: number, anchor: () => void, subject: () => void, untimed: { beforeSubject?: () => void } = {}): Interleaved {
  const prepare = untimed.beforeSubject ?? (() => undefined);
  anchor();
  prepare();
  subject();
  const a: number[] = [];
  const s: number[] = [];
  const ratios: number[] = [];
  const run = (fn: () => void): number => {
    if (fn === subject) prepare();
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  for (let r = 0; r < rounds; r++) {
    let ta: number;
    let ts: number;
    if (r % 2 === 0) {
      ta = run(anchor);
      ts = run(subject);
    } else {
      ts = run(subject);
      ta = run(anchor);
    }
    a.push(ta);
    s.push(ts);
    ratios.push(ts / ta);
  }
  return { anchorMs: median(a), subjectMs: median(s), ratio: median(ratios) };
}
