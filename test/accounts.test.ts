// Accounts: the registry file and each account's keychain entry, against the real gnome-keyring
// (scripts/with-keyring.sh) and real files in a temp folder. The single-key setup migrates by
// itself; keys live only in the keychain.
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccount, AccountError, pickAccount, readAccounts, removeAccount, setDefaultAccount, summarizeAccounts, type AccountsDeps } from '../src/core/accounts/manage.js';
import { accountDataDir, ACCOUNTS_FILE, FIRST_ACCOUNT_ID, withPackageName, updateAccounts } from '../src/core/accounts/registry.js';
import { createSecretStore, KEYCHAIN_ACCOUNT, type SecretStore } from '../src/core/secrets/keychain.js';
import { KeychainUnavailableError, RejectedError } from '../src/core/api/errors.js';
import { validateAccountName } from '../src/shared/accounts.js';

const KEY_1 = 'first-key-aaaa-1111';
const KEY_2 = 'second-key-bbbb-2222';
let dataDir: string;
let service: string;
let counter = 0;
let entries: Set<string>;

function deps(over: Partial<AccountsDeps> = {}): AccountsDeps {
  return {
    dataDir,
    clock: () => Date.UTC(2026, 11, 2),
    secretsFor: (entry) => {
      entries.add(entry);
      return createSecretStore({ service, account: entry });
    },
    ...over,
  };
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pst-accounts-'));
  service = `pst-accounts-test-${process.pid}-${++counter}`;
  entries = new Set();
});

afterEach(async () => {
  for (const entry of entries) await createSecretStore({ service, account: entry }).delete().catch(() => false);
  await rm(dataDir, { recursive: true, force: true });
});

async function fileText(): Promise<string> {
  return readFile(join(dataDir, ACCOUNTS_FILE), 'utf8');
}

