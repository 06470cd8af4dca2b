// The details window: wires the parts to the bridge. Main pushes the view on every change; the chart's
// series is asked for when the range or login changes and after each successful sync.
import type { AppView, SeriesRequest, SeriesResponse } from '../shared/ipc.js';
import { createAbout } from './about.js';
import { trafficApi } from './api.js';
import { createBanners } from './banner.js';
import { createChartPanel } from './chart-panel.js';
import { createDemoBar } from './demo-bar.js';
import { byId, el } from './dom.js';
import { createDateFormat } from './format-time.js';
import { createKeyForm } from './key-form.js';
import { createLoginFilter } from './login-filter.js';
import { createPackageCard } from './package-card.js';
import { createRangePicker } from './range-picker.js';
import { createTrayPackageChoice } from './tray-package-choice.js';
import { createSettingsForm } from './settings-form.js';
import { createSummary } from './summary.js';
import { createTestNotificationButton } from './test-notification.js';
import { createSyncStatus } from './sync-status.js';
import { createTabs, tabForView } from './tabs.js';
import { onThemeChange } from './theme.js';
import { createWelcome } from './welcome.js';
import { errorMessage } from '../shared/error-message.js';
import { localDateOf } from '../shared/local-dates.js';
import { listLabel, titleOf } from '../shared/titles.js';
import { SECOND_MS } from '../shared/time-constants.js';

/** How often "Updated N min ago" and the local date are looked at again. */
const TICK_MS = 30 * SECOND_MS;

