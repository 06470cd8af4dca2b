// What the chart's tooltip says (chart.ts draws it as HTML beside the canvas, through Chart.js's
// `external` hook, rather than into it: it follows the theme's CSS and reads as text). It leads with
// the human figure ("1.24 GB"), then the exact bytes, then each list of that bar (its title first,
// the login beside it). Pure.
import type { Granularity } from '../shared/ipc.js';
import type { ListTitles } from '../shared/types.js';
import { titleOf } from '../shared/titles.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';
import { bucketLabel, partialIndex } from './buckets.js';
import type { DateFormat } from './format-time.js';

export interface TooltipInput {
  buckets: readonly number[];
  granularity: Granularity;
  timeZone: string;
  series: ReadonlyArray<{ login: string; bytes: readonly number[] }>;
  /** The lists' titles by login (a login without one shows as itself). */
  titles: ListTitles;
  units: Units;
  now: number;
  format: DateFormat;
}

export interface TooltipContent {
  /** "11/26/2026 (so far)", "11/26/2026, 2:00 PM". */
  title: string;
  /** The bar's total, rounded: "1.24 GB". */
  total: string;
  /** The same to the byte: "1 240 000 000 B". */
  exact: string;
  /** Each login with traffic in that bar, as stacked (bottom first): its title (null: none), "alpha-list", "0.52 GB", exact. */
  logins: Array<{ title: string | null; login: string; series: number; figure: string; exact: string }>;
}

export function tooltipContent(input: TooltipInput, index: number): TooltipContent {
  const b = { buckets: input.buckets, granularity: input.granularity, timeZone: input.timeZone };
  const partial = partialIndex(b, input.now) === index;
  const title = `${bucketLabel(b, index, input.format)}${partial ? ' (so far)' : ''}`;
  let sum = 0;
  const logins: TooltipContent['logins'] = [];
  input.series.forEach((s, i) => {
    const bytes = s.bytes[index] ?? 0;
    sum += bytes;
    if (bytes > 0) logins.push({ title: titleOf(input.titles, s.login), login: s.login, series: i, figure: formatBytes(bytes, input.units), exact: exactBytes(bytes) });
  });
  return { title, total: formatBytes(sum, input.units), exact: exactBytes(sum), logins };
}
