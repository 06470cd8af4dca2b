// The per-process request limit: the limiter on a virtual clock, the client's attempts (retries
// too) through it against the fake API over real HTTP, and the controller under refresh spam and a
// 400-day range fill, judged from the fake API's own request log.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/core/api/client.js';
import { RateLimitedError, TransportError } from '../src/core/api/errors.js';
import { createRateLimiter, type RateLimiter } from '../src/core/api/rate-limit.js';
import type { Alert } from '../src/core/alerts/rules.js';
import { createController } from '../src/core/controller/controller.js';
import { createScheduler } from '../src/core/scheduler/scheduler.js';
import { initialSyncState, loadSyncState, saveSyncState } from '../src/core/sync/state.js';
import { longRateLimitUntil, rateLimitEnd, rateLimitedUntilText } from '../src/shared/rate-limit.js';
import type { FetchLike } from '../src/core/ports.js';
import { createSecretStore } from '../src/core/secrets/keychain.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { startFakeApi } from './fake-api/server.js';
import { createVirtualClock, type VirtualClock } from './support/virtual-clock.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 26, 9, 15, 0);
const KEY = 'rate-limit-KEY-0123456789abcdef';

/** The most request starts found in any half-open window [t, t + windowMs). */
function busiestWindow(starts: readonly number[], windowMs = MIN): number {
  const s = [...starts].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Acquires `n` slots in order, recording the virtual time each was granted. */
function acquireMany(limiter: RateLimiter, vc: VirtualClock, n: number, granted: Array<{ i: number; at: number }>, offset = 0): Array<Promise<void>> {
  return Array.from({ length: n }, (_, k) => limiter.acquire().then(() => void granted.push({ i: offset + k, at: vc.now() })));
}

describe('the rate limiter (virtual clock)', () => {
  test('30 requests start at once; the 31st waits until the first leaves the 60 s window', async () => {
    const vc = createVirtualClock(START);
    const limiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers });
    const granted: Array<{ i: number; at: number }> = [];
    const all = acquireMany(limiter, vc, 35, granted);
    await vc.flush();
    assert.equal(granted.length, 30);
    assert.equal(limiter.queued(), 5);
    await vc.advance(MIN - 1);
    assert.equal(granted.length, 30, 'not a millisecond early');
    await vc.advance(1);
    await Promise.all(all);
    assert.equal(granted.length, 35);
    assert.deepEqual(
      granted.map((g) => g.i),
      Array.from({ length: 35 }, (_, i) => i),
      'served in the order asked',
    );
    assert.ok(granted.slice(30).every((g) => g.at === START + MIN));
  });

  test('starts spread over time free their slots one by one (a rolling window, not a fixed minute)', async () => {
    const vc = createVirtualClock(START);
    const limiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers, limit: 3 });
    const granted: Array<{ i: number; at: number }> = [];
    const first = acquireMany(limiter, vc, 1, granted, 0);
    await vc.advance(10_000);
    const second = acquireMany(limiter, vc, 1, granted, 1);
    await vc.advance(20_000);
    const rest = acquireMany(limiter, vc, 3, granted, 2);
    await vc.advance(2 * MIN);
    await Promise.all([...first, ...second, ...rest]);
    assert.deepEqual(
      granted.map((g) => g.at - START),
      [0, 10_000, 30_000, MIN, MIN + 10_000],
    );
    assert.ok(busiestWindow(granted.map((g) => g.at)) <= 3);
  });

  test('a queued request that is cancelled rejects as cancelled and takes no slot', async () => {
    const vc = createVirtualClock(START);
    const limiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers, limit: 2 });
    const granted: Array<{ i: number; at: number }> = [];
    await Promise.all(acquireMany(limiter, vc, 2, granted));
    const ctrl = new AbortController();
    const cancelled = limiter.acquire(ctrl.signal);
    const next = limiter.acquire().then(() => vc.now());
    const afterIt = limiter.acquire().then(() => vc.now());
    await vc.flush();
    ctrl.abort();
    await assert.rejects(cancelled, (e: unknown) => e instanceof TransportError && e.cause === 'aborted');
    assert.equal(limiter.queued(), 2);
    await vc.advance(MIN);
    // Both waiting requests fit in the two freed slots: the cancelled one used none.
    assert.equal(await next, START + MIN);
    assert.equal(await afterIt, START + MIN);
    await assert.rejects(limiter.acquire(ctrl.signal), (e: unknown) => e instanceof TransportError && e.cause === 'aborted');
    assert.equal(limiter.queued(), 0);
  });

  test('a wall clock set forward or back changes nothing: the window runs on monotonic time', async () => {
    const vc = createVirtualClock(START);
    const limiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers, limit: 2 });
    await limiter.acquire();
    await limiter.acquire();
    vc.jump(60 * MIN);
    const waiting = limiter.acquire();
    let done = false;
    void waiting.then(() => (done = true));
    await vc.flush();
    assert.equal(done, false, 'a clock set forward an hour does not empty the window');
    vc.jump(-120 * MIN);
    await vc.advance(MIN - 1);
    assert.equal(done, false, 'nor does one set back fill it for longer');
    await vc.advance(1);
    assert.equal(done, true, 'the slot frees one window after the first start');
  });

  test('nonsense limits are refused with a clear error', () => {
    const vc = createVirtualClock(START);
    assert.throws(() => createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers, limit: 0 }), /whole number of requests >= 1, got 0/);
    assert.throws(() => createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers, windowMs: Number.NaN }), /positive number of ms, got NaN/);
  });
});

