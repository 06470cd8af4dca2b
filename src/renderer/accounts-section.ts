// Settings → Accounts: every account (its name, its key as …last4, which is the default), adding one
// (a name and a key, checked with the API by main before anything is stored), removing one (after a
// confirmation), making one the default, and naming its packages. A key typed here goes to main once
// and never comes back: only its last four characters do. Names are the user's text: set as text only.
import type { AccountView, AppView, KeyResult, TrafficApi } from '../shared/ipc.js';
import { el, setText } from './dom.js';
import { validateAccountName } from '../shared/accounts.js';
import { errorMessage } from '../shared/error-message.js';

export interface AccountsSection {
  render(view: AppView): void;
}

type Api = Pick<TrafficApi, 'addAccount' | 'removeAccount' | 'setDefaultAccount' | 'namePackage'>;

/** The account as the list names it. */
function accountTitle(a: AccountView): string {
  return a.name === '' ? 'From PROXY_SELLER_API_KEY' : a.name;
}

/** Why accounts cannot be changed now, or null. */
function lockedReason(view: AppView): string | null {
  if (view.demo) return 'The demo’s accounts cannot be changed. Leave the demo to manage your own.';
  if (view.key.fromEnv) return 'PROXY_SELLER_API_KEY is set: it is the only account while it is. Unset it to manage accounts.';
  return null;
}

