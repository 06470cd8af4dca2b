// Atomic writes and moving corrupt files aside, on real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moveAside, writeFileAtomic } from '../src/core/fs/atomic.js';

test('writeFileAtomic replaces the whole file, private, and leaves no temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pst-atomic-'));
  try {
    const f = join(dir, 'sub', 'a.json');
    await writeFileAtomic(f, 'one');
    await writeFileAtomic(f, 'two');
    assert.equal(await readFile(f, 'utf8'), 'two');
    assert.equal((await stat(f)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(dir, 'sub')), ['a.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('moveAside never overwrites an earlier backup made at the same instant', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pst-atomic-'));
  try {
    const f = join(dir, 'h.json');
    const now = Date.parse('2026-11-26T01:02:03.004Z');
    await writeFile(f, 'first');
    const a = await moveAside(f, now);
    await writeFile(f, 'second');
    const b = await moveAside(f, now);
    assert.notEqual(a, b);
    assert.equal(await readFile(a, 'utf8'), 'first');
    assert.equal(await readFile(b, 'utf8'), 'second');
    assert.match(a, /h\.json\.corrupt-2026-11-26T01-02-03-004Z$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
