// What the tray shows, decided from the snapshot: state, macOS title, tooltip, icon spec and menu.
// Pure (no Electron, no clock of its own), so every platform's tray text is tested in plain Node.
import { formatBytes, shortFigure, type Units } from '../../shared/bytes.js';
import { longRateLimitUntil, rateLimitedUntilText } from '../../shared/rate-limit.js';
import type { PackageInfo, Snapshot } from '../../shared/types.js';
import { isFresh } from '../../core/sync/snapshot.js';
import { addDays, localDateOf, localTimeOf } from '../../shared/local-dates.js';
import { timeAgo } from '../../shared/time-ago.js';

export type TrayState = 'no-key' | 'normal' | 'stale' | 'offline' | 'error' | 'paused';

export interface MenuItemModel {
  id: string;
  label: string;
  enabled: boolean;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
}

export type TrayAction = 'refresh' | 'open' | 'settings' | 'toggle-pause' | 'quit';

export const TRAY_ACTIONS: readonly TrayAction[] = ['refresh', 'open', 'settings', 'toggle-pause', 'quit'];

export function isTrayAction(id: string): id is TrayAction {
  return (TRAY_ACTIONS as readonly string[]).includes(id);
}

export interface IconSpec {
  state: TrayState;
  /** Short figure to draw, e.g. "1.2G", "850M", "12G"; null = draw the gauge. Always null for
   *  'error', 'no-key' and 'paused', which draw their symbol ('!', '?', pause bars) instead. */
  text: string | null;
  /** 0..1 share of the package used (rounded down to 1/40 so small ticks don't redraw), null when unknown. */
  usedFraction: number | null;
}

export interface TrayModel {
  state: TrayState;
  /** macOS text beside the icon, e.g. "1.24 GB" (monospaced digits are set by the adapter); '' when no key. */
  title: string;
  /** Tooltip (Windows/Linux): at most 5 lines and 127 characters in all (Windows cuts tooltips at 127). */
  tooltip: string;
  /** What the icon must show: drawn by icon.ts; compare `iconKey` to redraw only on change. */
  icon: IconSpec;
  iconKey: string;
  menu: MenuItemModel[];
}

export interface TrayInput {
  snapshot: Snapshot | null;
  hasKey: boolean;
  paused: boolean;
  online: boolean;
  units: Units;
  now: number;
  intervalMs: number;
}

