// First run: no key stored and none in the environment. Asks for the key (checked with the API
// before it is stored) and says where to find it; offers launch at login; then, until the first
// sync with the key has brought figures, says that it is fetching them.
import type { AppView, TrafficApi } from '../shared/ipc.js';
import { byId, setText } from './dom.js';
import { wireKeyEntry } from './key-form.js';

export interface Welcome {
  /** Shows or hides the welcome; returns whether it is showing (the overview is hidden then). */
  render(view: AppView): boolean;
}

/** No key anywhere, and none that a broken or locked keychain may be hiding. */
export function isFirstRun(view: AppView): boolean {
  return !view.key.stored && !view.key.fromEnv && view.key.keychainError === null;
}

/**
 * A key, no figures yet, and nothing wrong: the first sync is under way (or about to start), and
 * there is nothing else to show. Once something went wrong, the banner says what instead.
 */
export function isFirstSync(view: AppView): boolean {
  // The demo's first sync is in process and instant: its own bar says what it is.
  if (view.demo) return false;
  const key = view.key.stored || view.key.fromEnv;
  return key && view.key.keychainError === null && view.snapshot.lastSuccessAt === null && view.snapshot.problem === null && view.online && !view.paused;
}

export function createWelcome(api: TrafficApi): Welcome {
  const root = byId('welcome');
  const keyStage = byId('welcome-key-stage');
  const fetching = byId('welcome-fetching');
  const form = byId('welcome-form', HTMLFormElement);
  const input = byId('welcome-key', HTMLInputElement);
  const save = form.querySelector('button[type="submit"]');
  if (!(save instanceof HTMLButtonElement)) throw new Error('#welcome-form has no Save button');
  wireKeyEntry(api, { form, input, save, message: byId('welcome-key-msg'), anyway: byId('welcome-anyway', HTMLButtonElement) });

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

  // Launch at login is the user's setting like any other: saved as it is ticked.
  const launch = byId('welcome-launchAtLogin', HTMLInputElement);
  const launchMessage = byId('welcome-launch-msg');
  let launchSaving = false;
  launch.addEventListener('change', () => {
    const wanted = launch.checked;
    launchSaving = true;
    setText(launchMessage, '');
    api
      .updateSettings({ launchAtLogin: wanted })
      .then(
        (r) => {
          if (!r.ok) throw new Error(r.message);
        },
        () => {
          throw new Error('the app did not answer');
        },
      )
      .catch(() => {
        launch.checked = !wanted;
        setText(launchMessage, 'Launch at login could not be saved. Try again, or set it in Settings.');
      })
      .finally(() => {
        launchSaving = false;
      });
  });

  return {
    render(view) {
      const first = isFirstRun(view);
      const syncing = !first && isFirstSync(view);
      const wasHidden = root.hidden;
      root.hidden = !first && !syncing;
      keyStage.hidden = !first;
      fetching.hidden = !syncing;
      if (!launchSaving) launch.checked = view.settings.launchAtLogin;
      if (first && wasHidden && document.activeElement === document.body) input.focus();
      return first || syncing;
    },
  };
}
