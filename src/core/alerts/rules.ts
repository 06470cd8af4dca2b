// Which notifications a snapshot calls for. Pure: the state in, the new state and alerts out.
// Each rule fires once when its condition becomes true and re-arms only when the condition clears,
// so a poll every few minutes does not repeat a notification, nor does a restart (the state is saved).
import type { Forecast, PackageInfo, Problem, ProblemKind, Snapshot } from '../../shared/types.js';
import { formatBytes, type Units } from '../../shared/bytes.js';
import { isLow, percentLeftText, quotaState, type QuotaState } from '../../shared/quota.js';
import { longRateLimitUntil, rateLimitedUntilText } from '../../shared/rate-limit.js';
import type { AlertSettings } from '../settings/schema.js';
import { addDays, daysBetween, localDateOf, localTimeOf, shortDateText } from '../../shared/local-dates.js';
import { moneyText } from '../../shared/money.js';
import { renewalIsShort, renewalIsSurelyShort } from '../../shared/money-text.js';
import { titleOf } from '../../shared/titles.js';
import { oneLine } from '../../shared/plain-text.js';
import { DAY_MS } from '../../shared/time-constants.js';

export const ALERT_IDS = [
  'daily-threshold',
  'left-percent',
  'left-bytes',
  'expires-soon',
  'used-up',
  'expired',
  'pace',
  'spike',
  'renewed',
  'renewal-short',
  'access-denied',
  'ip-not-allowed',
  'no-package',
  'keychain-unavailable',
  'rate-limited-long',
] as const;
export type AlertId = (typeof ALERT_IDS)[number];

/** Problems the user must fix: worth a notification. Not 'no-key': on first run the welcome window
 *  already asks for the key, and a key removed in Settings is the user's own doing; the tray shows it. */
export const PROBLEM_ALERT_IDS = ['access-denied', 'ip-not-allowed', 'no-package', 'keychain-unavailable'] as const;
type ProblemAlertId = (typeof PROBLEM_ALERT_IDS)[number];

/** Passing faults: never notified, and they say nothing about whether another problem persists. */
const TRANSIENT_KINDS: ReadonlySet<ProblemKind> = new Set<ProblemKind>(['transport', 'rate-limited', 'malformed']);

export interface Alert {
  id: AlertId;
  title: string;
  body: string;
  /** Which view a click opens. */
  view: 'today' | 'package' | 'settings';
  urgency: 'normal' | 'critical';
  /** The package it is about (shared/accounts.ts packageId), once the controller has named it. */
  packageId?: string;
}

/** Alerts about the traffic a package has: "Top up" is offered beside them where the platform has actions. */
const TOP_UP_IDS: ReadonlySet<AlertId> = new Set<AlertId>(['left-percent', 'left-bytes', 'used-up', 'expired', 'pace', 'expires-soon', 'no-package', 'renewal-short']);

export function offersTopUp(alert: Pick<Alert, 'id'>): boolean {
  return TOP_UP_IDS.has(alert.id);
}

/** One list's hours, as the spike rule needs them (made from the History by alerts/list-hours.ts). */
export interface ListHours {
  login: string;
  /** Its median hour over the baseline days: hours the history lacks are left out, not counted as 0; null with too few known hours to tell. */
  medianBytes: number | null;
  /** Its hours with traffic on today's local date, in order. */
  today: ReadonlyArray<{ start: number; bytes: number }>;
}

/** The parts of a PackageInfo that tell a renewal or top-up. */
export type LastPackage = Pick<PackageInfo, 'key' | 'limitBytes' | 'expiresAt' | 'leftBytes'>;

export interface AlertState {
  /** 2 added `spikes` (a version 1 file loads with none). */
  version: 2;
  /** Conditions currently true; the value identifies the crossing (e.g. the local date for daily-threshold). */
  active: Partial<Record<AlertId, string>>;
  /** The package as last seen, to tell a renewal or top-up. */
  lastPackage: LastPackage | null;
  /** Per list, the local date its spike was notified: once per list per day. Only today's are kept. */
  spikes: Record<string, string>;
}

export const initialAlertState: AlertState = { version: 2, active: {}, lastPackage: null, spikes: {} };

export interface AlertInput {
  snapshot: Snapshot;
  settings: AlertSettings;
  units: Units;
  now: number;
  /** Each list's hours for the spike rule; absent: the spike rule learns nothing this time. */
  hours?: readonly ListHours[];
}

