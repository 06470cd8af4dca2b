// Poll only what can still change (issue 13): which API days each poll asks for across the API's
// midnight, a late API, a DST day and a sleep, and what date_end means, learnt and remembered.
// The engine against the fake API over real HTTP, real files in a temp folder, an injected clock.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { createApiClient } from '../src/core/api/client.js';
import { createRateLimiter } from '../src/core/api/rate-limit.js';
import { realTimers } from '../src/core/ports.js';
import { createHistorySync, type HistorySync } from '../src/core/sync/history-sync.js';
import { loadSyncState, STATE_FILE } from '../src/core/sync/state.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { missingRanges, sumBetween } from '../src/core/history/model.js';

const KEY = 'poll-window-KEY-0123456789';
const LOCAL = 'Europe/Berlin';
const MIN = 60_000;
const HOUR = 60 * MIN;

let api: FakeApi;
let now = 0;
const clock = () => now;
let dir: string;

function engineFor(): HistorySync {
  // The process's limiter, on the test's clock (the polls here are minutes apart in its time).
  const rateLimiter = createRateLimiter({ monotonic: clock, timers: realTimers });
  return createHistorySync({
    dataDir: dir,
    settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
    localTimeZone: LOCAL,
    clock,
    openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl('v1'), apiTimeZone: 'UTC', timeoutMs: 5000, maxRetries: 0, clock, sleep: async () => {}, rateLimiter }),
  });
}

/** The API dates each details request since `since` (an index in the request log) asked for, as 'dd.mm.yyyy..dd.mm.yyyy'. */
function asked(since = 0): string[] {
  return api.requests.slice(since).filter((r) => r.endpoint === 'details').map((r) => {
    const b = r.body as Record<string, string>;
    return `${b.date_start}..${b.date_end}`;
  });
}

/** Polls every 5 minutes from `from` up to and including `to`; returns what each poll asked, by UTC time ('2026-11-21T00:05'). */
async function pollEvery5(engine: HistorySync, from: string, to: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (now = Date.parse(from); now <= Date.parse(to); now += 5 * MIN) {
    // Not api.reset(): that would put the variants back too.
    const since = api.requests.length;
    await engine.poll();
    out.set(new Date(now).toISOString().slice(0, 16), asked(since));
  }
  return out;
}

function truth(from: number, to: number): number {
  return api.trafficBetween(from, to).reduce((s, x) => s + x.bytes, 0);
}

function held(engine: HistorySync, from: number, to: number): number {
  return sumBetween(engine.history(), from, to).totalBytes;
}

