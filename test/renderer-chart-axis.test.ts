// The chart's x axis and datasets in real Chromium (the chart-only page): over several days of
// hours a tick at each local day start in the user's zone (23- and 25-hour days), labelled with the
// date; one day of hours labelled with times; and a login hidden by a click on the legend is shown
// again by the next update, and can be hidden again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_MODULES, CLICK_LEGEND, openChartPage, type ChartPage } from './support/chart-page.js';

const ENTRY = `
import { Chart } from ${CHART_MODULES.chartJs};
import { createTrafficChart } from ${CHART_MODULES.chart};
import { createDateFormat } from ${CHART_MODULES.format};

${CLICK_LEGEND}
const canvas = document.getElementById('chart');
const chart = createTrafficChart(canvas, document.getElementById('chart-tooltip'));
const H = 3600000;

const formats = {};
function input(spec) {
  const start = Date.parse(spec.start);
  const buckets = Array.from({ length: spec.hours }, (_, i) => start + i * H);
  const series = Array.from({ length: spec.logins ?? 1 }, (_, l) => ({ login: 'login-' + l, bytes: buckets.map((_, i) => 1e8 + ((i * 7919 + l) % 5) * 1e8) }));
  // One formatter per locale, as in the window: the chart keeps tick labels while it is the same.
  const locale = spec.locale ?? 'en-US';
  formats[locale] ??= createDateFormat(locale);
  return { buckets, granularity: 'hour', timeZone: spec.zone, series, units: 'GB', titles: {}, now: start - H, format: formats[locale] };
}

window.ticks = (spec) => {
  chart.update(input(spec));
  // The ticks drawn (after autoSkip; a week's eight fit): value is the bucket index.
  const x = Chart.getChart(canvas).scales.x;
  return x.ticks.map((t) => [t.value, t.label]);
};

// A formatter that counts the labels it makes (the chart is handed its formatter, as the window's).
let made = 0;
const base = createDateFormat('en-US');
const counting = { ...base, time: (...a) => { made++; return base.time(...a); }, dayMonth: (...a) => { made++; return base.dayMonth(...a); } };
window.flip = (specs) => specs.map((spec) => {
  const before = made;
  chart.update({ ...input(spec), format: counting });
  const x = Chart.getChart(canvas).scales.x;
  return { ticks: x.ticks.map((t) => [t.value, t.label]), made: made - before };
});

// The colours Chart.js draws the axes and the legend with, after each step.
window.themed = () => {
  const c = Chart.getChart(canvas);
  const colours = () => { const o = c.options; return [o.scales.x.ticks.color, o.scales.y.ticks.color, o.scales.y.grid.color, o.plugins.legend.labels.color]; };
  chart.update(input({ start: '2026-01-05T00:00:00Z', hours: 48, zone: 'UTC' }));
  const light = colours();
  const root = document.documentElement.style;
  root.setProperty('--text-muted', '#abcdef');
  root.setProperty('--chart-grid', '#123456');
  root.setProperty('--text', '#fedcba');
  chart.refreshTheme();
  const dark = colours();
  // A range change afterwards keeps them.
  chart.update(input({ start: '2026-01-05T00:00:00Z', hours: 24 * 30, zone: 'UTC' }));
  const later = colours();
  for (const k of ['--text-muted', '--chart-grid', '--text']) root.removeProperty(k);
  chart.refreshTheme();
  return { light, dark, later };
};

window.hideThenUpdate = async () => {
  const spec = { start: '2026-01-05T00:00:00Z', hours: 48, zone: 'UTC', logins: 3 };
  chart.update(input(spec));
  const c = Chart.getChart(canvas);
  const shown = () => c.legend.legendItems.map((it) => !it.hidden);
  await clickLegend(c, 1);
  const hidden = shown();
  chart.update(input(spec));
  const after = shown();
  await clickLegend(c, 2);
  const toggled = shown();
  await clickLegend(c, 2);
  const again = shown();
  return { hidden, after, toggled, again, labels: c.legend.legendItems.map((it) => it.text), datasets: c.data.datasets.length };
};
window.ready = true;
`;

let p: ChartPage;
before(async () => {
  p = await openChartPage(ENTRY);
});
after(async () => {
  await p?.close();
});

type Tick = [number, string];
const ticks = (spec: { start: string; hours: number; zone: string; locale?: string }): Promise<Tick[]> =>
  p.page.evaluate((s) => (globalThis as unknown as { ticks(s: unknown): Tick[] }).ticks(s), spec);

