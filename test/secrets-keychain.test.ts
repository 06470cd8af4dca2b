// The keychain module against a real Secret Service (gnome-keyring in a private D-Bus session when
// run through `npm test`), a real missing keychain in a child process, and the key validation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createSecretStore,
  validateApiKey,
  KEYCHAIN_ACCOUNT,
  KEYCHAIN_PROBE_ACCOUNT,
  KEYCHAIN_SERVICE,
  keychainService,
  type KeytarLike,
  type SecretStore,
} from '../src/core/secrets/keychain.js';
import { KeychainUnavailableError } from '../src/core/api/errors.js';

const MODULE_URL = pathToFileURL(fileURLToPath(new URL('../src/core/secrets/keychain.ts', import.meta.url))).href;
const SKIP_REASON = process.env.KEYCHAIN_TESTS === 'skip' ? 'KEYCHAIN_TESTS=skip is set: real keychain tests not run' : false;
const HOW_TO_RUN =
  'The keychain tests need a reachable, unlocked Secret Service. Run them with `npm test` (it starts a private ' +
  'gnome-keyring), or `bash scripts/with-keyring.sh node --import tsx --test test/secrets-keychain.test.ts`; ' +
  'set KEYCHAIN_TESTS=skip to skip them on purpose.';

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

describe('real keychain round trip', { skip: SKIP_REASON }, () => {
  // A service name of this run only, so parallel runs and a developer's real entry are untouched.
  const service = `${KEYCHAIN_SERVICE}-test-${process.pid}-${randomUUID().slice(0, 8)}`;
  let store: SecretStore;

  before(async () => {
    store = createSecretStore({ service });
    // Write and remove a probe: reading alone succeeds on a locked keyring, writing does not.
    try {
      await store.set(`probe-${randomUUID()}`);
      await store.delete();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`${HOW_TO_RUN}\nCause: ${why}`);
    }
  });

  after(async () => {
    await store?.delete().catch(() => false);
  });

  test('nothing is stored under a fresh service name', async () => {
    assert.equal(await store.get(), null);
    assert.deepEqual(await store.status(), { stored: false, last4: null });
  });

  test('set, get, status, overwrite, delete', async () => {
    await store.set(`  ${KEY}\n`);
    assert.equal(await store.get(), KEY, 'the key is stored trimmed');
    assert.deepEqual(await store.status(), { stored: true, last4: 'c5d6' });

    const other = 'ffffeeeeddddcccc9999';
    await store.set(other);
    assert.equal(await store.get(), other, 'a second set replaces the key');
    assert.deepEqual(await store.status(), { stored: true, last4: '9999' });

    assert.equal(await store.delete(), true);
    assert.equal(await store.get(), null);
    assert.deepEqual(await store.status(), { stored: false, last4: null });
    assert.equal(await store.delete(), false, 'deleting again reports nothing deleted');
  });

  test('an invalid key is refused before reaching the keychain and stores nothing', async () => {
    await assert.rejects(store.set('short'), RangeError);
    assert.deepEqual(await store.status(), { stored: false, last4: null });
  });
});

