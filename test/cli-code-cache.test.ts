// The CLI's V8 code cache (src/cli/code-cache.ts, used by src/cli/launcher.ts): the built CLI run as
// a real process with its cache in a temp folder, and the cache file's checks on real files.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import * as fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { codeCacheId as idOf, codeCachePath as pathOf, readCodeCache as read, wrapCommonJs, writeCodeCache as write, type CodeCacheDeps } from '../src/cli/code-cache.js';
import { cacheDir } from '../src/core/paths.js';
import { CLI, runCli } from './support/cli-run.js';

const RUNTIME = { version: process.version, arch: process.arch };
const DEPS: CodeCacheDeps = { fs, join, crc32 };
const codeCacheId = (source: Uint8Array, runtime: typeof RUNTIME) => idOf(DEPS, source, runtime);
const codeCachePath = (dir: string, id: string) => pathOf(DEPS, dir, id);
const readCodeCache = (path: string, id: string) => read(DEPS, path, id);
const writeCodeCache = (dir: string, id: string, produce: () => Uint8Array) => write(DEPS, dir, id, produce);
let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pst-codecache-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const dir = join(root, name);
  await rm(dir, { recursive: true, force: true });
  return dir;
}

/** The one cache file in `dir`, as written by the CLI. */
async function onlyCache(dir: string): Promise<{ path: string; bytes: Buffer }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.v8cache'));
  assert.equal(names.length, 1, `one cache file in ${dir}: ${names.join(', ')}`);
  const path = join(dir, names[0]!);
  return { path, bytes: await readFile(path) };
}

const BODY = join(dirname(CLI), 'cli-body.cjs');

/** The cache file in `dir` holds data V8 takes for the built body (what the launcher checks). */
async function acceptedByV8(dir: string): Promise<boolean> {
  const body = await readFile(BODY);
  const id = codeCacheId(body, RUNTIME);
  const cachedData = readCodeCache(codeCachePath(dir, id), id);
  if (cachedData === undefined) return false;
  return new Script(wrapCommonJs(body.toString('utf8')), { filename: BODY, cachedData }).cachedDataRejected === false;
}

function version(env: Record<string, string>) {
  return runCli(['--version'], { PROXY_SELLER_KEYCHAIN_SERVICE: `pst-codecache-${process.pid}`, ...env });
}

describe('the CLI started through its code cache', () => {
  test('the first run writes the cache and a later run uses it without rewriting it', async () => {
    const dir = await fresh('first');
    const first = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^proxy-seller-traffic \d+\.\d+\.\d+\n$/);
    const { path, bytes } = await onlyCache(dir);
    assert.ok(await acceptedByV8(dir));
    const before = await stat(path);
    const second = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    assert.deepEqual(second, first);
    const now = await stat(path);
    assert.equal(now.mtimeMs, before.mtimeMs, 'an accepted cache is not rewritten');
    assert.deepEqual(await readFile(path), bytes);
  });

  test('a damaged cache file is ignored: the run prints the same, and a good cache replaces it', async () => {
    const dir = await fresh('damaged');
    const good = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    const { path, bytes } = await onlyCache(dir);
    const damaged = Buffer.from(bytes);
    for (let i = bytes.length - 2000; i < bytes.length; i += 7) damaged[i] = damaged[i]! ^ 0xff;
    await writeFile(path, damaged);
    const again = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    assert.deepEqual(again, good);
    assert.notDeepEqual((await onlyCache(dir)).bytes, damaged);
    assert.ok(await acceptedByV8(dir));
    // Cut short (a write torn by a crash) and not even a header: the same.
    for (const broken of [bytes.subarray(0, bytes.length >> 1), Buffer.from('not a cache')]) {
      await writeFile(path, broken);
      assert.deepEqual(await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir }), good);
      assert.ok(await acceptedByV8(dir));
    }
  });

  test('data V8 refuses under a valid header (another script\'s) is replaced, and the run is unharmed', async () => {
    const dir = await fresh('foreign');
    const good = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    const { path } = await onlyCache(dir);
    const id = (await readFile(path, 'latin1')).split(' ')[1]!;
    const other = new Script('(function () { return 42; })()');
    other.runInThisContext();
    assert.ok(writeCodeCache(dir, id, () => other.createCachedData()));
    assert.equal(await acceptedByV8(dir), false);
    assert.deepEqual(await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir }), good);
    assert.ok(await acceptedByV8(dir));
  });

  test("another build's or Node's cache is left unused and removed once this one is written", async () => {
    const dir = await fresh('other-version');
    assert.ok(writeCodeCache(dir, 'v18.0.0-x64-1-00000000', () => Buffer.from('old')));
    const run = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    assert.equal(run.code, 0, run.stderr);
    const { path } = await onlyCache(dir);
    assert.ok(!path.includes('v18.0.0'), path);
  });

  test('a cache folder that cannot be made or written costs nothing but the cache', async () => {
    const blocker = join(root, 'a-file');
    await writeFile(blocker, 'in the way');
    const run = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: join(blocker, 'cache') });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^proxy-seller-traffic /);
    assert.equal(await readFile(blocker, 'utf8'), 'in the way');
  });

  test('PROXY_SELLER_TRAFFIC_CACHE_DIR=off writes no cache', async () => {
    const home = await fresh('home-off');
    const run = await version({ PROXY_SELLER_TRAFFIC_CACHE_DIR: 'off', HOME: home, XDG_CACHE_HOME: join(home, 'cache') });
    assert.equal(run.code, 0, run.stderr);
    await assert.rejects(readdir(join(home, 'cache')), { code: 'ENOENT' });
  });

  test('a failing command keeps its exit code and message through the launcher', async () => {
    const dir = await fresh('usage');
    const run = await runCli(['tody'], { PROXY_SELLER_TRAFFIC_CACHE_DIR: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown command 'tody'.*today/);
  });
});

