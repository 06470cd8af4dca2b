// A package key names the history file: one that is not a safe name is refused where it enters
// (the API answer, the state file), never later as a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePackage } from '../src/core/api/parse-package.js';
import { MalformedResponseError, toProblem } from '../src/core/api/errors.js';
import { loadSyncState, STATE_FILE } from '../src/core/sync/state.js';

const pkg = (key: string) => ({ package_key: key, is_active: true, traffic_limit: '100', traffic_usage: '10', traffic_left: '90', expired_at: '2026-12-31 23:59:59' });

test('the API answer: a key with path characters is a malformed answer naming the field', () => {
  assert.equal(parsePackage(pkg('0123456789abcdef0123'), 'UTC').key, '0123456789abcdef0123');
  for (const bad of ['pkg.v2:0001', '../../etc', 'a/b', 'x'.repeat(65)]) {
    assert.throws(() => parsePackage(pkg(bad), 'UTC'), (e: unknown) => e instanceof MalformedResponseError && e.path === 'data.package_key');
  }
});

test('the state file: such a key makes the file unreadable, so it is moved aside and the app starts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pst-pkgkey-'));
  try {
    const state = { version: 1, package: { key: 'pkg.v2:0001', active: true, limitBytes: 1, usedBytes: 0, leftBytes: 1, reservedBytes: 0, expiresAt: null, autoRenew: null, rotationSeconds: null, tariffId: null }, packageFetchedAt: 1, lastSuccessAt: 1, lastAttemptAt: 1, problem: null };
    await writeFile(join(dir, STATE_FILE), JSON.stringify(state));
    const loaded = await loadSyncState(dir, Date.parse('2026-11-26T00:00:00Z'));
    assert.equal(loaded.state.package, null);
    assert.match(loaded.problem ?? '', /package\.key/);
    assert.ok((await readdir(dir)).some((f) => f.startsWith(`${STATE_FILE}.corrupt-`)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an unexpected error is not passed off as a network fault', () => {
  const p = toProblem(new RangeError('something with https://proxy-seller.com/personal/api/v1/KEY/ in it'));
  assert.equal(p.message, 'The sync failed unexpectedly (RangeError).');
  assert.ok(!p.message.includes('KEY'));
});