describe('the API client draws on the limiter (fake API over HTTP)', () => {
  test('retries take slots too, and two clients of one process share the limit', async () => {
    const vc = createVirtualClock(START);
    const api = await startFakeApi({ apiKey: KEY, now: vc.now });
    after(() => api.close());
    const limiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers, limit: 3 });
    const make = () =>
      createApiClient({ fetch: (url, init) => fetch(url, init), apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: vc.now, sleep: async () => {}, rateLimiter: limiter });
    // Two 502s then the answer: three attempts, all three slots.
    api.setScenario({ kind: 'html-502', endpoint: 'lists', times: 2 });
    await make().getLists();
    assert.deepEqual(
      api.requests.map((r) => r.status),
      [502, 502, 200],
    );
    // A new client (the key changed) still finds the window full.
    const pending = make().getPackage();
    let answered = false;
    void pending.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(answered, false);
    assert.equal(api.requests.length, 3, 'no fourth request within the minute');
    assert.equal(limiter.queued(), 1);
    await vc.advance(MIN);
    await pending;
    assert.equal(api.requests.length, 4);
    assert.equal(api.requests[3]!.at, START + MIN);
  });
});

describe('the controller under refresh spam and a 400-day range fill', () => {
  test('no rolling minute holds more than 30 requests, and every answer asked for arrives', async () => {
    const vc = createVirtualClock(START);
    const zone = 'Europe/Berlin';
    let started = 0;
    let answered = 0;
    const api = await startFakeApi({ apiKey: KEY, now: vc.now, historyDays: 420, logins: ['alpha-list', 'beta-list'], onRequest: () => void answered++ });
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-ratelimit-'));
    const secrets = createSecretStore({ service: `pst-ratelimit-test-${process.pid}` });
    await secrets.set(KEY);
    const limiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers });
    const counting: FetchLike = (url, init) => {
      started++;
      return fetch(url, init);
    };
    const controller = controllerOn(vc, { dataDir, secrets, baseUrl: api.baseUrl(), zone, fetch: counting, rateLimiter: limiter });
    afterAll(controller, api, secrets, dataDir);

    await controller.start();
    // Days that have ended, so the figures cannot move while the test runs.
    const to = addDays(localDateOf(START, zone), -1);
    const from = addDays(to, -399);
    let finished = false;
    const refreshes: Array<Awaited<ReturnType<typeof controller.refresh>>> = [];
    const spam = async (): Promise<void> => {
      for (let i = 0; i < 30; i++) {
        // Clicked twice in a row: the second joins the first.
        const [a, b] = await Promise.all([controller.refresh(), controller.refresh()]);
        refreshes.push(a, b);
      }
    };
    const work = Promise.all([spam(), controller.series({ from, to, granularity: 'day' })]).finally(() => (finished = true));

    // Virtual time moves only while a request waits for a slot and none is on the wire, so each
    // logged arrival time is the time its slot was granted.
    while (!finished) {
      await new Promise((r) => setTimeout(r, 2));
      if (limiter.queued() === 0 || started !== answered) continue;
      const next = vc.pending()[0];
      if (next !== undefined) await vc.runUntil(Math.max(next, vc.now()));
    }
    const [, series] = await work;

    const starts = api.requests.map((r) => r.at);
    assert.ok(starts.length > 60, `enough requests to matter (${starts.length})`);
    assert.ok(busiestWindow(starts) <= 30, `busiest minute held ${busiestWindow(starts)} requests`);
    assert.ok(api.requests.every((r) => r.status === 200), 'nothing refused, nothing cut off');
    // Nothing dropped: every refresh succeeded and the whole range arrived.
    assert.equal(refreshes.length, 60);
    assert.ok(refreshes.every((r) => r.ok && r.problem === null));
    assert.equal(series.problem, null);
    assert.equal(series.buckets.length, 400);
    const expected = api.trafficBetween(localDayBounds(from, zone).start, localDayBounds(to, zone).end).reduce((s, x) => s + x.bytes, 0);
    assert.ok(expected > 0);
    assert.equal(series.totalBytes, expected);
  });
});

