// Alert state on disk, so a restart does not repeat notifications already shown.
// A damaged file is moved aside (kept for inspection) and alerting starts afresh; load never throws.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Clock } from '../ports.js';
import { moveAside, writeJsonAtomic } from '../fs/atomic.js';
import { ALERT_IDS, initialAlertState, type AlertId, type AlertState } from './rules.js';
import { errorMessage } from '../../shared/error-message.js';
import { describeFirstIssue } from '../../shared/zod-issues.js';

const knownIds: ReadonlySet<string> = new Set(ALERT_IDS);

const alertStateSchema = z.object({
  version: z.literal(1),
  // Ids this version does not know (from a newer build, or retired like 'no-key') are dropped rather
  // than failing the file.
  active: z
    .record(z.string(), z.string())
    .transform((r) => Object.fromEntries(Object.entries(r).filter(([k]) => knownIds.has(k))) as Partial<Record<AlertId, string>>),
  lastPackage: z
    .object({
      key: z.string(),
      limitBytes: z.number().finite().nonnegative(),
      expiresAt: z.number().finite().nullable(),
      leftBytes: z.number().finite(),
    })
    .nullable(),
});

export interface AlertStore {
  load(): Promise<{ state: AlertState; problem: string | null }>;
  save(state: AlertState): Promise<void>;
}

function fresh(): AlertState {
  return { ...initialAlertState, active: {} };
}

export function createAlertStore(opts: { file: string; clock: Clock }): AlertStore {
  const { file, clock } = opts;

  async function setAside(reason: string): Promise<{ state: AlertState; problem: string }> {
    let where: string;
    try {
      where = `moved to ${await moveAside(file, clock())}`;
    } catch (e) {
      where = `could not be moved aside (${errorMessage(e)})`;
    }
    return { state: fresh(), problem: `Alert state file ${file} was unreadable (${reason}); it ${where}. Alerts start afresh.` };
  }

  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: fresh(), problem: null };
        const msg = errorMessage(e);
        return { state: fresh(), problem: `Alert state file ${file} could not be read (${msg}). Alerts start afresh.` };
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        return setAside(`not JSON: ${errorMessage(e)}`);
      }
      const parsed = alertStateSchema.safeParse(json);
      if (!parsed.success) return setAside(describeFirstIssue(parsed.error, { root: '(root)' }));
      return { state: parsed.data, problem: null };
    },
    async save(state) {
      await writeJsonAtomic(file, state);
    },
  };
}