describe('migration from the single-key setup', () => {
  test('a key in the old keychain entry becomes the account "Main", keeping the data folder and the entry', async () => {
    await createSecretStore({ service, account: KEYCHAIN_ACCOUNT }).set(KEY_1);
    entries.add(KEYCHAIN_ACCOUNT);
    const { file, problem } = await readAccounts(deps());
    assert.equal(problem, null);
    assert.deepEqual(
      file.accounts.map((a) => [a.id, a.name, a.entry]),
      [[FIRST_ACCOUNT_ID, 'Main', KEYCHAIN_ACCOUNT]],
    );
    assert.equal(file.defaultId, FIRST_ACCOUNT_ID);
    assert.equal(accountDataDir(dataDir, FIRST_ACCOUNT_ID), dataDir, 'its history and state stay where they were');
    // Written down once, without the key.
    assert.equal((await fileText()).includes(KEY_1), false);
    const again = await readAccounts(deps());
    assert.deepEqual(again.file, file);
  });

  test('no key anywhere: no account, and no file written', async () => {
    const { file } = await readAccounts(deps());
    assert.deepEqual(file.accounts, []);
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('a keychain that cannot be read migrates nothing now (asked again next time), and says nothing false', async () => {
    const broken: SecretStore = {
      get: () => Promise.reject(new KeychainUnavailableError('The system keychain is locked: test')),
      set: () => Promise.reject(new Error('no')),
      delete: () => Promise.reject(new Error('no')),
      status: () => Promise.reject(new Error('no')),
    };
    const { file } = await readAccounts(deps({ secretsFor: () => broken }));
    assert.deepEqual(file.accounts, []);
    assert.deepEqual(await readdir(dataDir), []);
  });

  test('a damaged accounts file is moved aside, said so, and the first account is found again by its key', async () => {
    await createSecretStore({ service, account: KEYCHAIN_ACCOUNT }).set(KEY_1);
    entries.add(KEYCHAIN_ACCOUNT);
    await writeFile(join(dataDir, ACCOUNTS_FILE), '{"version":1,"accounts":[{"id":');
    const { file, problem } = await readAccounts(deps());
    assert.match(problem ?? '', /accounts file was unreadable.*moved to/s);
    assert.deepEqual(
      file.accounts.map((a) => a.name),
      ['Main'],
    );
    assert.ok((await readdir(dataDir)).some((f) => f.startsWith(`${ACCOUNTS_FILE}.`) || f.includes('damaged') || f.includes('unreadable')), 'the bad copy is kept');
  });
});

describe('a damaged record or an emptied file', () => {
  test('one unusable record is left out and named; the others are used, and the file as it was is kept', async () => {
    const a = await addAccount(deps(), 'Personal', KEY_1);
    const raw = JSON.parse(await fileText()) as { accounts: unknown[] };
    raw.accounts.push({ id: 'a-00000000', name: 'x'.repeat(60), entry: 'api-key.a-00000000', packageNames: {} });
    await writeFile(join(dataDir, ACCOUNTS_FILE), JSON.stringify(raw));
    const { file, problem } = await readAccounts(deps());
    assert.deepEqual(
      file.accounts.map((x) => x.id),
      [a.id],
    );
    assert.match(problem ?? '', /account 2 \("x+"\): .*too long.*kept as .*before-repair/s);
    assert.ok((await readdir(dataDir)).some((f) => f.startsWith(`${ACCOUNTS_FILE}.before-repair-`)));
  });

  test('every account removed, then a key stored in the first entry (the key form): it is the account "Main"', async () => {
    await addAccount(deps(), 'Personal', KEY_1);
    await removeAccount(deps(), 'Personal');
    assert.deepEqual((await readAccounts(deps())).file.accounts, []);
    await createSecretStore({ service, account: KEYCHAIN_ACCOUNT }).set(KEY_2);
    entries.add(KEYCHAIN_ACCOUNT);
    assert.deepEqual(
      (await readAccounts(deps())).file.accounts.map((x) => [x.id, x.name]),
      [[FIRST_ACCOUNT_ID, 'Main']],
    );
  });
});

describe('adding, listing, choosing and removing accounts', () => {
  test('two accounts each keep their key in their own keychain entry; the file holds names only', async () => {
    const a = await addAccount(deps(), 'Personal', KEY_1);
    const b = await addAccount(deps(), 'Reseller', `  ${KEY_2}\n`);
    assert.notEqual(a.id, FIRST_ACCOUNT_ID, 'a new account never takes the single-key setup’s place (a removed one’s state is there)');
    assert.notEqual(a.entry, b.entry);
    assert.notEqual(a.entry, KEYCHAIN_ACCOUNT);
    assert.equal(await createSecretStore({ service, account: a.entry }).get(), KEY_1);
    assert.equal(await createSecretStore({ service, account: b.entry }).get(), KEY_2);
    const text = await fileText();
    assert.equal(text.includes(KEY_1) || text.includes(KEY_2), false);
    const { file } = await readAccounts(deps());
    assert.deepEqual(await summarizeAccounts(deps(), file), [
      { id: a.id, name: 'Personal', default: true, keyLast4: '1111' },
      { id: b.id, name: 'Reseller', default: false, keyLast4: '2222' },
    ]);
    assert.equal(accountDataDir(dataDir, b.id), join(dataDir, 'accounts', b.id));
  });

  test('a name taken in any case, a bad name, and a key already stored for another account are refused before anything is stored', async () => {
    await addAccount(deps(), 'Client B', KEY_1);
    await assert.rejects(addAccount(deps(), 'client b', KEY_2), (e: unknown) => e instanceof AccountError && /already an account named "client b"/.test(e.message));
    await assert.rejects(addAccount(deps(), '   ', KEY_2), /name is empty/);
    await assert.rejects(addAccount(deps(), '2026', KEY_2), /must contain a letter/);
    await assert.rejects(addAccount(deps(), 'Other', KEY_1), /already stored for the account "Client B"/);
    const { file } = await readAccounts(deps());
    assert.equal(file.accounts.length, 1);
  });

  test('a key the API refuses is not stored, and no account is added', async () => {
    await addAccount(deps(), 'Personal', KEY_1);
    const before = await fileText();
    const stored = new Set(entries);
    const refused = new RejectedError('Proxy-Seller refused the request.', [{ message: 'Error api key', code: 503 }]);
    await assert.rejects(addAccount(deps(), 'Reseller', KEY_2, { check: async () => Promise.reject(refused) }), RejectedError);
    assert.equal(await fileText(), before);
    const tried = [...entries].filter((e) => !stored.has(e));
    for (const entry of tried) assert.equal(await createSecretStore({ service, account: entry }).get(), null, `nothing left in ${entry}`);
  });

  test('two processes adding at once both land (the file is changed under its lock)', async () => {
    await Promise.all([addAccount(deps(), 'One', KEY_1), addAccount(deps(), 'Two', KEY_2)]);
    const { file } = await readAccounts(deps());
    assert.deepEqual(file.accounts.map((a) => a.name).sort(), ['One', 'Two']);
  });

  test('default: the first added, then the one chosen; removing it passes the default on and deletes its key', async () => {
    const a = await addAccount(deps(), 'Personal', KEY_1);
    const b = await addAccount(deps(), 'Reseller', KEY_2);
    assert.equal(pickAccount((await readAccounts(deps())).file, undefined).id, a.id);
    await setDefaultAccount(deps(), 'reseller');
    assert.equal(pickAccount((await readAccounts(deps())).file, undefined).id, b.id);
    await mkdir(accountDataDir(dataDir, b.id), { recursive: true });
    await writeFile(join(accountDataDir(dataDir, b.id), 'sync-state.json'), '{}');
    await writeFile(join(accountDataDir(dataDir, b.id), 'alerts.json'), '{}');
    await mkdir(join(accountDataDir(dataDir, b.id), 'history'), { recursive: true });
    await removeAccount(deps(), 'Reseller');
    assert.equal(await createSecretStore({ service, account: b.entry }).get(), null);
    assert.deepEqual(await readdir(accountDataDir(dataDir, b.id)), ['history'], 'its state files are gone, its history stays');
    const { file } = await readAccounts(deps());
    assert.deepEqual(
      file.accounts.map((x) => x.name),
      ['Personal'],
    );
    assert.equal(file.defaultId, a.id);
  });

  test('an unknown name says which accounts there are', async () => {
    await addAccount(deps(), 'Personal', KEY_1);
    assert.throws(() => pickAccount({ version: 1, accounts: [], defaultId: null }, undefined), /No account has been added yet/);
    await assert.rejects(removeAccount(deps(), 'Nope'), /no account named "Nope". Accounts: Personal\./);
  });

  test('a package can be named and the name forgotten; a bad name is refused', async () => {
    const a = await addAccount(deps(), 'Reseller', KEY_1);
    const o = { dataDir, clock: () => 0 };
    let file = await updateAccounts(o, (f) => withPackageName(f, a.id, 'abcdef0123456789abcd', ' Client  B '));
    assert.deepEqual(file.accounts[0]!.packageNames, { abcdef0123456789abcd: 'Client B' });
    file = await updateAccounts(o, (f) => withPackageName(f, a.id, 'abcdef0123456789abcd', ''));
    assert.deepEqual(file.accounts[0]!.packageNames, {});
    assert.throws(() => withPackageName(file, a.id, 'not/a/key', 'x'), /not a package key/);
  });
});

describe('account names', () => {
  test('trimmed and single-spaced; control characters and over-long names refused', () => {
    assert.equal(validateAccountName('  Client   B '), 'Client B');
    assert.throws(() => validateAccountName('a\u0007b'), /control/);
    assert.throws(() => validateAccountName('x'.repeat(41)), /too long/);
    assert.throws(() => validateAccountName('a\u202eb'), /control or formatting/);
  });
});
