// The API key in Settings: enter (checked with the API first), replace, remove, and test the
// connection; a keychain that cannot be used disables the field and says why. Once saved, the key
// never comes back into the page: the form shows only "A key is stored (…last4)".
import type { KeyResult, KeyStatus, TrafficApi } from '../shared/ipc.js';
import { KEYCHAIN_HEADLESS_UNLOCK, KEYCHAIN_START_ADVICE, KEYCHAIN_UNLOCK_STEP } from '../shared/keychain-advice.js';
import { el, setText } from './dom.js';
import { formatBytes, type Units } from '../shared/bytes.js';

export interface KeyForm {
  /** `demo`: the demo's built-in key is in use; the form offers only to paste the user's own. */
  render(key: KeyStatus, units: Units, demo: boolean): void;
}

/** A key field with its Save button, message and "Store anyway" offer (the welcome's or Settings'). */
export interface KeyEntry {
  form: HTMLFormElement;
  input: HTMLInputElement;
  save: HTMLButtonElement;
  message: HTMLElement;
  /** Shown only after a check that could not tell whether the key is good. */
  anyway: HTMLButtonElement;
}

/**
 * Wires a key entry: Save checks the key with the API (through main) and stores it only if the
 * API answered; a refusal stays in the field's message with its reason. Where the answer said
 * nothing certain about the key, "Store anyway" stores it unchecked. `onStored` runs after either.
 */
export function wireKeyEntry(api: TrafficApi, entry: KeyEntry, onStored: () => void = () => {}): void {
  const { form, input, save, message, anyway } = entry;
  anyway.hidden = true;

  function fail(text: string): void {
    message.textContent = text;
    input.setAttribute('aria-invalid', 'true');
  }

  async function send(check: boolean): Promise<void> {
    const apiKey = input.value.trim();
    if (apiKey === '') {
      fail('Paste your API key first.');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    anyway.hidden = true;
    // The key being checked is the key shown: it cannot be edited under the check.
    save.disabled = true;
    input.readOnly = true;
    message.textContent = check ? 'Checking the key with Proxy-Seller…' : 'Storing the key…';
    let result: KeyResult;
    try {
      result = await api.setKey({ apiKey, check });
    } catch {
      result = { ok: false, message: 'The key could not be saved (the app did not answer).' };
    } finally {
      save.disabled = false;
      input.readOnly = false;
    }
    if (!result.ok) {
      fail(result.message);
      // Offered for this key only: typing another one withdraws it (below).
      anyway.hidden = !(check && result.storeAnyway === true);
      return;
    }
    input.value = '';
    message.textContent = '';
    onStored();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send(true);
  });
  anyway.addEventListener('click', () => void send(false));
  input.addEventListener('input', () => {
    anyway.hidden = true;
  });
}

/** Why the key cannot be entered while the keychain is unusable, and the one thing to do. */
export function keychainTrouble(key: KeyStatus): { why: string; remedy: string } | null {
  if (key.keychainError === null) return null;
  return key.keychainLocked
    ? { why: 'The system keychain is locked, so the key can be neither read nor saved.', remedy: `${KEYCHAIN_UNLOCK_STEP}, then press Check again.` }
    : { why: 'The system keychain is not available, so the key can be neither read nor saved.', remedy: `${KEYCHAIN_START_ADVICE} Then press Check again.` };
}

/** The key entry built in code (Settings), with the same parts as the welcome's. */
function keyEntry(label: string): KeyEntry & { root: HTMLElement } {
  const input = el('input', {
    attrs: { id: 'key-input', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'key-msg' },
  });
  const message = el('p', { class: 'field-error', attrs: { id: 'key-msg', role: 'alert' } });
  const save = el('button', { class: 'button button-primary', text: 'Save key', attrs: { type: 'submit' } });
  const anyway = el('button', { class: 'button', text: 'Store anyway', attrs: { id: 'key-anyway', type: 'button' } });
  const form = el('form', { class: 'inline-form', attrs: { novalidate: '' } }, el('label', { text: label, attrs: { for: 'key-input' } }), input, save);
  return { root: form, form, input, save, message, anyway };
}

type Mode = 'view' | 'replace' | 'confirm-remove';

