// Keeps one process under Proxy-Seller's request limit: at most `limit` request starts in any rolling
// `windowMs` (a sliding log of start times), the rest wait in a FIFO queue. Proxy-Seller documents
// about 60 a minute per key and a block of hours has been reported past it, so the default is half.
// Shared by every client of a process (a new client is made on each key change); when there are
// several keys, a limiter per key is a map away.
import type { Monotonic, Timers } from '../ports.js';
import { abortedError } from './retry.js';
import { MINUTE_MS } from '../../shared/time-constants.js';

export const DEFAULT_RATE_LIMIT = 30;
export const DEFAULT_RATE_WINDOW_MS = MINUTE_MS;

export interface RateLimiter {
  /**
   * Resolves when a request may start, the start counted. Waiters are served in the order they
   * came. An abort while waiting rejects (as a cancelled request) and takes no slot.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Requests waiting for a slot (for tests and logs). */
  queued(): number;
}

export interface RateLimiterOptions {
  /** Monotonic, not the wall clock: a clock set forward must not empty the window (or back, fill it). */
  monotonic: Monotonic;
  timers: Timers;
  /** Default 30. */
  limit?: number;
  /** Default 60 000. */
  windowMs?: number;
}

interface Waiter {
  resolve(): void;
  detach(): void;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const { monotonic: clock, timers } = opts;
  const limit = opts.limit ?? DEFAULT_RATE_LIMIT;
  const windowMs = opts.windowMs ?? DEFAULT_RATE_WINDOW_MS;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a whole number of requests >= 1, got ${limit}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`rate window must be a positive number of ms, got ${windowMs}`);

  /** Start times inside the window, oldest first. */
  const starts: number[] = [];
  const queue: Waiter[] = [];
  let timer: { handle: unknown } | null = null;

  function prune(now: number): void {
    while (starts.length > 0 && starts[0]! <= now - windowMs) starts.shift();
  }

  function pump(): void {
    const now = clock();
    prune(now);
    while (queue.length > 0 && starts.length < limit) {
      const w = queue.shift()!;
      w.detach();
      starts.push(now);
      w.resolve();
    }
    arm(now);
  }

  function arm(now: number): void {
    if (timer !== null) timers.clearTimeout(timer.handle);
    timer = null;
    if (queue.length === 0) return;
    // The oldest start leaves the window first: that frees the next slot.
    const entry = { handle: undefined as unknown };
    entry.handle = timers.setTimeout(
      () => {
        if (timer !== entry) return;
        timer = null;
        pump();
      },
      Math.max(0, starts[0]! + windowMs - now),
    );
    timer = entry;
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(abortedError());
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(abortedError());
          arm(clock());
        };
        const waiter: Waiter = { resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    queued: () => queue.length,
  };
}
