// The API key in Settings: enter, replace, remove, and test the connection. Once saved, the key
// never comes back into the page: the form shows only "A key is stored (…last4)".
import type { KeyStatus, TrafficApi } from '../shared/ipc.js';
import { KEYCHAIN_START_ADVICE, KEYCHAIN_UNLOCK_ADVICE } from '../shared/keychain-advice.js';
import { el, setText } from './dom.js';
import { formatBytes, type Units } from '../shared/bytes.js';

export interface KeyForm {
  /** `demo`: the demo's built-in key is in use; the form offers only to paste the user's own. */
  render(key: KeyStatus, units: Units, demo: boolean): void;
}

/** Sends the key typed in `input`, empties the field on success, and says what went wrong otherwise. */
export async function submitKey(api: TrafficApi, input: HTMLInputElement, message: HTMLElement): Promise<boolean> {
  const apiKey = input.value.trim();
  if (apiKey === '') {
    message.textContent = 'Paste your API key first.';
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return false;
  }
  message.textContent = '';
  input.removeAttribute('aria-invalid');
  let result;
  try {
    result = await api.setKey({ apiKey });
  } catch {
    result = { ok: false as const, message: 'The key could not be saved (the app did not answer).' };
  }
  if (!result.ok) {
    message.textContent = result.message;
    input.setAttribute('aria-invalid', 'true');
    return false;
  }
  input.value = '';
  return true;
}

type Mode = 'view' | 'replace' | 'confirm-remove';

export function createKeyForm(root: HTMLElement, testButton: HTMLButtonElement, testResult: HTMLElement, api: TrafficApi): KeyForm {
  let mode: Mode = 'view';
  let key: KeyStatus | null = null;
  let units: Units = 'GB';
  let demo = false;
  let painted = '';

  function entryForm(replacing: boolean): HTMLElement {
    const input = el('input', {
      attrs: { id: 'key-input', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'key-msg' },
    });
    const message = el('p', { class: 'field-error', attrs: { id: 'key-msg', role: 'alert' } });
    const save = el('button', { class: 'button button-primary', text: 'Save key', attrs: { type: 'submit' } });
    const form = el(
      'form',
      { class: 'inline-form', attrs: { novalidate: '' } },
      el('label', { text: replacing ? 'New API key' : 'API key', attrs: { for: 'key-input' } }),
      input,
      save,
    );
    if (replacing) {
      const cancel = el('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
      cancel.addEventListener('click', () => setMode('view'));
      form.append(cancel);
    }
    form.append(message);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save.disabled = true;
      void submitKey(api, input, message).then((ok) => {
        save.disabled = false;
        if (ok) setMode('view');
      });
    });
    return form;
  }

  function paint(): void {
    if (!key) return;
    const signature = JSON.stringify([key, mode, demo]);
    if (signature === painted) return;
    painted = signature;
    const parts: HTMLElement[] = [];
    if (key.keychainError !== null) {
      parts.push(
        el('p', {
          class: 'field-error',
          text: `${key.keychainError} ${key.keychainLocked ? KEYCHAIN_UNLOCK_ADVICE : `${KEYCHAIN_START_ADVICE} Or set PROXY_SELLER_API_KEY in the environment.`}`,
        }),
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
      parts.push(entryForm(key.stored));
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
