// Date wording for the window. Pure (no DOM). The dates themselves (the local day in a zone, calendar
// arithmetic) come from src/shared/local-dates.ts, the same code main and the CLI use.
import { daysBetween } from '../shared/local-dates.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 25" from "2026-11-25" (or the date part of "2026-11-25 14:00"). */
export function shortDate(label: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(label);
  if (!m) return label;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}`;
}

/** "in 5 days", "today", "3 days ago" between two local dates. */
export function relativeDays(fromDate: string, toDate: string): string {
  const n = daysBetween(fromDate, toDate);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}
