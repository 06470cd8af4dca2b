// The app's settings through electron-store: the same settings.json the CLI reads, parsed and
// validated by the engine's rules (electron-store's own schema and migrations are not used: the
// file stays readable by the CLI, and migrations are versioned by hand in settings/file.ts).
import Store from 'electron-store';
import { join } from 'node:path';
import { moveAside } from './engine/fs/atomic.js';
import { parseSettings, SETTINGS_FILE, validateSettingsPatch } from './engine/settings/file.js';
import type { Settings } from './engine/settings/schema.js';
import type { SettingsStore } from './engine/settings/store.js';

export function electronSettingsStore(dataDir: string, clock: () => number): SettingsStore {
  const open = () =>
    new Store<Record<string, unknown>>({
      cwd: dataDir,
      name: SETTINGS_FILE.replace(/\.json$/, ''),
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      watch: true,
    });
  let store: Store<Record<string, unknown>> | null = null;
  let movedTo: string | null = null;
  let openProblem: string | null = null;
  const get = async () => {
    if (store) return store;
    try {
      store = open();
    } catch {
      // Not JSON: keep the file aside (nothing the user wrote is lost) and start from defaults.
      movedTo = await moveAside(join(dataDir, SETTINGS_FILE), clock());
      openProblem = `The settings file was not valid JSON; it was moved to ${movedTo} and defaults are used.`;
      store = open();
    }
    return store;
  };
  return {
    async read() {
      const s = await get();
      const { settings, problems } = parseSettings(s.store);
      return { settings, problems: openProblem ? [openProblem, ...problems] : problems, movedTo };
    },
    async update(patch) {
      const s = await get();
      const next: Settings = validateSettingsPatch(parseSettings(s.store).settings, patch);
      s.store = { ...next };
      return next;
    },
  };
}
