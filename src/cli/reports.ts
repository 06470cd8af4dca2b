// The CLI's output shapes (its JSON is a public interface: field names and order are fixed).
import { formatBytes, type Units } from '../shared/bytes.js';
import { forecastText } from '../shared/forecast-text.js';
import type { Forecast, PackageInfo } from '../shared/types.js';
import type { History } from '../core/history/model.js';
import { samplesBetween } from '../core/history/model.js';
import { dayTotal, hourlySeries } from '../core/history/queries.js';
import { localDayBounds } from '../core/time/local-days.js';
import { isoInZone } from '../core/time/zoned.js';
import { localDateOf } from '../shared/local-dates.js';

/** A PackageInfo as the CLI prints it: the expiry as ISO 8601 in the user's zone. */
export type PackageJson = Pick<PackageInfo, 'key' | 'active' | 'limitBytes' | 'usedBytes' | 'leftBytes'> & { expiresAt: string | null };

export interface DayReport {
  date: string;
  timeZone: string;
  totalBytes: number;
  byLogin: Record<string, number>;
  hours: Array<{ start: string; bytes: number }>;
  package: PackageJson | null;
  stale: boolean;
  updatedAt: string | null;
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
}): DayReport {
  const { history, date, zone } = args;
  const total = dayTotal(history, date, zone);
  return {
    date,
    timeZone: zone,
    totalBytes: total.totalBytes,
    byLogin: total.byLogin,
    hours: hourlySeries(history, date, date, zone).map((h) => ({ start: isoInZone(h.start, zone), bytes: h.bytes })),
    package: packageJson(args.pkg, zone),
    stale: args.stale,
    updatedAt: args.updatedAt === null ? null : isoInZone(args.updatedAt, zone),
  };
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

export function dayText(report: DayReport, units: Units): string {
  const lines = [`${report.date} (${report.timeZone}): ${formatBytes(report.totalBytes, units)}${report.stale ? ' (stale)' : ''}`];
  const logins = Object.entries(report.byLogin).sort((a, b) => b[1] - a[1]);
  if (logins.length > 0) {
    lines.push('', 'By login:');
    for (const [login, bytes] of logins) lines.push(`  ${login.padEnd(24)} ${formatBytes(bytes, units).padStart(10)}`);
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
}

export function historyRows(history: History, from: string, to: string, zone: string, login?: string): HistoryRow[] {
  const start = localDayBounds(from, zone).start;
  const end = localDayBounds(to, zone).end;
  return samplesBetween(history, start, end, login).map((s) => ({ start: isoInZone(s.start, zone), login: s.login, bytes: s.bytes }));
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function historyCsv(rows: readonly HistoryRow[]): string {
  return ['start,login,bytes', ...rows.map((r) => `${csvField(r.start)},${csvField(r.login)},${r.bytes}`)].join('\n');
}

export function historyText(rows: readonly HistoryRow[], units: Units): string {
  if (rows.length === 0) return 'No traffic in that range.';
  return rows.map((r) => `${r.start}  ${r.login.padEnd(24)} ${formatBytes(r.bytes, units).padStart(10)}`).join('\n');
}

export function packageText(pkg: PackageInfo, f: Forecast, zone: string, units: Units, stale: boolean, now: number): string {
  const pct = pkg.limitBytes > 0 ? ((pkg.usedBytes / pkg.limitBytes) * 100).toFixed(1) : '0.0';
  const lines = [
    `Package ${pkg.key}${pkg.active ? '' : ' (inactive)'}${stale ? ' (stale)' : ''}`,
    `  used   ${formatBytes(pkg.usedBytes, units)} of ${formatBytes(pkg.limitBytes, units)} (${pct}%)`,
    `  left   ${formatBytes(pkg.leftBytes, units)}`,
    pkg.expiresAt === null ? '  expiry unknown' : `  expires ${isoInZone(pkg.expiresAt, zone)}`,
    `  forecast ${forecastText(f, { units, now, zone, package: pkg })}`,
  ];
  return lines.join('\n');
}