/** Why the name cannot be an account's by the shared rule (main's words), or null. */
function nameRefusal(name: string): string | null {
  try {
    validateAccountName(name);
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}


/** Runs a call, turning a failed IPC call into a refusal in words. */
async function attempt(call: () => Promise<KeyResult>, what: string): Promise<KeyResult> {
  try {
    return await call();
  } catch {
    return { ok: false, message: `${what} (the app did not answer).` };
  }
}

export function createAccountsSection(root: HTMLElement, api: Api): AccountsSection {
  let view: AppView | null = null;
  let painted = '';
  /** The account whose removal waits for a confirmation, and the package being renamed. */
  let confirming: string | null = null;
  let renaming: string | null = null;
  /** A message for one account or package row (its id), after a refused action. */
  let rowMessage: { id: string; text: string } | null = null;

  const list = el('ul', { class: 'accounts-list', attrs: { 'aria-label': 'Accounts' } });
  const locked = el('p', { class: 'hint accounts-locked' });
  const nameInput = el('input', { attrs: { id: 'account-name', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '40', 'aria-describedby': 'account-msg' } });
  const keyInput = el('input', { attrs: { id: 'account-key', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'account-msg' } });
  const add = el('button', { class: 'button button-primary', text: 'Add account', attrs: { type: 'submit' } });
  const message = el('p', { class: 'field-error', attrs: { id: 'account-msg', role: 'alert' } });
  const form = el(
    'form',
    { class: 'inline-form account-add', attrs: { novalidate: '', 'aria-label': 'Add an account' } },
    el('label', { text: 'Name', attrs: { for: 'account-name' } }),
    nameInput,
    el('label', { text: 'API key', attrs: { for: 'account-key' } }),
    keyInput,
    add,
    message,
  );
  root.replaceChildren(locked, list, el('h3', { text: 'Add an account' }), form, el('p', { class: 'hint', text: 'Each account’s key is checked with Proxy-Seller, then kept in the system keychain under its own entry.' }));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void addAccount();
  });

  async function addAccount(): Promise<void> {
    const name = nameInput.value.trim();
    const apiKey = keyInput.value.trim();
    nameInput.removeAttribute('aria-invalid');
    keyInput.removeAttribute('aria-invalid');
    if (name === '') {
      setText(message, 'Give the account a name first.');
      nameInput.setAttribute('aria-invalid', 'true');
      nameInput.focus();
      return;
    }
    // The name's own rule first, in main's words: no key is sent for a name that cannot be kept.
    const badName = nameRefusal(name);
    if (badName !== null) {
      setText(message, badName);
      nameInput.setAttribute('aria-invalid', 'true');
      nameInput.focus();
      return;
    }
    if (apiKey === '') {
      setText(message, 'Paste the account’s API key first.');
      keyInput.setAttribute('aria-invalid', 'true');
      keyInput.focus();
      return;
    }
    add.disabled = true;
    nameInput.readOnly = true;
    keyInput.readOnly = true;
    setText(message, 'Checking the key with Proxy-Seller…');
    const result = await attempt(() => api.addAccount({ name, apiKey }), 'The account was not added');
    add.disabled = false;
    nameInput.readOnly = false;
    keyInput.readOnly = false;
    if (!result.ok) {
      setText(message, result.message);
      // Main says which field it refused (none for the account limit).
      if (result.field !== undefined) (result.field === 'name' ? nameInput : keyInput).setAttribute('aria-invalid', 'true');
      return;
    }
    nameInput.value = '';
    keyInput.value = '';
    setText(message, '');
  }

  async function act(id: string, call: () => Promise<KeyResult>, what: string): Promise<void> {
    const result = await attempt(call, what);
    rowMessage = result.ok ? null : { id, text: result.message };
    if (result.ok) {
      confirming = null;
      renaming = null;
    }
    paint(true);
  }

  function packageItem(pkg: AccountView['packages'][number], editable: boolean): HTMLElement {
    const row = el('div', { class: 'package-name-row' });
    if (renaming === pkg.id) {
      const input = el('input', { attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '40', 'aria-label': `Name for ${pkg.label}` } });
      input.value = pkg.name;
      const save = el('button', { class: 'button button-primary', text: 'Save name', attrs: { type: 'submit' } });
      const reset = el('button', { class: 'button', text: 'Use the default name', attrs: { type: 'button' } });
      const cancel = el('button', { class: 'button', text: 'Cancel', attrs: { type: 'button' } });
      const f = el('form', { class: 'inline-form', attrs: { novalidate: '' } }, input, save, reset, cancel);
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        const name = input.value.trim();
        void act(pkg.id, () => api.namePackage({ packageId: pkg.id, name: name === '' ? null : name }), 'The name was not saved');
      });
      reset.addEventListener('click', () => void act(pkg.id, () => api.namePackage({ packageId: pkg.id, name: null }), 'The name was not saved'));
      cancel.addEventListener('click', () => {
        renaming = null;
        rowMessage = null;
        paint(true);
      });
      row.append(f);
      queueMicrotask(() => input.focus());
    } else {
      row.append(el('span', { class: 'package-name', text: pkg.name }), el('span', { class: 'muted', text: pkg.kind === 'main' ? ' main package' : ' sub-package' }));
      if (editable) {
        const rename = el('button', { class: 'button button-quiet', text: 'Rename', attrs: { type: 'button', 'aria-label': `Rename ${pkg.label}` } });
        rename.addEventListener('click', () => {
          renaming = pkg.id;
          rowMessage = null;
          paint(true);
        });
        row.append(rename);
      }
    }
    const msg = rowMessage?.id === pkg.id ? el('p', { class: 'field-error', text: rowMessage.text, attrs: { role: 'alert' } }) : null;
    return el('li', { attrs: { 'data-package': pkg.id } }, row, msg);
  }

  /** A keychain that could not be read says so: "no key stored" would ask for keys that are there. */
  function keyWords(a: AccountView): string {
    if (a.key.stored || a.key.fromEnv) return `key …${a.key.last4 ?? '????'}`;
    if (a.key.keychainLocked) return 'keychain locked: unlock it to use this key';
    if (a.key.keychainError !== null) return 'keychain unavailable: its key cannot be read';
    return 'no key stored';
  }

  function accountItem(a: AccountView, editable: boolean, several: boolean): HTMLElement {
    const title = accountTitle(a);
    const row = el(
      'div',
      { class: 'account-row' },
      el('strong', { class: 'account-name', text: title }),
      el('span', { class: 'account-key muted', text: keyWords(a) }),
      a.default && several ? el('span', { class: 'badge badge-good', text: 'Default' }) : null,
    );
    if (editable && !a.default) {
      const makeDefault = el('button', { class: 'button', text: 'Make default', attrs: { type: 'button', 'aria-label': `Make ${title} the default account` } });
      makeDefault.addEventListener('click', () => void act(a.id, () => api.setDefaultAccount({ accountId: a.id }), 'The default account was not changed'));
      row.append(makeDefault);
    }
    if (editable && several) {
      if (confirming === a.id) {
        const yes = el('button', { class: 'button button-danger', text: 'Remove the account', attrs: { type: 'button' } });
        const no = el('button', { class: 'button', text: 'Keep it', attrs: { type: 'button' } });
        yes.addEventListener('click', () => {
          yes.disabled = true;
          void act(a.id, () => api.removeAccount({ accountId: a.id }), 'The account was not removed');
        });
        no.addEventListener('click', () => {
          confirming = null;
          paint(true);
        });
        row.append(el('span', { text: `Remove ${title} and its key from the keychain? Its history stays on disk.` }), yes, no);
        queueMicrotask(() => no.focus());
      } else {
        const remove = el('button', { class: 'button', text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${title}` } });
        remove.addEventListener('click', () => {
          confirming = a.id;
          rowMessage = null;
          paint(true);
        });
        row.append(remove);
      }
    }
    const msg = rowMessage?.id === a.id ? el('p', { class: 'field-error', text: rowMessage.text, attrs: { role: 'alert' } }) : null;
    const packages = a.packages.length > 0 ? el('ul', { class: 'account-packages', attrs: { 'aria-label': `Packages of ${title}` } }, ...a.packages.map((p) => packageItem(p, editable))) : null;
    return el('li', { attrs: { 'data-account': a.id } }, row, msg, packages);
  }

  function paint(force = false): void {
    if (!view) return;
    const reason = lockedReason(view);
    const accounts = view.accounts.map((a) => [a.id, a.name, a.default, a.key.stored, a.key.last4, a.key.keychainLocked, a.key.keychainError, a.packages.map((p) => [p.id, p.name, p.label, p.kind])]);
    const signature = JSON.stringify([accounts, reason, confirming, renaming, rowMessage]);
    if (!force && signature === painted) return;
    painted = signature;
    locked.hidden = reason === null;
    setText(locked, reason ?? '');
    form.hidden = reason !== null;
    form.previousElementSibling?.toggleAttribute('hidden', reason !== null);
    const several = view.accounts.length > 1;
    list.replaceChildren(...view.accounts.map((a) => accountItem(a, reason === null, several)));
  }

  return {
    render(next) {
      view = next;
      // A removed account or package ends its confirmation or renaming.
      if (confirming !== null && !next.accounts.some((a) => a.id === confirming)) confirming = null;
      if (renaming !== null && !next.accounts.some((a) => a.packages.some((p) => p.id === renaming))) renaming = null;
      paint();
    },
  };
}