/** Traffic left growing by more than this is a top-up, not rounding. */
export const TOP_UP_MIN_BYTES = 1_000_000;

/** What a rule knows this time: nothing new (leave its state), the condition is false, or it holds. */
type Reading = { kind: 'unknown' } | { kind: 'clear' } | { kind: 'holds'; key: string; alert: () => Alert };
// Narrow types, so they serve as a LeftReading too.
const UNKNOWN = { kind: 'unknown' } as const;
const CLEAR = { kind: 'clear' } as const;

/** A traffic-left rule's reading; when it holds, what the traffic is below, for the notification text. */
type LeftReading = { kind: 'unknown' } | { kind: 'clear' } | { kind: 'holds'; key: string; pkg: PackageInfo; below: string };

export function evaluateAlerts(input: AlertInput, state: AlertState): { state: AlertState; alerts: Alert[] } {
  const { snapshot, settings, units, now } = input;
  const active: Partial<Record<AlertId, string>> = { ...state.active };
  const alerts: Alert[] = [];

  function apply(id: AlertId, reading: Reading): void {
    if (reading.kind === 'unknown') return;
    if (reading.kind === 'clear') {
      delete active[id];
      return;
    }
    if (active[id] === reading.key) return;
    active[id] = reading.key;
    alerts.push(reading.alert());
  }

  for (const id of PROBLEM_ALERT_IDS) apply(id, readProblem(id, snapshot.problem));
  apply('daily-threshold', readDaily(snapshot, settings.dailyThresholdBytes, units));
  const quota = quotaState(snapshot.package, now, settings);
  const leftPercent = readLeftPercent(snapshot.package, settings.leftBelowPercent);
  const leftBytes = readLeftBytes(snapshot.package, settings.leftBelowBytes, units);
  if (quota === 'used-up' || quota === 'expired') {
    // Nothing usable is left: that has its own alert, so "running low" is not said too. The crossings
    // are still recorded, so they do not fire the moment that alert's condition ends.
    for (const [id, reading] of [['left-percent', leftPercent], ['left-bytes', leftBytes]] as const) {
      if (reading.kind === 'holds') active[id] = reading.key;
      else if (reading.kind === 'clear') delete active[id];
    }
  } else if (
    leftPercent.kind === 'holds' &&
    leftBytes.kind === 'holds' &&
    active['left-percent'] !== leftPercent.key &&
    active['left-bytes'] !== leftBytes.key
  ) {
    // Both crossed in one update (any package of 10 GB or less under the defaults): one notification
    // naming both (under the percent rule's id), not two with the same title. Both are recorded, so
    // neither fires again this crossing.
    active['left-percent'] = leftPercent.key;
    active['left-bytes'] = leftBytes.key;
    alerts.push(lowAlert('left-percent', leftPercent.pkg, [leftPercent.below, leftBytes.below], units));
  } else {
    apply('left-percent', leftReading('left-percent', leftPercent, units));
    apply('left-bytes', leftReading('left-bytes', leftBytes, units));
  }
  apply('expires-soon', readExpiry(snapshot.package, settings.expiresWithinDays, now, snapshot.localTimeZone));
  apply('used-up', readUsedUp(snapshot.package, quota, units));
  apply('expired', readExpired(snapshot.package, quota, units, snapshot.localTimeZone));
  apply('pace', readPace(snapshot, quota, settings.paceDaysBeforeExpiry, units));
  apply('renewal-short', readRenewalShort(snapshot, settings.renewalShortWithinDays));
  apply('rate-limited-long', readLongRateLimit(snapshot, now));
  const spikes = readSpikes(input, state.spikes, alerts);

  // Renewal is an event, not a condition: nothing is kept in `active`.
  delete active.renewed;
  const pkg = snapshot.package;
  if (pkg !== null && settings.renewed && state.lastPackage !== null) {
    const alert = renewalAlert(state.lastPackage, pkg, units, snapshot.localTimeZone);
    if (alert !== null) alerts.push(alert);
  }
  const lastPackage: LastPackage | null =
    pkg === null ? state.lastPackage : { key: pkg.key, limitBytes: pkg.limitBytes, expiresAt: pkg.expiresAt, leftBytes: pkg.leftBytes };

  return { state: { version: 2, active, lastPackage, spikes }, alerts };
}

