// The three totals: the chosen range, today, and month to date.
import type { AppView, SeriesResponse } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { exactBytes, formatBytes } from '../shared/bytes.js';

export interface Summary {
  render(view: AppView, series: SeriesResponse | null, rangeName: string, loginName: string): void;
}

export function createSummary(): Summary {
  const range = byId('total-range');
  const rangeNote = byId('total-range-note');
  const today = byId('total-today');
  const todayNote = byId('total-today-note');
  const month = byId('total-month');
  const monthNote = byId('total-month-note');

  function figure(e: HTMLElement, bytes: number | null, units: AppView['settings']['units']): void {
    setText(e, bytes === null ? '–' : formatBytes(bytes, units));
    if (bytes === null) e.removeAttribute('title');
    else e.title = exactBytes(bytes);
  }

  return {
    render(view, series, rangeName, loginName) {
      const units = view.settings.units;
      const s = view.snapshot;
      // Before the first sync the zeros would be a claim; a dash says "not known yet".
      const known = s.lastSuccessAt !== null;
      figure(range, series ? series.totalBytes : null, units);
      setText(rangeNote, `${rangeName}, ${loginName}`);
      figure(today, known ? s.today.totalBytes : null, units);
      setText(todayNote, known ? `${s.today.date} · yesterday ${formatBytes(s.yesterday.totalBytes, units)}` : s.today.date);
      figure(month, known ? s.monthToDate.totalBytes : null, units);
      setText(monthNote, `since ${s.monthToDate.from}`);
    },
  };
}
