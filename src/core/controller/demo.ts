// Demo mode: the built-in fake Proxy-Seller API on 127.0.0.1 with realistic traffic, and a
// controller against it with its own data folder, so demo figures never mix with real history.
import { join } from 'node:path';
import { startFakeApi } from '../../../test/fake-api/server.js';
import type { SecretStore } from '../secrets/keychain.js';
import type { Settings } from '../settings/schema.js';
import { fileSettingsStore } from '../settings/store.js';
import { createController, type ControllerOptions } from './controller.js';
import type { Controller } from './types.js';

export const DEMO_API_KEY = 'demo-key-0000000000000000';
export const DEMO_DIR = 'demo';
const DEMO_LOGINS = ['shop-monitor', 'serp-tracker', 'price-scraper', 'ads-verify'];

/** The demo's key lives in memory only: the real keychain is never touched in demo mode. */
function demoSecrets(): SecretStore {
  return {
    get: async () => DEMO_API_KEY,
    set: async () => {},
    delete: async () => false,
    status: async () => ({ stored: true, last4: DEMO_API_KEY.slice(-4) }),
  };
}

export interface Demo {
  controller: Controller;
  close(): Promise<void>;
}

/**
 * What the demo takes over from the user's own settings: how figures are shown and what is
 * notified. Not the API settings (the demo's API is its own), and not launch at login (the demo
 * must never change how the app starts).
 */
export function demoSettingsFrom(user: Settings): Pick<Settings, 'units' | 'notificationsEnabled' | 'alerts'> {
  return { units: user.units, notificationsEnabled: user.notificationsEnabled, alerts: user.alerts };
}

export async function startDemo(
  options: Omit<ControllerOptions, 'secrets' | 'envApiKey' | 'baseUrl' | 'demo' | 'fetch'> & { fetch: ControllerOptions['fetch']; userSettings?: Settings },
): Promise<Demo> {
  const dataDir = join(options.dataDir, DEMO_DIR);
  if (options.userSettings) await fileSettingsStore(dataDir, options.clock).update(demoSettingsFrom(options.userSettings));
  const api = await startFakeApi({ apiKey: DEMO_API_KEY, now: options.clock, logins: DEMO_LOGINS, historyDays: 90, seed: 20261126 });
  const { userSettings: _user, ...controllerOptions } = options;
  const controller = createController({
    ...controllerOptions,
    dataDir,
    secrets: demoSecrets(),
    baseUrl: api.baseUrl(),
    demo: true,
  });
  try {
    await controller.start();
  } catch (e) {
    await api.close();
    throw e;
  }
  return {
    controller,
    async close() {
      await controller.stop();
      await api.close();
    },
  };
}
