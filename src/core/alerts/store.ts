// Alert state on disk, so a restart does not repeat notifications already shown.
// An unusable file is moved aside (kept for inspection) and alerting starts afresh; load never throws
// (fs/json-file).
import { z } from 'zod';
import type { Clock } from '../ports.js';
import { asideClause, loadJsonFile, writeJsonFile, type Aside, type JsonFault } from '../fs/json-file.js';
import { ALERT_IDS, initialAlertState, type AlertId, type AlertState } from './rules.js';

const knownIds: ReadonlySet<string> = new Set(ALERT_IDS);

const activeSchema = z
  .record(z.string(), z.string())
  // Ids this version does not know (from a newer build, or retired like 'no-key') are dropped rather
  // than failing the file.
  .transform((r) => Object.fromEntries(Object.entries(r).filter(([k]) => knownIds.has(k))) as Partial<Record<AlertId, string>>);

const lastPackageSchema = z
  .object({
    key: z.string(),
    limitBytes: z.number().finite().nonnegative(),
    expiresAt: z.number().finite().nullable(),
    leftBytes: z.number().finite(),
  })
  .nullable();

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Version 2 added the per-list spike dates; a version 1 file (before spikes) loads with none. A
 * newer version (a build the user went back from) is read for what this one knows: starting afresh
 * would show again every notification already shown.
 */
const alertStateSchema = z
  .object({
    version: z.number().int().min(1),
    active: activeSchema,
    lastPackage: lastPackageSchema,
    spikes: z.record(z.string(), z.string().regex(DATE, 'expected YYYY-MM-DD')).optional(),
  })
  .transform((s): AlertState => ({ version: 2, active: s.active, lastPackage: s.lastPackage, spikes: s.spikes ?? {} }));

/** Where a package's alert state is kept, in its folder. */
export const ALERTS_FILE = 'alerts.json';

export interface AlertStore {
  load(): Promise<{ state: AlertState; problem: string | null }>;
  save(state: AlertState): Promise<void>;
}

function fresh(): AlertState {
  return { ...initialAlertState, active: {}, spikes: {} };
}

/** The alert store's words for an unusable file (fs/json-file decides what happens to it). */
function describe(fault: JsonFault, aside: Aside, file: string): string {
  const what =
    fault.kind === 'unreadable'
      ? `could not be read (${fault.detail})`
      : fault.kind === 'invalid'
        ? `was unreadable (${fault.detail})`
        : `was unreadable (not JSON: ${fault.kind === 'empty' ? 'the file is empty' : fault.detail})`;
  return `Alert state file ${file} ${what}; ${asideClause(aside, file)}. Alerts start afresh.`;
}

export function createAlertStore(opts: { file: string; clock: Clock }): AlertStore {
  const { file, clock } = opts;
  return {
    async load() {
      const loaded = await loadJsonFile(file, { decode: alertStateSchema, fallback: fresh, clock, describe });
      return { state: loaded.value, problem: loaded.problem };
    },
    async save(state) {
      await writeJsonFile(file, state);
    },
  };
}
