// Which notifications a snapshot calls for. Pure: the state in, the new state and alerts out.
// Each rule fires once when its condition becomes true and re-arms only when the condition clears,
// so a poll every few minutes does not repeat a notification, nor does a restart (the state is saved).
import type { PackageInfo, Problem, ProblemKind, Snapshot } from '../../shared/types.js';
import { formatBytes, type Units } from '../../shared/bytes.js';
import { longRateLimitUntil, rateLimitedUntilText } from '../../shared/rate-limit.js';
import type { AlertSettings } from '../settings/schema.js';
import { daysBetween, localDateOf } from '../../shared/local-dates.js';
import { DAY_MS } from '../../shared/time-constants.js';

export const ALERT_IDS = [
  'daily-threshold',
  'left-percent',
  'left-bytes',
  'expires-soon',
  'renewed',
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
}

/** The parts of a PackageInfo that tell a renewal or top-up. */
export type LastPackage = Pick<PackageInfo, 'key' | 'limitBytes' | 'expiresAt' | 'leftBytes'>;

export interface AlertState {
  version: 1;
  /** Conditions currently true; the value identifies the crossing (e.g. the local date for daily-threshold). */
  active: Partial<Record<AlertId, string>>;
  /** The package as last seen, to tell a renewal or top-up. */
  lastPackage: LastPackage | null;
}

export const initialAlertState: AlertState = { version: 1, active: {}, lastPackage: null };

export interface AlertInput {
  snapshot: Snapshot;
  settings: AlertSettings;
  units: Units;
  now: number;
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
  const leftPercent = readLeftPercent(snapshot.package, settings.leftBelowPercent);
  const leftBytes = readLeftBytes(snapshot.package, settings.leftBelowBytes, units);
  if (
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
  apply('rate-limited-long', readLongRateLimit(snapshot, now));

  // Renewal is an event, not a condition: nothing is kept in `active`.
  delete active.renewed;
  const pkg = snapshot.package;
  if (pkg !== null && settings.renewed && state.lastPackage !== null) {
    const alert = renewalAlert(state.lastPackage, pkg, units, snapshot.localTimeZone);
    if (alert !== null) alerts.push(alert);
  }
  const lastPackage: LastPackage | null =
    pkg === null ? state.lastPackage : { key: pkg.key, limitBytes: pkg.limitBytes, expiresAt: pkg.expiresAt, leftBytes: pkg.leftBytes };

  return { state: { version: 1, active, lastPackage }, alerts };
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
  const pct = pkg.limitBytes > 0 ? ` (${((pkg.leftBytes / pkg.limitBytes) * 100).toFixed(1)}%)` : '';
  return `${formatBytes(pkg.leftBytes, units)} left of ${formatBytes(pkg.limitBytes, units)}${pct}`;
}

function readLeftPercent(pkg: PackageInfo | null, percent: number | null): LeftReading {
  if (percent === null) return CLEAR;
  if (pkg === null || !pkg.active || !(pkg.limitBytes > 0)) return UNKNOWN;
  if (!((pkg.leftBytes / pkg.limitBytes) * 100 < percent)) return CLEAR;
  return { kind: 'holds', key: pkg.key, pkg, below: `${percent}%` };
}

function readLeftBytes(pkg: PackageInfo | null, bytes: number | null, units: Units): LeftReading {
  if (bytes === null) return CLEAR;
  if (pkg === null || !pkg.active) return UNKNOWN;
  if (!(pkg.leftBytes < bytes)) return CLEAR;
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
