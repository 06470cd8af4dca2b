// Merging a long answer into the history a few logins at a time, with a turn for other work in
// between, so the main process never holds still for the whole answer.
import type { HourSample, LoginHours } from '../../shared/types.js';
import type { YieldNow } from '../ports.js';
import { mergeHours, type History } from './model.js';

/** Hours merged between two turns (about 5 ms of merging). */
export const MERGE_SLICE = 20_000;

/**
 * The same as mergeHours(h, hours): it merges each login on its own (two hours of one login and
 * start are summed within one call), so merging login by login gives the same history.
 */
export async function mergeHoursInSlices(h: History, hours: readonly LoginHours[], yieldNow: YieldNow, slice = MERGE_SLICE): Promise<number> {
  let changed = 0;
  let batch: LoginHours[] = [];
  let size = 0;
  for (const g of hours) {
    // A login's hours always go in one call; one login with more than a slice is one long call.
    batch.push(g);
    size += g.starts.length;
    if (size >= slice) {
      changed += mergeHours(h, batch);
      batch = [];
      size = 0;
      await yieldNow();
    }
  }
  if (batch.length > 0) changed += mergeHours(h, batch);
  return changed;
}

/** The same for rows (one object per hour), grouped by login first. */
export async function mergeSamplesInSlices(h: History, samples: readonly HourSample[], yieldNow: YieldNow, slice = MERGE_SLICE): Promise<number> {
  const byLogin = new Map<string, LoginHours>();
  for (const s of samples) {
    let g = byLogin.get(s.login);
    if (g === undefined) byLogin.set(s.login, (g = { login: s.login, starts: [], bytes: [] }));
    g.starts.push(s.start);
    g.bytes.push(s.bytes);
  }
  return mergeHoursInSlices(h, [...byLogin.values()], yieldNow, slice);
}
