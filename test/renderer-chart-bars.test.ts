// The bars plugin in real Chromium against Chart.js's own bars: the same chart (axes, legend,
// now-line) drawn once by the plugin from the bytes, then by Chart.js from per-bar points with the
// options the chart had before the plugin (scriptable hatched fill, bar and category percentages),
// compared pixel by pixel (the legend included: its items are made by chart.ts, Chart.js's from the
// datasets here); and the bar the tooltip is shown for, against Chart.js's 'index' mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_MODULES, CLICK_LEGEND, openChartPage, type ChartPage } from './support/chart-page.js';

const ENTRY = `
import { Chart, CategoryScale } from ${CHART_MODULES.chartJs};
import { createTrafficChart, hatch } from ${CHART_MODULES.chart};
import { createDateFormat } from ${CHART_MODULES.format};
import { valueAxis } from ${CHART_MODULES.axis};
import { barAt } from ${CHART_MODULES.plugin};

${CLICK_LEGEND}
const canvas = document.getElementById('chart');
const chart = createTrafficChart(canvas, document.getElementById('chart-tooltip'));
const format = createDateFormat('en-US');
const H = 3600000;

function input(spec) {
  let seed = spec.seed;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const step = spec.granularity === 'hour' ? H : 24 * H;
  const start = Date.UTC(2026, 9, 1);
  const buckets = Array.from({ length: spec.buckets }, (_, i) => start + i * step);
  // Some zeros (a login idle that hour), some bars of very different heights.
  const series = Array.from({ length: spec.logins }, (_, l) => ({ login: 'login-' + l, bytes: buckets.map(() => (spec.empty || rand() < 0.2 ? 0 : Math.round(rand() * rand() * 3e9))) }));
  return { buckets, granularity: spec.granularity, timeZone: 'UTC', series, units: 'GB', titles: {}, now: start + (spec.buckets - 0.4) * step, format };
}

function pixels() {
  const g = canvas.getContext('2d');
  return g.getImageData(0, 0, canvas.width, canvas.height).data;
}

// Chart.js's bars stood on its own category axis (the bar chart's default); chart.ts's x axis is
// its bucket axis (chart-bucket-scale.ts), given the same ticks. The reference has the category axis.
Chart.register(CategoryScale);

/** Chart.js's own bars (and legend) for the same input, as chart.ts fed them before the plugin, on a category axis. */
function drawNatively(c, next, hidden) {
  const n = next.buckets.length;
  const x = c.options.scales.x;
  x.type = 'category';
  delete x.max;
  c.data.labels = new Array(n).fill('');
  let max = 0;
  for (let i = 0; i < n; i++) { let s = 0; for (const x of next.series) s += x.bytes[i]; max = Math.max(max, s); }
  const divisor = valueAxis(max, next.units).divisor;
  const dense = n > 200;
  const partial = next.granularity === 'day' ? n - 1 : -1;
  const items = c.legend.legendItems;
  c.data.datasets = next.series.map((s, i) => {
    const colour = items[i].fillStyle;
    return {
      label: items[i].text,
      data: s.bytes.map((b, j) => ({ x: j, y: b / divisor })),
      backgroundColor: (ctx) => (ctx.dataIndex === partial ? hatch(colour) : colour),
      borderColor: colour,
      borderWidth: 0,
      barPercentage: dense ? 1 : 0.9,
      categoryPercentage: dense ? 1 : 0.85,
    };
  });
  c.options.plugins.legend.labels.generateLabels = Chart.defaults.plugins.legend.labels.generateLabels;
  c.options.plugins.stackedBars = false;
  c.update('none');
  for (const i of hidden) c.setDatasetVisibility(i, false);
  c.update('none');
}

window.compare = async (spec) => {
  const next = input(spec);
  chart.update(next);
  const c = Chart.getChart(canvas);
  // Hidden as a user hides them: a click on each one's legend item.
  for (const i of spec.hidden ?? []) await clickLegend(c, i);
  const struck = c.legend.legendItems.map((it) => it.hidden);
  const mine = pixels();
  const a = c.chartArea;
  const points = [];
  for (let k = 1; k < 12; k++) points.push({ x: a.left + ((a.right - a.left) * k) / 12 + 0.3, y: a.top + ((a.bottom - a.top) * (k % 4 + 1)) / 5 });
  const bars = { series: next.series, divisor: valueAxis(Math.max(...next.buckets.map((_, i) => next.series.reduce((s, x) => s + x.bytes[i], 0))), 'GB').divisor, hidden: new Set(spec.hidden ?? []) };
  const hits = points.map((p) => barAt(c, bars, p.x, p.y));
  const ticks = c.scales.x.ticks.map((t) => [t.value, t.label, c.scales.x.getPixelForValue(t.value)]);
  const ours = c.options.plugins.legend.labels.generateLabels;
  const { type, max } = c.options.scales.x;
  const xOptions = { type, max };
  drawNatively(c, next, spec.hidden ?? []);
  const theirs = pixels();
  // Compared as seen on white (premultiplied), so a faint edge's colour at alpha 2 does not count.
  let differ = 0;
  let worst = 0;
  for (let i = 0; i < mine.length; i += 4) {
    let d = 0;
    for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs((mine[i + k] * mine[i + 3] - theirs[i + k] * theirs[i + 3]) / 255 + theirs[i + 3] - mine[i + 3]));
    if (d > 40) differ++;
    worst = Math.max(worst, d);
  }
  // Chart.js's own tooltip rule: 'index' mode, intersect off, the mean of the items' positions.
  const native = points.map((p) => {
    const items = c.getElementsAtEventForMode({ type: 'mousemove', x: p.x, y: p.y, native: null }, 'index', { intersect: false }, false);
    if (items.length === 0) return null;
    const xs = new Set(items.map((it) => it.element.x));
    return { index: items[0].index, caretX: [...xs].reduce((s, x) => s + x, 0) / xs.size, caretY: items.reduce((s, it) => s + it.element.y, 0) / items.length };
  });
  const categoryTicks = c.scales.x.ticks.map((t) => [t.value, t.label, c.scales.x.getPixelForValue(t.value)]);
  c.options.plugins.stackedBars = undefined;
  c.options.plugins.legend.labels.generateLabels = ours;
  Object.assign(c.options.scales.x, xOptions);
  c.data.labels = [];
  return { pixels: mine.length / 4, differ, worst, hits, native, yMax: c.scales.y.max, struck, ticks, categoryTicks };
};
// Data-only updates: the same chart redrawn, against a fresh chart (its own canvas, the same size) given the same input.
let layouts = 0;
Chart.register({ id: 'countLayouts', afterLayout: () => { layouts++; } });
const box = document.querySelector('.box').cloneNode(true);
box.querySelector('canvas').id = 'fresh';
box.querySelector('div').id = 'fresh-tooltip';
document.body.append(box);
const freshCanvas = document.getElementById('fresh');
const fresh = createTrafficChart(freshCanvas, document.getElementById('fresh-tooltip'));
const same = (a, b) => { let d = 0; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++; return d; };

window.poll = (spec, change) => {
  const first = input(spec);
  chart.update(first);
  const c = Chart.getChart(canvas);
  const before = { layouts, yMax: c.scales.y.max, ticks: c.scales.x.ticks.length };
  const next = change === 'range' ? input({ ...spec, buckets: spec.buckets + 24 }) : { ...first, now: first.now + 600000, series: first.series.map((x) => ({ ...x, bytes: x.bytes.slice() })) };
  const sums = next.buckets.map((_, i) => next.series.reduce((s, x) => s + x.bytes[i], 0));
  const top = sums.indexOf(Math.max(...sums));
  if (change === 'below') {
    // Every bar but the tallest grows or shrinks, staying under it.
    next.series.forEach((x) => x.bytes.forEach((b, i) => { if (i !== top) x.bytes[i] = Math.round(b * (i % 2 ? 0.5 : 0.9)); }));
  } else if (change === 'top') {
    next.series[0].bytes[top] += sums[top];
  }
  chart.update(next);
  fresh.update(next);
  const g = (cv) => cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
  const redrawn = same(g(canvas), g(freshCanvas));
  const f = Chart.getChart(freshCanvas);
  return { laidOut: layouts - before.layouts - 1, yMax: [before.yMax, c.scales.y.max, f.scales.y.max], ticks: [before.ticks, c.scales.x.ticks.length], redrawn };
};
window.ready = true;
`;

