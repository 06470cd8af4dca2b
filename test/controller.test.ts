// The app's core through the real IPC handler table: fake API over HTTP, temp data folder, real keychain.
import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { readSettings, SETTINGS_FILE, type SettingsLoad } from '../src/core/settings/file.js';
import { fileSettingsStore, type SettingsStore } from '../src/core/settings/store.js';
import { join } from 'node:path';
import { bridgeMethods, type AppView, type SeriesResponse } from '../src/shared/ipc.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { IpcPayloadError } from '../src/main/ipc/handlers.js';
import { isTrustedSender } from '../src/main/ipc/sender.js';
import { startAppUnderTest, TEST_API_KEY, type AppUnderTest } from './harness/app-under-test.js';
import { waitUntil } from './support/wait.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';

const ZONE = 'Europe/Berlin';
let app: AppUnderTest | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
});

const until = (check: () => boolean, what: string): Promise<true> => waitUntil(what, check, 4_000);

/** The first sync has ended (not just recorded its success). */
function synced(a: AppUnderTest): () => boolean {
  return () => a.controller.view().snapshot.lastSuccessAt !== null && !a.controller.view().syncing;
}

function sum(a: AppUnderTest, from: number, to: number, login?: string): number {
  return a.api.trafficBetween(from, to, login).reduce((s, x) => s + x.bytes, 0);
}

