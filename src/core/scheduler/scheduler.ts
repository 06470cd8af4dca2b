// Decides when to poll: on start, every interval after a success, with backoff after failures,
// never two polls at once, nothing while the system sleeps. It knows nothing of what a poll does.
// Waits are measured on the monotonic clock, so setting the wall clock back never stalls polling. The
// wall clock is a second opinion only for "is a poll overdue": during system sleep the monotonic
// clock stops on Linux and macOS, and a machine that slept for hours must not wait out the rest of an
// interval after waking. A poll is due when either clock says the wait is over; a wall clock set
// forward can thus bring one poll early, never delay one.
import type { Clock, Monotonic, Random, Timers } from '../ports.js';
import { clampIntervalMs, retryDelayMs } from './backoff.js';

export type PollReason = 'start' | 'interval' | 'manual' | 'resume' | 'retry';
export type PollOutcome = { ok: true } | { ok: false; error: unknown };

export interface SchedulerState {
  running: boolean;
  paused: boolean;
  inFlight: boolean;
  /** When the next automatic poll is due, on the monotonic clock; null while polling, paused or stopped. */
  nextAt: number | null;
  consecutiveFailures: number;
  /** When the last poll ended, on the monotonic clock. */
  lastOutcomeAt: number | null;
}

export interface Scheduler {
  /** Polls at once (reason 'start'), then on schedule. */
  start(): void;
  /** No more automatic polls; one in flight may finish. */
  stop(): void;
  /** System sleep: cancel timers. */
  pause(): void;
  /** Poll now if the next poll is overdue (by either clock), else wait out the remainder. */
  resume(): void;
  /**
   * Manual poll. Joins a poll already in flight (same promise); the schedule continues from its end.
   * `fresh`: a poll in flight started before something changed (the key, the settings), so wait for
   * it and poll again (joining any poll that started meanwhile).
   */
  refreshNow(options?: { fresh?: boolean }): Promise<PollOutcome>;
  /** Reschedules from the last poll. */
  setIntervalMs(ms: number): void;
  state(): SchedulerState;
  onChange(listener: (s: SchedulerState) => void): () => void;
}

export interface SchedulerOptions {
  poll: (reason: PollReason) => Promise<PollOutcome>;
  intervalMs: number;
  /** Wall clock: only to tell that a poll is overdue after system sleep. */
  clock: Clock;
  /** Every wait and due time is measured on it (the timers run on it too). */
  monotonic: Monotonic;
  timers: Timers;
  random: Random;
  /** No automatic poll before this instant: a rate limit recorded before a restart still holds. */
  notBefore?: number;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { poll, clock, monotonic, timers, random } = opts;
  let intervalMs = clampIntervalMs(opts.intervalMs);
  let running = false;
  let paused = false;
  let inFlight: Promise<PollOutcome> | null = null;
  /** A fresh refresh waiting for the poll in flight to end. */
  let freshAfter: Promise<PollOutcome> | null = null;
  let timer: { handle: unknown } | null = null;
  let nextAt: number | null = null;
  let consecutiveFailures = 0;
  /** When the last poll ended, on both clocks. */
  let lastOutcome: { mono: number; wall: number } | null = null;
  /** The wait chosen after the last failure (jitter is drawn once, not on every reschedule). */
  let retryWaitMs = 0;
  const listeners = new Set<(s: SchedulerState) => void>();
  let lastEmitted = '';

  function snapshot(): SchedulerState {
    return { running, paused, inFlight: inFlight !== null, nextAt, consecutiveFailures, lastOutcomeAt: lastOutcome?.mono ?? null };
  }

  function emit(): void {
    const s = snapshot();
    const sig = JSON.stringify(s);
    if (sig === lastEmitted) return;
    lastEmitted = sig;
    for (const listener of [...listeners]) {
      try {
        listener(s);
      } catch {
        // A broken listener must not stop polling.
      }
    }
  }

  function clearTimer(): void {
    if (timer !== null) timers.clearTimeout(timer.handle);
    timer = null;
    nextAt = null;
  }

