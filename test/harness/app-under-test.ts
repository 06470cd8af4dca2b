import { createRequire } from 'node:module';
// The app's main side without Electron: the core as the app builds it (createAppCore) and the IPC
// handler table, wired to the fake API over HTTP, a temp data folder and the real keychain (a
// per-test entry).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventChannel, EventContract } from '../../src/shared/ipc.js';
import { createAppCore, type AppCore } from '../../src/core/app-core.js';
import type { SettingsStore } from '../../src/core/settings/store.js';
import type { Controller } from '../../src/core/controller/types.js';
import { realMonotonic, realTimers } from '../../src/core/ports.js';
import { createRateLimiter } from '../../src/core/api/rate-limit.js';
import { createSecretStore, KEYCHAIN_ACCOUNT, type SecretStore } from '../../src/core/secrets/keychain.js';
import { addAccount } from '../../src/core/accounts/manage.js';
import { createIpcHandlers, type IpcHandlers } from '../../src/main/ipc/handlers.js';
import { startFakeApi, type FakeApi, type FakeApiOptions } from '../fake-api/server.js';
import type { Alert } from '../../src/core/alerts/rules.js';
import { testSentText } from '../../src/main/notification-text.js';

/** What `opened` records when the window asks main to open the log folder. */
export const LOG_FOLDER_OPENED = 'log folder';

/** The key the fake API accepts. Tests type it into the window. */
export const TEST_API_KEY = 'ui-test-KEY-0123456789abcdef';

