// The composition root of the core: the one function that builds what the app runs (the real
// controller, the demo beside it, one face over both, one request limiter for the process), for
// the Electron app and the test harness alike. The callers add only their adapters.
import { createRateLimiter } from './api/rate-limit.js';
import { createController, type ControllerOptions } from './controller/controller.js';
import { startDemo } from './controller/demo.js';
import { createModes } from './controller/modes.js';
import type { Controller, SettingsRead } from './controller/types.js';
import { realMonotonic, silentLogger } from './ports.js';

export type AppCoreOptions = Omit<ControllerOptions, 'demo'>;

export interface AppCore {
  /** The real controller, or the demo's while it runs. */
  controller: Controller;
  setDemo(on: boolean): Promise<void>;
  inDemo(): boolean;
  /** The user's own settings (never the demo's): once read at start, then after every change. */
  onUserSettings(listener: (read: SettingsRead) => void): () => void;
  /** Stops whichever runs, letting writes under way finish. */
  close(): Promise<void>;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  // One per process: the real and the demo controller (and every client they make) share it.
  const rateLimiter = options.rateLimiter ?? createRateLimiter({ monotonic: options.monotonic ?? realMonotonic, timers: options.timers });
  // The demo has its own key, API and settings file: none of the user's reach it.
  const { secrets: _secrets, secretsFor: _secretsFor, envApiKey: _envApiKey, baseUrl: _baseUrl, settingsStore: _settingsStore, ...shared } = options;
  const real = createController({ ...options, rateLimiter });
  const modes = createModes(real, (userSettings) => startDemo({ ...shared, rateLimiter, userSettings }), options.logger ?? silentLogger);
  return {
    controller: modes.controller,
    setDemo: modes.setDemo,
    inDemo: modes.inDemo,
    onUserSettings: (listener) => real.onSettings(listener),
    close: modes.close,
  };
}
