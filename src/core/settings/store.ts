// Where the controller reads and writes settings: a port, so the app can use electron-store while
// the CLI and the tests use the same file through settings/file.ts. Both parse and validate alike.
import type { Clock } from '../ports.js';
import { readSettings, updateSettings, type SettingsLoad } from './file.js';
import type { Settings } from './schema.js';

export interface SettingsStore {
  read(): Promise<SettingsLoad>;
  /** Applies a patch strictly (SettingsValidationError names each bad field) and saves it. */
  update(patch: unknown): Promise<Settings>;
}

export function fileSettingsStore(dataDir: string, clock: Clock): SettingsStore {
  return {
    read: () => readSettings(dataDir, clock),
    update: (patch) => updateSettings(dataDir, clock, patch),
  };
}
