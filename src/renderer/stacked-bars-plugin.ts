// The chart's stacked bars, drawn straight from the byte arrays: one fillRect per bar segment. Chart.js
// keeps the axes, the legend (its datasets carry a label and a colour but no data) and its event
// loop; its own bars cost an object, an option lookup and a walk over every dataset per bar (11-13x
// a plain fillRect loop for 7,200 bars, issue 13). The geometry below is Chart.js's own for stacked
// bars on a category axis (BarController/BarElement, chart.js 4), so the picture does not change:
// bar centre and width from the category ruler, each segment stacked on the visible ones below it,
// the bottom edge moved up by half the zero grid line, dense bars inflated by 0.33 px (no seams),
// datasets painted last to first. Hidden (legend-toggled) series are neither drawn nor stacked,
// and the value axis spans the visible stacks, as Chart.js does from data.
import type { Chart, Plugin, Scale } from 'chart.js';

export interface StackedBars {
  series: ReadonlyArray<{ readonly bytes: readonly number[] }>;
  /** Bytes per value-axis unit. */
  divisor: number;
  /** Chart.js's categoryPercentage and barPercentage: the share of a category a bar takes. */
  categoryPercentage: number;
  barPercentage: number;
  /** The fill of series i, and of its segment in the bar still filling (`partial`, or null). */
  fill(series: number): string | CanvasPattern;
  partialFill(series: number): string | CanvasPattern;
  partial: number | null;
}

/** Where the pointer is: the nearest bar and the tooltip's anchor (Chart.js's 'index' mode, 'average' position). */
export interface BarHit {
  index: number;
  caretX: number;
  caretY: number;
}

type AnyChart = Chart<'bar', unknown[], unknown>;

function visibleSeries(chart: AnyChart, bars: StackedBars): number[] {
  const out: number[] = [];
  for (let s = 0; s < bars.series.length; s++) if (chart.isDatasetVisible(s)) out.push(s);
  return out;
}

/** The tallest stack of the visible series, in axis units. */
function visibleStackMax(visible: readonly number[], bars: StackedBars): number {
  const n = bars.series[0]?.bytes.length ?? 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    let top = 0;
    for (const s of visible) top += (bars.series[s]?.bytes[i] ?? 0) / bars.divisor;
    if (top > max) max = top;
  }
  return max;
}

/** Chart.js's ruler: the smallest pixel step between categories (computeMinSampleSize), from their centres. */
function rulerMin(x: Scale, centres: Float64Array): number {
  // Inline loops, not a step callback: a year of hours is 8,760 steps per draw.
  const SKIP_HIGH = 32767;
  const SKIP_LOW = -32768;
  let min = x.width;
  let prev = NaN;
  for (const curr of centres) {
    if (curr === SKIP_HIGH || curr === SKIP_LOW) continue;
    if (!Number.isNaN(prev)) min = Math.min(min, Math.abs(curr - prev) || min);
    prev = curr;
  }
  prev = NaN;
  for (let i = 0; i < x.ticks.length; i++) {
    const curr = x.getPixelForTick(i);
    if (curr === SKIP_HIGH || curr === SKIP_LOW) continue;
    if (!Number.isNaN(prev)) min = Math.min(min, Math.abs(curr - prev) || min);
    prev = curr;
  }
  return min;
}

export function stackedBarsPlugin(source: () => StackedBars | null): Plugin<'bar'> {
  return {
    id: 'stackedBars',
    // The datasets hold no data, so Chart.js would span 0..1: span the visible stacks instead,
    // as its own limits would (beginAtZero; an all-zero range gets 0..1). A fixed max stays.
    afterDataLimits(chart, { scale }) {
      const bars = source();
      if (!bars || scale.axis !== 'y' || scale.options.max !== undefined) return;
      const max = visibleStackMax(visibleSeries(chart as unknown as AnyChart, bars), bars);
      scale.min = 0;
      scale.max = max > 0 ? max : 1;
    },
    beforeDatasetsDraw(chart) {
      const bars = source();
      const x = chart.scales['x'];
      const y = chart.scales['y'];
      if (!bars || !x || !y) return;
      const n = bars.series[0]?.bytes.length ?? 0;
      const visible = visibleSeries(chart as unknown as AnyChart, bars);
      if (n === 0 || visible.length === 0) return;
      const dense = bars.barPercentage === 1;
      const inflate = dense ? 0.33 : 0;
      // Each bar's centre, and each stack level's pixel per bar, asked of the scales once: a segment
      // spans two levels (its base is the top of the one below), so 50 logins cost 51 lookups a bar, not 150.
      const centres = new Float64Array(n);
      for (let i = 0; i < n; i++) centres[i] = x.getPixelForValue(i);
      const width = rulerMin(x, centres) * bars.categoryPercentage * bars.barPercentage;
      const zero = y.getPixelForValue(0);
      const halfGrid = y.getLineWidthForValue(0) / 2;
      // levels[v]: the pixel of the stack's top under visible series v (levels[0]: the zero line).
      const levels: Float64Array[] = [new Float64Array(n).fill(zero)];
      const running = new Float64Array(n);
      for (const s of visible) {
        const bytes = bars.series[s]?.bytes ?? [];
        const level = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const top = (running[i] ?? 0) + (bytes[i] ?? 0) / bars.divisor;
          running[i] = top;
          level[i] = y.getPixelForValue(top);
        }
        levels.push(level);
      }
      const g = chart.ctx;
      g.save();
      // Chart.js paints the last dataset first, so the first one's edges lie on top.
      for (let v = visible.length - 1; v >= 0; v--) {
        const s = visible[v] ?? 0;
        const below = levels[v] ?? running;
        const above = levels[v + 1] ?? running;
        const fill = bars.fill(s);
        g.fillStyle = fill;
        for (let i = 0; i < n; i++) {
          let base = below[i] ?? 0;
          const head = above[i] ?? 0;
          const size = head - base;
          if (base === zero) base += Math.sign(size) * halfGrid;
          const top = Math.min(head, base);
          const centre = centres[i] ?? 0;
          const left = centre - width / 2;
          const w = centre + width / 2 - left;
          if (i === bars.partial) g.fillStyle = bars.partialFill(s);
          g.fillRect(left - inflate, top - inflate, w + 2 * inflate, Math.max(head, base) - top + 2 * inflate);
          if (i === bars.partial) g.fillStyle = fill;
        }
      }
      g.restore();
    },
  };
}

/**
 * The bar under the pointer as Chart.js's tooltip finds it (mode 'index', intersect false, position
 * 'average'): the nearest category inside the plot, the caret at its centre and at the mean height
 * of its visible segments' tops. Null outside the plot or with every series hidden.
 */
export function barAt(chart: Chart<'bar'>, bars: StackedBars, px: number, py: number): BarHit | null {
  const x = chart.scales['x'];
  const y = chart.scales['y'];
  const n = bars.series[0]?.bytes.length ?? 0;
  const a = chart.chartArea;
  if (!x || !y || n === 0 || px < a.left || px > a.right || py < a.top || py > a.bottom) return null;
  const visible = visibleSeries(chart as unknown as AnyChart, bars);
  if (visible.length === 0) return null;
  const index = Math.min(n - 1, Math.max(0, Math.round(x.getValueForPixel(px) ?? 0)));
  let top = 0;
  let sum = 0;
  for (const s of visible) {
    top += (bars.series[s]?.bytes[index] ?? 0) / bars.divisor;
    sum += y.getPixelForValue(top);
  }
  return { index, caretX: x.getPixelForValue(index), caretY: sum / visible.length };
}
