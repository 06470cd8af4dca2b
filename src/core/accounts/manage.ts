// Adding, removing and choosing accounts, for the CLI and the app alike: the registry file
// (registry.ts) and each account's keychain entry change together, so a failure in either leaves
// neither half-done. A key is checked with the API before it is stored (when a check is given).
import type { AccountSummary } from '../../shared/accounts.js';
import { errorMessage } from '../../shared/error-message.js';
import { KeychainUnavailableError } from '../api/errors.js';
import type { SecretStore } from '../secrets/keychain.js';
import { validateApiKey } from '../secrets/keychain.js';
import { findAccount, loadAccounts, MAX_ACCOUNTS, newAccount, updateAccounts, withAccount, withDefault, withoutAccount, type AccountRecord, type AccountsFile } from './registry.js';
import { accountDataDir, entryFor, FIRST_ACCOUNT_ID } from './registry.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ALERTS_FILE } from '../alerts/store.js';
import { ACCOUNT_FILE } from '../sync/account-state.js';
import { STATE_FILE } from '../sync/state.js';
import { SUB_PACKAGES_FILE } from '../sync/sub-package-list.js';

export interface AccountsDeps {
  dataDir: string;
  clock: () => number;
  /** The keychain entry of one account. */
  secretsFor: (entry: string) => SecretStore;
}

export class AccountError extends Error {
  override name = 'AccountError';
  /** The field of an "add" the refusal is about, when it is one (the form marks it); none for the account limit. */
  readonly field: 'name' | 'key' | undefined;
  constructor(message: string, field?: 'name' | 'key') {
    super(message);
    this.field = field;
  }
}

/** The accounts file, migrating the single-key setup on first use (its problem, if any, logged by the caller). */
export function readAccounts(deps: AccountsDeps): ReturnType<typeof loadAccounts> {
  return loadAccounts({ dataDir: deps.dataDir, clock: deps.clock, firstEntryHasKey: async () => (await deps.secretsFor(entryFor(FIRST_ACCOUNT_ID)).get()) !== null });
}

function named(file: AccountsFile, name: string): AccountRecord {
  const found = findAccount(file, name);
  if (!found) {
    const known = file.accounts.map((a) => a.name).join(', ');
    throw new AccountError(`There is no account named "${name}".${known ? ` Accounts: ${known}.` : ' No account has been added yet.'}`);
  }
  return found;
}

/** The account `name` names, or the default one when none is given; AccountError when there is no such account. */
export function pickAccount(file: AccountsFile, name: string | undefined): AccountRecord {
  if (name !== undefined) return named(file, name);
  const d = file.accounts.find((a) => a.id === file.defaultId) ?? file.accounts[0];
  if (!d) throw new AccountError('No account has been added yet: add one with `accounts add NAME` (the key is read from stdin).');
  return d;
}

export interface AddOptions {
  /** Asks the API with the key (it throws the API's error): the key is stored only if it resolves. */
  check?: (apiKey: string) => Promise<unknown>;
}

/**
 * Adds an account: the name and key checked first (a taken name, a key already stored for another
 * account, a key the API refuses are all refused before anything is written), then the key stored
 * in the account's own keychain entry, then the account written to the file.
 */
export async function addAccount(deps: AccountsDeps, rawName: string, rawKey: string, options: AddOptions = {}): Promise<AccountRecord> {
  let apiKey: string;
  try {
    apiKey = validateApiKey(rawKey);
  } catch (e) {
    throw new AccountError(errorMessage(e), 'key');
  }
  const { file } = await readAccounts(deps);
  try {
    newAccount(file, rawName);
  } catch (e) {
    // The name's rule or a name taken; at the account limit, neither field is wrong.
    throw new AccountError(errorMessage(e), file.accounts.length >= MAX_ACCOUNTS ? undefined : 'name');
  }
  await assertKeyNew(deps, file, apiKey);
  if (options.check) await options.check(apiKey);
  // The record is made, its key stored and the file written under the lock: another process adding
  // at the same time gets another id (and keychain entry), or the name refused if it took it first.
  const held: { record?: AccountRecord; secrets?: SecretStore } = {};
  try {
    const next = await updateAccountsFor(deps, async (f) => {
      // Again under the lock: another process may have stored the key meanwhile.
      await assertKeyNew(deps, f, apiKey);
      const record = newAccount(f, rawName);
      held.secrets = deps.secretsFor(record.entry);
      await held.secrets.set(apiKey);
      held.record = record;
      return withAccount(f, record);
    });
    const added = next.accounts.find((a) => a.id === held.record?.id);
    if (!added) throw new Error('unreachable: the account added is not in the file');
    return added;
  } catch (e) {
    // Not added after all: its key must not stay behind in the keychain.
    if (held.record) await held.secrets?.delete().catch(() => false);
    throw e instanceof RangeError ? new AccountError(e.message) : e;
  }
}

/** One key, one account: the same key under two names would count its package twice and share its limit unknowingly. */
export async function assertKeyNew(deps: AccountsDeps, file: AccountsFile, apiKey: string, except?: string): Promise<void> {
  for (const other of file.accounts) {
    if (other.id === except) continue;
    if ((await deps.secretsFor(other.entry).get().catch(() => null)) === apiKey) throw new AccountError(`This key is already stored for the account "${other.name}".`, 'key');
  }
}

function updateAccountsFor(deps: AccountsDeps, change: (file: AccountsFile) => AccountsFile | Promise<AccountsFile>): Promise<AccountsFile> {
  return updateAccounts({ dataDir: deps.dataDir, clock: deps.clock }, change);
}

/** What an account keeps besides its history: read again from Proxy-Seller by an account added later. */
const STATE_FILES = [STATE_FILE, ALERTS_FILE, ACCOUNT_FILE, SUB_PACKAGES_FILE];

/**
 * Removes the account from the file, then its key from the keychain (a key left behind by a failed
 * removal is harmless; an account left without its key would not be), then its state files, so
 * nothing of it shows up again for another account. Its history stays on disk.
 */
export async function removeAccount(deps: AccountsDeps, name: string): Promise<AccountRecord> {
  const { file } = await readAccounts(deps);
  const record = named(file, name);
  await updateAccountsFor(deps, (f) => withoutAccount(f, record.id));
  try {
    await deps.secretsFor(record.entry).delete();
  } catch (e) {
    if (e instanceof KeychainUnavailableError) throw new AccountError(`The account was removed, but its key could not be deleted from the keychain: ${e.message}`);
    throw e;
  }
  const dir = accountDataDir(deps.dataDir, record.id);
  await Promise.all(STATE_FILES.map((f) => rm(join(dir, f), { force: true })));
  return record;
}

export async function setDefaultAccount(deps: AccountsDeps, name: string): Promise<AccountRecord> {
  const { file } = await readAccounts(deps);
  const record = named(file, name);
  await updateAccountsFor(deps, (f) => withDefault(f, record.id));
  return record;
}

/** Every account with the last four characters of its key (null when it has none or the keychain cannot tell). */
export async function summarizeAccounts(deps: AccountsDeps, file: AccountsFile): Promise<AccountSummary[]> {
  return Promise.all(
    file.accounts.map(async (a) => {
      const status = await deps
        .secretsFor(a.entry)
        .status()
        .catch(() => ({ stored: false, last4: null }));
      return { id: a.id, name: a.name, default: a.id === file.defaultId, keyLast4: status.last4 };
    }),
  );
}
