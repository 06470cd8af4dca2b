// Date wording for the window: the ONE formatter every date the window shows goes through, in the
// user's locale (navigator.language, the language Chromium also draws its date inputs in). Main sends
// instants (epoch ms) and local dates (YYYY-MM-DD); they become words only here. One numeric style
// throughout ("11/26/2026", "26.11.2026"), as the custom range's date inputs show dates, so the range
// typed and the range drawn read alike. Pure (Intl only, no DOM). The dates themselves (the local day
// in a zone, calendar arithmetic) come from src/shared/local-dates.ts, the code main and the CLI use.
import { dateParts, daysBetween, localDateOf, utcMs } from '../shared/local-dates.js';

export interface DateFormat {
  /** The locale in use (the asked one when Intl knows it, else en-US). */
  readonly locale: string;
  /** A local date: "11/26/2026" (en-US), "26.11.2026" (de-DE). */
  date(localDate: string): string;
  /** The same without the year, for axis ticks: "11/26", "26.11.". */
  dayMonth(localDate: string): string;
  /** An instant's wall-clock time in `zone`: "2:00 PM", "14:00". */
  time(instant: number, zone: string): string;
  /** Date and time of an instant in `zone`: "11/26/2026, 2:00 PM", "26.11.2026, 14:00". */
  dateTime(instant: number, zone: string): string;
  /** Two local dates as a range: "11/20/2026 – 11/26/2026" (one date when they are the same). */
  range(from: string, to: string): string;
}

const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** "14:00" and "00:30" on a 24-hour clock, "2:00 PM" on a 12-hour one (as the locale keeps time). */
function timeOptions(locale: string): Intl.DateTimeFormatOptions {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return { hour: cycle === 'h12' || cycle === 'h11' ? 'numeric' : '2-digit', minute: '2-digit' };
}

/** A locale Intl knows (a bad or unknown tag falls back to en-US rather than throwing). */
function usableLocale(asked: string | undefined): string {
  try {
    return (asked && Intl.DateTimeFormat.supportedLocalesOf([asked])[0]) || 'en-US';
  } catch {
    return 'en-US';
  }
}

export function createDateFormat(askedLocale: string | undefined): DateFormat {
  const locale = usableLocale(askedLocale);
  const TIME = timeOptions(locale);
  // Gregorian always: the dates are Gregorian calendar dates (as the date inputs are).
  const base = { calendar: 'gregory' } as const;
  const cache = new Map<string, Intl.DateTimeFormat>();
  const formatter = (key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
    let f = cache.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...base, ...options });
      cache.set(key, f);
    }
    return f;
  };
  const atUtcNoon = (localDate: string): number => {
    const [y, m, d] = dateParts(localDate);
    return utcMs(y, m, d, 12);
  };
  const date = (localDate: string): string => formatter('date', { ...DATE, timeZone: 'UTC' }).format(atUtcNoon(localDate));
  return {
    locale,
    date,
    dayMonth: (localDate) => formatter('day-month', { month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(atUtcNoon(localDate)),
    time: (instant, zone) => formatter(`time ${zone}`, { ...TIME, timeZone: zone }).format(instant),
    // Built from the two parts, so the date reads exactly as date() writes it (and as the ticks do).
    dateTime: (instant, zone) => `${date(localDateOf(instant, zone))}, ${formatter(`time ${zone}`, { ...TIME, timeZone: zone }).format(instant)}`,
    range: (from, to) => (from === to ? date(from) : `${date(from)} – ${date(to)}`),
  };
}

/** "in 5 days", "today", "3 days ago" between two local dates. */
export function relativeDays(fromDate: string, toDate: string): string {
  const n = daysBetween(fromDate, toDate);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}
