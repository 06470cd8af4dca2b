// Drives the built details window (out/renderer) in Debian's Chromium with Playwright, behind the REAL
// preload bundle (out/preload/index.cjs). A shim stands in for Electron: `require('electron')` gives a
// contextBridge that sets window properties and an ipcRenderer whose invoke() reaches a Node-side
// handler table through a Playwright binding; main→renderer events are pushed into its listeners.
// The page is served over http://127.0.0.1 so the page's CSP ('self') applies as in the app.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { EventChannel, EventContract, InvokeChannel } from '../../src/shared/ipc.js';
import type { IpcHandlers } from '../../src/main/ipc/handlers.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const PRELOAD_FILE = join(ROOT, 'out/preload/index.cjs');

/**
 * $PST_CHROMIUM when set; else Debian's Chromium where it exists (these machines, CI); else undefined,
 * which lets Playwright use its own browser (a contributor's Mac or PC after `npx playwright install`).
 */
export const CHROMIUM_PATH: string | undefined = process.env.PST_CHROMIUM?.trim() || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Subscribes to main→renderer events (as AppUnderTest.onEvent does); returns the unsubscribe. */
export type EventSource = (listener: <C extends EventChannel>(channel: C, value: EventContract[C]) => void) => () => void;

export interface OpenWindowOptions {
  handlers: IpcHandlers;
  onEvent?: EventSource;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /**
   * The page's clock, to match the app's (frozen) one: `fixed` pins Date.now(); `flowing` installs
   * Playwright's fake timers starting there, so `page.clock.fastForward` can fire the window's timers.
   * Default: the real time.
   */
  clock?: { at: number; mode?: 'fixed' | 'flowing' };
  /** Page's time zone (Intl default); the window itself always uses the snapshot's zone. */
  timezoneId?: string;
  /** The browser's language (navigator.language, Intl's default); default en-US. */
  locale?: string;
}

export interface IpcCall {
  channel: string;
  payload: unknown;
}

export interface AppWindow {
  page: Page;
  /** Pushes an event to the page's listeners, as main's webContents.send would. */
  emit<C extends EventChannel>(channel: C, value: EventContract[C]): Promise<void>;
  /** Every invoke the page made, in order. */
  readonly calls: readonly IpcCall[];
  /** Console errors, page errors, CSP violations and failed handlers: a healthy window has none. */
  readonly problems: readonly string[];
  /** Moves the page's fixed clock (Date.now). */
  setClock(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface ChromiumHarness {
  browser: Browser;
  baseUrl: string;
  openWindow(options: OpenWindowOptions): Promise<AppWindow>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** A static file server for one folder on 127.0.0.1 (random port). */
/** Serves `dir` on 127.0.0.1; `headers` go on every answer (the chart bench's COOP/COEP). */
export async function serveDir(dir: string, headers: Readonly<Record<string, string>> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      },
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}), headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Runs before the page's scripts: the Electron stand-in, then the preload bundle as Electron would
 * run it (a CommonJS function given `require`). The shim's invoke goes to the `__ipcInvoke` binding.
 */
export function preloadInitScript(preload: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) { return window.__ipcInvoke(channel, ...args); },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  Object.defineProperty(window, '__ipcEmit', {
    value(channel, value) {
      for (const l of [...(listeners.get(channel) ?? [])]) l({ sender: null }, value);
      return (listeners.get(channel) ?? new Set()).size;
    },
  });
  const contextBridge = { exposeInMainWorld(key, api) { Object.defineProperty(window, key, { value: api, enumerable: true }); } };
  const require = (name) => {
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('a sandboxed preload cannot require ' + name);
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
  });
  const module = { exports: {} };
  (function (require, module, exports) {
${preload}
  })(require, module, module.exports);
})();`;
}

export async function startChromiumHarness(): Promise<ChromiumHarness> {
  let preload: string;
  try {
    await readFile(join(RENDERER_DIR, 'index.html'));
    preload = await readFile(PRELOAD_FILE, 'utf8');
  } catch {
    throw new Error('out/renderer or out/preload is missing: run `npm run build` first.');
  }
  const server = await serveDir(RENDERER_DIR);
  const browser = await launchChromium();
  const contexts = new Set<BrowserContext>();

  const DEFAULT_VIEWPORT = { width: 980, height: 760 };

  async function blankPage(timezoneId?: string, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: DEFAULT_VIEWPORT, locale, ...(timezoneId ? { timezoneId } : {}) });
    contexts.add(context);
    return { context, page: await context.newPage() };
  }

  // Starting a page's renderer process is the slow part of opening a window: keep one blank page
  // ready (its own context, so nothing is shared between tests) while the current test runs.
  let spare: Promise<{ context: BrowserContext; page: Page }> | null = null;
  const warm = () => {
    spare = blankPage();
    spare.catch(() => undefined);
  };

  async function openWindow(options: OpenWindowOptions): Promise<AppWindow> {
    let blank: { context: BrowserContext; page: Page };
    if (options.timezoneId || options.locale) blank = await blankPage(options.timezoneId, options.locale);
    else {
      blank = await (spare ?? blankPage());
      warm();
    }
    const { context, page } = blank;
    await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
    if (options.viewport) await page.setViewportSize(options.viewport);
    const calls: IpcCall[] = [];
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    if (options.clock) {
      if (options.clock.mode === 'flowing') await page.clock.install({ time: options.clock.at });
      else await page.clock.setFixedTime(options.clock.at);
    }

    await page.exposeBinding('__ipcInvoke', async (_source, channel: string, ...args: unknown[]) => {
      const payload = args[0];
      calls.push({ channel, payload });
      const handler = (options.handlers as Record<string, ((p: unknown) => Promise<unknown>) | undefined>)[channel];
      if (!handler) {
        problems.push(`no handler for ${channel}`);
        throw new Error(`No handler registered for '${channel}'`);
      }
      try {
        return await handler(payload);
      } catch (e) {
        problems.push(`handler ${channel as InvokeChannel} failed: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    });
    await page.addInitScript({ content: preloadInitScript(preload) });

    // Events are delivered in order, one page.evaluate after the other.
    let queue: Promise<unknown> = Promise.resolve();
    let closed = false;
    const emit = <C extends EventChannel>(channel: C, value: EventContract[C]): Promise<void> => {
      const next = queue.then(() =>
        closed
          ? undefined
          : page.evaluate(([c, v]) => (globalThis as unknown as { __ipcEmit(c: string, v: unknown): number }).__ipcEmit(c, v), [channel, value] as const),
      );
      queue = next.catch(() => undefined);
      return next.then(() => undefined);
    };
    const unsubscribe = options.onEvent?.((channel, value) => {
      void emit(channel, value).catch(() => undefined);
    });

    // Module scripts have run by DOMContentLoaded.
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });

    return {
      page,
      emit,
      calls,
      problems,
      setClock: (ms) => page.clock.setFixedTime(ms),
      async close() {
        closed = true;
        unsubscribe?.();
        await queue;
        contexts.delete(context);
        await context.close();
      },
    };
  }

  warm();

  return {
    browser,
    baseUrl: server.url,
    openWindow,
    async close() {
      await spare?.catch(() => undefined);
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

/** Saves a full-page screenshot as test-results/screenshots/<name>.png (for people to look at). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}
