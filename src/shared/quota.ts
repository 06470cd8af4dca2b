// Where the package stands, as one word for every surface (tray, window, notifications, CLI): a
// state of its own beside freshness (stale, offline, error), so a package at 0 B left never looks
// like a normal day. Pure.
import type { PackageInfo } from './types.js';

/** ok; low (below the user's thresholds); used up; expired; inactive (the API says so). */
export type QuotaState = 'ok' | 'low' | 'used-up' | 'expired' | 'inactive';

export const QUOTA_STATES: readonly QuotaState[] = ['ok', 'low', 'used-up', 'expired', 'inactive'];

/** The user's "traffic left" thresholds (null = off), as the alert settings hold them. */
export interface LowThresholds {
  leftBelowPercent: number | null;
  leftBelowBytes: number | null;
}

/** Share of the limit still left, 0..100 (0 for a package without a limit). */
export function percentLeft(pkg: PackageInfo): number {
  if (pkg.limitBytes <= 0) return 0;
  return Math.min(100, Math.max(0, (Math.max(0, pkg.leftBytes) / pkg.limitBytes) * 100));
}

/** Below either threshold the user keeps on; a package without a limit has no share to compare. */
/**
 * A share as every surface shows it, to `step` (1 for the tray, 0.1 for the window and the
 * notifications): rounded down, so a share below a threshold never reads as at it ("24.9", not
 * "25.0", under 25 %), and never 0 while something is left nor 100 while anything is used.
 */
export function shownPercent(p: number, step: 1 | 0.1): number {
  if (!(p > 0)) return 0;
  if (p >= 100) return 100;
  const scale = step === 1 ? 1 : 10;
  const down = Math.floor(p * scale + 1e-9) / scale;
  return Math.min(100 - step, Math.max(step, down));
}

/** What is left as "24.9" (step 0.1) or "24" (step 1), per shownPercent. */
export function percentLeftText(pkg: PackageInfo, step: 1 | 0.1): string {
  const shown = pkg.leftBytes <= 0 ? 0 : shownPercent(percentLeft(pkg), step);
  return step === 1 || shown === 0 || shown === 100 ? String(shown) : shown.toFixed(1);
}

export function isLow(pkg: PackageInfo, t: LowThresholds): boolean {
  if (t.leftBelowBytes !== null && pkg.leftBytes < t.leftBelowBytes) return true;
  return t.leftBelowPercent !== null && pkg.limitBytes > 0 && percentLeft(pkg) < t.leftBelowPercent;
}

/**
 * Expired first (whatever is left cannot be used, whatever `is_active` says), then inactive, then
 * used up, then low. Null without a package.
 */
export function quotaState(pkg: PackageInfo | null, now: number, thresholds: LowThresholds): QuotaState | null {
  if (pkg === null) return null;
  if (pkg.expiresAt !== null && pkg.expiresAt <= now) return 'expired';
  if (!pkg.active) return 'inactive';
  if (pkg.leftBytes <= 0) return 'used-up';
  return isLow(pkg, thresholds) ? 'low' : 'ok';
}

/** Nothing can be used until the user acts (tops up, renews, reactivates). */
export function isCritical(state: QuotaState | null): boolean {
  return state === 'used-up' || state === 'expired' || state === 'inactive';
}

/** How bad each state is, for the worst of several packages (the tray's total). */
const SEVERITY: Readonly<Record<QuotaState, number>> = { ok: 0, low: 1, inactive: 2, 'used-up': 3, expired: 4 };

/** The worst of several packages' states (null when none has a package). */
export function worstQuotaState(states: ReadonlyArray<QuotaState | null>): QuotaState | null {
  let worst: QuotaState | null = null;
  for (const s of states) if (s !== null && (worst === null || SEVERITY[s] > SEVERITY[worst])) worst = s;
  return worst;
}
