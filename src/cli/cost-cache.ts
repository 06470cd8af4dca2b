// `cost` answers kept per range in the data folder (cost-cache.json), so the command reads
// resident/consumption at most every 15 minutes per range whatever calls it (a script, a bar); an
// answer older than that is still shown, marked stale, when the API cannot be asked. Only the few
// most recent ranges are kept.
import { join } from 'node:path';
import { z } from 'zod';
import type { Consumption } from '../core/api/parse-consumption.js';
import { asideClause, faultReason, loadJsonFile, writeJsonFile } from '../core/fs/json-file.js';
import { moneySchema } from '../core/sync/account-state.js';
import { MINUTE_MS } from '../shared/time-constants.js';
import { PACKAGE_KEY_PATTERN } from '../shared/types.js';

export const COST_CACHE_FILE = 'cost-cache.json';
export const COST_MAX_AGE_MS = 15 * MINUTE_MS;
const KEPT = 16;

/** A range as asked: both dates (YYYY-MM-DD, the API's days) or neither (the package's whole period). */
export type CostRange = { from: string; to: string } | { from: null; to: null };

export interface CostEntry {
  from: string | null;
  to: string | null;
  /** When the API answered. */
  at: number;
  consumption: Consumption;
}

const count = z.number().int().nonnegative();
const date = z.string().regex(/^\d{4}-\d\d-\d\d$/).nullable();
const entrySchema: z.ZodType<CostEntry> = z.object({
  from: date,
  to: date,
  at: count,
  consumption: z.object({
    packageKey: z.string().regex(PACKAGE_KEY_PATTERN).nullable(),
    usedBytes: count,
    pricePerGb: moneySchema.nullable(),
    spent: moneySchema.nullable(),
    bought: moneySchema.nullable(),
    boughtBytes: count.nullable(),
    lists: z.array(z.object({ login: z.string().min(1).max(200), bytes: count, cost: moneySchema.nullable() })).max(100_000),
  }),
});
const fileSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema).max(KEPT) });

export interface CostCache {
  /** The held answer for the range, however old; null when none. */
  held(range: CostRange): CostEntry | null;
  /** Held and younger than 15 minutes (not dated ahead of the clock: it was set back since). */
  fresh(range: CostRange, now: number): CostEntry | null;
  /** Keeps the answer (the most recent ranges only) and writes the file. */
  put(entry: CostEntry): Promise<void>;
}

const same = (e: CostEntry, r: { from: string | null; to: string | null }) => e.from === r.from && e.to === r.to;

/** Reads the file; an unusable one is moved aside and its problem returned, never thrown. */
export async function openCostCache(dataDir: string, now: number): Promise<{ cache: CostCache; problem: string | null }> {
  const path = join(dataDir, COST_CACHE_FILE);
  const loaded = await loadJsonFile(path, {
    decode: fileSchema,
    fallback: () => ({ version: 1 as const, entries: [] }),
    clock: () => now,
    describe: (fault, aside, p) => `The saved cost figures were unreadable (${faultReason(fault)}); ${asideClause(aside, p)} and they are read again.`,
  });
  let entries: CostEntry[] = loaded.value.entries;
  const cache: CostCache = {
    held: (range) => entries.find((e) => same(e, range)) ?? null,
    fresh(range, at) {
      const e = cache.held(range);
      return e !== null && e.at <= at && at - e.at < COST_MAX_AGE_MS ? e : null;
    },
    async put(entry) {
      entries = [entry, ...entries.filter((e) => !same(e, entry))].slice(0, KEPT);
      await writeJsonFile(path, { version: 1, entries });
    },
  };
  return { cache, problem: loaded.problem };
}
