// The chart's date range: presets relative to the local today, and the custom range's rules. Pure.
import { addDays, daysBetween, isLocalDate } from '../shared/local-dates.js';
import { HISTORY_DAYS } from '../shared/limits.js';

export type Preset = 'today' | 'yesterday' | '7d' | '30d' | 'custom';

export interface DateRange {
  from: string;
  to: string;
}

export const PRESETS: ReadonlyArray<{ id: Preset; label: string }> = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: 'custom', label: 'Custom' },
];

/** The dates a preset covers (inclusive), for the local `today`. */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): DateRange {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const y = addDays(today, -1);
      return { from: y, to: y };
    }
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
  }
}

/** Longest custom range: main keeps (and serves) this many days of history. */
export const MAX_RANGE_DAYS = HISTORY_DAYS;

export type RangeCheck =
  | { ok: true; range: DateRange }
  | { ok: false; field: 'from' | 'to'; message: string };

/**
 * Checks a custom range typed by the user; messages say what to change, with dates written by
 * `formatDate` (the window's one date formatter). The date inputs hand over '' until a date is whole.
 */
export function checkCustomRange(from: string, to: string, today: string, formatDate: (date: string) => string): RangeCheck {
  if (from === '') return { ok: false, field: 'from', message: 'Choose a start date.' };
  if (!isLocalDate(from)) return { ok: false, field: 'from', message: 'The start is not a real calendar date.' };
  if (to === '') return { ok: false, field: 'to', message: 'Choose an end date.' };
  if (!isLocalDate(to)) return { ok: false, field: 'to', message: 'The end is not a real calendar date.' };
  if (from > today) return { ok: false, field: 'from', message: `The start is in the future: pick ${formatDate(today)} or earlier.` };
  if (to > today) return { ok: false, field: 'to', message: `The end is in the future: pick ${formatDate(today)} or earlier.` };
  if (to < from) return { ok: false, field: 'to', message: 'The end must be on or after the start.' };
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
    return { ok: false, field: 'from', message: `Choose at most ${MAX_RANGE_DAYS} days.` };
  }
  return { ok: true, range: { from, to } };
}
