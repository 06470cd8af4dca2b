// The app's settings through electron-store, as its authors intend it: the settings schema as its
// JSON schema (derived from the one zod schema; ajv checks every write against it), the defaults,
// and its file watcher, so an edit of settings.json by hand reaches the controller. The file is the
// one the CLI reads, read by the same functions (settings/file.ts): a file that is not a JSON
// object, not JSON or nested too deep is moved aside and reported; a bad field falls back to its
// default. electron-store's migrations are not used: settings are versioned by hand in settings/file.ts.
import Store, { type Schema } from 'electron-store';
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

export function electronSettingsStore(dataDir: string, clock: () => number): SettingsStore {
  const listeners = new Set<(load: SettingsLoad) => void>();
  let store: Store<Settings> | null = null;
  /** Set while the store writes: its own change is not an edit made outside the app. */
  let writing = false;

  const changedOutside = () => {
    if (writing || listeners.size === 0) return;
    // readSettings throws only on I/O errors (e.g. permission); the next read or write reports them.
    void readSettings(dataDir, clock).then(
      (load) => {
        for (const listener of listeners) listener(load);
      },
      () => undefined,
    );
  };

  const open = (): Store<Settings> => {
    if (store) return store;
    store = new Store<Settings>({
      cwd: dataDir,
      name: SETTINGS_FILE.replace(/\.json$/, ''),
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      schema: SETTINGS_STORE_SCHEMA,
      rootSchema: SETTINGS_STORE_ROOT,
      defaults: defaultSettings,
      watch: true,
      deserialize,
    });
    store.onDidAnyChange(changedOutside);
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
      open();
      return load;
    },
    async update(patch) {
      return updateSettings(dataDir, clock, patch, async (_dir, next) => {
        const s = open();
        writing = true;
        try {
          s.store = { ...next };
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
