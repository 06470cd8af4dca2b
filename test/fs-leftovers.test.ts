// Leftovers of interrupted writes and old moved-aside copies are pruned at start, in real folders.
import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describeRemoved, removeLeftovers } from '../src/core/fs/leftovers.js';
import { moveAside } from '../src/core/fs/atomic.js';
import { startAppUnderTest } from './harness/app-under-test.js';
import { listFiles } from './support/files.js';

const HOUR = 3_600_000;
let dir: string;

async function put(rel: string, ageMs = 0, body = 'x'): Promise<string> {
  const path = join(dir, rel);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, body);
  const t = (Date.now() - ageMs) / 1000;
  await utimes(path, t, t);
  return path;
}

async function left(): Promise<string[]> {
  return (await listFiles(dir)).map((p) => relative(dir, p)).sort();
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

describe('removeLeftovers', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-leftovers-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('temp files of interrupted writes older than an hour go; younger ones may be a write under way', async () => {
    await put('.sync-state.json.4242.1764000000000.tmp', 2 * HOUR, 'a'.repeat(100));
    await put('history/.abcdef0123456789abcd.json.77.1764000000001.tmp', 3 * HOUR, 'b'.repeat(50));
    await put('demo/history/.k.json.9.1764000000002.tmp', 26 * HOUR);
    await put('settings.json.tmp-1764000000a1b2c3', 2 * HOUR);
    await put('.alerts.json.5.1764000000003.tmp', 10 * 60_000);
    await put('settings.json');
    await put('history/abcdef0123456789abcd.json');
    await put('notes.tmp', 5 * HOUR);

    const removed = await removeLeftovers(dir, { now: Date.now() });
    assert.deepEqual(await left(), ['.alerts.json.5.1764000000003.tmp', 'history/abcdef0123456789abcd.json', 'notes.tmp', 'settings.json']);
    assert.equal(removed.length, 4);
    assert.ok(removed.every((r) => r.why === 'temp'));
    const line = describeRemoved(removed, dir);
    assert.ok(line !== null);
    assert.match(line, /^Removed from .*: 4 temp files left by interrupted writes \(\d+ B: /);
    assert.match(line, /\.sync-state\.json\.4242\.1764000000000\.tmp/);
  });

  test('lock files a killed process was moving away (older than an hour) go; a younger one may be a recovery under way', async () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    await put(`history/abcdef0123456789abcd.tz-UTC.lock.stale-${uuid}`, 2 * HOUR);
    await put(`history/abcdef0123456789abcd.migrate.lock.release-${uuid}`, 2 * HOUR);
    await put(`demo/history/k.tz-UTC.lock.stale-${uuid}`, 10 * 60_000);
    await put('history/abcdef0123456789abcd.tz-UTC.lock', 2 * HOUR);
    const removed = await removeLeftovers(dir, { now: Date.now() });
    assert.deepEqual(await left(), [`demo/history/k.tz-UTC.lock.stale-${uuid}`, 'history/abcdef0123456789abcd.tz-UTC.lock']);
    assert.equal(removed.length, 2);
  });

  test('of each file the 5 newest moved-aside copies stay, per file and per folder', async () => {
    const base = Date.UTC(2026, 10, 1);
    const history = join(dir, 'history', 'abcdef0123456789abcd.json');
    await put('history/abcdef0123456789abcd.json');
    // Eight real set-asides through moveAside, each a day apart, two in the same millisecond.
    for (let i = 0; i < 7; i++) {
      await writeFile(history, `v${i}`);
      await moveAside(history, base + i * 86_400_000);
    }
    await writeFile(history, 'v7');
    await moveAside(history, base + 6 * 86_400_000);
    await writeFile(history, 'current');
    for (let i = 0; i < 3; i++) await put(`settings.json.before-repair-${stamp(base + i * HOUR)}`);
    await put('demo/sync-state.json.corrupt-' + stamp(base));

    const removed = await removeLeftovers(dir, { now: Date.now() });
    const remaining = await left();
    const asides = remaining.filter((f) => f.startsWith('history/') && f.includes('.corrupt-'));
    const copy = (day: number, n = ''): string => `history/abcdef0123456789abcd.json.corrupt-${stamp(base + day * 86_400_000)}${n}`;
    assert.deepEqual(asides, [copy(3), copy(4), copy(5), copy(6), copy(6, '-1')], 'the five newest, the later of two in one millisecond included');
    assert.ok(remaining.includes('history/abcdef0123456789abcd.json'), 'the live file is never touched');
    assert.equal(remaining.filter((f) => f.startsWith('settings.json.before-repair-')).length, 3, 'fewer than five: all kept');
    assert.ok(remaining.includes(`demo/sync-state.json.corrupt-${stamp(base)}`));
    assert.equal(removed.length, 3);
    assert.ok(removed.every((r) => r.why === 'aside'));
    assert.match(describeRemoved(removed, dir) ?? '', /3 moved-aside copies beyond the newest 5 of each file/);
  });

  test('only the folders the app writes are swept: Chromium’s caches and other programs’ files are not ours', async () => {
    await put('Cache/Cache_Data/.index.1.1764000000000.tmp', 5 * HOUR);
    await put('Local Storage/leveldb/x.json.corrupt-2026-01-01T00-00-00-000Z');
    for (let i = 0; i < 7; i++) await put(`GPUCache/data.corrupt-${stamp(Date.UTC(2026, 0, 1 + i))}`);
    await put('api-tz/Asia_Tokyo/history/.k.json.3.1764000000000.tmp', 5 * HOUR);
    await put('api-tz/Asia_Tokyo/.sync-state.json.3.1764000000000.tmp', 5 * HOUR);
    const removed = await removeLeftovers(dir, { now: Date.now() });
    assert.deepEqual(removed.map((r) => relative(dir, r.path)).sort(), ['api-tz/Asia_Tokyo/.sync-state.json.3.1764000000000.tmp', 'api-tz/Asia_Tokyo/history/.k.json.3.1764000000000.tmp']);
    assert.ok((await left()).includes('Cache/Cache_Data/.index.1.1764000000000.tmp'));
    assert.equal((await left()).filter((f) => f.startsWith('GPUCache/')).length, 7);
  });

  test('nothing to remove says nothing; a missing folder is no error', async () => {
    await put('settings.json');
    assert.deepEqual(await removeLeftovers(dir, { now: Date.now() }), []);
    assert.equal(describeRemoved([], dir), null);
    assert.deepEqual(await removeLeftovers(join(dir, 'nope'), { now: Date.now() }), []);
  });

  test('the app removes them when it starts', async () => {
    const app = await startAppUnderTest({ withKey: true, start: false });
    const own = dir;
    try {
      dir = app.dataDir;
      await put('history/.k.json.1.1764000000000.tmp', 2 * HOUR, 'x'.repeat(64 * 1024));
      await app.controller.start();
      assert.ok(!(await left()).some((f) => f.endsWith('.tmp')), 'the old temp file is gone');
    } finally {
      await app.close();
      dir = own;
    }
  });
});
