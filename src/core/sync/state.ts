// What history sync remembers between runs besides the history: the last package answer and how the
// last sync went. Shared by the app and the CLI (same data folder), so a status-bar CLI call can
// reuse a fresh sync instead of hitting the API again.
import { join } from 'node:path';
import { z } from 'zod';
import { PACKAGE_KEY_PATTERN, PROBLEM_KINDS, type PackageInfo, type Problem } from '../../shared/types.js';
import { asideClause, faultReason, loadJsonFile, writeJsonFile } from '../fs/json-file.js';

export const STATE_FILE = 'sync-state.json';

export interface SyncState {
  version: 1;
  package: PackageInfo | null;
  packageFetchedAt: number | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  problem: Problem | null;
}

export const initialSyncState: SyncState = {
  version: 1,
  package: null,
  packageFetchedAt: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  problem: null,
};

const ms = z.number().int().nonnegative();
// Typed against the shared PackageInfo and Problem, so a field added there and not here does not compile.
const packageSchema: z.ZodType<PackageInfo> = z.object({
  key: z.string().regex(PACKAGE_KEY_PATTERN),
  active: z.boolean(),
  limitBytes: ms,
  usedBytes: ms,
  leftBytes: ms,
  expiresAt: z.number().int().nullable(),
  autoRenew: z.boolean().nullable(),
  rotationSeconds: z.number().nullable(),
  tariffId: z.string().nullable(),
});
const problemSchema: z.ZodType<Problem> = z.object({
  kind: z.enum(PROBLEM_KINDS),
  message: z.string(),
  action: z.string(),
  detail: z.string().optional(),
  ip: z.string().optional(),
  retryAfterMs: z.number().optional(),
  retryAt: ms.optional(),
  needsAction: z.boolean(),
});
const stateSchema = z.object({
  version: z.literal(1),
  package: packageSchema.nullable(),
  packageFetchedAt: ms.nullable(),
  lastSuccessAt: ms.nullable(),
  lastAttemptAt: ms.nullable(),
  problem: problemSchema.nullable(),
});

export interface SyncStateLoad {
  state: SyncState;
  problem: string | null;
}

/**
 * The state on disk, or the initial state: an unusable file is moved aside and reported (fs/json-file),
 * never thrown, so a damaged state file never keeps the app or the CLI from starting.
 */
export async function loadSyncState(dataDir: string, now: number): Promise<SyncStateLoad> {
  const loaded = await loadJsonFile(join(dataDir, STATE_FILE), {
    decode: stateSchema,
    fallback: () => initialSyncState,
    clock: () => now,
    describe: (fault, aside, path) => `The sync state file was unreadable (${faultReason(fault)}); ${asideClause(aside, path)} and the app starts fresh.`,
  });
  return { state: loaded.value, problem: loaded.problem };
}

export async function saveSyncState(dataDir: string, state: SyncState): Promise<void> {
  await writeJsonFile(join(dataDir, STATE_FILE), state);
}
