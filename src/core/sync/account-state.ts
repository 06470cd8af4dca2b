// What the account's other answers said, kept between runs beside the sync state: list titles
// (resident/lists), the package's spend (resident/consumption), the balance and the renewal quote.
// Shared by the app and the CLI (same data folder). Each part remembers when it was last asked and
// when it last answered, so a failing part is not asked again on every poll and its last good
// value stays (marked by its age). List passwords are never read into it.
import { join } from 'node:path';
import { z } from 'zod';
import type { Money } from '../../shared/money.js';
import { PACKAGE_KEY_PATTERN, type PackageSpend } from '../../shared/types.js';
import type { RenewalQuote } from '../api/parse-money-answers.js';
import type { Consumption } from '../api/parse-consumption.js';
import { asideClause, faultReason, loadJsonFile, readJsonFile, writeJsonFile } from '../fs/json-file.js';

export const ACCOUNT_FILE = 'account.json';

/** One part: its value from the last good answer, when that was, and the last attempt's outcome. */
export interface Part<T> {
  value: T;
  /** The last good answer. */
  okAt: number;
}

export interface PartAttempt {
  at: number;
  /** What went wrong on that attempt (a problem's message), null when it answered. */
  problem: string | null;
  /** The package it was asked for (consumption: a renewed package's spend is asked for once at once). */
  forKey?: string;
}

export type PartName = 'lists' | 'consumption' | 'balance' | 'renewal';

/** The package's spend as kept: the consumption answer's money and totals (not its lists), with the package it named. */
export type HeldSpend = PackageSpend & { packageKey: string | null };

export function spendOf(c: Consumption): HeldSpend {
  return { packageKey: c.packageKey, pricePerGb: c.pricePerGb, spent: c.spent, bought: c.bought, boughtBytes: c.boughtBytes, usedBytes: c.usedBytes };
}

export interface AccountState {
  version: 1;
  /** [login, title] pairs (never an object keyed by login: a login may be "__proto__"). */
  lists: Part<Array<[string, string]>> | null;
  consumption: Part<HeldSpend> | null;
  balance: Part<Money | null> | null;
  renewal: Part<RenewalQuote> | null;
  attempts: Partial<Record<PartName, PartAttempt>>;
}

export const initialAccountState: AccountState = { version: 1, lists: null, consumption: null, balance: null, renewal: null, attempts: {} };

/** Logins as long as the file keeps (a longer one would make the whole file unreadable). */
export const MAX_SAVED_LOGIN = 200;

const ms = z.number().int().nonnegative();
/** A Money as it is stored (cents, ISO code or null); the CLI's cost cache stores amounts the same way. */
export const moneySchema: z.ZodType<Money> = z.object({ minor: z.number().int().refine(Number.isSafeInteger), currency: z.string().regex(/^[A-Z]{3}$/).nullable() });
const part = <T extends z.ZodType>(value: T) => z.object({ value, okAt: ms }).nullable();
const spendSchema: z.ZodType<HeldSpend> = z.object({
  packageKey: z.string().regex(PACKAGE_KEY_PATTERN).nullable(),
  pricePerGb: moneySchema.nullable(),
  spent: moneySchema.nullable(),
  bought: moneySchema.nullable(),
  boughtBytes: ms.nullable(),
  usedBytes: ms,
});
const quoteSchema: z.ZodType<RenewalQuote> = z.object({
  price: moneySchema.nullable(),
  endsAt: z.number().int().nullable(),
  days: z.number().int().positive().nullable(),
  warning: z.string().max(200).nullable(),
});
const attemptSchema = z.object({ at: ms, problem: z.string().max(500).nullable(), forKey: z.string().regex(PACKAGE_KEY_PATTERN).optional() });
const stateSchema: z.ZodType<AccountState> = z.object({
  version: z.literal(1),
  lists: part(z.array(z.tuple([z.string().min(1).max(MAX_SAVED_LOGIN), z.string().max(201)])).max(100_000)),
  consumption: part(spendSchema),
  balance: part(moneySchema.nullable()),
  renewal: part(quoteSchema),
  attempts: z.object({ lists: attemptSchema.optional(), consumption: attemptSchema.optional(), balance: attemptSchema.optional(), renewal: attemptSchema.optional() }),
}) as z.ZodType<AccountState>;

export interface AccountStateLoad {
  state: AccountState;
  problem: string | null;
}

/** The state on disk, or the initial one: an unusable file is moved aside and reported, never thrown. */
export async function loadAccountState(dataDir: string, now: number, options: { quiet?: boolean } = {}): Promise<AccountStateLoad> {
  const path = join(dataDir, ACCOUNT_FILE);
  if (options.quiet) {
    // A look at what another process wrote: an unusable file is simply not taken up (the next save replaces it).
    const read = await readJsonFile(path, stateSchema);
    return { state: read.kind === 'ok' ? read.value : { ...initialAccountState, attempts: {} }, problem: null };
  }
  const loaded = await loadJsonFile(path, {
    decode: stateSchema,
    fallback: () => ({ ...initialAccountState, attempts: {} }),
    clock: () => now,
    describe: (fault, aside, path) => `The saved list titles and money figures were unreadable (${faultReason(fault)}); ${asideClause(aside, path)} and they are read again.`,
  });
  return { state: loaded.value, problem: loaded.problem };
}

const PARTS: readonly PartName[] = ['lists', 'consumption', 'balance', 'renewal'];

/** Part by part, the one asked last (its value and its attempt); a part never asked keeps the other's. */
export function mergeAccountStates(mine: AccountState, theirs: AccountState): AccountState {
  const out: AccountState = { ...mine, attempts: { ...mine.attempts } };
  for (const part of PARTS) {
    const a = mine.attempts[part]?.at ?? -Infinity;
    const b = theirs.attempts[part]?.at ?? -Infinity;
    if (b <= a) continue;
    const attempt = theirs.attempts[part];
    if (attempt) out.attempts[part] = attempt;
    // Their attempt failed: the last good value is whichever answered last.
    const mineOk = mine[part]?.okAt ?? -Infinity;
    const theirsOk = theirs[part]?.okAt ?? -Infinity;
    if (theirsOk >= mineOk) (out as Record<PartName, unknown>)[part] = theirs[part];
  }
  return out;
}

export async function saveAccountState(dataDir: string, state: AccountState): Promise<void> {
  await writeJsonFile(join(dataDir, ACCOUNT_FILE), state);
}
