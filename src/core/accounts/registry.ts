// The accounts the user added, in `accounts.json` of the data folder: each one's name, its keychain
// entry and its own folder for state and history. Never a key: keys live only in the keychain, one
// entry per account. The app and the CLI both change the file, so every change is read, made and
// written under a lock. The single-key setup of earlier versions becomes the first account ("Main")
// without moving a file: that account keeps the data folder's root and the keychain entry it had.
import { join } from 'node:path';
import { z } from 'zod';
import { cleanName, sameName, validateAccountName } from '../../shared/accounts.js';
import { PACKAGE_KEY_PATTERN } from '../../shared/types.js';
import { asideClause, faultReason, loadJsonFile, writeJsonFile, zodReason, type Decoded } from '../fs/json-file.js';
import { copyFile } from 'node:fs/promises';
import { withFileLock } from '../fs/lock.js';
import { KEYCHAIN_ACCOUNT } from '../secrets/keychain.js';

export const ACCOUNTS_FILE = 'accounts.json';
const LOCK_FILE = 'accounts.lock';
/** The account made from the single-key setup: its folder is the data folder itself. */
export const FIRST_ACCOUNT_ID = 'main';
export const FIRST_ACCOUNT_NAME = 'Main';
/** The one unnamed account of PROXY_SELLER_API_KEY (never written to the file). */
export const ENV_ACCOUNT_ID = 'env';
/** How many accounts one app keeps (each polls its own packages; far more is a mistake, not a setup). */
export const MAX_ACCOUNTS = 20;
const PACKAGE_NAME_MAX = 40;

export interface AccountRecord {
  id: string;
  name: string;
  /** The keychain entry (keytar "account") holding its key. */
  entry: string;
  /** The user's names for its packages, by package key. */
  packageNames: Readonly<Record<string, string>>;
}

export interface AccountsFile {
  version: 1;
  accounts: readonly AccountRecord[];
  /** The account the CLI uses without --account, and the tray shows first; null when there is none. */
  defaultId: string | null;
}

const ID_PATTERN = /^[a-z0-9-]{1,32}$/;
const recordSchema = z.object({
  id: z.string().regex(ID_PATTERN),
  name: z.string().transform((n, ctx) => {
    try {
      return validateAccountName(n);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'not a usable name' });
      return z.NEVER;
    }
  }),
  entry: z.string().min(1).max(100),
  packageNames: z.record(z.string().regex(PACKAGE_KEY_PATTERN), z.string().min(1).max(PACKAGE_NAME_MAX)).default({}),
});
// Records are read one by one: a record edited by hand into something unusable costs only itself.
const fileShape = z.object({ version: z.literal(1), accounts: z.array(z.unknown()), defaultId: z.string().nullable() });

/** The file as read: its usable accounts, and a line for each record left out. */
interface ReadFile {
  file: AccountsFile;
  dropped: string[];
}

function decodeFile(raw: unknown): Decoded<ReadFile> {
  const shape = fileShape.safeParse(raw);
  if (!shape.success) return { ok: false, reason: zodReason(shape.error) };
  const accounts: AccountRecord[] = [];
  const dropped: string[] = [];
  shape.data.accounts.forEach((item, i) => {
    const r = recordSchema.safeParse(item);
    const named = typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? ` ("${String((item as { name: string }).name).slice(0, 40)}")` : '';
    if (!r.success) dropped.push(`account ${i + 1}${named}: ${zodReason(r.error)}`);
    else if (accounts.some((a) => a.id === r.data.id || sameName(a.name, r.data.name))) dropped.push(`account ${i + 1}${named}: the same id or name as an account before it`);
    else if (accounts.length >= MAX_ACCOUNTS) dropped.push(`account ${i + 1}${named}: more than ${MAX_ACCOUNTS} accounts`);
    else accounts.push(r.data);
  });
  const defaultId = shape.data.defaultId !== null && accounts.some((a) => a.id === shape.data.defaultId) ? shape.data.defaultId : (accounts[0]?.id ?? null);
  return { ok: true, value: { file: { version: 1, accounts, defaultId }, dropped } };
}

const EMPTY: AccountsFile = { version: 1, accounts: [], defaultId: null };

/** Where an account keeps its sync state, alert state and history. */
export function accountDataDir(dataDir: string, id: string): string {
  return id === FIRST_ACCOUNT_ID || id === ENV_ACCOUNT_ID ? dataDir : join(dataDir, 'accounts', id);
}

/** The keychain entry of a new account (the first keeps the single-key setup's). */
export function entryFor(id: string): string {
  return id === FIRST_ACCOUNT_ID ? KEYCHAIN_ACCOUNT : `${KEYCHAIN_ACCOUNT}.${id}`;
}

export interface AccountsLoad {
  file: AccountsFile;
  /** What was wrong with the file (moved aside) or the migration, for a notice; null when all was well. */
  problem: string | null;
}

export interface RegistryOptions {
  dataDir: string;
  clock: () => number;
  /**
   * Whether the single-key setup had a key: its keychain entry holds one. Asked only while there is
   * no accounts file; a keychain that cannot be read answers by throwing (nothing is migrated then).
   */
  firstEntryHasKey: () => Promise<boolean>;
}

/**
 * The accounts as they stand. No file yet: the single-key setup (a key in its keychain entry) is
 * the first account, written down once; without one, there are none.
 */