describe('a long Retry-After', () => {
  const HOUR = 60 * MIN;

  test('the 429 fixes when the wait ends at the time of the answer, capped at a day', async () => {
    const vc = createVirtualClock(START);
    const api = await startFakeApi({ apiKey: KEY, now: vc.now });
    after(() => api.close());
    const client = createApiClient({ fetch: (url, init) => fetch(url, init), apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: vc.now, sleep: async () => {} });
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 7200, times: 1 });
    const e = await client.getPackage().then(() => null, (err: unknown) => err);
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, 2 * HOUR);
    assert.equal(e.retryAt, START + 2 * HOUR);
    api.setScenario({ kind: 'rate-limit-429', retryAfter: new Date(START + 10 * 24 * HOUR).toUTCString(), times: 1 });
    const far = await client.getPackage().then(() => null, (err: unknown) => err);
    assert.ok(far instanceof RateLimitedError);
    assert.equal(far.retryAt, START + 24 * HOUR, 'at most a day');
  });

  test('the next poll falls on that instant, however late the failure reaches the scheduler', async () => {
    const vc = createVirtualClock(START);
    const retryAt = START + 2 * HOUR;
    const polls: number[] = [];
    const scheduler = createScheduler({
      clock: vc.now,
      monotonic: vc.monotonic,
      timers: vc.timers,
      random: () => 0.5,
      intervalMs: 5 * MIN,
      poll: async () => {
        polls.push(vc.now());
        if (polls.length > 1) return { ok: true };
        // The answer came at START; saving and the alerts took 40 s before the outcome was known.
        await vc.advance(40_000);
        return { ok: false, error: new RateLimitedError('limited', 2 * HOUR, [], retryAt) };
      },
    });
    scheduler.start();
    await vc.advance(1);
    assert.equal(scheduler.state().nextAt, retryAt);
    await vc.runUntil(retryAt - 1);
    assert.equal(polls.length, 1);
    await vc.runUntil(retryAt);
    assert.deepEqual(polls, [START, retryAt]);
    scheduler.stop();
  });

  test('the controller records it, keeps quiet until then, notifies once, and re-arms after a good sync', async () => {
    const vc = createVirtualClock(START);
    const zone = 'Europe/Berlin';
    const api = await startFakeApi({ apiKey: KEY, now: vc.now, historyDays: 40 });
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-ratelimit-'));
    const secrets = createSecretStore({ service: `pst-ratelimit-long-${process.pid}` });
    await secrets.set(KEY);
    const controller = controllerOn(vc, { dataDir, secrets, baseUrl: api.baseUrl(), zone });
    const alerts: Alert[] = [];
    // The rate-limit notifications only (the fake's package also draws a pace warning once synced).
    controller.onAlert((a) => a.id === 'rate-limited-long' && alerts.push(a));
    afterAll(controller, api, secrets, dataDir);
    const settled = (): Promise<void> => waitFor(() => !controller.view().syncing);

    // Three hours asked: the first poll of the day meets it.
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 3 * 3600, times: 2 });
    await controller.start();
    await settled();
    const problem = controller.view().snapshot.problem;
    assert.equal(problem?.kind, 'rate-limited');
    assert.equal(problem?.retryAt, START + 3 * HOUR);
    assert.equal((await loadSyncState(dataDir, vc.now())).state.problem?.retryAt, START + 3 * HOUR, 'a restart reads the same instant');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.id, 'rate-limited-long');
    assert.match(alerts[0]!.body, new RegExp(`^${rateLimitedUntilText(START + 3 * HOUR, START, zone)}`));
    assert.equal(api.requests.length, 1);

    // Nothing asks the API meanwhile (the interval is 5 minutes).
    await vc.runUntil(START + 3 * HOUR - 1);
    assert.equal(api.requests.length, 1, 'silent until the time shown');
    // Limited again at once: the same episode, no second notification.
    await vc.runUntil(START + 3 * HOUR);
    await settled();
    assert.equal(api.requests.length, 2);
    assert.equal(controller.view().snapshot.problem?.retryAt, START + 6 * HOUR);
    assert.equal(alerts.length, 1, 'one notification per episode');

    // Restarted meanwhile: the new controller shows the same time and does not ask before it.
    await controller.stop();
    const restarted = controllerOn(vc, { dataDir, secrets, baseUrl: api.baseUrl(), zone });
    restarted.onAlert((a) => a.id === 'rate-limited-long' && alerts.push(a));
    after(() => restarted.stop());
    await vc.advance(HOUR);
    await restarted.start();
    await waitFor(() => !restarted.view().syncing);
    await vc.advance(1);
    assert.equal(restarted.view().snapshot.problem?.retryAt, START + 6 * HOUR);
    await vc.runUntil(START + 6 * HOUR - 1);
    assert.equal(api.requests.length, 2, 'a restart does not poll before the time shown');
    assert.equal(alerts.length, 1, 'nor notify again');

    // The wait ends, a sync succeeds: the next long limit notifies again.
    await vc.runUntil(START + 6 * HOUR);
    await waitFor(() => !restarted.view().syncing && restarted.view().snapshot.problem === null);
    assert.equal(api.requests.length > 2, true);
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 2 * 3600, times: 1 });
    await restarted.refresh();
    assert.equal(alerts.length, 2);
    assert.equal(alerts[1]!.id, 'rate-limited-long');
  });

  test('a short rate limit stays quiet: no notification, the usual backoff', async () => {
    const vc = createVirtualClock(START);
    const api = await startFakeApi({ apiKey: KEY, now: vc.now, historyDays: 40 });
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-ratelimit-'));
    const secrets = createSecretStore({ service: `pst-ratelimit-short-${process.pid}` });
    await secrets.set(KEY);
    const controller = controllerOn(vc, { dataDir, secrets, baseUrl: api.baseUrl(), zone: 'Europe/Berlin' });
    const alerts: Alert[] = [];
    // The rate-limit notifications only (the fake's package also draws a pace warning once synced).
    controller.onAlert((a) => a.id === 'rate-limited-long' && alerts.push(a));
    afterAll(controller, api, secrets, dataDir);
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 600, times: 1 });
    await controller.start();
    await waitFor(() => !controller.view().syncing && controller.view().snapshot.problem !== null);
    assert.equal(controller.view().snapshot.problem?.retryAt, START + 10 * MIN);
    assert.deepEqual(alerts, []);
    await vc.runUntil(START + 10 * MIN);
    await waitFor(() => !controller.view().syncing && controller.view().snapshot.problem === null);
    assert.deepEqual(alerts, []);
  });
});