export function createKeyForm(root: HTMLElement, testButton: HTMLButtonElement, testResult: HTMLElement, api: TrafficApi): KeyForm {
  let mode: Mode = 'view';
  let key: KeyStatus | null = null;
  let units: Units = 'GB';
  let demo = false;
  let painted = '';

  function entryForm(replacing: boolean, disabledBy: string | null): HTMLElement {
    const entry = keyEntry(replacing ? 'New API key' : 'API key');
    const { form, input, save, message, anyway } = entry;
    if (replacing) {
      const cancel = el('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
      cancel.addEventListener('click', () => setMode('view'));
      form.append(cancel);
    }
    form.append(anyway, message);
    if (disabledBy !== null) {
      // Nothing typed here could be saved: the field says why instead of failing on Save.
      input.disabled = true;
      save.disabled = true;
      input.setAttribute('aria-describedby', `${disabledBy} key-msg`);
    }
    wireKeyEntry(api, entry, () => setMode('view'));
    return form;
  }

  function paint(): void {
    if (!key) return;
    const signature = JSON.stringify([key, mode, demo]);
    if (signature === painted) return;
    painted = signature;
    const parts: HTMLElement[] = [];
    const trouble = key.fromEnv ? null : keychainTrouble(key);
    if (trouble) {
      const again = el('button', { class: 'button', text: 'Check again', attrs: { type: 'button' } });
      // A sync reads the keychain again (the controller looks whenever it was in error).
      again.addEventListener('click', () => {
        again.disabled = true;
        void api.refresh().finally(() => {
          again.disabled = false;
        });
      });
      parts.push(
        el(
          'div',
          { class: 'keychain-trouble', attrs: { id: 'keychain-why' } },
          el('p', { class: 'keychain-why', text: trouble.why }),
          el('p', { class: 'keychain-remedy' }, el('strong', { text: trouble.remedy }), ' ', again),
          el(
            'details',
            { class: 'keychain-more' },
            el('summary', { text: 'Details and other ways' }),
            el('p', { text: key.keychainError ?? '' }),
            key.keychainLocked ? el('p', {}, 'Without a desktop session: ', el('code', { text: KEYCHAIN_HEADLESS_UNLOCK })) : null,
            el('p', { text: 'Or set PROXY_SELLER_API_KEY in the environment: it wins over the keychain.' }),
          ),
        ),
      );
    }
    if (key.fromEnv) {
      parts.push(el('p', { text: `The key comes from the PROXY_SELLER_API_KEY environment variable${key.last4 ? ` (…${key.last4})` : ''}; it wins over a stored key.` }));
    }
    if (demo && mode !== 'replace') {
      // The built-in key is not the user's: nothing to show of it, nothing to remove.
      const own = el('button', { class: 'button', text: 'Use my own key', attrs: { type: 'button' } });
      own.addEventListener('click', () => setMode('replace'));
      parts.push(el('div', { class: 'row' }, el('p', { class: 'key-stored', text: 'Demo mode runs on a built-in key. Saving your own key leaves the demo.' }), own));
    } else if (key.stored && mode !== 'replace') {
      const replace = el('button', { class: 'button', text: 'Replace', attrs: { type: 'button' } });
      replace.addEventListener('click', () => setMode('replace'));
      const row = el('div', { class: 'row' }, el('p', { class: 'key-stored', text: `A key is stored (…${key.last4 ?? '????'})` }), replace);
      if (mode === 'confirm-remove') {
        const yes = el('button', { class: 'button button-danger', text: 'Remove the key', attrs: { type: 'button' } });
        const no = el('button', { class: 'button', text: 'Keep it', attrs: { type: 'button' } });
        const msg = el('p', { class: 'field-error', attrs: { role: 'alert' } });
        yes.addEventListener('click', () => {
          yes.disabled = true;
          void api.deleteKey().then(
            (r) => {
              if (r.ok) setMode('view');
              else {
                yes.disabled = false;
                msg.textContent = r.message;
              }
            },
            () => {
              yes.disabled = false;
              msg.textContent = 'The key could not be removed (the app did not answer).';
            },
          );
        });
        no.addEventListener('click', () => setMode('view'));
        row.append(el('span', { text: 'Remove it from the keychain?' }), yes, no, msg);
      } else {
        const remove = el('button', { class: 'button', text: 'Remove', attrs: { type: 'button' } });
        remove.addEventListener('click', () => setMode('confirm-remove'));
        row.append(remove);
      }
      parts.push(row);
    } else if (!key.stored || mode === 'replace') {
      parts.push(entryForm(key.stored, trouble ? 'keychain-why' : null));
      parts.push(el('p', { class: 'hint', text: "Find it on proxy-seller.com → Profile → API. If API access is limited to certain IPs, allow this computer's IP there too." }));
    }
    root.replaceChildren(...parts);
    if (mode === 'replace') root.querySelector('input')?.focus();
  }

  function setMode(m: Mode): void {
    mode = m;
    paint();
  }

  testButton.addEventListener('click', () => {
    testButton.disabled = true;
    testResult.className = 'test-result';
    setText(testResult, 'Testing…');
    void api.testConnection().then(
      (r) => {
        testButton.disabled = false;
        if (r.ok) {
          testResult.className = 'test-result test-ok';
          setText(testResult, `Connected. Package ${r.package.key}: ${formatBytes(r.package.leftBytes, units)} left of ${formatBytes(r.package.limitBytes, units)}.`);
        } else {
          testResult.className = 'test-result test-bad';
          setText(testResult, `${r.problem.message} ${r.problem.action}`);
        }
      },
      () => {
        testButton.disabled = false;
        testResult.className = 'test-result test-bad';
        setText(testResult, 'The test could not run (the app did not answer).');
      },
    );
  });

  return {
    render(next, nextUnits, nextDemo) {
      units = nextUnits;
      // Entering or leaving the demo ends a replace or remove in progress.
      if (nextDemo !== demo) mode = 'view';
      demo = nextDemo;
      // A stored key that vanished (removed elsewhere) ends a replace or remove in progress.
      if (!next.stored && mode !== 'view') mode = 'view';
      key = next;
      paint();
    },
  };
}
