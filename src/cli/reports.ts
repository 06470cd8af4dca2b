// The CLI's output shapes (its JSON is a public interface: field names and order are fixed).
import { formatBytes, type Units } from '../shared/bytes.js';
import { forecastText } from '../shared/forecast-text.js';
import type { Forecast, ListTitles, PackageInfo, Problem } from '../shared/types.js';
import { csvDocument, csvField, csvTextField } from '../core/export/csv.js';
import { titleOf } from '../shared/titles.js';
import { oneLine } from '../shared/plain-text.js';
import type { History } from '../core/history/model.js';
import { samplesBetween } from '../core/history/model.js';
import { dayTotal, hourlySeries } from '../core/history/queries.js';
import { localDayBounds } from '../core/time/local-days.js';
import { isoInZone } from '../core/time/zoned.js';
import { datesBetween, localDateOf } from '../shared/local-dates.js';
import type { QuotaState } from '../shared/quota.js';
import { quotaClass } from './bar-formats.js';

/** A PackageInfo as the CLI prints it: the expiry as ISO 8601 in the user's zone. */
export type PackageJson = Pick<PackageInfo, 'key' | 'active' | 'limitBytes' | 'usedBytes' | 'leftBytes'> & { expiresAt: string | null };

export interface DayReport {
  date: string;
  timeZone: string;
  totalBytes: number;
  byLogin: Record<string, number>;
  /** Titles of the day's lists that have one (login -> title). */
  titles: Record<string, string>;
  hours: Array<{ start: string; bytes: number }>;
  package: PackageJson | null;
  stale: boolean;
  updatedAt: string | null;
  quota: 'ok' | 'low' | 'critical' | null;
  /** Why the figures are stale or missing. */
  problem: { kind: Problem['kind']; message: string } | null;
  forecast: ForecastJson | null;
}

/** The snapshot's Forecast as scripts read it: null when there is nothing to forecast (no package, expired). */
export interface ForecastJson {
  bytesPerDay: number;
  runsOutOn: string | null;
  lastsPastExpiry: boolean;
  unusedAtExpiryBytes: number | null;
}

export function forecastJson(f: Forecast, pkg: PackageInfo | null): ForecastJson | null {
  switch (f.kind) {
    case 'no-package':
    case 'expired':
      return null;
    case 'no-usage':
      // Nothing used lately: it lasts past an expiry there is.
      return { bytesPerDay: 0, runsOutOn: null, lastsPastExpiry: pkg?.expiresAt != null, unusedAtExpiryBytes: f.unusedAtExpiryBytes };
    case 'runs-out':
      return {
        bytesPerDay: Math.round(f.averageDailyBytes),
        runsOutOn: f.runsOutOn,
        lastsPastExpiry: f.lastsPastExpiry,
        unusedAtExpiryBytes: f.unusedAtExpiryBytes === null ? null : Math.round(f.unusedAtExpiryBytes),
      };
  }
}

export function packageJson(pkg: PackageInfo | null, zone: string): PackageJson | null {
  if (!pkg) return null;
  return {
    key: pkg.key,
    active: pkg.active,
    limitBytes: pkg.limitBytes,
    usedBytes: pkg.usedBytes,
    leftBytes: pkg.leftBytes,
    expiresAt: pkg.expiresAt === null ? null : isoInZone(pkg.expiresAt, zone),
  };
}

export function dayReport(args: {
  history: History;
  date: string;
  zone: string;
  pkg: PackageInfo | null;
  stale: boolean;
  updatedAt: number | null;
  quota: QuotaState | null;
  problem: Problem | null;
  forecast: Forecast;
  titles: ListTitles;
}): DayReport {
  const { history, date, zone } = args;
  const total = dayTotal(history, date, zone);
  return {
    date,
    timeZone: zone,
    totalBytes: total.totalBytes,
    byLogin: total.byLogin,
    titles: titlesOfLogins(args.titles, Object.keys(total.byLogin)),
    hours: hourlySeries(history, date, date, zone).map((h) => ({ start: isoInZone(h.start, zone), bytes: h.bytes })),
    package: packageJson(args.pkg, zone),
    stale: args.stale,
    updatedAt: args.updatedAt === null ? null : isoInZone(args.updatedAt, zone),
    quota: quotaClass(args.quota),
    problem: args.problem === null ? null : { kind: args.problem.kind, message: args.problem.message },
    forecast: forecastJson(args.forecast, args.pkg),
  };
}

