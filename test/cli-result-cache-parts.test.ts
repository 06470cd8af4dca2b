// The result cache's parts in Node (the whole, through the built CLI: cli-result-cache.test.ts): the
// window a `today` offers, its confirmation by rendering again, what the fs observer records, the
// entry's checks against real files, and the key's coverage of every variable the CLI reads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newReadLog, noteFile, observeFs, stampOf } from '../src/cli/read-log.js';
import { answerFromCache, confirmWindow, KEY_ENV, keepResult, RACY_MS, readsAreKeepable, resultKey, resultPath, type KeptRun, type ResultCacheDeps, type RunInputs } from '../src/cli/result-cache.js';
import { resultValidUntil, type ResultOffer } from '../src/cli/result-offer.js';
import { runCli } from '../src/cli/main.js';
import { listFiles } from './support/files.js';

const MIN = 60_000;
const DEPS: ResultCacheDeps = { fs, join, sha256: (t) => createHash('sha256').update(t).digest('hex') };
const INPUTS: RunInputs = {
  argv: ['/usr/bin/node', '/x/proxy-seller-traffic.mjs', 'today'],
  cwd: '/home/u',
  env: { HOME: '/home/u', PROXY_SELLER_API_KEY: 'secret-key-0001', PATH: '/bin' },
  node: { version: 'v20.0.0', platform: 'linux', arch: 'x64' },
  stdoutIsTty: false,
  build: ['1:2:3', '4:5:6'],
};

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pst-result-parts-'));
});
after(() => rm(root, { recursive: true, force: true }));

describe('the window a read-only today offers', () => {
  const base = { lastSuccessAt: 10 * MIN, maxAgeMs: 5 * MIN, staleAfterMs: 10 * MIN, expiresAt: null };

  test('ends at the next minute when nothing comes sooner', () => {
    assert.equal(resultValidUntil({ ...base, now: 12 * MIN + 1234 }), 13 * MIN);
    assert.equal(resultValidUntil({ ...base, now: 12 * MIN }), 13 * MIN, 'a run on the minute stands for the whole of it');
  });

  test('ends the millisecond the poll falls due (fresh through lastSuccessAt + max age), the snapshot turns stale, or the package expires', () => {
    assert.equal(resultValidUntil({ ...base, lastSuccessAt: 10 * MIN + 500, now: 15 * MIN + 100 }), 15 * MIN + 501);
    assert.equal(resultValidUntil({ ...base, maxAgeMs: 60 * MIN, staleAfterMs: 2 * MIN + 30_000, now: 12 * MIN + 1 }), 12 * MIN + 30_001);
    assert.equal(resultValidUntil({ ...base, expiresAt: 12 * MIN + 7, now: 12 * MIN }), 12 * MIN + 7);
    assert.equal(resultValidUntil({ ...base, expiresAt: 11 * MIN, now: 12 * MIN }), 13 * MIN, 'expired already: that moment is behind');
  });
});

describe('the window confirmed by rendering again', () => {
  function run(output: (at: number) => string | null, validUntil: number): KeptRun & { asked: number[] } {
    const asked: number[] = [];
    return { stdout: 'A\n', validUntil, asked, renderAt: async (at) => (asked.push(at), output(at)) };
  }

  test('the same output across the window, its last millisecond included, confirms it', async () => {
    const r = run(() => 'A\n', 60_000);
    assert.equal(await confirmWindow(r, 5_000), true);
    assert.equal(r.asked[0], 5_000);
    assert.equal(r.asked.at(-1), 59_999);
    assert.ok(r.asked.every((t, i) => i === 0 || t > r.asked[i - 1]!));
  });

  test('an output that changes within the window, or a render that would not be clean, refuses it', async () => {
    assert.equal(await confirmWindow(run((at) => (at < 40_000 ? 'A\n' : 'B\n'), 60_000), 5_000), false);
    assert.equal(await confirmWindow(run((at) => (at === 59_999 ? 'B\n' : 'A\n'), 60_000), 5_000), false);
    assert.equal(await confirmWindow(run(() => null, 60_000), 5_000), false);
    assert.equal(await confirmWindow(run(() => 'A\n', 5_000), 5_000), false, 'an empty window');
  });
});

