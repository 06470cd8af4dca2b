// Runs the BUILT main process (out/main/index.js, exactly what `npm start` hands Electron) inside this
// Node process, with `import 'electron'` resolved to the stand-in. Each run imports the bundle anew
// (its own module state, as a new process would have) with its own data folder, keychain entry and
// XDG config folder, so nothing of the developer's is read or written.
import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatWithOptions } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { createSecretStore, KEYCHAIN_SERVICE_ENV, type SecretStore } from '../../src/core/secrets/keychain.js';
import { DATA_DIR_ENV } from '../../src/core/paths.js';
import { APP_ORIGIN } from '../../src/main/window/app-protocol.js';
import { launchChromium } from '../harness/chromium.js';
import { waitUntil } from '../support/wait.js';
import { resetStandin, standin, app, type BrowserWindow, type Tray } from './electron.js';

export const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The built bundles of an app folder (the repo, or a packed app.asar extracted). */
export function bundlesOf(appDir: string): { main: string; preload: string; page: string } {
  return { main: join(appDir, 'out/main/index.js'), preload: join(appDir, 'out/preload/index.cjs'), page: join(appDir, 'out/renderer/index.html') };
}

let registered = false;

/** `import 'electron'` from here on resolves to the stand-in (electron-store's import included). */
export function registerStandin(): void {
  if (registered) return;
  register(new URL('./hooks.mjs', import.meta.url), { data: { electronUrl: new URL('./electron.ts', import.meta.url).href } });
  registered = true;
}

/** Chromium as the stand-in's windows need it (the app's page comes from its own scheme, not file://). */
export function launchStandinBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface MainRun {
  dataDir: string;
  configHome: string;
  /** The run's own keychain entry (real keychain). */
  secrets: SecretStore;
  /** What the app printed (console.log/warn/error: Electron's stdout and stderr), one entry a call. */
  output: string[];
  tray(): Tray;
  /** The details window, once the app has made one. */
  window(): BrowserWindow;
  /** The window's page once it has loaded. */
  page(): Promise<Page>;
  /** Quits as the app would be quit (the tray's Quit calls the same app.quit()). */
  quit(): Promise<void>;
  /**
   * Timers and listening servers this process has that it did not have before the app started,
   * once short-lived ones (a page call or a socket still closing) had up to `settleMs` to end.
   * After quitting there must be none: in Electron a leftover would be harmless, but it would mean
   * work still scheduled (a poll, a redraw, a demo server) after the app said goodbye.
   */
  leftBehind(settleMs?: number): Promise<string[]>;
  /** Quits if still running, then removes the run's folders and keychain entry and stops its timers. */
  close(): Promise<void>;
}

/** What the app reads from the environment: unset for every run unless the test sets it. */
const APP_ENV = [
  DATA_DIR_ENV,
  KEYCHAIN_SERVICE_ENV,
  'XDG_CONFIG_HOME',
  'PROXY_SELLER_API_KEY',
  'PROXY_SELLER_API_URL',
  'PROXY_SELLER_DEMO',
  'PST_TEST_HOOKS',
  'ELECTRON_RENDERER_URL',
  'APPIMAGE',
];

let runs = 0;

/** Every timer created while `on` is set, until it fires for good or is cleared. */
function trackTimers(): { on: boolean; live: Set<NodeJS.Timeout>; stop(): void } {
  const live = new Set<NodeJS.Timeout>();
  const ids = new Map<number, NodeJS.Timeout>();
  const tracker = {
    on: true,
    live,
    stop: () => hook.disable(),
  };
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (tracker.on && type === 'Timeout') {
        ids.set(id, resource as NodeJS.Timeout);
        live.add(resource as NodeJS.Timeout);
      }
    },
    destroy(id) {
      const t = ids.get(id);
      if (t) live.delete(t);
      ids.delete(id);
    },
  }).enable();
  return tracker;
}

