// Range presets (Today, Yesterday, 7 days, 30 days) and a checked custom range of two dates.
import { el } from './dom.js';
import { PRESETS, checkCustomRange, presetRange, type DateRange, type Preset } from './range.js';

export interface RangeSelection {
  preset: Preset;
  range: DateRange;
  /** For the summary sentence: "Today", "Last 7 days", "2026-11-01 to 2026-11-20". */
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

export function createRangePicker(root: HTMLElement, init: { today: string; onChange(selection: RangeSelection): void }): RangePicker {
  let today = init.today;
  let preset: Preset = 'today';
  let custom: DateRange = presetRange('7d', today);

  const buttons = new Map<Preset, HTMLButtonElement>();
  const group = el('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Range' } });
  for (const p of PRESETS) {
    const b = el('button', { class: 'segment', text: p.label, attrs: { type: 'button', 'aria-pressed': 'false', 'data-preset': p.id } });
    b.addEventListener('click', () => choose(p.id));
    buttons.set(p.id, b);
    group.append(b);
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
  root.replaceChildren(group, form);

  function selection(): RangeSelection {
    if (preset === 'custom') return { preset, range: { ...custom }, name: custom.from === custom.to ? custom.from : `${custom.from} to ${custom.to}` };
    return { preset, range: presetRange(preset, today), name: NAMES[preset] };
  }

  function paint(): void {
    for (const [p, b] of buttons) b.setAttribute('aria-pressed', String(p === preset));
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
    const check = checkCustomRange(from.value, to.value, today);
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