describe('code cache files', () => {
  const source = Buffer.from('console.log(1)');

  test('what was written for an id reads back for that id only', async () => {
    const dir = await fresh('unit-roundtrip');
    const id = codeCacheId(source, RUNTIME);
    const payload = Buffer.from([1, 2, 3, 4, 5]);
    assert.ok(writeCodeCache(dir, id, () => payload));
    assert.deepEqual(readCodeCache(codeCachePath(dir, id), id), payload);
    const otherId = codeCacheId(Buffer.from('console.log(2)'), RUNTIME);
    assert.notEqual(otherId, id);
    assert.equal(readCodeCache(codeCachePath(dir, id), otherId), undefined);
    assert.equal(readCodeCache(codeCachePath(dir, 'missing'), 'missing'), undefined);
  });

  test('the id differs for another Node version, architecture or body of the same length', () => {
    const id = codeCacheId(source, RUNTIME);
    assert.notEqual(codeCacheId(source, { ...RUNTIME, version: 'v99.0.0' }), id);
    assert.notEqual(codeCacheId(source, { ...RUNTIME, arch: 'arm64' === RUNTIME.arch ? 'x64' : 'arm64' }), id);
    assert.notEqual(codeCacheId(Buffer.from('console.log(7)'), RUNTIME), id);
  });

  test('a payload changed after writing, or a header that does not match it, reads as no cache', async () => {
    const dir = await fresh('unit-damage');
    const id = codeCacheId(source, RUNTIME);
    assert.ok(writeCodeCache(dir, id, () => Buffer.from('payload-bytes')));
    const path = codeCachePath(dir, id);
    const file = await readFile(path);
    const flipped = Buffer.from(file);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    for (const bad of [flipped, Buffer.concat([file, Buffer.from('x')]), file.subarray(0, file.length - 1), Buffer.alloc(0)]) {
      await writeFile(path, bad);
      assert.equal(readCodeCache(path, id), undefined);
    }
  });

  test('an unwritable folder is reported as not written, without serialising the cache', async () => {
    const blocker = join(root, 'unit-blocker');
    await writeFile(blocker, '');
    let produced = false;
    assert.equal(
      writeCodeCache(join(blocker, 'cache'), 'id', () => {
        produced = true;
        return Buffer.from('x');
      }),
      false,
    );
    assert.equal(produced, false);
  });

  test('a failing serialisation leaves no temp file behind', async () => {
    const dir = await fresh('unit-throw');
    assert.equal(
      writeCodeCache(dir, 'id', () => {
        throw new Error('no');
      }),
      false,
    );
    assert.deepEqual(await readdir(dir), []);
  });

  test('the cache lives in the platform cache folder, or where the variable says, or nowhere', () => {
    assert.equal(cacheDir({ platform: 'linux', env: {}, homedir: '/home/u' }), '/home/u/.cache/Proxy-Seller Traffic Tray');
    assert.equal(cacheDir({ platform: 'linux', env: { XDG_CACHE_HOME: '/x' }, homedir: '/home/u' }), '/x/Proxy-Seller Traffic Tray');
    assert.equal(cacheDir({ platform: 'darwin', env: {}, homedir: '/Users/u' }), '/Users/u/Library/Caches/Proxy-Seller Traffic Tray');
    assert.equal(cacheDir({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\L' }, homedir: 'C:\\U' }), 'C:\\L\\Proxy-Seller Traffic Tray\\Cache');
    assert.equal(cacheDir({ platform: 'linux', env: { PROXY_SELLER_TRAFFIC_CACHE_DIR: '/c' }, homedir: '/home/u' }), '/c');
    assert.equal(cacheDir({ platform: 'linux', env: { PROXY_SELLER_TRAFFIC_CACHE_DIR: 'off' }, homedir: '/home/u' }), null);
  });
});
