import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { LockLostError, LockTimeoutError, withFileLock } from '../src/core/fs/lock.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function lockPath(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pst-lock-'));
  dirs.push(d);
  return join(d, 'sub', 'x.lock');
}
/** This host's monotonic clock, as the lock reads it. */
const monoNow = (): number => Number(process.hrtime.bigint() / 1_000_000n);
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

  test('a lock not beaten for staleMs (or half written) is stale even if its pid runs', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now() - 60_000, mono: monoNow() - 60_000, token: 't' }));
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 30_000, timeoutMs: 500 }), 'ran');
    await writeFile(path, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 30_000, timeoutMs: 500 }), 'ran');
  });

  test('a live holder is waited for, then a clear error says who holds it', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now(), mono: monoNow(), token: 't' }));
    await assert.rejects(withFileLock(path, async () => 'ran', { timeoutMs: 200 }), (e: unknown) => e instanceof LockTimeoutError && e.message.includes(`held by process ${process.ppid}`));
    assert.match(await readFile(path, 'utf8'), /"token":"t"/, 'the holder\'s lock is left alone');
  });

  test('a live holder on another host whose clock is behind is waited for while it beats', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    let beat = 0;
    // Written as the lock module writes its beats (whole, by a rename): a plain writeFile could be read half done.
    const write = async () => {
      const tmp = `${path}.beat-${beat}`;
      await writeFile(tmp, JSON.stringify({ pid: 4242, host: 'laptop-b', at: Date.now() - 40_000, beat: beat++, token: 'b' }));
      await rename(tmp, path);
    };
    await write();
    const beating = setInterval(() => void write(), 50);
    try {
      let entered = false;
      await assert.rejects(
        withFileLock(path, async () => (entered = true), { staleMs: 300, timeoutMs: 1_000 }),
        (e: unknown) => e instanceof LockTimeoutError && /held by process 4242 on laptop-b \(last sign of life 0 s ago\)/.test(e.message),
      );
      assert.equal(entered, false);
    } finally {
      clearInterval(beating);
    }
    assert.match(await readFile(path, 'utf8'), /"token":"b"/);
  });

  test('a crashed holder on another host whose clock is ahead is taken over once it has been silent for staleMs', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    await writeFile(path, JSON.stringify({ pid: 4242, host: 'laptop-b', at: Date.now() + 600_000, token: 'c' }));
    const t = Date.now();
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 300, timeoutMs: 5_000 }), 'ran');
    assert.ok(Date.now() - t >= 250, 'waited for it to stay silent');
  });

  test('on this host the wall clock set back or forward neither takes a live lock nor keeps a stale one', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    // A live holder (its pid runs) that beat just now, by a wall clock 10 minutes ahead (set back since).
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now() + 600_000, mono: monoNow(), token: 'd' }));
    await assert.rejects(withFileLock(path, async () => 'ran', { staleMs: 5_000, timeoutMs: 300 }), (e: unknown) => e instanceof LockTimeoutError && !/life -\d/.test(e.message));
    // Its pid reused by a live process: its last beat by the monotonic clock is long ago, or was made before a restart.
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now() + 600_000, mono: monoNow() - 60_000, token: 'e' }));
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 5_000, timeoutMs: 300 }), 'ran');
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now(), mono: monoNow() + 3_600_000, token: 'f' }));
    assert.equal(await withFileLock(path, async () => 'ran', { staleMs: 5_000, timeoutMs: 300 }), 'ran');
  });

  test('a hold longer than staleMs beats, so it is never taken over while it runs', async () => {
    const path = await lockPath();
    const order: string[] = [];
    const long = withFileLock(path, async () => {
      order.push('long in');
      await new Promise((r) => setTimeout(r, 1_000));
      order.push('long out');
    }, { staleMs: 200 });
    await new Promise((r) => setTimeout(r, 50));
    await withFileLock(path, async () => order.push('second'), { staleMs: 200, timeoutMs: 5_000 });
    await long;
    assert.deepEqual(order, ['long in', 'long out', 'second']);
  });

  test('a holder taken over as stale learns it before writing, and its release leaves the successor\'s lock alone', async () => {
    const path = await lockPath();
    const successor = JSON.stringify({ pid: 4242, host: 'laptop-b', at: Date.now(), token: 'next' });
    await assert.rejects(
      withFileLock(path, async (lock) => {
        await lock.assertHeld();
        // Judged stale meanwhile (this process stalled): another took the lock.
        await writeFile(`${path}.new`, successor);
        await rename(`${path}.new`, path);
        await lock.assertHeld();
      }),
      (e: unknown) => e instanceof LockLostError,
    );
    assert.equal(await readFile(path, 'utf8'), successor);
  });

  test('many processes recovering one stale lock at once: one holder at a time', async () => {
    const path = await lockPath();
    await withFileLock(path, async () => {});
    for (let round = 0; round < 5; round++) {
      await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), at: Date.now(), token: `dead${round}` }));
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 6 }, () =>
          withFileLock(path, async () => {
            most = Math.max(most, ++inside);
            await new Promise((r) => setTimeout(r, 5));
            inside--;
          }, { timeoutMs: 5_000 }),
        ),
      );
      assert.equal(most, 1, `round ${round}`);
    }
    assert.deepEqual((await readdir(dirname(path))).filter((n) => n !== 'x.lock'), [], 'no private names left behind');
  });
});
