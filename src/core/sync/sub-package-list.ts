// The account's sub-user packages (residentsubuser/packages), read at most every 15 minutes (as the
// main package is) and kept in `sub-packages.json` of the account's folder, so a start, the CLI and
// the app all have the list at once. An account that is no reseller answers with none, or with
// not-found: both are "no sub-packages", never a problem. A failed read keeps the last list.
import { join } from 'node:path';
import { z } from 'zod';
import type { ApiClient, SubPackageInfo } from '../api/client.js';
import { NOT_FOUND_RE } from '../api/envelope.js';
import { ApiError, NoPackageError } from '../api/errors.js';
import { asideClause, faultReason, loadJsonFile, writeJsonFile } from '../fs/json-file.js';
import type { Clock } from '../ports.js';
import { packageFields } from './state.js';
import { PACKAGE_MAX_AGE_MS } from './history-sync.js';

export const SUB_PACKAGES_FILE = 'sub-packages.json';
/** More than any reseller shows in one place: a longer list is cut there. */
export const MAX_SUB_PACKAGES = 200;

export interface SubPackageListState {
  /** When the list was last read (null: never). */
  fetchedAt: number | null;
  packages: SubPackageInfo[];
}

const ms = z.number().int().nonnegative();
// Typed against SubPackageInfo, so a field added there and not here does not compile.
const itemSchema: z.ZodType<SubPackageInfo, unknown> = z.object({ ...packageFields, apiName: z.string().max(80).nullable() });
const fileSchema = z.object({ version: z.literal(1), fetchedAt: ms.nullable(), packages: z.array(itemSchema).max(MAX_SUB_PACKAGES) });

const EMPTY: SubPackageListState = { fetchedAt: null, packages: [] };

export interface SubPackageList {
  /** Reads the file; returns what was wrong with it (moved aside). */
  init(): Promise<string | null>;
  /** Reads the list again when it is older than 15 minutes (or `force`); true when it was read now. */
  refresh(api: ApiClient, options: { force?: boolean; signal?: AbortSignal }): Promise<boolean>;
  state(): SubPackageListState;
  /**
   * One sub-package's figures from the list; NoPackageError when the list no longer holds it. A
   * list that could not be read again for longer than twice its interval throws that failure, so
   * the sub-package's figures show stale with the reason instead of old figures as fresh.
   */
  info(packageKey: string): SubPackageInfo;
}

/** "No sub-packages": an empty list, or an answer that the account has none (not-found, no tariff). */
function meansNone(e: unknown): boolean {
  if (e instanceof NoPackageError) return true;
  return e instanceof ApiError && e.errors.length > 0 && e.errors.every((item) => NOT_FOUND_RE.test(item.message));
}

export function createSubPackageList(options: { dataDir: string; clock: Clock }): SubPackageList {
  const path = join(options.dataDir, SUB_PACKAGES_FILE);
  let state: SubPackageListState = EMPTY;
  /** Why the last read failed (null: it did not, or none was made by this process). */
  let lastError: unknown = null;

  async function record(next: SubPackageListState): Promise<void> {
    state = next;
    await writeJsonFile(path, { version: 1, ...next });
  }

  return {
    async init() {
      const loaded = await loadJsonFile(path, {
        decode: fileSchema,
        fallback: () => ({ version: 1 as const, ...EMPTY }),
        clock: options.clock,
        describe: (fault, aside, p) => `The list of sub-user packages was unreadable (${faultReason(fault)}); ${asideClause(aside, p)} and it is read again from Proxy-Seller.`,
      });
      state = { fetchedAt: loaded.value.fetchedAt, packages: loaded.value.packages };
      return loaded.problem;
    },

    async refresh(api, o) {
      const now = options.clock();
      // A list dated ahead of the clock (set back since) has no known age: read it again.
      const age = state.fetchedAt === null ? Infinity : now - state.fetchedAt;
      if (!(o.force === true || age < 0 || age >= PACKAGE_MAX_AGE_MS)) return false;
      let packages: SubPackageInfo[];
      try {
        packages = await api.getSubPackages(o.signal);
      } catch (e) {
        if (!meansNone(e)) {
          lastError = e;
          throw e;
        }
        packages = [];
      }
      lastError = null;
      await record({ fetchedAt: now, packages: packages.slice(0, MAX_SUB_PACKAGES) });
      return true;
    },

    state: () => state,

    info(packageKey) {
      const age = state.fetchedAt === null ? Infinity : options.clock() - state.fetchedAt;
      if (lastError !== null && !(age >= 0 && age <= 2 * PACKAGE_MAX_AGE_MS)) throw lastError;
      const found = state.packages.find((p) => p.key === packageKey);
      if (!found) throw new NoPackageError('This sub-user package is no longer in the account (Proxy-Seller does not list it any more).');
      return found;
    },
  };
}
