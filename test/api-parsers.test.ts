import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MalformedResponseError } from '../src/core/api/errors.js';
import { parsePackage } from '../src/core/api/parse-package.js';
import { parseTrafficDetails, readTrafficDetails } from '../src/core/api/parse-details.js';
import { parseLists } from '../src/core/api/parse-lists.js';
import { parseConsumption } from '../src/core/api/parse-consumption.js';
import { createParseReport, type ParseReport } from '../src/core/api/parse-report.js';

const NOW = Date.UTC(2026, 0, 22, 12, 30);
/** traffic/details as the client reads it, at NOW. */
function details(data: unknown, zone = 'UTC', login?: string, report?: ParseReport) {
  return parseTrafficDetails(data, { apiTimeZone: zone, now: NOW, ...(login === undefined ? {} : { login }), ...(report ? { report } : {}) });
}

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
      reservedBytes: 0,
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
      reservedBytes: 0,
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

  test('every documented expiry form is read; a PHP date object honours the zone it names', () => {
    const cases: Array<[unknown, string, number]> = [
      ['2026-06-13 23:59:59', 'UTC', Date.UTC(2026, 5, 13, 23, 59, 59)],
      ['31.12.2025 23:59:59', 'UTC', Date.UTC(2025, 11, 31, 23, 59, 59)],
      ['2026-06-13 23:59:59.999000', 'UTC', Date.UTC(2026, 5, 13, 23, 59, 59, 999)],
      ['2026-09-01T14:15:26+00:00', 'Asia/Kolkata', Date.UTC(2026, 8, 1, 14, 15, 26)],
      ['2026-09-01T14:15:26+05:30', 'UTC', Date.UTC(2026, 8, 1, 8, 45, 26)],
      ['2026-09-01T14:15:26Z', 'Europe/Berlin', Date.UTC(2026, 8, 1, 14, 15, 26)],
      [{ date: '2025-02-12 23:59:59.000000', timezone_type: 3, timezone: 'UTC' }, 'Asia/Kolkata', Date.UTC(2025, 1, 12, 23, 59, 59)],
      [{ date: '2025-02-12 23:59:59.000000', timezone_type: 3, timezone: 'Europe/Berlin' }, 'UTC', Date.UTC(2025, 1, 12, 22, 59, 59)],
      [{ date: '2025-02-12 23:59:59.000000', timezone_type: 1, timezone: '+03:00' }, 'UTC', Date.UTC(2025, 1, 12, 20, 59, 59)],
      [{ date: '2025-02-12 23:59:59.000000' }, 'Asia/Kolkata', Date.UTC(2025, 1, 12, 18, 29, 59)],
    ];
    for (const [expired_at, zone, want] of cases) {
      const report = createParseReport();
      assert.equal(parsePackage({ ...packageDocs, expired_at }, zone, report).expiresAt, want, JSON.stringify(expired_at));
      assert.equal(report.summary(), null, JSON.stringify(expired_at));
    }
  });

  test('an unreadable expiry is unknown, with one note; limit, usage and left survive', () => {
    const unreadable: unknown[] = [
      'd.m.Y',
      'd.m.Y H:i:s',
      '13/06/2026',
      '2026-02-30 10:00:00',
      '0001-01-01 00:00:00',
      1767225599,
      {},
      { date: '2025-02-12 23:59:59.000000', timezone_type: 2, timezone: 'Mars/Base' },
      true,
    ];
    for (const expired_at of unreadable) {
      const report = createParseReport();
      const p = parsePackage({ ...packageDocs, expired_at }, 'UTC', report);
      assert.equal(p.expiresAt, null, JSON.stringify(expired_at));
      assert.deepEqual([p.limitBytes, p.usedBytes, p.leftBytes], [10737418240, 6836179461, 3901238779]);
      const line = report.summary() ?? '';
      assert.match(line, /^data\.expired_at(\.date)?: expiry not readable \(.*\); expiry unknown$/, line);
    }
    const camel = createParseReport();
    parsePackage({ ...packageDocs, expired_at: undefined, expiredAt: 'd.m.Y' }, 'UTC', camel);
    assert.equal(camel.summary(), 'data.expiredAt: expiry not readable (the string "d.m.Y"); expiry unknown');
  });

  test('other fields that are not essential fall back with a note: left = limit - usage, active, renew, rotation, tariff', () => {
    const report = createParseReport();
    const p = parsePackage(
      { ...packageDocs, traffic_left: '99999999999999999999', is_active: 'maybe', auto_renew: 'perhaps', rotation: 'fast', tarif_id: {} },
      'UTC',
      report,
    );
    assert.equal(p.leftBytes, 10737418240 - 6836179461);
    assert.equal(p.active, true);
    assert.deepEqual([p.autoRenew, p.rotationSeconds, p.tariffId], [null, null, null]);
    assert.equal(
      report.summary(),
      'data.traffic_left: traffic left not readable; using limit minus usage; data.is_active: is_active not readable; assuming active; ' +
        'data.auto_renew: auto_renew not readable; left unknown; data.rotation: rotation not readable; left unknown; data.tarif_id: tarif_id not readable; left unknown',
    );
  });

  test('is_active missing means active (the API sends no package at all when there is none)', () => {
    const report = createParseReport();
    const p = parsePackage({ ...packageDocs, is_active: undefined }, 'UTC', report);
    assert.equal(p.active, true);
    assert.equal(report.summary(), 'data.is_active: is_active not given; assuming active');
    assert.equal(parsePackage({ ...packageDocs, is_active: '0' }, 'UTC').active, false);
  });

  test('a package without its key says so plainly', () => {
    for (const package_key of [undefined, null, '', '  ']) {
      assert.throws(
        () => parsePackage({ ...packageDocs, package_key }, 'UTC'),
        (e: unknown) =>
          e instanceof MalformedResponseError &&
          e.path === 'data.package_key' &&
          e.message === 'Proxy-Seller sent the residential package without its package key (data.package_key), so its hourly traffic cannot be fetched.',
      );
    }
  });

  test('bad essential values (key, limit, usage) name their field', () => {
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: '12.5' }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: -1 }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: 'lots' }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_limit: undefined }, 'UTC'), 'data.traffic_limit');
    throwsAt(() => parsePackage({ ...packageDocs, traffic_usage: true }, 'UTC'), 'data.traffic_usage');
    throwsAt(() => parsePackage({ ...packageDocs, package_key: undefined }, 'UTC'), 'data.package_key');
    throwsAt(() => parsePackage({ ...packageDocs, package_key: '' }, 'UTC'), 'data.package_key');
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
    const s = details(seedDetails);
    assert.equal(s.length, 21);
    assert.deepEqual(s[0], { login: '1234567890abcdef', start: Date.UTC(2025, 11, 2, 14), bytes: 431879 });
    assert.deepEqual(s[20], { login: '1234567890abcdef', start: Date.UTC(2026, 0, 22, 21), bytes: 1016758 });
    const total = s.reduce((t, x) => t + x.bytes, 0);
    assert.equal(total, Object.values(seedDetails['1234567890abcdef']).reduce((a, b) => a + b, 0));
  });

  test('hour keys are read in the API zone', () => {
    const [k] = details({ a: { '2026-01-22 03:00:00': 1 } }, 'Asia/Kolkata');
    assert.equal(k?.start, Date.UTC(2026, 0, 21, 21, 30));
  });

  test('no traffic: data is [] (empty PHP array); a login whose value is [] has no hours', () => {
    assert.deepEqual(details([], 'UTC'), []);
    assert.deepEqual(details({}, 'UTC'), []);
    assert.deepEqual(details({ a: [], b: { '2026-01-01 00:00:00': 5 } }, 'UTC'), [
      { login: 'b', start: Date.UTC(2026, 0, 1), bytes: 5 },
    ]);
  });

  test('bytes as numeric strings; several logins sorted by start then login', () => {
    const s = details(
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
    assert.deepEqual(details(both, 'UTC', 'b'), [{ login: 'b', start: Date.UTC(2026, 0, 1), bytes: 2 }]);
    assert.deepEqual(details({ '2026-01-01 05:00:00': '7' }, 'UTC', 'b'), [
      { login: 'b', start: Date.UTC(2026, 0, 1, 5), bytes: 7 },
    ]);
    assert.deepEqual(details([], 'UTC', 'b'), []);
  });

  test('odd items are dropped and counted in one line; the rest of the answer is used', () => {
    const report = createParseReport();
    const s = details(
      {
        a: {
          '2026-01-22 10:00:00': 100,
          '2026-01-22 10:30:00': 5,
          '0001-01-01 00:00:00': 6,
          '9999-12-31 23:00:00': 7,
          '2026-01-22 11:00:00': 9e15,
          '2026-01-22 12:00:00': 'lots',
          '2026-01-22 13:00:00': 200,
        },
        '': { '2026-01-22 10:00:00': 1, '2026-01-22 11:00:00': 2 },
        b: 'none',
      },
      'UTC',
      undefined,
      report,
    );
    assert.deepEqual(s, [
      { login: 'a', start: Date.UTC(2026, 0, 22, 10), bytes: 100 },
      { login: 'a', start: Date.UTC(2026, 0, 22, 13), bytes: 200 },
    ]);
    assert.equal(report.dropped, 8);
    assert.equal(
      report.summary(),
      'dropped 8 of 10 hours: 1 off the hour (first: data.a["2026-01-22 10:30:00"]), 1 before 2015 (first: data.a["0001-01-01 00:00:00"]), ' +
        '1 more than 2 days ahead (first: data.a["9999-12-31 23:00:00"]), 1 over 10 TB (first: data.a["2026-01-22 11:00:00"]), ' +
        '1 not a byte count (first: data.a["2026-01-22 12:00:00"]), 2 without a login name (first: data[""]["2026-01-22 10:00:00"]), ' +
        '1 not an object of hours (first: data.b)',
    );
  });

  test('bounds: 2015 onwards, at most 2 days ahead of the injected now, at most 10 TB per login-hour', () => {
    const report = createParseReport();
    const s = details(
      {
        a: {
          '2014-12-31 23:00:00': 1,
          '2015-01-01 00:00:00': 2,
          '2026-01-24 12:00:00': 3, // NOW is 2026-01-22 12:30: this starts 47.5 h ahead
          '2026-01-24 13:00:00': 4, // 48.5 h ahead
          '2026-01-20 00:00:00': 10e12,
          '2026-01-20 01:00:00': 10e12 + 1,
        },
      },
      'UTC',
      undefined,
      report,
    );
    assert.deepEqual(
      s.map((x) => x.bytes),
      [2, 10e12, 3],
    );
    assert.equal(report.dropped, 3);
    // The same answer read a day later keeps the hour that was too far ahead.
    const later = parseTrafficDetails({ a: { '2026-01-24 13:00:00': 4 } }, { apiTimeZone: 'UTC', now: NOW + 86_400_000 });
    assert.equal(later.length, 1);
  });

  test('day totals of what is kept stay exact integers', () => {
    const s = details({ a: { '2026-01-22 00:00:00': 10e12, '2026-01-22 01:00:00': 9e15, '2026-01-22 02:00:00': 10e12 } });
    const total = s.reduce((t, x) => t + x.bytes, 0);
    assert.equal(total, 2e13);
    assert.ok(Number.isSafeInteger(total));
  });

  test('read as columns: one entry per login with usable hours, in the answer\'s order, no row per hour', () => {
    const read = readTrafficDetails(
      { zeta: { '2026-01-01 01:00:00': '10', '2026-01-01 00:00:00': 20, '2026-01-01 02:00:00': 'n/a' }, alpha: { '2026-01-01 01:00:00': 30 }, empty: [] },
      { apiTimeZone: 'UTC', now: NOW },
    );
    assert.deepEqual(read, {
      hours: [
        { login: 'zeta', starts: [Date.UTC(2026, 0, 1, 1), Date.UTC(2026, 0, 1, 0)], bytes: [10, 20] },
        { login: 'alpha', starts: [Date.UTC(2026, 0, 1, 1)], bytes: [30] },
      ],
      unreadHours: [Date.UTC(2026, 0, 1, 2)],
    });
  });

  test('[] for no traffic is valid, not "nothing usable"', () => {
    const report = createParseReport();
    assert.deepEqual(details([], 'UTC', undefined, report), []);
    assert.deepEqual(details({ a: [], b: [] }, 'UTC', undefined, report), []);
    assert.equal(report.summary(), null);
  });

  test('items present but none usable: malformed, with the counts in the message', () => {
    assert.throws(
      () => details({ '': { '2026-01-22 10:00:00': 1 }, a: { '2026-01-22 10:30:00': 2 } }),
      (e: unknown) =>
        e instanceof MalformedResponseError &&
        e.path === 'data[""]["2026-01-22 10:00:00"]' &&
        e.message ===
          'Unexpected Proxy-Seller answer: nothing usable, dropped 2 of 2 hours: 1 without a login name (first: data[""]["2026-01-22 10:00:00"]), 1 off the hour (first: data.a["2026-01-22 10:30:00"]).',
    );
  });

  test('a wrong shape, or items that are all bad, is malformed and names the (first) bad path', () => {
    throwsAt(() => details([1, 2], 'UTC'), 'data');
    throwsAt(() => details('x', 'UTC'), 'data');
    throwsAt(() => details({ a: 5 }, 'UTC'), 'data.a');
    throwsAt(() => details({ a: [1] }, 'UTC'), 'data.a');
    throwsAt(() => details({ a: { yesterday: 1 } }, 'UTC'), 'data.a.yesterday');
    throwsAt(() => details({ a: { '2026-02-30 00:00:00': 1 } }, 'UTC'), 'data.a["2026-02-30 00:00:00"]');
    throwsAt(() => details({ a: { '2026-01-01 00:00:00': -3 } }, 'UTC'), 'data.a["2026-01-01 00:00:00"]');
    throwsAt(() => details({ a: { '2026-01-01 00:00:00': '1e3' } }, 'UTC'), 'data.a["2026-01-01 00:00:00"]');
    throwsAt(() => details({ 'my list': { '2026-01-01 00:00:00': null } }, 'UTC'), 'data["my list"]["2026-01-01 00:00:00"]');
    // Without a login filter a flat answer is not guessed at.
    throwsAt(() => details({ '2026-01-01 05:00:00': 7 }, 'UTC'), 'data["2026-01-01 05:00:00"]');
  });
});