test('a Retry-After date is measured against the server’s Date, not a clock three hours slow', async () => {
  const serverNow = START;
  const api = await startFakeApi({ apiKey: KEY, now: () => serverNow, historyDays: 10 });
  try {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: new Date(serverNow + 10 * MIN).toUTCString() });
    const slow = serverNow - 3 * 60 * MIN;
    const client = createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: () => slow, maxRetries: 0 });
    const e = await client.getPackage().then(() => null, (x: unknown) => x);
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, 10 * MIN, 'ten minutes, as the server meant');
    assert.equal(e.retryAt, slow + 10 * MIN, 'ending ten minutes from now on this machine’s clock');
  } finally {
    await api.close();
  }
});

describe('a recorded rate limit whose end lies further ahead than its own wait (clock set back since)', () => {
  test('rateLimitEnd is at most the wait from now, and null once over', () => {
    const p = { kind: 'rate-limited' as const, needsAction: false, message: '', action: '', retryAfterMs: 2 * 60 * MIN, retryAt: START + 74 * 60 * MIN };
    assert.equal(rateLimitEnd(p, START), START + 2 * 60 * MIN, 'a 2 h wait recorded 3 days "ahead" ends 2 h from now at most');
    assert.equal(rateLimitEnd({ ...p, retryAt: START + 30 * MIN }, START), START + 30 * MIN, 'a wait already partly waited ends when recorded');
    assert.equal(rateLimitEnd({ ...p, retryAt: START - 1 }, START), null);
    assert.equal(rateLimitEnd(null, START), null);
  });

  test('a restart waits at most the recorded wait, not the skew, and the tray text agrees', async () => {
    const vc = createVirtualClock(START);
    const api = await startFakeApi({ apiKey: KEY, now: vc.now, historyDays: 40 });
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-ratelimit-skew-'));
    const secrets = createSecretStore({ service: `pst-ratelimit-skew-${process.pid}` });
    await secrets.set(KEY);
    // Recorded while the clock ran three days fast: a 2-hour Retry-After ending "74 h from now".
    const problem = { kind: 'rate-limited' as const, needsAction: false, message: 'Proxy-Seller rate limit reached.', action: 'Wait 2 h and try again.', retryAfterMs: 2 * 60 * MIN, retryAt: START + 74 * 60 * MIN };
    await saveSyncState(dataDir, { ...initialSyncState, lastAttemptAt: START + 72 * 60 * MIN, problem });
    const controller = controllerOn(vc, { dataDir, secrets, baseUrl: api.baseUrl(), zone: 'Europe/Berlin' });
    afterAll(controller, api, secrets, dataDir);
    await controller.start();
    assert.equal(longRateLimitUntil(controller.view().snapshot.problem, vc.now()), START + 2 * 60 * MIN, 'the tray and banner show 2 h from now');
    await vc.runUntil(START + 2 * 60 * MIN - 1);
    assert.equal(api.requests.length, 0, 'still waiting');
    await vc.runUntil(START + 2 * 60 * MIN);
    await waitFor(() => api.requests.length > 0 && !controller.view().syncing);
    assert.equal(controller.view().snapshot.problem, null, 'polled after 2 h, not 74');
  });
});

