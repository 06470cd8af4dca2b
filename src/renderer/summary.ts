// The totals beside the package: today so far, month to date, and the chosen range. No card repeats
// another: the range card only when it says something the others do not (not Today for all
// logins), and on the 1st the month to date is today, so it is said once. With a price per GB each
// says what its traffic cost ("$14.03 at $2.20/GiB"); without one, nothing (no figure is made up).
import type { AppView, SeriesResponse } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { exactBytes, formatBytes } from '../shared/bytes.js';
import { shortDay } from '../shared/forecast-text.js';
import { localDateOf } from '../shared/local-dates.js';
import { costOfBytes, moneyText, type Money } from '../shared/money.js';
import { priceText } from '../shared/money-text.js';
import { HOUR_MS } from '../shared/time-constants.js';
import type { RangeSelection } from './range-picker.js';

export interface Summary {
  render(view: AppView, series: SeriesResponse | null, selection: RangeSelection, loginName: string, allLogins: boolean): void;
}

/**
 * Hours of the local day gone by at `now` (12.5 at 12:30; 13.5 at 12:30 on the day clocks go back):
 * the day's first instant is found on the clock, not assumed to be midnight minus the wall time.
 */
export function hoursSoFarToday(now: number, zone: string): number {
  const today = localDateOf(now, zone);
  // Local dates only move forward with time: search the first instant of today, to the millisecond.
  let lo = now - 27 * HOUR_MS; // before today began, in any zone and on any DST day
  let hi = now;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDateOf(mid, zone) === today) hi = mid;
    else lo = mid;
  }
  return Math.max(0, (now - hi) / HOUR_MS);
}

function hoursText(h: number): string {
  const r = Math.floor(h * 10) / 10;
  return `${Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1)} h`;
}

export function createSummary(): Summary {
  const rangeCard = byId('total-range-card');
  const range = byId('total-range');
  const rangeNote = byId('total-range-note');
  const today = byId('total-today');
  const todayNote = byId('total-today-note');
  const monthCard = byId('total-month-card');
  const month = byId('total-month');
  const monthNote = byId('total-month-note');
  const rangeCost = byId('total-range-cost');
  const todayCost = byId('total-today-cost');
  const monthCost = byId('total-month-cost');

  function figure(e: HTMLElement, bytes: number | null, units: AppView['settings']['units']): void {
    setText(e, bytes === null ? '–' : formatBytes(bytes, units));
    if (bytes === null) e.removeAttribute('title');
    else e.title = exactBytes(bytes);
  }

  /** "$14.03 at $2.20/GiB", or hidden when the cost is not known. */
  function cost(e: HTMLElement, amount: Money | null, price: Money | null, now: number, zone: string): void {
    e.hidden = amount === null || price === null;
    const ctx = { now, zone, locale: navigator.language };
    setText(e, amount === null || price === null ? '' : `${moneyText(amount, ctx.locale)} at ${priceText(price, ctx)}`);
  }

  return {
    render(view, series, selection, loginName, allLogins) {
      const units = view.settings.units;
      const s = view.snapshot;
      // Before the first sync the zeros would be a claim; a dash says "not known yet".
      const known = s.lastSuccessAt !== null;
      const date = s.today.date;
      const isToday = selection.range.from === date && selection.range.to === date;
      rangeCard.hidden = isToday && allLogins;
      figure(range, series ? series.totalBytes : null, units);
      setText(rangeNote, `${selection.name}, ${loginName}`);

      // On the 1st, month to date and today are one figure: the today card says so instead.
      const firstOfMonth = s.monthToDate.from === date;
      monthCard.hidden = firstOfMonth;
      figure(today, known ? s.today.totalBytes : null, units);
      const soFar = `so far today (${hoursText(hoursSoFarToday(s.generatedAt, s.localTimeZone))})`;
      const yesterday = `yesterday ${formatBytes(s.yesterday.totalBytes, units)}`;
      setText(todayNote, known ? `${soFar}${firstOfMonth ? ', the month to date too' : ''} · ${yesterday}` : shortDay(date, date, navigator.language));
      figure(month, known ? s.monthToDate.totalBytes : null, units);
      setText(monthNote, `since ${shortDay(s.monthToDate.from, date, navigator.language)}`);

      const price = s.money.pricePerGb;
      cost(rangeCost, series && price ? costOfBytes(series.totalBytes, price) : null, price, s.generatedAt, s.localTimeZone);
      // The month to date's cost is the core's (the same rule: its bytes at the price); on the 1st it is today's too.
      const monthMoney = known ? s.money.monthToDateCost : null;
      cost(monthCost, firstOfMonth ? null : monthMoney, price, s.generatedAt, s.localTimeZone);
      cost(todayCost, firstOfMonth ? monthMoney : null, price, s.generatedAt, s.localTimeZone);
    },
  };
}