describe('parseLists', () => {
  const items = [
    { id: 11, title: 'Scraper', login: 'aaaa1111', password: 'pw-secret', rotation: 0, geo: {}, whitelist: '', export: {} },
    { id: '12', title: null, login: 'bbbb2222', password: 'pw2' },
  ];
  const expected = [
    { id: 11, login: 'aaaa1111', title: 'Scraper', rotation: 0, countries: [], ports: null },
    { id: 12, login: 'bbbb2222', title: '', rotation: null, countries: [], ports: null },
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

  test('a wrong shape, or lists that are all bad, is malformed and names the path', () => {
    throwsAt(() => parseLists('x'), 'data');
    throwsAt(() => parseLists({ lists: [] }), 'data');
    throwsAt(() => parseLists({ items: 'x' }), 'data.items');
    throwsAt(() => parseLists([{ id: 1, title: 't' }]), 'data[0].login');
    throwsAt(() => parseLists({ items: [5, { login: '' }] }), 'data.items[0]');
  });

  test('one bad list costs only itself, counted in one line; odd display fields are left empty', () => {
    const report = createParseReport();
    const got = parseLists({ items: [items[0], 5, { id: 'x', login: 'cccc3333', title: { a: 1 } }, { title: 'no login' }] }, report);
    assert.deepEqual(got, [expected[0], { id: null, login: 'cccc3333', title: '', rotation: null, countries: [], ports: null }]);
    assert.equal(report.summary(), 'dropped 2 of 4 lists: 1 not a list object (first: data.items[1]), 1 without a login (first: data.items[3].login)');
  });

  test('geo as an object or an array (comma lists split), ports and rotation as numbers or strings', () => {
    const got = parseLists([
      { id: 1, login: 'a1', title: 'A', rotation: '60', geo: { country: 'AT,AL', region: '' }, export: { ports: '25', ext: 'txt' } },
      { id: 2, login: 'b2', title: 'B', rotation: 'A new IP for every request', geo: [{ country: 'US' }, { country: 'DE, US' }], export: { ports: 10 } },
      { id: 3, login: 'c3', title: 'C', rotation: -1, geo: [], export: [] },
    ]);
    assert.deepEqual(
      got.map((l) => [l.login, l.rotation, l.countries, l.ports]),
      [
        ['a1', 60, ['AT', 'AL'], 25],
        ['b2', 'A new IP for every request', ['US', 'DE'], 10],
        ['c3', -1, [], null],
      ],
    );
  });
});

describe('parseConsumption', () => {
  const usd = (minor: number) => ({ minor, currency: 'USD' });
  const NONE = { packageKey: null, pricePerGb: null, spent: null, bought: null, boughtBytes: null };

  test('all-string values as documented (money exact, in cents), *_formated twins ignored', () => {
    const c = parseConsumption({
      package_key: 'a1b2c3d4e5f6a7b8c9d0',
      used_bytes: '6836179461',
      used_bytes_formated: '6.37 GB',
      price_per_gb: '$2.20',
      used_orders_amount: '$14',
      orders_amount: '$220',
      orders_bytes: '107374182400',
      lists: [
        { login: 'aaaa1111', bytes: '6000000000', bytes_formated: '5.59 GB', cost: '$14' },
        { login: 'bbbb2222', bytes: 836179461, cost: null },
      ],
    });
    assert.deepEqual(c, {
      packageKey: 'a1b2c3d4e5f6a7b8c9d0',
      usedBytes: 6836179461,
      pricePerGb: usd(220),
      spent: usd(1400),
      bought: usd(22000),
      boughtBytes: 107374182400,
      lists: [
        { login: 'aaaa1111', bytes: 6000000000, cost: usd(1400) },
        { login: 'bbbb2222', bytes: 836179461, cost: null },
      ],
    });
  });

  test('an amount without a symbol takes the currency the others name; money that cannot be read is unknown, the bytes stay', () => {
    const c = parseConsumption({ used_bytes: '5', price_per_gb: '€3,50', used_orders_amount: 12.4, orders_amount: 'lots', orders_bytes: 'x', lists: [{ login: 'a', bytes: '5', cost: '0,01' }] });
    assert.deepEqual(c.pricePerGb, { minor: 350, currency: 'EUR' });
    assert.deepEqual(c.spent, { minor: 1240, currency: 'EUR' });
    assert.equal(c.bought, null);
    assert.equal(c.boughtBytes, null);
    assert.deepEqual(c.lists, [{ login: 'a', bytes: 5, cost: { minor: 1, currency: 'EUR' } }]);
  });

  test('empty answers', () => {
    assert.deepEqual(parseConsumption([]), { ...NONE, usedBytes: 0, lists: [] });
    assert.deepEqual(parseConsumption({ used_bytes: '0', price_per_gb: '$2.20', lists: [] }), { ...NONE, usedBytes: 0, pricePerGb: usd(220), lists: [] });
  });

  test('a bad total, a wrong shape, or lists that are all bad with no total, name their path', () => {
    throwsAt(() => parseConsumption({ used_bytes: 'many', lists: [] }), 'data.used_bytes');
    throwsAt(() => parseConsumption({ used_bytes: '1', lists: 'x' }), 'data.lists');
    throwsAt(() => parseConsumption({ lists: [{ login: 'a', bytes: '1.5' }] }), 'data.lists[0].bytes');
    throwsAt(() => parseConsumption({ lists: [{ bytes: '1' }] }), 'data.lists[0].login');
    throwsAt(() => parseConsumption('x'), 'data');
  });

  test('with the total read, lists that are all bad cost only themselves', () => {
    const report = createParseReport();
    assert.deepEqual(parseConsumption({ used_bytes: '1', lists: [{ login: 'a', bytes: '1.5' }, { bytes: '1' }] }, report), { ...NONE, usedBytes: 1, lists: [] });
    assert.match(report.summary() ?? '', /^dropped 2 of 2 lists: /);
  });

  test('one bad list item costs only itself', () => {
    const report = createParseReport();
    const c = parseConsumption({ used_bytes: '7', lists: [{ login: 'a', bytes: '1.5' }, { login: 'b', bytes: '7', cost: {} }] }, report);
    assert.deepEqual(c.lists, [{ login: 'b', bytes: 7, cost: null }]);
    assert.equal(report.summary(), 'dropped 1 of 2 lists: 1 unreadable (first: data.lists[0].bytes)');
  });
});
