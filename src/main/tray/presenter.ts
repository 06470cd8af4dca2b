// What the tray shows, decided from the snapshot: state, quota, macOS title, tooltip, icon spec and
// menu. Pure (no Electron, no clock of its own), so every platform's tray text is tested in plain Node.
//
// Two things are told apart everywhere: the *freshness* of the figures (TrayState: normal, stale,
// offline, error, paused; no-key stands alone) and where the *package* stands (QuotaState from
// src/shared/quota.ts). The icon draws the quota state as its main shape and the freshness as a
// corner badge; the title, the tooltip and the menu say the same in words, so they never disagree.
//
// With several packages (accounts and sub-user packages) the figures are those of the package shown
// (setting trayPackage: one package, or the total of all), while the icon's shape is the WORST
// package's state and the freshness is the total's (stale when any package is): a client nearly
// used up shows whatever is shown. The menu lists every package with what is left and its forecast,
// the one shown marked; choosing one there sets the setting.
import { formatBytes, shortFigure, type Units } from '../../shared/bytes.js';
import { longRateLimitUntil, rateLimitedUntilText } from '../../shared/rate-limit.js';
import type { PackageInfo, Snapshot } from '../../shared/types.js';
import type { TrayFigure } from '../../shared/settings.js';
import { isCritical, percentLeft, percentLeftText, quotaState, worstQuotaState, type LowThresholds, type QuotaState } from '../../shared/quota.js';
import { figuresFreshMs, isFresh } from '../../core/sync/snapshot.js';
import { addDays, daysBetween, localDateOf, localTimeOf, shortDateText } from '../../shared/local-dates.js';
import { lastsPastExpiry } from '../../shared/forecast-text.js';
import { forecastRowText, LABEL_MAX, packageRowText, QUOTA_WORD, totalForecastRowText, type RowContext, type RowFigures } from '../../shared/package-row-text.js';
import { timeAgo } from '../../shared/time-ago.js';
import { oneLine } from '../../shared/plain-text.js';
import { distinctNames } from '../../shared/titles.js';
import { moneyText } from '../../shared/money.js';
import { priceText, renewalIsShort, renewalText, topUpText, type MoneyTextContext } from '../../shared/money-text.js';
import { HOUR_MS, MINUTE_MS } from '../../shared/time-constants.js';

export type TrayState = 'no-key' | 'normal' | 'stale' | 'offline' | 'error' | 'paused';

export interface MenuItemModel {
  id: string;
  label: string;
  enabled: boolean;
  type?: 'normal' | 'separator' | 'checkbox' | 'radio';
  checked?: boolean;
}

/** 'top-up' opens proxy-seller.com (allow-listed, by name); 'set-key' opens the window where the key goes. */
export type TrayAction = 'refresh' | 'open' | 'settings' | 'toggle-pause' | 'quit' | 'top-up' | 'set-key';

export const TRAY_ACTIONS: readonly TrayAction[] = ['refresh', 'open', 'settings', 'toggle-pause', 'quit', 'top-up', 'set-key'];

export function isTrayAction(id: string): id is TrayAction {
  return (TRAY_ACTIONS as readonly string[]).includes(id);
}

/** Menu ids of the package rows: this prefix and the package id, or TOTAL_CHOICE_ID. */
export const PACKAGE_CHOICE_PREFIX = 'tray-package:';
const TOTAL_CHOICE_ID = `${PACKAGE_CHOICE_PREFIX}total`;

/**
 * What a package row sets the trayPackage setting to: the package id, or null for the total;
 * undefined when the id is no package row.
 */
export function packageChoiceOf(id: string): string | null | undefined {
  if (id === TOTAL_CHOICE_ID) return null;
  return id.startsWith(PACKAGE_CHOICE_PREFIX) && id.length > PACKAGE_CHOICE_PREFIX.length ? id.slice(PACKAGE_CHOICE_PREFIX.length) : undefined;
}

