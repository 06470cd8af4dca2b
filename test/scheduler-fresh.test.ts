// A refresh after a change (new key, new settings) must not join a poll that started before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScheduler, type PollOutcome } from '../src/core/scheduler/scheduler.js';
import { createVirtualClock } from './support/virtual-clock.js';

test('refreshNow joins a poll in flight; refreshNow({ fresh }) waits for it and polls again, once', async () => {
  const vc = createVirtualClock(Date.parse('2026-11-26T00:00:00Z'));
  const releases: Array<() => void> = [];
  let polls = 0;
  const scheduler = createScheduler({
    intervalMs: 5 * 60_000,
    clock: vc.now,
    monotonic: vc.monotonic,
    timers: vc.timers,
    random: () => 0.5,
    poll: () => {
      polls++;
      return new Promise<PollOutcome>((resolve) => releases.push(() => resolve({ ok: true })));
    },
  });
  scheduler.start();
  assert.equal(polls, 1);
  const joined = scheduler.refreshNow();
  const fresh1 = scheduler.refreshNow({ fresh: true });
  const fresh2 = scheduler.refreshNow({ fresh: true });
  assert.equal(polls, 1, 'nothing new while the first poll runs');
  releases[0]!();
  await joined;
  await vc.flush();
  assert.equal(polls, 2, 'one new poll after the old one, for both fresh requests');
  releases[1]!();
  assert.deepEqual(await fresh1, { ok: true });
  assert.equal(fresh1, fresh2);
  assert.equal(polls, 2);
  scheduler.stop();
});