interface Spec {
  seed: number;
  buckets: number;
  logins: number;
  granularity: 'hour' | 'day';
  hidden?: number[];
  empty?: boolean;
}
interface Hit {
  index: number;
  caretX: number;
  caretY: number;
}
interface Compared {
  pixels: number;
  differ: number;
  worst: number;
  hits: Array<Hit | null>;
  native: Array<Hit | null>;
  yMax: number;
  /** The legend items struck through (hidden). */
  struck: boolean[];
  /** The x axis's ticks drawn (after autoSkip) as [bucket index, label, pixel]: ours, and the category axis's. */
  ticks: Array<[number, string, number]>;
  categoryTicks: Array<[number, string, number]>;
}

let one: ChartPage;
let two: ChartPage;
before(async () => {
  [one, two] = await Promise.all([openChartPage(ENTRY), openChartPage(ENTRY, { deviceScaleFactor: 2 })]);
});
after(async () => {
  await Promise.all([one?.close(), two?.close()]);
});

const compare = (p: ChartPage, spec: Spec): Promise<Compared> => p.page.evaluate((s) => (globalThis as unknown as { compare(s: Spec): Promise<Compared> }).compare(s), spec);

/**
 * fillRect and Chart.js's path fill antialias sub-pixel edges a little differently (a few levels on
 * a bar's top edge; more where dense 2-px bars overlap by their 0.33 px inflation): the same picture
 * allows a visible difference (> 40 of 255 on white) in at most 1 pixel in 200.
 */
