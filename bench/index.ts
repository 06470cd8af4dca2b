// `npm run bench`: prints figures (not a timed test). Each figure module times its subject against
// an anchor in the same loop (bench/figures.ts); the rows below it are context, medians of a few runs.
// `npm run bench -- --json`: one JSON object on stdout, {"figures":[...]} (see Figure); the table on stderr.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistory, mergeSamples } from '../src/core/history/model.js';
import { hourlySeries, rangeTotal } from '../src/core/history/queries.js';
import { buildSeries } from '../src/core/controller/series.js';
import { createHistoryStore } from '../src/core/history/store.js';
import { defaultLogins, generateTraffic, normaliseSeed } from '../test/fake-api/traffic.js';
import { requestsPerSimulatedDay } from '../test/support/polling-day.js';
import { renderTrayIcon } from '../src/main/tray/icon.js';
import { rendererFigures } from './renderer.js';
import { longestBlock } from './main-thread.js';
import { storageFigures } from './storage-figures.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { figure, median, type Figure, type FigureSource, type Row } from './figures.js';
import { detailsAnswer, ingestFigures, NOW } from './ingest.js';
import { fetchPerDayFigure } from './fetch-per-day.js';
import { benchOptions } from './options.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Berlin';

function time(runs: number, fn: () => void): number {
  fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

function historyOf(days: number, logins: number) {
  const seed = normaliseSeed(2);
  const h = createHistory('a1b2c3d4e5f6a7b8c9d0', 'UTC');
  const names = defaultLogins(seed, logins);
  // Merge month by month, as syncs would.
  for (let from = NOW - days * DAY; from < NOW; from += 31 * DAY) {
    mergeSamples(h, generateTraffic({ seed, logins: names, zone: 'UTC', fromMs: from, toMs: Math.min(NOW, from + 31 * DAY), nowMs: NOW }));
  }
  return h;
}

/** Context rows without an anchor (skipped with --quick). */
const contextRows: FigureSource = async ({ quick }) => {
  const rows: Row[] = [];
  if (quick) return { figures: [], rows };
  const large = detailsAnswer(33, 300);
  const block = await longestBlock(large, NOW);
  rows.push([
    'longest main-thread block, 33 d x 300 logins answer',
    `${(large.length / 1e6).toFixed(2)} MB read over HTTP and merged: ${block.blockMs.toFixed(0)} ms; JSON.parse alone ${block.parseMs.toFixed(0)} ms; ratio ${(block.blockMs / block.parseMs).toFixed(2)}x`,
  ]);

  const t0 = performance.now();
  const big = historyOf(400, 50);
  const built = performance.now() - t0;
  const today = localDateOf(NOW, ZONE);
  const from = addDays(today, -29);
  const q = time(25, () => rangeTotal(big, from, today, ZONE));
  const series = time(25, () => hourlySeries(big, from, today, ZONE));
  rows.push(['30-day query over 400 d x 50 logins', `range total ${q.toFixed(2)} ms; hourly series ${series.toFixed(2)} ms (history built in ${built.toFixed(0)} ms)`]);
  const chartData = (from: string, granularity: 'hour' | 'day') =>
    time(5, () => buildSeries({ history: big, from, to: today, zone: ZONE, granularity, stale: false, problem: null }));
  rows.push([
    'window chart data over 400 d x 50 logins',
    `14 d hourly ${chartData(addDays(today, -13), 'hour').toFixed(1)} ms; 30 d daily ${chartData(from, 'day').toFixed(1)} ms; 400 d daily ${chartData(addDays(today, -399), 'day').toFixed(1)} ms`,
  ]);

  const dir = await mkdtemp(join(tmpdir(), 'pst-bench-'));
  try {
    const store = createHistoryStore({ dataDir: dir, clock: () => NOW });
    const s0 = performance.now();
    await store.save(big);
    const saveMs = performance.now() - s0;
    const folder = store.dirFor(big.packageKey, 'UTC');
    const size = (await Promise.all((await readdir(folder)).map(async (n) => (await stat(join(folder, n))).size))).reduce((a, b) => a + b, 0);
    const l0 = performance.now();
    const loaded = await store.load(big.packageKey, 'UTC');
    const loadMs = performance.now() - l0;
    if (loaded.problem) throw new Error(`bench: reload failed: ${loaded.problem}`);
    rows.push(['history on disk, 400 d x 50 logins', `${(size / 1e6).toFixed(2)} MB; save ${saveMs.toFixed(0)} ms; load ${loadMs.toFixed(0)} ms`]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const day = await requestsPerSimulatedDay();
  rows.push(['requests per simulated day (5 min interval)', `${day.total} (${day.details} traffic, ${day.package} package); simulated in ${day.wallMs.toFixed(0)} ms`]);

  const icon = (size: 16 | 24 | 32 | 48, template: boolean) =>
    time(5, () => {
      for (let i = 0; i < 1000; i++) renderTrayIcon({ state: i % 2 ? 'normal' : 'stale', quota: i % 5 ? 'ok' : 'low', text: i % 3 ? '1.2G' : null, leftFraction: (i % 40) / 40 }, size, { style: template ? 'template' : 'colour' });
    }) / 1000;
  rows.push(['tray icon render (per icon)', `24 px ${(icon(24, false) * 1000).toFixed(0)} µs; 32 px ${(icon(32, false) * 1000).toFixed(0)} µs; 32 px template ${(icon(32, true) * 1000).toFixed(0)} µs; 48 px ${(icon(48, false) * 1000).toFixed(0)} µs`]);

  return { figures: [], rows };
};

/** History storage (poll-write-bytes, poll-write-ms) and the CLI's `today` (cli-today). */
const storage: FigureSource = async (options) => {
  const measured = await storageFigures(options.quick);
  return {
    figures: measured.figures.map((f) => figure(f.name, f.anchor, f.ratio, f.goal)),
    rows: [...measured.figures.map((f): Row => [f.name, `${f.ratio.toFixed(3)}x (goal <= ${f.goal.toFixed(3)}x) of ${f.anchor}`]), ...measured.rows],
  };
};

/** Bytes fetched over a steady simulated day against a naive poller (fetch-per-day). */
const fetchPerDay: FigureSource = async () => {
  const f = await fetchPerDayFigure();
  return { figures: [figure(f.name, f.anchor, f.ratio, f.goal)], rows: [[f.name, `${f.ratio.toFixed(3)}x ${f.anchor} (goal ${f.goal.toFixed(3)}); ${f.detail}`]] };
};

/** Every figure module, in table order: a new figure is its own module plus one line here. */
const SOURCES: FigureSource[] = [ingestFigures, fetchPerDay, contextRows, rendererFigures, storage];

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(2), process.env);
  const figures: Figure[] = [];
  const rows: Row[] = [];
  for (const source of SOURCES) {
    const m = await source(options);
    figures.push(...m.figures);
    rows.push(...m.rows);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  const table = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
  if (options.json) {
    process.stderr.write(`${table}\n`);
    process.stdout.write(`${JSON.stringify({ figures })}\n`);
  } else {
    console.log(table);
  }
}

await main();
