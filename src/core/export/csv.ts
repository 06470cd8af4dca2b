// The one CSV writer: the window's "Export CSV" (the chart's series) and the CLI's `history --csv`
// alike. Long format, one row per bucket and login: `start,login,bytes,title` (the CLI's daily form
// `date,login,bytes,title`). `title` is the list's title, empty when it has none (a deleted list),
// and comes last so the first three columns read as they always did. For the window's file: every
// bucket of the range is in it (zeros included, as on the chart), ordered by start, then login;
// `start` is the bucket's start, ISO 8601 with the offset of the user's zone (a 25-hour DST day
// shows 02:00 twice, told apart by +02:00 and +01:00); a daily bucket starts at local midnight.
// RFC 4180: fields quoted when they hold a comma, a quote or a line break, quotes doubled; the
// file's lines end in CRLF (the CLI's stdout in LF, as Unix pipelines read it).
import type { SeriesResponse } from '../../shared/ipc.js';
import type { ListTitles } from '../../shared/types.js';
import { titleOf } from '../../shared/titles.js';
import { isoInZone } from '../time/zoned.js';

export const CSV_HEADER = 'start,login,bytes,title';

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A free-text field (a list's title, typed by the user on proxy-seller.com): one starting with
 * = + - @ (or a tab or carriage return) would run as a formula when the file is opened in a
 * spreadsheet (CSV injection), so it gets a leading apostrophe, as OWASP advises; spreadsheets show
 * the text and hide the apostrophe. Then quoted as any field.
 */
export function csvTextField(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export type CsvLineEnd = '\r\n' | '\n';

/** Header and rows, each row's fields already written with csvField/csvTextField; a line end after every line. */
export function csvDocument(header: string, rows: Iterable<readonly string[]>, eol: CsvLineEnd): string {
  const lines = [header];
  for (const r of rows) lines.push(r.join(','));
  return `${lines.join(eol)}${eol}`;
}

/** The title column of `login`: its list's title, or empty. */
export function titleField(titles: ListTitles, login: string): string {
  return csvTextField(titleOf(titles, login) ?? '');
}

export function seriesCsv(series: Pick<SeriesResponse, 'buckets' | 'series' | 'timeZone'>, titles: ListTitles = {}): string {
  const logins = [...series.series].sort((a, b) => a.login.localeCompare(b.login));
  const rows: string[][] = [];
  for (const [i, start] of series.buckets.entries()) {
    const iso = isoInZone(start, series.timeZone);
    for (const l of logins) rows.push([iso, csvField(l.login), String(l.bytes[i] ?? 0), titleField(titles, l.login)]);
  }
  return csvDocument(CSV_HEADER, rows, '\r\n');
}

/**
 * "traffic-2026-11-20-to-2026-11-26.csv" (or "traffic-2026-11-26-beta-list.csv"; with several
 * packages, "traffic-Reseller_Client_B-2026-11-26.csv"): what the save dialog proposes.
 */
export function csvFileName(request: { from: string; to: string; login?: string }, packageLabel?: string): string {
  const range = request.from === request.to ? request.from : `${request.from}-to-${request.to}`;
  // A login or a name may hold anything; only filename-safe characters go into the name.
  const safe = (text: string) => `-${text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60)}`;
  const login = request.login ? safe(request.login) : '';
  const pkg = packageLabel ? safe(packageLabel) : '';
  return `traffic${pkg}-${range}${login}.csv`;
}
