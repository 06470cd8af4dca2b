// Where the controller reads and writes settings: a port, so the app can use electron-store while
// the CLI and the tests use the same file through settings/file.ts. Both parse and validate alike.
import type { Clock } from '../ports.js';
import { readSettings, updateSettings, type SettingsLoad } from './file.js';
import type { Settings } from './schema.js';

export interface SettingsStore {
  read(): Promise<SettingsLoad>;
  /** Applies a patch strictly (SettingsValidationError names each bad field) and saves it. */
  update(patch: unknown): Promise<Settings>;
  /**
   * Calls `listener` with the file as read anew (problems and all) when it was changed outside
   * this store, e.g. by hand; never for the store's own writes. The returned function unsubscribes;
   * once no one listens, the store stops watching. Optional: the CLI's store does not watch.
   */
  onChange?(listener: (load: SettingsLoad) => void): () => void;
}

export function fileSettingsStore(dataDir: string, clock: Clock): SettingsStore {
  return {
    read: () => readSettings(dataDir, clock),
    update: (patch) => updateSettings(dataDir, clock, patch),
  };
}
