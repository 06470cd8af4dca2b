// The built app in real Electron, driven by Playwright's _electron: tray via test hooks, the window,
// refresh and settings. Runs where an Electron binary exists; skips (and says why) where it does not,
// as on machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_PAGE_URL } from '../src/main/window/app-protocol.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { electronBinary } from '../scripts/electron-binary.js';

const root = resolve(import.meta.dirname, '..');
const KEY = 'e2e-KEY-0123456789abcdef';

const binary = electronBinary();
const skip =
  binary === null
    ? 'no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); run `npm install` where Electron can be downloaded. ' +
      'The same built main runs against the Electron stand-in in electron-main-standin.test.ts'
    : false;

interface Hooks {
  tray: { state: string; title: string; tooltip: string; menuLabels: string[]; click(id: string): boolean };
  view(): { snapshot: { lastSuccessAt: number | null; today: { totalBytes: number } }; syncing: boolean };
}

describe('Electron app (Playwright _electron)', { skip }, () => {
  let api: FakeApi;
  let dataDir: string;
  let electronApp: import('playwright').ElectronApplication;

  before(async () => {
    api = await startFakeApi({ apiKey: KEY });
    dataDir = await mkdtemp(join(tmpdir(), 'pst-e2e-'));
    const { _electron } = await import('playwright');
    electronApp = await _electron.launch({
      executablePath: binary ?? undefined,
      args: [join(root, 'out/main/index.js')],
      env: {
        ...process.env,
        PST_TEST_HOOKS: '1',
        PROXY_SELLER_API_URL: api.baseUrl(),
        PROXY_SELLER_API_KEY: KEY,
        PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir,
      },
    });
  });

  after(async () => {
    await electronApp?.close();
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the tray shows today after the first sync, and its menu has the actions', async () => {
    await electronApp.evaluate(async () => {
      const hooks = (globalThis as unknown as { __testHooks: Hooks }).__testHooks;
      for (let i = 0; i < 200 && hooks.view().snapshot.lastSuccessAt === null; i++) await new Promise((r) => setTimeout(r, 50));
    });
    const tray = await electronApp.evaluate(() => (globalThis as unknown as { __testHooks: Hooks }).__testHooks.tray);
    assert.equal(tray.state, 'normal');
    assert.match(tray.tooltip, /today/i);
    for (const label of ['Refresh now', 'Open details', 'Quit']) assert.ok(tray.menuLabels.some((l) => l.startsWith(label)), label);
  });

  test('the window opens on the overview, from the app\'s own scheme, and Refresh asks the API', async () => {
    const page = await electronApp.firstWindow();
    await page.waitForSelector('text=Refresh');
    assert.equal(page.url(), APP_PAGE_URL, 'served by protocol.handle, not from file://');
    // Its scripts and styles came through the same handler under the page's CSP ('self' = app://bundle).
    assert.equal(await page.evaluate(() => (globalThis as unknown as { origin: string }).origin), 'app://bundle');
    assert.ok((await page.evaluate(() => (globalThis as unknown as { document: { styleSheets: { length: number } } }).document.styleSheets.length)) > 0);
    const before = api.requests.length;
    await page.click('button:has-text("Refresh")');
    for (let i = 0; i < 100 && api.requests.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(api.requests.length > before);
  });

  test('the tray menu refresh works through the test hooks', async () => {
    const before = api.requests.length;
    const clicked = await electronApp.evaluate(() => (globalThis as unknown as { __testHooks: Hooks }).__testHooks.tray.click('refresh'));
    assert.equal(clicked, true);
    for (let i = 0; i < 100 && api.requests.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(api.requests.length > before);
  });

  test('settings open from the tray and show the stored-key state, never the key', async () => {
    await electronApp.evaluate(() => (globalThis as unknown as { __testHooks: Hooks }).__testHooks.tray.click('settings'));
    const page = await electronApp.firstWindow();
    await page.waitForSelector('text=Settings');
    assert.ok(!(await page.content()).includes(KEY));
  });
});
