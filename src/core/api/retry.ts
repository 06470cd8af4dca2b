// Retry-After and the retry loop. Only passing faults are retried here (HTTP 429, edge pages, 5xx,
// network faults); business answers are final. Waits go through the injected `sleep`.
import type { Random, Sleep } from '../ports.js';
import { RateLimitedError, TransportError, type ApiError } from './errors.js';
import { backoffDelayMs, type BackoffPolicy } from '../backoff.js';
import { DAY_MS, SECOND_MS } from '../../shared/time-constants.js';

/** Retries within one request: from 1 s (1, 2, 4, ...) up to 30 s, ±25 %. */
export const REQUEST_BACKOFF: BackoffPolicy = { baseMs: SECOND_MS, capMs: 30 * SECOND_MS, jitter: 0.25 };
/** A Retry-After beyond a day is a misparsed or hostile header; waiting forever would freeze the app. */
export const MAX_RETRY_AFTER_MS = DAY_MS;

/**
 * Retry-After in ms: delay-seconds ("120", decimals tolerated) or an HTTP-date measured against
 * `nowMs` (a past date gives 0). null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(v)) {
    const ms = Math.round(Number(v) * SECOND_MS);
    return Number.isSafeInteger(ms) ? ms : null;
  }
  // HTTP-dates always name a weekday or month; this keeps Date.parse off stray numbers.
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** The wait before in-request retry `retryIndex` (0-based) when the server named none. */
export function backoffMs(retryIndex: number, random: Random): number {
  return backoffDelayMs(retryIndex, REQUEST_BACKOFF, random);
}

export type AttemptOutcome<T> =
  | { kind: 'done'; value: T }
  /** A passing fault: try again (after Retry-After when the server gave one). */
  | { kind: 'retry'; error: ApiError; retryAfterMs: number | null };

export interface RetryOptions {
  maxRetries: number;
  maxRetryWaitMs: number;
  sleep: Sleep;
  random: Random;
  signal?: AbortSignal | undefined;
  /** Told before each wait, e.g. for a log line. */
  onRetry?: (error: ApiError, retryIndex: number, waitMs: number) => void;
}

export function abortedError(): TransportError {
  return new TransportError('The request to Proxy-Seller was cancelled.', 'aborted');
}

/**
 * Runs `attempt` until it is done, throws a final error, or the retries run out; then the last
 * fault is thrown. A Retry-After beyond `maxRetryWaitMs` is not waited out: the fault is thrown at
 * once (for a 429 as RateLimitedError carrying the wait) so the scheduler can come back later.
 */
export async function withRetries<T>(attempt: (index: number) => Promise<AttemptOutcome<T>>, opts: RetryOptions): Promise<T> {
  for (let i = 0; ; i++) {
    const out = await attempt(i);
    if (out.kind === 'done') return out.value;
    const { error, retryAfterMs } = out;
    if (retryAfterMs !== null && retryAfterMs > opts.maxRetryWaitMs) throw error;
    if (i >= opts.maxRetries) throw error;
    const wait = retryAfterMs ?? backoffMs(i, opts.random);
    opts.onRetry?.(error, i, wait);
    if (opts.signal?.aborted) throw abortedError();
    try {
      await opts.sleep(wait, opts.signal);
    } catch (e) {
      if (opts.signal?.aborted) throw abortedError();
      throw e;
    }
    if (opts.signal?.aborted) throw abortedError();
  }
}

/** The real sleep: a timer that an abort signal cuts short (rejecting). */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A 429 answered at `answeredAt`. Its `retryAt` is fixed now, capped at a day, so the scheduler, the
 * tray and a restart all name the same instant however long the error takes to reach them.
 */
export function rateLimitedHttp(retryAfterMs: number | null, answeredAt: number): RateLimitedError {
  const wait = retryAfterMs === null ? '' : `; retry after ${Math.ceil(retryAfterMs / SECOND_MS)} s`;
  const retryAt = retryAfterMs === null ? null : answeredAt + Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(retryAfterMs)));
  return new RateLimitedError(`Proxy-Seller rate limit reached (HTTP 429${wait}).`, retryAfterMs, [], retryAt);
}
