// The details window: wires the parts to the bridge. Main pushes the view on every change; the chart's
// series is asked for when the range, login or package changes and after each successful sync. With
// several packages, the cards and the chart show the one chosen (the switcher), or all of them added
// up: then the chart stacks one part per package (each package's series summed over its lists).
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
import { createPackageAlerts } from './package-alerts.js';
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
import { createAccountsSection } from './accounts-section.js';
import { mergePackageSeries } from './merge-series.js';
import { allPackages, resolveChoice, type Chosen } from './package-choice.js';
import { createPackageSwitcher } from './package-switcher.js';
import { createPackagesTable } from './packages-table.js';

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
  /** An "own alerts" mark: that package's settings, in Settings → Alerts. */
  const showOwnAlerts = (id: string): void => {
    tabs.show('settings', true);
    packageAlerts.choose(id);
  };
  const packageCard = createPackageCard(showOwnAlerts);
  const welcome = createWelcome(api);
  const settingsForm = createSettingsForm(api);
  const packageAlerts = createPackageAlerts(api);
  const trayPackageChoice = createTrayPackageChoice();
  createTestNotificationButton(api);
  const keyForm = createKeyForm(byId('key-section'), byId('test-connection', HTMLButtonElement), byId('test-result'), api);
  const about = createAbout(api);
  const demoBar = createDemoBar(api);
  // The welcome asks for the key on Overview; elsewhere the "no key" banner does.
  const welcomeShowing = (): boolean => firstRun && tabs.current() === 'overview';
  const tabs = createTabs(() => {
    if (view) banners.render(shown(view), welcomeShowing());
  });
  const syncStatus = createSyncStatus(() => void refresh());
  const banners = createBanners(byId('banners'), {
    openExternal: (link) => void api.openExternal({ link }),
    showSettings: () => tabs.show('settings', true),
    resume: () => void api.setPaused({ paused: false }),
  });
  const loginFilter = createLoginFilter(byId('login-filter', HTMLSelectElement), () => void loadSeries());
  const loginFilterWrap = byId('login-filter').closest<HTMLElement>('.login-filter');
  const switcher = createPackageSwitcher(byId('package-switch'), byId('package-switcher', HTMLSelectElement), () => {
    // Another package has other lists: the login filter starts again from all of them.
    loginFilter.reset();
    series = null;
    if (view) render(view);
    void loadSeries();
  });
  const packagesTable = createPackagesTable(byId('packages-card'), (id) => {
    switcher.choose(id);
    byId('package-switcher').focus();
  }, showOwnAlerts);
  const accountsSection = createAccountsSection(byId('accounts-section'), api);

  /** What the cards and the chart show now. */
  const chosen = (v: AppView): Chosen => resolveChoice(v, switcher.value());
  /** The view as the cards, the header and the banners read it: the chosen package's (or total's) snapshot. */
  const shown = (v: AppView): AppView => ({ ...v, snapshot: chosen(v).snapshot });

  const today = (): string => localDateOf(Date.now(), view?.snapshot.localTimeZone ?? 'UTC');
  /** The lists' titles of the chart: the package's own; a total's parts are packages, named by their labels. */
  const titles = (v: AppView) => {
    const c = chosen(v);
    if (c.packages.length > 1) return {};
    return c.packages.length === 1 && allPackages(v).length > 1 ? (c.single?.snapshot.titles ?? {}) : v.snapshot.titles;
  };
  const picker = createRangePicker(byId('range-picker'), { today: today(), format, onChange: () => void loadSeries() });

  /** "all logins", "Main scraper (437e7d9ca1050bab)", or "login 437e7d9ca1050bab" for a list without a title. */
  function loginName(): string {
    const login = loginFilter.value();
    if (view && chosen(view).packages.length > 1) return 'all packages';
    if (login === '') return 'all logins';
    const t = view ? titles(view) : {};
    return titleOf(t, login) === null ? `login ${login}` : listLabel(t, login);
  }

  function drawSeries(): void {
    if (!view || !series) return;
    const c = chosen(view);
    chartPanel.draw({
      series,
      units: view.settings.units,
      rangeName: picker.current().name,
      loginName: loginName(),
      titles: titles(view),
      pricePerGb: c.snapshot.money.pricePerGb,
      now: Date.now(),
      // The CSV has a row per list: one package's lists, not a total's packages.
      exportable: c.packages.length <= 1,
      parts: c.packages.length > 1 ? 'package' : 'login',
    });
  }

  /** The names and the price the chart shows: a change redraws it (titles are read hourly, apart from the traffic). */
  function namesAndPrice(v: AppView): string {
    const c = chosen(v);
    return JSON.stringify([titles(v), c.snapshot.money.pricePerGb, c.packages.map((p) => p.label)]);
  }

  /** When any package last synced: a change asks for the chart again. */
  function syncMark(v: AppView): string {
    return JSON.stringify([v.snapshot.lastSuccessAt, ...allPackages(v).map((p) => p.snapshot.lastSuccessAt)]);
  }

  /**
   * What the chart shows: the picked range and bar size, the login filter, and the package (named
   * only with several, so a single-package setup asks as it always did). Null for a total (several requests).
   */
  function seriesRequest(): SeriesRequest | null {
    const { range, granularity } = picker.current();
    const login = loginFilter.value();
    const c = view ? chosen(view) : null;
    if (c && c.packages.length > 1) return null;
    const pkg = view && allPackages(view).length > 1 && c?.single ? { package: c.single.id } : {};
    return { from: range.from, to: range.to, granularity, ...pkg, ...(login === '' ? {} : { login }) };
  }

  /** The chart's series: one package's, or each chosen package's summed into one part per package. */
  async function fetchSeries(v: AppView): Promise<SeriesResponse> {
    const request = seriesRequest();
    if (request) return api.getSeries(request);
    const { range, granularity } = picker.current();
    const packages = chosen(v).packages;
    const responses = await Promise.all(packages.map((p) => api.getSeries({ from: range.from, to: range.to, granularity, package: p.id })));
    return mergePackageSeries(packages.map((p, i) => ({ label: p.label, response: responses[i]! })));
  }

  async function loadSeries(): Promise<void> {
    if (!view || firstRun) return;
    const seq = ++seriesSeq;
    chartPanel.setLoading(true);
    try {
      const response = await fetchSeries(view);
      if (seq !== seriesSeq) return; // a newer request is out: its answer wins
      series = response;
      loginFilter.setLogins(response.logins, titles(view));
      drawSeries();
      summary.render(shown(view), series, picker.current(), loginName(), loginFilter.value() === '');
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
    switcher.render(next);
    const c = chosen(next);
    const view1 = shown(next);
    if (loginFilterWrap) loginFilterWrap.hidden = c.packages.length > 1;
    packagesTable.render(next);
    banners.render(view1, welcomeShowing());
    syncStatus.render(view1);
    demoBar.render(next);
    packageCard.render(next, c);
    keyForm.render(next.key, next.settings.units, next.demo);
    accountsSection.render(next);
    trayPackageChoice.render(next);
    settingsForm.render(next.settings, next.snapshot.localTimeZone);
    packageAlerts.render(next);
    about.render(next);
    summary.render(view1, series, picker.current(), loginName(), loginFilter.value() === '');
    const dayMoved = picker.setToday(today());
    const synced = prev === null || syncMark(prev) !== syncMark(next);
    if (!firstRun && (synced || dayMoved || wasFirstRun)) void loadSeries();
    else if (prev && (prev.settings.units !== next.settings.units || namesAndPrice(prev) !== namesAndPrice(next))) {
      if (series) loginFilter.setLogins(series.logins, titles(next));
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
  // A notification about one package (after its view was navigated to): the cards and chart show that package.
  api.onShowPackage((id) => switcher.choose(id));
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
