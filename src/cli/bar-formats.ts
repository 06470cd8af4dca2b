// `today --format ...`: the state for a status bar, in each bar's own syntax. Every form carries the
// state in its output (a bar hides a module, or keeps an old line, when the command fails), so
// a problem shows as a colour and a word beside the figures it left stale. Pure.
import { formatBytes, type Units } from '../shared/bytes.js';
import { forecastText } from '../shared/forecast-text.js';
import { localDateOf } from '../shared/local-dates.js';
import { isCritical, percentLeftText, type QuotaState } from '../shared/quota.js';
import type { Forecast, PackageInfo, Problem } from '../shared/types.js';
import { compactBytes } from '../shared/bytes.js';
import { packageRowText, totalForecastRowText, type LabelledRow, type RowContext } from '../shared/package-row-text.js';
import { problemLabel } from './problem-words.js';

export const BAR_FORMATS = ['waybar', 'polybar', 'i3blocks', 'xbar', 'tmux'] as const;
export type BarFormat = (typeof BAR_FORMATS)[number];

export interface StatusView {
  /** Today's traffic, or null when the history holds none of today (nothing could be fetched). */
  todayBytes: number | null;
  pkg: PackageInfo | null;
  /** The worst package's state: the class and the colour. */
  quota: QuotaState | null;
  /**
   * The state of the figures shown (the total's own, with several packages): the text says it only
   * when it is the whole story. Default: `quota` (one package is its own total).
   */
  shownQuota?: QuotaState | null;
  forecast: Forecast;
  /** With several packages: each one, as the app lists and labels them (the tooltip and drop-down list them). */
  packages?: readonly LabelledRow[];
  /** Why the figures are stale or missing, worded for a command line. */
  problem: Problem | null;
  stale: boolean;
  updatedAt: number | null;
  now: number;
  zone: string;
  units: Units;
}

/** How xbar's actions run this CLI again (xbar gives plugins a minimal PATH: absolute paths). */
export interface SelfCommand {
  node: string;
  script: string;
}

export const TEXT_MAX = 40;

/** The colours of the three levels; ok is green so a healthy module is seen to be alive. */
export const COLOURS = { ok: '#50c878', warn: '#f0a030', bad: '#f05050' } as const;

type Level = keyof typeof COLOURS;

export function quotaClass(q: QuotaState | null): 'ok' | 'low' | 'critical' | null {
  if (q === null) return null;
  return isCritical(q) ? 'critical' : q === 'low' ? 'low' : 'ok';
}

/** waybar's classes: the quota's, then stale, error (the user must act) or nokey. */
export function classes(v: StatusView): string[] {
  const out: string[] = [];
  const q = quotaClass(v.quota);
  if (q !== null) out.push(q);
  if (v.stale || v.problem !== null) out.push('stale');
  if (v.problem?.kind === 'no-key') out.push('nokey');
  else if (v.problem?.needsAction) out.push('error');
  return out;
}

function level(v: StatusView): Level {
  const q = quotaClass(v.quota);
  if (q === 'critical' || v.problem?.needsAction || (v.todayBytes === null && v.pkg === null)) return 'bad';
  if (q === 'low' || v.stale || v.problem !== null) return 'warn';
  return 'ok';
}

const QUOTA_WORDS: Record<QuotaState, string> = { ok: '', low: '', 'used-up': 'used up', expired: 'expired', inactive: 'inactive' };

/** The state of the figures the text shows (a used-up sub-package does not make the total's left "used up"). */
function shownQuota(v: StatusView): QuotaState | null {
  return v.shownQuota === undefined ? v.quota : v.shownQuota;
}

/** `1.24G · 8.0G left`: today's traffic and what is left (or why nothing of it can be used). */
export function shortText(v: StatusView): string {
  const today = v.todayBytes === null ? '–' : compactBytes(v.todayBytes, v.units);
  const parts = [today];
  const q = shownQuota(v);
  if (v.pkg !== null) parts.push(q !== null && isCritical(q) ? QUOTA_WORDS[q] : `${compactBytes(v.pkg.leftBytes, v.units)} left`);
  return parts.join(' · ');
}

/** The bar's text: the short figures, and the problem in a few words. At most TEXT_MAX characters. */
export function barText(v: StatusView): string {
  const figures = v.todayBytes === null && v.pkg === null ? 'proxy' : shortText(v);
  const mark = v.problem !== null ? ` ⚠ ${problemLabel(v.problem)}` : v.stale ? ' ⚠ stale' : '';
  const text = `${figures}${mark}`;
  return text.length <= TEXT_MAX ? text : `${text.slice(0, TEXT_MAX - 1)}…`;
}

