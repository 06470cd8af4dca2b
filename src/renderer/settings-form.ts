// The settings form: each field applies as it changes (no Save step). Its text is checked here
// with the settings schema's rules for a message at once, then only that field goes to main,
// whose answer is final (its per-field messages are shown next to the fields, like ours). Byte
// thresholds are stored in bytes: switching GB and GiB shows the same amounts in the other unit
// and changes nothing stored. The fields are the table in settings-validate.ts.
import type { SettingsUpdateResult, TrafficApi } from '../shared/ipc.js';
import type { AppSettings, SettingsPatch } from '../shared/settings.js';
import { byId, el, setText } from './dom.js';
import type { Units } from '../shared/bytes.js';
import { FIELDS, checkField, fieldForPath, shownValue, type FieldName, type FieldSpec, type RawValue } from './settings-validate.js';

export interface SettingsForm {
  /** Refills the fields from the settings, except one being edited or holding a refused value. */
  render(settings: AppSettings, localTimeZone: string): void;
}

const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Kyiv',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
];

/** A field's control: one input or select, or a group of radios sharing its name. */
interface Control {
  spec: FieldSpec;
  /** What gets focus and aria-invalid. */
  target: HTMLElement;
  read(): RawValue;
  write(value: RawValue): void;
  /** Whether the user is in the middle of editing it (focused text). */
  editing(): boolean;
}

function controlFor(form: HTMLFormElement, spec: FieldSpec): Control {
  const radios = [...form.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${spec.name}"]`)];
  if (radios.length > 0) {
    return {
      spec,
      target: form.querySelector<HTMLElement>(`[role="radiogroup"][data-field="${spec.name}"]`) ?? radios[0]!,
      read: () => radios.find((r) => r.checked)?.value ?? '',
      write: (v) => radios.forEach((r) => (r.checked = r.value === v)),
      editing: () => false,
    };
  }
  const e = byId(`set-${spec.name}`);
  if (e instanceof HTMLInputElement && e.type === 'checkbox') {
    return { spec, target: e, read: () => e.checked, write: (v) => (e.checked = v === true), editing: () => false };
  }
  if (!(e instanceof HTMLInputElement || e instanceof HTMLSelectElement)) throw new Error(`#set-${spec.name} is not a form control`);
  return {
    spec,
    target: e,
    // A number field holding text that is no number reads as empty; say it is no number instead.
    read: () => (e instanceof HTMLInputElement && e.validity.badInput ? 'not a number' : e.value),
    write: (v) => {
      e.value = String(v);
    },
    editing: () => document.activeElement === e,
  };
}

export function createSettingsForm(api: TrafficApi): SettingsForm {
  const form = byId('settings-form', HTMLFormElement);
  const status = byId('settings-status');
  const zones = byId('time-zones');
  const advanced = byId('settings-advanced', HTMLDetailsElement);
  const controls = new Map<FieldName, Control>(FIELDS.map((spec) => [spec.name, controlFor(form, spec)]));

  let current: AppSettings | null = null;
  /** Fields showing a refusal: their text stays until fixed (a refill would hide the mistake). */
  const refused = new Set<FieldName>();
  /** Changes on their way to main, per field; and the latest sent, whose answer alone is shown. */
  const sending = new Map<FieldName, number>();
  const latest = new Map<FieldName, number>();
  let sent = 0;
  let zonesFor = '';
  // One change at a time reaches main, in the order made.
  let queue: Promise<void> = Promise.resolve();

  const units = (): Units => (current?.units === 'GiB' ? 'GiB' : 'GB');

  function setStatus(text: string, tone: 'ok' | 'bad' | ''): void {
    status.className = `form-status${tone ? ` form-status-${tone}` : ''}`;
    setText(status, text);
  }

  function showError(field: FieldName, message: string): void {
    const c = controls.get(field);
    if (!c) return;
    setText(byId(`err-${field}`), message);
    if (message) {
      refused.add(field);
      c.target.setAttribute('aria-invalid', 'true');
      if (advanced.contains(c.target)) advanced.open = true;
    } else {
      refused.delete(field);
      c.target.removeAttribute('aria-invalid');
    }
  }

  /** Shows the stored value in each field that is not being edited, refused or sent. */
  function fill(s: AppSettings): void {
    const u: Units = s.units;
    for (const s2 of form.querySelectorAll('.unit-name')) setText(s2, u);
    for (const [name, c] of controls) {
      if (refused.has(name) || (sending.get(name) ?? 0) > 0 || c.editing()) continue;
      c.write(shownValue(c.spec, s, u));
    }
  }

  function applyResult(field: FieldName, result: SettingsUpdateResult): void {
    if (result.ok) {
      // A unit change re-shows the byte thresholds from what is stored: their meaning stays.
      showError(field, '');
      current = result.settings;
      fill(result.settings);
      setStatus('Saved.', 'ok');
      return;
    }
    const unplaced: string[] = [];
    let placed = false;
    for (const [path, msg] of Object.entries(result.fields)) {
      const f = fieldForPath(path);
      // Main words them as "must be …" after the field's name, as the form does.
      if (f) {
        showError(f, `${FIELDS.find((x) => x.name === f)?.what ?? ''} ${msg}${/[.!?]$/.test(msg) ? '' : '.'}`.trim());
        placed = true;
      } else unplaced.push(`${path} ${msg}.`);
    }
    setStatus(placed && unplaced.length === 0 ? 'Not saved: see the message next to the field.' : [result.message, ...unplaced].join(' '), 'bad');
  }

  function send(field: FieldName, patch: SettingsPatch): void {
    const seq = ++sent;
    latest.set(field, seq);
    sending.set(field, (sending.get(field) ?? 0) + 1);
    setStatus('Saving…', '');
    // Two quick edits of one field: only the answer to the last is shown (an earlier one would put
    // its value, or its refusal, beside what the user typed since).
    const done = () => sending.set(field, (sending.get(field) ?? 1) - 1);
    queue = queue.then(() =>
      api.updateSettings(patch).then(
        (result) => {
          done();
          if (latest.get(field) !== seq) {
            if (result.ok) current = result.settings;
            return;
          }
          applyResult(field, result);
        },
        () => {
          done();
          setStatus('The change could not be saved (the app did not answer).', 'bad');
        },
      ),
    );
  }

  function changed(c: Control): void {
    const name = c.spec.name as FieldName;
    const check = checkField(c.spec, c.read(), units());
    if (!check.ok) {
      showError(name, check.message);
      setStatus('Not saved: see the message next to the field.', 'bad');
      return;
    }
    showError(name, '');
    send(name, check.patch);
  }

  for (const c of controls.values()) {
    const targets = c.target.getAttribute('role') === 'radiogroup' ? [...c.target.querySelectorAll('input')] : [c.target];
    for (const t of targets) t.addEventListener('change', () => changed(c));
  }
  // Enter in a text field applies it, as leaving it does; nothing is submitted.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const active = document.activeElement;
    for (const c of controls.values()) if (c.target === active) changed(c);
  });

  return {
    render(settings, localTimeZone) {
      current = settings;
      if (zonesFor !== localTimeZone) {
        zonesFor = localTimeZone;
        const list = [...new Set([localTimeZone, ...COMMON_ZONES])];
        zones.replaceChildren(...list.map((z) => el('option', { attrs: { value: z } })));
      }
      fill(settings);
    },
  };
}
