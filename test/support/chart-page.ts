// A page holding only the real chart module (src/renderer/chart.ts), built here with Vite and served
// on 127.0.0.1 in Debian's Chromium: for the chart's pixel tests and the bench, so the app's own page
// carries no test or bench hooks. `entry` is the page's script; it imports the modules named in
// CHART_MODULES by their absolute paths and sets its hooks on `window`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, serveDir } from '../harness/chromium.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Absolute paths (JSON-quoted, ready for an `import ... from`) of the modules a page may use. */
export const CHART_MODULES = {
  chart: JSON.stringify(join(ROOT, 'src/renderer/chart.ts')),
  format: JSON.stringify(join(ROOT, 'src/renderer/format-time.ts')),
  axis: JSON.stringify(join(ROOT, 'src/renderer/chart-axis.ts')),
  plugin: JSON.stringify(join(ROOT, 'src/renderer/stacked-bars-plugin.ts')),
  /** Chart.js itself, the same module instance chart.ts uses (the page lives outside the repo). */
  chartJs: JSON.stringify(join(ROOT, 'node_modules/chart.js/dist/chart.js')),
} as const;

/**
 * Page-side helper (paste into an entry): clicks legend item `i` of Chart.js chart `c` with a real
 * mouse event on the canvas and waits for Chart.js to handle it (it handles events on a frame).
 */
export const CLICK_LEGEND = `
async function clickLegend(c, i) {
  const box = c.legend.legendHitBoxes[i];
  const r = c.canvas.getBoundingClientRect();
  const at = { clientX: r.left + box.left + box.width / 2, clientY: r.top + box.top + box.height / 2, bubbles: true };
  c.canvas.dispatchEvent(new MouseEvent('mousemove', at));
  c.canvas.dispatchEvent(new MouseEvent('click', at));
  for (let k = 0; k < 2; k++) await new Promise((ok) => requestAnimationFrame(ok));
}
`;

/** The chart box as in the window (920 x 280 CSS px), with the tooltip element beside the canvas. */
const HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="./page.css"></head>
<body><div class="box"><canvas id="chart"></canvas><div id="chart-tooltip" hidden></div></div><script type="module" src="./page.js"></script></body></html>`;
// The light theme's chart colours (styles.css), so stacked logins are told apart.
const CSS = `:root { --chart-grid: rgba(27, 31, 36, 0.12); --chart-now: #d12f7a; --series-1: #2f6fd0; --series-2: #e07b00; --series-3: #1a9e6f;
  --series-4: #c8325a; --series-5: #7b52c7; --series-6: #8c6239; --series-7: #d15cb3; --series-8: #5f6b78; --series-9: #9da100; --series-10: #0f9bb5; }
.box { position: relative; width: 920px; height: 280px; } #chart-tooltip { position: absolute; }`;

// Cross-origin isolation: without it Chromium's performance.now() ticks in 0.1 ms steps (a
// 1.5 ms floor read to 7 %); isolated, in 5 µs steps. The page loads nothing from elsewhere.
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } as const;

export interface ChartPage {
  page: Page;
  /** The page is cross-origin isolated (its timer is fine-grained). */
  isolated: boolean;
  close(): Promise<void>;
}

export async function openChartPage(entry: string, options: { deviceScaleFactor?: number } = {}): Promise<ChartPage> {
  const dir = await mkdtemp(join(tmpdir(), 'pst-chart-page-'));
  let browser: Browser | null = null;
  let server: { close(): Promise<void> } | null = null;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const src = join(dir, 'src');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'index.html'), HTML);
    await writeFile(join(src, 'page.css'), CSS);
    await writeFile(join(src, 'page.js'), entry);
    await build({ configFile: false, root: src, logLevel: 'silent', build: { outDir: join(dir, 'dist'), emptyOutDir: true, minify: true } });
    const served = await serveDir(join(dir, 'dist'), ISOLATED);
    server = served;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 980, height: 400 }, deviceScaleFactor: options.deviceScaleFactor ?? 1 });
    await page.goto(served.url);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
    const isolated = await page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated);
    return { page, isolated, close };
  } catch (e) {
    await close();
    throw e;
  }
}