/** One package as the tray knows it (a PackageView). */
export interface TrayPackage {
  id: string;
  /** As every surface names it ("Reseller · Client B"). */
  label: string;
  snapshot: Snapshot;
  /** Its own "traffic left" thresholds (settings.packages); without them, TrayInput.thresholds. */
  thresholds?: LowThresholds;
}

export interface IconSpec {
  /** Freshness: drawn as a corner badge (none for 'normal'); 'no-key' is an icon of its own. */
  state: TrayState;
  /** Where the package stands: the icon's main shape and colour; null when unknown (no package info yet). */
  quota: QuotaState | null;
  /**
   * The figure for 24 px and up, e.g. "1.2G", "850M", "42%", "9d"; null = the gauge only. Null for
   * 'no-key' and for used-up, expired and inactive packages, which draw their own shape instead.
   */
  text: string | null;
  /** 0..1 share of the package left (rounded up to 1/40: empty only when nothing is left), null when unknown. */
  leftFraction: number | null;
}

export interface TrayModel {
  state: TrayState;
  quota: QuotaState | null;
  /** macOS text beside the icon, e.g. "1.24 GB" (monospaced digits are set by the adapter); '' when no key. */
  title: string;
  /** Tooltip (Windows/Linux): at most 5 lines and 127 characters in all (Windows cuts tooltips at 127). */
  tooltip: string;
  /** What the icon must show: drawn by icon.ts; compare `iconKey` to redraw only on change. */
  icon: IconSpec;
  iconKey: string;
  menu: MenuItemModel[];
  /**
   * What "Open details" opens the window at: the package the tray shows (its id), 'all' for the
   * total of several, null with a single package (nothing to choose).
   */
  detailsChoice: string | null;
}

export interface TrayInput {
  snapshot: Snapshot | null;
  hasKey: boolean;
  paused: boolean;
  online: boolean;
  units: Units;
  now: number;
  intervalMs: number;
  /**
   * The user's shared "traffic left" alert thresholds: below them a package is 'low'. The total's,
   * and every package's without thresholds of its own (TrayPackage.thresholds).
   */
  thresholds: LowThresholds;
  /** What the figure is (setting trayFigure). */
  figure: TrayFigure;
  /** When the next automatic check is due (AppView.nextCheckAt). */
  nextCheckAt: number | null;
  /** The user's locale for dates ("Dec 10"), e.g. app.getLocale(). */
  locale: string;
  /**
   * Every package of every account, in the view's order, and their total (AppView.total). With fewer
   * than two the tray is the single package's (`snapshot`), as it always was.
   */
  packages?: readonly TrayPackage[];
  total?: Snapshot | null;
  /** Setting trayPackage: the package shown, null for the total. */
  chosen?: string | null;
}

/** Windows stores the tooltip in a 128-WCHAR field (NOTIFYICONDATA.szTip), terminator included. */
export const TOOLTIP_MAX = 127;
const PROBLEM_MAX = 60;
const GAUGE_STEPS = 40;
/** Cut `text` to one line of at most `max` characters at a word boundary, ending in '…' (shared/plain-text). */
export const shorten = oneLine;

function recentSuccess(s: Snapshot | null, now: number, intervalMs: number): boolean {
  return s !== null && isFresh(s.lastSuccessAt, now, figuresFreshMs(intervalMs));
}

/** Priority: no-key > error > offline > paused > stale > normal. */
export function trayState(input: Pick<TrayInput, 'snapshot' | 'hasKey' | 'paused' | 'online' | 'now' | 'intervalMs'>): TrayState {
  const { snapshot: s, now, intervalMs } = input;
  const problem = s?.problem ?? null;
  if (!input.hasKey || problem?.kind === 'no-key') return 'no-key';
  if (problem?.needsAction) return 'error';
  if (!input.online) return 'offline';
  if (problem?.kind === 'transport' && !recentSuccess(s, now, intervalMs)) return 'offline';
  if (input.paused) return 'paused';
  if (s?.stale) return 'stale';
  return 'normal';
}

