// The demo's package, sized to its own traffic so its figures agree on every screen: the period
// begins before the month the demo starts in (so the month to date never exceeds what the package
// counts), and the limit holds everything the period's traffic will use (so "used" never passes the
// limit and "left" is limit - used). Pure: the traffic is asked for through `plannedBytes`.
import { DAY_MS, HOUR_MS } from './calendar.js';

const GB = 1e9;
/** Never less than this much of the period still to come when the demo starts. */
const MIN_DAYS_AHEAD = 10;
/** A day more than any zone is ahead of or behind UTC: the local month starts after the period. */
const ZONE_MARGIN_MS = 14 * HOUR_MS;

export interface PlannedPackage {
  startsAt: number;
  expiresAt: number;
  limitBytes: number;
}

/**
 * `plannedBytes(from, to)`: the traffic the demo's world holds in [from, to), whether or not the
 * clock has got there (the traffic is a pure function of the hour).
 */
export function plannedPackage(now: number, plannedBytes: (fromMs: number, toMs: number) => number): PlannedPackage {
  // The first of the month in UTC, as seen half a day back: a user's local month has begun by then.
  const t = new Date(now - ZONE_MARGIN_MS);
  const monthStart = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1);
  const startsAt = monthStart - DAY_MS;
  // 30 days as packages are sold, longer when the demo starts late in the month (never nearly over).
  const end = Math.max(startsAt + 30 * DAY_MS, Math.ceil((now + MIN_DAYS_AHEAD * DAY_MS) / DAY_MS) * DAY_MS);
  const expiresAt = end - 1000; // 23:59:59, as the API writes expiry times
  // A margin over the period's traffic, in round tens of GB: it lasts, and some will expire unused.
  const limitBytes = Math.ceil((plannedBytes(startsAt, expiresAt) * 1.15) / (10 * GB)) * 10 * GB;
  return { startsAt, expiresAt, limitBytes: Math.max(limitBytes, 10 * GB) };
}
