// The traffic bar chart: Chart.js with only the pieces it uses registered, bars stacked by login.
// Chart.js draws the axes and the legend; the bars are drawn by stacked-bars-plugin.ts straight
// from the byte arrays, so a year of hours or 400 days of 50 logins draws in milliseconds. Chart.js
// holds no datasets: the legend's items (a login's name and colour, hidden or not) are made here,
// as its own generateLabels would make them, and a click on one hides the login here (a dataset
// per login cost a controller each, built and torn down whenever the logins changed). The tooltip is HTML beside the canvas, at
// the bar the plugin finds under the pointer. Every date on it goes through the window's one
// formatter. Today is marked: a now-line on an hourly chart, a hatched (partial) bar on a daily one.
import {
  BarController,
  BarElement,
  Chart,
  Legend,
  LinearScale,
  type ChartOptions,
  type LegendItem,
  type Plugin,
} from 'chart.js';
import type { Granularity } from '../shared/ipc.js';
import type { Units } from '../shared/bytes.js';
import type { ListTitles } from '../shared/types.js';
import { distinctNames } from '../shared/titles.js';
import { valueAxis, type ValueAxis } from './chart-axis.js';
import { BucketScale } from './chart-bucket-scale.js';
import { localDateOf, localDayStarts, type LocalDayStart } from '../shared/local-dates.js';
import { nowPosition, partialIndex } from './buckets.js';
import { tooltipContent, type TooltipContent } from './chart-tooltip.js';
import { el } from './dom.js';
import { barAt, stackedBarsPlugin, type BarHit, type StackedBars } from './stacked-bars-plugin.js';
import type { DateFormat } from './format-time.js';

Chart.register(BarController, BarElement, BucketScale, LinearScale, Legend);

export interface ChartInput {
  /** Bucket starts from main (epoch ms). */
  buckets: number[];
  granularity: Granularity;
  /** The user's zone the buckets are local to. */
  timeZone: string;
  series: Array<{ login: string; bytes: number[] }>;
  /** The lists' titles by login: the legend and the tooltip name a list by its title. */
  titles: ListTitles;
  units: Units;
  /** The current time, for the now-line and the partial bar. */
  now: number;
  format: DateFormat;
}

export interface TrafficChart {
  /** Draws new data; returns once drawn (laid out again only when the axes or legend change). */
  update(input: ChartInput): void;
  /** Reads the colours again from the CSS variables (after a light/dark switch) and redraws. */
  refreshTheme(): void;
  destroy(): void;
}

type BarChart = Chart<'bar', never[], never>;

interface Theme {
  text: string;
  muted: string;
  grid: string;
  now: string;
  font: string;
  series: string[];
}

const PALETTE_SIZE = 10;

function readTheme(from: Element): Theme {
  const css = getComputedStyle(from);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const series: string[] = [];
  for (let i = 1; i <= PALETTE_SIZE; i++) series.push(v(`--series-${i}`, '#4e79a7'));
  return {
    text: v('--text', '#1b1f24'),
    muted: v('--text-muted', '#57606a'),
    grid: v('--chart-grid', 'rgba(128,128,128,0.2)'),
    now: v('--chart-now', '#d12f7a'),
    font: css.fontFamily || 'system-ui, sans-serif',
    series,
  };
}

/** Largest stacked bucket, to pick the axis unit. */
function stackMax(series: ChartInput['series']): number {
  let max = 0;
  const n = series[0]?.bytes.length ?? 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const s of series) sum += s.bytes[i] ?? 0;
    if (sum > max) max = sum;
  }
  return max;
}

