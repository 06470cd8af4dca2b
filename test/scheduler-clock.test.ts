// The scheduler when the wall clock is set (by the user or NTP) and when the system sleeps: waits are
// measured on the monotonic clock; the wall clock only says that a poll is overdue after a sleep.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createVirtualClock } from './support/virtual-clock.js';
import { createScheduler, type PollOutcome, type PollReason } from '../src/core/scheduler/scheduler.js';
import { TransportError } from '../src/core/api/errors.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/core/api/client.js';
import { createHistorySync } from '../src/core/sync/history-sync.js';
import { presentTray } from '../src/main/tray/presenter.js';
import { timeAgo } from '../src/shared/time-ago.js';
import { startFakeApi } from './fake-api/server.js';
import { drive } from './support/polling-day.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

function setup(answer: (n: number) => PollOutcome = () => ({ ok: true })) {
  const vc = createVirtualClock(T0);
  const calls: Array<{ reason: PollReason; mono: number }> = [];
  const scheduler = createScheduler({
    poll: async (reason) => {
      calls.push({ reason, mono: vc.monotonic() });
      return answer(calls.length);
    },
    intervalMs: 5 * MIN,
    clock: vc.now,
    monotonic: vc.monotonic,
    timers: vc.timers,
    random: () => 0.5,
  });
  return { vc, calls, scheduler };
}

describe('scheduler and clock changes', () => {
  test('the virtual clock: a jump moves only the wall clock; time passing moves both', async () => {
    const vc = createVirtualClock(T0);
    vc.jump(-3 * H);
    assert.equal(vc.now(), T0 - 3 * H);
    assert.equal(vc.monotonic(), T0);
    await vc.advance(MIN);
    assert.equal(vc.now(), T0 - 3 * H + MIN);
    assert.equal(vc.monotonic(), T0 + MIN);
  });

  test('a clock set back 3 hours: pause and resume wait only the rest of the interval, not 183 minutes', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(2 * MIN);
    vc.jump(-3 * H);
    scheduler.pause();
    scheduler.resume();
    assert.deepEqual(vc.pending(), [T0 + 5 * MIN], 'due 3 min from now on the monotonic clock');
    await vc.advance(3 * MIN);
    assert.deepEqual(calls.map((c) => c.reason), ['start', 'interval']);
    assert.equal(calls[1]?.mono, T0 + 5 * MIN);
    // And the cadence goes on from there.
    await vc.advance(5 * MIN);
    assert.equal(calls.length, 3);
  });

  test('a clock set back 3 hours: a new interval counts from the last poll on the monotonic clock', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(2 * MIN);
    vc.jump(-3 * H);
    scheduler.setIntervalMs(10 * MIN);
    assert.deepEqual(vc.pending(), [T0 + 10 * MIN]);
    await vc.advance(8 * MIN);
    assert.equal(calls.length, 2);
  });

  test('a clock set back during a backoff: the retry still comes after the backoff', async () => {
    const { vc, calls, scheduler } = setup((n) => (n === 1 ? { ok: false, error: new TransportError('down', 'network') } : { ok: true }));
    scheduler.start();
    await vc.flush();
    assert.equal(scheduler.state().consecutiveFailures, 1);
    vc.jump(-3 * H);
    scheduler.pause();
    scheduler.resume();
    assert.deepEqual(vc.pending(), [T0 + 30_000]);
    await vc.advance(30_000);
    assert.deepEqual(calls.map((c) => c.reason), ['start', 'retry']);
  });

  test('after a system sleep (wall time passes, monotonic time stops) resume polls at once', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(MIN);
    scheduler.pause();
    vc.jump(8 * H); // Linux and macOS: the monotonic clock does not run while suspended
    scheduler.resume();
    assert.deepEqual(calls.map((c) => c.reason), ['start', 'resume']);
    await vc.flush();
    assert.deepEqual(vc.pending(), [T0 + MIN + 5 * MIN], 'then the interval, from the poll after the wake');
  });

  test('after a short sleep that left the interval unfinished by either clock, resume waits the remainder', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(MIN);
    scheduler.pause();
    vc.jump(2 * MIN);
    scheduler.resume();
    assert.equal(calls.length, 1);
    assert.deepEqual(vc.pending(), [T0 + 3 * MIN], 'the larger of the two elapsed times (3 min by the wall clock) counts');
  });

  test('a clock set forward brings at most one early poll, then the interval holds', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(MIN);
    vc.jump(3 * 24 * H);
    scheduler.pause();
    scheduler.resume();
    assert.equal(calls.length, 2);
    await vc.flush();
    assert.deepEqual(vc.pending(), [T0 + 6 * MIN]);
    await vc.advance(5 * MIN);
    assert.equal(calls.length, 3);
  });
});

