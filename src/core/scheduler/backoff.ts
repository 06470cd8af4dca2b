// How long to wait before the next poll: the interval after success, backoff after a failure.
import type { Random } from '../ports.js';
import { RateLimitedError, isTransient } from '../api/errors.js';
import { MAX_RETRY_AFTER_MS } from '../api/retry.js';
import { backoffDelayMs, type BackoffPolicy } from '../backoff.js';
import { MINUTE_MS, SECOND_MS } from '../../shared/time-constants.js';

export { MAX_RETRY_AFTER_MS };

export const MIN_INTERVAL_MS = 1 * MINUTE_MS;
export const MAX_INTERVAL_MS = 60 * MINUTE_MS;
export const DEFAULT_INTERVAL_MS = 5 * MINUTE_MS;

export const BACKOFF_BASE_MS = 30 * SECOND_MS;
export const BACKOFF_CAP_MS = 30 * MINUTE_MS;
/** ±20 % spread, so many clients that failed together do not retry together. */
export const BACKOFF_JITTER = 0.2;
/** Polls after a failure: from 30 s (30, 60, 120 s, ...) up to 30 min, ±20 %. */
export const POLL_BACKOFF: BackoffPolicy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, jitter: BACKOFF_JITTER };
/** Errors the user must fix (key, IP, package) do not heal by hammering the API. */
export const NEEDS_USER_RETRY_MS = 15 * MINUTE_MS;

/** Callers validate 1..60 min; this only guards against bad values slipping through. */
export function clampIntervalMs(ms: number, fallback: number = DEFAULT_INTERVAL_MS): number {
  if (!Number.isFinite(ms)) return fallback;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms)));
}

/**
 * Exponential backoff for the `failures`-th consecutive transient failure (1-based):
 * 30 s, 60 s, 120 s, ... capped at 30 min, each spread by ±20 % and never above the cap.
 */
export function transientBackoffMs(failures: number, random: Random): number {
  return backoffDelayMs(Math.floor(failures) - 1, POLL_BACKOFF, random);
}

/**
 * Delay from `now` before retrying after `error`, the `failures`-th failure in a row. A rate limit
 * that fixed its end (`retryAt`) is waited until exactly then (at most a day), so the next poll falls
 * on the time the tray and the window show.
 */
export function retryDelayMs(error: unknown, failures: number, random: Random, now?: number): number {
  if (!isTransient(error)) return NEEDS_USER_RETRY_MS;
  const backoff = transientBackoffMs(failures, random);
  if (error instanceof RateLimitedError && error.retryAt !== null && now !== undefined && Number.isFinite(error.retryAt)) {
    return Math.max(backoff, Math.min(MAX_RETRY_AFTER_MS, Math.max(0, error.retryAt - now)));
  }
  if (error instanceof RateLimitedError && error.retryAfterMs !== null && Number.isFinite(error.retryAfterMs)) {
    const asked = Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(error.retryAfterMs)));
    return Math.max(backoff, asked);
  }
  return backoff;
}
