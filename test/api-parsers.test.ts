import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MalformedResponseError } from '../src/main/engine/api/errors.js';
import { parsePackage } from '../src/main/engine/api/parse-package.js';
import { parseTrafficDetails } from '../src/main/engine/api/parse-details.js';
import { parseLists } from '../src/main/engine/api/parse-lists.js';
import { parseConsumption } from '../src/main/engine/api/parse-consumption.js';

/** Asserts a MalformedResponseError naming exactly `path`. */
function throwsAt(fn: () => unknown, path: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MalformedResponseError, `expected MalformedResponseError, got ${String(e)}`);
    assert.equal(e.path, path);
    assert.ok(e.message.includes(path), `message names the path: ${e.message}`);
    return true;
  });
}

// From the reference: current docs (numeric strings, v1 number tarif).
const packageDocs = {
  package_key: '0123456789abcdef0123',
  is_active: true,
  rotation: 60,
  traffic_limit: '10737418240',
  traffic_usage: '6836179461',
  traffic_left: '3901238779',
  traffic_limit_sub: '0',
  traffic_usage_sub: '0',
  traffic_left_sub: '0',
  expired_at: '2026-06-13 23:59:59',
  tarif_id: 123,
  auto_renew: false,
  is_link_date: false,
};

describe('parsePackage', () => {
  test('snake_case with numeric strings and ISO expiry, in UTC', () => {
    assert.deepEqual(parsePackage(packageDocs, 'UTC'), {
      key: '0123456789abcdef0123',
      active: true,
      limitBytes: 10737418240,
      usedBytes: 6836179461,
      leftBytes: 3901238779,
      expiresAt: Date.UTC(2026, 5, 13, 23, 59, 59),
      autoRenew: false,
      rotationSeconds: 60,
      tariffId: '123',
    });
  });

  test('old docs: plain JSON numbers', () => {
    const p = parsePackage({ ...packageDocs, traffic_limit: 1000, traffic_usage: 400, traffic_left: 600 }, 'UTC');
    assert.equal(p.limitBytes, 1000);
    assert.equal(p.usedBytes, 400);
    assert.equal(p.leftBytes, 600);
  });

  test('dd.mm.yyyy expiry, read in the API zone (Asia/Kolkata +5:30)', () => {
    const p = parsePackage({ ...packageDocs, expired_at: '31.12.2025 23:59:59' }, 'Asia/Kolkata');
    assert.equal(p.expiresAt, Date.UTC(2025, 11, 31, 18, 29, 59));
  });

  test('a date-only expiry means the end of that day, in either form', () => {
    assert.equal(parsePackage({ ...packageDocs, expired_at: '2026-06-13' }, 'UTC').expiresAt, Date.UTC(2026, 5, 13, 23, 59, 59));
    assert.equal(parsePackage({ ...packageDocs, expired_at: '13.06.2026' }, 'UTC').expiresAt, Date.UTC(2026, 5, 13, 23, 59, 59));
    // Pacific/Chatham is +12:45 in June (standard time).
    assert.equal(
      parsePackage({ ...packageDocs, expired_at: '13.06.2026' }, 'Pacific/Chatham').expiresAt,
      Date.UTC(2026, 5, 13, 11, 14, 59),
    );
  });

  test('no expiry: null, absent, empty, or the PHP zero date', () => {
    for (const expired_at of [null, undefined, '', '0000-00-00 00:00:00']) {
      assert.equal(parsePackage({ ...packageDocs, expired_at }, 'UTC').expiresAt, null);
    }
  });

  test('camelCase keys (one SDK), v2 string tarif id, 1/0 booleans', () => {
    const p = parsePackage(
      {
        packageKey: 'abcdefabcdefabcdef12',
        isActive: 1,
        rotation: '-1',
        trafficLimit: '2000',
        trafficUsage: '500',
        trafficLeft: '1500',
        expiredAt: '2026-01-31 10:00:00',
        tarifId: 'resi-5gb',
        autoRenew: '1',
      },
      'Europe/Berlin',
    );
    assert.deepEqual(p, {
      key: 'abcdefabcdefabcdef12',
      active: true,
      limitBytes: 2000,
      usedBytes: 500,
      leftBytes: 1500,
      expiresAt: Date.UTC(2026, 0, 31, 9, 0, 0),
      autoRenew: true,
      rotationSeconds: -1,
      tariffId: 'resi-5gb',
    });
  });

  test('snake_case wins over camelCase when both are present', () => {
    const p = parsePackage({ ...packageDocs, trafficLimit: '1', packageKey: 'other' }, 'UTC');
    assert.equal(p.limitBytes, 10737418240);
    assert.equal(p.key, packageDocs.package_key);
  });

  test('traffic_left absent is derived; optional fields absent are null', () => {
    const p = parsePackage({ package_key: 'k', is_active: false, traffic_limit: '100', traffic_usage: '30' }, 'UTC');
    assert.equal(p.leftBytes, 70);
    assert.equal(p.active, false);
    assert.equal(p.expiresAt, null);
    assert.equal(p.autoRenew, null);
    assert.equal(p.rotationSeconds, null);
    assert.equal(p.tariffId, null);
  });

  test('bad values name their field', () => {
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: '12.5' }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: -1 }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: 'lots' }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: undefined }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_usage: true }, 'UTC'), 'data.traffic_usage');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_left: '99999999999999999999' }, 'UTC'), 'data.traffic_left');
    throwsAt(() => parsePackage({ ...packageDocs, package_key: undefined }, 'UTC'), 'data.package_key');
    throwsAt(() => parsePackage({ ...packageDocs, package_key: '' }, 'UTC'), 'data.package_key');
    throwsAt(() => parsePackage({ ...packageDocs, is_active: 'maybe' }, 'UTC'), 'data.is_active');
    throwsAt(() => parsePackage({ ...packageDocs, is_active: undefined }, 'UTC'), 'data.is_active');
    throwsAt(() => parsePackage({ ...packageDocs, expired_at: '13/06/2026' }, 'UTC'), 'data.expired_at');
    throwsAt(() => parsePackage({ ...packageDocs, expired_at: '2026-02-30 10:00:00' }, 'UTC'), 'data.expired_at');
    throwsAt(() => parsePackage({ ...packageDocs, expired_at: 1767225599 }, 'UTC'), 'data.expired_at');
    throwsAt(() => parsePackage({ ...packageDocs, tarif_id: {} }, 'UTC'), 'data.tarif_id');
    throwsAt(() => parsePackage({ ...packageDocs, trafficUsage: 'x', traffic_usage: undefined }, 'UTC'), 'data.trafficUsage');
    throwsAt(() => parsePackage([], 'UTC'), 'data');
    throwsAt(() => parsePackage(null, 'UTC'), 'data');
  });

  test('a bad zone is a configuration error, not a bad answer', () => {
    assert.throws(() => parsePackage(packageDocs, 'Mars/Olympus'), RangeError);
  });
});

