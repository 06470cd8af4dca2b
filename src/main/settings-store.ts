// The app's settings through electron-store, as its authors intend it: the settings schema as its
// JSON schema (derived from the one zod schema; ajv checks every write against it), the defaults,
// and its file watcher, so an edit of settings.json by hand reaches the controller. The file is the
// one the CLI reads, read by the same functions (settings/file.ts): a file that is not a JSON
// object, not JSON or nested too deep is moved aside and reported; a bad field falls back to its
// default. electron-store's migrations are not used: settings are versioned by hand in settings/file.ts.
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import Store, { type Schema } from 'electron-store';
import { errorMessage } from '../shared/error-message.js';
import * as z from 'zod/mini';
import { decodeSettingsText, parseSettings, readSettings, SETTINGS_FILE, updateSettings, type SettingsLoad } from '../core/settings/file.js';
import { defaultSettings, settingsSchema, type Settings } from '../core/settings/schema.js';
import type { SettingsStore } from '../core/settings/store.js';

interface ObjectSchema {
  properties: Schema<Settings>;
  required: string[];
}

const jsonSchema = z.toJSONSchema(settingsSchema) as unknown as ObjectSchema;

/** electron-store's per-key `schema` (what ajv checks), derived from the zod schema. */
export const SETTINGS_STORE_SCHEMA = jsonSchema.properties;
/** Its `rootSchema`: every key required, no other key. */
export const SETTINGS_STORE_ROOT = { required: jsonSchema.required, additionalProperties: false } as const;

/**
 * electron-store parses the file itself (on open, on every access and when the watcher fires).
 * It gets what the CLI's reader makes of the text: the settings with bad fields at their defaults,
 * so its schema check passes on a file the app can use. Text that is no settings at all reads as
 * the defaults here; readSettings, which runs before every read and write, moves it aside and says so.
 */
function deserialize(text: string): Settings {
  const decoded = decodeSettingsText(text);
  return decoded.ok ? parseSettings(decoded.value).settings : structuredClone(defaultSettings);
}

/** electron-store reads its file when the watcher fires: an unreadable file must not throw there. */
function guardedStore(options: ConstructorParameters<typeof Store<Settings>>[0], lastGood: () => Settings, onUnreadable: (e: unknown) => void): Store<Settings> {
  class GuardedStore extends Store<Settings> {
    // conf reads the file in this getter (on open, on each access, and in its change handler, where
    // a throw would be an uncaught exception in main): a file that cannot be read (a folder in its
    // place, no permission, locked on Windows) gives the last good settings and is reported.
    override get store(): Settings {
      try {
        return super.store;
      } catch (e) {
        onUnreadable(e);
        return structuredClone(lastGood());
      }
    }
    override set store(value: Settings) {
      super.store = value;
    }
  }
  return new GuardedStore(options);
}

export function electronSettingsStore(dataDir: string, clock: () => number): SettingsStore {
  const listeners = new Set<(load: SettingsLoad) => void>();
  let store: Store<Settings> | null = null;
  /** Set while the store writes: its own change is not an edit made outside the app. */
  let writing = false;
  /** The settings last read or saved: what the app keeps while the file cannot be read. */
  let lastGood: Settings = structuredClone(defaultSettings);
  const path = join(dataDir, SETTINGS_FILE);

  const tell = (load: SettingsLoad) => {
    for (const listener of listeners) listener(load);
  };
  /** The file cannot be used as edited: the app keeps its settings and says why (nothing is moved: the user is editing it). */
  const keep = (reason: string) =>
    tell({
      settings: structuredClone(lastGood),
      problems: [`${SETTINGS_FILE} was changed but could not be read (${reason}); the app keeps the settings it had until the file is fixed.`],
      movedTo: null,
      defaulted: [],
    });

  /** What the file held when last looked at: the watcher also fires for the store's own writes. */
  let lastSeen = '';
  const changedOutside = () => {
    if (writing || listeners.size === 0) return;
    void readFile(path, 'utf8').then(
      (text) => {
        const decoded = decodeSettingsText(text);
        if (!decoded.ok) return once(`bad:${text}`, () => keep(decoded.reason));
        const load = { ...parseSettings(decoded.value), movedTo: null };
        if (load.problems.length === 0 && isDeepStrictEqual(load.settings, lastGood)) return void (lastSeen = '');
        once(`ok:${JSON.stringify(load)}`, () => {
          lastGood = load.settings;
          tell(load);
        });
      },
      (e: unknown) => once(`error:${errorMessage(e)}`, () => keep(errorMessage(e))),
    );
  };
  const once = (seen: string, then: () => void) => {
    if (seen === lastSeen) return;
    lastSeen = seen;
    then();
  };

  const open = (): Store<Settings> => {
    if (store) return store;
    store = guardedStore(
      {
        cwd: dataDir,
        name: SETTINGS_FILE.replace(/\.json$/, ''),
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        schema: SETTINGS_STORE_SCHEMA,
        rootSchema: SETTINGS_STORE_ROOT,
        defaults: defaultSettings,
        watch: true,
        deserialize,
      },
      () => lastGood,
      // Reported by the watch path (changedOutside) or by the next read, which moves it aside.
      () => undefined,
    );
    // Every change the watcher sees, not onDidAnyChange: that compares what electron-store parsed,
    // and a file that cannot be parsed must be heard too (to say why it is not taken up).
    store.events.addEventListener('change', changedOutside);
    return store;
  };

  const close = () => {
    // The watcher would otherwise outlive the controller (on Linux a stat poll and a debounce timer).
    store?._closeWatcher();
    store = null;
  };

  return {
    async read() {
      // The CLI's reader first (it moves an unreadable file aside), then the store is opened on
      // what is left: a readable file, or none (then it writes the defaults).
      const load = await readSettings(dataDir, clock);
      lastGood = load.settings;
      open();
      return load;
    },
    async update(patch) {
      return updateSettings(dataDir, clock, patch, async (_dir, next) => {
        const s = open();
        writing = true;
        try {
          s.store = { ...next };
          lastGood = next;
        } finally {
          writing = false;
        }
      });
    },
    onChange(listener) {
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) close();
      };
    },
  };
}
