// Settings → Alerts for one package (settings.packages): with more than one package, a chooser
// ("All packages (shared)", then each package by its label, grouped by account as the switcher
// does). With a package chosen, the shared alert fields give way to that package's own: each shows
// its own value, or is empty with the shared value as its placeholder and hint; emptying a field
// gives it back to the shared value. "Notifications for this package" can only silence it, and
// "Use the shared settings" drops its entry (undoable by setting values again, so no confirmation).
// Every change sends that package's whole entry (`packages: { id: entry }`), checked first by the
// shared form's rules (settings-validate.ts); main's refusals are marked on their fields, as the
// shared form marks its own. The fields are made from the same table and labels as the shared ones.
import type { AppView, SettingsUpdateResult, TrafficApi } from '../shared/ipc.js';
import { OR_OFF, type AppSettings, type PackageSettings } from '../shared/settings.js';
import type { Units } from '../shared/bytes.js';
import { byId, el, setText } from './dom.js';
import { ALERT_FIELDS, PACKAGE_OFF, alertWords, checkPackageField, entryWith, entryWithNotifications, fieldForPath, shownOf, type AlertFieldSpec } from './settings-validate.js';

export interface PackageAlerts {
  /** Refills the chooser and the chosen package's fields, except one being edited, sent or refused. */
  render(view: AppView): void;
  /** Shows a package's own settings (from its "own alerts" mark); the chooser gets the focus. */
  choose(packageId: string): void;
}

/** The package switch's field name, beside the alert fields' names. */
const NOTIFY = 'notificationsEnabled';
const NOTIFY_WHAT = 'Notifications for this package';
const SHARED = '';

interface PackageControl {
  name: string;
  spec: AlertFieldSpec | null;
  target: HTMLInputElement | HTMLSelectElement;
  hint: HTMLElement;
  error: HTMLElement;
}

/** A copy of the shared field's label for the package's field (one wording, one unit span). */
function labelFor(spec: AlertFieldSpec, forId: string): HTMLLabelElement {
  const shared = document.querySelector(`label[for="set-${spec.name}"]`);
  const label = el('label', { attrs: { for: forId } });
  if (shared) label.append(...[...shared.childNodes].map((n) => n.cloneNode(true)));
  return label;
}

function controlOf(spec: AlertFieldSpec): { control: PackageControl; field: HTMLElement } {
  const id = `pkg-${spec.name}`;
  const hint = el('p', { class: 'hint', attrs: { id: `pkg-hint-${spec.name}` } });
  const error = el('p', { class: 'field-error', attrs: { id: `pkg-err-${spec.name}` } });
  let target: HTMLInputElement | HTMLSelectElement;
  if (spec.kind === 'flag') {
    // A checkbox cannot say "as shared": a choice of three can.
    target = el('select', {}, el('option', { text: 'As shared', attrs: { value: '' } }), el('option', { text: 'On', attrs: { value: 'true' } }), el('option', { text: 'Off', attrs: { value: 'false' } }));
  } else {
    // The shared input's type, range and step; its own id, placeholder and messages. An alert that
    // can be off takes the word "off" too (for this package alone), so its field takes text.
    const shared = byId(`set-${spec.name}`, HTMLInputElement);
    target = shared.cloneNode(false) as HTMLInputElement;
    if ('optional' in spec && spec.optional) {
      target.type = 'text';
      target.inputMode = 'decimal';
      target.removeAttribute('step');
    }
    target.value = '';
  }
  target.id = id;
  target.name = id;
  target.setAttribute('aria-describedby', `${hint.id} ${error.id}`);
  const field = el('div', { class: 'field', attrs: { 'data-field': spec.name } }, labelFor(spec, id), target, hint, error);
  return { control: { name: spec.name, spec, target, hint, error }, field };
}

