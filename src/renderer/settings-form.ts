// The settings form: filled from the view, checked here for quick feedback, then sent to main, whose
// answer is final (its per-field messages are shown next to the fields, like ours).
import type { SettingsUpdateResult, TrafficApi } from '../shared/ipc.js';
import type { AppSettings } from '../shared/settings.js';
import { byId, el, setText } from './dom.js';
import { bytesToUnitField, unitBytes, type Units } from '../shared/bytes.js';
import { FIELD_NAMES, checkSettingsForm, fieldForPath, type FieldName, type RawSettings } from './settings-validate.js';

export interface SettingsForm {
  /** Refills the form from the settings unless the user is editing it. */
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

export function createSettingsForm(api: TrafficApi): SettingsForm {
  const form = byId('settings-form', HTMLFormElement);
  const status = byId('settings-status');
  const reset = byId('settings-reset', HTMLButtonElement);
  const zones = byId('time-zones');
  const input = (name: string): HTMLInputElement => byId(`set-${name}`, HTMLInputElement);
  const apiVersion = byId('set-apiVersion', HTMLSelectElement);
  const trayFigure = byId('set-trayFigure', HTMLSelectElement);
  const trayStyle = byId('set-trayStyle', HTMLSelectElement);
  const unitRadios = [...form.querySelectorAll<HTMLInputElement>('input[name="units"]')];
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');

  let current: AppSettings | null = null;
  let dirty = false;
  let shownUnits: Units = 'GB';
  let zonesFor = '';

  function checkedUnits(): string {
    return unitRadios.find((r) => r.checked)?.value ?? '';
  }

  function setUnitNames(units: Units): void {
    for (const s of form.querySelectorAll('.unit-name')) setText(s, units);
  }

  function fill(s: AppSettings): void {
    apiVersion.value = s.apiVersion;
    input('apiTimeZone').value = s.apiTimeZone;
    input('pollIntervalMinutes').value = String(s.pollIntervalMinutes);
    for (const r of unitRadios) r.checked = r.value === s.units;
    shownUnits = s.units;
    setUnitNames(s.units);
    input('dailyThreshold').value = bytesToUnitField(s.alerts.dailyThresholdBytes, s.units);
    input('leftBelowPercent').value = s.alerts.leftBelowPercent === null ? '' : String(s.alerts.leftBelowPercent);
    input('leftBelowBytes').value = bytesToUnitField(s.alerts.leftBelowBytes, s.units);
    input('expiresWithinDays').value = s.alerts.expiresWithinDays === null ? '' : String(s.alerts.expiresWithinDays);
    input('renewed').checked = s.alerts.renewed;
    input('notificationsEnabled').checked = s.notificationsEnabled;
    input('launchAtLogin').checked = s.launchAtLogin;
    trayFigure.value = s.trayFigure;
    trayStyle.value = s.trayStyle;
    dirty = false;
  }

  function raw(): RawSettings {
    return {
      apiVersion: apiVersion.value,
      apiTimeZone: input('apiTimeZone').value,
      pollIntervalMinutes: input('pollIntervalMinutes').value,
      units: checkedUnits(),
      dailyThreshold: input('dailyThreshold').value,
      leftBelowPercent: input('leftBelowPercent').value,
      leftBelowBytes: input('leftBelowBytes').value,
      expiresWithinDays: input('expiresWithinDays').value,
      renewed: input('renewed').checked,
      notificationsEnabled: input('notificationsEnabled').checked,
      launchAtLogin: input('launchAtLogin').checked,
      trayFigure: trayFigure.value,
      trayStyle: trayStyle.value,
    };
  }

  function controlOf(field: FieldName): HTMLElement {
    if (field === 'units') return form.querySelector<HTMLElement>('[role="radiogroup"]') ?? form;
    if (field === 'apiVersion') return apiVersion;
    if (field === 'trayFigure') return trayFigure;
    if (field === 'trayStyle') return trayStyle;
    return input(field);
  }

  function showErrors(errors: Partial<Record<FieldName, string>>): void {
    let first: HTMLElement | null = null;
    for (const f of FIELD_NAMES) {
      const msg = errors[f] ?? '';
      setText(byId(`err-${f}`), msg);
      const control = controlOf(f);
      if (msg) {
        control.setAttribute('aria-invalid', 'true');
        first ??= control;
      } else control.removeAttribute('aria-invalid');
    }
    if (first) (first.getAttribute('role') === 'radiogroup' ? unitRadios[0] : first)?.focus();
  }

  function setStatus(text: string, tone: 'ok' | 'bad' | ''): void {
    status.className = `form-status${tone ? ` form-status-${tone}` : ''}`;
    setText(status, text);
  }

  function applyResult(result: SettingsUpdateResult): void {
    if (result.ok) {
      showErrors({});
      fill(result.settings);
      current = result.settings;
      setStatus('Saved.', 'ok');
      return;
    }
    const errors: Partial<Record<FieldName, string>> = {};
    const unplaced: string[] = [];
    for (const [path, msg] of Object.entries(result.fields)) {
      const f = fieldForPath(path);
      // Main words them as "must be …" after the field's name; next to the field, a sentence reads better.
      const sentence = `${msg.charAt(0).toUpperCase()}${msg.slice(1)}${/[.!?]$/.test(msg) ? '' : '.'}`;
      if (f) errors[f] = errors[f] ? `${errors[f]} ${sentence}` : sentence;
      else unplaced.push(`${path} ${msg}.`);
    }
    showErrors(errors);
    setStatus(unplaced.length > 0 || Object.keys(errors).length === 0 ? [result.message, ...unplaced].join(' ') : 'Not saved: see the messages next to the fields.', 'bad');
  }

  form.addEventListener('input', () => {
    dirty = true;
    setStatus('', '');
  });

  // Switching units re-expresses the byte thresholds, so the amounts keep their meaning.
  for (const r of unitRadios) {
    r.addEventListener('change', () => {
      const next = checkedUnits();
      if (next !== 'GB' && next !== 'GiB') return;
      for (const name of ['dailyThreshold', 'leftBelowBytes']) {
        const f = input(name);
        const n = Number(f.value);
        if (f.value.trim() !== '' && Number.isFinite(n)) f.value = bytesToUnitField(Math.round(n * unitBytes(shownUnits)), next);
      }
      shownUnits = next;
      setUnitNames(next);
    });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const check = checkSettingsForm(raw());
    if (!check.ok) {
      showErrors(check.errors);
      setStatus('Some settings need a fix (see the messages next to them).', 'bad');
      return;
    }
    showErrors({});
    setStatus('Saving…', '');
    if (submit) submit.disabled = true;
    void api.updateSettings(check.patch).then(
      (result) => {
        if (submit) submit.disabled = false;
        applyResult(result);
      },
      () => {
        if (submit) submit.disabled = false;
        setStatus('The settings could not be saved (the app did not answer).', 'bad');
      },
    );
  });

  reset.addEventListener('click', () => {
    if (current) fill(current);
    showErrors({});
    setStatus('', '');
  });

  return {
    render(settings, localTimeZone) {
      current = settings;
      if (zonesFor !== localTimeZone) {
        zonesFor = localTimeZone;
        const list = [...new Set([localTimeZone, ...COMMON_ZONES])];
        zones.replaceChildren(...list.map((z) => el('option', { attrs: { value: z } })));
      }
      if (!dirty) fill(settings);
    },
  };
}