/** The titles of `logins` that have one, as an object safe for any login (Object.fromEntries). */
function titlesOfLogins(titles: ListTitles, logins: readonly string[]): Record<string, string> {
  return Object.fromEntries(logins.flatMap((login) => {
    const title = titleOf(titles, login);
    return title === null ? [] : [[login, title] as const];
  }));
}

/** `1.24 GB today · 8.00 GB left · expires 2026-12-31`: one line for a status bar. */
export function statusLine(report: DayReport, pkg: PackageInfo | null, zone: string, units: Units): string {
  const parts = [`${formatBytes(report.totalBytes, units)} today`];
  if (pkg) {
    parts.push(`${formatBytes(pkg.leftBytes, units)} left`);
    if (pkg.expiresAt !== null) parts.push(`expires ${localDateOf(pkg.expiresAt, zone)}`);
    if (!pkg.active) parts.push('inactive');
  }
  if (report.stale) parts.push('stale');
  return parts.join(' · ');
}

/**
 * A title or login as a terminal shows it: one line, no control or bidi characters (an escape
 * sequence in a list's title must not recolour the terminal or retitle its window), clipped.
 */
export function terminalText(text: string): string {
  return oneLine(text, 64);
}

export function dayText(report: DayReport, units: Units): string {
  const lines = [`${report.date} (${report.timeZone}): ${formatBytes(report.totalBytes, units)}${report.stale ? ' (stale)' : ''}`];
  const logins = Object.entries(report.byLogin).sort((a, b) => b[1] - a[1]);
  if (logins.length > 0) {
    // Named by title, the login beside it (a list without a title, or a deleted one, by its login).
    const names = logins.map(([login]) => terminalText(titleOf(report.titles, login) ?? ''));
    const shownLogins = logins.map(([login]) => terminalText(login));
    const nameWidth = Math.max(...names.map((n) => n.length));
    const loginWidth = Math.max(16, ...shownLogins.map((l) => l.length));
    lines.push('', 'By list:');
    for (const [i, [, bytes]] of logins.entries()) {
      const name = nameWidth === 0 ? '' : `${names[i]!.padEnd(nameWidth)}  `;
      lines.push(`  ${name}${shownLogins[i]!.padEnd(loginWidth)}  ${formatBytes(bytes, units).padStart(10)}`);
    }
  }
  if (report.hours.length > 0) {
    lines.push('', 'By hour:');
    for (const h of report.hours) lines.push(`  ${h.start.slice(11, 16)}  ${formatBytes(h.bytes, units).padStart(10)}`);
  }
  return lines.join('\n');
}

export interface HistoryRow {
  start: string;
  login: string;
  bytes: number;
  /** The list's title; null without one (a deleted list). */
  title: string | null;
}

export function historyRows(history: History, from: string, to: string, zone: string, titles: ListTitles, login?: string): HistoryRow[] {
  const start = localDayBounds(from, zone).start;
  const end = localDayBounds(to, zone).end;
  return samplesBetween(history, start, end, login).map((s) => ({ start: isoInZone(s.start, zone), login: s.login, bytes: s.bytes, title: titleOf(titles, s.login) }));
}

/** The title column: empty for none (the one CSV writer guards it against spreadsheet formulas). */
function titleCell(title: string | null): string {
  return csvTextField(title ?? '');
}

/** Rows named by title, login beside; without any title the List column is left out. */
function namedRows(rows: ReadonlyArray<{ title: string | null; login: string; bytes: number }>, first: (i: number) => string, units: Units): { lists: boolean; cells: string[][] } {
  const lists = rows.some((r) => r.title !== null);
  const cells = rows.map((r, i) => [first(i), ...(lists ? [terminalText(r.title ?? '')] : []), terminalText(r.login), formatBytes(r.bytes, units)]);
  return { lists, cells };
}

export function historyCsv(rows: readonly HistoryRow[]): string {
  // stdout in LF: what Unix pipelines read (the window's file is CRLF); no line end after the last.
  return csvDocument('start,login,bytes,title', rows.map((r) => [csvField(r.start), csvField(r.login), String(r.bytes), titleCell(r.title)]), '\n').slice(0, -1);
}

