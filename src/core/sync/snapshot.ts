// One picture of the state for the tray, the window, the notifications and the CLI, so they never disagree.
import type { Problem, Snapshot } from '../../shared/types.js';
import type { History } from '../history/model.js';
import { dayTotal, forecast, monthToDate } from '../history/queries.js';
import type { SyncState } from './state.js';
import { initialAccountState, type AccountState } from './account-state.js';
import { moneyFacts } from './money-facts.js';
import { titlesFrom } from '../../shared/titles.js';
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
  /** List titles and money (account-sync.ts); none known by default. */
  account?: AccountState;
}

/**
 * A success at most `maxAgeMs` old. One dated ahead of `now` (the clock was set back since, or another
 * process with a fast clock wrote it) is never fresh: its real age is unknown.
 */
export function isFresh(lastSuccessAt: number | null, now: number, maxAgeMs: number): boolean {
  return lastSuccessAt !== null && lastSuccessAt <= now && now - lastSuccessAt <= maxAgeMs;
}

/** The first moment a success is no longer fresh (isFresh holds through lastSuccessAt + maxAgeMs). */
export function freshUntil(lastSuccessAt: number, maxAgeMs: number): number {
  return lastSuccessAt + maxAgeMs + 1;
}

/** How long the figures count as current with polls every `intervalMs`: one poll may be missed before they are stale. */
export function figuresFreshMs(intervalMs: number): number {
  return 2 * intervalMs;
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { history, state, now, localTimeZone: zone } = input;
  const today = localDateOf(now, zone);
  const problem = input.problem !== undefined ? input.problem : state.problem;
  const fresh = isFresh(state.lastSuccessAt, now, figuresFreshMs(input.intervalMs));
  const account = input.account ?? initialAccountState;
  const month = monthToDate(history, now, zone);
  const fc = forecast(history, state.package, now, zone);
  return {
    generatedAt: now,
    localTimeZone: zone,
    apiTimeZone: input.apiTimeZone,
    today: dayTotal(history, today, zone),
    yesterday: dayTotal(history, addDays(today, -1), zone),
    monthToDate: month,
    package: state.package,
    forecast: fc,
    lastSuccessAt: state.lastSuccessAt,
    lastAttemptAt: state.lastAttemptAt,
    stale: !fresh || problem !== null,
    problem,
    syncing: input.syncing,
    titles: titlesFrom(account.lists?.value ?? []),
    money: moneyFacts({ account, pkg: state.package, forecast: fc, monthToDateBytes: month.totalBytes, now, zone }),
  };
}
