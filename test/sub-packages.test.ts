// Sub-user packages (resellers, teams): the parser of residentsubuser/packages in every shape the
// reference lists, the main package's reserved traffic, and the fake API with several keys over
// real HTTP, each key with its own package, sub-packages and traffic.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiClient } from '../src/core/api/client.js';
import { MalformedResponseError } from '../src/core/api/errors.js';
import { samplesOf } from '../src/core/api/parse-details.js';
import { parsePackage } from '../src/core/api/parse-package.js';
import { createParseReport } from '../src/core/api/parse-report.js';
import { parseSubPackages } from '../src/core/api/parse-subpackages.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';

const GB = 1e9;
const sub = (key: string, extra: Record<string, unknown> = {}) => ({
  package_key: key,
  traffic_limit: '10000000000',
  traffic_usage: '2500000000',
  traffic_left: '7500000000',
  expired_at: { date: '2026-12-20 23:59:59.000000', timezone_type: 3, timezone: 'UTC' },
  is_active: true,
  is_link_date: false,
  rotation: 60,
  ...extra,
});

describe('parseSubPackages', () => {
  test('v1 sends them under data.items, v2 as a flat array: both read alike, expiry from the PHP date object', () => {
    const v1 = parseSubPackages({ items: [sub('aaaa1111bbbb2222cccc')] }, 'UTC');
    const v2 = parseSubPackages([sub('aaaa1111bbbb2222cccc')], 'UTC');
    assert.deepEqual(v1, v2);
    assert.equal(v1.length, 1);
    assert.deepEqual(
      { key: v1[0]!.key, limit: v1[0]!.limitBytes, used: v1[0]!.usedBytes, left: v1[0]!.leftBytes, reserved: v1[0]!.reservedBytes, expires: v1[0]!.expiresAt },
      { key: 'aaaa1111bbbb2222cccc', limit: 10 * GB, used: 2.5 * GB, left: 7.5 * GB, reserved: 0, expires: Date.UTC(2026, 11, 20, 23, 59, 59) },
    );
  });

  test('the date object names its own zone, whatever the API zone setting says', () => {
    const [p] = parseSubPackages([sub('k1', { expired_at: { date: '2026-12-20 23:59:59.000000', timezone_type: 3, timezone: 'Europe/Berlin' } })], 'UTC');
    assert.equal(p!.expiresAt, Date.UTC(2026, 11, 20, 22, 59, 59));
  });

  test('one unreadable item is dropped and counted; the others are kept', () => {
    const report = createParseReport();
    const out = parseSubPackages([sub('good1'), { package_key: 'bad1', traffic_limit: 'many' }, 'junk', sub('good2')], 'UTC', report);
    assert.deepEqual(
      out.map((p) => p.key),
      ['good1', 'good2'],
    );
    assert.equal(report.dropped, 2);
    assert.match(report.summary() ?? '', /dropped 2 of 4 sub-user packages/);
    assert.match(report.summary() ?? '', /data\[1\]\.traffic_limit/);
  });

  test('an expiry it cannot read costs only the expiry, not the package', () => {
    const [p] = parseSubPackages([sub('k1', { expired_at: { date: 'soon' } })], 'UTC');
    assert.equal(p!.expiresAt, null);
    assert.equal(p!.leftBytes, 7.5 * GB);
  });

  test('the same key twice counts once', () => {
    const report = createParseReport();
    assert.equal(parseSubPackages([sub('k1'), sub('k1')], 'UTC', report).length, 1);
    assert.equal(report.dropped, 1);
  });

  test('no sub-packages: an empty array, {} (PHP) or null items are an empty list', () => {
    assert.deepEqual(parseSubPackages([], 'UTC'), []);
    assert.deepEqual(parseSubPackages({ items: {} }, 'UTC'), []);
    assert.deepEqual(parseSubPackages({ items: null }, 'UTC'), []);
  });

  test('items present but none readable is a malformed answer, and a non-list too', () => {
    assert.throws(() => parseSubPackages([{ package_key: 'x' }], 'UTC'), MalformedResponseError);
    assert.throws(() => parseSubPackages('none', 'UTC'), MalformedResponseError);
  });

  test('a name the answer gives (undocumented) is kept as the package name, trimmed', () => {
    const [p] = parseSubPackages([sub('k1', { title: '  Client B  ' })], 'UTC');
    assert.equal(p!.apiName, 'Client B');
    assert.equal(parseSubPackages([sub('k2')], 'UTC')[0]!.apiName, null);
  });
});

