// Demo mode: the Proxy-Seller API answered in process from generated traffic (no server, no
// network), and a controller against it with its own data folder, so demo figures never mix with
// real history. Two accounts, as the app keeps them: a personal one and a reseller with three
// sub-user packages (src/core/demo/accounts.ts), each key answered by its own demo API.
import { join } from 'node:path';
import { demoAccounts } from '../demo/accounts.js';
import { fetchByKey } from '../demo/by-key.js';
import type { SecretStore } from '../secrets/keychain.js';
import type { Settings } from '../settings/schema.js';
import { fileSettingsStore } from '../settings/store.js';
import { createController, type ControllerOptions } from './controller.js';
import type { Controller } from './types.js';

export const DEMO_API_KEY = 'demo-key-0000000000000000';
/** The demo reseller's key (its second account). */
export const DEMO_RESELLER_KEY = 'demo-key-reseller-000000';
export const DEMO_DIR = 'demo';
/** The demo's world: its lists and their titles, the seed of its traffic, and how far back the traffic goes. */
export const DEMO_TRAFFIC = {
  logins: ['shop-monitor', 'serp-tracker', 'price-scraper', 'ads-verify'],
  titles: { 'shop-monitor': 'Shop monitor EU', 'serp-tracker': 'SERP tracker', 'price-scraper': 'Price scraper DE', 'ads-verify': 'Ad verification US' },
  seed: 20261126,
  historyDays: 90,
} as const;

/**
 * The demo's money: auto-renew on, at the package's own price ($2.20 per GB of its limit), with a
 * balance that cannot pay it, so the renewal line, the shortfall and its alert all show.
 */
export const DEMO_MONEY = { balance: 12.4 } as const;
/** Only ever handed to the demo's own fetch; `.invalid` can never resolve, should it leak anywhere. */
export const DEMO_BASE_URL = 'https://demo.invalid/personal/api/v1/';

/** The demo's keys live in memory only: the real keychain is never touched in demo mode. */
function demoSecrets(key = DEMO_API_KEY): SecretStore {
  return {
    get: async () => key,
    set: async () => {},
    delete: async () => false,
    status: async () => ({ stored: true, last4: key.slice(-4) }),
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

/**
 * The app's options minus what the demo brings itself (key, API, fetch). A `fetch` given anyway
 * (the app passes the options it built for the real controller) is not used: demo requests never
 * reach the network.
 */
export type DemoOptions = Omit<ControllerOptions, 'secrets' | 'envApiKey' | 'baseUrl' | 'demo' | 'fetch' | 'fixedAccounts'> & {
  fetch?: ControllerOptions['fetch'];
  userSettings?: Settings;
};

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const dataDir = join(options.dataDir, DEMO_DIR);
  if (options.userSettings) await fileSettingsStore(dataDir, options.clock).update(demoSettingsFrom(options.userSettings));
  const accounts = demoAccounts({ now: options.clock, personal: { apiKey: DEMO_API_KEY, ...DEMO_TRAFFIC, money: DEMO_MONEY }, reseller: { apiKey: DEMO_RESELLER_KEY } });
  const { userSettings: _user, fetch: _fetch, ...controllerOptions } = options;
  const controller = createController({
    ...controllerOptions,
    dataDir,
    secrets: demoSecrets(),
    fixedAccounts: accounts.map((a) => ({ id: a.id, name: a.name, packageNames: a.packageNames, secrets: demoSecrets(a.apiKey) })),
    fetch: fetchByKey(accounts),
    baseUrl: DEMO_BASE_URL,
    demo: true,
  });
  await controller.start();
  return { controller, close: () => controller.stop() };
}
