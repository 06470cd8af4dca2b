// The chart's series as a CSV file, for "Export CSV": the very buckets the window draws, so the file
// and the chart agree. Long format, the header the CLI's `history --csv` uses (`start,login,bytes`):
// one row per bucket and login shown, zeros included (every bucket of the range is in the file, as
// on the chart), ordered by start, then login. `start` is the bucket's start, ISO 8601 with the
// offset of the user's zone (a 25-hour DST day shows 02:00 twice, told apart by +02:00 and +01:00);
// a daily bucket starts at local midnight. RFC 4180: CRLF line ends, fields quoted when they hold a
// comma, a quote or a line break, quotes doubled.
import type { SeriesResponse } from '../../shared/ipc.js';
import { isoInZone } from '../time/zoned.js';

export const CSV_HEADER = 'start,login,bytes';

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function seriesCsv(series: Pick<SeriesResponse, 'buckets' | 'series' | 'timeZone'>): string {
  const lines = [CSV_HEADER];
  const logins = [...series.series].sort((a, b) => a.login.localeCompare(b.login));
  for (const [i, start] of series.buckets.entries()) {
    const iso = isoInZone(start, series.timeZone);
    for (const l of logins) lines.push(`${iso},${csvField(l.login)},${l.bytes[i] ?? 0}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** "traffic-2026-11-20-to-2026-11-26.csv" (or "traffic-2026-11-26-beta-list.csv"): what the save dialog proposes. */
export function csvFileName(request: { from: string; to: string; login?: string }): string {
  const range = request.from === request.to ? request.from : `${request.from}-to-${request.to}`;
  // A login may hold anything the API allows; only filename-safe characters go into the name.
  const login = request.login ? `-${request.login.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}` : '';
  return `traffic-${range}${login}.csv`;
}