describe('the chart\'s x axis', () => {
  test('a week of Berlin hours over the spring DST night: a tick at each local midnight, the 23-hour day included', async () => {
    // 2026-03-27 00:00 CET is 2026-03-26T23:00Z; the 29th has 23 hours, so the 30th starts 47 hours after the 28th.
    const got = await ticks({ start: '2026-03-26T23:00:00Z', hours: 7 * 24, zone: 'Europe/Berlin' });
    assert.deepEqual(got, [[0, '03/27'], [24, '03/28'], [48, '03/29'], [71, '03/30'], [95, '03/31'], [119, '04/01'], [143, '04/02'], [167, '04/03']]);
  });

  test('autumn in German: the 25-hour day moves the following ticks an hour on', async () => {
    const got = await ticks({ start: '2026-10-23T22:00:00Z', hours: 4 * 24, zone: 'Europe/Berlin', locale: 'de-DE' });
    assert.deepEqual(got, [[0, '24.10.'], [24, '25.10.'], [49, '26.10.'], [73, '27.10.']]);
  });

  test('a :30 zone: days start at 18:30 UTC; the same hours in UTC start days elsewhere; one day of hours is labelled with times', async () => {
    const days = await ticks({ start: '2026-01-14T18:30:00Z', hours: 72, zone: 'Asia/Kolkata' });
    assert.deepEqual(days, [[0, '01/15'], [24, '01/16'], [48, '01/17']]);
    // The same hours in UTC: the first bucket is 01/14 there, not 01/15 (labels are not kept across zones).
    const utc = await ticks({ start: '2026-01-14T18:30:00Z', hours: 72, zone: 'UTC' });
    assert.deepEqual(utc, [[0, '01/14'], [6, '01/15'], [30, '01/16'], [54, '01/17']]);
    const hours = await ticks({ start: '2026-01-15T00:00:00Z', hours: 24, zone: 'UTC' });
    assert.equal(hours[0]?.[1], '12:00 AM');
    assert.ok(hours.every(([i, label]) => label === new Date(Date.UTC(2026, 0, 15, i)).toLocaleTimeString('en-US', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' })));
  });
});

describe('the chart\'s tick labels between ranges', () => {
  test('a day of hours, a week, the day again, the week again: each labelled as before, no label made twice', async () => {
    const day = { start: '2026-02-02T00:00:00Z', hours: 24, zone: 'UTC' };
    const week = { start: '2026-01-27T00:00:00Z', hours: 7 * 24, zone: 'UTC' };
    const fresh = [await ticks(day), await ticks(week)];
    type Flipped = { ticks: Tick[]; made: number };
    const r = await p.page.evaluate((s) => (globalThis as unknown as { flip(s: unknown): Flipped[] }).flip(s), [day, week, day, week]);
    assert.deepEqual(r.map((f) => f.ticks), [fresh[0], fresh[1], fresh[0], fresh[1]]);
    assert.ok(r[0]!.made > 0 && r[1]!.made > 0, `labels made: ${r.map((f) => f.made).join(', ')}`);
    assert.deepEqual([r[2]!.made, r[3]!.made], [0, 0]);
  });
});

describe('the chart\'s theme', () => {
  test('the colours read at creation, and again by refreshTheme, hold over later range changes', async () => {
    const r = await p.page.evaluate(() => (globalThis as unknown as { themed(): unknown }).themed());
    // The page's CSS sets the grid colour only (read back as the browser writes it); the others are the chart's fallbacks.
    assert.deepEqual(r, {
      light: ['#57606a', '#57606a', '#1b1f241f', '#1b1f24'],
      dark: ['#abcdef', '#abcdef', '#123456', '#fedcba'],
      later: ['#abcdef', '#abcdef', '#123456', '#fedcba'],
    });
  });
});

describe('the chart\'s legend between updates', () => {
  test('a login hidden by a click on its legend item is shown again by the next update, hidden by another click and shown by a third', async () => {
    const r = await p.page.evaluate(() => (globalThis as unknown as { hideThenUpdate(): Promise<unknown> }).hideThenUpdate());
    // Chart.js holds no datasets: the legend's items are chart.ts's own.
    assert.deepEqual(r, { hidden: [true, false, true], after: [true, true, true], toggled: [true, true, false], again: [true, true, true], labels: ['login-0', 'login-1', 'login-2'], datasets: 0 });
  });
});