describe('controller via the IPC handler table', () => {
  test('the table answers exactly the contract channels', async () => {
    app = await startAppUnderTest({ withKey: true });
    assert.deepEqual(Object.keys(app.handlers).sort(), Object.values(bridgeMethods).sort());
  });

  test('first run without a key: no request, a no-key problem, then a key brings figures', async () => {
    app = await startAppUnderTest();
    const a = app;
    await until(() => !a.controller.view().syncing && a.controller.view().snapshot.problem !== null, 'first poll');
    let view = (await a.handlers['app:get-view'](undefined)) as AppView;
    assert.equal(view.key.stored, false);
    assert.equal(view.snapshot.problem?.kind, 'no-key');
    assert.equal(a.api.requests.length, 0);

    const bad = await a.handlers['key:set']({ apiKey: '  ' });
    assert.equal(bad.ok, false);
    const res = await a.handlers['key:set']({ apiKey: ` ${TEST_API_KEY} ` });
    assert.ok(res.ok);
    assert.equal(res.key.last4, TEST_API_KEY.slice(-4));
    await until(synced(a), 'sync with the new key');
    view = a.controller.view();
    assert.equal(view.snapshot.problem, null);
    const b = localDayBounds(localDateOf(a.now(), ZONE), ZONE);
    assert.equal(view.snapshot.today.totalBytes, sum(a, b.start, a.now() + 1));
    assert.ok(!JSON.stringify(view).includes(TEST_API_KEY), 'the view never carries the key');
    assert.equal(await a.secrets.get(), TEST_API_KEY, 'stored in the real keychain, trimmed');
  });

  test('series: today by the hour, 30 days by the day, a login filter, totals equal the API', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    const today = localDateOf(a.now(), ZONE);
    const hourly = (await a.handlers['traffic:get-series']({ from: today, to: today, granularity: 'auto' })) as SeriesResponse;
    assert.equal(hourly.granularity, 'hour');
    const b = localDayBounds(today, ZONE);
    assert.equal(hourly.buckets.length, (b.end - b.start) / 3_600_000);
    assert.equal(hourly.totalBytes, sum(a, b.start, a.now() + 1));
    assert.equal(hourly.series.reduce((s, x) => s + x.bytes.reduce((p, q) => p + q, 0), 0), hourly.totalBytes);
    assert.equal(hourly.buckets[0], b.start, 'the first hour starts at local midnight');

    const from = addDays(today, -29);
    const monthly = await a.handlers['traffic:get-series']({ from, to: today });
    assert.equal(monthly.granularity, 'day');
    assert.equal(monthly.buckets.length, 30);
    assert.equal(monthly.totalBytes, sum(a, localDayBounds(from, ZONE).start, a.now() + 1));
    assert.deepEqual(monthly.logins, ['alpha-list', 'beta-list', 'gamma-list']);

    const beta = await a.handlers['traffic:get-series']({ from, to: today, login: 'beta-list' });
    assert.deepEqual(beta.series.map((s) => s.login), ['beta-list']);
    assert.equal(beta.totalBytes, sum(a, localDayBounds(from, ZONE).start, a.now() + 1, 'beta-list'));

    // Older than the 31-day backfill: fetched on demand.
    const before = a.api.requests.length;
    const old = addDays(today, -60);
    const oldSeries = await a.handlers['traffic:get-series']({ from: old, to: old });
    assert.ok(a.api.requests.length > before);
    const ob = localDayBounds(old, ZONE);
    assert.equal(oldSeries.totalBytes, sum(a, ob.start, ob.end));
    assert.equal(oldSeries.stale, false);
  });

  test('payloads are validated: wrong shapes are refused with the field named, not its value', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await assert.rejects(a.handlers['traffic:get-series']({ from: '26.11.2026', to: '2026-11-26' }), (e: unknown) => e instanceof IpcPayloadError && /from: expected YYYY-MM-DD/.test(e.message));
    await assert.rejects(a.handlers['traffic:get-series']({ from: '2026-11-26', to: '2026-11-26', extra: 1 }), IpcPayloadError);
    await assert.rejects(a.handlers['polling:set-paused']({ paused: 'yes' }), IpcPayloadError);
    await assert.rejects(a.handlers['app:open-external']({ link: 'https://evil.example' }), IpcPayloadError);
    await assert.rejects(a.handlers['app:get-view']({ sneaky: true }), IpcPayloadError);
    await assert.rejects(
      a.handlers['key:set']({ apiKey: 'x'.repeat(2000) }),
      (e: unknown) => e instanceof IpcPayloadError && !e.message.includes('xxxxxxxx'),
    );
    await assert.rejects(a.handlers['traffic:get-series']({ from: '2026-11-26', to: '2026-11-01' }), RangeError);
    await a.handlers['app:open-external']({ link: 'api-settings' });
    assert.deepEqual(a.opened, ['https://proxy-seller.com/personal/api/']);
  });

  test('settings: per-field errors from main; a valid change applies and is saved', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    const bad = await a.handlers['settings:update']({ pollIntervalMinutes: 0, apiTimeZone: 'Mars/Base' });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.ok(bad.fields.pollIntervalMinutes);
      assert.ok(bad.fields.apiTimeZone);
    }
    const good = await a.handlers['settings:update']({ pollIntervalMinutes: 10, units: 'GiB', alerts: { leftBelowPercent: 25 } });
    assert.ok(good.ok);
    assert.equal(a.controller.view().settings.units, 'GiB');
    const onDisk = JSON.parse(await readFile(join(a.dataDir, 'settings.json'), 'utf8')) as { pollIntervalMinutes: number; alerts: { leftBelowPercent: number } };
    assert.equal(onDisk.pollIntervalMinutes, 10);
    assert.equal(onDisk.alerts.leftBelowPercent, 25);
  });

  test('an IP problem alerts once, stays on the view, and clears when fixed; a restart does not re-alert', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    a.api.setScenario({ kind: 'ip-not-allowed', ip: '203.0.113.7' });
    const r1 = await a.handlers['sync:refresh'](undefined);
    assert.equal(r1.ok, false);
    assert.equal(r1.problem?.ip, '203.0.113.7');
    await a.handlers['sync:refresh'](undefined);
    assert.equal(a.alerts.filter((x) => x.id === 'ip-not-allowed').length, 1, 'once, not on every retry');
    const view = a.controller.view();
    assert.equal(view.snapshot.stale, true);
    assert.ok(view.snapshot.today.totalBytes > 0, 'last good data stays');
  });

  test('a daily threshold fires once and not again after a restart', async () => {
    const first = await startAppUnderTest({ withKey: true, start: false });
    app = first;
    await first.controller.start();
    await until(synced(first), 'first sync');
    await first.handlers['settings:update']({ alerts: { dailyThresholdBytes: 1 } });
    await first.handlers['sync:refresh'](undefined);
    await first.handlers['sync:refresh'](undefined);
    assert.equal(first.alerts.filter((x) => x.id === 'daily-threshold').length, 1);
    // A second controller on the same folder: the alert state survived.
    const { createController } = await import('../src/core/controller/controller.js');
    const again = createController({
      dataDir: first.dataDir,
      clock: first.now,
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      random: () => 0.5,
      fetch: (u, i) => fetch(u, i),
      secrets: first.secrets,
      localTimeZone: () => ZONE,
      version: 't',
      baseUrl: first.api.baseUrl(),
    });
    const seen: string[] = [];
    again.onAlert((x) => seen.push(x.id));
    await again.start();
    await again.refresh();
    assert.deepEqual(seen.filter((id) => id === 'daily-threshold'), []);
    await again.stop();
  });

  test('pause, offline and sleep stop polling; the view says so', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    await a.handlers['polling:set-paused']({ paused: true });
    assert.equal(a.controller.view().paused, true);
    a.controller.setOnline(false);
    assert.equal(a.controller.view().online, false);
    a.controller.setOnline(true);
    await a.handlers['polling:set-paused']({ paused: false });
    assert.equal(a.controller.view().paused, false);
    // Two intervals without a good update: stale.
    a.advanceClock(11 * 60_000);
    assert.equal(a.controller.view().snapshot.stale, true);
  });

  test('waking, unlocking or coming back online refetches at once', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    const details = () => a.api.requests.filter((r) => r.endpoint === 'details').length;
    const before = details();
    a.controller.setHeld('sleep', true);
    a.controller.setHeld('sleep', false);
    await until(() => details() > before, 'a fetch after waking');
    await until(() => !a.controller.view().syncing, 'that fetch to end');
    const again = details();
    a.controller.setOnline(false);
    a.controller.setOnline(true);
    await until(() => details() > again, 'a fetch after coming back online');
  });

  test('holds are released one by one: waking while the demo still holds does not poll, releasing the last does', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    const details = () => a.api.requests.filter((r) => r.endpoint === 'details').length;
    const before = details();
    a.controller.setHeld('demo', true);
    a.controller.setHeld('sleep', true);
    a.controller.setHeld('sleep', false); // awake, the demo still holding
    a.controller.setHeld('sleep', false); // a repeated wake event changes nothing
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(details(), before, 'nothing fetched while a hold remains');
    a.controller.setHeld('demo', false);
    await until(() => details() > before, 'a fetch once the last hold is released');
  });

  test('a settings change that swaps the engine does not poll while paused; resuming does', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    await a.handlers['polling:set-paused']({ paused: true });
    const before = a.api.requests.length;
    const r = await a.handlers['settings:update']({ apiTimeZone: 'Asia/Kolkata' });
    assert.ok(r.ok);
    await new Promise((res) => setTimeout(res, 150));
    assert.equal(a.api.requests.length, before, 'paused means no request');
    // Not due by the schedule (5 minutes): only the owed first sync of the new engine asks now.
    await a.handlers['polling:set-paused']({ paused: false });
    await until(() => a.api.requests.slice(before).some((x) => x.endpoint === 'details'), 'the owed sync after resuming');
    await until(synced(a), 'that sync to end');
    assert.equal(a.controller.view().snapshot.problem, null);
  });

  test('raising the polling interval moves the stale line with it', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    const r = await a.handlers['settings:update']({ pollIntervalMinutes: 60 });
    assert.ok(r.ok);
    a.advanceClock(30 * 60_000);
    assert.equal(a.controller.view().snapshot.stale, false, 'half an interval is not stale');
    a.advanceClock(91 * 60_000);
    assert.equal(a.controller.view().snapshot.stale, true, 'two intervals are');
  });

  test('a key changed outside the app (e.g. by the CLI) is read again after it was refused', async () => {
    app = await startAppUnderTest();
    const a = app;
    await until(() => a.controller.view().snapshot.problem?.kind === 'no-key' && !a.controller.view().syncing, 'the first poll (no key yet)');
    await a.secrets.set('a-wrong-key-123456');
    const refused = await a.handlers['sync:refresh'](undefined);
    assert.equal(refused.problem?.kind, 'access-denied');
    await a.secrets.set(TEST_API_KEY);
    const ok = await a.handlers['sync:refresh'](undefined);
    assert.equal(ok.ok, true, 'the new key from the keychain is used without a restart');
  });

  test('saving the key during a poll with the old key polls again with the new one', async () => {
    app = await startAppUnderTest({ start: false });
    const a = app;
    await a.secrets.set('an-old-wrong-key-1234');
    a.api.setScenario({ kind: 'slow', delayMs: 400, times: 1 });
    await a.controller.start();
    await until(() => a.controller.view().syncing, 'the first poll to be under way');
    const r = await a.handlers['key:set']({ apiKey: TEST_API_KEY });
    assert.equal(r.ok, true);
    await until(() => a.controller.view().snapshot.lastSuccessAt !== null, 'a sync with the new key');
    assert.equal(a.controller.view().snapshot.problem, null);
  });

  test('changing the API timezone during a poll: the old work ends first, the new engine syncs', async () => {
    app = await startAppUnderTest({ withKey: true, start: false });
    const a = app;
    a.api.setScenario({ kind: 'slow', delayMs: 400, times: 2 });
    await a.controller.start();
    await until(() => a.controller.view().syncing, 'the first poll to be under way');
    const r = await a.handlers['settings:update']({ apiTimeZone: 'Asia/Kolkata' });
    assert.ok(r.ok);
    const sent = a.api.requests.filter((x) => x.endpoint === 'details').length;
    await until(() => a.api.requests.filter((x) => x.endpoint === 'details' && x.status === 200).length > sent && !a.controller.view().syncing, 'a sync in the new zone');
    const view = a.controller.view();
    assert.equal(view.snapshot.problem, null);
    // (The fake writes UTC keys; read as Kolkata time they sit 5.5 h earlier, so early in the
    // local day "today" can rightly be empty: check the month instead.)
    assert.ok(view.snapshot.monthToDate.totalBytes > 0);
    // Each zone has its own folder of day segments: the UTC one stays for a switch back.
    const names = (await readdir(join(a.dataDir, 'history'))).sort();
    assert.equal(names.length, 2, names.join(', '));
    assert.ok(names[0]!.endsWith('.tz-Asia%2FKolkata') && names[1]!.endsWith('.tz-UTC'), names.join(', '));
    const kolkata = join(a.dataDir, 'history', names[0]!);
    for (const day of await readdir(kolkata)) {
      assert.equal((JSON.parse(await readFile(join(kolkata, day), 'utf8')) as { apiTimeZone: string }).apiTimeZone, 'Asia/Kolkata', 'the old engine did not write after the switch');
    }
    const utc = join(a.dataDir, 'history', names[1]!);
    const kept = JSON.parse(await readFile(join(utc, (await readdir(utc))[0]!), 'utf8')) as { apiTimeZone: string };
    assert.equal(kept.apiTimeZone, 'UTC');
  });

  test('stop() cancels a request under way instead of waiting for it', { timeout: 15_000 }, async () => {
    const a = await startAppUnderTest({ withKey: true, start: false });
    try {
      a.api.setScenario({ kind: 'slow', delayMs: 60_000 });
      await a.controller.start();
      await until(() => a.api.requests.length > 0 || a.controller.view().syncing, 'a request under way');
      await a.controller.stop();
      assert.ok(a.api.requests.every((x) => x.status === 0 || x.status === 200));
      assert.notEqual(a.controller.view().snapshot.problem?.kind, 'transport', 'a cancelled sync is not a problem');
    } finally {
      a.api.reset();
      await a.close();
    }
  });

  test('a key stored from the window, met by stop(): its work ends before stop() returns; no file is written after', async () => {
    // A keychain that takes its time: the save is still storing the key when stop() comes.
    const a = await startAppUnderTest({ withKey: false, keychain: 'slow' });
    try {
      // The check could not tell (no package), so "Store anyway" is offered...
      a.api.setScenario({ kind: 'tarif-not-found' });
      assert.equal((await a.controller.setKey(TEST_API_KEY, { check: true })).ok, false);
      // Nothing else under way that stop() would wait for anyway (the first poll, with no key).
      await until(() => !a.controller.view().syncing, 'the first poll over');
      // ...and taken, not awaited: the save is under way when the app quits (a CI run once removed
      // the data folder while this save still wrote the accounts file into it).
      const storing = a.controller.setKey(TEST_API_KEY, { check: false });
      await a.controller.stop();
      const listing = async () => (await readdir(a.dataDir, { recursive: true })).sort().join('\n');
      const atStop = await listing();
      assert.ok(atStop.split('\n').includes('accounts.json'), `the key became the account "Main" before stop() returned:\n${atStop}`);
      const result = await storing;
      assert.equal(result.ok, true);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await listing(), atStop, 'nothing written after stop()');
    } finally {
      await a.close();
    }
  });

  test('a change that arrives once stop() has begun is refused, and writes nothing', async () => {
    const a = await startAppUnderTest({ withKey: false, keychain: 'slow' });
    try {
      a.api.setScenario({ kind: 'tarif-not-found' });
      assert.equal((await a.controller.setKey(TEST_API_KEY, { check: true })).ok, false);
      await until(() => !a.controller.view().syncing, 'the first poll over');
      const stopping = a.controller.stop();
      // The same tick: a save from the window landing during the quit.
      const late = a.controller.setKey(TEST_API_KEY, { check: false });
      await stopping;
      await assert.rejects(late, /The app is quitting: the change was not made\./);
      const listing = (await readdir(a.dataDir, { recursive: true })).sort();
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual((await readdir(a.dataDir, { recursive: true })).sort(), listing, 'nothing written after stop()');
      assert.equal(listing.includes('accounts.json'), false, 'the refused key made no account');
    } finally {
      await a.close();
    }
  });

  test('no keychain: the view says why; storing a key fails with a clear message', async () => {
    app = await startAppUnderTest({ keychain: 'broken' });
    const a = app;
    assert.match(a.controller.view().key.keychainError ?? '', /keychain/i);
    const r = await a.handlers['key:set']({ apiKey: TEST_API_KEY });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, /keychain/i);
      assert.ok(!r.message.includes(TEST_API_KEY));
    }
  });

  test('test connection reports the package or the problem', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    const ok = await a.handlers['key:test'](undefined);
    assert.ok(ok.ok && ok.package.key.length === 20);
    a.api.setScenario({ kind: 'access-triple' });
    const bad = await a.handlers['key:test'](undefined);
    assert.ok(!bad.ok && bad.problem.kind === 'access-denied');
  });

  test('files that cannot be read (folders in their place) are moved aside and each shows as a notice; the app starts and syncs', async () => {
    // Settings and sync state threw on this before fs/json-file, and the alert state was left in place.
    app = await startAppUnderTest({ withKey: true, start: false });
    const a = app;
    for (const name of ['settings.json', 'sync-state.json', 'alerts.json']) await mkdir(join(a.dataDir, name));
    await a.controller.start();
    await until(synced(a), 'the first sync');
    const notices = a.controller.view().notices;
    assert.equal(notices.length, 3, notices.join(' | '));
    assert.match(notices[0]!, /^settings\.json could not be read \(EISDIR: .+\); it was moved to .+ and default settings are used\.$/);
    assert.ok(notices.some((n) => /^Alert state file .+alerts\.json could not be read \(EISDIR: .+\); it was moved to /.test(n)), notices.join(' | '));
    assert.ok(notices.some((n) => /^The sync state file was unreadable \(EISDIR: .+\); it was moved to /.test(n)), notices.join(' | '));
    const names = await readdir(a.dataDir);
    for (const name of ['settings.json', 'sync-state.json', 'alerts.json']) {
      assert.ok(names.some((n) => n.startsWith(`${name}.corrupt-`)), `${name} kept aside: ${names.join(', ')}`);
    }
    assert.ok(names.includes('sync-state.json'), 'the sync wrote a new state file');
  });

  test('nothing the app writes holds the key', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    await until(synced(a), 'first sync');
    await a.handlers['settings:update']({ alerts: { dailyThresholdBytes: 1 } });
    await a.handlers['sync:refresh'](undefined);
    const files = await readdir(a.dataDir, { recursive: true });
    for (const f of files) {
      const p = join(a.dataDir, f);
      const text = await readFile(p, 'utf8').catch(() => '');
      assert.ok(!text.includes(TEST_API_KEY), `key in ${f}`);
    }
  });
});

