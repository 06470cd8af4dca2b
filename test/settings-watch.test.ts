// electron-store watches settings.json: an edit made by hand reaches the app (the store's listener,
// and through it the controller of the built app in the stand-in), the app's own saves do not
// echo, and no watcher outlives the app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SETTINGS_FILE, type SettingsLoad } from '../src/core/settings/file.js';
import { defaultSettings } from '../src/core/settings/schema.js';
import { invokeFromFrame, standin } from './electron-standin/electron.js';
import { launchStandinBrowser, registerStandin, runMain } from './electron-standin/run-main.js';
import { waitUntil } from './support/wait.js';
import { AUTOSTART_ID } from '../src/core/autostart.js';

registerStandin();
const { electronSettingsStore } = await import('../src/main/settings-store.js');

// On Linux electron-store polls the file's stat (about every 5 s) and waits 1 s more for quiet.
const NOTICED_WITHIN_MS = 15_000;
const clock = () => Date.UTC(2026, 2, 14, 9, 30, 0);

describe('the settings store', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-watch-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('an edit by hand reaches the listener, read as the CLI reads it; its own saves do not', async () => {
    const store = electronSettingsStore(dir, clock);
    assert.deepEqual((await store.read()).settings, defaultSettings);
    const heard: SettingsLoad[] = [];
    const stop = store.onChange!((load) => heard.push(load));
    try {
      await store.update({ units: 'GiB' });
      const file = join(dir, SETTINGS_FILE);
      assert.equal((JSON.parse(await readFile(file, 'utf8')) as { units: string }).units, 'GiB');

      await writeFile(file, JSON.stringify({ ...defaultSettings, units: 'GiB', pollIntervalMinutes: 30, requestTimeoutSeconds: 999 }));
      const load = await waitUntil('the edit to be heard', () => heard[0], NOTICED_WITHIN_MS);
      assert.equal(load.settings.pollIntervalMinutes, 30);
      assert.equal(load.settings.requestTimeoutSeconds, defaultSettings.requestTimeoutSeconds);
      assert.deepEqual(load.defaulted, ['requestTimeoutSeconds']);
      assert.deepEqual(load.problems, ['requestTimeoutSeconds must be a whole number from 1 to 120 (found 999); the default 20 is used.']);
      assert.equal(heard.length, 1, 'the save through the store was not heard as an outside edit');
    } finally {
      stop();
    }
    // Unsubscribed: the watcher is closed, a later edit goes unheard.
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ ...defaultSettings, units: 'GB' }));
    await new Promise((r) => setTimeout(r, 7_000));
    assert.equal(heard.length, 1);
  });

  test('a hand edit that is not JSON, or a folder in the file\'s place, keeps the settings the app had and says why; nothing is moved or thrown', async () => {
    const own = await mkdtemp(join(tmpdir(), 'pst-watch-bad-'));
    const store = electronSettingsStore(own, clock);
    await store.read();
    await store.update({ units: 'GiB', pollIntervalMinutes: 15 });
    const heard: SettingsLoad[] = [];
    const stop = store.onChange!((load) => heard.push(load));
    const file = join(own, SETTINGS_FILE);
    try {
      const typo = `${JSON.stringify({ ...defaultSettings, units: 'GB' }).slice(0, -1)},}`;
      await writeFile(file, typo);
      const bad = await waitUntil('the broken edit to be heard', () => heard[0], NOTICED_WITHIN_MS);
      assert.equal(bad.settings.units, 'GiB', 'the settings it had');
      assert.equal(bad.settings.pollIntervalMinutes, 15);
      assert.deepEqual(bad.defaulted, []);
      assert.equal(bad.problems.length, 1);
      assert.match(bad.problems[0]!, /^settings\.json was changed but could not be read \(not valid JSON: .*\); the app keeps the settings it had until the file is fixed\.$/);
      assert.equal(await readFile(file, 'utf8'), typo, 'the user\'s edit is left where it is');
      assert.deepEqual((await readdir(own)).filter((f) => f.includes('corrupt')), [], 'nothing moved aside while it is being edited');

      // Fixed: heard as it is.
      await writeFile(file, JSON.stringify({ ...defaultSettings, units: 'GB' }));
      const fixed = await waitUntil('the fixed file to be heard', () => heard.find((l) => l.settings.units === 'GB'), NOTICED_WITHIN_MS);
      assert.deepEqual(fixed.problems, []);

      // A folder in its place: electron-store's own read would throw in its change handler.
      await rm(file);
      await mkdir(file);
      const gone = await waitUntil('the folder to be heard', () => heard.find((l) => l.problems.some((p) => p.includes('EISDIR'))), NOTICED_WITHIN_MS);
      assert.equal(gone.settings.units, 'GB', 'the last good settings');
    } finally {
      stop();
      await rm(own, { recursive: true, force: true });
    }
  });
});

describe('the app', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchStandinBrowser();
  });
  after(async () => browser?.close());

  test('takes up a settings file edited by hand while it runs (launch at login too), and leaves no watcher behind on quit', async () => {
    const run = await runMain({ browser });
    try {
      const wc = (await waitUntil('the welcome window', () => standin.windows[0])).webContents;
      await run.page();
      const view = () => invokeFromFrame(wc, wc.mainFrame, 'app:get-view', []) as Promise<{ settings: { units: string; apiTimeZone: string }; notices: string[] }>;
      assert.equal((await view()).settings.units, 'GB');
      await writeFile(join(run.dataDir, SETTINGS_FILE), JSON.stringify({ ...defaultSettings, units: 'GiB', apiTimeZone: 'Mars/Olympus', launchAtLogin: true }));
      const seen = await waitUntil('the view to show the edit', async () => {
        const v = await view();
        return v.settings.units === 'GiB' && v;
      }, NOTICED_WITHIN_MS);
      assert.equal(seen.settings.apiTimeZone, 'UTC', 'a bad zone in the edit falls back to the default');
      assert.ok(seen.notices.some((n) => n.startsWith('apiTimeZone must be a known IANA time zone')), seen.notices.join(' | '));
      // Launch at login follows the setting, wherever it was changed.
      const entry = join(run.configHome, 'autostart', `${AUTOSTART_ID}.desktop`);
      await waitUntil('the autostart entry', () => readFile(entry, 'utf8').catch(() => null));
      await run.quit();
      assert.deepEqual(await run.leftBehind(), [], 'no watcher or debounce timer after quit');
    } finally {
      await run.close();
    }
  });
});