const PROBLEM_TEXT: Record<ProblemAlertId, { title: string; view: Alert['view'] }> = {
  'access-denied': { title: 'Proxy-Seller refused access', view: 'settings' },
  'ip-not-allowed': { title: 'This IP is not allowed', view: 'settings' },
  'no-package': { title: 'No residential package', view: 'package' },
  'keychain-unavailable': { title: 'Keychain unavailable', view: 'settings' },
};

function readProblem(id: ProblemAlertId, problem: Problem | null): Reading {
  if (problem !== null && TRANSIENT_KINDS.has(problem.kind)) return UNKNOWN;
  if (problem === null || problem.kind !== id) return CLEAR;
  // A different IP is a new crossing: the user fixed one and now sits behind another.
  const key = id === 'ip-not-allowed' ? `ip:${problem.ip ?? 'unknown'}` : id;
  return {
    kind: 'holds',
    key,
    alert: () => {
      let body = `${problem.message} ${problem.action}`;
      if (problem.ip !== undefined && !body.includes(problem.ip)) body = `IP ${problem.ip}: ${body}`;
      return { id, title: PROBLEM_TEXT[id].title, body, view: PROBLEM_TEXT[id].view, urgency: 'critical' };
    },
  };
}

/**
 * A rate limit asking for more than an hour: one notification per episode, naming when polling
 * resumes. Only a successful sync ends the episode; another fault or a further 429 meanwhile (the
 * first poll after the wait may be limited again) is the same episode.
 */
function readLongRateLimit(snapshot: Snapshot, now: number): Reading {
  if (snapshot.problem === null) return CLEAR;
  const until = longRateLimitUntil(snapshot.problem, now);
  if (until === null) return UNKNOWN;
  return {
    kind: 'holds',
    key: 'episode',
    alert: () => ({
      id: 'rate-limited-long',
      title: 'Proxy-Seller rate limit',
      body: `${rateLimitedUntilText(until, now, snapshot.localTimeZone)}: Proxy-Seller asked for a long pause. Polling resumes by itself then.`,
      view: 'today',
      urgency: 'normal',
    }),
  };
}

function readDaily(snapshot: Snapshot, threshold: number | null, units: Units): Reading {
  if (threshold === null) return CLEAR;
  // Before the first successful sync, today's zero is missing data, not a low day.
  if (snapshot.lastSuccessAt === null) return UNKNOWN;
  const total = snapshot.today.totalBytes;
  if (!(total > threshold)) return CLEAR;
  return {
    kind: 'holds',
    key: snapshot.today.date,
    alert: () => ({
      id: 'daily-threshold',
      title: 'Daily traffic threshold passed',
      body: `Today: ${formatBytes(total, units)} (threshold ${formatBytes(threshold, units)})`,
      view: 'today',
      urgency: 'normal',
    }),
  };
}

function leftText(pkg: PackageInfo, units: Units): string {
  const pct = pkg.limitBytes > 0 ? ` (${percentLeftText(pkg, 0.1)}%)` : '';
  return `${formatBytes(pkg.leftBytes, units)} left of ${formatBytes(pkg.limitBytes, units)}${pct}`;
}

function readLeftPercent(pkg: PackageInfo | null, percent: number | null): LeftReading {
  if (percent === null) return CLEAR;
  if (pkg === null || !pkg.active || !(pkg.limitBytes > 0)) return UNKNOWN;
  if (!isLow(pkg, { leftBelowPercent: percent, leftBelowBytes: null })) return CLEAR;
  return { kind: 'holds', key: pkg.key, pkg, below: `${percent}%` };
}

function readLeftBytes(pkg: PackageInfo | null, bytes: number | null, units: Units): LeftReading {
  if (bytes === null) return CLEAR;
  if (pkg === null || !pkg.active) return UNKNOWN;
  if (!isLow(pkg, { leftBelowPercent: null, leftBelowBytes: bytes })) return CLEAR;
  return { kind: 'holds', key: pkg.key, pkg, below: formatBytes(bytes, units) };
}

function lowAlert(id: 'left-percent' | 'left-bytes', pkg: PackageInfo, below: readonly string[], units: Units): Alert {
  return {
    id,
    title: 'Proxy traffic running low',
    body: `${leftText(pkg, units)}, below ${below.join(' and ')}`,
    view: 'package',
    urgency: 'critical',
  };
}