// The seed's success example (traffic/details), verbatim.
const seedDetails = {
  '1234567890abcdef': {
    '2025-12-02 14:00:00': 431879,
    '2025-12-02 15:00:00': 890159,
    '2025-12-02 16:00:00': 1650503,
    '2025-12-02 17:00:00': 2453952,
    '2025-12-02 18:00:00': 2326935,
    '2025-12-02 19:00:00': 1871175,
    '2025-12-02 20:00:00': 1949695,
    '2025-12-02 21:00:00': 234030,
    '2025-12-02 22:00:00': 212451,
    '2025-12-02 23:00:00': 2311198,
    '2025-12-03 00:00:00': 2132501,
    '2025-12-03 01:00:00': 2530564,
    '2026-01-22 03:00:00': 20947346,
    '2026-01-22 04:00:00': 20222530,
    '2026-01-22 05:00:00': 18709287,
    '2026-01-22 06:00:00': 18247463,
    '2026-01-22 07:00:00': 7678039,
    '2026-01-22 12:00:00': 41008,
    '2026-01-22 15:00:00': 710170,
    '2026-01-22 18:00:00': 5140074,
    '2026-01-22 21:00:00': 1016758,
  },
};

describe('parseTrafficDetails', () => {
  test('the seed example, in UTC', () => {
    const s = parseTrafficDetails(seedDetails, 'UTC');
    assert.equal(s.length, 21);
    assert.deepEqual(s[0], { login: '1234567890abcdef', start: Date.UTC(2025, 11, 2, 14), bytes: 431879 });
    assert.deepEqual(s[20], { login: '1234567890abcdef', start: Date.UTC(2026, 0, 22, 21), bytes: 1016758 });
    const total = s.reduce((t, x) => t + x.bytes, 0);
    assert.equal(total, Object.values(seedDetails['1234567890abcdef']).reduce((a, b) => a + b, 0));
  });

  test('hour keys are read in the API zone', () => {
    const [k] = parseTrafficDetails({ a: { '2026-01-22 03:00:00': 1 } }, 'Asia/Kolkata');
    assert.equal(k?.start, Date.UTC(2026, 0, 21, 21, 30));
  });

  test('no traffic: data is [] (empty PHP array); a login whose value is [] has no hours', () => {
    assert.deepEqual(parseTrafficDetails([], 'UTC'), []);
    assert.deepEqual(parseTrafficDetails({}, 'UTC'), []);
    assert.deepEqual(parseTrafficDetails({ a: [], b: { '2026-01-01 00:00:00': 5 } }, 'UTC'), [
      { login: 'b', start: Date.UTC(2026, 0, 1), bytes: 5 },
    ]);
  });

  test('bytes as numeric strings; several logins sorted by start then login', () => {
    const s = parseTrafficDetails(
      {
        zeta: { '2026-01-01 01:00:00': '10', '2026-01-01 00:00:00': '20' },
        alpha: { '2026-01-01 01:00:00': 30 },
      },
      'UTC',
    );
    assert.deepEqual(
      s.map((x) => [x.login, x.start, x.bytes]),
      [
        ['zeta', Date.UTC(2026, 0, 1, 0), 20],
        ['alpha', Date.UTC(2026, 0, 1, 1), 30],
        ['zeta', Date.UTC(2026, 0, 1, 1), 10],
      ],
    );
  });

  test('with a login filter: other logins dropped, and a flat {hour: bytes} answer is that login', () => {
    const both = { a: { '2026-01-01 00:00:00': 1 }, b: { '2026-01-01 00:00:00': 2 } };
    assert.deepEqual(parseTrafficDetails(both, 'UTC', 'b'), [{ login: 'b', start: Date.UTC(2026, 0, 1), bytes: 2 }]);
    assert.deepEqual(parseTrafficDetails({ '2026-01-01 05:00:00': '7' }, 'UTC', 'b'), [
      { login: 'b', start: Date.UTC(2026, 0, 1, 5), bytes: 7 },
    ]);
    assert.deepEqual(parseTrafficDetails([], 'UTC', 'b'), []);
  });

  test('bad shapes and values name their path', () => {
    throwsAt(() => parseTrafficDetails([1, 2], 'UTC'), 'data');
    throwsAt(() => parseTrafficDetails('x', 'UTC'), 'data');
    throwsAt(() => parseTrafficDetails({ a: 5 }, 'UTC'), 'data.a');
    throwsAt(() => parseTrafficDetails({ a: [1] }, 'UTC'), 'data.a');
    throwsAt(() => parseTrafficDetails({ a: { yesterday: 1 } }, 'UTC'), 'data.a.yesterday');
    throwsAt(() => parseTrafficDetails({ a: { '2026-02-30 00:00:00': 1 } }, 'UTC'), 'data.a["2026-02-30 00:00:00"]');
    throwsAt(() => parseTrafficDetails({ a: { '2026-01-01 00:00:00': -3 } }, 'UTC'), 'data.a["2026-01-01 00:00:00"]');
    throwsAt(() => parseTrafficDetails({ a: { '2026-01-01 00:00:00': '1e3' } }, 'UTC'), 'data.a["2026-01-01 00:00:00"]');
    throwsAt(() => parseTrafficDetails({ 'my list': { '2026-01-01 00:00:00': null } }, 'UTC'), 'data["my list"]["2026-01-01 00:00:00"]');
    // Without a login filter a flat answer is not guessed at.
    throwsAt(() => parseTrafficDetails({ '2026-01-01 05:00:00': 7 }, 'UTC'), 'data["2026-01-01 05:00:00"]');
  });
});

