// A sub-user package's history sync, as the app's account unit and the CLI both make it: its own
// folder inside its account's (`sub-packages/<key>/`: sync state, alert state, history), its package
// figures taken from the account's list of sub-packages (sub-package-list.ts) rather than asked
// for, its traffic through the account's key (and so the account's request limiter).
import { join } from 'node:path';
import type { Logger } from '../ports.js';
import type { ProblemKind } from '../../shared/types.js';
import { createHistorySync, type HistorySync, type HistorySyncOptions } from './history-sync.js';
import type { SubPackageList } from './sub-package-list.js';

/** Where a sub-package keeps its sync state, alert state and history, inside its account's folder. */
export const SUB_PACKAGES_DIR = 'sub-packages';

export function subPackageDir(accountDir: string, packageKey: string): string {
  return join(accountDir, SUB_PACKAGES_DIR, packageKey);
}

export interface SubPackageSyncOptions extends Omit<HistorySyncOptions, 'dataDir' | 'readPackage' | 'account' | 'logger'> {
  /** The account's folder (registry.accountDataDir). */
  accountDir: string;
  packageKey: string;
  /** The account's list: the sub-package's figures come from it (NoPackageError once it is gone). */
  list: SubPackageList;
  logger?: Logger;
}

export function createSubPackageSync(o: SubPackageSyncOptions): HistorySync {
  const { accountDir, packageKey, list, ...rest } = o;
  return createHistorySync({ ...rest, dataDir: subPackageDir(accountDir, packageKey), readPackage: async () => list.info(packageKey) });
}

/**
 * Whether a main package's failure stops its sub-packages this time: the failures they would meet
 * too (the key, the IP, the network, the rate limit, the keychain). A main package gone
 * ("no-package"), or answered oddly, does not: its sub-packages answer on their own.
 */
export function stopsSubPackages(kind: ProblemKind): boolean {
  return !(kind === 'no-package' || kind === 'malformed' || kind === 'rejected');
}
