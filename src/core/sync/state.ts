// What history sync remembers between runs besides the history: the last package answer and how the
// last sync went. Shared by the app and the CLI (same data folder), so a status-bar CLI call can
// reuse a fresh sync instead of hitting the API again.
import { join } from 'node:path';
import { z } from 'zod';
import { PACKAGE_KEY_PATTERN, PROBLEM_KINDS, type PackageInfo, type Problem } from '../../shared/types.js';
import type { EndDateMeaning } from '../time/local-days.js';
import { asideClause, faultReason, loadJsonFile, writeJsonFile, zodReason, type Decoded } from '../fs/json-file.js';

export const STATE_FILE = 'sync-state.json';

/**
 * What the API's `date_end` means (undocumented): learnt from answers. Until known, a request asks
 * one day more and trusts only the days before `date_end` (safe either way).
 */
export const END_DATE_MEANINGS = ['unknown', 'inclusive', 'exclusive'] as const satisfies readonly EndDateMeaning[];

/** The newest API date whose hours were fetched late enough after it ended to be final (for one package and key zone). */
export interface FinalThrough {
  packageKey: string;
  apiTimeZone: string;
  date: string;
}

export interface SyncState {
  version: 2;
  package: PackageInfo | null;
  packageFetchedAt: number | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  problem: Problem | null;
  endDate: EndDateMeaning;
  finalThrough: FinalThrough | null;
}

export const initialSyncState: SyncState = {
  version: 2,
  package: null,
  packageFetchedAt: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  problem: null,
  endDate: 'unknown',
  finalThrough: null,
};

const ms = z.number().int().nonnegative();
/** A stored PackageInfo's fields (sub-package-list.ts adds the API's name to them). */
export const packageFields = {
  key: z.string().regex(PACKAGE_KEY_PATTERN),
  active: z.boolean(),
  limitBytes: ms,
  usedBytes: ms,
  leftBytes: ms,
  // Absent in files written before sub-user packages were known.
  reservedBytes: ms.default(0),
  expiresAt: z.number().int().nullable(),
  autoRenew: z.boolean().nullable(),
  rotationSeconds: z.number().nullable(),
  tariffId: z.string().nullable(),
};
// Typed against the shared PackageInfo and Problem, so a field added there and not here does not compile.
const packageSchema: z.ZodType<PackageInfo, unknown> = z.object(packageFields);
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
const v1Fields = {
  package: packageSchema.nullable(),
  packageFetchedAt: ms.nullable(),
  lastSuccessAt: ms.nullable(),
  lastAttemptAt: ms.nullable(),
  problem: problemSchema.nullable(),
};
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const v2Schema = z.object({
  version: z.literal(2),
  ...v1Fields,
  endDate: z.enum(END_DATE_MEANINGS),
  finalThrough: z.object({ packageKey: z.string().min(1), apiTimeZone: z.string().min(1), date: dateSchema }).nullable(),
});
// A version 1 file (before the poll learnt the end date) still loads: nothing learnt yet.
const v1Schema = z.object({ version: z.literal(1), ...v1Fields }).transform((v1): SyncState => ({ ...v1, version: 2, endDate: 'unknown', finalThrough: null }));

/** By the file's version, so a refusal names the field at fault (a union would only say "no match"). */
function decodeState(raw: unknown): Decoded<SyncState> {
  const schema = typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === 1 ? v1Schema : v2Schema;
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: zodReason(parsed.error) };
}

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
    decode: decodeState,
    fallback: () => initialSyncState,
    clock: () => now,
    describe: (fault, aside, path) => `The sync state file was unreadable (${faultReason(fault)}); ${asideClause(aside, path)} and the app starts fresh.`,
  });
  return { state: loaded.value, problem: loaded.problem };
}

export async function saveSyncState(dataDir: string, state: SyncState): Promise<void> {
  await writeJsonFile(join(dataDir, STATE_FILE), state);
}
