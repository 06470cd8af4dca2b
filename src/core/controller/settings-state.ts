// The settings the controller runs on: read at start, changed by a validated patch or by an edit
// of the file outside the app, and what a change means for the rest (a new sync for new API settings, a new polling interval). Listeners
// hear every change, so what depends on a setting (launch at login) follows it, not the screen.
import { SettingsValidationError } from '../settings/file.js';
import type { SettingsStore } from '../settings/store.js';
import type { Settings } from '../settings/schema.js';
import type { SettingsUpdateResult } from '../../shared/ipc.js';
import { createListeners, type Listeners } from '../listeners.js';
import type { Logger } from '../ports.js';
import type { SettingsRead } from './types.js';

/** What a change of settings asks of the controller. */
export interface SettingsChange {
  before: Settings;
  after: Settings;
  /** The API zone, version or timeout changed: the sync starts again with them. */
  resync: boolean;
  /** The polling interval changed. */
  interval: boolean;
}

export function changeOf(before: Settings, after: Settings): SettingsChange {
  return {
    before,
    after,
    resync: before.apiTimeZone !== after.apiTimeZone || before.apiVersion !== after.apiVersion || before.requestTimeoutSeconds !== after.requestTimeoutSeconds,
    interval: before.pollIntervalMinutes !== after.pollIntervalMinutes,
  };
}

export interface SettingsState {
  /** Throws until load() has run. */
  current(): Settings;
  /** The API zone in use is the default standing in for an unusable setting (see the sync). */
  zoneIsFallback(): boolean;
  /** Reads the settings; returns what was wrong with them, one sentence each. */
  load(): Promise<string[]>;
  update(patch: unknown): Promise<{ result: SettingsUpdateResult; change: SettingsChange | null }>;
  /**
   * The settings file edited outside the app (by hand): its settings are taken up and `listener`
   * hears the change with the file's problems. Returns the unsubscribe (stops the store's watching).
   */
  watch(listener: (change: SettingsChange, problems: readonly string[]) => void): () => void;
  /** Heard after load and after every change. */
  changes: Pick<Listeners<SettingsRead>, 'add'>;
}

export function createSettingsState(store: SettingsStore, log: Logger): SettingsState {
  let settings: Settings | null = null;
  let zoneIsFallback = false;
  const listeners = createListeners<SettingsRead>('settings', log);
  const current = (): Settings => {
    if (settings === null) throw new Error('controller not started (settings)');
    return settings;
  };
  /** `defaulted`: fields whose new value is only the default standing in for an unusable one. */
  function adopt(after: Settings, defaulted: readonly string[]): SettingsChange {
    const before = current();
    settings = after;
    if (before.apiTimeZone !== after.apiTimeZone) zoneIsFallback = defaulted.includes('apiTimeZone');
    listeners.emit({ settings: after, defaulted });
    return changeOf(before, after);
  }

  return {
    current,
    zoneIsFallback: () => zoneIsFallback,
    async load() {
      const loaded = await store.read();
      settings = loaded.settings;
      zoneIsFallback = loaded.defaulted.includes('apiTimeZone');
      listeners.emit({ settings, defaulted: loaded.defaulted });
      return [...loaded.problems];
    },
    async update(patch) {
      current();
      let after: Settings;
      try {
        after = await store.update(patch);
      } catch (e) {
        if (e instanceof SettingsValidationError) return { result: { ok: false, message: e.message, fields: { ...e.fields } }, change: null };
        throw e;
      }
      // A zone chosen now is the user's; an unchanged one is still the stand-in it was at start.
      return { result: { ok: true, settings: after }, change: adopt(after, []) };
    },
    watch(listener) {
      return store.onChange?.((load) => {
        if (settings === null) return;
        listener(adopt(load.settings, load.defaulted), load.problems);
      }) ?? (() => {});
    },
    changes: { add: listeners.add },
  };
}
