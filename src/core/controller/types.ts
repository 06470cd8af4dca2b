// The app's core, without Electron: settings, key, history sync, scheduler and alerts behind one object.
// The Electron adapters (tray, window, IPC registration, notifications, lifecycle) only call this.
import type { AppView, KeyResult, RefreshResult, SeriesRequest, SeriesResponse, SettingsUpdateResult, TestResult } from '../../shared/ipc.js';
import type { Alert } from '../alerts/rules.js';
import type { Settings } from '../settings/schema.js';

/** Settings as they were taken up, with the fields whose value is only a default standing in for one that could not be used. */
export interface SettingsRead {
  settings: Settings;
  defaulted: readonly string[];
}

export type HoldReason = 'sleep' | 'demo';

export interface Controller {
  /** Reads settings, state and history (tray can show cached figures at once), then starts polling. */
  start(): Promise<void>;
  stop(): Promise<void>;
  view(): AppView;
  /** Called on every change of the view (snapshot, key, settings, paused, online, syncing). */
  onView(listener: (view: AppView) => void): () => void;
  /** Called for each alert decided (once per crossing); the adapter shows a notification. */
  onAlert(listener: (alert: Alert) => void): () => void;
  /**
   * Called with the settings once they are read at start and after every change, so what follows
   * a setting (launch at login) reacts to it rather than to each redraw.
   */
  onSettings(listener: (read: SettingsRead) => void): () => void;
  refresh(): Promise<RefreshResult>;
  series(request: SeriesRequest): Promise<SeriesResponse>;
  updateSettings(patch: unknown): Promise<SettingsUpdateResult>;
  /**
   * Stores the key; with `check` (the window's default) only once the API answered the package
   * for it, so a refused key is never stored (key-state.ts says when "store anyway" is offered).
   */
  setKey(apiKey: string, options?: { check?: boolean }): Promise<KeyResult>;
  deleteKey(): Promise<KeyResult>;
  testConnection(): Promise<TestResult>;
  /** Adds an account once the API answered its package for the key (accounts/manage.ts); it is polled at once. */
  addAccount(name: string, apiKey: string): Promise<KeyResult>;
  /** Removes the account and its key from the keychain; its history stays on disk. */
  removeAccount(accountId: string): Promise<KeyResult>;
  setDefaultAccount(accountId: string): Promise<KeyResult>;
  /** Names a package (PackageView.id) as the user calls it; '' or null forgets the name. */
  namePackage(packageId: string, name: string | null): Promise<KeyResult>;
  setPaused(paused: boolean): void;
  /**
   * Holds polling for a reason of the OS or the app: system sleep or the demo running
   * in the real controller's place. Each reason is released on its own; when the last is, polling
   * resumes with a fetch at once.
   */
  setHeld(reason: HoldReason, held: boolean): void;
  /** The details window opened or closed: while open, the spend it shows is read every 15 minutes (else daily). */
  setWindowOpen(open: boolean): void;
  /** Network state from the OS: offline is a state, not an error storm. */
  setOnline(online: boolean): void;
}