  function armTimer(delayMs: number, reason: PollReason): void {
    clearTimer();
    const entry = { handle: undefined as unknown };
    entry.handle = timers.setTimeout(() => {
      if (timer !== entry) return;
      timer = null;
      nextAt = null;
      if (!running || paused || inFlight !== null) return;
      void runPoll(reason);
    }, delayMs);
    timer = entry;
    nextAt = monotonic() + delayMs;
  }

  /** How long until the next poll is due (<= 0: overdue); null before the first poll. */
  function dueInMs(): number | null {
    if (lastOutcome === null) return null;
    const wait = consecutiveFailures > 0 ? retryWaitMs : intervalMs;
    // A wall clock set back gives a negative wall elapsed time: the monotonic one counts then.
    const elapsed = Math.max(monotonic() - lastOutcome.mono, clock() - lastOutcome.wall);
    return wait - elapsed;
  }

  /** Arm the timer for the next due poll, or poll now (with `overdueReason`) if it is already due. */
  function schedule(overdueReason: PollReason): void {
    if (!running || paused || inFlight !== null) {
      clearTimer();
      return;
    }
    const dueIn = dueInMs();
    if (dueIn === null || dueIn <= 0) {
      void runPoll(dueIn === null ? 'start' : overdueReason);
      return;
    }
    armTimer(dueIn, consecutiveFailures > 0 ? 'retry' : 'interval');
  }

  function finish(outcome: PollOutcome): PollOutcome {
    lastOutcome = { mono: monotonic(), wall: clock() };
    if (outcome.ok) {
      consecutiveFailures = 0;
      retryWaitMs = 0;
    } else {
      consecutiveFailures += 1;
      retryWaitMs = retryDelayMs(outcome.error, consecutiveFailures, random, lastOutcome.wall);
    }
    inFlight = null;
    schedule('interval');
    emit();
    return outcome;
  }

  function runPoll(reason: PollReason): Promise<PollOutcome> {
    clearTimer();
    let started: Promise<PollOutcome>;
    try {
      started = Promise.resolve(poll(reason));
    } catch (error) {
      started = Promise.resolve({ ok: false, error });
    }
    // `then` callbacks always run later, so `inFlight` is set before `finish` clears it.
    const p = started
      .then(
        (o): PollOutcome => (o && typeof o === 'object' && typeof o.ok === 'boolean' ? o : { ok: false, error: new TypeError('poll returned no outcome') }),
        (error: unknown): PollOutcome => ({ ok: false, error }),
      )
      .then(finish);
    inFlight = p;
    emit();
    return p;
  }

  return {
    start() {
      if (running) return;
      running = true;
      const wait = (opts.notBefore ?? 0) - clock();
      if (wait > 0 && lastOutcome === null) {
        // As if the failure that asked for the wait had just been seen: the first poll is a retry then.
        lastOutcome = { mono: monotonic(), wall: clock() };
        consecutiveFailures = 1;
        retryWaitMs = wait;
        schedule('retry');
      } else if (!paused && inFlight === null) void runPoll('start');
      // Polls that were in flight (e.g. a manual one) schedule the next on their own.
      emit();
    },
    stop() {
      running = false;
      clearTimer();
      emit();
    },
    pause() {
      paused = true;
      clearTimer();
      emit();
    },
    resume() {
      if (!paused) return;
      paused = false;
      schedule('resume');
      emit();
    },
    refreshNow(options) {
      if (inFlight === null) return runPoll('manual');
      if (!options?.fresh) return inFlight;
      const stale = inFlight;
      freshAfter ??= stale.then(() => {
        freshAfter = null;
        return inFlight ?? runPoll('manual');
      });
      return freshAfter;
    },
    setIntervalMs(ms) {
      const next = clampIntervalMs(ms, intervalMs);
      if (next === intervalMs) return;
      intervalMs = next;
      // Backoff waits are not shortened by an interval change; only the success cadence moves.
      if (consecutiveFailures === 0 && timer !== null) schedule('interval');
      emit();
    },
    state: snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
