// What a read-only `today` tells the launcher's result cache (result-cache.ts): how to render its
// output again from what it holds in memory, and until when that output can stand for a new run as
// long as no file it read has changed. Time alone moves the figures at known moments (the bars'
// clock texts each minute, the poll falling due, the snapshot turning stale, the package expiring);
// the cache renders again at the window's end before it trusts it, for what moves in between.
import { freshUntil } from '../core/sync/snapshot.js';
import { MINUTE_MS } from '../shared/time-constants.js';

export interface ResultOffer {
  /** The first moment (ms) at which the output may differ although no file did. */
  validUntil: number;
  /** The command run again from memory (no file, key or network), writing to `out`; its exit code. */
  render: (out: { stdout: (text: string) => void; stderr: (text: string) => void }) => Promise<number>;
}

export interface ValidityInput {
  now: number;
  /** The sync's last success: fresh for maxAgeMs (isFresh), then a run polls. */
  lastSuccessAt: number;
  maxAgeMs: number;
  /** The snapshot's own freshness (figuresFreshMs): past it the figures are marked stale. */
  staleAfterMs: number;
  expiresAt: number | null;
}

export function resultValidUntil(v: ValidityInput): number {
  const nextMinute = (Math.floor(v.now / MINUTE_MS) + 1) * MINUTE_MS;
  const ends = [nextMinute, freshUntil(v.lastSuccessAt, v.maxAgeMs), freshUntil(v.lastSuccessAt, v.staleAfterMs)];
  if (v.expiresAt !== null && v.expiresAt > v.now) ends.push(v.expiresAt);
  return Math.min(...ends);
}
