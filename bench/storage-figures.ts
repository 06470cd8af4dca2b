// Figures `poll-write-bytes`, `poll-write-ms` and `cli-today`: what one steady poll writes to disk
// for a 400-day x 50-login history, against the whole-file save every poll used to do (measured
// here, in the same run, with the same history), and the CLI's `today` against `node -e 0`.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeHistory } from '../src/core/history/codec.js';
import { writeJsonFile } from '../src/core/fs/json-file.js';
import { addCoverage, createHistory, mergeSamples, type History } from '../src/core/history/model.js';
import { createHistoryStore } from '../src/core/history/store.js';
import { defaultLogins, generateTraffic, normaliseSeed } from '../test/fake-api/traffic.js';
import { cliTodayFigures } from './cli-today.js';
import { median } from './figures.js';

export interface BenchFigure {
  name: string;
  /** What the ratio is to, with the absolute figures. */
  anchor: string;
  ratio: number;
  /** The ratio to stay at or under. */
  goal: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEY = 'a1b2c3d4e5f6a7b8c9d0';

/** 400 days x 50 logins of hourly traffic up to the hour before `now`, fully covered. */
export function benchHistory(now: number, days = 400, logins = 50): History {
  const seed = normaliseSeed(2);
  const h = createHistory(KEY, 'UTC');
  const names = defaultLogins(seed, logins);
  const end = Math.floor(now / HOUR) * HOUR;
  for (let from = end - days * DAY; from < end; from += 31 * DAY) {
    mergeSamples(h, generateTraffic({ seed, logins: names, zone: 'UTC', fromMs: from, toMs: Math.min(end, from + 31 * DAY), nowMs: now }));
  }
  addCoverage(h, end - days * DAY, end);
  return h;
}

/** Name -> [size, mtime, inode] of every file under `dir`. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const s = await stat(path);
    out.set(path, `${s.size}/${s.mtimeMs}/${s.ino}`);
  }
  return out;
}

/** Bytes of the files new or rewritten between two listings. */
async function writtenBetween(before: Map<string, string>, after: Map<string, string>): Promise<number> {
  let bytes = 0;
  for (const [path, sig] of after) if (before.get(path) !== sig) bytes += Number(sig.split('/')[0]);
  return bytes;
}

export async function pollWriteFigures(runs = 9): Promise<BenchFigure[]> {
  const now = Date.parse('2026-11-26T12:20:00Z');
  const h = benchHistory(now);
  const dir = await mkdtemp(join(tmpdir(), 'pst-bench-store-'));
  try {
    // The anchor: the whole file, as every poll wrote it before (encode, write, fsync, rename).
    const wholePath = join(dir, 'whole', `${KEY}.json`);
    const wholeMs: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      await writeJsonFile(wholePath, encodeHistory(h, now, now - 400 * DAY));
      if (i > 0) wholeMs.push(performance.now() - t);
    }
    const wholeBytes = (await stat(wholePath)).size;

    let clock = now;
    const store = createHistoryStore({ dataDir: join(dir, 'app'), clock: () => clock });
    await store.save(h);
    const names = defaultLogins(normaliseSeed(2), 50);
    const pollMs: number[] = [];
    const pollBytes: number[] = [];
    for (let i = 0; i <= runs; i++) {
      // A steady poll 5 minutes on: the hour under way has grown for every login, the hour before settled.
      clock += 5 * 60_000;
      const hour = Math.floor(clock / HOUR) * HOUR;
      mergeSamples(h, names.map((login, k) => ({ login, start: hour, bytes: 1_000_000 + i * 10_000 + k })));
      mergeSamples(h, names.map((login, k) => ({ login, start: hour - HOUR, bytes: 2_000_000 + k })));
      addCoverage(h, hour - HOUR, hour);
      const before = await filesUnder(join(dir, 'app'));
      const t = performance.now();
      await store.save(h);
      const ms = performance.now() - t;
      const bytes = await writtenBetween(before, await filesUnder(join(dir, 'app')));
      if (i > 0) {
        pollMs.push(ms);
        pollBytes.push(bytes);
      }
    }
    const wMs = median(wholeMs);
    const pMs = median(pollMs);
    const pBytes = median(pollBytes);
    return [
      { name: 'poll-write-bytes', anchor: `whole history file ${(wholeBytes / 1e6).toFixed(2)} MB; a steady poll writes ${(pBytes / 1e3).toFixed(1)} kB (goal <= 100 kB)`, ratio: pBytes / wholeBytes, goal: 100e3 / wholeBytes },
      { name: 'poll-write-ms', anchor: `whole-file save ${wMs.toFixed(1)} ms; a steady poll's save ${pMs.toFixed(2)} ms (goal <= 10 ms)`, ratio: pMs / wMs, goal: 10 / wMs },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `quick`: a few runs only (the --json shape test). */
export async function storageFigures(quick = false): Promise<{ figures: BenchFigure[]; rows: Array<[string, string]> }> {
  const figures = await pollWriteFigures(quick ? 3 : 9);
  const cli = await cliTodayFigures(benchHistory(Date.now()), quick ? 3 : 15);
  figures.push(cli.figure);
  return { figures, rows: [['cli-today just after a poll (no result cache)', `${cli.afterPoll.ratio.toFixed(3)}x of ${cli.afterPoll.anchor}`]] };
}

/** The figures as bench rows: name, then ratio, goal and anchor. */
