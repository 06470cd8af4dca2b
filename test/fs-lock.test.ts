import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LockTimeoutError, withFileLock } from '../src/core/fs/lock.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function lockPath(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pst-lock-'));
  dirs.push(d);
  return join(d, 'sub', 'x.lock');
}
/** A pid that surely ran and ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

describe('file lock', () => {
  test('holds the lock file (pid, host, time) while the work runs and removes it after', async () => {
    const path = await lockPath();
    const seen = await withFileLock(path, async () => JSON.parse(await readFile(path, 'utf8')) as { pid: number; host: string; at: number });
    assert.equal(seen.pid, process.pid);
    assert.equal(seen.host, hostname());
    await assert.rejects(stat(path), { code: 'ENOENT' });
  });

  test('work under one lock never overlaps', async () => {
    const path = await lockPath();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(path, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    assert.equal(most, 1);
  });

  test('a lock left by a dead process is taken over at once', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {}); // makes the folder
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), at: Date.now(), token: 't' }));
    const t = Date.now();
    assert.equal(await withFileLock(path, async () => 'ran', { timeoutMs: 1_000 }), 'ran');
    assert.ok(Date.now() - t < 1_000);
  });

  test('a lock held too long (or half written) is stale even if its pid runs', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now() - 60_000, token: 't' }));
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 30_000, timeoutMs: 500 }), 'ran');
    await writeFile(path, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 30_000, timeoutMs: 500 }), 'ran');
  });

  test('a live holder is waited for, then a clear error says who holds it', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now(), token: 't' }));
    await assert.rejects(withFileLock(path, async () => 'ran', { timeoutMs: 200 }), (e: unknown) => e instanceof LockTimeoutError && e.message.includes(`held by process ${process.ppid}`));
    assert.match(await readFile(path, 'utf8'), /"token":"t"/, 'the holder\'s lock is left alone');
  });
});