describe('what the fs observer records', () => {
  test('each path read is stamped once, before the call; writes, descriptors and writing opens make the run unsure', async () => {
    const file = join(root, 'seen.json');
    await writeFile(file, '{}');
    const calls: string[] = [];
    // A stand-in for node:fs with the real stat calls: the observer is given the module it patches.
    const fake = {
      statSync: fs.statSync,
      lstatSync: fs.lstatSync,
      readFileSync: (p: unknown) => (calls.push(`readFileSync ${String(p)}`), '{}'),
      openSync: (p: unknown, flags?: unknown) => (calls.push(`openSync ${String(p)} ${String(flags)}`), 3),
      writeFileSync: () => calls.push('writeFileSync'),
      promises: { readdir: async (p: unknown) => (calls.push(`readdir ${String(p)}`), []) },
    };
    const log = newReadLog();
    const stop = observeFs(fake as unknown as typeof fs, log, { resolve: (p) => resolve(root, p), fromUrl: fileURLToPath });
    const target = fake as unknown as typeof fs;
    target.readFileSync('seen.json');
    target.readFileSync(file);
    await target.promises.readdir(new URL(`file://${root}`));
    assert.equal(log.unsure, false);
    assert.deepEqual([...log.files.keys()], [`s:${file}`, `s:${root}`]);
    assert.equal(log.files.get(`s:${file}`), stampOf(fs, file, false).stamp);
    target.openSync(file, 'r');
    assert.equal(log.unsure, false, 'a reading open');
    target.openSync(file, 'a');
    assert.equal(log.unsure, true, 'an appending open');
    stop();
    const second = newReadLog();
    const stop2 = observeFs(fake as unknown as typeof fs, second, { resolve: (p) => p, fromUrl: fileURLToPath });
    target.readFileSync(7 as unknown as string);
    assert.equal(second.unsure, true, 'a descriptor names no file');
    stop2();
    stop();
    target.writeFileSync(file, 'x');
    assert.equal(calls.length, 7, 'every call reached the real function');
    assert.equal(log.calls, 5, 'nothing recorded once stopped, a second stop included');
  });

  test('a file changed within RACY_MS of the run is not trusted by its stamp; an absent file is recorded as absent', async () => {
    const file = join(root, 'racy.json');
    await writeFile(file, '{}');
    const log = newReadLog();
    noteFile(fs, log, file, false);
    noteFile(fs, log, join(root, 'none.json'), false);
    assert.equal(log.files.get(`s:${join(root, 'none.json')}`), '-');
    assert.equal(readsAreKeepable(log, Date.now()), false);
    assert.equal(readsAreKeepable(log, Date.now() + RACY_MS + 1000), true);
  });
});

