// Renderer figures: the built window's JS size, and how long the real chart module
// (src/renderer/chart.ts) takes to draw the app's big views in Chromium, against a plain canvas
// fillRect loop of the same bars on a canvas of the same size, interleaved in one loop in the page
// (bench/figures.ts interleave). Both are timed synchronously with performance.now: chart.update()
// lays out and draws at once (no animation); the canvas work both record is rasterised later alike.
// What is timed is a range change: update() to the view from another picture (a day of hours, set
// untimed before each round), so both axes, the legend and the bars are laid out and drawn afresh.
// The figure is taken once the code is compiled (warm-up rounds first); the rounds before are
// printed beside it.
// The page is the chart-only page of test/support/chart-page.ts, so the app's page has no hooks.
//   node --import tsx bench/renderer.ts
// PST_BENCH_CHART_MODULE=<path to a chart.ts> measures another version of the chart (e.g. the
// one before a change, copied beside src/renderer/chart.ts) with the same page.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHART_MODULES, openChartPage } from '../test/support/chart-page.js';
import { benchOptions } from './options.js';
import { figure, type Figure, type FigureSource, type Row } from './figures.js';

const ROOT = resolve(import.meta.dirname, '..');

async function jsSize(dir: string): Promise<{ raw: number; gzip: number; files: number }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.js'));
  let raw = 0;
  let gzip = 0;
  for (const n of names) {
    const body = await readFile(join(dir, n));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files: names.length };
}

/** The page's side: builds the series in the page (no big payloads over CDP) and times both there. */
const ENTRY = (chartModule: string) => `
import { createTrafficChart } from ${chartModule};
import { createDateFormat } from ${CHART_MODULES.format};
import { interleave } from ${JSON.stringify(join(ROOT, 'bench/figures.ts'))};

const format = createDateFormat('en-US');
const canvas = document.getElementById('chart');
const chart = createTrafficChart(canvas, document.getElementById('chart-tooltip'));
const H = 3600000;

function input(spec) {
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const step = spec.granularity === 'hour' ? H : 24 * H;
  const start = Date.UTC(2025, 9, 26);
  const buckets = Array.from({ length: spec.buckets }, (_, i) => start + i * step);
  const series = [];
  for (let l = 0; l < spec.logins; l++) series.push({ login: 'login-' + l, bytes: Array.from({ length: spec.buckets }, () => Math.round(rand() * 2e8)) });
  // "now" in the last bucket (the now-line, today's hatched bar) for the app's real views; past it otherwise.
  const now = start + (spec.buckets - (spec.nowInside ? 0.4 : -1)) * step;
  return { buckets, granularity: spec.granularity, timeZone: 'UTC', series, units: 'GB', titles: {}, now, format };
}

// The floor: the same stacked bars, one fillRect per segment, on a canvas of the chart's size.
const floor = document.createElement('canvas');
document.body.append(floor);
const COLOURS = ['#2f6fd0', '#e07b00', '#1a9e6f', '#c8325a', '#7b52c7', '#8c6239', '#d15cb3', '#5f6b78', '#9da100', '#0f9bb5'];

window.benchChart = (spec, rounds, warm) => {
  const data = input(spec);
  const other = input({ buckets: 24, logins: 1, granularity: 'hour' });
  floor.width = canvas.width;
  floor.height = canvas.height;
  floor.style.width = canvas.style.width;
  floor.style.height = canvas.style.height;
  const g = floor.getContext('2d');
  const n = spec.buckets;
  const running = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) { let s = 0; for (const x of data.series) s += x.bytes[i]; max = Math.max(max, s); }
  const anchor = () => {
    const W = floor.width, Hh = floor.height, w = W / n, k = Hh / max;
    g.clearRect(0, 0, W, Hh);
    running.fill(0);
    data.series.forEach((s, l) => {
      g.fillStyle = COLOURS[l % COLOURS.length];
      const b = s.bytes;
      for (let i = 0; i < n; i++) {
        const h = b[i] * k;
        running[i] += h;
        g.fillRect(i * w, Hh - running[i], w, h);
      }
    });
  };
  // Start from another picture each time, as a range change would (untimed).
  const subject = () => chart.update(data);
  const untimed = { beforeSubject: () => chart.update(other) };
  // First as the code comes (the first view: not yet compiled), a context figure; then, after
  // further untimed rounds, the figure itself: the same work once V8 has compiled it, as in a
  // window open for a while (each round is a few ms: too few rounds time the interpreter, and the
  // fillRect loop, one small hot loop, gets compiled at once).
  const cold = interleave(rounds.cold, anchor, subject, untimed);
  for (let k = 0; k < warm; k++) { anchor(); untimed.beforeSubject(); subject(); }
  return { ...interleave(rounds.warm, anchor, subject, untimed), cold: cold.ratio };
};
window.ready = true;
`;

