// History sync against the fake API over real HTTP, with real files in a temp folder and an injected clock.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { createApiClient } from '../src/core/api/client.js';
import { createRateLimiter } from '../src/core/api/rate-limit.js';
import { realTimers, type Logger } from '../src/core/ports.js';
import { createHistorySync, type HistorySync, type HistorySyncOptions } from '../src/core/sync/history-sync.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { missingRanges, samplesBetween, sumBetween } from '../src/core/history/model.js';
import { NoKeyError } from '../src/core/api/errors.js';
import { listFiles } from './support/files.js';
import { createHistoryStore, type HistoryStore } from '../src/core/history/store.js';
import { dayTotal } from '../src/core/history/queries.js';
import { addDays, datesBetween, localDateOf } from '../src/shared/local-dates.js';

const KEY = 'SeCrEt-key/with+chars=1234';
const ZONE = 'Europe/Berlin';
const T0 = Date.parse('2026-11-20T10:17:00Z');

let api: FakeApi;
let now = T0;
const clock = () => now;
let dir: string;

/** A client of the fake API on the test's clock, failing at once (no retries). */
function clientFor(apiKey: string, apiTimeZone = 'UTC') {
  return createApiClient({ fetch, apiKey, baseUrl: api.baseUrl('v1'), apiTimeZone, timeoutMs: 2000, maxRetries: 0, clock, sleep: async () => {} });
}

/** `with`: the sync's other options (a store, a logger, where history problems go). */
function engineFor(
  opts: { apiKey?: string | null; apiTimeZone?: string; localTimeZone?: string; recentOnly?: boolean; with?: Pick<HistorySyncOptions, 'historyStore' | 'logger' | 'onHistoryProblem'> } = {},
): HistorySync {
  return createHistorySync({
    dataDir: dir,
    recentOnly: opts.recentOnly ?? false,
    settings: { apiTimeZone: opts.apiTimeZone ?? 'UTC', pollIntervalMinutes: 5 },
    localTimeZone: opts.localTimeZone ?? ZONE,
    clock,
    ...opts.with,
    async openClient() {
      const apiKey = opts.apiKey === undefined ? KEY : opts.apiKey;
      if (apiKey === null) throw new NoKeyError();
      return clientFor(apiKey, opts.apiTimeZone);
    },
  });
}

/** A logger that keeps only the warnings, in `into`. */
function warningsInto(into: string[]): Logger {
  return { debug() {}, info() {}, warn: (m: string) => void into.push(m), error() {} };
}

function fakeSum(fromMs: number, toMs: number): number {
  return api.trafficBetween(fromMs, toMs).reduce((s, x) => s + x.bytes, 0);
}

function detailsRequests() {
  return api.requests.filter((r) => r.endpoint === 'details');
}