describe('a kept entry checked against its files', () => {
  test('answers while its files stand; a change, a foreign key or a damaged file is no answer, and never a failure', async () => {
    const dir = join(root, 'entries');
    const file = join(root, 'input.json');
    await writeFile(file, '{"a":1}');
    const key = resultKey(DEPS, INPUTS);
    const path = resultPath(DEPS, dir, key);
    const now = Date.now();
    const entry = { key, from: now - 1000, until: now + MIN, stdout: 'figures\n', files: [[`s:${file}`, stampOf(fs, file, false).stamp]] as Array<[string, string]> };
    assert.equal(keepResult(DEPS, dir, path, entry, now), true);
    assert.equal(answerFromCache(DEPS, path, key, now), 'figures\n');
    assert.equal(answerFromCache(DEPS, path, resultKey(DEPS, { ...INPUTS, cwd: '/elsewhere' }), now), null);
    await writeFile(path, '{"v":1,"key":');
    assert.equal(answerFromCache(DEPS, path, key, now), null);
    await writeFile(path, JSON.stringify({ ...entry, v: 1, files: [['x:/etc/passwd', '1']] }));
    assert.equal(answerFromCache(DEPS, path, key, now), null, 'an id of no kind');
    keepResult(DEPS, dir, path, entry, now);
    await writeFile(file, '{"a":2}');
    assert.equal(answerFromCache(DEPS, path, key, now), null);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  });

  test('the key hashes every input: the API key changes it, yet is nowhere in the entry', async () => {
    const key = resultKey(DEPS, INPUTS);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.notEqual(resultKey(DEPS, { ...INPUTS, env: { ...INPUTS.env, PROXY_SELLER_API_KEY: 'secret-key-0002' } }), key);
    assert.notEqual(resultKey(DEPS, { ...INPUTS, env: { ...INPUTS.env, TZ: 'Asia/Tokyo' } }), key);
    assert.notEqual(resultKey(DEPS, { ...INPUTS, build: ['1:2:3', '4:5:7'] }), key);
    assert.notEqual(resultKey(DEPS, { ...INPUTS, stdoutIsTty: true }), key);
    assert.equal(resultKey(DEPS, { ...INPUTS, env: { ...INPUTS.env, PATH: '/usr/bin' } }), key, 'a variable the CLI never reads');
    const dir = join(root, 'nokey');
    keepResult(DEPS, dir, resultPath(DEPS, dir, key), { key, from: 0, until: 1, stdout: 'x\n', files: [] }, Date.now());
    for (const f of await listFiles(dir)) assert.ok(!(await readFile(f, 'utf8')).includes('secret-key-0001'));
  });

  test('every environment variable the CLI and the core read is part of the key', async () => {
    const src = resolve(import.meta.dirname, '../src');
    const names = new Set<string>();
    for (const dir of ['core', 'cli', 'shared']) {
      for (const file of await listFiles(join(src, dir))) {
        if (!file.endsWith('.ts')) continue;
        const text = await readFile(file, 'utf8');
        for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) names.add((m[1] ?? m[2])!);
        for (const m of text.matchAll(/['"](PROXY_SELLER_[A-Z0-9_]+)['"]/g)) names.add(m[1]!);
      }
    }
    assert.ok(names.has('XDG_CONFIG_HOME') && names.has('PROXY_SELLER_API_KEY'), [...names].join(', '));
    for (const name of names) assert.ok(name.startsWith('PROXY_SELLER_') || (KEY_ENV as readonly string[]).includes(name), `${name} is read by the CLI but not in the result cache's key`);
  });
});

describe("today's offer, in process", () => {
  test('a read-only today offers its output until the next minute, rendered again the same at a later moment; --json and a due poll offer nothing', async () => {
    const dir = join(root, 'offer');
    await fs.promises.mkdir(dir, { recursive: true });
    const now = Date.UTC(2026, 11, 2, 10, 20, 15);
    const pkg = { key: 'pkg-offer-1', active: true, limitBytes: 100e9, usedBytes: 40e9, leftBytes: 60e9, expiresAt: now + 20 * 86_400_000, autoRenew: false, rotationSeconds: null, tariffId: null };
    await writeFile(join(dir, 'sync-state.json'), JSON.stringify({ version: 1, package: pkg, packageFetchedAt: now - MIN, lastSuccessAt: now - MIN, lastAttemptAt: now - MIN, problem: null }));
    let clock = now;
    let out = '';
    const offers: ResultOffer[] = [];
    const io = {
      env: { PROXY_SELLER_API_KEY: 'offer-key-0001', PROXY_SELLER_TRAFFIC_DATA_DIR: dir },
      stdout: (t: string) => (out += `${t}\n`),
      stderr: (t: string) => assert.fail(`stderr: ${t}`),
      readStdin: () => Promise.reject(new Error('no stdin')),
      fetch: () => Promise.reject(new Error('no network in this test')),
      clock: () => clock,
      onTerminate: () => {},
      self: { node: 'node', script: 'cli' },
      localTimeZone: () => 'Europe/Berlin',
      offerResult: (o: ResultOffer) => offers.push(o),
    };
    assert.equal(await runCli(['today', '--format', 'polybar'], io), 0);
    assert.equal(offers.length, 1);
    const offer = offers[0]!;
    assert.equal(offer.validUntil, Date.UTC(2026, 11, 2, 10, 21, 0));
    let again = '';
    clock = offer.validUntil - 1;
    assert.equal(await offer.render({ stdout: (t) => (again += `${t}\n`), stderr: (t) => assert.fail(t) }), 0);
    assert.equal(again, out);
    clock = now;
    assert.equal(await runCli(['today', '--json'], io), 0);
    assert.equal(offers.length, 1, '--json');
    // Past the poll interval (5 minutes by default) a run polls, and the network here fails: nothing is offered.
    clock = now + 10 * MIN;
    await runCli(['today'], { ...io, stderr: () => {} });
    assert.equal(offers.length, 1, 'a run that had to poll');
  });
});