function start(): void {
  const api = trafficApi();
  let view: AppView | null = null;
  let series: SeriesResponse | null = null;
  let seriesSeq = 0;
  let firstRun = false;

  const overview = byId('overview-content');
  // Every date the window shows is written by this one formatter, in the user's locale.
  const format = createDateFormat(navigator.language);
  const chartPanel = createChartPanel(api, { format, request: () => (view && !firstRun ? seriesRequest() : null) });
  const summary = createSummary();
  const packageCard = createPackageCard();
  const welcome = createWelcome(api);
  const settingsForm = createSettingsForm(api);
  const trayPackageChoice = createTrayPackageChoice();
  createTestNotificationButton(api);
  const keyForm = createKeyForm(byId('key-section'), byId('test-connection', HTMLButtonElement), byId('test-result'), api);
  const about = createAbout(api);
  const demoBar = createDemoBar(api);
  // The welcome asks for the key on Overview; elsewhere the "no key" banner does.
  const welcomeShowing = (): boolean => firstRun && tabs.current() === 'overview';
  const tabs = createTabs(() => {
    if (view) banners.render(view, welcomeShowing());
  });
  const syncStatus = createSyncStatus(() => void refresh());
  const banners = createBanners(byId('banners'), {
    openExternal: (link) => void api.openExternal({ link }),
    showSettings: () => tabs.show('settings', true),
    resume: () => void api.setPaused({ paused: false }),
  });
  const loginFilter = createLoginFilter(byId('login-filter', HTMLSelectElement), () => void loadSeries());

  const today = (): string => localDateOf(Date.now(), view?.snapshot.localTimeZone ?? 'UTC');
  const picker = createRangePicker(byId('range-picker'), { today: today(), format, onChange: () => void loadSeries() });

  /** "all logins", "Main scraper (437e7d9ca1050bab)", or "login 437e7d9ca1050bab" for a list without a title. */
  function loginName(): string {
    const login = loginFilter.value();
    if (login === '') return 'all logins';
    const titles = view?.snapshot.titles ?? {};
    return titleOf(titles, login) === null ? `login ${login}` : listLabel(titles, login);
  }

  function drawSeries(): void {
    if (!view || !series) return;
    const s = view.snapshot;
    chartPanel.draw({ series, units: view.settings.units, rangeName: picker.current().name, loginName: loginName(), titles: s.titles, pricePerGb: s.money.pricePerGb, now: Date.now() });
  }

  /** The names and the price the chart shows: a change redraws it (titles are read hourly, apart from the traffic). */
  function namesAndPrice(v: AppView): string {
    return JSON.stringify([v.snapshot.titles, v.snapshot.money.pricePerGb]);
  }

  /** What the chart shows: the picked range and bar size, and the login filter. */
  function seriesRequest(): SeriesRequest {
    const { range, granularity } = picker.current();
    const login = loginFilter.value();
    return { from: range.from, to: range.to, granularity, ...(login === '' ? {} : { login }) };
  }

  async function loadSeries(): Promise<void> {
    if (!view || firstRun) return;
    const seq = ++seriesSeq;
    chartPanel.setLoading(true);
    try {
      const response = await api.getSeries(seriesRequest());
      if (seq !== seriesSeq) return; // a newer request is out: its answer wins
      series = response;
      loginFilter.setLogins(response.logins, view.snapshot.titles);
      drawSeries();
      summary.render(view, series, picker.current(), loginName(), loginFilter.value() === '');
    } catch {
      if (seq !== seriesSeq) return;
      chartPanel.loadFailed();
    } finally {
      if (seq === seriesSeq) chartPanel.setLoading(false);
    }
  }

  function render(next: AppView): void {
    const prev = view;
    view = next;
    const wasFirstRun = firstRun;
    firstRun = welcome.render(next);
    overview.hidden = firstRun;
    banners.render(next, welcomeShowing());
    syncStatus.render(next);
    demoBar.render(next);
    packageCard.render(next);
    keyForm.render(next.key, next.settings.units, next.demo);
    trayPackageChoice.render(next);
    settingsForm.render(next.settings, next.snapshot.localTimeZone);
    about.render(next);
    summary.render(next, series, picker.current(), loginName(), loginFilter.value() === '');
    const dayMoved = picker.setToday(today());
    const synced = prev === null || prev.snapshot.lastSuccessAt !== next.snapshot.lastSuccessAt;
    if (!firstRun && (synced || dayMoved || wasFirstRun)) void loadSeries();
    else if (prev && (prev.settings.units !== next.settings.units || namesAndPrice(prev) !== namesAndPrice(next))) {
      if (series) loginFilter.setLogins(series.logins, next.snapshot.titles);
      drawSeries();
    }
  }

  async function refresh(): Promise<void> {
    if (!syncStatus.canRefresh()) return;
    syncStatus.setRefreshing(true);
    try {
      await api.refresh();
    } catch {
      // The outcome (and any problem) arrives with the next view.
    } finally {
      syncStatus.setRefreshing(false);
    }
  }

  document.addEventListener('keydown', (e) => {
    const reload = ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'r') || e.key === 'F5';
    if (!reload) return;
    e.preventDefault();
    void refresh();
  });

  api.onNavigate((v) => {
    tabs.show(tabForView(v));
    if (v === 'package') byId('package-card').scrollIntoView({ block: 'nearest' });
  });
  onThemeChange(() => chartPanel.refreshTheme());

  let pushed = false;
  api.onViewChanged((v) => {
    pushed = true;
    render(v);
  });
  void api.getView().then(
    (v) => {
      // A pushed view is newer than the answer to a request sent before it.
      if (!pushed) render(v);
    },
    () => showFatal('The app did not answer. Close this window and open it again from the tray.'),
  );

  setInterval(() => {
    syncStatus.tick(Date.now());
    if (view && picker.setToday(today())) void loadSeries();
    // The now-line and the partial bar move with the clock.
    else if (series && series.to >= today()) drawSeries();
  }, TICK_MS);
}

function showFatal(message: string): void {
  document.body.replaceChildren(el('main', { class: 'fatal' }, el('h1', { text: 'Proxy-Seller Traffic Tray' }), el('p', { text: message })));
}

try {
  start();
} catch (e) {
  showFatal(errorMessage(e));
}
