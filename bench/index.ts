// `npm run bench`: prints figures (not a timed test). Each figure is the median of several runs.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvelope, unwrapEnvelope } from '../src/core/api/envelope.js';
import { parseTrafficDetails } from '../src/core/api/parse-details.js';
import { createHistory, mergeSamples } from '../src/core/history/model.js';
import { hourlySeries, rangeTotal } from '../src/core/history/queries.js';
import { buildSeries } from '../src/core/controller/series.js';
import { createHistoryStore } from '../src/core/history/store.js';
import { defaultLogins, generateTraffic, normaliseSeed } from '../test/fake-api/traffic.js';
import { requestsPerSimulatedDay } from '../test/support/polling-day.js';
import { renderTrayIcon } from '../src/main/tray/icon.js';
import { rendererFigures } from './renderer.js';
import { longestBlock } from './main-thread.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const ZONE = 'Europe/Berlin';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

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

/** A details answer as the API sends it: login -> "YYYY-MM-DD HH:00:00" -> bytes. */
function detailsAnswer(days: number, logins: number): string {
  const seed = normaliseSeed(1);
  const samples = generateTraffic({ seed, logins: defaultLogins(seed, logins), zone: 'UTC', fromMs: NOW - days * DAY, toMs: NOW, nowMs: NOW });
  const data: Record<string, Record<string, number>> = {};
  for (const s of samples) (data[s.login] ??= {})[s.key] = s.bytes;
  return JSON.stringify({ status: 'success', data, errors: [] });
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

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];

  const body = detailsAnswer(31, 50);
  const plain = time(15, () => JSON.parse(body));
  const ingest = time(15, () => {
    const env = readEnvelope(JSON.parse(body), (t) => t);
    if (!env) throw new Error('bench: not an envelope');
    const samples = parseTrafficDetails(unwrapEnvelope(env).data, { apiTimeZone: 'UTC', now: NOW });
    mergeSamples(createHistory('a1b2c3d4e5f6a7b8c9d0', 'UTC'), samples);
  });
  rows.push(['ingest 31 d x 50 logins answer', `${(body.length / 1e6).toFixed(2)} MB JSON; JSON.parse ${plain.toFixed(1)} ms; parse+validate+merge ${ingest.toFixed(1)} ms; ratio ${(ingest / plain).toFixed(2)}x`]);

  for (const f of [(await import('./ingest.js')).ingestFigure(), await (await import('./fetch-per-day.js')).fetchPerDayFigure()]) rows.push([f.name, `${f.ratio.toFixed(3)}x ${f.anchor} (goal ${f.goal.toFixed(3)}); ${f.detail}`]);
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
    const size = (await stat(store.fileFor(big.packageKey))).size;
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

  rows.push(...(await rendererFigures()));

  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

await main();