describe('parseLists', () => {
  const items = [
    { id: 11, title: 'Scraper', login: 'aaaa1111', password: 'pw-secret', rotation: 0, geo: {}, whitelist: '', export: {} },
    { id: '12', title: null, login: 'bbbb2222', password: 'pw2' },
  ];
  const expected = [
    { id: 11, login: 'aaaa1111', title: 'Scraper' },
    { id: 12, login: 'bbbb2222', title: '' },
  ];

  test('a plain array (SDKs) and { items } (docs); passwords are not kept', () => {
    assert.deepEqual(parseLists(items), expected);
    assert.deepEqual(parseLists({ items }), expected);
    assert.ok(!JSON.stringify(parseLists(items)).includes('pw-secret'));
  });

  test('empty forms', () => {
    assert.deepEqual(parseLists([]), []);
    assert.deepEqual(parseLists({ items: [] }), []);
    assert.deepEqual(parseLists({ items: {} }), []);
  });

  test('bad shapes name their path', () => {
    throwsAt(() => parseLists('x'), 'data');
    throwsAt(() => parseLists({ lists: [] }), 'data');
    throwsAt(() => parseLists({ items: 'x' }), 'data.items');
    throwsAt(() => parseLists([{ id: 1, title: 't' }]), 'data[0].login');
    throwsAt(() => parseLists({ items: [items[0], 5] }), 'data.items[1]');
    throwsAt(() => parseLists([{ id: 'x', login: 'a' }]), 'data[0].id');
  });
});

