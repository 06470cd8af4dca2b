// The chart's stacked bars, drawn straight from the byte arrays: one path and one fill per login.
// Chart.js keeps the axes, the legend (its items are made by chart.ts: Chart.js holds no datasets)
// and its event loop; its own bars cost an object, an option lookup and a walk over every dataset
// per bar (11-13x a plain fillRect loop for 7,200 bars, issue 13), and each dataset a controller.
// The geometry below is Chart.js's own for stacked bars on a category axis (BarController/BarElement,
// chart.js 4; the chart's bucket axis places buckets as that axis did), so the picture does not
// change: bar centre and width from the category ruler, each segment stacked on the visible ones below it, the bottom edge moved up by half the zero grid line,
// dense bars inflated by 0.33 px (no seams), datasets painted last to first. Hidden (legend-toggled)
// series are neither drawn nor stacked, and the value axis spans the visible stacks, as Chart.js
// does from data.
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
  /** The series hidden from the legend. */
  hidden: ReadonlySet<number>;
}

/** Where the pointer is: the nearest bar and the tooltip's anchor (Chart.js's 'index' mode, 'average' position). */
export interface BarHit {
  index: number;
  caretX: number;
  caretY: number;
}

function visibleSeries(bars: StackedBars): number[] {
  const out: number[] = [];
  for (let s = 0; s < bars.series.length; s++) if (!bars.hidden.has(s)) out.push(s);
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

/**
 * Chart.js's ruler (computeMinSampleSize): the smallest pixel step between categories' centres and
 * between ticks. The centres are evenly spaced and every tick is one of them, so it is one step
 * (the axis's width for a single bucket): no walk over a year of hours on each draw.
 */
function rulerMin(x: Scale, n: number, xStep: number): number {
  return n > 1 ? Math.min(x.width, Math.abs(xStep) || x.width) : x.width;
}

export function stackedBarsPlugin(source: () => StackedBars | null): Plugin<'bar'> {
  return {
    id: 'stackedBars',
    // The datasets hold no data, so Chart.js would span 0..1: span the visible stacks instead,
    // as its own limits would (beginAtZero; an all-zero range gets 0..1). A fixed max stays.
    afterDataLimits(_chart, { scale }) {
      const bars = source();
      if (!bars || scale.axis !== 'y' || scale.options.max !== undefined) return;
      const max = visibleStackMax(visibleSeries(bars), bars);
      scale.min = 0;
      scale.max = max > 0 ? max : 1;
    },
    beforeDatasetsDraw(chart) {
      const bars = source();
      const x = chart.scales['x'];
      const y = chart.scales['y'];
      if (!bars || !x || !y) return;
      const n = bars.series[0]?.bytes.length ?? 0;
      const visible = visibleSeries(bars);
      if (n === 0 || visible.length === 0) return;
      const dense = bars.barPercentage === 1;
      const inflate = dense ? 0.33 : 0;
      // Both scales are linear in the value (category index; axis units): two probes each give
      // every pixel, instead of a scale call per bar and per stack level (8,760 x 2 calls a draw).
      const x0 = x.getPixelForValue(0);
      const xStep = n > 1 ? x.getPixelForValue(1) - x0 : 0;
      const width = rulerMin(x, n, xStep) * bars.categoryPercentage * bars.barPercentage;
      const zero = y.getPixelForValue(0);
      const perUnit = (y.getPixelForValue(1) - zero) / bars.divisor;
      const halfGrid = y.getLineWidthForValue(0) / 2;
      // Each bar's left edge and width (the same for all: Chart.js's ruler), inflated when dense.
      const w = width + 2 * inflate;
      const lefts = new Float64Array(n);
      for (let i = 0; i < n; i++) lefts[i] = x0 + i * xStep - width / 2 - inflate;
      // levels[v]: the pixel of the stack's top under visible series v (levels[0]: the zero line).
      const running = new Float64Array(n);
      const levels: Float64Array[] = [new Float64Array(n).fill(zero)];
      for (const s of visible) {
        const bytes = bars.series[s]?.bytes ?? [];
        const level = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const top = (running[i] ?? 0) + (bytes[i] ?? 0);
          running[i] = top;
          level[i] = zero + top * perUnit;
        }
        levels.push(level);
      }
      const g = chart.ctx;
      g.save();
      /** One segment as a rectangle of the current path (the bottom one stands on the zero line's middle). */
      const segment = (below: Float64Array, above: Float64Array, i: number): void => {
        let base = below[i] ?? 0;
        const head = above[i] ?? 0;
        if (base === zero) base += Math.sign(head - base) * halfGrid;
        const top = Math.min(head, base);
        g.rect(lefts[i] ?? 0, top - inflate, w, Math.max(head, base) - top + 2 * inflate);
      };
      // Chart.js paints the last dataset first, so the first one's edges lie on top. A login's bars
      // are one path and one fill: a fill per bar cost more than the floor's whole loop.
      const partial = bars.partial !== null && bars.partial >= 0 && bars.partial < n ? bars.partial : -1;
      for (let v = visible.length - 1; v >= 0; v--) {
        const s = visible[v] ?? 0;
        const below = levels[v] ?? running;
        const above = levels[v + 1] ?? running;
        g.beginPath();
        for (let i = 0; i < n; i++) if (i !== partial) segment(below, above, i);
        g.fillStyle = bars.fill(s);
        g.fill();
        if (partial >= 0) {
          g.beginPath();
          segment(below, above, partial);
          g.fillStyle = bars.partialFill(s);
          g.fill();
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
export function barAt(chart: Chart<'bar', unknown[], unknown>, bars: StackedBars, px: number, py: number): BarHit | null {
  const x = chart.scales['x'];
  const y = chart.scales['y'];
  const n = bars.series[0]?.bytes.length ?? 0;
  const a = chart.chartArea;
  if (!x || !y || n === 0 || px < a.left || px > a.right || py < a.top || py > a.bottom) return null;
  const visible = visibleSeries(bars);
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