export async function loadAccounts(o: RegistryOptions): Promise<AccountsLoad> {
  const path = join(o.dataDir, ACCOUNTS_FILE);
  const loaded = await loadJsonFile(path, {
    decode: decodeFile,
    fallback: () => ({ file: EMPTY, dropped: [] }),
    clock: o.clock,
    describe: (fault, aside, p) =>
      `The accounts file was unreadable (${faultReason(fault)}); ${asideClause(aside, p)}. The keys are still in the keychain: add the accounts again with their names (the first one is found by itself).`,
  });
  let problem = loaded.problem;
  if (loaded.value.dropped.length > 0) problem = await keepCopy(path, loaded.value.dropped, o.clock());
  const file = loaded.value.file;
  // No account (no file yet, or every one removed): a key in the single-key setup's entry is the
  // first account. One stored there since the last account was removed (the key form) counts too.
  if (file.accounts.length > 0) return { file, problem };
  let had: boolean;
  try {
    had = await o.firstEntryHasKey();
  } catch {
    // The keychain cannot tell now (locked, not running): asked again at the next start.
    had = false;
  }
  if (!had) return { file, problem };
  return { file: await updateAccounts(o, (f) => (f.accounts.length > 0 ? f : firstAccountFile())), problem };
}

/** Records left out: the file as it was is kept beside it before any change rewrites it without them. */
async function keepCopy(path: string, dropped: readonly string[], now: number): Promise<string> {
  const copy = `${path}.before-repair-${now}`;
  const kept = await copyFile(path, copy).then(
    () => `the file as it was is kept as ${copy}`,
    () => 'the file could not be copied aside',
  );
  return `Some accounts in the accounts file could not be used and are left out (${dropped.join('; ')}); ${kept}. The others are used as they are.`;
}

function firstAccountFile(): AccountsFile {
  return { version: 1, accounts: [{ id: FIRST_ACCOUNT_ID, name: FIRST_ACCOUNT_NAME, entry: entryFor(FIRST_ACCOUNT_ID), packageNames: {} }], defaultId: FIRST_ACCOUNT_ID };
}

/** Reads, changes and writes the file under its lock; `change` throws to refuse (nothing is written). */
export async function updateAccounts(o: Pick<RegistryOptions, 'dataDir' | 'clock'>, change: (file: AccountsFile) => AccountsFile | Promise<AccountsFile>): Promise<AccountsFile> {
  const path = join(o.dataDir, ACCOUNTS_FILE);
  return withFileLock(join(o.dataDir, LOCK_FILE), async () => {
    const read = await loadJsonFile(path, { decode: decodeFile, fallback: () => ({ file: EMPTY, dropped: [] }), clock: o.clock, describe: () => '' });
    const changed = await change(read.value.file);
    // Checked as it will be read back: a change that would not survive a read is refused.
    const again = decodeFile(changed);
    if (!again.ok || again.value.dropped.length > 0) throw new RangeError(`The accounts could not be saved (${again.ok ? again.value.dropped.join('; ') : again.reason}).`);
    const next = again.value.file;
    if (JSON.stringify(next) !== JSON.stringify(read.value.file)) {
      if (read.value.dropped.length > 0) await keepCopy(path, read.value.dropped, o.clock());
      await writeJsonFile(path, next, { indent: 2 });
    }
    return next;
  });
}

/** The account named `name` (any case), or undefined. */
export function findAccount(file: AccountsFile, name: string): AccountRecord | undefined {
  return file.accounts.find((a) => sameName(a.name, name));
}

/** A new account's record (its id fresh, its entry its own); throws RangeError for a bad or taken name. */
export function newAccount(file: AccountsFile, rawName: string, makeId: () => string = randomId): AccountRecord {
  const name = validateAccountName(rawName);
  if (findAccount(file, name)) throw new RangeError(`There is already an account named "${name}".`);
  if (file.accounts.length >= MAX_ACCOUNTS) throw new RangeError(`At most ${MAX_ACCOUNTS} accounts can be added.`);
  // Always a fresh id (and folder and keychain entry): the first account's place is only the
  // single-key setup's, so a new account never takes up a removed one's state.
  let id = makeId();
  while (file.accounts.some((a) => a.id === id)) id = makeId();
  return { id, name, entry: entryFor(id), packageNames: {} };
}

export function withAccount(file: AccountsFile, record: AccountRecord): AccountsFile {
  return { ...file, accounts: [...file.accounts, record], defaultId: file.defaultId ?? record.id };
}

export function withoutAccount(file: AccountsFile, id: string): AccountsFile {
  const accounts = file.accounts.filter((a) => a.id !== id);
  return { ...file, accounts, defaultId: file.defaultId === id ? (accounts[0]?.id ?? null) : file.defaultId };
}

export function withDefault(file: AccountsFile, id: string): AccountsFile {
  if (!file.accounts.some((a) => a.id === id)) throw new RangeError('No such account.');
  return { ...file, defaultId: id };
}

/** Names one package of an account ('' or null forgets the name). */
export function withPackageName(file: AccountsFile, id: string, packageKey: string, rawName: string | null): AccountsFile {
  if (!PACKAGE_KEY_PATTERN.test(packageKey)) throw new RangeError('That is not a package key.');
  const name = rawName === null ? '' : cleanName(rawName, 'package', PACKAGE_NAME_MAX);
  return {
    ...file,
    accounts: file.accounts.map((a) => {
      if (a.id !== id) return a;
      const { [packageKey]: _old, ...rest } = a.packageNames;
      return { ...a, packageNames: name === '' ? rest : { ...rest, [packageKey]: name } };
    }),
  };
}

function randomId(): string {
  // node:crypto looked up when an account is added: imported at the top it would cost every CLI start ~3 ms.
  return `a-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}`;
}