/** Diagonal stripes of the series colour: a partial bar differs by shape, not by shade alone. */
export function hatch(colour: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const g = tile.getContext('2d');
  if (!g) return colour;
  g.fillStyle = colour;
  g.globalAlpha = 0.35;
  g.fillRect(0, 0, 8, 8);
  g.globalAlpha = 1;
  g.strokeStyle = colour;
  g.lineWidth = 3;
  g.beginPath();
  g.moveTo(-2, 10);
  g.lineTo(10, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.stroke();
  return g.createPattern(tile, 'repeat') ?? colour;
}

/** Fills the tooltip element with the content (text only, never HTML). */
function renderTooltip(root: HTMLElement, content: TooltipContent, colours: readonly string[]): void {
  const list = el('ul', { class: 'tooltip-logins' });
  for (const l of content.logins) {
    const swatch = el('span', { class: 'tooltip-swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.backgroundColor = colours[l.series % colours.length] ?? '';
    // The title first; the login beside it, small (alone when the list has no title).
    const name =
      l.title === null
        ? el('span', { class: 'tooltip-name' }, el('span', { class: 'tooltip-list-title', text: l.login }))
        : el('span', { class: 'tooltip-name' }, el('span', { class: 'tooltip-list-title', text: l.title }), ' ', el('small', { class: 'tooltip-login', text: l.login }));
    list.append(el('li', {}, swatch, name, el('span', { class: 'tooltip-figure', text: l.figure, attrs: { title: l.exact } })));
  }
  root.replaceChildren(
    el('p', { class: 'tooltip-title', text: content.title }),
    el('p', { class: 'tooltip-total', text: content.total }),
    el('p', { class: 'tooltip-exact', text: content.exact }),
    content.logins.length > 0 ? list : el('p', { class: 'tooltip-none', text: 'No traffic' }),
  );
}

export function createTrafficChart(canvas: HTMLCanvasElement, tooltipEl: HTMLElement): TrafficChart {
  let input: ChartInput | null = null;
  let scale: ValueAxis = { divisor: 1, unit: 'B' };
  let theme = readTheme(canvas);
  const patterns = new Map<string, CanvasPattern | string>();
  const hatched = (colour: string) => {
    let p = patterns.get(colour);
    if (p === undefined) {
      p = hatch(colour);
      patterns.set(colour, p);
    }
    return p;
  };

  // Where local days start among the buckets (bucket index -> its local date), worked out once per
  // update from a few dozen offset probes: the x axis ticks and labels only those (8,760 hours: a
  // date lookup per bucket cost more than drawing the bars).
  let dayStarts = new Map<number, LocalDayStart>();
  const isMultiDay = (): boolean => dayStarts.size > 1;
  /** The buckets the x axis ticks (indexes into `input`'s): afterBuildTicks hands them to Chart.js. */
  let tickedBuckets: number[] = [];
  // Each tick's label by its bucket's start, made once: Chart.js asks again on every layout pass,
  // and a range change asks for the same days again (a year of hours: 365 dates formatted each
  // time). Kept by kind (the zone, and times or dates), so going from today's hours to a month and
  // back formats neither again; all start afresh with another formatter or when they grew large.
  const tickLabelsByKind = new Map<string, Map<number, string>>();
  let tickLabels = new Map<number, string>();
  let tickFormat: DateFormat | null = null;
  const tickLabel = (i: number): string => {
    const start = input?.buckets[i];
    if (!input || start === undefined) return '';
    let label = tickLabels.get(start);
    if (label === undefined) {
      label = bucketTick(input, i);
      tickLabels.set(start, label);
    }
    return label;
  };
  /** Picks the tick labels of `at`'s kind. */
  const keepTickLabels = (at: ChartInput): void => {
    let size = 0;
    for (const labels of tickLabelsByKind.values()) size += labels.size;
    if (at.format !== tickFormat || size > 20_000) {
      tickLabelsByKind.clear();
      tickFormat = at.format;
    }
    const kind = `${at.timeZone} ${at.granularity === 'hour' && !isMultiDay() ? 'time' : 'date'}`;
    let labels = tickLabelsByKind.get(kind);
    if (labels === undefined) {
      labels = new Map();
      tickLabelsByKind.set(kind, labels);
    }
    tickLabels = labels;
  };
  /** An hourly chart of one day: the time; otherwise the date without the year. */
  const bucketTick = (at: ChartInput, i: number): string => {
    const start = at.buckets[i];
    if (start === undefined) return '';
    if (at.granularity === 'hour' && !isMultiDay()) return at.format.time(start, at.timeZone);
    return at.format.dayMonth(dayStarts.get(i)?.date ?? localDateOf(start, at.timeZone));
  };
  // The value ticks' labels: one Intl formatter per locale (toLocaleString with options builds one
  // per call), and each label kept, as Chart.js asks for them on each of a layout's passes.
  const numbers = new Map<string, Intl.NumberFormat>();
  let valueLabels = new Map<number, string>();
  let valueLabelsFor = '';
  const valueTick = (value: number): string => {
    const locale = input?.format.locale ?? 'en-US';
    const kind = `${locale} ${scale.unit}`;
    if (kind !== valueLabelsFor || valueLabels.size > 1000) {
      valueLabels = new Map();
      valueLabelsFor = kind;
    }
    let label = valueLabels.get(value);
    if (label !== undefined) return label;
    let f = numbers.get(locale);
    if (f === undefined) {
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
      numbers.set(locale, f);
    }
    label = `${f.format(value)} ${scale.unit}`;
    valueLabels.set(value, label);
    return label;
  };
  const buckets = () => (input ? { buckets: input.buckets, granularity: input.granularity, timeZone: input.timeZone } : { buckets: [], granularity: 'hour' as const, timeZone: 'UTC' });
  /** The daily bar still filling (today's); an hourly chart has the now-line instead. */
  const partialBar = (): number | null => (input && input.granularity === 'day' ? partialIndex(buckets(), input.now) : null);

  /** A line at the current time across the plot, on an hourly chart that holds it. */
  const nowLine: Plugin<'bar'> = {
    id: 'nowLine',
    afterDatasetsDraw(c) {
      if (!input || input.granularity !== 'hour') return;
      const at = nowPosition(buckets(), input.now);
      if (!at) return;
      const x0 = c.scales['x'];
      if (!x0) return;
      const step = input.buckets.length > 1 ? x0.getPixelForValue(1) - x0.getPixelForValue(0) : x0.width;
      const x = Math.round(x0.getPixelForValue(at.index) - step / 2 + at.fraction * step) + 0.5;
      const { top, bottom } = c.chartArea;
      const g = c.ctx;
      g.save();
      g.strokeStyle = theme.now;
      g.lineWidth = 2;
      g.beginPath();
      g.moveTo(x, top);
      g.lineTo(x, bottom);
      g.stroke();
      g.fillStyle = theme.now;
      g.font = `600 11px ${theme.font}`;
      g.textAlign = x > c.chartArea.right - 40 ? 'right' : 'left';
      g.textBaseline = 'top';
      g.fillText('now', g.textAlign === 'right' ? x - 4 : x + 4, top + 2);
      g.restore();
    },
  };

  function showTooltip(t: BarHit | null): void {
    if (!input || !t) {
      tooltipEl.hidden = true;
      return;
    }
    renderTooltip(tooltipEl, tooltipContent(input, t.index), theme.series);
    tooltipEl.hidden = false;
    // Beside the bar, kept inside the chart box.
    const box = canvas.getBoundingClientRect();
    const w = tooltipEl.offsetWidth;
    const h = tooltipEl.offsetHeight;
    const left = t.caretX + 12 + w > box.width ? Math.max(0, t.caretX - 12 - w) : t.caretX + 12;
    const top = Math.min(Math.max(0, t.caretY - h / 2), Math.max(0, box.height - h));
    tooltipEl.style.left = `${Math.round(left)}px`;
    tooltipEl.style.top = `${Math.round(top)}px`;
  }

  const options: ChartOptions<'bar'> = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    scales: {
      // One slot per bucket, as a category axis (Chart.js's bar default) had, but ticks only where
      // labelled (chart-bucket-scale.ts). offset: the autoSkip rule of a category axis of a bar chart.
      x: {
        type: 'buckets',
        offset: true,
        stacked: true,
        grid: { display: false },
        // Hours over several days: ticks only where a local day starts (its first bucket, so
        // :30 zones and DST days work), labelled with the date; otherwise a tick per bucket, as a
        // category axis has. autoSkip thins them as it thinned the category axis's.
        afterBuildTicks: (axis) => {
          // New objects each pass: Chart.js keeps each tick's context (its index) on the object.
          axis.ticks = tickedBuckets.map((value) => ({ value }));
        },
        ticks: {
          autoSkip: true,
          maxRotation: 0,
          sampleSize: 24,
          // `value` is the bucket's index; the callback's own index counts only the ticks kept.
          callback: (value) => tickLabel(Number(value)),
        },
      },
      y: {
        type: 'linear',
        stacked: true,
        beginAtZero: true,
        ticks: {
          maxTicksLimit: 6,
          callback: (value) => valueTick(Number(value)),
        },
      },
    },
    plugins: {
      legend: {
        position: 'bottom',
        labels: { boxWidth: 12, boxHeight: 12, generateLabels: () => legendItems() },
        onClick: (_e, item) => toggle(item.datasetIndex),
      },
    },
  };

  /** The logins hidden from the legend (by series index): all are shown again by each update. */
  const hidden = new Set<number>();
  /** The legend's names, one per login (titles told apart). */
  let names: string[] = [];
  /** The legend's items as Chart.js's own generateLabels makes them from bar datasets (no border). */
  function legendItems(): LegendItem[] {
    return names.map((text, i) => ({ text, fillStyle: colourOf(i), strokeStyle: colourOf(i), fontColor: theme.text, lineWidth: 0, hidden: hidden.has(i), datasetIndex: i }));
  }
  function toggle(i: number | undefined): void {
    if (i === undefined) return;
    if (!hidden.delete(i)) hidden.add(i);
    // The value axis spans the logins shown: a layout, not a redraw.
    chart.update('none');
  }

  /** What the bars plugin draws: the series as bytes, in the axis unit, today's bar hatched. */
  let bars: StackedBars | null = null;
  const colourOf = (i: number): string => theme.series[i % theme.series.length] ?? '#4e79a7';
  function barsOf(next: ChartInput): StackedBars {
    // Hundreds of bars: no gaps, or they vanish into the gaps.
    const dense = next.buckets.length > 200;
    return {
      series: next.series,
      divisor: scale.divisor,
      categoryPercentage: dense ? 1 : 0.85,
      barPercentage: dense ? 1 : 0.9,
      fill: colourOf,
      partialFill: (i) => hatched(colourOf(i)),
      partial: partialBar(),
      hidden,
    };
  }
  /** The tooltip follows the pointer through Chart.js's events: the bar under it, or none. */
  const hover: Plugin<'bar'> = {
    id: 'barHover',
    afterEvent(c, { event }) {
      if (event.type === 'mouseout' || event.x === null || event.y === null || !bars) showTooltip(null);
      else showTooltip(barAt(c, bars, event.x, event.y));
    },
  };

  const chart: BarChart = new Chart(canvas, { type: 'bar', data: { labels: [], datasets: [] }, options, plugins: [stackedBarsPlugin(() => bars), nowLine, hover] });
  canvas.addEventListener('mouseleave', () => {
    tooltipEl.hidden = true;
  });

  /** The theme's colours into the options (read on the next update: at creation, and by refreshTheme). */
  function applyTheme(): void {
    const o = chart.options;
    o.color = theme.muted;
    o.font = { family: theme.font };
    const x = o.scales?.['x'];
    const y = o.scales?.['y'];
    if (x?.ticks) x.ticks.color = theme.muted;
    if (y?.ticks) y.ticks.color = theme.muted;
    if (y?.grid) y.grid.color = theme.grid;
    if (y?.border) y.border.color = theme.grid;
    if (x?.border) x.border.color = theme.grid;
    const legend = o.plugins?.legend;
    if (legend?.labels) legend.labels.color = theme.text;
  }
  applyTheme();

  function applyBucketAxis(next: ChartInput): void {
    const n = next.buckets.length;
    tickedBuckets = next.granularity === 'hour' && isMultiDay() ? [...dayStarts.keys()] : Array.from({ length: n }, (_, i) => i);
    const x = chart.options.scales?.['x'];
    if (x) x.max = n - 1;
  }

  function applyAxis(next: ChartInput, max: number): void {
    scale = valueAxis(max, next.units);
    const y = chart.options.scales?.['y'];
    if (!y || y.type !== 'linear' || !y.ticks) return;
    y.max = scale.max;
    y.ticks.stepSize = scale.stepSize;
    y.ticks.precision = scale.precision;
  }

  /**
   * Whether `next` lays out as the chart stands: the same buckets, logins, names, units and dates,
   * no login hidden, and the same tallest stack (so the value axis and its ticks are the same). A
   * poll that changes only the figures under the top then costs a redraw, not a layout.
   */
  let laidOut: { input: ChartInput; names: string[]; max: number } | null = null;
  function sameLayout(next: ChartInput, nextNames: readonly string[], max: number): boolean {
    const was = laidOut;
    // Datasets put in by someone else (a test drawing Chart.js's own bars) change the layout too.
    if (!was || hidden.size > 0 || max !== was.max || chart.data.datasets.length > 0) return false;
    const a = was.input;
    if (a.granularity !== next.granularity || a.timeZone !== next.timeZone || a.units !== next.units || a.format !== next.format) return false;
    if (a.buckets.length !== next.buckets.length || a.series.length !== next.series.length) return false;
    for (let i = 0; i < next.buckets.length; i++) if (a.buckets[i] !== next.buckets[i]) return false;
    for (let i = 0; i < next.series.length; i++) if (a.series[i]?.login !== next.series[i]?.login || was.names[i] !== nextNames[i]) return false;
    return true;
  }

  return {
    update(next) {
      const max = stackMax(next.series);
      // Labels are drawn as text on the canvas (never parsed as HTML).
      const nextNames = distinctNames(next.series.map((s) => s.login), next.titles);
      tooltipEl.hidden = true;
      if (sameLayout(next, nextNames, max)) {
        input = next;
        bars = barsOf(next);
        laidOut = { input: next, names: nextNames, max };
        chart.draw();
        return;
      }
      input = next;
      dayStarts = new Map(localDayStarts(next.buckets, next.timeZone).map((d) => [d.index, d]));
      keepTickLabels(next);
      applyAxis(next, max);
      applyBucketAxis(next);
      names = nextNames;
      hidden.clear();
      if (chart.data.datasets.length > 0) chart.data.datasets = [];
      bars = barsOf(next);
      const legend = chart.options.plugins?.legend;
      if (legend) legend.display = next.series.length > 0;
      chart.update('none');
      laidOut = { input: next, names: nextNames, max };
    },
    refreshTheme() {
      laidOut = null;
      theme = readTheme(canvas);
      patterns.clear();
      applyTheme();
      chart.update('none');
    },
    destroy() {
      chart.destroy();
    },
  };
}