describe('history sync', () => {
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, now: clock, logins: ['aaaa1111bbbb2222', 'cccc3333dddd4444', 'eeee5555ffff6666'], historyDays: 120, seed: 7 });
  });
  after(async () => {
    await api.close();
  });
  beforeEach(async () => {
    now = T0;
    api.reset();
    dir = await mkdtemp(join(tmpdir(), 'pst-history-sync-'));
  });

  test('first sync backfills 31 local days and totals match the API', async () => {
    const engine = engineFor();
    assert.deepEqual(await engine.init(), []);
    await engine.poll();
    const details = detailsRequests();
    assert.equal(details.length, 1);
    const body = details[0]!.body as Record<string, string>;
    // Today is 2026-11-20 in Berlin; 31 days back is 2026-10-21 (local), which starts 2026-10-20 22:00 UTC,
    // so the API window opens on 20.10; it ends a day after today, as date_end's meaning is not known yet.
    assert.equal(body.date_start, '20.10.2026');
    assert.equal(body.date_end, '21.11.2026');
    const snap = engine.snapshot();
    const todayBounds = localDayBounds('2026-11-20', ZONE);
    assert.equal(snap.today.date, '2026-11-20');
    assert.equal(snap.today.totalBytes, fakeSum(todayBounds.start, now));
    assert.ok(snap.today.totalBytes > 0);
    const y = localDayBounds('2026-11-19', ZONE);
    assert.equal(snap.yesterday.totalBytes, fakeSum(y.start, y.end));
    const m = localDayBounds('2026-11-01', ZONE);
    assert.equal(snap.monthToDate.totalBytes, fakeSum(m.start, now));
    assert.equal(snap.stale, false);
    assert.equal(snap.problem, null);
    assert.ok(snap.package);
    assert.equal(snap.package.key.length, 20);
  });

  test('later polls fetch only the API\'s today (and tomorrow, while date_end may be exclusive), package at most every 15 minutes', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.reset();
    for (let i = 1; i <= 6; i++) {
      now = T0 + i * 5 * 60_000;
      await engine.poll();
    }
    const details = detailsRequests();
    assert.equal(details.length, 6);
    for (const r of details) {
      const b = r.body as Record<string, string>;
      // Only the API's day can still change: 20.11 (UTC); 21.11 holds no hours yet, so asking it costs nothing.
      assert.equal(b.date_start, '20.11.2026');
      assert.equal(b.date_end, '21.11.2026');
    }
    const pkgRequests = api.requests.filter((r) => r.endpoint === 'package').length;
    assert.equal(pkgRequests, 2, 'package refreshed at +15 and +30 min only');
  });

  /**
   * A first sync's history on disk, and a sync opened on it with recentOnly; 2026-10-25 is inside the
   * 31-day backfill but before this month and the forecast's week, so it is not read at start.
   */
  async function recentOnlyOverAFullHistory(): Promise<{ first: HistorySync; old: { start: number; end: number }; oldBytes: number }> {
    const first = engineFor();
    await first.init();
    await first.poll();
    const old = localDayBounds('2026-10-25', ZONE);
    const oldBytes = sumBetween(first.history(), old.start, old.end).totalBytes;
    assert.ok(oldBytes > 0);
    api.reset();
    return { first, old, oldBytes };
  }

  test('recentOnly reads only this month and the forecast week at start; its poll reads the rest of the backfill span first and still asks only for the days around today', async () => {
    const { first, old, oldBytes } = await recentOnlyOverAFullHistory();
    now = T0 + 5 * 60_000;
    const cli = engineFor({ recentOnly: true });
    await cli.init();
    assert.equal(samplesBetween(cli.history(), old.start, old.end).length, 0, 'the old day is not read at start');
    const week = localDayBounds('2026-11-14', ZONE);
    assert.equal(sumBetween(cli.history(), week.start, week.end).totalBytes, sumBetween(first.history(), week.start, week.end).totalBytes);
    await cli.poll();
    const details = detailsRequests();
    assert.equal(details.length, 1);
    const b = details[0]!.body as Record<string, string>;
    assert.deepEqual([b.date_start, b.date_end], ['20.11.2026', '21.11.2026'], 'the days read from disk are not fetched again');
    assert.equal(sumBetween(cli.history(), old.start, old.end).totalBytes, oldBytes);
  });

  test('recentOnly (the app as well as the CLI): a range older than what was read at start is read from disk when asked, without a request', async () => {
    const { old, oldBytes } = await recentOnlyOverAFullHistory();
    const app = engineFor({ recentOnly: true });
    await app.init();
    assert.equal(samplesBetween(app.history(), old.start, old.end).length, 0, 'not read at start');
    await app.ensureDays('2026-10-24', '2026-10-26');
    assert.equal(sumBetween(app.history(), old.start, old.end).totalBytes, oldBytes);
    assert.equal(detailsRequests().length, 0, 'held on disk: no request');
  });

  test('a re-fetched hour replaces its earlier value (the current hour grows)', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    const first = engine.snapshot().today.totalBytes;
    now += 20 * 60_000;
    await engine.poll();
    const second = engine.snapshot().today.totalBytes;
    const b = localDayBounds('2026-11-20', ZONE);
    assert.equal(second, fakeSum(b.start, now));
    assert.ok(second > first, 'the growing hour is replaced, not added twice or kept stale');
  });

  test('the first poll after local midnight asks the API\'s today only: local yesterday\'s last hour is in it', async () => {
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-11-20T22:40:00Z'); // 23:40 Berlin
    await engine.poll();
    api.reset();
    now = Date.parse('2026-11-20T23:05:00Z'); // 00:05 Berlin, 21.11
    await engine.poll();
    const b = detailsRequests()[0]!.body as Record<string, string>;
    assert.equal(b.date_start, '20.11.2026', 'the API day 20.11 holds the local 20.11 up to its end (23:00 UTC)');
    const snap = engine.snapshot();
    assert.equal(snap.today.date, '2026-11-21');
    const y = localDayBounds('2026-11-20', ZONE);
    assert.equal(snap.yesterday.totalBytes, fakeSum(y.start, y.end));
  });

  test('after two days asleep the first poll catches up from where the history stops', async () => {
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-11-18T12:10:00Z');
    await engine.poll();
    api.reset();
    now = Date.parse('2026-11-20T09:00:00Z');
    await engine.poll();
    const b = detailsRequests()[0]!.body as Record<string, string>;
    assert.equal(b.date_start, '18.11.2026', 'from the hour the history stops in');
    const d = localDayBounds('2026-11-19', ZONE);
    assert.equal(engine.snapshot().yesterday.totalBytes, fakeSum(d.start, d.end));
  });

  test('state and history survive a restart; the tray can start from the cache', async () => {
    const a = engineFor();
    await a.init();
    await a.poll();
    const before = a.snapshot();
    const b = engineFor();
    assert.deepEqual(await b.init(), []);
    const after = b.snapshot();
    assert.equal(after.today.totalBytes, before.today.totalBytes);
    assert.deepEqual(after.package, before.package);
    // An hour later with no sync yet: same figures, marked stale.
    now += 60 * 60_000;
    assert.equal(b.snapshot().stale, true);
  });

  test('a failed sync keeps the last good data and marks it stale with the problem', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    const good = engine.snapshot().today.totalBytes;
    now += 5 * 60_000;
    api.setScenario({ kind: 'ip-not-allowed', ip: '203.0.113.7' });
    await assert.rejects(engine.poll(), { name: 'IpNotAllowedError' });
    const snap = engine.snapshot();
    assert.equal(snap.today.totalBytes, good);
    assert.equal(snap.stale, true);
    assert.equal(snap.problem?.kind, 'ip-not-allowed');
    assert.equal(snap.problem?.ip, '203.0.113.7');
    api.reset();
    await engine.poll();
    assert.equal(engine.snapshot().problem, null);
  });

  test('no key is a problem, not a crash', async () => {
    const engine = engineFor({ apiKey: null });
    await engine.init();
    await assert.rejects(engine.poll(), NoKeyError);
    assert.equal(engine.snapshot().problem?.kind, 'no-key');
    assert.equal(api.requests.length, 0);
  });

  test('ensureDays fetches a range older than the backfill only once', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.reset();
    await engine.ensureDays('2026-08-01', '2026-08-03');
    assert.equal(detailsRequests().length, 1);
    const from = localDayBounds('2026-08-01', ZONE).start;
    const to = localDayBounds('2026-08-03', ZONE).end;
    const held = engine.snapshot(); // snapshot is about today; check via history sum instead
    assert.ok(held);
    const { sumBetween } = await import('../src/core/history/model.js');
    assert.equal(sumBetween(engine.history(), from, to).totalBytes, fakeSum(from, to));
    await engine.ensureDays('2026-08-02', '2026-08-02');
    assert.equal(detailsRequests().length, 1, 'already held: no request');
  });

  test('a range fill is not a sync: it does not mark the figures fresh or clear a problem', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.ensureDays('2026-09-01', '2026-09-02');
    assert.equal(engine.state().lastSuccessAt, null, 'today was never fetched');
    assert.ok(engine.state().package, 'the package answer is kept');
    api.setScenario({ kind: 'ip-not-allowed', ip: '198.51.100.4' });
    await assert.rejects(engine.poll());
    api.reset();
    await engine.ensureDays('2026-08-01', '2026-08-01');
    assert.equal(engine.state().problem?.kind, 'ip-not-allowed', 'still the last sync problem');
    api.setScenario({ kind: 'html-502' });
    await assert.rejects(engine.ensureDays('2026-07-01', '2026-07-01'));
    assert.equal(engine.state().problem?.kind, 'ip-not-allowed', 'a failed fill is reported by its caller, not recorded');
  });

  test('a new package key starts its own history file', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.setPackage({ key: 'ffffffffffffffffffff' });
    now += 16 * 60_000;
    await engine.poll();
    const folders = (await readdir(join(dir, 'history'))).filter((f) => !f.endsWith('.lock')).sort();
    assert.equal(folders.length, 2);
    assert.ok(folders.includes('ffffffffffffffffffff.tz-UTC'));
  });

  test('a package renewed under a new key within 15 minutes: read again on not-found, no false "no package"', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.setPackage({ key: 'eeeeeeeeeeeeeeeeeeee' });
    now += 60_000; // the known key is only a minute old: normally not read again yet
    const before = api.requests.length;
    await engine.poll();
    const asked = api.requests.slice(before).map((r) => `${r.endpoint}:${r.status}`);
    assert.deepEqual(asked.filter((a) => a.startsWith('package')).length, 1, `the package was read again once: ${asked.join(' ')}`);
    assert.equal(engine.snapshot().problem, null);
    assert.equal(engine.snapshot().package?.key, 'eeeeeeeeeeeeeeeeeeee');
    assert.equal(engine.history().packageKey, 'eeeeeeeeeeeeeeeeeeee');
    // A range fill meets the same renewal the same way.
    api.setPackage({ key: 'dddddddddddddddddddd' });
    now += 60_000;
    await engine.ensureDays('2026-09-01', '2026-09-03');
    assert.equal(engine.history().packageKey, 'dddddddddddddddddddd');
  });

  test('a renewed package answered with the documented "key is required" + "not-found" triple: read again once, then fetched', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.setPackage({ key: 'abababababababababab' });
    api.setScenario({ kind: 'not-found', endpoint: 'details', times: 1 });
    now += 60_000;
    const before = api.requests.length;
    await engine.poll();
    const asked = api.requests.slice(before).map((r) => `${r.endpoint}:${r.status}`);
    assert.equal(asked.filter((a) => a.startsWith('package')).length, 1, `the package was read again once: ${asked.join(' ')}`);
    assert.equal(engine.snapshot().problem, null);
    assert.equal(engine.history().packageKey, 'abababababababababab');
  });

  test('a details "not-found" that persists after the package was read again is reported, and the package is read only once more', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.setScenario({ kind: 'not-found', endpoint: 'details' });
    now += 60_000;
    const before = api.requests.length;
    await assert.rejects(engine.poll(), /key is required/);
    const asked = api.requests.slice(before).map((r) => r.endpoint);
    assert.deepEqual(asked, ['details', 'package', 'details']);
    assert.equal(engine.snapshot().problem?.kind, 'rejected');
  });

  test('an account with no package is still told so (the package itself is not found)', async () => {
    const engine = engineFor();
    await engine.init();
    api.setScenario({ kind: 'tarif-not-found' });
    await assert.rejects(engine.poll());
    assert.equal(engine.snapshot().problem?.kind, 'no-package');
    assert.equal(api.requests.filter((r) => r.endpoint === 'package').length, 1, 'asked once: a fresh package answer is final');
  });

  test('a package that is gone is not shown as live: the figures stay, the package goes', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    assert.ok(engine.snapshot().package);
    const today = engine.snapshot().today.totalBytes;
    api.setScenario({ kind: 'tarif-not-found', endpoint: 'package' });
    await assert.rejects(engine.poll({ forcePackage: true }));
    const snap = engine.snapshot();
    assert.equal(snap.package, null);
    assert.equal(snap.forecast.kind, 'no-package');
    assert.equal(snap.problem?.kind, 'no-package');
    assert.equal(snap.today.totalBytes, today, 'the traffic already fetched stays');
    // Remembered across a restart too.
    const again = engineFor();
    await again.init();
    assert.equal(again.snapshot().package, null);
  });

  test('a corrupt day of the history is moved aside, the other days are kept, and the next poll fetches that day again', async () => {
    const a = engineFor();
    await a.init();
    await a.poll();
    const key = a.state().package!.key;
    const day = new Date(now - 3 * 86_400_000).toISOString().slice(0, 10);
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const held = sumBetween(a.history(), dayStart, dayStart + 86_400_000).totalBytes;
    assert.ok(held > 0);
    await writeFile(join(dir, 'history', `${key}.tz-UTC`, `${day}.json`), '{"format": "proxy-seller-traffic-history", "versi');
    const b = engineFor();
    const problems = await b.init();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /moved to .*; the other days of the history are kept/);
    assert.equal(sumBetween(b.history(), dayStart, dayStart + 86_400_000).totalBytes, 0);
    assert.equal(b.snapshot().today.totalBytes, a.snapshot().today.totalBytes, 'today is kept');
    await b.poll();
    assert.equal(sumBetween(b.history(), dayStart, dayStart + 86_400_000).totalBytes, held, 'the lost day is fetched again');
  });

  test('a damaged day met by a poll\'s save is logged as a warning and handed on for the app\'s notices', async () => {
    const warnings: string[] = [];
    const noticed: string[] = [];
    const real = createHistoryStore({ dataDir: dir, clock });
    let damage: (() => Promise<void>) | null = null;
    // The day is damaged (a disk fault) after the poll's pick-up, before its save.
    const store: HistoryStore = { ...real, pickUp: async (h) => {
      const problems = await real.pickUp(h);
      await damage?.();
      return problems;
    } };
    const engine = engineFor({ with: { historyStore: store, logger: warningsInto(warnings), onHistoryProblem: (p) => noticed.push(p) } });
    await engine.init();
    await engine.poll();
    const today = new Date(now).toISOString().slice(0, 10);
    const path = real.segmentFor(engine.state().package!.key, 'UTC', today);
    damage = () => writeFile(path, '{"half written');
    now += 10 * 60_000;
    await engine.poll();
    assert.equal(noticed.length, 1, noticed.join('\n'));
    assert.match(noticed[0]!, /2026-11-20\.json is not valid JSON .* It was moved to .*; the other days of the history are kept\./);
    assert.ok(warnings.includes(noticed[0]!));
    assert.equal(engine.snapshot().problem, null);
  });

  test('another process holding the history\'s lock past the wait does not fail the poll; the next poll saves', async () => {
    const warnings: string[] = [];
    const store = createHistoryStore({ dataDir: dir, clock, lock: { timeoutMs: 200 } });
    const engine = engineFor({ with: { historyStore: store, logger: warningsInto(warnings) } });
    await engine.init();
    const key = (await clientFor(KEY).getPackage()).key;
    const lock = `${store.dirFor(key, 'UTC')}.lock`;
    await mkdir(join(dir, 'history'), { recursive: true });
    // A live holder (its pid runs) that beat just now.
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now(), mono: Number(process.hrtime.bigint() / 1_000_000n), token: 'other' }));
    await engine.poll();
    assert.equal(engine.snapshot().problem, null);
    assert.ok(engine.snapshot().today.totalBytes > 0);
    assert.ok(warnings.some((w) => /^the traffic history was not saved this time \(.*is held by process \d+.*\); the next save writes it$/.test(w)), warnings.join('\n'));
    await rm(lock);
    now += 5 * 60_000;
    await engine.poll();
    const loaded = await createHistoryStore({ dataDir: dir, clock }).load(key, 'UTC');
    assert.deepEqual(samplesBetween(loaded.history, 0, now), samplesBetween(engine.history(), 0, now));
  });

  test('an unreadable sync state file (a directory in its place) is moved aside and reported; the engine starts and syncs', async () => {
    // Until fs/json-file, init() threw on it.
    await mkdir(join(dir, 'sync-state.json'));
    const e = engineFor();
    const problems = await e.init();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^The sync state file was unreadable \(EISDIR: .+\); it was moved to .+sync-state\.json\.corrupt-.+ and the app starts fresh\.$/);
    await e.poll();
    assert.ok(e.snapshot().today.totalBytes > 0);
    assert.equal(JSON.parse(await readFile(join(dir, 'sync-state.json'), 'utf8')).lastSuccessAt, now);
  });

  test('the API key is in no file the engine writes', async () => {
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    api.setScenario({ kind: 'access-triple' });
    now += 20 * 60_000;
    await assert.rejects(engine.poll());
    const files = await listFiles(dir);
    assert.ok(files.length >= 2);
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      assert.ok(!text.includes(KEY) && !text.includes(encodeURIComponent(KEY)), `${f} holds the key`);
    }
  });

  test('hour keys in another API timezone (Kolkata, +5:30) are read in it; totals still match', async () => {
    const kolkata = await startFakeApi({ apiKey: KEY, now: clock, hourKeyTimeZone: 'Asia/Kolkata', logins: ['k1', 'k2'], seed: 3 });
    try {
      const engine = createHistorySync({
        dataDir: dir,
        settings: { apiTimeZone: 'Asia/Kolkata', pollIntervalMinutes: 5 },
        localTimeZone: 'America/New_York',
        clock,
        openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: kolkata.baseUrl(), apiTimeZone: 'Asia/Kolkata', maxRetries: 0, clock }),
      });
      await engine.init();
      await engine.poll();
      const snap = engine.snapshot();
      const b = localDayBounds(snap.today.date, 'America/New_York');
      const y = localDayBounds(snap.yesterday.date, 'America/New_York');
      const sum = (from: number, to: number) => kolkata.trafficBetween(from, to).reduce((acc, x) => acc + x.bytes, 0);
      assert.equal(snap.today.totalBytes, sum(b.start, now + 1));
      assert.equal(snap.yesterday.totalBytes, sum(y.start, y.end));
      assert.ok(snap.yesterday.totalBytes > 0);
    } finally {
      await kolkata.close();
    }
  });

  test('a day older than the 400 days kept on disk is fetched and shown, just not kept', async () => {
    const old = await startFakeApi({ apiKey: KEY, now: clock, historyDays: 500, logins: ['o1'] });
    try {
      const make = () =>
        createHistorySync({
          dataDir: dir,
          settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
          localTimeZone: ZONE,
          clock,
          openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: old.baseUrl(), apiTimeZone: 'UTC', maxRetries: 0, clock }),
        });
      const engine = make();
      await engine.init();
      await engine.poll();
      const day = addDays(localDateOf(now, ZONE), -450);
      await engine.ensureDays(day, day);
      const b = localDayBounds(day, ZONE);
      const { sumBetween } = await import('../src/core/history/model.js');
      const expected = old.trafficBetween(b.start, b.end).reduce((acc, x) => acc + x.bytes, 0);
      assert.ok(expected > 0);
      assert.equal(sumBetween(engine.history(), b.start, b.end).totalBytes, expected);
      const reloaded = make();
      await reloaded.init();
      assert.equal(sumBetween(reloaded.history(), b.start, b.end).totalBytes, 0, 'not kept on disk');
    } finally {
      await old.close();
    }
  });

  test('DST: a 25-hour local day sums all its hours', async () => {
    now = Date.parse('2026-10-25T22:30:00Z'); // 23:30 CET on 2026-10-25 (25 h day in Berlin)
    const engine = engineFor();
    await engine.init();
    await engine.poll();
    const b = localDayBounds('2026-10-25', ZONE);
    assert.equal(b.end - b.start, 25 * 3_600_000);
    assert.equal(engine.snapshot().today.totalBytes, fakeSum(b.start, now));
    assert.equal(localDateOf(now, ZONE), '2026-10-25');
    assert.equal(addDays('2026-10-25', 1), '2026-10-26');
  });

  // Each test has its own data folder: remove every one.
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('an hour whose value could not be read is not held as known: the next poll asks for it again', async () => {
    const engine = engineFor();
    await engine.init();
    const hour = Math.floor(T0 / 3_600_000) * 3_600_000 - 5 * 86_400_000;
    const key = `${new Date(hour).toISOString().slice(0, 13).replace('T', ' ')}:00:00`;
    api.setVariants({ detailsJunk: { aaaa1111bbbb2222: { [key]: 'n/a' } } });
    await engine.poll();
    assert.deepEqual(missingRanges(engine.history(), hour - 3_600_000, hour + 2 * 3_600_000), [{ from: hour, to: hour + 3_600_000 }], 'only that hour is unknown');
    api.reset();
    now = T0 + 5 * 60_000;
    await engine.poll();
    const held = samplesBetween(engine.history(), hour, hour + 3_600_000, 'aaaa1111bbbb2222').reduce((t, x) => t + x.bytes, 0);
    const truth = api.trafficBetween(hour, hour + 3_600_000, 'aaaa1111bbbb2222').reduce((t, x) => t + x.bytes, 0);
    assert.ok(truth > 0);
    assert.equal(held, truth);
    assert.deepEqual(missingRanges(engine.history(), hour - 86_400_000, now - 3_600_000), []);
  });

  describe('a clock that ran days fast (issue 8, item 6)', () => {
    // The API answers by the true time (`real`); the engine reads the machine clock (`now`).
    let real = T0;
    let truth: FakeApi;
    beforeEach(async () => {
      real = T0;
      truth = await startFakeApi({ apiKey: KEY, now: () => real, logins: ['aaaa1111bbbb2222', 'cccc3333dddd4444'], historyDays: 120, seed: 11 });
    });
    afterEach(async () => {
      await truth.close();
    });

    function engineOnTruth(): HistorySync {
      // The process's limiter runs on monotonic time: here the true time, which in a test only moves forward.
      const rateLimiter = createRateLimiter({ monotonic: () => real, timers: realTimers });
      return createHistorySync({
        dataDir: dir,
        settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
        localTimeZone: ZONE,
        clock,
        openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: truth.baseUrl('v1'), apiTimeZone: 'UTC', timeoutMs: 2000, maxRetries: 0, clock, sleep: async () => {}, rateLimiter }),
      });
    }

    /** Polls every 4 hours for `hours`, the machine clock `fastBy` ahead of the true time. */
    async function runFor(engine: HistorySync, hours: number, fastBy: number): Promise<void> {
      for (let h = 0; h < hours; h += 4) {
        real += 4 * 3_600_000;
        now = real + fastBy;
        await engine.poll();
      }
    }

    /** Every local day from the first poll to today holds what the API holds. */
    function assertMatchesTruth(engine: HistorySync): void {
      const first = localDateOf(T0, ZONE);
      const today = localDateOf(real, ZONE);
      for (const date of datesBetween(first, today)) {
        const b = localDayBounds(date, ZONE);
        const want = truth.trafficBetween(b.start, Math.min(b.end, real)).reduce((sum, x) => sum + x.bytes, 0);
        assert.equal(dayTotal(engine.history(), date, ZONE).totalBytes, want, `${date}: the history lacks hours the API holds`);
      }
    }

    test('fast by 3 days for 4 days, corrected, then 60 hours asleep: no hour is marked covered without being fetched', async () => {
      const engine = engineOnTruth();
      await engine.init();
      await engine.poll();
      await runFor(engine, 96, 3 * 86_400_000);
      // Corrected, and one poll at the true time before the machine sleeps.
      now = real;
      await engine.poll();
      real += 60 * 3_600_000;
      now = real;
      await engine.poll();
      assertMatchesTruth(engine);
      assert.equal(engine.snapshot().stale, false);
    });

    test('corrected while asleep: the first poll after waking still finds the hours the fast clock skipped', async () => {
      const engine = engineOnTruth();
      await engine.init();
      await engine.poll();
      await runFor(engine, 96, 3 * 86_400_000);
      real += 60 * 3_600_000;
      now = real;
      await engine.poll();
      assertMatchesTruth(engine);
    });

    test('fast by 3 days, then corrected during a longer sleep: the server’s clock bounded what was marked', async () => {
      const engine = engineOnTruth();
      await engine.init();
      await engine.poll();
      await runFor(engine, 12, 3 * 86_400_000);
      // Asleep for four days, corrected meanwhile: on waking no coverage lies in the future, so only
      // the bound set when each answer came (the server's Date) keeps the skipped hours unmarked.
      real += 4 * 86_400_000;
      now = real;
      assert.deepEqual(missingRanges(engine.history(), now, now + 86_400_000), [{ from: now, to: now + 86_400_000 }]);
      await engine.poll();
      assertMatchesTruth(engine);
    });

    test('corrected while the app was closed: coverage in the future is dropped at load', async () => {
      const first = engineOnTruth();
      await first.init();
      await first.poll();
      await runFor(first, 24, 3 * 86_400_000);
      real += 2 * 3_600_000;
      now = real;
      const second = engineOnTruth();
      await second.init();
      assert.deepEqual(
        missingRanges(second.history(), now, now + 5 * 86_400_000),
        [{ from: now, to: now + 5 * 86_400_000 }],
        'nothing after now is held as known',
      );
      await second.poll();
      assertMatchesTruth(second);
    });
  });
});