function assertSame(r: Compared, what: string): void {
  assert.ok(r.differ <= r.pixels / 200, `${what}: ${r.differ} of ${r.pixels} pixels differ visibly (worst by ${r.worst.toFixed(0)})`);
  // The bucket axis keeps the category axis's ticks, labels and places.
  assert.ok(r.ticks.length > 0, `${what}: ticks`);
  assert.deepEqual(r.ticks, r.categoryTicks, `${what}: the x axis's ticks`);
  assert.equal(r.hits.length, r.native.length);
  r.hits.forEach((hit, k) => {
    const want = r.native[k];
    if (want === null || want === undefined) return assert.equal(hit, null, `${what}: point ${k} hits nothing`);
    assert.ok(hit, `${what}: point ${k} hits bar ${want.index}`);
    assert.equal(hit.index, want.index, `${what}: point ${k}`);
    assert.ok(Math.abs(hit.caretX - want.caretX) < 1e-6 && Math.abs(hit.caretY - want.caretY) < 1e-6, `${what}: caret ${JSON.stringify(hit)} vs ${JSON.stringify(want)}`);
  });
}

describe('the bars plugin draws what Chart.js drew', () => {
  test('a week of daily bars, three logins, today hatched: the same pixels, the same tooltip bars', async () => {
    assertSame(await compare(one, { seed: 1, buckets: 7, logins: 3, granularity: 'day' }), '7 d daily');
  });

  test('14 days of hours, 50 logins, with the now-line (dense bars, inflated edges): the same pixels', async () => {
    assertSame(await compare(one, { seed: 2, buckets: 14 * 24, logins: 50, granularity: 'hour' }), '14 d hourly x 50');
  });

  test('a month of hours, ten logins (7,200 bars, a tick a day thinned by autoSkip): the same pixels and ticks', async () => {
    assertSame(await compare(one, { seed: 13, buckets: 30 * 24, logins: 10, granularity: 'hour' }), '30 d hourly x 10');
  });

  test('400 days of daily bars, 50 logins, the last hatched: the same pixels', async () => {
    assertSame(await compare(one, { seed: 3, buckets: 400, logins: 50, granularity: 'day' }), '400 d daily x 50');
  });

  test('a login hidden by a click on its legend item is neither drawn nor stacked (the item struck through), and the value axis shrinks to what is shown', async () => {
    const all = await compare(one, { seed: 4, buckets: 30, logins: 3, granularity: 'day' });
    const hidden = await compare(one, { seed: 4, buckets: 30, logins: 3, granularity: 'day', hidden: [0, 2] });
    assertSame(hidden, '30 d, two of three hidden');
    assert.deepEqual(hidden.struck, [true, false, true]);
    assert.ok(hidden.yMax < all.yMax, `axis ${hidden.yMax} < ${all.yMax}`);
    assertSame(await compare(one, { seed: 4, buckets: 30, logins: 3, granularity: 'day', hidden: [0, 1, 2] }), 'all hidden');
  });

  test('a range with no traffic and a single hour: the same pixels', async () => {
    assertSame(await compare(one, { seed: 5, buckets: 7, logins: 3, granularity: 'day', empty: true }), 'empty');
    assertSame(await compare(one, { seed: 6, buckets: 1, logins: 2, granularity: 'hour' }), 'one hour');
  });

  test('at device pixel ratio 2 (a HiDPI screen): the same pixels, hatching included', async () => {
    assertSame(await compare(two, { seed: 7, buckets: 7, logins: 3, granularity: 'day' }), '7 d daily @2x');
    assertSame(await compare(two, { seed: 8, buckets: 8760, logins: 1, granularity: 'hour' }), '8760 hours @2x');
  });
});

