// First run: no key stored and none in the environment. Asks for the key and says where to find it.
import type { AppView, TrafficApi } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { submitKey } from './key-form.js';

export interface Welcome {
  /** Shows or hides the welcome; returns whether it is showing. */
  render(view: AppView): boolean;
}

/** No key anywhere, and none that a broken or locked keychain may be hiding. */
export function isFirstRun(view: AppView): boolean {
  return !view.key.stored && !view.key.fromEnv && view.key.keychainError === null;
}

export function createWelcome(api: TrafficApi): Welcome {
  const root = byId('welcome');
  const form = byId('welcome-form', HTMLFormElement);
  const input = byId('welcome-key', HTMLInputElement);
  const message = byId('welcome-key-msg');
  const save = form.querySelector('button[type="submit"]');

  const demo = byId('welcome-demo', HTMLButtonElement);
  const demoMessage = byId('welcome-demo-msg');
  demo.addEventListener('click', () => {
    demo.disabled = true;
    setText(demoMessage, '');
    api
      .setDemo({ on: true })
      .catch(() => setText(demoMessage, 'The demo could not start. Try again, or paste your key above.'))
      .finally(() => {
        demo.disabled = false;
      });
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (save instanceof HTMLButtonElement) save.disabled = true;
    void submitKey(api, input, message).finally(() => {
      if (save instanceof HTMLButtonElement) save.disabled = false;
    });
  });

  return {
    render(view) {
      const first = isFirstRun(view);
      const wasHidden = root.hidden;
      root.hidden = !first;
      if (first && wasHidden && document.activeElement === document.body) input.focus();
      return first;
    },
  };
}