describe('parseConsumption', () => {
  test('all-string values as documented, *_formated twins ignored', () => {
    const c = parseConsumption({
      used_bytes: '6836179461',
      used_bytes_formated: '6.37 GB',
      price_per_gb: '$2.20',
      lists: [
        { login: 'aaaa1111', bytes: '6000000000', bytes_formated: '5.59 GB', cost: '$14' },
        { login: 'bbbb2222', bytes: 836179461, cost: null },
      ],
    });
    assert.deepEqual(c, {
      usedBytes: 6836179461,
      pricePerGb: '$2.20',
      lists: [
        { login: 'aaaa1111', bytes: 6000000000, cost: '$14' },
        { login: 'bbbb2222', bytes: 836179461, cost: null },
      ],
    });
  });

  test('empty answers', () => {
    assert.deepEqual(parseConsumption([]), { usedBytes: 0, pricePerGb: null, lists: [] });
    assert.deepEqual(parseConsumption({ used_bytes: '0', price_per_gb: '$2.20', lists: [] }), {
      usedBytes: 0,
      pricePerGb: '$2.20',
      lists: [],
    });
  });

  test('bad values name their path', () => {
    throwsAt(() => parseConsumption({ used_bytes: 'many', lists: [] }), 'data.used_bytes');
    throwsAt(() => parseConsumption({ used_bytes: '1', lists: 'x' }), 'data.lists');
    throwsAt(() => parseConsumption({ used_bytes: '1', lists: [{ login: 'a', bytes: '1.5' }] }), 'data.lists[0].bytes');
    throwsAt(() => parseConsumption({ used_bytes: '1', lists: [{ bytes: '1' }] }), 'data.lists[0].login');
    throwsAt(() => parseConsumption('x'), 'data');
  });
});
