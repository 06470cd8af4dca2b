// The log file of the BUILT main process (out/main/index.js against the Electron stand-in): written to
// main.log in app.getPath('logs'), holding what the app reported, and never the API key, though the
// key came from PROXY_SELLER_API_KEY and the server echoed it back inside a URL. And About's button,
// from the page through the preload bridge to shell.openPath.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { app, standin } from './electron-standin/electron.js';
import { launchStandinBrowser, runMain } from './electron-standin/run-main.js';
import { waitUntil } from './support/wait.js';

const KEY = 'log-KEY-0123456789/ab';

let browser: Browser;
let api: FakeApi;
before(async () => {
  browser = await launchStandinBrowser();
  api = await startFakeApi({ apiKey: KEY });
});
after(async () => {
  await api?.close();
  await browser?.close();
});

test('the built app writes main.log in the logs folder; the env key, echoed by the server in a URL, is masked in it', async () => {
  const url = `${api.baseUrl()}${encodeURIComponent(KEY)}/`;
  // A 500 first (the client retries, and says so in the log), then traffic answers carrying a list
  // named after the request's URL with an hour named after the key: the client drops that hour and
  // logs its path.
  api.setScenario({ kind: 'http-500-json', endpoint: 'package', times: 1 });
  api.setVariants({ detailsJunk: { [url]: { [KEY]: 1 } } });
  const main = await runMain({ browser, env: { PROXY_SELLER_API_KEY: KEY, PROXY_SELLER_API_URL: api.baseUrl() } });
  try {
    const logs = app.getPath('logs');
    assert.equal(logs, join(main.dataDir, 'logs'));
    const file = join(logs, 'main.log');
    const text = await waitUntil('the retry and the dropped list in the log', async () => {
      const t = await readFile(file, 'utf8').catch(() => '');
      return /Retry 1\/\d/.test(t) && /dropped/.test(t) && t;
    });
    assert.match(text, /^\[[\d\- :.]+\] \[info\] +Proxy-Seller Traffic Tray \d+\.\d+\.\d+\S* starting \(/, 'the first line names the app and its version');
    assert.match(text, /\[info\] +resident\/package: .*Retry 1\//);
    assert.match(text, /\[warn\] +resident\/traffic\/details: dropped .*\(first: data\["http:\/\/127\.0\.0\.1:\d+\/personal\/api\/v1\/\*\*\*\/"\]\["\*\*\*"\]\)/, 'where the key was, the mask');
    await waitUntil('the figures', () => main.tray().tooltip.includes('today'));
    await main.quit();

    const after = await readFile(file, 'utf8');
    for (const f of [KEY, encodeURIComponent(KEY), encodeURIComponent(KEY).toLowerCase()]) assert.ok(!after.includes(f), `main.log holds ${f}`);
    assert.ok(!main.output.join('\n').includes(KEY), 'nor did the console get it');
    assert.deepEqual(await readdir(logs), ['main.log']);
    assert.deepEqual(standin.problems, []);
  } finally {
    await main.close();
  }
});

test('About\'s Open log folder reaches shell.openPath in main with the logs folder, through the real bridge', async () => {
  const main = await runMain({ browser, env: { PROXY_SELLER_API_URL: api.baseUrl() } });
  try {
    const page = await main.page();
    await page.locator('#tab-about').click();
    await page.locator('#about-open-log').click();
    const logs = join(main.dataDir, 'logs');
    await page.locator('#about-log-status', { hasText: `The log is main.log in ${logs}.` }).waitFor();
    assert.deepEqual(standin.openedPaths, [logs]);
    assert.deepEqual(standin.openedExternally, []);
    assert.deepEqual(main.window().webContents.pageProblems, []);
    assert.deepEqual(standin.problems, []);
  } finally {
    await main.close();
  }
});
