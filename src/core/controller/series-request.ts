// The window's request for a chart: the range is checked, days the history lacks are fetched
// (older than the backfill too; future days hold nothing), then the series is built from history.
import type { SeriesRequest, SeriesResponse } from '../../shared/ipc.js';
import type { Problem } from '../../shared/types.js';
import { toProblem } from '../api/errors.js';
import { RETENTION_DAYS } from '../history/store.js';
import type { HistorySync } from '../sync/history-sync.js';
import { datesBetween, localDateOf, parseLocalDate } from '../../shared/local-dates.js';
import { buildSeries, chooseGranularity } from './series.js';

/** Longest range the window may ask for at once: what the history keeps. */
export const MAX_SERIES_DAYS = RETENTION_DAYS;

export async function answerSeries(
  request: SeriesRequest,
  deps: { sync: HistorySync; now: number; zone: string; fill: (work: Promise<void>) => Promise<void>; signal: AbortSignal },
): Promise<SeriesResponse> {
  const { sync, zone } = deps;
  const from = parseLocalDate(request.from);
  const to = parseLocalDate(request.to);
  if (to < from) throw new RangeError(`the range ends (${to}) before it starts (${from})`);
  if (datesBetween(from, to).length > MAX_SERIES_DAYS) throw new RangeError(`ranges are limited to ${MAX_SERIES_DAYS} days`);
  const today = localDateOf(deps.now, zone);
  let problem: Problem | null = null;
  if (from <= today) {
    try {
      await deps.fill(sync.ensureDays(from, to < today ? to : today, deps.signal));
    } catch (error) {
      problem = toProblem(error);
    }
  }
  return buildSeries({
    history: sync.history(),
    from,
    to,
    zone,
    ...(request.login ? { login: request.login } : {}),
    granularity: chooseGranularity(from, to, request.granularity),
    stale: problem !== null,
    problem,
  });
}