function leftFraction(pkg: PackageInfo | null): number | null {
  if (!pkg || !(pkg.limitBytes > 0)) return null;
  if (pkg.leftBytes <= 0) return 0;
  // Rounded up so the gauge shows "empty" only when the package really is used up.
  return Math.ceil((percentLeft(pkg) / 100) * GAUGE_STEPS) / GAUGE_STEPS;
}

/**
 * The share left as a whole percent, the same in the icon, the title and the menu (shared/quota's
 * shownPercent: rounded down, 0 only when nothing is left and 100 only when nothing is used).
 */
export function percentLeftFigure(pkg: PackageInfo): number {
  return Number(percentLeftText(pkg, 1));
}

/** How long the traffic can still be used: until it runs out at the current pace or the package expires, whichever is first. */
export type TimeLeft = { days: number } | { hours: number };

export function timeLeft(s: Snapshot, now: number): TimeLeft | null {
  const f = s.forecast;
  const expiresAt = s.package?.expiresAt ?? null;
  let end: number | null = null;
  // The traffic cannot be used past the expiry, even when it runs out later that same day.
  if (f.kind === 'runs-out') end = lastsPastExpiry(f) && expiresAt !== null ? Math.min(expiresAt, f.runsOutAt) : f.runsOutAt;
  else if (f.kind === 'no-usage') end = expiresAt;
  if (end === null) return null;
  // Counted to the run-out's date as the menu says it (its instant may be the next midnight).
  const endDate = f.kind === 'runs-out' && end === f.runsOutAt ? f.runsOutOn : localDateOf(end, s.localTimeZone);
  const days = daysBetween(localDateOf(now, s.localTimeZone), endDate);
  if (days > 0) return { days };
  return { hours: Math.max(1, Math.ceil((end - now) / HOUR_MS)) };
}

/** The figure the setting asks for: in the icon (short) and the macOS title (long); null when it cannot be known. */
function figureOf(figure: TrayFigure, s: Snapshot, units: Units, now: number): { short: string; long: string } | null {
  const pkg = s.package;
  switch (figure) {
    case 'today':
      return { short: shortFigure(s.today.totalBytes, units), long: formatBytes(s.today.totalBytes, units) };
    case 'left':
      return pkg ? { short: shortFigure(Math.max(0, pkg.leftBytes), units), long: `${formatBytes(Math.max(0, pkg.leftBytes), units)} left` } : null;
    case 'percent-left': {
      if (!pkg || !(pkg.limitBytes > 0)) return null;
      const p = percentLeftFigure(pkg);
      return { short: `${p}%`, long: `${p}% left` };
    }
    case 'days-left': {
      const t = timeLeft(s, now);
      if (t === null) return null;
      if ('days' in t) return { short: `${t.days}d`, long: `${t.days} ${t.days === 1 ? 'day' : 'days'} left` };
      return { short: `${t.hours}h`, long: `${t.hours} h left` };
    }
  }
}

const QUOTA_TITLE: Partial<Record<QuotaState, string>> = { 'used-up': 'Used up', expired: 'Expired', inactive: 'Inactive' };

function iconSpec(state: TrayState, quota: QuotaState | null, s: Snapshot | null, input: TrayInput): IconSpec {
  if (state === 'no-key' || s === null) return { state, quota: null, text: null, leftFraction: null };
  const figure = isCritical(quota) ? null : figureOf(input.figure, s, input.units, input.now);
  return { state, quota, text: figure?.short ?? null, leftFraction: leftFraction(s.package) };
}

export function iconKeyOf(spec: IconSpec): string {
  return `${spec.state}|${spec.quota ?? '-'}|${spec.text ?? '-'}|${spec.leftFraction === null ? '-' : Math.round(spec.leftFraction * 1000)}`;
}

interface Wording {
  zone: string;
  today: string;
  units: Units;
  locale: string;
}

function wordingOf(s: Snapshot, input: TrayInput): Wording {
  return { zone: s.localTimeZone, today: localDateOf(input.now, s.localTimeZone), units: input.units, locale: input.locale };
}

function dateOf(at: number, w: Wording): string {
  return shortDateText(localDateOf(at, w.zone), w.today, w.locale);
}

