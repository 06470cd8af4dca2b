// The traffic bar chart: Chart.js with only the pieces it uses registered, bars stacked by login.
// Values go in pre-normalised ({x: index, y: value in the axis unit}, parsing off, no animation) so a
// year of hours draws quickly; the exact bytes stay beside the chart for the tooltips.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import type { Granularity } from '../shared/ipc.js';
import { axisScale, exactAndShort, type AxisScale, type Units } from '../shared/bytes.js';
import { shortDate } from './format-time.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartInput {
  /** Local labels from main: "2026-11-25 14:00" (hours) or "2026-11-25" (days). */
  labels: string[];
  granularity: Granularity;
  series: Array<{ login: string; bytes: number[] }>;
  units: Units;
}

export interface TrafficChart {
  /** Draws new data; returns once Chart.js has laid out and drawn it. */
  update(input: ChartInput): void;
  /** Reads the colours again from the CSS variables (after a light/dark switch) and redraws. */
  refreshTheme(): void;
  destroy(): void;
}

type Point = { x: number; y: number };
type BarChart = Chart<'bar', Point[], string>;

interface Theme {
  text: string;
  muted: string;
  grid: string;
  tooltipBg: string;
  tooltipText: string;
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
    tooltipBg: v('--tooltip-bg', '#1b1f24'),
    tooltipText: v('--tooltip-text', '#ffffff'),
    font: css.fontFamily || 'system-ui, sans-serif',
    series,
  };
}

/** A tick label short enough to sit under a bar: the hour within one day, else the date. */
function tickLabel(label: string, granularity: Granularity, multiDay: boolean): string {
  return granularity === 'hour' && !multiDay ? label.slice(11, 16) : shortDate(label);
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

export function createTrafficChart(canvas: HTMLCanvasElement): TrafficChart {
  let input: ChartInput = { labels: [], granularity: 'hour', series: [], units: 'GB' };
  let scale: AxisScale = { divisor: 1, unit: 'B' };
  let theme = readTheme(canvas);

  const options: ChartOptions<'bar'> = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: {
        type: 'category',
        stacked: true,
        grid: { display: false },
        // Hours over several days: ticks only where a local day starts (its first bucket, so
        // :30 zones and DST days work), labelled with the date; autoSkip thins them if need be.
        afterBuildTicks: (scale) => {
          if (input.granularity !== 'hour' || !isMultiDay()) return;
          scale.ticks = scale.ticks.filter((t) => {
            const i = t.value;
            return i === 0 || input.labels[i]?.slice(0, 10) !== input.labels[i - 1]?.slice(0, 10);
          });
        },
        ticks: {
          autoSkip: true,
          maxRotation: 0,
          sampleSize: 24,
          // `value` is the category's index; the callback's own index counts only the ticks kept.
          callback: (value) => {
            const label = input.labels[Number(value)];
            return label === undefined ? '' : tickLabel(label, input.granularity, isMultiDay());
          },
        },
      },
      y: {
        type: 'linear',
        stacked: true,
        beginAtZero: true,
        ticks: {
          maxTicksLimit: 6,
          callback: (value) => `${Number(value).toLocaleString('en-US', { maximumFractionDigits: 2 })} ${scale.unit}`,
        },
      },
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<'bar'>[]) => {
            const first = items[0];
            if (!first) return '';
            const label = input.labels[first.dataIndex] ?? '';
            return input.granularity === 'hour' ? `${label} (local time)` : `${label} (local day)`;
          },
          label: (item: TooltipItem<'bar'>) => {
            const bytes = input.series[item.datasetIndex]?.bytes[item.dataIndex] ?? 0;
            return `${item.dataset.label ?? ''}: ${exactAndShort(bytes, input.units)}`;
          },
          footer: (items: TooltipItem<'bar'>[]) => {
            if (items.length < 2) return '';
            let sum = 0;
            for (const it of items) sum += input.series[it.datasetIndex]?.bytes[it.dataIndex] ?? 0;
            return `Total: ${exactAndShort(sum, input.units)}`;
          },
        },
      },
    },
  };

  const chart: BarChart = new Chart(canvas, { type: 'bar', data: { labels: [], datasets: [] }, options });

  function isMultiDay(): boolean {
    const first = input.labels[0];
    const last = input.labels[input.labels.length - 1];
    return first !== undefined && last !== undefined && first.slice(0, 10) !== last.slice(0, 10);
  }

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
    const tooltip = o.plugins?.tooltip;
    if (tooltip) {
      tooltip.backgroundColor = theme.tooltipBg;
      tooltip.titleColor = theme.tooltipText;
      tooltip.bodyColor = theme.tooltipText;
      tooltip.footerColor = theme.tooltipText;
    }
    chart.data.datasets.forEach((ds, i) => {
      const colour = theme.series[i % theme.series.length] ?? '#4e79a7';
      ds.backgroundColor = colour;
      ds.borderColor = colour;
    });
  }

  function datasets(): ChartDataset<'bar', Point[]>[] {
    const dense = input.labels.length > 200;
    return input.series.map((s, i) => {
      const data: Point[] = new Array<Point>(s.bytes.length);
      for (let j = 0; j < s.bytes.length; j++) data[j] = { x: j, y: (s.bytes[j] ?? 0) / scale.divisor };
      const colour = theme.series[i % theme.series.length] ?? '#4e79a7';
      return {
        label: s.login,
        data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: 0,
        // Hundreds of bars: no gaps, or they vanish into the gaps.
        barPercentage: dense ? 1 : 0.9,
        categoryPercentage: dense ? 1 : 0.85,
      };
    });
  }

  return {
    update(next) {
      input = next;
      scale = axisScale(stackMax(next.series), next.units);
      chart.data.labels = next.labels;
      chart.data.datasets = datasets();
      const legend = chart.options.plugins?.legend;
      if (legend) legend.display = next.series.length > 0;
      applyTheme();
      chart.update('none');
    },
    refreshTheme() {
      theme = readTheme(canvas);
      applyTheme();
      // Not 'none': in that mode Chart.js keeps the bars' shared (cached) colours.
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}

