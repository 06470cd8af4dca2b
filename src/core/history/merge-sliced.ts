// Merging a long answer into the history a few logins at a time, with a turn for other work in
// between, so the main process never holds still for the whole answer.
import type { HourSample } from '../../shared/types.js';
import type { YieldNow } from '../ports.js';
import { mergeSamples, type History } from './model.js';

/** Samples merged between two turns (about 5 ms of merging). */
export const MERGE_SLICE = 20_000;

/**
 * The same as mergeSamples(h, samples): it merges each login on its own (two samples of one login
 * and hour are summed within one call), so merging login by login gives the same history.
 */
export async function mergeSamplesInSlices(h: History, samples: readonly HourSample[], yieldNow: YieldNow, slice = MERGE_SLICE): Promise<number> {
  if (samples.length <= slice) return mergeSamples(h, samples);
  const byLogin = new Map<string, HourSample[]>();
  for (const s of samples) {
    const list = byLogin.get(s.login);
    if (list === undefined) byLogin.set(s.login, [s]);
    else list.push(s);
  }
  let changed = 0;
  let batch: HourSample[] = [];
  for (const list of byLogin.values()) {
    // A login's hours always go in one call; one login with more than a slice is one long call.
    batch = batch.length === 0 ? list : batch.concat(list);
    if (batch.length >= slice) {
      changed += mergeSamples(h, batch);
      batch = [];
      await yieldNow();
    }
  }
  if (batch.length > 0) changed += mergeSamples(h, batch);
  return changed;
}