/** Where the package stands, in words that match the icon's shape: one line for the menu and the tooltip. */
function quotaLine(pkg: PackageInfo | null, quota: QuotaState | null, w: Wording, withExpiry = true): string {
  if (pkg === null || quota === null) return 'No package info';
  const b = (n: number) => formatBytes(n, w.units);
  const left = Math.max(0, pkg.leftBytes);
  const expires = pkg.expiresAt === null || !withExpiry ? '' : `, expires ${dateOf(pkg.expiresAt, w)}`;
  const share = pkg.limitBytes > 0 ? ` (${percentLeftFigure(pkg)}%)` : '';
  // A main package's limit holds what it reserved for its sub-packages: said, so the figures add up.
  const reserved = pkg.reservedBytes > 0 ? `, ${b(pkg.reservedBytes)} for sub-packages` : '';
  switch (quota) {
    case 'ok':
      return `Left: ${b(left)} of ${b(pkg.limitBytes)}${share}${reserved}${expires}`;
    case 'low':
      return `Running low: ${b(left)} of ${b(pkg.limitBytes)} left${share}${reserved}${expires}`;
    case 'used-up': {
      const over = pkg.usedBytes + pkg.reservedBytes - pkg.limitBytes;
      return `Used up: ${b(pkg.usedBytes)} of ${b(pkg.limitBytes)}${reserved}${over > 0 ? `, over by ${b(over)}` : ''}`;
    }
    case 'expired':
      return `Expired ${pkg.expiresAt === null ? '' : dateOf(pkg.expiresAt, w)}${left > 0 ? `: ${b(left)} left unused` : ''}`.replace(/ :/, ':');
    case 'inactive':
      return `Inactive: ${b(left)} of ${b(pkg.limitBytes)} left${reserved}${expires}`;
  }
}

/** The forecast in the menu row's words (shared/package-row-text); null when there is nothing to forecast. */
function forecastLine(s: Snapshot, quota: QuotaState | null, now: number, w: Wording): string | null {
  return forecastRowText(rowFigures(s), quota, rowContext(w, now));
}

function rowFigures(s: Snapshot): RowFigures {
  return { package: s.package, forecast: s.forecast, renewalShort: renewalIsShort(s.money.renewal) };
}

function rowContext(w: Wording, now: number): RowContext {
  return { units: w.units, now, zone: w.zone, locale: w.locale };
}

/**
 * When the last update was, as a clock time in the user's zone ("14:32", "yesterday 14:32",
 * "2026-11-24 14:32"). The menu says this rather than "3 min ago": a label that changes every
 * minute would rebuild the menu every minute, and a rebuilt menu can close under the user's pointer.
 */
export function clockTimeText(at: number, now: number, zone: string): string {
  const day = localDateOf(at, zone);
  const today = localDateOf(now, zone);
  const time = localTimeOf(at, zone);
  if (day === today) return time;
  if (day === addDays(today, -1)) return `yesterday ${time}`;
  if (day === addDays(today, 1)) return `tomorrow ${time}`;
  return `${day} ${time}`;
}

/** "Rate limited until 14:41" while a long rate limit holds polling back; null otherwise. */
function rateLimitText(s: Snapshot | null, now: number): string | null {
  const until = longRateLimitUntil(s?.problem ?? null, now);
  return s === null || until === null ? null : rateLimitedUntilText(until, now, s.localTimeZone);
}

/**
 * True when the figures are not current: what was last fetched is then a "last good update", never
 * "updated just now". Stale data stays stale while paused (the window says so too).
 */
function outOfDate(state: TrayState, s: Snapshot): boolean {
  return s.stale || state === 'stale' || state === 'offline' || state === 'error';
}

/** The last good update as a clock time; a time ahead of the clock (set back since) is no time at all. */
function lastGoodText(at: number, now: number, zone: string): string {
  return at > now + MINUTE_MS ? 'before a clock change' : clockTimeText(at, now, zone);
}

