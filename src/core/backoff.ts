// Exponential backoff with jitter: one formula for the client's in-request retries (api/retry.ts)
// and the scheduler's polls after a failure (scheduler/backoff.ts); each names its own policy.
import type { Random } from './ports.js';

export interface BackoffPolicy {
  /** The first wait, before jitter. */
  baseMs: number;
  /** No wait is longer, jitter included. */
  capMs: number;
  /** Spread each side as a share of the wait (0.2 = ±20 %), so clients that failed together do not retry together. */
  jitter: number;
}

/**
 * The wait before retry number `retryIndex` (0 = the first): baseMs · 2^retryIndex, capped, spread by
 * ±jitter and never above the cap. A random source that strays outside [0, 1) is clamped to it.
 */
export function backoffDelayMs(retryIndex: number, policy: BackoffPolicy, random: Random): number {
  const exponent = Math.min(30, Math.max(0, Math.floor(retryIndex)));
  const raw = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  const spread = 1 + policy.jitter * (2 * r - 1);
  return Math.round(Math.min(policy.capMs, raw * spread));
}
