// The Traffic card around the chart: the chart and its text alternative, "No traffic in this range",
// a loading state while a range is fetched (a range older than the history can take seconds), the
// message when part of a range could not be fetched, and "Export CSV" (main asks where to save and
// writes the file; this page sends the range only).
import type { SeriesRequest, SeriesResponse, TrafficApi } from '../shared/ipc.js';
import type { Units } from '../shared/bytes.js';
import type { ListTitles } from '../shared/types.js';
import type { Money } from '../shared/money.js';
import { createTrafficChart } from './chart.js';
import { createChartText } from './chart-text.js';
import { byId, setText } from './dom.js';
import type { DateFormat } from './format-time.js';

/** A fetch quicker than this shows no loading state, so a routine refresh does not flicker. */
export const LOADING_DELAY_MS = 150;

export interface ChartPanelInput {
  series: SeriesResponse;
  units: Units;
  rangeName: string;
  loginName: string;
  titles: ListTitles;
  /** Null: the account gave no price, so the table has no cost column. */
  pricePerGb: Money | null;
  now: number;
  /** False for a total of several packages: the CSV is one package's lists. */
  exportable?: boolean;
  /** What the stacked parts are (default lists' logins). */
  parts?: 'login' | 'package';
}

export interface ChartPanel {
  draw(input: ChartPanelInput): void;
  /** A series is being fetched (true) or has arrived or failed (false). */
  setLoading(on: boolean): void;
  /** The last good chart stays; say why it did not change. */
  loadFailed(): void;
  refreshTheme(): void;
}

export function createChartPanel(api: Pick<TrafficApi, 'exportCsv'>, deps: { format: DateFormat; request: () => SeriesRequest | null }): ChartPanel {
  const card = byId('chart-card');
  const empty = byId('chart-empty');
  const loading = byId('chart-loading');
  const message = byId('series-message');
  const exportButton = byId('export-csv', HTMLButtonElement);
  const exportStatus = byId('export-status');
  const chart = createTrafficChart(byId('chart', HTMLCanvasElement), byId('chart-tooltip'));
  const text = createChartText(byId('chart-summary'), byId('chart-details', HTMLDetailsElement), byId('chart-table', HTMLTableElement));
  let loadingTimer: ReturnType<typeof setTimeout> | null = null;
  let hasData = false;
  let exportable = true;

  exportButton.addEventListener('click', () => {
    const request = deps.request();
    if (!request) return;
    exportButton.disabled = true;
    setText(exportStatus, 'Choose where to save the file…');
    api.exportCsv(request).then(
      (result) => {
        if (result.outcome === 'saved') setText(exportStatus, `Saved ${result.fileName} (${result.rows} ${result.rows === 1 ? 'row' : 'rows'}).`);
        else if (result.outcome === 'cancelled') setText(exportStatus, '');
        else setText(exportStatus, result.message);
      },
      () => setText(exportStatus, 'The export did not work: the app did not answer.'),
    ).finally(() => {
      exportButton.disabled = !hasData || !exportable;
    });
  });

  return {
    draw(input) {
      const { series } = input;
      chart.update({ buckets: series.buckets, granularity: series.granularity, timeZone: series.timeZone, series: series.series, titles: input.titles, units: input.units, now: input.now, format: deps.format });
      empty.hidden = series.totalBytes > 0;
      text.render({
        series,
        rangeName: input.rangeName,
        loginName: input.loginName,
        titles: input.titles,
        pricePerGb: input.pricePerGb,
        units: input.units,
        format: deps.format,
        now: input.now,
        ...(input.parts ? { parts: input.parts } : {}),
      });
      const p = series.problem;
      message.hidden = !series.stale && p === null;
      setText(message, series.stale || p ? `Part of this range could not be fetched; the chart shows what is stored.${p ? ` ${p.message}` : ''}` : '');
      hasData = true;
      exportable = input.exportable ?? true;
      exportButton.disabled = !exportable;
      exportButton.title = exportable ? '' : 'Choose one package to export its lists';
    },
    setLoading(on) {
      if (loadingTimer !== null) clearTimeout(loadingTimer);
      loadingTimer = null;
      if (on) {
        card.setAttribute('aria-busy', 'true');
        loadingTimer = setTimeout(() => {
          loading.hidden = false;
          card.classList.add('is-loading');
        }, LOADING_DELAY_MS);
        return;
      }
      card.removeAttribute('aria-busy');
      card.classList.remove('is-loading');
      loading.hidden = true;
    },
    loadFailed() {
      message.hidden = false;
      setText(message, 'The chart could not be loaded for this range; showing the last one.');
    },
    refreshTheme: () => chart.refreshTheme(),
  };
}