function updatedText(s: Snapshot, state: TrayState, now: number): string {
  if (s.syncing) return 'Updating…';
  if (s.lastSuccessAt === null) return 'Never updated';
  if (outOfDate(state, s)) return `Last good update ${lastGoodText(s.lastSuccessAt, now, s.localTimeZone)}`;
  return `Updated ${timeAgo(now - s.lastSuccessAt, 'short')}`;
}

/** The tooltip's last line: what state the data is in (`s`: the snapshot whose freshness the tray shows). */
function statusLine(state: TrayState, s: Snapshot | null, now: number): string {
  const updated = s === null ? 'Waiting for the first update' : updatedText(s, state, now);
  const lower = `${updated.charAt(0).toLowerCase()}${updated.slice(1)}`;
  const problem = s?.problem ?? null;
  const limited = rateLimitText(s, now);
  switch (state) {
    case 'no-key':
      return 'No API key set: choose "Set your API key…"';
    case 'error':
      return `Needs attention: ${problem?.message ?? 'see details'}`;
    case 'offline':
      return `Offline · ${lower}`;
    case 'paused':
      return `Paused · ${lower}`;
    case 'stale':
      if (limited) return `${limited} · ${lower}`;
      return problem ? `Out of date: ${problem.message}` : `Out of date · ${lower}`;
    case 'normal':
      return updated;
  }
}

function buildTooltip(state: TrayState, scene: Scene, input: TrayInput): string {
  const { figures: s, status: st, quota, shownQuota } = scene;
  const status = statusLine(state, st, input.now);
  const lines: string[] = [];
  if (state === 'no-key' || s === null) {
    lines.push('Proxy-Seller traffic');
  } else {
    const who = scene.multi?.shown ? oneLine(scene.multi.shown.label, LABEL_MAX) : 'Proxy-Seller';
    lines.push(`${who}: ${formatBytes(s.today.totalBytes, input.units)} today`);
    // In the error state the problem needs the room more, unless the package cannot be used: that the
    // icon shows, so the tooltip says it too. The expiry date is the first thing to go for room.
    if (state !== 'error' || isCritical(quota)) {
      const w = wordingOf(s, input);
      const fit = (rest: readonly string[]) => [...lines, ...rest, status].join('\n').length <= TOOLTIP_MAX;
      // A renewal the balance cannot pay is news worth a line, more than the expiry date (which it
      // is near): the expiry goes first for room, then this line; the status stays whole. With
      // several packages, the one whose state the icon shows (when it is not the one shown) is
      // named before either: it is what the icon is saying.
      const renewal = renewalShortLine(s, input);
      const worst = worstLine(scene);
      const full = quotaLine(s.package, shownQuota, w);
      const brief = quotaLine(s.package, shownQuota, w, false);
      const extras = [[renewal, worst], [worst], [renewal], []].map((e) => e.filter((x): x is string => x !== null));
      const pick = extras.flatMap((e) => [[full, ...e], [brief, ...e]]).find(fit) ?? [brief];
      lines.push(...pick);
    }
  }
  const head = lines.join('\n');
  // The status line gets whatever room Windows leaves; it is the one that may be shortened.
  const room = TOOLTIP_MAX - head.length - 1;
  return `${head}\n${shorten(status, Math.max(16, room))}`.slice(0, TOOLTIP_MAX);
}

/** "Client B: used up" when the icon's state is a package's other than the one shown; null otherwise. */
function worstLine(scene: Scene): string | null {
  const m = scene.multi;
  if (m === null || scene.quota === null || scene.quota === 'ok' || scene.quota === scene.shownQuota) return null;
  const worst = m.states.findIndex((q) => q === scene.quota);
  const pkg = m.packages[worst];
  if (!pkg) return null;
  const others = m.states.filter((q) => q === scene.quota).length - 1;
  return `${oneLine(pkg.label, LABEL_MAX)}${others > 0 ? ` and ${others} more` : ''}: ${QUOTA_WORD[scene.quota]}`;
}