describe('the chart page the bench times', () => {
  test('is cross-origin isolated, so its timer ticks in microseconds rather than 0.1 ms', async () => {
    assert.equal(one.isolated, true);
    const tick = await one.page.evaluate(() => {
      // The smallest step the clock moves by.
      let smallest = Infinity;
      for (let k = 0; k < 50; k++) {
        const t = performance.now();
        let u = performance.now();
        while (u === t) u = performance.now();
        smallest = Math.min(smallest, u - t);
      }
      return smallest;
    });
    assert.ok(tick < 0.02, `the timer's step is ${tick} ms`);
  });
});

interface Polled {
  /** Layouts of the chart under test for the second update (the fresh chart's own one not counted). */
  laidOut: number;
  /** The value axis's top: before, after, and the fresh chart's. */
  yMax: [number, number, number];
  ticks: [number, number];
  /** Pixels that differ from the fresh chart's. */
  redrawn: number;
}
const poll = (spec: Spec, change: 'below' | 'top' | 'range'): Promise<Polled> =>
  one.page.evaluate(([s, c]) => (globalThis as unknown as { poll(s: Spec, c: string): Polled }).poll(s, c), [spec, change] as const);

describe('an update with new figures for the same range', () => {
  test('figures that change under the tallest stack redraw the bars without a layout: the picture a fresh chart draws of them', async () => {
    for (const spec of [{ seed: 9, buckets: 14 * 24, logins: 10, granularity: 'hour' as const }, { seed: 10, buckets: 30, logins: 3, granularity: 'day' as const }]) {
      const r = await poll(spec, 'below');
      assert.equal(r.laidOut, 0, `${spec.granularity}: no layout`);
      assert.equal(r.yMax[0], r.yMax[1]);
      assert.equal(r.redrawn, 0, `${spec.granularity}: ${r.redrawn} pixels differ from a fresh chart's`);
    }
  });

  test('a taller stack lays the value axis out again, to the axis a fresh chart has', async () => {
    const r = await poll({ seed: 11, buckets: 7 * 24, logins: 3, granularity: 'hour' }, 'top');
    assert.equal(r.laidOut, 1);
    assert.ok(r.yMax[1] > r.yMax[0], `axis ${r.yMax[1]} > ${r.yMax[0]}`);
    assert.equal(r.yMax[1], r.yMax[2]);
    assert.equal(r.redrawn, 0);
  });

  test('a range change lays the x axis out again (a day more: a tick more)', async () => {
    const r = await poll({ seed: 12, buckets: 3 * 24, logins: 2, granularity: 'hour' }, 'range');
    assert.equal(r.laidOut, 1);
    assert.equal(r.ticks[1], r.ticks[0] + 1);
    assert.equal(r.redrawn, 0);
  });
});
