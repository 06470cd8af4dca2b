// One backoff formula (src/core/backoff.ts) under both policies: the client's in-request retries and
// the scheduler's polls after a failure. The policies' own numbers are in api-envelope.test.ts and
// scheduler.test.ts; here, what the formula promises to each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from '../src/core/backoff.js';
import { REQUEST_BACKOFF, backoffMs } from '../src/core/api/retry.js';
import { POLL_BACKOFF, transientBackoffMs } from '../src/core/scheduler/backoff.js';

describe('backoffDelayMs', () => {
  test('doubles from the base, spread by the jitter each side', () => {
    const policy = { baseMs: 100, capMs: 10_000, jitter: 0.1 };
    assert.deepEqual([0, 1, 2, 3].map((i) => backoffDelayMs(i, policy, () => 0.5)), [100, 200, 400, 800]);
    assert.equal(backoffDelayMs(3, policy, () => 0), 720);
    assert.equal(backoffDelayMs(3, policy, () => 0.999999), 880);
  });

  test('never waits longer than the cap, jitter included, however many retries', () => {
    for (const policy of [REQUEST_BACKOFF, POLL_BACKOFF]) {
      for (const i of [12, 40, 1e9]) {
        for (const r of [0, 0.5, 0.999999]) {
          const d = backoffDelayMs(i, policy, () => r);
          assert.ok(d <= policy.capMs && d >= policy.capMs * (1 - policy.jitter), `${i}, r=${r}: ${d}`);
        }
      }
    }
    // Before: an in-request retry past the 30 s cap could wait up to 37.5 s (cap, then +25 %).
    assert.equal(backoffMs(6, () => 0.999999), 30_000);
  });

  test('a random source outside [0, 1) cannot push the wait outside the band', () => {
    assert.equal(backoffMs(2, () => 7), 5000);
    assert.equal(backoffMs(2, () => -3), 3000);
    assert.equal(transientBackoffMs(1, () => 7), 36_000);
  });

  test('the two policies are the callers\' own: 1 s to 30 s ±25 % per request, 30 s to 30 min ±20 % per poll', () => {
    assert.deepEqual(REQUEST_BACKOFF, { baseMs: 1000, capMs: 30_000, jitter: 0.25 });
    assert.deepEqual(POLL_BACKOFF, { baseMs: 30_000, capMs: 30 * 60_000, jitter: 0.2 });
    // The scheduler counts failures from 1, the client retries from 0: both start at the base.
    assert.equal(transientBackoffMs(1, () => 0.5), backoffDelayMs(0, POLL_BACKOFF, () => 0.5));
  });
});