export interface AppUnderTest {
  handlers: IpcHandlers;
  controller: Controller;
  core: AppCore;
  api: FakeApi;
  secrets: SecretStore;
  /** Another account's keychain entry ('api-key.<id>') in the test's service. */
  secretsFor(entry: string): SecretStore;
  dataDir: string;
  /** The keychain service its entries are in (PROXY_SELLER_KEYCHAIN_SERVICE for a CLI run on its data). */
  service: string;
  /** URLs main was asked to open in the browser, and 'log folder' each time the log folder was asked for. */
  opened: string[];
  alerts: Alert[];
  /** CSV files main was asked to save (the dialog answered with `saveDialog`), in order. */
  exported: Array<{ defaultName: string; content: string; rows: number }>;
  /** What the save dialog answers next: save under the proposed name (default) or cancel. */
  saveDialog: 'save' | 'cancel';
  onEvent(listener: <C extends EventChannel>(channel: C, value: EventContract[C]) => void): () => void;
  /** Moves the app's and the fake API's (frozen) clock forward; real timers are untouched. */
  advanceClock(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

let counter = 0;

/** What keytar does against a locked gnome-keyring whose unlock prompt cannot open. */
const LOCKED_KEYRING = {
  getPassword: async () => null,
  setPassword: async () => {
    throw new Error('Cannot create an item in a locked collection');
  },
  deletePassword: async () => false,
};

/** The real keytar, each call 60 ms late. */
function slowKeytar(): typeof LOCKED_KEYRING {
  const real = createRequire(import.meta.url)('keytar') as typeof LOCKED_KEYRING;
  const late = <A extends unknown[], T>(f: (...args: A) => Promise<T>) => async (...args: A) => {
    await new Promise((r) => setTimeout(r, 60));
    return f(...args);
  };
  return { getPassword: late(real.getPassword), setPassword: late(real.setPassword), deletePassword: late(real.deletePassword) };
}

export async function startAppUnderTest(
  options: {
    withKey?: boolean;
    localTimeZone?: string;
    /**
     * 'broken': keytar cannot reach a Secret Service (as with no D-Bus session). 'locked': keytar as
     * gnome-keyring answers when locked with no prompt (test/keychain-locked.test.ts checks this
     * against the real daemon): lookups find nothing, writes fail.
     */
    keychain?: 'real' | 'broken' | 'locked' | 'slow';
    logins?: string[];
    fakeApi?: Partial<FakeApiOptions>;
    /** Where settings live (default: the settings file, unwatched, as the CLI reads it). */
    settingsStore?: (dataDir: string, clock: () => number) => SettingsStore;
    start?: boolean;
    /** The app's clock at start (epoch ms); default: the real time when the harness starts. */
    at?: number;
    /**
     * More accounts, added before the app starts (as `accounts add` would, without the API check),
     * after the first one ("Main", with withKey). Their keys must be ones the fake API knows
     * (fakeApi.otherAccounts).
     */
    accounts?: ReadonlyArray<{ name: string; apiKey: string }>;
  } = {},
): Promise<AppUnderTest> {
  // Frozen unless a test moves it: figures and "updated N min ago" stay deterministic.
  let offset = 0;
  const startAt = options.at ?? Date.now();
  const now = () => startAt + offset;
  const api = await startFakeApi({ apiKey: TEST_API_KEY, now, historyDays: 120, logins: options.logins ?? ['alpha-list', 'beta-list', 'gamma-list'], ...options.fakeApi });
  const dataDir = await mkdtemp(join(tmpdir(), 'pst-app-'));
  const service = `pst-app-test-${process.pid}-${++counter}`;
  const secrets =
    options.keychain === 'broken'
      ? createSecretStore({
          service,
          loadKeytar: () => {
            throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
          },
        })
      : options.keychain === 'locked'
        ? createSecretStore({ service, platform: 'linux', loadKeytar: () => LOCKED_KEYRING })
        : options.keychain === 'slow'
          ? createSecretStore({ service, loadKeytar: slowKeytar })
          : createSecretStore({ service });
  if (options.withKey) await secrets.set(TEST_API_KEY);
  // Every further account's entry, made in the same test service (and removed by close()).
  const entries = new Set<string>();
  const secretsFor = (entry: string): SecretStore => {
    entries.add(entry);
    return createSecretStore({ service, account: entry });
  };
  for (const a of options.accounts ?? []) await addAccount({ dataDir, clock: now, secretsFor: (entry) => (entry === KEYCHAIN_ACCOUNT ? secrets : secretsFor(entry)) }, a.name, a.apiKey);
  const core = createAppCore({
    dataDir,
    clock: now,
    timers: realTimers,
    random: Math.random,
    fetch: (url: string, init: Parameters<typeof fetch>[1]) => fetch(url, init),
    localTimeZone: () => options.localTimeZone ?? 'Europe/Berlin',
    version: '0.1.0-test',
    // Retries wait no real time, so a transport fault reaches the window at once.
    client: { sleep: async () => {} },
    // A test makes many polls in a few seconds of real time: a limiter that never makes one wait out
    // a real minute (the limit itself is tested in api-rate-limit and controller-accounts).
    rateLimiter: createRateLimiter({ monotonic: realMonotonic, timers: realTimers, limit: 10_000 }),
    secrets,
    secretsFor,
    baseUrl: api.baseUrl(),
    ...(options.settingsStore ? { settingsStore: options.settingsStore(dataDir, now) } : {}),
  });
  const controller = core.controller;
  const opened: string[] = [];
  const alerts: Alert[] = [];
  const exported: AppUnderTest['exported'] = [];
  const dialog = { answer: 'save' as AppUnderTest['saveDialog'] };
  const listeners = new Set<(channel: EventChannel, value: unknown) => void>();
  controller.onView((view) => {
    for (const l of listeners) l('app:view-changed', view);
  });
  controller.onAlert((a) => alerts.push(a));
  const handlers = createIpcHandlers(controller, {
    openExternal: async (url) => void opened.push(url),
    setDemo: core.setDemo,
    openLogFolder: async () => {
      opened.push(LOG_FOLDER_OPENED);
      return { folder: join(dataDir, 'logs'), file: 'main.log', error: null };
    },
    // As src/main/notifications.ts answers on Linux (test/alerts-notifications.test.ts shows the real one).
    testNotification: async () => ({ shown: true, message: testSentText(false) }),
    saveCsv: async (defaultName, content, rows) => {
      if (dialog.answer === 'cancel') return { outcome: 'cancelled' };
      exported.push({ defaultName, content, rows });
      return { outcome: 'saved', fileName: defaultName, rows };
    },
  });
  if (options.start !== false) await controller.start();
  return {
    handlers,
    controller,
    core,
    api,
    secrets,
    secretsFor,
    dataDir,
    service,
    opened,
    alerts,
    exported,
    get saveDialog() {
      return dialog.answer;
    },
    set saveDialog(answer) {
      dialog.answer = answer;
    },
    onEvent(listener) {
      const l = listener as (channel: EventChannel, value: unknown) => void;
      listeners.add(l);
      return () => listeners.delete(l);
    },
    advanceClock(ms) {
      offset += ms;
    },
    now,
    async close() {
      await core.close();
      await api.close();
      if (options.keychain === undefined || options.keychain === 'real' || options.keychain === 'slow') await secrets.delete().catch(() => false);
      for (const entry of entries) await createSecretStore({ service, account: entry }).delete().catch(() => false);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