export async function runMain(opts: {
  browser: Browser;
  /** The app folder whose out/main/index.js runs (default: this repo). */
  appDir?: string;
  /** As app.isPackaged reports it (default: false, as under `npm start`). */
  packaged?: boolean;
  env?: Record<string, string>;
  /** Stored in the run's keychain entry before the app starts. */
  apiKey?: string;
  /**
   * Prepares the data folder before the app starts (a corrupt file, say). `secretsFor` opens another
   * entry of the run's keychain service (a further account's key), removed with the run.
   */
  beforeStart?: (dataDir: string, secretsFor: (entry: string) => SecretStore) => Promise<void>;
}): Promise<MainRun> {
  const appDir = opts.appDir ?? REPO_ROOT;
  const bundles = bundlesOf(appDir);
  for (const f of Object.values(bundles)) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first.`);
  }
  registerStandin();

  const cleanups: Array<() => Promise<unknown> | void> = [];
  const cleanUp = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-standin-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const configHome = await mkdtemp(join(tmpdir(), 'pst-standin-config-'));
    cleanups.push(() => rm(configHome, { recursive: true, force: true }));
    const service = `pst-standin-${process.pid}-${randomUUID().slice(0, 8)}`;
    const secrets = createSecretStore({ service });
    cleanups.push(() => secrets.delete());
    if (opts.apiKey) await secrets.set(opts.apiKey);
    const secretsFor = (entry: string): SecretStore => {
      const store = createSecretStore({ service, account: entry });
      cleanups.push(() => store.delete());
      return store;
    };
    await opts.beforeStart?.(dataDir, secretsFor);

    // The app reads these at start; they stay as set here until the run is closed. Anything of the
    // developer's (a PROXY_SELLER_API_KEY in the shell, say) is hidden from the app.
    const saved = new Map(APP_ENV.map((k) => [k, process.env[k]]));
    cleanups.push(() => {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    for (const k of APP_ENV) delete process.env[k];
    const env: Record<string, string> = { [DATA_DIR_ENV]: dataDir, [KEYCHAIN_SERVICE_ENV]: service, XDG_CONFIG_HOME: configHome, ...opts.env };
    for (const k of Object.keys(env)) if (!APP_ENV.includes(k)) throw new Error(`runMain: ${k} is not an environment variable the app reads`);
    Object.assign(process.env, env);

    // In Electron the console is the process's stdout and stderr; here it is kept (and still shown).
    const output: string[] = [];
    const methods = ['log', 'info', 'warn', 'error'] as const;
    const original = methods.map((m) => console[m]);
    for (const [i, m] of methods.entries()) {
      console[m] = (...args: unknown[]) => {
        output.push(formatWithOptions({ colors: false }, ...args));
        original[i]!.apply(console, args);
      };
    }
    cleanups.push(() => methods.forEach((m, i) => (console[m] = original[i]!)));

    const timers = trackTimers();
    cleanups.push(() => {
      timers.stop();
      // A timer the app left running would keep this process (the test file) alive for ever.
      for (const t of timers.live) if (t.hasRef()) clearTimeout(t);
    });

    const baseline = process.getActiveResourcesInfo();
    resetStandin({ appPath: appDir, isPackaged: opts.packaged ?? false, userData: dataDir, browser: opts.browser });
    await import(`${pathToFileURL(bundles.main).href}?run=${++runs}`);

    const run: MainRun = {
      dataDir,
      configHome,
      secrets,
      output,
      tray: () => {
        const t = standin.trays[0];
        if (!t) throw new Error('the app has not made a tray');
        return t;
      },
      window: () => {
        const w = standin.windows[0];
        if (!w) throw new Error('the app has not made a window');
        return w;
      },
      page: async () => {
        const w = await waitUntil('the details window', () => standin.windows[0]);
        return waitUntil('the window to load', () => w.webContents.page !== null && w.webContents.getURL().startsWith(`${APP_ORIGIN}/`) && w.webContents.page);
      },
      async leftBehind(settleMs = 3_000) {
        const extra = () => {
          const left = [...baseline];
          const out: string[] = [];
          for (const r of process.getActiveResourcesInfo()) {
            const i = left.indexOf(r);
            if (i >= 0) left.splice(i, 1);
            else if (r === 'Timeout' || r === 'TCPServerWrap') out.push(r);
          }
          return out;
        };
        await waitUntil('', () => extra().length === 0, settleMs).catch(() => undefined);
        return extra();
      },
      async quit() {
        app.quit();
        await waitUntil('the app to quit', () => standin.quitted || standin.exitCode !== null);
        timers.on = false;
      },
      async close() {
        try {
          if (!standin.quitted && standin.exitCode === null) await run.quit();
        } finally {
          await cleanUp();
        }
      },
    };
    return run;
  } catch (e) {
    await cleanUp();
    throw e;
  }
}