/** Lists named in the menu under "Today"; more than one beyond this and the rest share one row. */
export const TOP_LISTS = 3;
/** A list title is the user's own text: clipped in the menu so one long title cannot widen it. */
export const MENU_TITLE_MAX = 32;
/** Marks the renewal row when the balance cannot pay it. */
const SHORT_MARK = '⚠ ';

function moneyContext(s: Snapshot, input: TrayInput): MoneyTextContext {
  return { now: input.now, zone: s.localTimeZone, locale: input.locale };
}

/**
 * Today's busiest lists by name (the title, else the login), busiest first, as indented rows under
 * "Today" when two or more lists used traffic; beyond TOP_LISTS the rest are one "N other lists"
 * row, so the rows add up to the day.
 */
function topListRows(s: Snapshot, units: Units, noun = 'lists'): MenuItemModel[] {
  const busy = Object.entries(s.today.byLogin).filter(([, bytes]) => bytes > 0);
  // Two lists of one title keep their logins beside it, so the rows stay apart.
  const names = distinctNames(busy.map(([login]) => login), s.titles);
  const used = busy
    .map(([login, bytes], i) => ({ name: oneLine(names[i] ?? login, MENU_TITLE_MAX), login, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name) || a.login.localeCompare(b.login));
  // One list is the whole day: "Today" says it already.
  if (used.length < 2) return [];
  const shown = used.length <= TOP_LISTS + 1 ? used : used.slice(0, TOP_LISTS);
  const rows = shown.map((l, i) => info(`list-${i + 1}`, `${LIST_INDENT}${l.name}: ${formatBytes(l.bytes, units)}`));
  const rest = used.slice(shown.length);
  if (rest.length > 0) {
    const bytes = rest.reduce((sum, l) => sum + l.bytes, 0);
    rows.push(info('lists-other', `${LIST_INDENT}${rest.length} other ${noun}: ${formatBytes(bytes, units)}`));
  }
  return rows;
}

const LIST_INDENT = '   ';

/** "Auto-renewal Dec 17: short by $97.60", for the tooltip when the balance cannot pay it; null otherwise. */
function renewalShortLine(s: Snapshot, input: TrayInput): string | null {
  const r = s.money.renewal;
  if (r === null || !renewalIsShort(r) || r.short === null) return null;
  const day = shortDateText(r.on, localDateOf(input.now, s.localTimeZone), input.locale);
  return `Auto-renewal ${day}: short by ${moneyText(r.short, input.locale)}`;
}

function info(id: string, label: string): MenuItemModel {
  return { id, label, enabled: false };
}

/** A package row (shared/package-row-text, the words a status bar's details use too). */
function packageRow(label: string, snap: Snapshot, quota: QuotaState | null, input: TrayInput, withForecast = true): string {
  return packageRowText(label, rowFigures(snap), quota, rowContext(wordingOf(snap, input), input.now), withForecast);
}

/** The total's forecast: the first package to run out that can still be used, named (shared/package-row-text). */
function totalForecastLine(m: MultiScene, quota: QuotaState | null, input: TrayInput): string | null {
  const rows = m.packages.map((p, i) => ({ label: p.label, figures: rowFigures(p.snapshot), quota: m.states[i] ?? null }));
  return totalForecastRowText(rowFigures(m.total), quota, rows, rowContext(wordingOf(m.total, input), input.now));
}

/** The total (what is left), then every package (what is left and its forecast), the one shown marked; each one a choice (setting trayPackage). */
function packageRows(m: MultiScene, input: TrayInput): MenuItemModel[] {
  const row = (id: string, text: string, checked: boolean): MenuItemModel => ({ id, label: text, enabled: true, type: 'radio', checked });
  const totalQuota = quotaState(m.total.package, input.now, input.thresholds);
  return [
    // The total's forecast is one package's: the rows below say each one's.
    row(TOTAL_CHOICE_ID, packageRow(TOTAL_LABEL, m.total, totalQuota, input, false), m.shown === null),
    ...m.packages.map((p, i) => row(`${PACKAGE_CHOICE_PREFIX}${p.id}`, packageRow(p.label, p.snapshot, m.states[i] ?? null, input), m.shown?.id === p.id)),
  ];
}

const TOTAL_LABEL = 'All packages';

function buildMenu(state: TrayState, scene: Scene, input: TrayInput): MenuItemModel[] {
  const { units, now } = input;
  const { figures: s, status: st, shownQuota: quota, multi } = scene;
  const items: MenuItemModel[] = [];
  if (state === 'no-key') {
    items.push({ id: 'set-key', label: 'Set your API key…', enabled: true });
  } else {
    const problem = st?.problem ?? null;
    const limited = rateLimitText(st, now);
    if (limited) items.push(info('problem', limited));
    else if (problem) items.push(info('problem', shorten(problem.message, PROBLEM_MAX)));
    else if (state === 'offline') items.push(info('problem', 'Offline: waiting for the network'));
    if (scene.gone) items.push(info('tray-package-gone', 'The package chosen for the tray is gone: showing all packages'));
    else if (multi !== null) items.push(info('shown', `Showing: ${multi.shown === null ? TOTAL_LABEL : oneLine(multi.shown.label, LABEL_MAX)}`));
    if (s === null || st === null) {
      items.push(info('updated', 'Waiting for the first update'));
    } else {
      const w = wordingOf(s, input);
      const money = moneyContext(s, input);
      items.push(info('today', `Today: ${formatBytes(s.today.totalBytes, units)}`));
      // The total's "lists" are its packages.
      const ofTotal = multi !== null && multi.shown === null;
      items.push(...topListRows(s, units, ofTotal ? 'packages' : 'lists'));
      items.push(info('yesterday', `Yesterday: ${formatBytes(s.yesterday.totalBytes, units)}`));
      // The month's traffic at today's price, said as such (the package's own spend is the window's:
      // it covers the package's period, not the month, and is read less often).
      const price = s.money.pricePerGb;
      const monthCost = s.money.monthToDateCost === null || price === null ? '' : ` · ${moneyText(s.money.monthToDateCost, input.locale)} at ${priceText(price, money)}`;
      items.push(info('month', `Month to date: ${formatBytes(s.monthToDate.totalBytes, units)}${monthCost}`));
      items.push(info('left', quotaLine(s.package, quota, w)));
      const forecast = ofTotal ? totalForecastLine(multi, quota, input) : forecastLine(s, quota, now, w);
      if (forecast !== null) items.push(info('forecast', forecast));
      const renewal = s.money.renewal;
      if (renewal !== null) items.push(info('renewal', `${renewalIsShort(renewal) ? SHORT_MARK : ''}${renewalText(renewal, money)}`));
      if (s.money.topUp !== null) items.push(info('top-up-hint', topUpText(s.money.topUp, money)));
      // Freshness is the total's with several packages: as old as the oldest package's figures.
      const updated = st.syncing || st.lastSuccessAt === null ? updatedText(st, state, now) : outOfDate(state, st) ? `Last good update: ${lastGoodText(st.lastSuccessAt, now, st.localTimeZone)}` : `Updated: ${clockTimeText(st.lastSuccessAt, now, st.localTimeZone)}`;
      items.push(info('updated', updated));
      if (input.nextCheckAt !== null && !input.paused && !st.syncing) items.push(info('next-check', `Next check: ${clockTimeText(input.nextCheckAt, now, st.localTimeZone)}`));
    }
    if (multi !== null) items.push({ id: 'sep-packages', label: '', enabled: true, type: 'separator' }, ...packageRows(multi, input));
  }
  const syncing = st?.syncing ?? false;
  items.push({ id: 'sep-info', label: '', enabled: true, type: 'separator' });
  if (state !== 'no-key') items.push({ id: 'top-up', label: 'Top up on proxy-seller.com…', enabled: true });
  items.push(
    { id: 'refresh', label: 'Refresh now', enabled: state !== 'no-key' && !syncing },
    { id: 'open', label: 'Open details', enabled: true },
    { id: 'settings', label: 'Settings…', enabled: true },
    { id: 'toggle-pause', label: input.paused ? 'Resume polling' : 'Pause polling', enabled: true },
    { id: 'sep-quit', label: '', enabled: true, type: 'separator' },
    { id: 'quit', label: 'Quit', enabled: true },
  );
  return items;
}

function titleOf(state: TrayState, quota: QuotaState | null, s: Snapshot | null, input: TrayInput): string {
  if (state === 'no-key') return '';
  if (s === null) return '…';
  const critical = quota === null ? undefined : QUOTA_TITLE[quota];
  if (critical !== undefined) return critical;
  // A figure that cannot be known yet (no package info) is not replaced by another unlabelled one.
  return figureOf(input.figure, s, input.units, input.now)?.long ?? `${formatBytes(s.today.totalBytes, input.units)} today`;
}

interface MultiScene {
  packages: readonly TrayPackage[];
  /** Each package's quota state, aligned with `packages`. */
  states: ReadonlyArray<QuotaState | null>;
  total: Snapshot;
  /** The package shown; null for the total. */
  shown: TrayPackage | null;
}

/** What the tray is about to show, decided once for the icon, the title, the tooltip and the menu. */
interface Scene {
  /** The figures shown: the single package's, the chosen package's or the total's. */
  figures: Snapshot | null;
  /** Whose freshness and problem the tray shows: the total's with several packages. */
  status: Snapshot | null;
  /** The icon's shape: the worst package's state with several. */
  quota: QuotaState | null;
  /** The state of the package whose figures are shown (its own words in the menu and the title). */
  shownQuota: QuotaState | null;
  multi: MultiScene | null;
  /** The chosen package is gone (the total, or the single package, is shown instead). */
  gone: boolean;
}

function sceneOf(state: TrayState, input: TrayInput): Scene {
  const packages = input.packages ?? [];
  const total = input.total ?? null;
  const chosen = input.chosen ?? null;
  const q = (snap: Snapshot | null, t: LowThresholds = input.thresholds) => (state === 'no-key' || snap === null ? null : quotaState(snap.package, input.now, t));
  if (packages.length < 2 || total === null) {
    const s = input.hasKey ? input.snapshot : null;
    // The one package (packages holds it, when given) with its own thresholds.
    const quota = q(s, packages[0]?.thresholds);
    // One package is its own total; a chosen one it is not (gone since) is said.
    return { figures: s, status: s, quota, shownQuota: quota, multi: null, gone: chosen !== null && packages.length > 0 && !packages.some((p) => p.id === chosen) };
  }
  const shown = chosen === null ? null : (packages.find((p) => p.id === chosen) ?? null);
  const figures = input.hasKey ? (shown?.snapshot ?? total) : null;
  const states = packages.map((p) => q(p.snapshot, p.thresholds));
  return {
    figures,
    status: input.hasKey ? total : null,
    quota: state === 'no-key' ? null : worstQuotaState(states),
    shownQuota: shown === null ? q(figures) : q(figures, shown.thresholds),
    multi: { packages, states, total, shown },
    gone: chosen !== null && shown === null,
  };
}

/** The snapshot whose freshness the tray shows: the total's with several packages. */
function statusSnapshot(input: TrayInput): Snapshot | null {
  return (input.packages?.length ?? 0) >= 2 && input.total ? input.total : input.snapshot;
}

export function presentTray(input: TrayInput): TrayModel {
  const state = trayState({ ...input, snapshot: statusSnapshot(input) });
  const scene = sceneOf(state, input);
  const icon = iconSpec(state, scene.quota, scene.figures, input);
  return {
    state,
    quota: scene.quota,
    title: titleOf(state, scene.shownQuota, scene.figures, input),
    tooltip: buildTooltip(state, scene, input),
    icon,
    iconKey: iconKeyOf(icon),
    menu: buildMenu(state, scene, input),
    // The window's switcher calls the total 'all' (renderer/package-choice.ts ALL).
    detailsChoice: scene.multi === null ? null : (scene.multi.shown?.id ?? 'all'),
  };
}