export function createPackageAlerts(api: Pick<TrafficApi, 'updateSettings'>): PackageAlerts {
  const chooserField = byId('field-alertsPackage');
  const chooser = byId('alerts-package', HTMLSelectElement);
  const shared = byId('shared-alerts');
  const section = byId('package-alerts');

  const controls = new Map<string, PackageControl>();
  const fields: HTMLElement[] = [];
  for (const spec of ALERT_FIELDS) {
    const { control, field } = controlOf(spec);
    controls.set(spec.name, control);
    fields.push(field);
  }
  const notify = el('input', { attrs: { id: `pkg-${NOTIFY}`, name: `pkg-${NOTIFY}`, type: 'checkbox', 'aria-describedby': `pkg-hint-${NOTIFY} pkg-err-${NOTIFY}` } });
  const notifyHint = el('p', { class: 'hint', attrs: { id: `pkg-hint-${NOTIFY}` } });
  const notifyError = el('p', { class: 'field-error', attrs: { id: `pkg-err-${NOTIFY}` } });
  controls.set(NOTIFY, { name: NOTIFY, spec: null, target: notify, hint: notifyHint, error: notifyError });
  const useShared = el('button', { class: 'button', text: 'Use the shared settings', attrs: { id: 'pkg-use-shared', type: 'button', 'aria-describedby': 'pkg-use-shared-hint' } });
  const status = el('p', { class: 'form-status', attrs: { id: 'package-alerts-status', role: 'status' } });
  section.replaceChildren(
    el('p', { class: 'hint', attrs: { id: 'package-alerts-hint' }, text: 'Values for this package alone. An empty field goes by the shared value (shown in it, greyed); “off” turns that alert off for this package.' }),
    ...fields,
    el('div', { class: 'field field-check' }, notify, el('label', { text: NOTIFY_WHAT, attrs: { for: notify.id } }), notifyHint, notifyError),
    el('div', { class: 'row' }, useShared, el('span', { class: 'hint', attrs: { id: 'pkg-use-shared-hint' }, text: 'Forgets this package’s own values.' })),
    status,
  );

  let settings: AppSettings | null = null;
  let shownFor = '';
  /**
   * Per package, the entry its next change builds on while an answer is due (the last one sent),
   * kept across a switch of the chooser: an entry replaces the package's settings whole, so a change
   * built on the stored one meanwhile would undo the one on its way.
   */
  const drafts = new Map<string, PackageSettings | null>();
  /** Per package, the number of its last change sent: only that one's answer settles it. */
  const lastSent = new Map<string, number>();
  /** The packages' labels, for a refusal told after the chooser moved on. */
  const labels = new Map<string, string>();
  const refused = new Set<string>();
  /** Changes on their way to main, per package and field ("<id> <field>"). */
  const sending = new Map<string, number>();
  let sent = 0;
  let queue: Promise<void> = Promise.resolve();

  const chosen = (): string => (chooserField.hidden ? SHARED : chooser.value);
  const units = (): Units => (settings?.units === 'GiB' ? 'GiB' : 'GB');
  const stored = (id: string): PackageSettings | undefined => (settings && Object.hasOwn(settings.packages, id) ? settings.packages[id] : undefined);
  const base = (id: string): PackageSettings | undefined => (drafts.has(id) ? (drafts.get(id) ?? undefined) : stored(id));

  function setStatus(text: string, tone: 'ok' | 'bad' | ''): void {
    status.className = `form-status${tone ? ` form-status-${tone}` : ''}`;
    setText(status, text);
  }

  function showError(name: string, message: string): void {
    const c = controls.get(name);
    if (!c) return;
    setText(c.error, message);
    if (message) {
      refused.add(name);
      c.target.setAttribute('aria-invalid', 'true');
    } else {
      refused.delete(name);
      c.target.removeAttribute('aria-invalid');
    }
  }

  function clearErrors(): void {
    for (const name of [...refused]) showError(name, '');
    setStatus('', '');
  }

  /** Shows the chosen package's values (and the shared ones beside them) in each field not being edited, sent or refused. */
  function fill(all = false): void {
    const id = chosen();
    if (!settings || id === SHARED) return;
    const s = settings;
    const u = units();
    const entry = base(id);
    for (const c of controls.values()) {
      // Text being typed stays; a ticked box or a chosen option is no edit under way.
      const typing = c.target instanceof HTMLInputElement && c.target.type !== 'checkbox' && document.activeElement === c.target;
      const busy = !all && (refused.has(c.name) || (sending.get(`${id} ${c.name}`) ?? 0) > 0 || typing);
      if (c.spec === null) {
        if (!busy && c.target instanceof HTMLInputElement) c.target.checked = entry?.notificationsEnabled !== false;
        setText(c.hint, s.notificationsEnabled ? (entry?.notificationsEnabled === false ? 'Off for this package alone.' : 'On, as for all packages.') : 'Notifications are off for all packages (System → Show notifications): none is shown for this one either.');
        continue;
      }
      const spec = c.spec;
      const key = spec.setting.alert;
      const sharedValue = s.alerts[key];
      const own: unknown = entry?.alerts && Object.hasOwn(entry.alerts, key) ? entry.alerts[key] : undefined;
      const sharedWords = alertWords(spec, sharedValue, u);
      if (c.target instanceof HTMLSelectElement) {
        const first = c.target.options[0];
        if (first) setText(first, `As shared (${sharedWords})`);
        if (!busy) c.target.value = own === undefined ? '' : String(own === true);
      } else {
        const shownShared = shownOf(spec, sharedValue, u);
        // Its own "off" (null) says so in the field too, not the shared value it does not go by.
        c.target.placeholder = own === null || shownShared === '' ? 'off' : String(shownShared);
        if (!busy) c.target.value = own === undefined ? '' : own === null ? PACKAGE_OFF : String(shownOf(spec, own, u));
      }
      // Its own "off" (null, from a file) looks empty like "shared": the hint tells them apart.
      setText(c.hint, own === undefined ? `Shared: ${sharedWords}` : `This package: ${alertWords(spec, own, u)} (shared: ${sharedWords})`);
    }
    // Nothing of its own left: the button goes, and a focus on it moves to the chooser, not the page.
    if (entry === undefined && document.activeElement === useShared) chooser.focus();
    useShared.disabled = entry === undefined;
  }

  function paintChooser(view: AppView): void {
    const packages = view.accounts.flatMap((a) => a.packages);
    for (const p of packages) labels.set(p.id, p.label);
    // With one package too, when it has settings of its own: they apply, so they must be seen and undone.
    const hide = packages.length < 2 && !packages.some((p) => Object.hasOwn(view.settings.packages, p.id));
    // The one package's own settings just forgotten: the focus goes to the shared fields it goes by now.
    const focused = document.activeElement;
    if (hide && !chooserField.hidden && focused instanceof HTMLElement && (focused === chooser || section.contains(focused))) {
      chooserField.hidden = true;
      chosenChanged();
      shared.querySelector<HTMLElement>('input, select')?.focus();
    }
    chooserField.hidden = hide;
    const signature = JSON.stringify(view.accounts.map((a) => [a.name, a.packages.map((p) => [p.id, p.label])]));
    if (signature !== shownFor) {
      shownFor = signature;
      const before = chooser.value;
      const groups = view.accounts
        .filter((a) => a.packages.length > 0)
        .map((a) => {
          const group = el('optgroup', {}, ...a.packages.map((p) => el('option', { text: p.label, attrs: { value: p.id } })));
          // The label attribute is text: an account's name is never parsed.
          group.label = a.name === '' ? 'Main account' : a.name;
          return group;
        });
      chooser.replaceChildren(el('option', { text: 'All packages (shared)', attrs: { value: SHARED } }), ...groups);
      chooser.value = packages.some((p) => p.id === before) ? before : SHARED;
      if (chooser.value !== before) chosenChanged();
    }
  }

  /** The shared fields or the chosen package's. */
  function chosenChanged(): void {
    const id = chosen();
    clearErrors();
    shared.hidden = id !== SHARED;
    section.hidden = id === SHARED;
    fill(true);
  }

  function applyResult(id: string, result: SettingsUpdateResult, field: string): void {
    drafts.delete(id);
    if (result.ok) {
      settings = result.settings;
      if (id !== chosen()) {
        fill();
        return;
      }
      showError(field, '');
      fill();
      setStatus('Saved.', 'ok');
      return;
    }
    // What was refused is not stored: the next change builds on what is. Said even when the
    // chooser moved on meanwhile (naming the package), or the user would think it saved.
    if (id !== chosen()) {
      setStatus(`Not saved for ${labels.get(id) ?? 'the package chosen before'}: ${result.message}`, 'bad');
      return;
    }
    const unplaced: string[] = [];
    for (const [path, msg] of Object.entries(result.fields)) {
      const name = path.endsWith(`.${NOTIFY}`) ? NOTIFY : fieldForPath(path);
      const c = name === null ? undefined : controls.get(name);
      const rule = msg.endsWith(OR_OFF) ? msg.slice(0, -OR_OFF.length) : msg;
      if (c) showError(c.name, `${c.spec?.what ?? NOTIFY_WHAT} ${rule}${/[.!?]$/.test(rule) ? '' : '.'}`);
      else unplaced.push(`${path} ${msg}.`);
    }
    setStatus(unplaced.length === 0 && Object.keys(result.fields).length > 0 ? 'Not saved: see the message next to the field.' : [result.message, ...unplaced].join(' '), 'bad');
  }

  /** Sends the package's whole entry (null: none of its own); one change at a time, in the order made. */
  function send(id: string, field: string, entry: PackageSettings | null): void {
    drafts.set(id, entry);
    const seq = ++sent;
    lastSent.set(id, seq);
    const key = `${id} ${field}`;
    sending.set(key, (sending.get(key) ?? 0) + 1);
    setStatus('Saving…', '');
    const done = () => sending.set(key, (sending.get(key) ?? 1) - 1);
    queue = queue.then(() =>
      api.updateSettings({ packages: { [id]: entry } }).then(
        (result) => {
          done();
          // A later change of this package is on its way, built on this one: its answer settles it.
          if (seq !== lastSent.get(id)) {
            if (result.ok) settings = result.settings;
            return;
          }
          applyResult(id, result, field);
        },
        () => {
          done();
          if (seq === lastSent.get(id)) drafts.delete(id);
          setStatus('The change could not be saved (the app did not answer).', 'bad');
        },
      ),
    );
  }

  function changed(c: PackageControl): void {
    const id = chosen();
    if (id === SHARED || !settings) return;
    if (c.spec === null) {
      showError(c.name, '');
      send(id, c.name, entryWithNotifications(base(id), notify.checked));
      return;
    }
    const raw = c.target instanceof HTMLInputElement && c.target.validity.badInput ? 'not a number' : c.target.value;
    const check = checkPackageField(c.spec, raw, units());
    if (!check.ok) {
      showError(c.name, check.message);
      setStatus('Not saved: see the message next to the field.', 'bad');
      return;
    }
    showError(c.name, '');
    send(id, c.name, entryWith(base(id), c.spec.setting.alert, check.value));
  }

  for (const c of controls.values()) c.target.addEventListener('change', () => changed(c));
  // Enter in a field applies it, as leaving it does (the shared form keeps the page from submitting).
  byId('settings-form', HTMLFormElement).addEventListener('submit', () => {
    for (const c of controls.values()) if (c.target === document.activeElement) changed(c);
  });
  chooser.addEventListener('change', chosenChanged);
  useShared.addEventListener('click', () => {
    const id = chosen();
    if (id === SHARED) return;
    for (const name of [...refused]) showError(name, '');
    // The fields show the shared values again as soon as main agrees.
    for (const c of controls.values()) if (c.target instanceof HTMLInputElement && c.spec !== null) c.target.value = '';
    send(id, 'use-shared', null);
  });

  return {
    render(view) {
      settings = view.settings;
      paintChooser(view);
      const id = chosen();
      shared.hidden = id !== SHARED;
      section.hidden = id === SHARED;
      fill();
    },
    choose(packageId) {
      if (![...chooser.options].some((o) => o.value === packageId)) return;
      if (chooser.value !== packageId) {
        chooser.value = packageId;
        chosenChanged();
      }
      chooser.focus();
    },
  };
}