const BYTES_WIDTH = 10;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, total: string): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((cell, i) => (i === r.length - 1 ? cell.padStart(Math.max(widths[i]!, BYTES_WIDTH)) : cell.padEnd(widths[i]!))).join('  ');
  const body = all.map(line);
  const width = body[0]!.length;
  return [...body, '-'.repeat(width), `${'Total'.padEnd(width - Math.max(widths[widths.length - 1]!, BYTES_WIDTH))}${total.padStart(Math.max(widths[widths.length - 1]!, BYTES_WIDTH))}`].join('\n');
}

export function historyText(rows: readonly HistoryRow[], units: Units): string {
  if (rows.length === 0) return 'No traffic in that range.';
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  const { lists, cells } = namedRows(rows, (i) => rows[i]!.start, units);
  return table(['Hour', ...(lists ? ['List'] : []), 'Login', 'Traffic'], cells, formatBytes(total, units));
}

export interface DailyRow {
  date: string;
  login: string;
  bytes: number;
  title: string | null;
}

/** One row per local day and login with traffic that day, logins in name order. */
export function dailyRows(history: History, from: string, to: string, zone: string, titles: ListTitles, login?: string): DailyRow[] {
  const rows: DailyRow[] = [];
  for (const date of datesBetween(from, to)) {
    const { byLogin } = dayTotal(history, date, zone);
    for (const name of Object.keys(byLogin).sort()) {
      if (login !== undefined && name !== login) continue;
      const bytes = byLogin[name] ?? 0;
      if (bytes > 0) rows.push({ date, login: name, bytes, title: titleOf(titles, name) });
    }
  }
  return rows;
}

export function dailyCsv(rows: readonly DailyRow[]): string {
  return csvDocument('date,login,bytes,title', rows.map((r) => [r.date, csvField(r.login), String(r.bytes), titleCell(r.title)]), '\n').slice(0, -1);
}

export function dailyText(rows: readonly DailyRow[], units: Units): string {
  if (rows.length === 0) return 'No traffic in that range.';
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  const { lists, cells } = namedRows(rows, (i) => rows[i]!.date, units);
  return table(['Date', ...(lists ? ['List'] : []), 'Login', 'Traffic'], cells, formatBytes(total, units));
}

/** `2026-12-31 23:59 (Europe/Berlin)`: the one date form of the package text. */
function when(at: number, zone: string): string {
  return `${isoInZone(at, zone).slice(0, 16).replace('T', ' ')}`;
}

/** `money`: the rows of money-report.ts's packageMoneyRows (price, spend, renewal, top-up), after the forecast. */
export function packageText(
  pkg: PackageInfo,
  f: Forecast,
  zone: string,
  units: Units,
  stale: boolean,
  updatedAt: number | null,
  now: number,
  money: ReadonlyArray<[string, string]> = [],
  renewalShort = false,
): string {
  const pct = pkg.limitBytes > 0 ? ((pkg.usedBytes / pkg.limitBytes) * 100).toFixed(1) : '0.0';
  const over = pkg.usedBytes > pkg.limitBytes ? `, over by ${formatBytes(pkg.usedBytes - pkg.limitBytes, units)}` : '';
  const rows: Array<[string, string]> = [
    ['Package', `${pkg.key}${pkg.active ? '' : ' (inactive)'}`],
    ['Used', `${formatBytes(pkg.usedBytes, units)} of ${formatBytes(pkg.limitBytes, units)} (${pct} %${over})`],
    ['Left', pkg.leftBytes <= 0 ? `${formatBytes(0, units)} (used up)` : formatBytes(pkg.leftBytes, units)],
    ['Expires', pkg.expiresAt === null ? 'not known' : when(pkg.expiresAt, zone)],
  ];
  const forecast = forecastText(f, { units, now, zone, package: pkg, renewalShort });
  if (forecast) rows.push(['Forecast', forecast]);
  rows.push(...money);
  rows.push(['Updated', `${updatedAt === null ? 'never' : when(updatedAt, zone)}${stale ? ' (stale)' : ''}`]);
  rows.push(['Time zone', zone]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
}