/** One traffic-left rule on its own, as a plain Reading for `apply`. */
function leftReading(id: 'left-percent' | 'left-bytes', reading: LeftReading, units: Units): Reading {
  if (reading.kind !== 'holds') return reading;
  return { kind: 'holds', key: reading.key, alert: () => lowAlert(id, reading.pkg, [reading.below], units) };
}

/** Whole calendar days from `now` to `at` in `zone` (0 = same local date). */
export function calendarDaysUntil(at: number, now: number, zone: string): number {
  return daysBetween(localDateOf(now, zone), localDateOf(at, zone));
}

function inDaysText(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

function readExpiry(pkg: PackageInfo | null, days: number | null, now: number, zone: string): Reading {
  if (days === null) return CLEAR;
  if (pkg === null) return UNKNOWN;
  const at = pkg.expiresAt;
  if (at === null || at <= now) return CLEAR;
  const calendarDays = calendarDaysUntil(at, now, zone);
  // Within N×24 h, or on one of the next N local dates (so 0 means "expires today").
  const soon = at - now <= days * DAY_MS || calendarDays <= days;
  if (!soon) return CLEAR;
  return {
    kind: 'holds',
    key: String(at),
    alert: () => ({
      id: 'expires-soon',
      title: 'Proxy package expires soon',
      body: `Package expires ${localDateOf(at, zone)} (${inDaysText(calendarDays)})`,
      view: 'package',
      urgency: 'normal',
    }),
  };
}

/** What grew since the package was last seen, or null when it is not the same package or nothing grew. */
export function detectRenewal(prev: LastPackage, pkg: PackageInfo): { limitGrew: boolean; expiryLater: boolean; toppedUp: boolean } | null {
  if (prev.key !== pkg.key) return null;
  const limitGrew = pkg.limitBytes > prev.limitBytes;
  const expiryLater = prev.expiresAt !== null && pkg.expiresAt !== null && pkg.expiresAt > prev.expiresAt;
  const toppedUp = pkg.leftBytes - prev.leftBytes > TOP_UP_MIN_BYTES;
  return limitGrew || expiryLater || toppedUp ? { limitGrew, expiryLater, toppedUp } : null;
}

function renewalAlert(prev: LastPackage, pkg: PackageInfo, units: Units, zone: string): Alert | null {
  const change = detectRenewal(prev, pkg);
  if (change === null) return null;
  const parts: string[] = [];
  if (change.limitGrew) parts.push(`Limit ${formatBytes(pkg.limitBytes, units)} (was ${formatBytes(prev.limitBytes, units)}).`);
  if (change.expiryLater && pkg.expiresAt !== null && prev.expiresAt !== null) {
    parts.push(`Expires ${localDateOf(pkg.expiresAt, zone)} (was ${localDateOf(prev.expiresAt, zone)}).`);
  }
  if (change.toppedUp || change.limitGrew) {
    parts.push(`${formatBytes(pkg.leftBytes, units)} left (was ${formatBytes(prev.leftBytes, units)}).`);
  }
  const renewed = change.limitGrew || change.expiryLater;
  return {
    id: 'renewed',
    title: renewed ? 'Proxy package renewed' : 'Proxy package topped up',
    body: parts.join(' '),
    view: 'package',
    urgency: 'normal',
  };
}

/** Traffic used up (0 B left of an active, unexpired package): once per package, until a top-up or renewal. */
function readUsedUp(pkg: PackageInfo | null, quota: QuotaState | null, units: Units): Reading {
  if (pkg === null || quota === 'inactive') return UNKNOWN;
  if (quota !== 'used-up') return CLEAR;
  const over = pkg.usedBytes - pkg.limitBytes;
  return {
    kind: 'holds',
    key: pkg.key,
    alert: () => ({
      id: 'used-up',
      title: 'Traffic used up',
      body: `0 B left of ${formatBytes(pkg.limitBytes, units)}${over > 0 ? ` (over the limit by ${formatBytes(over, units)})` : ''}. ${
        pkg.autoRenew === true ? 'Auto-renew renews the package if the balance pays it; until then the proxies stop working.' : 'The proxies stop working until you top up.'
      }`,
      view: 'package',
      urgency: 'critical',
    }),
  };
}

/** Package expired: once per expiry, until a renewal moves it. */
function readExpired(pkg: PackageInfo | null, quota: QuotaState | null, units: Units, zone: string): Reading {
  if (pkg === null) return UNKNOWN;
  if (quota !== 'expired' || pkg.expiresAt === null) return CLEAR;
  const at = pkg.expiresAt;
  const left = Math.max(0, pkg.leftBytes);
  return {
    kind: 'holds',
    key: `${pkg.key}:${at}`,
    alert: () => ({
      id: 'expired',
      title: 'Package expired',
      body:
        left > 0
          ? `The package expired on ${localDateOf(at, zone)} with ${formatBytes(left, units)} unused. Renew it to use the proxies again.`
          : `The package expired on ${localDateOf(at, zone)}. Renew it to use the proxies again.`,
      view: 'package',
      urgency: 'critical',
    }),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A local date in words: "today", "tomorrow", "on Dec 10", "on Jan 4, 2027" (another year). */
function onDateText(date: string, today: string): string {
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  const [y, m, d] = date.split('-').map(Number);
  const month = MONTHS[(m ?? 1) - 1] ?? '';
  return `on ${month} ${d ?? ''}${date.slice(0, 4) === today.slice(0, 4) ? '' : `, ${y ?? ''}`}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The pace: the forecast run-out falls more than N days before the expiry. Once per package expiry
 * (a renewal is a new crossing); re-armed when the pace slows so that it no longer holds. Not while
 * nothing is left or the package has expired: those say more, in their own alerts.
 */
function readPace(snapshot: Snapshot, quota: QuotaState | null, days: number | null, units: Units): Reading {
  const pkg = snapshot.package;
  if (days === null) return CLEAR;
  if (pkg === null || snapshot.lastSuccessAt === null || quota === 'inactive') return UNKNOWN;
  if (quota === 'used-up' || quota === 'expired') return CLEAR;
  const f: Forecast = snapshot.forecast;
  if (f.kind !== 'runs-out' || f.daysBeforeExpiry === null || !(f.daysBeforeExpiry > days)) return CLEAR;
  const today = snapshot.today.date;
  const pace = `At ${formatBytes(f.averageDailyBytes, units)}/day`;
  const before = plural(f.daysBeforeExpiry as number, 'day');
  // Auto-renew fires when the traffic runs out too: then it does not "run out", it renews (and is charged) early.
  const price = snapshot.money.renewal?.price ?? null;
  // ... unless the balance is known not to pay it: then it runs out (the renewal alert says why).
  const renews = pkg.autoRenew === true && !renewalIsShort(snapshot.money.renewal);
  const alert = (): Alert =>
    renews
      ? {
          id: 'pace',
          title: 'Package renews early at this pace',
          body: `${pace} the traffic is used up ${onDateText(f.runsOutOn, today)}, ${before} before the package expires: auto-renew renews it then${price === null ? '' : `, for ${moneyText(price)}`}`,
          view: 'package',
          urgency: 'normal',
        }
      : {
          id: 'pace',
          title: 'Traffic runs out before the package expires',
          body: `${pace} the package runs out ${onDateText(f.runsOutOn, today)}, ${before} before it expires`,
          view: 'package',
          urgency: 'normal',
        };
  return { kind: 'holds', key: `${pkg.key}:${pkg.expiresAt ?? ''}`, alert };
}

/**
 * An auto-renewal within N days (0: on the day) that the balance cannot pay. Once per renewal: the
 * crossing is the package's period (its key, expiry and limit), not the renewal's date, which
 * moves with the pace when the renewal comes from the traffic running out. Kept while the balance
 * stays short, even if the date moves out of the N days again; cleared (so it can warn again) only
 * when a balance that pays it was read, or auto-renew is off: a top-up that is then spent leaves
 * the renewal unpaid again, and the user, who thought it fixed, is told again. A renewal (a new
 * period) is a new crossing. Unknown price or balance: nothing is learnt.
 */
function readRenewalShort(snapshot: Snapshot, days: number | null): Reading {
  if (days === null) return CLEAR;
  const pkg = snapshot.package;
  if (pkg === null) return UNKNOWN;
  if (pkg.autoRenew === false) return CLEAR;
  const r = snapshot.money.renewal;
  if (r === null || r.short === null || r.price === null || r.balance === null) return UNKNOWN;
  if (!renewalIsShort(r)) return CLEAR;
  // Short by a balance read hours ago: it may have been topped up since; neither fire nor clear.
  if (!renewalIsSurelyShort(r)) return UNKNOWN;
  const today = snapshot.today.date;
  const inDays = daysBetween(today, r.on);
  if (inDays > days) return UNKNOWN;
  const [price, balance, short] = [moneyText(r.price), moneyText(r.balance), moneyText(r.short)];
  const why = r.trafficUsedUp ? ' (traffic used up)' : '';
  return {
    kind: 'holds',
    key: `${pkg.key}:${pkg.expiresAt ?? ''}:${pkg.limitBytes}`,
    alert: () => ({
      id: 'renewal-short',
      title: `Balance too low for the auto-renewal ${inDaysText(inDays)}`,
      body: `Auto-renewal on ${shortDateText(r.on, today, 'en-US')}${why} needs ${price}; balance ${balance}, short by ${short}. Top up the balance before then, or the package is not renewed.`,
      view: 'package',
      urgency: 'normal',
    }),
  };
}

/**
 * Spikes: a list's hour today above k times its median hour (of the last 7 days) and above the floor:
 * once per list per local day. A list whose median hour is 0 (idle most of the time) is held to the
 * floor alone; a list with too few known hours for a median is not judged. Returns the new per-list
 * state (today's entries only) and pushes the alerts.
 */
function readSpikes(input: AlertInput, prev: Record<string, string>, alerts: Alert[]): Record<string, string> {
  const { snapshot, settings, units } = input;
  const factor = settings.spikeFactor;
  if (factor === null) return {};
  const today = snapshot.today.date;
  const kept: Record<string, string> = {};
  for (const [login, date] of Object.entries(prev)) if (date === today) setOwnString(kept, login, date);
  if (input.hours === undefined || snapshot.lastSuccessAt === null) return kept;
  for (const list of input.hours) {
    if (Object.hasOwn(kept, list.login) || list.medianBytes === null) continue;
    const bar = Math.max(factor * list.medianBytes, settings.spikeFloorBytes);
    let peak: { start: number; bytes: number } | null = null;
    for (const hour of list.today) if (hour.bytes > bar && (peak === null || hour.bytes > peak.bytes)) peak = hour;
    if (peak === null) continue;
    setOwnString(kept, list.login, today);
    alerts.push(spikeAlert(list.login, titleOf(snapshot.titles, list.login), peak, list.medianBytes, units, snapshot.localTimeZone));
  }
  return kept;
}

/** Writes an own property even for a login named "__proto__" (logins come from the API). */
function setOwnString(rec: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A list title in a notification: the user's text, on one line and clipped (notifications are plain text). */
export const NOTIFIED_TITLE_MAX = 40;
/** A login longer than this is shortened beside its title ("437e…"): the title names it, the start tells it apart. */
const LOGIN_BESIDE_TITLE = 12;

/** How a notification names a list: "Client A scraper (437e…)" with the title, the login without. */
function listNames(login: string, title: string | null): { short: string; full: string } {
  const plainLogin = oneLine(login, 64);
  if (title === null || oneLine(title, NOTIFIED_TITLE_MAX) === '') return { short: plainLogin, full: plainLogin };
  const name = oneLine(title, NOTIFIED_TITLE_MAX);
  const tag = plainLogin.length > LOGIN_BESIDE_TITLE ? `${plainLogin.slice(0, 4)}…` : plainLogin;
  return { short: name, full: `${name} (${tag})` };
}

function spikeAlert(login: string, title: string | null, hour: { start: number; bytes: number }, median: number, units: Units, zone: string): Alert {
  const name = listNames(login, title);
  const used = `${formatBytes(hour.bytes, units)} in the hour from ${localTimeOf(hour.start, zone)}`;
  const ratio = hour.bytes / median;
  const usual =
    median > 0
      ? `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}x its median hour of the last 7 days (${formatBytes(median, units)})`
      : 'while its median hour of the last 7 days is 0 B';
  return {
    id: 'spike',
    title: `Traffic spike on ${name.short}`,
    body: `${name.full} used ${used}, ${usual}. A runaway job? Check what uses this list.`,
    view: 'today',
    urgency: 'normal',
  };
}
