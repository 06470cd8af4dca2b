import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createVirtualClock } from './support/virtual-clock.js';
import { createScheduler, type PollOutcome, type PollReason, type SchedulerState } from '../src/core/scheduler/scheduler.js';
import {
  BACKOFF_CAP_MS,
  NEEDS_USER_RETRY_MS,
  MAX_RETRY_AFTER_MS,
  clampIntervalMs,
  retryDelayMs,
  transientBackoffMs,
} from '../src/core/scheduler/backoff.js';
import {
  AccessDeniedError,
  IpNotAllowedError,
  KeychainUnavailableError,
  MalformedResponseError,
  NoKeyError,
  NoPackageError,
  RateLimitedError,
  RejectedError,
  TransportError,
} from '../src/core/api/errors.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

interface Call {
  reason: PollReason;
  at: number;
}

/** A scheduler on a virtual clock whose poll records calls and answers with `answer`. */
function setup(opts: { intervalMs?: number; random?: () => number; answer?: (n: number) => PollOutcome | Promise<PollOutcome> } = {}) {
  const vc = createVirtualClock(T0);
  const calls: Call[] = [];
  const answer = opts.answer ?? (() => ({ ok: true }) as const);
  const scheduler = createScheduler({
    poll: async (reason) => {
      calls.push({ reason, at: vc.now() });
      return answer(calls.length);
    },
    intervalMs: opts.intervalMs ?? 5 * MIN,
    clock: vc.now,
    monotonic: vc.monotonic,
    timers: vc.timers,
    random: opts.random ?? (() => 0.5),
  });
  return { vc, calls, scheduler };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function gaps(calls: Call[]): number[] {
  return calls.slice(1).map((c, i) => c.at - (calls[i] as Call).at);
}

describe('virtual clock', () => {
  test('fires timers in due order, skips cleared ones, and lets async callbacks finish', async () => {
    const vc = createVirtualClock(1000);
    const log: string[] = [];
    vc.timers.setTimeout(() => log.push('b@3000'), 2000);
    vc.timers.setTimeout(() => log.push('a@2000'), 1000);
    const cleared = vc.timers.setTimeout(() => log.push('never'), 1500);
    vc.timers.clearTimeout(cleared);
    vc.timers.setTimeout(async () => {
      await Promise.resolve();
      await Promise.resolve();
      log.push(`async done@${vc.now()}`);
      vc.timers.setTimeout(() => log.push(`chained@${vc.now()}`), 100);
    }, 1200);
    assert.deepEqual(vc.pending(), [2000, 2200, 3000]);
    await vc.advance(1500);
    assert.deepEqual(log, ['a@2000', 'async done@2200', 'chained@2300']);
    assert.equal(vc.now(), 2500);
    assert.deepEqual(vc.pending(), [3000]);
    await assert.rejects(vc.runUntil(2000), RangeError);
  });

  test('a timer due exactly at the target fires; one just after does not', async () => {
    const vc = createVirtualClock(0);
    const log: number[] = [];
    vc.timers.setTimeout(() => log.push(1), 100);
    vc.timers.setTimeout(() => log.push(2), 101);
    await vc.runUntil(100);
    assert.deepEqual(log, [1]);
    assert.deepEqual(vc.pending(), [101]);
  });
});

describe('backoff', () => {
  test('transient backoff doubles from 30 s and stops at 30 min', () => {
    const mid = () => 0.5;
    const seq = [1, 2, 3, 4, 5, 6, 7, 8, 20, 1000].map((n) => transientBackoffMs(n, mid));
    assert.deepEqual(seq, [30 * S, 60 * S, 120 * S, 240 * S, 480 * S, 960 * S, 30 * MIN, 30 * MIN, 30 * MIN, 30 * MIN]);
  });

  test('jitter stays within ±20 % and never passes the cap', () => {
    assert.equal(transientBackoffMs(1, () => 0), 24 * S);
    assert.equal(transientBackoffMs(1, () => 0.999999), 36 * S);
    assert.equal(transientBackoffMs(3, () => 0), 96 * S);
    for (let i = 0; i < 200; i++) {
      const r = i / 200;
      const d = transientBackoffMs(2, () => r);
      assert.ok(d >= 48 * S && d <= 72 * S, `failure 2, r=${r}: ${d}`);
      const capped = transientBackoffMs(12, () => r);
      assert.ok(capped >= 0.8 * BACKOFF_CAP_MS && capped <= BACKOFF_CAP_MS, `capped, r=${r}: ${capped}`);
    }
    // A broken random source cannot push the wait outside the band.
    assert.equal(transientBackoffMs(1, () => 7), 36 * S);
    assert.equal(transientBackoffMs(1, () => -3), 24 * S);
  });

  test('errors that need the user wait a fixed 15 min; transient ones back off', () => {
    const r = () => 0.5;
    for (const e of [
      new AccessDeniedError('x'),
      new IpNotAllowedError('x', '1.2.3.4'),
      new NoPackageError('x'),
      new RejectedError('x'),
      new NoKeyError(),
      new KeychainUnavailableError('x'),
      new Error('a bug'),
      'a string',
    ]) {
      assert.equal(retryDelayMs(e, 1, r), NEEDS_USER_RETRY_MS, String(e));
      assert.equal(retryDelayMs(e, 9, r), NEEDS_USER_RETRY_MS, String(e));
    }
    assert.equal(retryDelayMs(new TransportError('down', 'timeout'), 1, r), 30 * S);
    assert.equal(retryDelayMs(new MalformedResponseError('bad', 'data'), 2, r), 60 * S);
    assert.equal(retryDelayMs(new RateLimitedError('slow', null), 3, r), 120 * S);
  });

  test('Retry-After is a floor, bounded to a day', () => {
    const r = () => 0.5;
    assert.equal(retryDelayMs(new RateLimitedError('slow', 10 * MIN), 1, r), 10 * MIN);
    assert.equal(retryDelayMs(new RateLimitedError('slow', 5 * S), 3, r), 120 * S);
    assert.equal(retryDelayMs(new RateLimitedError('slow', 1500.2), 1, r), 30 * S);
    assert.equal(retryDelayMs(new RateLimitedError('slow', 365 * 24 * H), 1, r), MAX_RETRY_AFTER_MS);
  });

  test('interval is clamped to 1..60 min', () => {
    assert.equal(clampIntervalMs(0), MIN);
    assert.equal(clampIntervalMs(-5), MIN);
    assert.equal(clampIntervalMs(2 * H), H);
    assert.equal(clampIntervalMs(7 * MIN), 7 * MIN);
    assert.equal(clampIntervalMs(Number.NaN), 5 * MIN);
    assert.equal(clampIntervalMs(Number.POSITIVE_INFINITY, 9 * MIN), 9 * MIN);
  });
});

describe('scheduler', () => {
  test('a simulated day at 5 min polls 288 times plus the start, on virtual time', async (t) => {
    const started = performance.now();
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(24 * H);
    const elapsed = performance.now() - started;
    assert.equal(calls.length, 289);
    assert.equal(calls[0]?.reason, 'start');
    assert.equal(calls[0]?.at, T0);
    assert.ok(calls.slice(1).every((c) => c.reason === 'interval'));
    assert.ok(gaps(calls).every((g) => g === 5 * MIN));
    assert.equal(calls.at(-1)?.at, T0 + 24 * H);
    t.diagnostic(`simulated day in ${elapsed.toFixed(0)} ms of real time`);
    const s = scheduler.state();
    assert.equal(s.nextAt, T0 + 24 * H + 5 * MIN);
    assert.equal(s.consecutiveFailures, 0);
    assert.equal(s.running, true);
  });

  test('the next poll is counted from the end of a slow poll, and polls never overlap', async () => {
    const vc = createVirtualClock(T0);
    let active = 0;
    let maxActive = 0;
    const calls: Call[] = [];
    const scheduler = createScheduler({
      poll: async (reason) => {
        calls.push({ reason, at: vc.now() });
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((r) => vc.timers.setTimeout(r, 7 * MIN));
        active--;
        return { ok: true };
      },
      intervalMs: 5 * MIN,
      clock: vc.now,
      monotonic: vc.monotonic,
      timers: vc.timers,
      random: () => 0.5,
    });
    scheduler.start();
    await vc.advance(3 * MIN);
    const manual = [scheduler.refreshNow(), scheduler.refreshNow()];
    await vc.advance(60 * MIN);
    await Promise.all(manual);
    assert.equal(maxActive, 1);
    // start at 0, ends 7; next 12..19; 24..31; 36..43; 48..55; 60..
    assert.deepEqual(
      calls.map((c) => (c.at - T0) / MIN),
      [0, 12, 24, 36, 48, 60],
    );
  });

  test('manual refresh during a poll joins it: same promise, one poll', async () => {
    const gate = deferred<PollOutcome>();
    const { vc, calls, scheduler } = setup({ answer: () => gate.promise });
    scheduler.start();
    await vc.advance(10 * S);
    assert.equal(scheduler.state().inFlight, true);
    const a = scheduler.refreshNow();
    const b = scheduler.refreshNow();
    assert.equal(a, b);
    await vc.advance(20 * S);
    gate.resolve({ ok: true });
    assert.deepEqual(await a, { ok: true });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.reason, 'start');
    // Rescheduled from the end of the joined poll (t0 + 30 s).
    assert.equal(scheduler.state().nextAt, T0 + 30 * S + 5 * MIN);
    assert.deepEqual(vc.pending(), [T0 + 30 * S + 5 * MIN]);
  });

  test('manual refresh while idle polls now and restarts the interval from its end', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(2 * MIN);
    const outcome = await scheduler.refreshNow();
    assert.deepEqual(outcome, { ok: true });
    assert.deepEqual(
      calls.map((c) => [c.reason, c.at - T0]),
      [
        ['start', 0],
        ['manual', 2 * MIN],
      ],
    );
    assert.deepEqual(vc.pending(), [T0 + 7 * MIN]);
    await vc.advance(5 * MIN);
    assert.deepEqual(calls.at(-1), { reason: 'interval', at: T0 + 7 * MIN });
  });

  test('transient failures back off 30 s, 60 s, ... up to 30 min, then success restores the interval', async () => {
    let failing = true;
    const { vc, calls, scheduler } = setup({
      answer: () => (failing ? { ok: false, error: new TransportError('down', 'refused') } : { ok: true }),
    });
    scheduler.start();
    await vc.advance(2 * H + 30 * S);
    assert.deepEqual(gaps(calls), [30, 60, 120, 240, 480, 960, 1800, 1800].map((s) => s * S));
    assert.ok(calls.slice(1).every((c) => c.reason === 'retry'));
    assert.equal(scheduler.state().consecutiveFailures, 9);
    failing = false;
    const before = calls.length;
    const retryAt = scheduler.state().nextAt;
    assert.equal(retryAt, (calls.at(-1) as Call).at + 30 * MIN);
    await vc.runUntil(retryAt);
    assert.equal(calls.length, before + 1);
    assert.equal(scheduler.state().consecutiveFailures, 0);
    const recovered = calls.at(-1) as Call;
    await vc.advance(11 * MIN);
    assert.deepEqual(
      calls.slice(before + 1).map((c) => [c.reason, c.at - recovered.at]),
      [
        ['interval', 5 * MIN],
        ['interval', 10 * MIN],
      ],
    );
  });

  test('jitter moves the retry within ±20 %', async () => {
    const fail = () => ({ ok: false, error: new MalformedResponseError('bad', 'data') }) as const;
    const low = setup({ random: () => 0, answer: fail });
    low.scheduler.start();
    await low.vc.advance(1 * MIN);
    assert.deepEqual(gaps(low.calls), [24 * S]);
    const high = setup({ random: () => 0.9999999, answer: fail });
    high.scheduler.start();
    await high.vc.advance(1 * MIN);
    assert.equal(high.calls[1]?.at, T0 + 36 * S);
  });

  test('a 429 with Retry-After waits at least that long', async () => {
    let n = 0;
    const { vc, calls, scheduler } = setup({
      answer: () => (++n === 1 ? { ok: false, error: new RateLimitedError('slow down', 10 * MIN) } : { ok: true }),
    });
    scheduler.start();
    assert.equal(calls.length, 1);
    await vc.advance(10 * MIN - 1);
    assert.equal(calls.length, 1, 'polled before Retry-After elapsed');
    assert.equal(scheduler.state().nextAt, T0 + 10 * MIN);
    await vc.advance(1);
    assert.deepEqual(calls[1], { reason: 'retry', at: T0 + 10 * MIN });
  });

  test('errors that need the user retry every 15 min, never faster', async () => {
    const errors = [new AccessDeniedError('Error api key'), new IpNotAllowedError('IP not allowed', '203.0.113.9'), new NoKeyError()];
    const { vc, calls, scheduler } = setup({ answer: (n) => ({ ok: false, error: errors[n % errors.length] }) });
    scheduler.start();
    await vc.advance(2 * H);
    assert.equal(calls.length, 9);
    assert.ok(gaps(calls).every((g) => g === 15 * MIN), String(gaps(calls)));
    // Sleep and wake inside the 15 min do not shorten it.
    await vc.advance(5 * MIN);
    scheduler.pause();
    await vc.advance(2 * MIN);
    scheduler.resume();
    assert.equal(calls.length, 9);
    assert.equal(scheduler.state().nextAt, T0 + 2 * H + 15 * MIN);
  });

  test('a poll that throws (or rejects) counts as a failure', async () => {
    const vc = createVirtualClock(T0);
    let n = 0;
    const scheduler = createScheduler({
      poll: (() => {
        n++;
        if (n === 1) throw new TransportError('sync throw', 'network');
        return Promise.reject(new TransportError('async reject', 'network'));
      }) as (r: PollReason) => Promise<PollOutcome>,
      intervalMs: 5 * MIN,
      clock: vc.now,
      monotonic: vc.monotonic,
      timers: vc.timers,
      random: () => 0.5,
    });
    scheduler.start();
    await vc.flush();
    assert.equal(scheduler.state().consecutiveFailures, 1);
    assert.equal(scheduler.state().nextAt, T0 + 30 * S);
    const outcome = await scheduler.refreshNow();
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.error instanceof TransportError);
    assert.equal(scheduler.state().consecutiveFailures, 2);
    assert.equal(scheduler.state().nextAt, T0 + 60 * S);
  });

  test('paused: no polls at all; resume polls at once when overdue', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(1 * MIN);
    scheduler.pause();
    assert.deepEqual(vc.pending(), []);
    assert.equal(scheduler.state().nextAt, null);
    await vc.advance(3 * H);
    assert.equal(calls.length, 1);
    scheduler.resume();
    assert.deepEqual(calls.at(-1), { reason: 'resume', at: T0 + 3 * H + MIN });
    await vc.flush();
    assert.equal(scheduler.state().nextAt, T0 + 3 * H + 6 * MIN);
  });

  test('resume before the interval is up waits only the remainder', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(1 * MIN);
    scheduler.pause();
    await vc.advance(2 * MIN);
    scheduler.resume();
    assert.equal(calls.length, 1);
    assert.deepEqual(vc.pending(), [T0 + 5 * MIN]);
    await vc.advance(2 * MIN);
    assert.deepEqual(calls.at(-1), { reason: 'interval', at: T0 + 5 * MIN });
  });

  test('a poll that ends while paused does not schedule; resume picks up from its end', async () => {
    const gate = deferred<PollOutcome>();
    const { vc, calls, scheduler } = setup({ answer: (n) => (n === 1 ? gate.promise : { ok: true }) });
    scheduler.start();
    scheduler.pause();
    await vc.advance(1 * MIN);
    gate.resolve({ ok: true });
    await vc.flush();
    assert.deepEqual(vc.pending(), []);
    await vc.advance(1 * MIN);
    scheduler.resume();
    assert.deepEqual(vc.pending(), [T0 + 6 * MIN]);
    assert.equal(calls.length, 1);
  });

  test('stop: the poll in flight finishes, nothing follows', async () => {
    const gate = deferred<PollOutcome>();
    const { vc, calls, scheduler } = setup({ answer: () => gate.promise });
    scheduler.start();
    scheduler.stop();
    gate.resolve({ ok: true });
    await vc.advance(24 * H);
    assert.equal(calls.length, 1);
    assert.deepEqual(vc.pending(), []);
    const s = scheduler.state();
    assert.equal(s.running, false);
    assert.equal(s.inFlight, false);
    assert.equal(s.lastOutcomeAt, T0);
    // Started again, it polls at once.
    scheduler.start();
    assert.equal(calls.length, 2);
    assert.equal(calls[1]?.reason, 'start');
    scheduler.stop();
  });

  test('setIntervalMs reschedules from the last poll, polls at once if already overdue, and clamps', async () => {
    const { vc, calls, scheduler } = setup();
    scheduler.start();
    await vc.advance(1 * MIN);
    scheduler.setIntervalMs(10 * MIN);
    assert.deepEqual(vc.pending(), [T0 + 10 * MIN]);
    await vc.advance(2 * MIN);
    scheduler.setIntervalMs(2 * MIN); // last poll was 3 min ago: overdue
    assert.deepEqual(calls.at(-1), { reason: 'interval', at: T0 + 3 * MIN });
    await vc.flush();
    assert.deepEqual(vc.pending(), [T0 + 5 * MIN]);
    scheduler.setIntervalMs(0); // clamped to 1 min
    assert.deepEqual(vc.pending(), [T0 + 4 * MIN]);
    scheduler.setIntervalMs(Number.NaN); // ignored
    assert.deepEqual(vc.pending(), [T0 + 4 * MIN]);
    scheduler.setIntervalMs(5 * H); // clamped to 60 min
    assert.deepEqual(vc.pending(), [T0 + 63 * MIN]);
    assert.equal(calls.length, 2);
  });

  test('setIntervalMs does not cut a backoff short', async () => {
    const { vc, scheduler } = setup({ answer: () => ({ ok: false, error: new AccessDeniedError('Error api key') }) });
    scheduler.start();
    await vc.flush();
    scheduler.setIntervalMs(1 * MIN);
    assert.deepEqual(vc.pending(), [T0 + 15 * MIN]);
  });

  test('onChange reports transitions and can be unsubscribed', async () => {
    const { vc, scheduler } = setup();
    const seen: SchedulerState[] = [];
    const off = scheduler.onChange((s) => seen.push(s));
    scheduler.onChange(() => {
      throw new Error('a broken listener');
    });
    scheduler.start();
    assert.equal(seen.at(-1)?.inFlight, true);
    await vc.flush();
    assert.deepEqual(seen.at(-1), {
      running: true,
      paused: false,
      inFlight: false,
      nextAt: T0 + 5 * MIN,
      consecutiveFailures: 0,
      lastOutcomeAt: T0,
    });
    off();
    const count = seen.length;
    await vc.advance(30 * MIN);
    assert.equal(seen.length, count);
  });
});
