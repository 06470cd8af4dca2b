// Demo mode: the built-in fake Proxy-Seller API on 127.0.0.1 with realistic traffic, and a
// controller against it with its own data folder, so demo figures never mix with real history.
import { join } from 'node:path';
import { startFakeApi } from '../../../../test/fake-api/server.js';
import type { SecretStore } from '../secrets/keychain.js';
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

export async function startDemo(options: Omit<ControllerOptions, 'secrets' | 'envApiKey' | 'baseUrl' | 'demo' | 'fetch'> & { fetch: ControllerOptions['fetch'] }): Promise<Demo> {
  const api = await startFakeApi({ apiKey: DEMO_API_KEY, now: options.clock, logins: DEMO_LOGINS, historyDays: 90, seed: 20261126 });
  const controller = createController({
    ...options,
    dataDir: join(options.dataDir, DEMO_DIR),
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
