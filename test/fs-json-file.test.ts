// The one JSON-file store (src/core/fs/json-file.ts) on real temp files: every way a file can be
// found, and what is done with it.
import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadJsonFile, readJsonFile, writeJsonFile, type Aside, type Decoded, type JsonFault, type JsonLoadOptions } from '../src/core/fs/json-file.js';

const NOW = Date.parse('2026-05-04T03:02:01.009Z');
const STAMP = '2026-05-04T03-02-01-009Z';
const schema = z.object({ version: z.literal(1), count: z.number().int().nonnegative() });
type Counter = z.infer<typeof schema>;

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pst-json-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Records what describe() was told, and words it plainly. */
function options(seen: Array<{ fault: JsonFault; aside: Aside }> = []): JsonLoadOptions<Counter> {
  return {
    decode: schema,
    fallback: () => ({ version: 1, count: 0 }),
    clock: () => NOW,
    describe: (fault, aside, path) => {
      seen.push({ fault, aside });
      return `${path}: ${fault.kind}; ${aside.movedTo !== null ? aside.movedTo : `stayed (${aside.stayed})`}`;
    },
  };
}

describe('loadJsonFile', () => {
  test('a missing file (or folder) gives the fallback, no problem, and creates nothing', async () => {
    assert.deepEqual(await loadJsonFile(join(dir, 'c.json'), options()), { value: { version: 1, count: 0 }, problem: null, movedTo: null });
    assert.deepEqual(await loadJsonFile(join(dir, 'not', 'yet', 'c.json'), options()), { value: { version: 1, count: 0 }, problem: null, movedTo: null });
    assert.deepEqual(await readdir(dir), []);
  });

  test('a valid file gives its value and is left as it is; a UTF-8 BOM is accepted', async () => {
    const path = join(dir, 'c.json');
    await writeFile(path, '{"version":1,"count":7}');
    assert.deepEqual(await loadJsonFile(path, options()), { value: { version: 1, count: 7 }, problem: null, movedTo: null });
    await writeFile(path, '\uFEFF{"version":1,"count":8}');
    assert.deepEqual((await loadJsonFile(path, options())).value, { version: 1, count: 8 });
    assert.deepEqual(await readdir(dir), ['c.json']);
  });

  test('text that is not JSON, and an empty file, are moved aside with the reason and nothing is lost', async () => {
    for (const [name, text, kind] of [
      ['a.json', '{"version":1,"cou', 'not-json'],
      ['b.json', '  \n', 'empty'],
    ] as const) {
      const seen: Array<{ fault: JsonFault; aside: Aside }> = [];
      const path = join(dir, name);
      await writeFile(path, text);
      const loaded = await loadJsonFile(path, options(seen));
      const aside = `${path}.corrupt-${STAMP}`;
      assert.deepEqual(loaded, { value: { version: 1, count: 0 }, problem: `${path}: ${kind}; ${aside}`, movedTo: aside });
      assert.equal(seen[0]?.fault.kind, kind);
      if (seen[0]?.fault.kind === 'not-json') assert.match(seen[0].fault.detail, /JSON/);
      assert.equal(await readFile(aside, 'utf8'), text, 'nothing lost');
      await assert.rejects(stat(path), { code: 'ENOENT' });
    }
  });

  test('JSON of the wrong shape is moved aside with the failing field named by the zod schema', async () => {
    const seen: Array<{ fault: JsonFault; aside: Aside }> = [];
    const path = join(dir, 'c.json');
    await writeFile(path, '{"version":1,"count":-1}');
    const loaded = await loadJsonFile(path, options(seen));
    assert.deepEqual(seen[0]?.fault, { kind: 'invalid', detail: 'count: Too small: expected number to be >=0' });
    assert.equal(loaded.movedTo, `${path}.corrupt-${STAMP}`);

    await writeFile(path, '[1,2]');
    await loadJsonFile(path, { ...options(seen), clock: () => NOW + 1 });
    assert.equal(seen[1]?.fault.kind, 'invalid');
    assert.match(seen[1]?.fault.kind === 'invalid' ? seen[1].fault.detail : '', /^\(root\): /);
    assert.equal((await readdir(dir)).length, 2, 'two copies, the first not overwritten');
  });

  test('a decode function decides too, and its reason is passed on', async () => {
    const path = join(dir, 'c.json');
    await writeFile(path, '{"format":"someone-else"}');
    const decode = (raw: unknown): Decoded<Counter> =>
      typeof raw === 'object' && raw !== null && 'format' in raw ? { ok: false, reason: `another program's file (format ${JSON.stringify(raw.format)})` } : { ok: true, value: { version: 1, count: 1 } };
    const seen: Array<{ fault: JsonFault; aside: Aside }> = [];
    const loaded = await loadJsonFile(path, { ...options(seen), decode });
    assert.deepEqual(seen[0]?.fault, { kind: 'invalid', detail: 'another program\'s file (format "someone-else")' });
    assert.equal(await readFile(loaded.movedTo ?? '', 'utf8'), '{"format":"someone-else"}');
  });

  test('a directory in the file\'s place cannot be read: it is moved aside (with what it holds), not thrown', async () => {
    const path = join(dir, 'c.json');
    await mkdir(path);
    await writeFile(join(path, 'inside.txt'), 'kept');
    const seen: Array<{ fault: JsonFault; aside: Aside }> = [];
    const loaded = await loadJsonFile(path, options(seen));
    assert.equal(seen[0]?.fault.kind, 'unreadable');
    assert.match(seen[0]?.fault.kind === 'unreadable' ? seen[0].fault.detail : '', /EISDIR/);
    assert.deepEqual(loaded.value, { version: 1, count: 0 });
    assert.equal(await readFile(join(loaded.movedTo ?? '', 'inside.txt'), 'utf8'), 'kept');
  });

  test('a file without read permission is moved aside, not thrown', { skip: process.getuid?.() === 0 ? 'running as root: chmod 000 does not stop root reading the file' : false }, async () => {
    const path = join(dir, 'c.json');
    await writeFile(path, '{"version":1,"count":7}');
    await chmod(path, 0o000);
    const seen: Array<{ fault: JsonFault; aside: Aside }> = [];
    const loaded = await loadJsonFile(path, options(seen));
    assert.equal(seen[0]?.fault.kind, 'unreadable');
    assert.equal(loaded.movedTo, `${path}.corrupt-${STAMP}`);
  });

  test('a file that cannot be moved aside stays where it is, untouched, and the problem says so', async () => {
    // A name so long that the moved-aside name (33 characters more) is too long for the file system.
    const path = join(dir, `${'n'.repeat(235)}.json`);
    await writeFile(path, 'not json');
    const seen: Array<{ fault: JsonFault; aside: Aside }> = [];
    const loaded = await loadJsonFile(path, options(seen));
    assert.equal(loaded.movedTo, null);
    assert.deepEqual(loaded.value, { version: 1, count: 0 });
    assert.equal(seen[0]?.aside.movedTo, null);
    assert.match(loaded.problem ?? '', /: not-json; stayed \(ENAMETOOLONG/);
    assert.equal(await readFile(path, 'utf8'), 'not json');
  });
});

describe('readJsonFile', () => {
  test('changes nothing on disk, whatever it finds', async () => {
    const path = join(dir, 'c.json');
    assert.deepEqual(await readJsonFile(path, schema), { kind: 'missing' });
    await writeFile(path, 'nope');
    const read = await readJsonFile(path, schema);
    assert.equal(read.kind, 'fault');
    assert.deepEqual(await readdir(dir), ['c.json']);
  });
});

describe('writeJsonFile', () => {
  test('writes compact JSON atomically, private, with no temp file left; indent for files people edit', async () => {
    const path = join(dir, 'sub', 'c.json');
    await writeJsonFile(path, { version: 1, count: 3 });
    assert.equal(await readFile(path, 'utf8'), '{"version":1,"count":3}');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    await writeJsonFile(path, { version: 1, count: 4 }, { indent: 2 });
    assert.equal(await readFile(path, 'utf8'), '{\n  "version": 1,\n  "count": 4\n}\n');
    assert.deepEqual(await readdir(join(dir, 'sub')), ['c.json']);
    assert.deepEqual((await loadJsonFile(path, options())).value, { version: 1, count: 4 });
  });
});