describe('IPC sender check', () => {
  test('only the app page may call', () => {
    const page = 'file:///opt/app/resources/app.asar/out/renderer/index.html';
    assert.equal(isTrustedSender(page, page), true);
    assert.equal(isTrustedSender('file:///tmp/evil.html', page), false);
    assert.equal(isTrustedSender('https://proxy-seller.com/', page), false);
    assert.equal(isTrustedSender(undefined, page), false);
    assert.equal(isTrustedSender('http://localhost:5173/index.html', 'http://localhost:5173/'), true);
    assert.equal(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/'), false);
    assert.equal(isTrustedSender('not a url', page), false);
  });
});

/** The settings file, watched as electron-store watches it: `edit` writes it by hand and tells the listeners. */
function handEditedSettings(): { store: (dataDir: string, clock: () => number) => SettingsStore; edit(values: Record<string, unknown>): Promise<void> } {
  let dir = '';
  let clock: () => number = Date.now;
  const listeners = new Set<(load: SettingsLoad) => void>();
  return {
    store(dataDir, c) {
      dir = dataDir;
      clock = c;
      return {
        ...fileSettingsStore(dataDir, c),
        onChange(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
    },
    async edit(values) {
      const file = join(dir, SETTINGS_FILE);
      const current = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
      await writeFile(file, JSON.stringify({ ...current, ...values }));
      const load = await readSettings(dir, clock);
      for (const l of listeners) l(load);
    },
  };
}

/** Synced once, then a slow poll under way, with settings that can be edited by hand. */
async function midPoll(): Promise<{ a: AppUnderTest; settings: ReturnType<typeof handEditedSettings> }> {
  const settings = handEditedSettings();
  const a = await startAppUnderTest({ withKey: true, start: false, settingsStore: settings.store });
  await a.controller.start();
  await until(synced(a), 'the first sync');
  a.api.setScenario({ kind: 'slow', delayMs: 400, times: 1 });
  void a.controller.refresh();
  await until(() => a.controller.view().syncing, 'a poll to be under way');
  return { a, settings };
}

describe('the next check time in the view (the tray\'s "Next check" row)', () => {
  test('after a sync the view names when the next check is due, on the wall clock; none while paused', async () => {
    app = await startAppUnderTest({ withKey: true });
    const a = app;
    const heard: Array<number | null> = [];
    a.controller.onView((v) => heard.push(v.nextCheckAt));
    await until(() => synced(a)() && a.controller.view().nextCheckAt !== null, 'the first sync and its next due time');
    const interval = a.controller.view().settings.pollIntervalMinutes * 60_000;
    const next = a.controller.view().nextCheckAt!;
    // The harness's wall clock is frozen, the scheduler waits on the real monotonic one: within a few seconds.
    assert.ok(Math.abs(next - (a.now() + interval)) <= 3_000, `${next - a.now()} ms from now`);
    assert.equal(next % 1000, 0, 'to the second: the menu does not flicker between minutes');
    assert.ok(heard.includes(next), 'a view was sent when the due time was set (not only when asked)');
    a.controller.setPaused(true);
    assert.equal(a.controller.view().nextCheckAt, null);
    a.controller.setPaused(false);
    await until(() => a.controller.view().nextCheckAt !== null, 'a due time again after resuming');
  });
});

describe('settings edited by hand while the app runs', () => {
  test('an edit that swaps the history sync, met by stop(): nothing touches the files once stop() has returned', async () => {
    const { a, settings } = await midPoll();
    try {
      await settings.edit({ apiTimeZone: 'Europe/Moscow' });
      let viewsAfterStop = 0;
      let stopped = false;
      a.controller.onView(() => {
        if (stopped) viewsAfterStop++;
      });
      await a.controller.stop();
      stopped = true;
      const atStop = (await readdir(join(a.dataDir, 'history'))).sort();
      await new Promise((r) => setTimeout(r, 800));
      assert.deepEqual((await readdir(join(a.dataDir, 'history'))).sort(), atStop, 'no history file renamed or written after stop()');
      assert.equal(viewsAfterStop, 0, 'no view after stop()');
    } finally {
      a.api.reset();
      await a.close();
    }
  });

  test('an edit and a save from the window at once open one history sync after the other: one file per zone', async () => {
    const { a, settings } = await midPoll();
    app = a;
    // The edit's change waits for the poll under way; the save comes while it waits.
    await settings.edit({ apiTimeZone: 'Europe/Moscow' });
    const saved = await a.handlers['settings:update']({ requestTimeoutSeconds: 30 });
    assert.ok(saved.ok);
    await until(() => a.controller.view().settings.apiTimeZone === 'Europe/Moscow' && a.controller.view().snapshot.apiTimeZone === 'Europe/Moscow', `the Moscow sync (${JSON.stringify([a.controller.view().settings.apiTimeZone, a.controller.view().snapshot.apiTimeZone])})`);
    await until(synced(a), 'a sync in the new zone');
    const names = (await readdir(join(a.dataDir, 'history'))).filter((f) => !f.endsWith('.lock')).sort();
    assert.equal(names.length, 2, names.join(', '));
    assert.equal(names.filter((n) => n.endsWith('.tz-UTC')).length, 1, 'the UTC history kept once');
    assert.ok(!a.controller.view().notices.some((n) => n.includes('could not be kept aside')), a.controller.view().notices.join(' | '));
  });
});
