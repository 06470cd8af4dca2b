// Renderer figures: the built window's JS size, and how long the real chart module (src/renderer/chart.ts)
// takes to draw big series in Chromium. The chart is measured on a bench-only page built here with
// Vite, so the app's page carries no bench hooks.
//   node --import tsx bench/renderer.ts
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { launchChromium, serveDir } from '../test/harness/chromium.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 7;

function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

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

/** The page's side: builds series in the page (no big payloads over CDP) and times update + a frame. */
const BENCH_ENTRY = (chartModule: string, formatModule: string) => `
import { createTrafficChart } from ${JSON.stringify(chartModule)};
import { createDateFormat } from ${JSON.stringify(formatModule)};

const format = createDateFormat('en-US');

const chart = createTrafficChart(document.getElementById('chart'), document.getElementById('chart-tooltip'));
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function input(buckets, logins) {
  const starts = [];
  const start = Date.UTC(2025, 10, 26);
  for (let i = 0; i < buckets; i++) starts.push(start + i * 3600000);
  const series = [];
  for (let l = 0; l < logins; l++) series.push({ login: 'login-' + l, bytes: Array.from({ length: buckets }, () => Math.round(rand() * 2e8)) });
  // "now" past the last bucket: no now-line, every bar complete (the figures compare runs, not marks).
  return { buckets: starts, granularity: 'hour', timeZone: 'UTC', series, units: 'GB', now: start + buckets * 3600000, format };
}

window.benchChart = async (buckets, logins, runs) => {
  const times = [];
  for (let r = 0; r <= runs; r++) {
    const data = input(buckets, logins);
    // Start from a different picture each time, as a range change would.
    chart.update(input(24, 1));
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    const t0 = performance.now();
    chart.update(data);
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    if (r > 0) times.push(performance.now() - t0); // run 0 warms up
  }
  return times;
};
`;

const BENCH_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="./bench.css"></head>
<body><div class="box"><canvas id="chart"></canvas><div id="chart-tooltip" hidden></div></div><script type="module" src="./bench.js"></script></body></html>`;

const BENCH_CSS = `.box { position: relative; width: 920px; height: 280px; }`;

async function buildBenchPage(dir: string): Promise<string> {
  const src = join(dir, 'src');
  const out = join(dir, 'dist');
  await rm(src, { recursive: true, force: true });
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'index.html'), BENCH_HTML);
  await writeFile(join(src, 'bench.css'), BENCH_CSS);
  await writeFile(join(src, 'bench.js'), BENCH_ENTRY(join(ROOT, 'src/renderer/chart.ts'), join(ROOT, 'src/renderer/format-time.ts')));
  await build({
    configFile: false,
    root: src,
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true, minify: true },
  });
  return out;
}

export async function rendererFigures(): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  const built = await jsSize(join(ROOT, 'out/renderer/assets')).catch(() => null);
  if (built && built.files > 0) {
    rows.push(['renderer JS, out/renderer/assets/*.js (raw)', kB(built.raw)]);
    rows.push(['renderer JS, out/renderer/assets/*.js (gzip -9)', kB(built.gzip)]);
  } else {
    rows.push(['renderer JS, out/renderer/assets/*.js', 'not built (run npm run build)']);
  }

  const dir = await mkdtemp(join(tmpdir(), 'pst-bench-renderer-'));
  try {
    const page = await buildBenchPage(dir);
    const server = await serveDir(page);
    const browser = await launchChromium();
    try {
      const p = await browser.newPage({ viewport: { width: 980, height: 400 } });
      await p.goto(server.url);
      await p.waitForFunction(() => typeof (globalThis as unknown as { benchChart?: unknown }).benchChart === 'function');
      const time = async (buckets: number, logins: number): Promise<number> =>
        median(
          await p.evaluate(
            ([b, l, r]) => (globalThis as unknown as { benchChart(b: number, l: number, r: number): Promise<number[]> }).benchChart(b, l, r),
            [buckets, logins, RUNS] as const,
          ),
        );
      rows.push([`chart draw, 30 d × 24 h × 10 logins (7 200 bars), median of ${RUNS}`, `${(await time(30 * 24, 10)).toFixed(1)} ms`]);
      rows.push([`chart draw, 365 d × 24 h × 1 login (8 760 bars), median of ${RUNS}`, `${(await time(365 * 24, 1)).toFixed(1)} ms`]);
      rows.push([`chart draw, 24 h × 3 logins (a normal day), median of ${RUNS}`, `${(await time(24, 3)).toFixed(1)} ms`]);
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await rendererFigures();
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}
