// A real gnome-keyring, locked, whose unlock prompt cannot open (no display): the CLI must say
// "locked" and how to unlock, never "no key". Runs in a D-Bus session of its own, so locking it
// cannot disturb the keychain the other test files share.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { listFiles } from './support/files.js';

const CLI = resolve(import.meta.dirname, '../out/cli/proxy-seller-traffic.mjs');
const KEY = 'locked-KEYRING-key-0123456789';
const tools = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'];
const missing = process.platform !== 'linux' ? ['Linux'] : tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const SKIP = missing.length > 0 ? `needs ${missing.join(', ')} (apt-get install dbus gnome-keyring)` : false;

interface Step {
  code: number;
  out: string;
  err: string;
}

// Inside the private bus: an unlocked keyring, the key stored through the CLI, then the login
// collection locked over D-Bus (as a screen lock or a timeout does), then the commands under test.
const SCRIPT = `
set -u
printf pw | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
for _ in $(seq 1 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
  sleep 0.05
done
step() { name=$1; shift; "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null; echo $? >"$OUT/$name.code"; }
# --no-check: this step is about the keychain; the API is asked by no step here.
printf '%s\\n' "$KEY_IN" | node "$CLI" key set --no-check >"$OUT/store.out" 2>"$OUT/store.err"; echo $? >"$OUT/store.code"
step status-unlocked node "$CLI" key status
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \\
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
step status node "$CLI" key status
step today node "$CLI" today
step set sh -c 'printf "%s\\n" other-KEY-0123456789 | node "$CLI" key set'
`;

describe('a locked keychain, for real', { skip: SKIP }, () => {
  let dir: string;
  let api: FakeApi;
  const steps = new Map<string, Step>();

  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    dir = await mkdtemp(join(tmpdir(), 'pst-locked-'));
    api = await startFakeApi({ apiKey: KEY });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_DATA_HOME: join(dir, 'xdg-data'),
      XDG_RUNTIME_DIR: join(dir, 'xdg-run'),
      OUT: dir,
      CLI,
      KEY_IN: KEY,
      PROXY_SELLER_KEYCHAIN_SERVICE: `pst-locked-${process.pid}`,
      PROXY_SELLER_TRAFFIC_DATA_DIR: join(dir, 'data'),
      PROXY_SELLER_API_URL: api.baseUrl(),
      // No DISPLAY or WAYLAND_DISPLAY: gnome-keyring's unlock prompt cannot open, as on a server.
    };
    await mkdir(join(dir, 'xdg-data'), { recursive: true });
    await mkdir(join(dir, 'xdg-run'), { recursive: true, mode: 0o700 });
    await new Promise<void>((done, fail) => {
      const child = spawn('dbus-run-session', ['--', 'bash', '-c', SCRIPT], { env, stdio: ['ignore', 'ignore', 'ignore'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', fail);
      child.on('close', () => {
        clearTimeout(timer);
        done();
      });
    });
    for (const name of ['store', 'status-unlocked', 'status', 'today', 'set']) {
      const read = (ext: string) => readFile(join(dir, `${name}.${ext}`), 'utf8').catch(() => '');
      steps.set(name, { code: Number((await read('code')).trim() || -1), out: await read('out'), err: await read('err') });
    }
  });

  after(async () => {
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const step = (name: string): Step => {
    const s = steps.get(name);
    assert.ok(s, `step ${name} ran`);
    return s;
  };

  test('unlocked, the key was stored and read as stored', () => {
    assert.equal(step('store').code, 0, step('store').err);
    assert.equal(step('status-unlocked').code, 0, step('status-unlocked').err);
    assert.match(step('status-unlocked').out, /is stored/);
  });

  test('locked: key status says locked and how to unlock (exit 3), not "no key"', () => {
    const s = step('status');
    assert.equal(s.code, 3, `${s.out}\n${s.err}`);
    assert.doesNotMatch(s.out + s.err, /No API key/);
    assert.match(s.err, /^proxy-seller-traffic: The system keychain is locked: /);
    assert.match(s.err, /gnome-keyring-daemon --replace --unlock/);
    assert.equal(s.err.trim().split('\n').length, 1);
  });

  test('locked: today is exit 3 with the keychain reason, not "set a key", and asks the API nothing', () => {
    const s = step('today');
    assert.equal(s.code, 3, `${s.out}\n${s.err}`);
    assert.match(s.err, /keychain is locked/);
    assert.doesNotMatch(s.err, /key set|PROXY_SELLER_API_KEY or run/);
    assert.equal(api.requests.length, 0);
  });

  test('locked: storing a key fails with exit 3, and the key is written nowhere else', async () => {
    const s = step('set');
    assert.equal(s.code, 3, `${s.out}\n${s.err}`);
    assert.match(s.err, /keychain is locked/);
    for (const file of await listFiles(join(dir, 'data')).catch(() => [])) {
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes('other-KEY-0123456789') && !text.includes(KEY), `${file} holds no key`);
    }
  });
});
