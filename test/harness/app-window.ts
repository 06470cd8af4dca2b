// One way for the window tests to open the app: the real main side (startAppUnderTest) behind a
// Chromium window (openWindow), at a fixed time in Berlin unless told otherwise.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { IpcHandlers } from '../../src/main/ipc/handlers.js';
import { startAppUnderTest, type AppUnderTest } from './app-under-test.js';
import type { FakeApiOptions } from '../fake-api/server.js';
import type { AppWindow, ChromiumHarness } from './chromium.js';
import { localDayBounds } from '../../src/core/time/local-days.js';

export const AT = Date.parse('2026-11-26T11:30:00Z');
export const ZONE = 'Europe/Berlin';

export interface OpenOptions {
  withKey?: boolean;
  /** The app's (and the page's) clock at start; default AT. */
  at?: number;
  colorScheme?: 'light' | 'dark';
  keychain?: 'broken' | 'locked';
  /** The page's clock runs on (default: fixed at the app's time). */
  flowingClock?: boolean;
  /** Wrap the handler table (to corrupt a payload on its way to main, say). */
  wrap?: (handlers: IpcHandlers) => IpcHandlers;
  /** Wait until the first sync's figures and chart are on screen. */
  waitForFigures?: boolean;
  /** The browser's language (navigator.language); default en-US. */
  locale?: string;
  /** The fake API's options (titles, money, package, variants such as noMoney). */
  fakeApi?: Partial<FakeApiOptions>;
  /** More accounts added before start (their keys in fakeApi.otherAccounts). */
  accounts?: ReadonlyArray<{ name: string; apiKey: string }>;
  viewport?: { width: number; height: number };
}

export interface OpenedApp {
  app: AppUnderTest;
  w: AppWindow;
  page: Page;
  close(): Promise<void>;
}

export async function openApp(h: ChromiumHarness, options: OpenOptions = {}): Promise<OpenedApp> {
  const app = await startAppUnderTest({
    withKey: options.withKey ?? true,
    at: options.at ?? AT,
    localTimeZone: ZONE,
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.fakeApi ? { fakeApi: options.fakeApi } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
  });
  const handlers = options.wrap ? options.wrap(app.handlers) : app.handlers;
  const w = await h.openWindow({
    handlers,
    onEvent: app.onEvent,
    colorScheme: options.colorScheme ?? 'light',
    clock: { at: app.now(), mode: options.flowingClock ? 'flowing' : 'fixed' },
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  if (options.waitForFigures) await figuresReady(w.page);
  return {
    app,
    w,
    page: w.page,
    async close() {
      await w.close();
      await app.close();
    },
  };
}

/** Waits until the first sync is on screen (figures and chart). */
export async function figuresReady(page: Page): Promise<void> {
  await page.locator('#updated', { hasText: /^Updated/ }).waitFor();
  await page.locator('#chart-summary', { hasText: /\S/ }).waitFor();
}

export function assertHealthy(w: AppWindow): void {
  assert.deepEqual(w.problems, [], 'no console errors, page errors or CSP violations');
}

/** The fake API's traffic over the local dates [from..to] in ZONE, for one login or all: what the window must show. */
export function sumTraffic(app: AppUnderTest, from: string, to: string, login?: string): number {
  return app.api.trafficBetween(localDayBounds(from, ZONE).start, localDayBounds(to, ZONE).end, login).reduce((a, s) => a + s.bytes, 0);
}