/** Windows stores the tooltip in a 128-WCHAR field (NOTIFYICONDATA.szTip), terminator included. */
export const TOOLTIP_MAX = 127;
const PROBLEM_MAX = 60;
const GAUGE_STEPS = 40;
/** Cut `text` to at most `max` characters at a word boundary, ending in '…'. */
export function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.—-]+$/, '')}…`;
}

function recentSuccess(s: Snapshot | null, now: number, intervalMs: number): boolean {
  return s !== null && isFresh(s.lastSuccessAt, now, 2 * intervalMs);
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

function usedFraction(pkg: PackageInfo | null): number | null {
  if (!pkg || !(pkg.limitBytes > 0)) return null;
  const f = Math.min(1, Math.max(0, pkg.usedBytes / pkg.limitBytes));
  // Rounded down so the gauge shows "full" only when the package really is used up.
  return Math.floor(f * GAUGE_STEPS) / GAUGE_STEPS;
}

function iconSpec(state: TrayState, s: Snapshot | null, units: Units): IconSpec {
  const symbolic = state === 'no-key' || state === 'error' || state === 'paused';
  return {
    state,
    text: symbolic || s === null ? null : shortFigure(s.today.totalBytes, units),
    usedFraction: state === 'no-key' || s === null ? null : usedFraction(s.package),
  };
}

export function iconKeyOf(spec: IconSpec): string {
  return `${spec.state}|${spec.text ?? '-'}|${spec.usedFraction === null ? '-' : Math.round(spec.usedFraction * 1000)}`;
}

function packageLine(pkg: PackageInfo, zone: string, units: Units, now: number): string {
  let line = `${formatBytes(pkg.leftBytes, units)} of ${formatBytes(pkg.limitBytes, units)}`;
  if (pkg.expiresAt !== null) line += ` (${pkg.expiresAt <= now ? 'expired' : 'expires'} ${localDateOf(pkg.expiresAt, zone)})`;
  if (!pkg.active) line += ', inactive';
  return line;
}

function updatedText(s: Snapshot, now: number): string {
  if (s.syncing) return 'Updating…';
  if (s.lastSuccessAt === null) return 'Never updated';
  return `Updated ${timeAgo(now - s.lastSuccessAt, 'short')}`;
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
  return `${day} ${time}`;
}

/** "Rate limited until 14:41" while a long rate limit holds polling back; null otherwise. */
function rateLimitText(s: Snapshot | null, now: number): string | null {
  const until = longRateLimitUntil(s?.problem ?? null, now);
  return s === null || until === null ? null : rateLimitedUntilText(until, now, s.localTimeZone);
}

/** The tooltip's last line: what state the data is in. */
function statusLine(state: TrayState, s: Snapshot | null, now: number): string {
  const updated = s === null ? 'Waiting for the first update' : updatedText(s, now);
  const problem = s?.problem ?? null;
  const limited = rateLimitText(s, now);
  switch (state) {
    case 'no-key':
      return 'No API key set — open Settings';
    case 'error':
      return `Needs attention: ${problem?.message ?? 'see details'}`;
    case 'offline':
      return `Offline · ${updated.toLowerCase()}`;
    case 'paused':
      return `Paused · ${updated.toLowerCase()}`;
    case 'stale':
      if (limited) return `${limited} · ${updated.toLowerCase()}`;
      return problem ? `Out of date: ${problem.message}` : `Out of date · ${updated.toLowerCase()}`;
    case 'normal':
      return updated;
  }
}

function buildTooltip(state: TrayState, s: Snapshot | null, units: Units, now: number): string {
  const lines: string[] = [];
  if (state === 'no-key' || s === null) {
    lines.push('Proxy-Seller traffic');
  } else {
    lines.push(`Proxy-Seller: ${formatBytes(s.today.totalBytes, units)} today`);
    // In the error state the problem needs the room more than the package line does.
    if (state !== 'error') lines.push(s.package ? `Left ${packageLine(s.package, s.localTimeZone, units, now)}` : 'No package info');
  }
  const head = lines.join('\n');
  // The status line gets whatever room Windows leaves; it is the one that may be shortened.
  const room = TOOLTIP_MAX - head.length - 1;
  return `${head}\n${shorten(statusLine(state, s, now), Math.max(16, room))}`.slice(0, TOOLTIP_MAX);
}

function info(id: string, label: string): MenuItemModel {
  return { id, label, enabled: false };
}

function buildMenu(state: TrayState, input: TrayInput): MenuItemModel[] {
  const { snapshot: s, units, now } = input;
  const items: MenuItemModel[] = [];
  if (state === 'no-key') {
    items.push(info('no-key', 'No API key set — open Settings'));
  } else {
    const problem = s?.problem ?? null;
    const limited = rateLimitText(s, now);
    if (limited) items.push(info('problem', limited));
    else if (problem) items.push(info('problem', shorten(problem.message, PROBLEM_MAX)));
    else if (state === 'offline') items.push(info('problem', 'Offline: waiting for the network'));
    if (s === null) {
      items.push(info('updated', 'Waiting for the first update'));
    } else {
      items.push(info('today', `Today: ${formatBytes(s.today.totalBytes, units)}`));
      items.push(info('yesterday', `Yesterday: ${formatBytes(s.yesterday.totalBytes, units)}`));
      items.push(info('month', `Month to date: ${formatBytes(s.monthToDate.totalBytes, units)}`));
      items.push(info('left', s.package ? `Left: ${packageLine(s.package, s.localTimeZone, units, now)}` : 'No package info'));
      const updated = s.syncing || s.lastSuccessAt === null ? updatedText(s, now) : `Updated: ${clockTimeText(s.lastSuccessAt, now, s.localTimeZone)}`;
      items.push(info('updated', updated));
    }
  }
  const syncing = s?.syncing ?? false;
  items.push(
    { id: 'sep-info', label: '', enabled: true, type: 'separator' },
    { id: 'refresh', label: 'Refresh now', enabled: state !== 'no-key' && !syncing },
    { id: 'open', label: 'Open details', enabled: true },
    { id: 'settings', label: 'Settings…', enabled: true },
    { id: 'toggle-pause', label: input.paused ? 'Resume polling' : 'Pause polling', enabled: true },
    { id: 'sep-quit', label: '', enabled: true, type: 'separator' },
    { id: 'quit', label: 'Quit', enabled: true },
  );
  return items;
}

export function presentTray(input: TrayInput): TrayModel {
  const state = trayState(input);
  const s = input.hasKey ? input.snapshot : null;
  const icon = iconSpec(state, s, input.units);
  return {
    state,
    title: state === 'no-key' ? '' : s === null ? '…' : formatBytes(s.today.totalBytes, input.units),
    tooltip: buildTooltip(state, s, input.units, input.now),
    icon,
    iconKey: iconKeyOf(icon),
    menu: buildMenu(state, { ...input, snapshot: s }),
  };
}