describe('the main package reserves traffic for its sub-packages', () => {
  const main = { package_key: 'mainmainmainmainmain', is_active: true, traffic_limit: '100000000000', traffic_usage: '20000000000', expired_at: '2026-12-31 23:59:59' };

  test('traffic_limit_sub is what is reserved, so limit = used + left + reserved', () => {
    const p = parsePackage({ ...main, traffic_left: '50000000000', traffic_limit_sub: '30000000000' }, 'UTC');
    assert.equal(p.reservedBytes, 30 * GB);
    assert.equal(p.usedBytes + p.leftBytes + p.reservedBytes, p.limitBytes);
  });

  test('without traffic_left, left is the limit minus usage minus what is reserved', () => {
    const p = parsePackage({ ...main, traffic_limit_sub: '30000000000' }, 'UTC');
    assert.equal(p.leftBytes, 50 * GB);
  });

  test('no or an unreadable traffic_limit_sub reserves nothing, with a note', () => {
    assert.equal(parsePackage({ ...main, traffic_left: '80000000000' }, 'UTC').reservedBytes, 0);
    const report = createParseReport();
    assert.equal(parsePackage({ ...main, traffic_left: '80000000000', traffic_limit_sub: 'n/a' }, 'UTC', report).reservedBytes, 0);
    assert.match(report.summary() ?? '', /reserved for sub-user packages/);
  });
});

describe('the fake API with two keys, one a reseller with sub-packages', () => {
  const NOW = Date.UTC(2026, 11, 1, 12, 30);
  const KEY_A = 'key-A-personal-0001';
  const KEY_B = 'key-B/reseller+0002';
  let fake: FakeApi;
  const client = (apiKey: string, version: 'v1' | 'v2' = 'v1') =>
    createApiClient({ fetch, apiKey, baseUrl: fake.baseUrl(version), apiTimeZone: 'UTC', clock: () => NOW, maxRetries: 0 });

  before(async () => {
    fake = await startFakeApi({
      apiKey: KEY_A,
      now: () => NOW,
      otherAccounts: [{ apiKey: KEY_B, package: { limitBytes: 200 * GB }, subPackages: [{ limitBytes: 20 * GB }, { limitBytes: 5 * GB }, { limitBytes: 10 * GB, active: false }] }],
    });
  });
  after(() => fake.close());

  test('each key gets its own package; a key of neither gets the access error', async () => {
    const [a, b] = await Promise.all([client(KEY_A).getPackage(), client(KEY_B).getPackage()]);
    assert.notEqual(a.key, b.key);
    assert.equal(b.limitBytes, 200 * GB);
    await assert.rejects(client('key-C-unknown-0003').getPackage());
  });

  test('the reseller lists its three sub-packages in v1 and v2; the other account has none', async () => {
    const v1 = await client(KEY_B, 'v1').getSubPackages();
    const v2 = await client(KEY_B, 'v2').getSubPackages();
    assert.deepEqual(
      v1.map((p) => [p.limitBytes, p.active]),
      [
        [20 * GB, true],
        [5 * GB, true],
        [10 * GB, false],
      ],
    );
    assert.deepEqual(v1, v2);
    assert.deepEqual(await client(KEY_A).getSubPackages(), []);
  });

  test("the main package reserves the sub-packages' limits, and its figures add up", async () => {
    const main = await client(KEY_B).getPackage();
    assert.equal(main.reservedBytes, 35 * GB);
    assert.equal(main.usedBytes + main.leftBytes + main.reservedBytes, main.limitBytes);
  });

  test("a sub-package's hours come from traffic/details with its key, exactly as the fake holds them", async () => {
    const subs = await client(KEY_B).getSubPackages();
    const first = subs[0]!;
    const from = NOW - 2 * 86_400_000;
    const answer = await client(KEY_B).getTrafficDetails({ packageKey: first.key, dateStart: '2026-11-29', dateEnd: '2026-12-01' });
    const got = samplesOf(answer.hours).reduce((s, h) => (h.start >= from ? s + h.bytes : s), 0);
    const held = fake.account(KEY_B).subTrafficBetween(first.key, from, NOW).reduce((s, h) => s + h.bytes, 0);
    assert.ok(held > 0, 'the sub-package has traffic');
    assert.equal(got, held);
    // Its used figure is its own traffic since its period began, to the byte.
    const period = fake.account(KEY_B).subTrafficBetween(first.key, first.expiresAt! - 30 * 86_400_000, NOW + 1).reduce((s, h) => s + h.bytes, 0);
    assert.equal(first.usedBytes, period);
  });

  test("another account's package key is not found with this key", async () => {
    const a = await client(KEY_A).getPackage();
    await assert.rejects(client(KEY_B).getTrafficDetails({ packageKey: a.key, dateStart: '2026-12-01', dateEnd: '2026-12-01' }));
  });

  test('the request log redacts every key, whichever account asked', () => {
    const log = JSON.stringify(fake.requests);
    for (const k of [KEY_A, KEY_B, encodeURIComponent(KEY_B)]) assert.equal(log.includes(k), false);
  });
});

describe('a sub-package name from the API', () => {
  test('is one plain line: escape, control and bidi characters never reach a terminal or a menu', () => {
    const [p] = parseSubPackages([sub('k1', { title: '\u001b]0;pwned\u0007\u001b[31mClient\u001b[0m\u202e B\n' })], 'UTC');
    const name = p!.apiName ?? '';
    assert.equal([...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '\u202e'), false, JSON.stringify(name));
    assert.match(p!.apiName ?? '', /Client/);
  });
});
