// A fake clock and timers for tests: time moves only when the test says so, so a simulated day runs
// in milliseconds. Implements `Clock` and `Timers` from src/main/engine/ports.ts.
import type { Clock, Timers } from '../../src/main/engine/ports.js';

export interface VirtualClock {
  /** The virtual time (a `Clock`: pass `vc.now` directly). */
  now: Clock;
  timers: Timers;
  /**
   * Move time forward by `ms`, firing due timers in order (by due time, then creation order).
   * Between timers, pending promise callbacks run, so async work started by a timer completes
   * (and may schedule further timers, which fire too if due within the window).
   */
  advance(ms: number): Promise<void>;
  /** Like `advance`, to the absolute time `atMs` (must not be in the past). */
  runUntil(atMs: number): Promise<void>;
  /** Due times of the timers still pending, earliest first. */
  pending(): number[];
  /** Let pending promise callbacks run without moving time. */
  flush(): Promise<void>;
}

interface Entry {
  id: number;
  at: number;
  fn: () => void;
}

/** All queued microtasks (and the ones they queue) run before a macrotask like setImmediate. */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createVirtualClock(startMs: number): VirtualClock {
  let t = startMs;
  let seq = 0;
  const entries = new Map<number, Entry>();

  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = ++seq;
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      entries.set(id, { id, at: t + delay, fn });
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') entries.delete(handle);
    },
  };

  function earliestDue(limit: number): Entry | null {
    let best: Entry | null = null;
    for (const e of entries.values()) {
      if (e.at > limit) continue;
      if (best === null || e.at < best.at || (e.at === best.at && e.id < best.id)) best = e;
    }
    return best;
  }

  async function runUntil(atMs: number): Promise<void> {
    if (!Number.isFinite(atMs) || atMs < t) throw new RangeError(`virtual clock cannot go back from ${t} to ${atMs}`);
    await flushMicrotasks();
    for (;;) {
      const next = earliestDue(atMs);
      if (next === null) break;
      entries.delete(next.id);
      t = Math.max(t, next.at);
      next.fn();
      await flushMicrotasks();
    }
    t = atMs;
    await flushMicrotasks();
  }

  return {
    now: () => t,
    timers,
    advance: (ms) => runUntil(t + ms),
    runUntil,
    pending: () => [...entries.values()].map((e) => e.at).sort((a, b) => a - b),
    flush: flushMicrotasks,
  };
}