/** A controller as the app builds one, on the virtual clock (wall, monotonic and timers). */
/** Stops the controller and removes what its test made (fake API, keychain entry, data folder) once the tests are done. */
function afterAll(controller: { stop(): Promise<void> }, api: { close(): Promise<void> }, secrets: ReturnType<typeof createSecretStore>, dataDir: string): void {
  after(async () => {
    await controller.stop();
    await api.close();
    await secrets.delete().catch(() => false);
    await rm(dataDir, { recursive: true, force: true });
  });
}

function controllerOn(
  vc: VirtualClock,
  o: { dataDir: string; secrets: ReturnType<typeof createSecretStore>; baseUrl: string; zone: string; fetch?: FetchLike; rateLimiter?: RateLimiter },
) {
  return createController({
    dataDir: o.dataDir,
    clock: vc.now,
    monotonic: vc.monotonic,
    timers: vc.timers,
    random: () => 0.5,
    fetch: o.fetch ?? ((url, init) => fetch(url, init)),
    secrets: o.secrets,
    localTimeZone: () => o.zone,
    version: '0.1.0-test',
    baseUrl: o.baseUrl,
    client: { sleep: async () => {} },
    ...(o.rateLimiter ? { rateLimiter: o.rateLimiter } : {}),
  });
}

/** Real I/O (HTTP, files) finishing on its own; virtual time does not move meanwhile. */
async function waitFor(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  await new Promise((r) => setTimeout(r, 5));
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