describe('poll only what can still change', () => {
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, now: clock, logins: ['aaaa1111bbbb2222', 'cccc3333dddd4444', 'eeee5555ffff6666'], historyDays: 60, seed: 13 });
  });
  after(async () => {
    await api.close();
  });
  beforeEach(async () => {
    api.reset();
    api.setVariants({ detailsEndExclusive: false, lagMinutes: 0 });
    dir = await mkdtemp(join(tmpdir(), 'pst-poll-window-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('local midnight changes nothing asked; the API\'s midnight fetches yesterday once, then today only', async () => {
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-11-20T22:30:00Z');
    await engine.poll(); // first sync
    const polls = await pollEvery5(engine, '2026-11-20T22:35:00Z', '2026-11-21T00:20:00Z');
    // 23:00 UTC is midnight in Berlin: the API's day is still 20.11.
    assert.deepEqual(polls.get('2026-11-20T23:05'), ['20.11.2026..21.11.2026']);
    // 00:00 UTC: the API's yesterday still had its last hour growing at the previous poll.
    assert.deepEqual(polls.get('2026-11-21T00:00'), ['20.11.2026..21.11.2026']);
    const afterMidnight = [...polls].filter(([t]) => t >= '2026-11-21T00:00').map(([, a]) => a.join(' '));
    assert.equal(afterMidnight.filter((a) => a.includes('20.11.2026..')).length, 1, `yesterday asked once after the API's midnight: ${afterMidnight.join(' | ')}`);
    for (const [t, a] of polls) if (t >= '2026-11-21T00:05') assert.deepEqual(a, ['21.11.2026..22.11.2026'], `${t}: today only`);
    const localYesterday = localDayBounds('2026-11-20', LOCAL);
    assert.equal(held(engine, localYesterday.start, localYesterday.end), truth(localYesterday.start, localYesterday.end));
  });

  test('an API that writes its hours late: yesterday is fetched once more 90 minutes after its end, then it is right', async () => {
    api.setVariants({ lagMinutes: 30 });
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-11-20T21:00:00Z');
    await engine.poll();
    const y = { start: Date.parse('2026-11-20T00:00:00Z'), end: Date.parse('2026-11-21T00:00:00Z') };
    const polls = await pollEvery5(engine, '2026-11-20T21:05:00Z', '2026-11-21T00:05:00Z');
    assert.ok(held(engine, y.start, y.end) < truth(y.start, y.end), 'just after midnight the late API had not written all of yesterday');
    const later = await pollEvery5(engine, '2026-11-21T00:10:00Z', '2026-11-21T03:00:00Z');
    const yesterdayAsks = [...polls, ...later].filter(([t, a]) => t >= '2026-11-21T00:00' && a.some((x) => x.startsWith('20.11.2026')));
    assert.deepEqual(yesterdayAsks.map(([t]) => t), ['2026-11-21T00:00', '2026-11-21T01:30'], 'once at the API\'s midnight, once more 90 minutes later');
    assert.equal(held(engine, y.start, y.end), truth(y.start, y.end), 'after the second fetch yesterday is complete');
  });

  for (const exclusive of [false, true]) {
    test(`date_end's meaning is learnt from an answer and remembered across a restart (fake: ${exclusive ? 'exclusive' : 'inclusive'})`, async () => {
      api.setVariants({ detailsEndExclusive: exclusive });
      const engine = engineFor();
      await engine.init();
      now = Date.parse('2026-11-20T20:00:00Z');
      await engine.poll();
      await pollEvery5(engine, '2026-11-20T20:05:00Z', '2026-11-21T02:00:00Z');
      const learnt = exclusive ? 'exclusive' : 'inclusive';
      assert.equal(engine.state().endDate, learnt);
      assert.equal((await loadSyncState(dir, now)).state.endDate, learnt);
      // The next day's recheck and polls ask by what was learnt, and nothing is lost.
      const restarted = engineFor();
      await restarted.init();
      const polls = await pollEvery5(restarted, '2026-11-21T02:05:00Z', '2026-11-22T02:00:00Z');
      const today = exclusive ? '22.11.2026..23.11.2026' : '22.11.2026..22.11.2026';
      assert.deepEqual(polls.get('2026-11-22T01:55'), [today]);
      assert.deepEqual(polls.get('2026-11-22T01:30'), [exclusive ? '21.11.2026..23.11.2026' : '21.11.2026..22.11.2026'], 'yesterday and today in one request');
      const from = Date.parse('2026-10-23T00:00:00Z');
      const settled = Math.floor(now / HOUR) * HOUR;
      assert.deepEqual(missingRanges(restarted.history(), from, settled), []);
      assert.equal(held(restarted, from, settled), truth(from, settled));
    });
  }

  test('a DST day in the local zone (Berlin, 25 hours): the API\'s days are asked as always and the day adds up', async () => {
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-10-24T21:00:00Z');
    await engine.poll();
    const polls = await pollEvery5(engine, '2026-10-24T21:05:00Z', '2026-10-26T00:30:00Z');
    // Each request starts on the API's today, or on its yesterday (once at its midnight, once more later).
    const starts = new Set([...polls.values()].flat().map((a) => a.slice(0, 10)));
    assert.deepEqual([...starts].sort(), ['24.10.2026', '25.10.2026', '26.10.2026']);
    const yesterday = [...polls].filter(([t, a]) => t >= '2026-10-25T00:00' && a.some((x) => x.startsWith('24.10'))).map(([t]) => t);
    assert.deepEqual(yesterday, ['2026-10-25T00:00', '2026-10-25T01:30']);
    const day = localDayBounds('2026-10-25', LOCAL);
    assert.equal(day.end - day.start, 25 * HOUR);
    assert.equal(held(engine, day.start, day.end), truth(day.start, day.end));
  });

  test('asleep across midnight: the first poll after waking asks from where the history stops, and no hour is lost', async () => {
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-11-20T22:10:00Z');
    await engine.poll();
    api.reset();
    now = Date.parse('2026-11-22T06:40:00Z');
    await engine.poll();
    assert.deepEqual(asked(), ['20.11.2026..23.11.2026'], 'from the hour it stopped in, to today');
    api.reset();
    now += 5 * MIN;
    await engine.poll();
    assert.deepEqual(asked(), ['22.11.2026..23.11.2026'], 'then today only: the days asleep were fetched long after they ended');
    const from = Date.parse('2026-11-20T00:00:00Z');
    const settled = Math.floor(now / HOUR) * HOUR;
    assert.deepEqual(missingRanges(engine.history(), from, settled), []);
    assert.equal(held(engine, from, settled), truth(from, settled));
  });

  test('a sync state file from before (version 1) still loads; nothing is learnt yet', async () => {
    const v1 = { version: 1, package: null, packageFetchedAt: null, lastSuccessAt: 5, lastAttemptAt: 6, problem: null };
    await writeFile(join(dir, STATE_FILE), JSON.stringify(v1));
    const loaded = await loadSyncState(dir, Date.parse('2026-11-20T00:00:00Z'));
    assert.equal(loaded.problem, null);
    assert.deepEqual(loaded.state, { ...v1, version: 2, endDate: 'unknown', finalThrough: null });
    const engine = engineFor();
    await engine.init();
    now = Date.parse('2026-11-20T10:00:00Z');
    await engine.poll();
    const saved = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as { version: number; finalThrough: { date: string } };
    assert.equal(saved.version, 2);
    assert.equal(saved.finalThrough.date, '2026-11-19');
  });
});
