// The app's settings through electron-store: the same settings.json the CLI reads, read by the same
// function (settings/file.ts: BOM accepted; a file that is not a JSON object, not JSON or nested too
// deep is moved aside and reported) and validated by the engine's rules. electron-store's own
// schema and migrations are not used: the file stays readable by the CLI, and migrations are
// versioned by hand in settings/file.ts.
import Store from 'electron-store';
import { join } from 'node:path';
import { moveAside } from '../core/fs/atomic.js';
import { decodeSettingsText, readSettings, SETTINGS_FILE, UnreadableSettingsError, updateSettings } from '../core/settings/file.js';
import type { SettingsStore } from '../core/settings/store.js';

/**
 * electron-store parses the file itself (on open and on every access). Left to JSON.parse it
 * refuses a BOM, and turns `null`, `[]` or `42` silently into `{}`: it decodes as the CLI does instead.
 */
function deserialize(text: string): Record<string, unknown> {
  const decoded = decodeSettingsText(text);
  if (!decoded.ok) throw new UnreadableSettingsError(decoded.reason);
  return decoded.value;
}

export function electronSettingsStore(dataDir: string, clock: () => number): SettingsStore {
  const open = () =>
    new Store<Record<string, unknown>>({
      cwd: dataDir,
      name: SETTINGS_FILE.replace(/\.json$/, ''),
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      // Nothing listens for edits made outside the app yet; a watcher would only keep timers alive.
      watch: false,
      deserialize,
    });
  let store: Store<Record<string, unknown>> | null = null;
  let openProblem: string | null = null;
  const get = async () => {
    if (store) return store;
    try {
      store = open();
    } catch (e) {
      // The file went bad between reading it and opening the store: keep it aside, as a read would.
      if (!(e instanceof UnreadableSettingsError)) throw e;
      const movedTo = await moveAside(join(dataDir, SETTINGS_FILE), clock());
      openProblem = `${SETTINGS_FILE} could not be read (${e.reason}); it was moved to ${movedTo} and default settings are used.`;
      store = open();
    }
    return store;
  };
  return {
    async read() {
      // The CLI's reader first (it moves an unreadable file aside), then the store is opened on
      // what is left: a readable file, or none.
      const load = await readSettings(dataDir, clock);
      await get();
      return openProblem ? { ...load, problems: [...load.problems, openProblem] } : load;
    },
    async update(patch) {
      const s = await get();
      return updateSettings(dataDir, clock, patch, async (_dir, next) => {
        s.store = { ...next };
      });
    },
  };
}
