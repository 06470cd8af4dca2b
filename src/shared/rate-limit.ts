// A rate limit long enough to tell the user about: when Proxy-Seller asks for more than an hour's
// pause, the tray, the window and a notification name the clock time polling resumes. Shorter
// ones pass quietly. One wording here, so they all say the same thing.
import { localDateOf, localTimeOf } from './local-dates.js';
import { HOUR_MS } from './time-constants.js';
import type { Problem } from './types.js';

export const LONG_RATE_LIMIT_MS = HOUR_MS;

/**
 * When a recorded rate limit ends, as far as `now` can tell; null when none holds. Never later than
 * its own wait from now: a clock set back since it was recorded (or one that ran fast then) would
 * otherwise stretch a 2-hour wait into days.
 */
export function rateLimitEnd(problem: Problem | null, now: number): number | null {
  if (problem?.kind !== 'rate-limited' || problem.retryAt === undefined) return null;
  const end = problem.retryAfterMs === undefined ? problem.retryAt : Math.min(problem.retryAt, now + problem.retryAfterMs);
  return end > now ? end : null;
}

/** When polling resumes after a long rate limit still under way at `now`; null for anything else. */
export function longRateLimitUntil(problem: Problem | null, now: number): number | null {
  if (problem?.retryAfterMs === undefined || !(problem.retryAfterMs > LONG_RATE_LIMIT_MS)) return null;
  return rateLimitEnd(problem, now);
}

/** "Rate limited until 14:41" in `zone`; with the date when that is not today ("… until 2026-11-21 09:05"). */
export function rateLimitedUntilText(at: number, now: number, zone: string): string {
  const date = localDateOf(at, zone);
  const time = localTimeOf(at, zone);
  return `Rate limited until ${date === localDateOf(now, zone) ? time : `${date} ${time}`}`;
}