function timeOf(at: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** The full picture, one fact a line: what a tooltip or a drop-down shows (then packageLines). */
export function detailLines(v: StatusView): string[] {
  const lines: string[] = [];
  if (v.problem !== null) lines.push(`⚠ ${v.problem.message}`, `→ ${v.problem.action}`);
  lines.push(`Today: ${v.todayBytes === null ? 'not known' : formatBytes(v.todayBytes, v.units)}`);
  const p = v.pkg;
  const q = shownQuota(v);
  if (p !== null) {
    const over = p.usedBytes > p.limitBytes ? ` (over by ${formatBytes(p.usedBytes - p.limitBytes, v.units)})` : '';
    lines.push(`Used: ${formatBytes(p.usedBytes, v.units)} of ${formatBytes(p.limitBytes, v.units)}${over}`);
    lines.push(`Left: ${formatBytes(Math.max(0, p.leftBytes), v.units)} (${percentLeftText(p, 0.1)} %)`);
    if (q !== null && isCritical(q)) lines.push(`Package: ${QUOTA_WORDS[q]}`);
    else if (q === 'low') lines.push('Package: running low');
    lines.push(p.expiresAt === null ? 'Expires: not known' : `Expires: ${localDateOf(p.expiresAt, v.zone)}`);
    // With several packages the forecast is the one that runs out first, named (the tray's words).
    const f = v.packages === undefined ? forecastText(v.forecast, { units: v.units, now: v.now, zone: v.zone, package: p }) : totalForecastRowText({ package: p, forecast: v.forecast }, q, v.packages, rowContext(v));
    if (f) lines.push(f);
  } else lines.push('Package: not known');
  const when = v.updatedAt === null ? 'never' : localDateOf(v.updatedAt, v.zone) === localDateOf(v.now, v.zone) ? timeOf(v.updatedAt, v.zone) : `${localDateOf(v.updatedAt, v.zone)} ${timeOf(v.updatedAt, v.zone)}`;
  lines.push(`Updated: ${when}${v.stale || v.problem !== null ? ' (stale)' : ''}`);
  return lines;
}

function rowContext(v: StatusView): RowContext {
  return { units: v.units, now: v.now, zone: v.zone };
}

/**
 * With several packages, one line each as the tray's menu rows say it: "Reseller · Client B: 0.80 GB
 * left (8%) · Runs out tomorrow, Dec 11". The left of those still usable adds up to the total's Left.
 */
export function packageLines(v: StatusView): string[] {
  return (v.packages ?? []).map((r) => packageRowText(r.label, r.figures, r.quota, rowContext(v)));
}

function pango(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function alt(v: StatusView): string {
  const c = classes(v);
  for (const name of ['nokey', 'error', 'critical', 'stale', 'low', 'ok']) if (c.includes(name)) return name;
  return 'unknown';
}

export function waybar(v: StatusView): string {
  return JSON.stringify({
    // waybar reads text and tooltip as Pango markup.
    text: pango(barText(v)),
    tooltip: pango([...detailLines(v), ...(v.packages === undefined ? [] : ['', ...packageLines(v)])].join('\n')),
    class: classes(v),
    percentage: v.pkg === null ? 0 : Number(percentLeftText(v.pkg, 1)),
    alt: alt(v),
  });
}

/** One line (polybar keeps only the first); `%{F#...}` colours it, `%{F-}` restores. */
export function polybar(v: StatusView): string {
  // Polybar has no escape for '%{' (it would start a tag): the text never holds one.
  return `%{F${COLOURS[level(v)]}}${barText(v).replace(/%\{/g, '% {')}%{F-}`;
}

/** `1.24 GB today · 8.00 GB left · expires 2026-12-31`, then the problem in full. */
export function longText(v: StatusView): string {
  const parts = [v.todayBytes === null ? 'today not known' : `${formatBytes(v.todayBytes, v.units)} today`];
  const q = shownQuota(v);
  if (v.pkg !== null) {
    parts.push(q !== null && isCritical(q) ? `package ${QUOTA_WORDS[q]}` : `${formatBytes(v.pkg.leftBytes, v.units)} left`);
    if (v.pkg.expiresAt !== null) parts.push(`expires ${localDateOf(v.pkg.expiresAt, v.zone)}`);
  }
  if (v.problem !== null) parts.push(`stale: ${v.problem.message}`);
  else if (v.stale) parts.push('stale');
  return parts.join(' · ');
}

/** full_text, short_text, colour: the three lines i3blocks reads. */
export function i3blocks(v: StatusView): string {
  return [longText(v), barText(v), COLOURS[level(v)]].join('\n');
}

function xbarLine(text: string): string {
  // '|' starts xbar's parameters; a leading '--' would make a submenu.
  return text.replace(/\|/g, '¦').replace(/^-+/, '');
}

function quoteParam(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Title, `---`, the details, a Refresh and an Open app action (SwiftBar reads the same). */
export function xbar(v: StatusView, self: SelfCommand): string {
  // The packages' bar (today --all) refreshes every package.
  const again = v.packages === undefined ? 'param3=--refresh' : 'param3=--all param4=--refresh';
  const refresh = `Refresh | bash=${quoteParam(self.node)} param1=${quoteParam(self.script)} param2=today ${again} terminal=false refresh=true`;
  // xbar and SwiftBar run on macOS only.
  const open = 'Open app | bash=/usr/bin/open param1=-a param2="Proxy-Seller Traffic Tray" terminal=false';
  const rows = v.packages === undefined ? [] : ['---', ...packageLines(v).map(xbarLine)];
  return [`${xbarLine(barText(v))} | color=${COLOURS[level(v)]}`, '---', ...detailLines(v).map(xbarLine), ...rows, '---', refresh, open].join('\n');
}

/** `#[fg=...]` colours it; `#` is doubled so tmux prints it. */
export function tmux(v: StatusView): string {
  return `#[fg=${COLOURS[level(v)]}]${barText(v).replace(/#/g, '##')}#[default]`;
}

export function renderBar(format: BarFormat, v: StatusView, self: SelfCommand): string {
  switch (format) {
    case 'waybar':
      return waybar(v);
    case 'polybar':
      return polybar(v);
    case 'i3blocks':
      return i3blocks(v);
    case 'xbar':
      return xbar(v, self);
    case 'tmux':
      return tmux(v);
  }
}
