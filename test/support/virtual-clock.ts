// A fake clock and timers for tests: time moves only when the test says so, so a simulated day runs
// in milliseconds. Implements `Clock`, `Monotonic` and `Timers` from src/core/ports.ts.
// Two clocks, as on a real machine: the wall clock (what is shown and stored; the user or NTP may set
// it) and the monotonic clock (what timers run on; never set). Time passing moves both; a clock jump
// moves only the wall clock. Monotonic time starts equal to the wall time, so until a jump the two
// read the same and due times can be written as instants.
import type { Clock, Monotonic, Timers } from '../../src/core/ports.js';

export interface VirtualClock {
  /** The virtual wall time (a `Clock`: pass `vc.now` directly). */
  now: Clock;
  /** The virtual monotonic time (a `Monotonic`). */
  monotonic: Monotonic;
  /** Timers on monotonic time, as Node's and Electron's are. */
  timers: Timers;
  /**
   * Time passes by `ms` (both clocks), firing due timers in order (by due time, then creation order).
   * Between timers, pending promise callbacks run, so async work started by a timer completes
   * (and may schedule further timers, which fire too if due within the window).
   */
  advance(ms: number): Promise<void>;
  /** Like `advance`, until the monotonic time is `atMs` (must not be in the past). */
  runUntil(atMs: number): Promise<void>;
  /**
   * The wall clock is set by `ms` (back when negative); monotonic time and timers do not move. Also
   * what system sleep looks like on Linux and macOS, where the monotonic clock stops while suspended.
   */
  jump(ms: number): void;
  /** Monotonic due times of the timers still pending, earliest first. */
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
  let mono = startMs;
  /** Wall time minus monotonic time: changed only by jumps. */
  let offset = 0;
  let seq = 0;
  const entries = new Map<number, Entry>();

  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = ++seq;
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      entries.set(id, { id, at: mono + delay, fn });
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
    if (!Number.isFinite(atMs) || atMs < mono) throw new RangeError(`virtual clock cannot go back from ${mono} to ${atMs}`);
    await flushMicrotasks();
    for (;;) {
      const next = earliestDue(atMs);
      if (next === null) break;
      entries.delete(next.id);
      mono = Math.max(mono, next.at);
      next.fn();
      await flushMicrotasks();
    }
    mono = atMs;
    await flushMicrotasks();
  }

  return {
    now: () => mono + offset,
    monotonic: () => mono,
    timers,
    advance: (ms) => runUntil(mono + ms),
    runUntil,
    jump(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`a clock jump must be a number of ms, got ${ms}`);
      offset += ms;
    },
    pending: () => [...entries.values()].map((e) => e.at).sort((a, b) => a - b),
    flush: flushMicrotasks,
  };
}
