// One picture of the state for the tray, the window, the notifications and the CLI, so they never disagree.
import type { Problem, Snapshot } from '../../shared/types.js';
import type { History } from '../history/model.js';
import { dayTotal, forecast, monthToDate } from '../history/queries.js';
import type { SyncState } from './state.js';
import { addDays, localDateOf } from '../../shared/local-dates.js';

export interface SnapshotInput {
  history: History;
  state: SyncState;
  now: number;
  localTimeZone: string;
  apiTimeZone: string;
  intervalMs: number;
  syncing: boolean;
  /** A problem found before any request (no key, keychain), overriding the stored one. */
  problem?: Problem | null;
}

/**
 * A success at most `maxAgeMs` old. One dated ahead of `now` (the clock was set back since, or another
 * process with a fast clock wrote it) is never fresh: its real age is unknown.
 */
export function isFresh(lastSuccessAt: number | null, now: number, maxAgeMs: number): boolean {
  return lastSuccessAt !== null && lastSuccessAt <= now && now - lastSuccessAt <= maxAgeMs;
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { history, state, now, localTimeZone: zone } = input;
  const today = localDateOf(now, zone);
  const problem = input.problem !== undefined ? input.problem : state.problem;
  const fresh = isFresh(state.lastSuccessAt, now, 2 * input.intervalMs);
  return {
    generatedAt: now,
    localTimeZone: zone,
    apiTimeZone: input.apiTimeZone,
    today: dayTotal(history, today, zone),
    yesterday: dayTotal(history, addDays(today, -1), zone),
    monthToDate: monthToDate(history, now, zone),
    package: state.package,
    forecast: forecast(history, state.package, now, zone),
    lastSuccessAt: state.lastSuccessAt,
    lastAttemptAt: state.lastAttemptAt,
    stale: !fresh || problem !== null,
    problem,
    syncing: input.syncing,
  };
}