const VIEWS = [
  { name: 'chart-7200', label: '30 d x 24 h x 10 logins (7,200 bars)', spec: { buckets: 30 * 24, logins: 10, granularity: 'hour' }, goal: 2.5 },
  { name: 'chart-8760', label: '365 d x 24 h x 1 login (8,760 bars)', spec: { buckets: 365 * 24, logins: 1, granularity: 'hour' }, goal: 2.5 },
  { name: 'chart-14d-50', label: '14 d hourly x 50 logins (16,800 bars, now-line)', spec: { buckets: 14 * 24, logins: 50, granularity: 'hour', nowInside: true }, goal: 3 },
  { name: 'chart-400d-50', label: '400 d daily x 50 logins (20,000 bars, today hatched)', spec: { buckets: 400, logins: 50, granularity: 'day', nowInside: true }, goal: 3 },
  { name: null, label: '24 h x 3 logins (a normal day)', spec: { buckets: 24, logins: 3, granularity: 'hour', nowInside: true }, goal: null },
] as const;

interface PageTiming {
  anchorMs: number;
  subjectMs: number;
  ratio: number;
  /** The ratio of the rounds before the warm-up. */
  cold: number;
}

export const rendererFigures: FigureSource = async ({ quick }) => {
  const figures: Figure[] = [];
  const rows: Row[] = [];
  const built = await jsSize(join(ROOT, 'out/renderer/assets')).catch(() => null);
  const gzipKb = built && built.files > 0 ? built.gzip / 1000 : null;
  figures.push(figure('renderer-gzip-kb', 'absolute: kB, gzip -9 of out/renderer/assets/*.js (npm run build first)', gzipKb, 100));
  rows.push(
    built && built.files > 0
      ? ['renderer JS, out/renderer/assets/*.js', `${(built.raw / 1000).toFixed(1)} kB raw; ${(built.gzip / 1000).toFixed(1)} kB gzip -9 (goal <= 100 kB)`]
      : ['renderer JS, out/renderer/assets/*.js', 'not built (run npm run build)'],
  );

  const chartModule = process.env.PST_BENCH_CHART_MODULE ? JSON.stringify(resolve(process.env.PST_BENCH_CHART_MODULE)) : CHART_MODULES.chart;
  // Rounds timed as the code comes, untimed warm-up rounds after them, then rounds timed warm.
  const rounds = quick ? { cold: 2, warm: 2 } : { cold: 15, warm: 30 };
  const warm = quick ? 1 : 20;
  const p = await openChartPage(ENTRY(chartModule));
  // Not isolated, the page's timer ticks in 0.1 ms: a 1.5 ms floor is then read to 7 %.
  const timer = p.isolated ? '' : '; page timer 0.1 ms (not cross-origin isolated)';
  try {
    for (const view of VIEWS) {
      const t = await p.page.evaluate(
        ([spec, r, w]) => (globalThis as unknown as { benchChart(s: unknown, r: unknown, w: number): PageTiming }).benchChart(spec, r, w),
        [view.spec, rounds, warm] as const,
      );
      if (view.name) figures.push(figure(view.name, `plain canvas fillRect loop of the same ${view.label} on a canvas of the chart's size, interleaved, after ${rounds.cold + warm} warm-up rounds`, t.ratio, view.goal));
      rows.push([
        `chart draw, ${view.label}`,
        `chart ${t.subjectMs.toFixed(1)} ms; fillRect floor ${t.anchorMs.toFixed(2)} ms; ratio ${Number.isFinite(t.ratio) ? `${t.ratio.toFixed(2)}x` : 'n/a (floor under the page timer\'s resolution)'}${view.goal ? ` (goal <= ${view.goal}x)` : ''}; median of ${rounds.warm} after ${rounds.cold + warm} warm-up rounds; the first ${rounds.cold} rounds ${t.cold.toFixed(2)}x${timer}`,
      ]);
    }
  } finally {
    await p.close();
  }
  return { figures, rows };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows, figures } = await rendererFigures(benchOptions(process.argv.slice(2), process.env));
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ figures }));
}