describe('the engine polled by the scheduler while the clock is set back (issue 8, item 5)', () => {
  const KEY = 'clock-test-key';

  test('after a 3-hour jump back, pause and resume poll within the interval and the figures read stale, not "-58 min ago"', async (t) => {
    const vc = createVirtualClock(Date.parse('2026-11-20T10:17:00Z'));
    // The API's clock is the true time: the monotonic one here, which no jump moves.
    const api = await startFakeApi({ apiKey: KEY, now: vc.monotonic });
    const dir = await mkdtemp(join(tmpdir(), 'pst-clock-'));
    t.after(async () => {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    });
    const engine = createHistorySync({
      dataDir: dir,
      settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
      localTimeZone: 'Europe/Berlin',
      clock: vc.now,
      openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: vc.now, maxRetries: 0 }),
    });
    await engine.init();
    const scheduler = createScheduler({
      intervalMs: 5 * MIN,
      clock: vc.now,
      monotonic: vc.monotonic,
      timers: vc.timers,
      random: () => 0.5,
      poll: async () => {
        try {
          await engine.poll();
          return { ok: true };
        } catch (error) {
          return { ok: false, error };
        }
      },
    });
    const start = vc.monotonic();
    scheduler.start();
    await drive(vc, scheduler, start);
    assert.equal(engine.snapshot().stale, false);
    const packageReads = () => api.requests.filter((r) => r.endpoint === 'package').length;
    assert.equal(packageReads(), 1);

    await vc.advance(2 * MIN);
    vc.jump(-3 * H);
    scheduler.pause();
    scheduler.resume();
    assert.ok((scheduler.state().nextAt ?? Infinity) <= vc.monotonic() + 3 * MIN, 'the next poll is at most 3 minutes away');

    // Meanwhile the last success is dated 2 h 58 min ahead of the clock: stale, with no age shown.
    const snap = engine.snapshot();
    assert.equal(snap.stale, true);
    const tray = presentTray({ snapshot: snap, hasKey: true, paused: false, online: true, units: 'GB', now: vc.now(), intervalMs: 5 * MIN, thresholds: { leftBelowPercent: null, leftBelowBytes: null }, figure: 'today', nextCheckAt: null, locale: 'en-US' });
    assert.equal(tray.state, 'stale');
    const texts = [tray.tooltip, ...tray.menu.map((m) => m.label), `Updated ${timeAgo(vc.now() - (snap.lastSuccessAt ?? 0), 'long')}`];
    for (const text of texts) assert.doesNotMatch(text, /-\s*\d+\s*(min|h)/, text);
    assert.match(tray.tooltip, /before a clock change/);

    await drive(vc, scheduler, start + 5 * MIN);
    assert.equal(api.requests.filter((r) => r.endpoint === 'details').length, 2, 'polled again 5 minutes after the first poll');
    assert.equal(packageReads(), 2, 'the package answer dated ahead of the clock was read again');
    assert.equal(engine.snapshot().stale, false);
    assert.equal(engine.snapshot().lastSuccessAt, vc.now());
    scheduler.stop();
  });
});
