// Range presets (Today, Yesterday, 7 days, 30 days) and a checked custom range of two dates, and the
// bar size: days (the default) or hours. A single day is always drawn by the hour.
import type { Granularity } from '../shared/ipc.js';
import { el } from './dom.js';
import type { DateFormat } from './format-time.js';
import { PRESETS, checkCustomRange, presetRange, type DateRange, type Preset } from './range.js';

export interface RangeSelection {
  preset: Preset;
  range: DateRange;
  /** What the bars are: hours for a single day, else the user's choice (days unless told). */
  granularity: Granularity;
  /** For the summary sentence: "Today", "Last 7 days", "11/01/2026 – 11/20/2026". */
  name: string;
}

export interface RangePicker {
  current(): RangeSelection;
  /** The local date changed (midnight, or another zone): presets move with it. Returns true if the range changed. */
  setToday(today: string): boolean;
}

const NAMES: Record<Exclude<Preset, 'custom'>, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

/** The window opens on the last 7 days, in daily bars. */
export const DEFAULT_PRESET: Preset = '7d';

const BAR_SIZES: ReadonlyArray<{ id: Granularity; label: string }> = [
  { id: 'day', label: 'Days' },
  { id: 'hour', label: 'Hours' },
];

function segmented(label: string): HTMLDivElement {
  return el('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': label } });
}

export function createRangePicker(root: HTMLElement, init: { today: string; format: DateFormat; onChange(selection: RangeSelection): void }): RangePicker {
  const fmt = init.format;
  let today = init.today;
  let preset: Preset = DEFAULT_PRESET;
  let custom: DateRange = presetRange('7d', today);
  let barSize: Granularity = 'day';

  const buttons = new Map<Preset, HTMLButtonElement>();
  const group = segmented('Range');
  for (const p of PRESETS) {
    const b = el('button', { class: 'segment', text: p.label, attrs: { type: 'button', 'aria-pressed': 'false', 'data-preset': p.id } });
    b.addEventListener('click', () => choose(p.id));
    buttons.set(p.id, b);
    group.append(b);
  }

  const sizeButtons = new Map<Granularity, HTMLButtonElement>();
  const sizes = segmented('Bars');
  sizes.classList.add('bar-size');
  for (const s of BAR_SIZES) {
    const b = el('button', { class: 'segment', text: s.label, attrs: { type: 'button', 'aria-pressed': 'false', 'data-granularity': s.id } });
    b.addEventListener('click', () => {
      if (barSize === s.id || singleDay()) return;
      barSize = s.id;
      paint();
      init.onChange(selection());
    });
    sizeButtons.set(s.id, b);
    sizes.append(b);
  }

  const from = el('input', { attrs: { id: 'range-from', type: 'date', 'aria-describedby': 'range-error' } });
  const to = el('input', { attrs: { id: 'range-to', type: 'date', 'aria-describedby': 'range-error' } });
  const error = el('p', { class: 'field-error', attrs: { id: 'range-error', role: 'alert' } });
  const form = el(
    'form',
    { class: 'custom-range', attrs: { novalidate: '', 'aria-label': 'Custom range' } },
    el('label', { text: 'From', attrs: { for: 'range-from' } }),
    from,
    el('label', { text: 'To', attrs: { for: 'range-to' } }),
    to,
    el('button', { class: 'button', text: 'Show', attrs: { type: 'submit' } }),
    error,
  );
  form.hidden = true;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applyCustom();
  });
  root.replaceChildren(group, sizes, form);

  function range(): DateRange {
    return preset === 'custom' ? { ...custom } : presetRange(preset, today);
  }

  function singleDay(): boolean {
    const r = range();
    return r.from === r.to;
  }

  function selection(): RangeSelection {
    const r = range();
    const granularity: Granularity = r.from === r.to ? 'hour' : barSize;
    const name = preset === 'custom' ? fmt.range(r.from, r.to) : NAMES[preset];
    return { preset, range: r, granularity, name };
  }

  function paint(): void {
    for (const [p, b] of buttons) b.setAttribute('aria-pressed', String(p === preset));
    const shown = selection().granularity;
    const one = singleDay();
    for (const [g, b] of sizeButtons) {
      b.setAttribute('aria-pressed', String(g === shown));
      b.disabled = one;
    }
    sizes.title = one ? 'A single day is shown hour by hour.' : '';
    form.hidden = preset !== 'custom';
    from.max = today;
    to.max = today;
  }

  function showError(field: 'from' | 'to' | null, message: string): void {
    error.textContent = message;
    for (const [name, input] of [['from', from], ['to', to]] as const) {
      if (field === name) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  function choose(p: Preset): void {
    if (p === 'custom') {
      if (preset !== 'custom') {
        // Start the custom range from what is on screen, so "Custom" alone changes nothing.
        const shown = selection().range;
        from.value = shown.from;
        to.value = shown.to;
      }
      preset = 'custom';
      custom = { from: from.value, to: to.value };
      showError(null, '');
      paint();
      from.focus();
      return;
    }
    preset = p;
    showError(null, '');
    paint();
    init.onChange(selection());
  }

  function applyCustom(): void {
    const check = checkCustomRange(from.value, to.value, today, fmt.date);
    if (!check.ok) {
      showError(check.field, check.message);
      return;
    }
    showError(null, '');
    custom = check.range;
    preset = 'custom';
    paint();
    init.onChange(selection());
  }

  paint();

  return {
    current: selection,
    setToday(next) {
      if (next === today) return false;
      today = next;
      paint();
      return preset !== 'custom';
    },
  };
}
