// Local dates and times for the window. Pure (no DOM): every function takes the zone it works in,
// never the browser's zone implicitly, because "today" is the user's local day as main defines it.

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(zone, f);
  }
  return f;
}

function wall(ms: number, zone: string): { y: string; mo: string; d: string; h: string; mi: string } {
  const out = { y: '', mo: '', d: '', h: '', mi: '' };
  for (const p of formatterFor(zone).formatToParts(ms)) {
    if (p.type === 'year') out.y = p.value;
    else if (p.type === 'month') out.mo = p.value;
    else if (p.type === 'day') out.d = p.value;
    else if (p.type === 'hour') out.h = p.value;
    else if (p.type === 'minute') out.mi = p.value;
  }
  return out;
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function dateInZone(ms: number, zone: string): string {
  const w = wall(ms, zone);
  return `${w.y}-${w.mo}-${w.d}`;
}

/** "2026-12-03 23:59" in `zone`. */
export function dateTimeInZone(ms: number, zone: string): string {
  const w = wall(ms, zone);
  return `${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}`;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function utcOf(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** Calendar arithmetic on YYYY-MM-DD (no zone involved: dates, not instants). */
export function addDays(date: string, days: number): string {
  return new Date(utcOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
}

/** "Nov 25" from "2026-11-25" (or the date part of "2026-11-25 14:00"). */
export function shortDate(label: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(label);
  if (!m) return label;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}`;
}

/**
 * "Updated …" wording for an age in ms. An age below minus a minute (the clock was set back since)
 * is no age at all: "before a clock change", never "-58 min ago".
 */
export function agoText(ageMs: number): string {
  if (ageMs <= -60_000) return 'before a clock change';
  const min = Math.floor(Math.max(0, ageMs) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min ago`.replace(' 0 min', '');
  return `${Math.floor(h / 24)} days ago`;
}

/** "in 5 days", "today", "3 days ago" between two local dates. */
export function relativeDays(fromDate: string, toDate: string): string {
  const n = daysBetween(fromDate, toDate);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}