/** Run the keychain module in a fresh node with a given environment; report what status() did. */
async function statusInChild(env: NodeJS.ProcessEnv): Promise<{ name: string; message: string }> {
  const script = `
    const m = await import(${JSON.stringify(MODULE_URL)});
    const store = m.createSecretStore({ service: 'pstt-missing-keychain-test' });
    try { await store.status(); console.log(JSON.stringify({ name: 'none', message: 'status() succeeded' })); }
    catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `child failed: ${err}`);
  const last = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { name: string; message: string };
}

function envWithoutDisplay(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...overrides };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

describe('missing keychain (real, in a child process)', { skip: process.platform !== 'linux' ? 'Secret Service is Linux only' : false }, () => {
  let runtimeDir = '';
  before(async () => {
    runtimeDir = await mkdtemp(join(tmpdir(), 'pstt-keychain-'));
  });
  after(async () => {
    await rm(runtimeDir, { recursive: true, force: true });
  });

  test('a D-Bus address that leads nowhere gives KeychainUnavailableError naming the bus', async () => {
    const r = await statusInChild(envWithoutDisplay({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }));
    assert.equal(r.name, 'KeychainUnavailableError');
    assert.match(r.message, /^The system keychain is not available: the D-Bus session bus cannot be reached/);
  });

  test('no session bus and no display gives KeychainUnavailableError naming the missing bus', async () => {
    const env = envWithoutDisplay({ XDG_RUNTIME_DIR: runtimeDir });
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = await statusInChild(env);
    assert.equal(r.name, 'KeychainUnavailableError');
    assert.match(r.message, /^The system keychain is not available: no D-Bus session bus is running/);
  });
});

describe('failure mapping (injected keytar)', () => {
  function failing(message: string): KeytarLike {
    const fail = () => Promise.reject(new Error(message));
    return { getPassword: fail, setPassword: fail, deletePassword: fail };
  }

  test('the Secret Service missing from D-Bus is named, with the fix', async () => {
    const store = createSecretStore({
      loadKeytar: () => failing('The name org.freedesktop.secrets was not provided by any .service files'),
    });
    await assert.rejects(store.get(), {
      name: 'KeychainUnavailableError',
      message: 'The system keychain is not available: no Secret Service is running on D-Bus (install and start gnome-keyring).',
    });
  });

  test('a keyring without a login collection is named, with how to create one (not "locked")', async () => {
    const store = createSecretStore({
      loadKeytar: () => failing('Object does not exist at path “/org/freedesktop/secrets/collection/login”'),
    });
    await assert.rejects(store.status(), (e: unknown) => {
      assert.ok(e instanceof KeychainUnavailableError);
      assert.match(e.message, /^The system keychain is not available: the Secret Service has no default keyring \("login"\)\. Create one/);
      assert.equal(e.locked, false);
      return true;
    });
  });

  test('a dismissed unlock prompt is a locked keyring', async () => {
    const store = createSecretStore({ platform: 'darwin', loadKeytar: () => failing('Prompt dismissed') });
    await assert.rejects(store.get(), (e: unknown) => e instanceof KeychainUnavailableError && e.locked && /^The system keychain is locked: /.test(e.message));
  });

  test('a library that cannot load gives KeychainUnavailableError, not a crash', async () => {
    const store = createSecretStore({
      loadKeytar: () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
      },
    });
    await assert.rejects(store.get(), (e: unknown) => {
      assert.ok(e instanceof KeychainUnavailableError);
      assert.match(e.message, /could not be loaded \(libsecret-1\.so\.0: cannot open shared object file/);
      assert.match(e.message, /apt-get install libsecret-1-0/);
      return true;
    });
    await assert.rejects(store.set(KEY), KeychainUnavailableError);
  });

  test('the key never appears in an error, even when the library echoes it', async () => {
    const store = createSecretStore({ loadKeytar: () => failing(`weird failure storing ${KEY} somewhere`) });
    await assert.rejects(store.set(KEY), (e: unknown) => {
      assert.ok(e instanceof KeychainUnavailableError);
      assert.ok(!e.message.includes(KEY), e.message);
      assert.ok(!String(e.stack).includes(KEY));
      assert.match(e.message, /\*\*\*/, 'masked as server text is');
      return true;
    });
  });

  test('defaults to the app service and account; an empty stored value counts as none', async () => {
    const calls: string[] = [];
    const fake: KeytarLike = {
      getPassword: async (s, a) => (calls.push(`get ${s} ${a}`), ''),
      setPassword: async (s, a) => void calls.push(`set ${s} ${a}`),
      deletePassword: async (s, a) => (calls.push(`del ${s} ${a}`), true),
    };
    let loads = 0;
    const store = createSecretStore({ platform: 'darwin', loadKeytar: () => (loads++, fake) });
    assert.deepEqual(await store.status(), { stored: false, last4: null });
    await store.set(KEY);
    await store.delete();
    assert.deepEqual(calls, [
      `get ${KEYCHAIN_SERVICE} ${KEYCHAIN_ACCOUNT}`,
      `set ${KEYCHAIN_SERVICE} ${KEYCHAIN_ACCOUNT}`,
      `del ${KEYCHAIN_SERVICE} ${KEYCHAIN_ACCOUNT}`,
    ]);
    assert.equal(loads, 1, 'the library is loaded once, lazily');
  });

  test('on Linux "no key" is checked with a write: a locked keyring (lookups find nothing, writes fail) is an error, not "no key"', async () => {
    const calls: string[] = [];
    const locked: KeytarLike = {
      getPassword: async (_s, a) => (calls.push(`get ${a}`), null),
      setPassword: async (_s, a) => {
        calls.push(`set ${a}`);
        throw new Error('Cannot create an item in a locked collection');
      },
      deletePassword: async (_s, a) => (calls.push(`del ${a}`), false),
    };
    const store = createSecretStore({ platform: 'linux', loadKeytar: () => locked });
    for (const read of [() => store.get(), () => store.status()]) {
      await assert.rejects(read(), (e: unknown) => {
        assert.ok(e instanceof KeychainUnavailableError);
        assert.equal(e.locked, true);
        assert.match(e.message, /^The system keychain is locked: /);
        return true;
      });
    }
    assert.deepEqual(calls.slice(0, 2), [`get ${KEYCHAIN_ACCOUNT}`, `set ${KEYCHAIN_PROBE_ACCOUNT}`], 'the real entry is never written by the check');
    await assert.rejects(store.set(KEY), (e: unknown) => e instanceof KeychainUnavailableError && e.locked);
  });

  test('on Linux an unlocked keyring without the key reads as no key, and the probe entry is removed', async () => {
    const entries = new Map<string, string>();
    const open: KeytarLike = {
      getPassword: async (_s, a) => entries.get(a) ?? null,
      setPassword: async (_s, a, p) => void entries.set(a, p),
      deletePassword: async (_s, a) => entries.delete(a),
    };
    const store = createSecretStore({ platform: 'linux', loadKeytar: () => open });
    assert.deepEqual(await store.status(), { stored: false, last4: null });
    assert.equal(entries.size, 0, 'nothing left behind');
    await store.set(KEY);
    assert.equal(await store.get(), KEY);
  });

  test('on Linux a keyring unlocked by the probe’s prompt gives the key it was hiding', async () => {
    let unlocked = false;
    const prompting: KeytarLike = {
      getPassword: async () => (unlocked ? KEY : null),
      setPassword: async () => {
        unlocked = true; // the user typed the password into the unlock prompt
      },
      deletePassword: async () => true,
    };
    const store = createSecretStore({ platform: 'linux', loadKeytar: () => prompting });
    assert.equal(await store.get(), KEY);
  });
});

test('the service name: $PROXY_SELLER_KEYCHAIN_SERVICE (trimmed) for app and CLI alike, else the default', () => {
  assert.equal(keychainService({}), KEYCHAIN_SERVICE);
  assert.equal(keychainService({ PROXY_SELLER_KEYCHAIN_SERVICE: '  ' }), KEYCHAIN_SERVICE);
  assert.equal(keychainService({ PROXY_SELLER_KEYCHAIN_SERVICE: ' work-account ' }), 'work-account');
});

describe('validateApiKey', () => {
  test('trims and accepts a plausible key', () => {
    assert.equal(validateApiKey(`\t ${KEY} \r\n`), KEY);
    assert.equal(validateApiKey('12345678'), '12345678');
    assert.equal(validateApiKey('x'.repeat(256)).length, 256);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['empty', '', /is empty/],
    ['only spaces', '   \n ', /is empty/],
    ['space inside', 'abcd efgh1234', /must not contain spaces/],
    ['tab inside', 'abcd\tefgh1234', /must not contain spaces/],
    ['control char', 'abcd\u0000efgh1234', /control character/],
    ['delete char', 'abcdefgh1234\u007f', /control character/],
    ['slash', 'abcd/efgh1234', /must not contain '\/'/],
    ['too short', 'abc1234', /too short \(7 characters; at least 8/],
    ['too long', 'y'.repeat(257), /too long \(257 characters; at most 256/],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects ${name} with a RangeError that does not quote the key`, () => {
      assert.throws(
        () => validateApiKey(input),
        (e: unknown) => {
          assert.ok(e instanceof RangeError);
          assert.match(e.message, message);
          const trimmed = input.trim();
          if (trimmed.length > 0) assert.ok(!e.message.includes(trimmed), e.message);
          return true;
        },
      );
    });
  }
});
