// The fake Proxy-Seller API over real HTTP on 127.0.0.1, exercised with plain fetch.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { startFakeApi, PACKAGE_PERIOD_MS, type FakeApi, type FakeApiOptions } from './fake-api/server.js';
import { generateTraffic, hourBuckets, hourKey, loginProfile, normaliseSeed, hourlyBytes, DAY_MS, HOUR_MS } from './fake-api/traffic.js';
import type { ApiVersion, Endpoint } from './fake-api/scenarios.js';

// A key that needs URL-encoding, to prove the fake decodes the path segment.
const KEY = 'Sk/te st+kéy=9';
const ENC = encodeURIComponent(KEY);
const T0 = Date.UTC(2026, 0, 22, 12, 20); // Thursday 22 Jan 2026, 12:20 UTC

interface Reply {
  status: number;
  type: string;
  headers: Headers;
  text: string;
  json: unknown;
}

const PATHS: Record<Endpoint, { method: string; path: string }> = {
  package: { method: 'GET', path: 'resident/package' },
  details: { method: 'POST', path: 'resident/traffic/details' },
  lists: { method: 'GET', path: 'resident/lists' },
  consumption: { method: 'POST', path: 'resident/consumption' },
  balance: { method: 'GET', path: 'balance/get' },
  renewal: { method: 'GET', path: 'autoprolong/calc/resident' },
  subpackages: { method: 'GET', path: 'residentsubuser/packages' },
};

async function call(
  api: FakeApi,
  endpoint: Endpoint,
  body?: unknown,
  opts: { version?: ApiVersion; key?: string; rawBody?: string; signal?: AbortSignal } = {},
): Promise<Reply> {
  const { method, path } = PATHS[endpoint];
  const url = `${api.baseUrl(opts.version)}${encodeURIComponent(opts.key ?? KEY)}/${path}`;
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (opts.signal) init.signal = opts.signal;
  if (method === 'POST') init.body = opts.rawBody ?? JSON.stringify(body ?? {});
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, text, json };
}

interface Env {
  status: string;
  data: unknown;
  errors: Array<{ message: string; code: number; customData: null }>;
}
const env = (r: Reply): Env => r.json as Env;
const dataOf = (r: Reply): Record<string, unknown> => {
  const e = env(r);
  assert.equal(e.status, 'success', r.text);
  return e.data as Record<string, unknown>;
};
const messages = (r: Reply): Array<[string, number]> => env(r).errors.map((e) => [e.message, e.code]);

const TRIPLE: Array<[string, number]> = [
  ['Error api key', 503],
  ['IP not allowed', 503],
  ['Request limit reached', 503],
];
const KEY_REQUIRED: Array<[string, number]> = [
  ['key is required', 0],
  ['not-found', 404],
  ['not-found (404)', 0],
];

/** What the fake holds, keyed like the API: login -> hour key in `zone` -> bytes. */
function expected(api: FakeApi, from: number, to: number, zone = 'UTC', login?: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of api.trafficBetween(from, to, login)) {
    const key = DateTime.fromMillis(s.start, { zone }).toFormat('yyyy-MM-dd HH:00:00');
    (out[s.login] ??= {})[key] = s.bytes;
  }
  return out;
}

const dayStart = (zone: string, y: number, m: number, d: number): number =>
  DateTime.fromObject({ year: y, month: m, day: d }, { zone }).toMillis();

describe('fake API: routes (UTC, fixed clock)', () => {
  let api: FakeApi;
  let now = T0;
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, now: () => now, seed: 7 });
  });
  after(() => api.close());
  beforeEach(() => {
    now = T0;
    api.reset();
  });

  test('baseUrl ends with the version segment and a slash', () => {
    assert.equal(api.baseUrl(), `http://127.0.0.1:${api.port}/personal/api/v1/`);
    assert.equal(api.baseUrl('v2'), `http://127.0.0.1:${api.port}/personal/api/v2/`);
  });

  test('GET resident/package: snake_case, numeric strings, usage = traffic since period start', async () => {
    const r = await call(api, 'package');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json');
    const d = dataOf(r);
    assert.match(String(d.package_key), /^[0-9a-f]{20}$/);
    assert.equal(d.is_active, true);
    assert.equal(d.tarif_id, 2);
    assert.equal(d.auto_renew, false);
    assert.equal(d.is_link_date, false);
    assert.equal(typeof d.rotation, 'number');
    for (const k of ['traffic_limit', 'traffic_usage', 'traffic_left', 'traffic_limit_sub', 'traffic_usage_sub', 'traffic_left_sub']) {
      assert.match(String(d[k]), /^\d+$/, k);
      assert.equal(typeof d[k], 'string', k);
    }
    // Default expiry: now + 20 days, 23:59:59 in the key zone.
    assert.equal(d.expired_at, '2026-02-11 23:59:59');
    const expiresAt = Date.UTC(2026, 1, 11, 23, 59, 59);
    const usage = api.trafficBetween(expiresAt - PACKAGE_PERIOD_MS, now + 1).reduce((a, s) => a + s.bytes, 0);
    assert.equal(d.traffic_limit, '50000000000');
    assert.equal(Number(d.traffic_usage), usage);
    assert.equal(Number(d.traffic_left), 50e9 - usage);
    assert.ok(usage > 10e9 && usage < 40e9, `a default run is mid-package (usage ${usage})`);

    // Usage grows with the clock and stays equal to the traffic.
    now = T0 + 6 * HOUR_MS;
    const later = dataOf(await call(api, 'package'));
    const usage2 = api.trafficBetween(expiresAt - PACKAGE_PERIOD_MS, now + 1).reduce((a, s) => a + s.bytes, 0);
    assert.equal(Number(later.traffic_usage), usage2);
    assert.ok(usage2 > usage);
  });

  test('package variants: numbers, dd.mm.yyyy expiry, camelCase, tarif id as string; v2 default string', async () => {
    const v2 = dataOf(await call(api, 'package', undefined, { version: 'v2' }));
    assert.match(String(v2.tarif_id), /^[0-9a-f]{24}$/);
    assert.equal(typeof v2.tarif_id, 'string');

    api.setVariants({ packageNumbersAsStrings: false, expiryFormat: 'dmy' });
    const d = dataOf(await call(api, 'package'));
    assert.equal(typeof d.traffic_limit, 'number');
    assert.equal(typeof d.traffic_left_sub, 'number');
    assert.equal(d.expired_at, '11.02.2026 23:59:59');

    api.setVariants({ camelCasePackage: true, tarifIdAsString: true });
    const c = dataOf(await call(api, 'package'));
    assert.equal(c.package_key, undefined);
    assert.match(String(c.packageKey), /^[0-9a-f]{20}$/);
    for (const k of ['isActive', 'trafficLimit', 'trafficUsage', 'trafficLeft', 'trafficLimitSub', 'expiredAt', 'tarifId', 'autoRenew', 'isLinkDate']) {
      assert.ok(k in c, k);
    }
    assert.equal(typeof c.tarifId, 'string');
    assert.equal(typeof c.trafficLimit, 'number', 'variants merge');

    api.reset();
    const back = dataOf(await call(api, 'package'));
    assert.equal(typeof back.traffic_limit, 'string', 'reset restores the variants');
  });

  test('setPackage: top-up raises left, renewal restarts usage, left never negative', async () => {
    const before = dataOf(await call(api, 'package'));
    const expiresAt = Date.UTC(2026, 1, 11, 23, 59, 59);
    api.setPackage({ limitBytes: 80e9 });
    const topped = dataOf(await call(api, 'package'));
    assert.equal(Number(topped.traffic_left), Number(before.traffic_left) + 30e9);

    // Renewed: the new period began at the old expiry minus 30 days + 30 days; pick one starting 2 days ago.
    api.setPackage({ expiresAt: dayStart('UTC', 2026, 1, 20) + PACKAGE_PERIOD_MS - 1000, autoRenew: true });
    const renewed = dataOf(await call(api, 'package'));
    assert.ok(Number(renewed.traffic_usage) < Number(before.traffic_usage));
    assert.equal(
      Number(renewed.traffic_usage),
      api.trafficBetween(dayStart('UTC', 2026, 1, 20) - 1000, now + 1).reduce((a, s) => a + s.bytes, 0),
    );
    assert.equal(renewed.auto_renew, true);
    assert.equal(renewed.expired_at, '2026-02-18 23:59:59');

    api.setPackage({ limitBytes: 1000, active: false });
    const over = dataOf(await call(api, 'package'));
    assert.equal(over.traffic_left, '0');
    assert.equal(over.is_active, false);
    api.setPackage({ limitBytes: 50e9, expiresAt, active: true, autoRenew: false });
  });

  test('POST traffic/details without dates: the last 30 days, as held, numbers, zero hours absent', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    const r = await call(api, 'details', { packageKey: pk });
    assert.equal(r.type, 'application/json');
    const data = dataOf(r) as Record<string, Record<string, number>>;
    assert.deepEqual(data, expected(api, now - 30 * DAY_MS, now + 1));
    assert.equal(Object.keys(data).length, 3);
    let absent = 0;
    for (const [login, hours] of Object.entries(data)) {
      assert.match(login, /^[0-9a-f]{16}$/);
      const keys = Object.keys(hours);
      assert.deepEqual(keys, [...keys].sort(), 'chronological');
      for (const [k, v] of Object.entries(hours)) {
        assert.match(k, /^\d{4}-\d{2}-\d{2} \d{2}:00:00$/);
        assert.ok(Number.isInteger(v) && v > 0);
      }
      absent += 30 * 24 - keys.length;
    }
    assert.ok(absent > 0, 'some hours have no traffic and are absent');
  });

  test('details: inclusive whole days, dd.mm.yyyy and ISO alike', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    const one = dataOf(await call(api, 'details', { packageKey: pk, date_start: '20.01.2026', date_end: '20.01.2026' }));
    assert.deepEqual(one, expected(api, dayStart('UTC', 2026, 1, 20), dayStart('UTC', 2026, 1, 21)));
    const keys = Object.values(one).flatMap((h) => Object.keys(h as object));
    assert.ok(keys.length > 24, 'a whole day for several logins');
    assert.ok(keys.every((k) => k.startsWith('2026-01-20 ')));
    assert.ok(keys.includes('2026-01-20 23:00:00') || keys.includes('2026-01-20 22:00:00'), 'the end day is included');

    const two = dataOf(await call(api, 'details', { key: pk, date_start: '2026-01-19', date_end: '2026-01-20' }));
    assert.deepEqual(two, expected(api, dayStart('UTC', 2026, 1, 19), dayStart('UTC', 2026, 1, 21)));

    const startOnly = dataOf(await call(api, 'details', { packageKey: pk, date_start: '21.01.2026' }));
    assert.deepEqual(startOnly, expected(api, dayStart('UTC', 2026, 1, 21), now + 1));
  });

  test('details: login filter gives only that login; unknown login is not-found', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    const lists = dataOf(await call(api, 'lists')) as unknown as Array<{ login: string }>;
    const login = lists[1]?.login ?? '';
    const d = dataOf(await call(api, 'details', { packageKey: pk, login, date_start: '21.01.2026', date_end: '22.01.2026' }));
    assert.deepEqual(Object.keys(d), [login]);
    assert.deepEqual(d, expected(api, dayStart('UTC', 2026, 1, 21), dayStart('UTC', 2026, 1, 23), 'UTC', login));
    const unknown = await call(api, 'details', { packageKey: pk, login: 'ffffffffffffffff' });
    assert.deepEqual(messages(unknown), [['not-found', 404], ['not-found (404)', 0]]);
  });

  test('details: no traffic at all gives data [] (PHP empty array)', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    const before = await call(api, 'details', { packageKey: pk, date_start: '01.01.2020', date_end: '02.01.2020' });
    assert.equal(env(before).status, 'success');
    assert.deepEqual(env(before).data, []);
    assert.match(before.text, /"data":\[\]/);
    const future = await call(api, 'details', { packageKey: pk, date_start: '23.01.2026', date_end: '25.01.2026' });
    assert.deepEqual(env(future).data, []);
  });

  test('details: future hours absent, the current hour partial and growing as the clock advances', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    const logins = (dataOf(await call(api, 'lists')) as unknown as Array<{ login: string }>).map((l) => l.login);
    const heavy = logins[0] ?? '';
    const hourStart = Date.UTC(2026, 0, 22, 12);
    const fullHour = (): number => {
      const saved = now;
      now = hourStart + HOUR_MS;
      const b = api.trafficBetween(hourStart, hourStart + 1, heavy)[0]?.bytes ?? 0;
      now = saved;
      return b;
    };
    const full = fullHour();
    assert.ok(full > 0, 'precondition: the heavy login has traffic at 12:00 on this seed');

    const at = async (ms: number): Promise<Record<string, number>> => {
      now = ms;
      const d = dataOf(await call(api, 'details', { packageKey: pk, login: heavy, date_start: '22.01.2026', date_end: '22.01.2026' }));
      return (d[heavy] ?? {}) as Record<string, number>;
    };
    const a = await at(hourStart + 10 * 60_000);
    const b = await at(hourStart + 40 * 60_000);
    const c = await at(hourStart + HOUR_MS + 5 * 60_000);
    const last = (h: Record<string, number>): string => Object.keys(h).at(-1) ?? '';
    assert.equal(last(a), '2026-01-22 12:00:00', 'the started hour is there, nothing later');
    assert.equal(last(b), '2026-01-22 12:00:00');
    const va = a['2026-01-22 12:00:00'] ?? 0;
    const vb = b['2026-01-22 12:00:00'] ?? 0;
    assert.ok(va > 0 && va < vb && vb < full, `partial grows: ${va} < ${vb} < ${full}`);
    assert.equal(c['2026-01-22 12:00:00'], full, 'complete once the hour is over');
    assert.ok(Object.keys(c).every((k) => k <= '2026-01-22 13:00:00'));
  });

  test('details: key vs packageKey vs package_key, missing, wrong key', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    const range = { date_start: '22.01.2026', date_end: '22.01.2026' };
    const viaPackageKey = await call(api, 'details', { packageKey: pk, ...range });
    const viaKey = await call(api, 'details', { key: pk, ...range });
    assert.equal(env(viaPackageKey).status, 'success');
    assert.deepEqual(viaKey.json, viaPackageKey.json);
    for (const body of [{ package_key: pk, ...range }, range, {}]) {
      const r = await call(api, 'details', body);
      assert.equal(r.status, 200);
      assert.equal(env(r).data, null);
      assert.deepEqual(messages(r), KEY_REQUIRED);
    }
    const wrong = await call(api, 'details', { packageKey: '00000000000000000000', ...range });
    assert.deepEqual(messages(wrong), [['not-found', 404], ['not-found (404)', 0]]);
  });

  test('details: bytes as strings variant; bad dates and malformed JSON give envelope errors', async () => {
    const pk = String(dataOf(await call(api, 'package')).package_key);
    api.setVariants({ detailsBytesAsStrings: true });
    const d = dataOf(await call(api, 'details', { packageKey: pk, date_start: '22.01.2026' })) as Record<string, Record<string, unknown>>;
    const values = Object.values(d).flatMap((h) => Object.values(h));
    assert.ok(values.length > 0 && values.every((v) => typeof v === 'string' && /^\d+$/.test(v)));

    const bad = await call(api, 'details', { packageKey: pk, date_start: '31.02.2026' });
    assert.equal(bad.status, 200);
    assert.equal(env(bad).status, 'error');
    assert.match(env(bad).errors[0]?.message ?? '', /date_start/);

    const malformed = await call(api, 'details', undefined, { rawBody: '{"packageKey": ' });
    assert.equal(malformed.status, 200);
    assert.equal(malformed.type, 'application/json');
    assert.equal(env(malformed).status, 'error');
    assert.equal(env(malformed).data, null);
    assert.equal(api.requests.at(-1)?.body, null);
  });

  test('GET resident/lists: plain array by default, {items} variant, fields', async () => {
    const plain = dataOf(await call(api, 'lists')) as unknown as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(plain));
    assert.equal(plain.length, 3);
    for (const item of plain) {
      assert.equal(typeof item.id, 'number');
      assert.equal(typeof item.title, 'string');
      assert.match(String(item.login), /^[0-9a-f]{16}$/);
      assert.match(String(item.password), /^[A-Za-z0-9]{8}$/);
      for (const k of ['rotation', 'geo', 'whitelist', 'export']) assert.ok(k in item, k);
    }
    api.setVariants({ listsAsItems: true });
    const wrapped = dataOf(await call(api, 'lists', undefined, { version: 'v2' }));
    assert.deepEqual(wrapped, { items: plain });
  });

  test('POST resident/consumption: strings, price, per-list bytes matching the traffic', async () => {
    const d = dataOf(await call(api, 'consumption', { date_start: '20.01.2026', date_end: '21.01.2026' }));
    const held = api.trafficBetween(dayStart('UTC', 2026, 1, 20), dayStart('UTC', 2026, 1, 22));
    const total = held.reduce((a, s) => a + s.bytes, 0);
    assert.equal(d.price_per_gb, '$2.20');
    assert.equal(d.used_bytes, String(total));
    assert.match(String(d.used_bytes_formated), /^\d+\.\d GB$/);
    const lists = d.lists as Array<Record<string, unknown>>;
    assert.equal(lists.length, 3);
    for (const l of lists) {
      assert.equal(l.bytes, String(held.filter((s) => s.login === l.login).reduce((a, s) => a + s.bytes, 0)));
      assert.match(String(l.cost), /^\$\d+(\.\d{1,2})?$/);
      assert.match(String(l.bytes_formated), / GB$/);
    }
    const one = dataOf(await call(api, 'consumption', { login: lists[2]?.login }));
    assert.deepEqual((one.lists as Array<{ login: string }>).map((l) => l.login), [lists[2]?.login]);
  });

  test('unknown path and wrong method: HTTP 404 HTML that does not echo the key', async () => {
    for (const url of [
      `${api.baseUrl()}${ENC}/resident/nope`,
      `${api.baseUrl()}${ENC}`,
      `http://127.0.0.1:${api.port}/personal/api/v3/${ENC}/resident/package`,
      `http://127.0.0.1:${api.port}/`,
    ]) {
      const res = await fetch(url);
      const text = await res.text();
      assert.equal(res.status, 404, url);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.ok(!text.includes(KEY) && !text.includes(ENC));
    }
    const wrongMethod = await fetch(`${api.baseUrl()}${ENC}/resident/package`, { method: 'POST', body: '{}' });
    await wrongMethod.text();
    assert.equal(wrongMethod.status, 404);
    assert.equal(api.requests.at(-1)?.endpoint, null);
  });

  test('a wrong key gets the access triple on every endpoint', async () => {
    for (const endpoint of Object.keys(PATHS) as Endpoint[]) {
      for (const version of ['v1', 'v2'] as const) {
        const r = await call(api, endpoint, {}, { key: 'not-the-key', version });
        assert.equal(r.status, 200);
        assert.equal(env(r).status, 'error');
        assert.equal(env(r).data, null);
        assert.deepEqual(messages(r), TRIPLE);
        assert.equal(api.requests.at(-1)?.keyOk, false);
      }
    }
  });

  test('request log: every request, redacted path, parsed body, status; the key appears nowhere', async () => {
    await call(api, 'package', undefined, { version: 'v2' });
    await call(api, 'details', { packageKey: 'x', note: `pasted ${KEY} by mistake` });
    await call(api, 'lists', undefined, { key: 'wrong key!' });
    await fetch(`${api.baseUrl()}${ENC}/resident/nope?k=${ENC}`).then((r) => r.text());
    const lowerHex = ENC.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    assert.notEqual(lowerHex, ENC);
    await fetch(`${api.baseUrl()}${lowerHex}/resident/lists?again=${lowerHex}`).then((r) => r.text());
    const log = api.requests;
    assert.equal(log.length, 5);
    assert.deepEqual(
      log.map((e) => [e.method, e.version, e.endpoint, e.path, e.keyOk, e.status]),
      [
        ['GET', 'v2', 'package', '/personal/api/v2/{key}/resident/package', true, 200],
        ['POST', 'v1', 'details', '/personal/api/v1/{key}/resident/traffic/details', true, 200],
        ['GET', 'v1', 'lists', '/personal/api/v1/{key}/resident/lists', false, 200],
        ['GET', 'v1', null, '/personal/api/v1/{key}/resident/nope?k={key}', true, 404],
        ['GET', 'v1', 'lists', '/personal/api/v1/{key}/resident/lists?{redacted}', true, 200],
      ],
    );
    assert.deepEqual(log[1]?.body, { packageKey: 'x', note: 'pasted {key} by mistake' });
    assert.equal(log[0]?.at, now);
    const dump = JSON.stringify(log);
    assert.ok(!dump.includes(KEY), 'raw key absent');
    assert.ok(!dump.includes(ENC) && !dump.includes(lowerHex), 'encoded key absent');
    assert.ok(!dump.includes('wrong key') && !dump.includes('wrong%20key'), 'a wrong key is a secret too');
    api.reset();
    assert.equal(api.requests.length, 0);
  });
});

describe('fake API: scenarios', () => {
  let api: FakeApi;
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, now: () => T0, seed: 3 });
  });
  after(() => api.close());
  beforeEach(() => api.reset());

  test('edge failures: html-502, http-500-json, not-json, 429 with Retry-After', async () => {
    api.setScenario({ kind: 'html-502' });
    const r502 = await call(api, 'package');
    assert.equal(r502.status, 502);
    assert.match(r502.type, /text\/html/);
    assert.match(r502.text, /<html>/);

    api.setScenario({ kind: 'http-500-json' });
    const r500 = await call(api, 'lists');
    assert.equal(r500.status, 500);
    assert.equal(r500.type, 'application/json');
    assert.ok(r500.json !== undefined && !('status' in (r500.json as object)), 'JSON, but not an envelope');

    api.setScenario({ kind: 'not-json' });
    const ok = await call(api, 'package');
    assert.equal(ok.status, 200);
    assert.match(ok.type, /^text\/plain/);
    assert.equal(ok.text, 'OK');

    api.setScenario({ kind: 'rate-limit-429', retryAfter: 7 });
    const r429 = await call(api, 'details', {});
    assert.equal(r429.status, 429);
    assert.equal(r429.headers.get('retry-after'), '7');
    assert.ok(r429.text.length > 0 && r429.text.length < 500);

    const date = new Date(T0 + 60_000).toUTCString();
    api.setScenario({ kind: 'rate-limit-429', retryAfter: date });
    assert.equal((await call(api, 'package')).headers.get('retry-after'), date);
  });

  test('envelope errors: rate limit, access triple, ip-not-allowed (ip, default, bare), tarif, not-found', async () => {
    const cases: Array<[Parameters<FakeApi['setScenario']>[0], Array<[string, number]>]> = [
      [{ kind: 'rate-limit-envelope' }, [['Request limit reached', 503]]],
      [{ kind: 'access-triple' }, TRIPLE],
      [{ kind: 'ip-not-allowed' }, [['IP not allowed 203.0.113.7', 503]]],
      [{ kind: 'ip-not-allowed', ip: '2001:db8::1' }, [['IP not allowed 2001:db8::1', 503]]],
      [{ kind: 'ip-not-allowed', ip: '' }, [['IP not allowed', 503]]],
      [{ kind: 'tarif-not-found' }, [['Tarif not found', 0]]],
      [{ kind: 'not-found' }, KEY_REQUIRED],
    ];
    for (const [scenario, want] of cases) {
      api.setScenario(scenario);
      const r = await call(api, 'package');
      assert.equal(r.status, 200, scenario.kind);
      assert.equal(r.type, 'application/json');
      assert.equal(env(r).status, 'error');
      assert.equal(env(r).data, null);
      assert.deepEqual(messages(r), want, scenario.kind);
      assert.ok(env(r).errors.every((e) => e.customData === null));
    }
  });

  test('warning: status error, no errors, the normal data', async () => {
    const normal = dataOf(await call(api, 'lists'));
    api.setScenario({ kind: 'warning', endpoint: 'lists' });
    const r = await call(api, 'lists');
    assert.equal(env(r).status, 'error');
    assert.deepEqual(env(r).errors, []);
    assert.deepEqual(env(r).data, normal);
    assert.equal(env(await call(api, 'package')).status, 'success', 'other endpoints unaffected');
  });

  test('wrong-shape: success envelope with data of the wrong shape on each endpoint', async () => {
    api.setScenario({ kind: 'wrong-shape' });
    const pkg = dataOf(await call(api, 'package'));
    assert.equal(pkg.traffic_limit, 'abc');
    const pk = String(pkg.package_key);
    assert.equal(typeof env(await call(api, 'details', { packageKey: pk })).data, 'string');
    const lists = env(await call(api, 'lists')).data;
    assert.ok(!Array.isArray(lists) && !Array.isArray((lists as { items?: unknown }).items));
    const cons = dataOf(await call(api, 'consumption', {}));
    assert.notEqual(typeof cons.used_bytes, 'string');
  });

  test('truncated: HTTP 200 JSON cut mid-way, a prefix of the normal answer', async () => {
    const normal = await call(api, 'package');
    api.setScenario({ kind: 'truncated', times: 1 });
    const r = await call(api, 'package');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json');
    assert.equal(r.json, undefined, 'not parseable');
    assert.ok(r.text.length > 10 && normal.text.startsWith(r.text) && r.text.length < normal.text.length);
    assert.ok(r.text.startsWith('{"status":"success"'));
  });

  test('times: counted scenarios expire and uncover the one below; endpoint scoping', async () => {
    api.setScenario({ kind: 'access-triple', endpoint: 'package' });
    api.setScenario({ kind: 'html-502', times: 2 });
    assert.equal((await call(api, 'lists')).status, 502);
    assert.equal((await call(api, 'package')).status, 502);
    assert.deepEqual(messages(await call(api, 'package')), TRIPLE, 'falls back to the previous scenario');
    assert.equal(env(await call(api, 'lists')).status, 'success', 'then ok elsewhere');
    api.setScenario({ kind: 'ok', endpoint: 'package' });
    assert.equal(env(await call(api, 'package')).status, 'success', 'until changed');
    api.setScenario({ kind: 'not-json', endpoint: 'details', times: 1 });
    assert.equal(env(await call(api, 'package')).status, 'success');
    assert.equal((await call(api, 'details', {})).text, 'OK');
    assert.equal((await call(api, 'details', {})).json !== undefined, true);
    api.setScenario({ kind: 'html-502' });
    api.reset();
    assert.equal((await call(api, 'package')).status, 200, 'reset: back to ok');
  });

  test('slow: answers after delayMs', async () => {
    api.setScenario({ kind: 'slow', delayMs: 120, times: 1 });
    const t = performance.now();
    const r = await call(api, 'package');
    assert.ok(performance.now() - t >= 110);
    assert.equal(env(r).status, 'success');
  });

  test('slow + client abort: the fake stops, logs status 0, and keeps serving', async () => {
    api.setScenario({ kind: 'slow', delayMs: 30_000, endpoint: 'details' });
    const ctl = new AbortController();
    const pending = call(api, 'details', { packageKey: 'x' }, { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 40);
    await assert.rejects(pending, { name: 'AbortError' });
    // The server sees the socket close right away.
    for (let i = 0; i < 50 && api.requests.at(-1)?.endpoint !== 'details'; i++) await new Promise((r) => setTimeout(r, 5));
    const entry = api.requests.at(-1);
    assert.equal(entry?.endpoint, 'details');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(entry?.status, 0, 'never answered');
    assert.equal(env(await call(api, 'package')).status, 'success');
  });

  test('scenarios apply before the key check; ok-like ones still reject a wrong key', async () => {
    api.setScenario({ kind: 'html-502', times: 1 });
    assert.equal((await call(api, 'package', undefined, { key: 'nope' })).status, 502);
    api.setScenario({ kind: 'warning', times: 1 });
    assert.deepEqual(messages(await call(api, 'package', undefined, { key: 'nope' })), TRIPLE);
  });
});

describe('fake API: hour keys in a non-UTC zone', () => {
  test('Asia/Kolkata (+5:30): inclusive local days, keys on the half hour UTC', async () => {
    const zone = 'Asia/Kolkata';
    const api = await startFakeApi({ apiKey: KEY, now: () => T0, hourKeyTimeZone: zone, seed: 11 });
    try {
      const pk = String(dataOf(await call(api, 'package')).package_key);
      const d = dataOf(await call(api, 'details', { packageKey: pk, date_start: '20.01.2026', date_end: '20.01.2026' }));
      assert.deepEqual(d, expected(api, dayStart(zone, 2026, 1, 20), dayStart(zone, 2026, 1, 21), zone));
      const keys = Object.values(d).flatMap((h) => Object.keys(h as object));
      assert.ok(keys.length > 24 && keys.every((k) => k.startsWith('2026-01-20 ')));
      assert.ok(api.trafficBetween(T0 - DAY_MS, T0).every((s) => new Date(s.start).getUTCMinutes() === 30));
      // Expiry is 23:59:59 local: 18:29:59 UTC.
      const pkg = dataOf(await call(api, 'package'));
      assert.equal(pkg.expired_at, '2026-02-11 23:59:59');
    } finally {
      await api.close();
    }
  });

  test('Europe/Berlin DST: 23 keys without 02:00 in spring, the repeated 02:00 summed in autumn', async () => {
    const now = Date.UTC(2025, 10, 1, 12);
    const logins = ['1234567890abcdef', 'fedcba0987654321'];
    const opts: FakeApiOptions = { apiKey: KEY, now: () => now, seed: 5, historyDays: 250, logins };
    const berlin = await startFakeApi({ ...opts, hourKeyTimeZone: 'Europe/Berlin' });
    const utc = await startFakeApi(opts);
    try {
      const pk = String(dataOf(await call(berlin, 'package')).package_key);
      const spring = dataOf(await call(berlin, 'details', { packageKey: pk, date_start: '30.03.2025', date_end: '30.03.2025' }));
      assert.deepEqual(spring, expected(berlin, dayStart('Europe/Berlin', 2025, 3, 30), dayStart('Europe/Berlin', 2025, 3, 31), 'Europe/Berlin'));
      for (const hours of Object.values(spring) as Array<Record<string, number>>) {
        assert.equal(hours['2025-03-30 02:00:00'], undefined, 'that hour does not exist');
        assert.ok(Object.keys(hours).length <= 23);
      }

      const autumn = dataOf(await call(berlin, 'details', { packageKey: pk, date_start: '26.10.2025', date_end: '26.10.2025' }));
      // 02:00 CEST..03:00 CET is 00:00..02:00 UTC: the same traffic as two UTC hours.
      const utcPk = String(dataOf(await call(utc, 'package')).package_key);
      const utcDay = dataOf(await call(utc, 'details', { packageKey: utcPk, date_start: '26.10.2025', date_end: '26.10.2025' }));
      for (const login of logins) {
        const b = (autumn[login] ?? {}) as Record<string, number>;
        const u = (utcDay[login] ?? {}) as Record<string, number>;
        const twoHours = (u['2025-10-26 00:00:00'] ?? 0) + (u['2025-10-26 01:00:00'] ?? 0);
        assert.equal(b['2025-10-26 02:00:00'] ?? 0, twoHours, login);
        assert.equal(b['2025-10-26 03:00:00'] ?? 0, u['2025-10-26 02:00:00'] ?? 0);
      }
    } finally {
      await berlin.close();
      await utc.close();
    }
  });
});

describe('fake API: traffic generator', () => {
  test('deterministic per seed; default logins are 16 hex chars', async () => {
    const a = await startFakeApi({ apiKey: KEY, now: () => T0, seed: 42 });
    const b = await startFakeApi({ apiKey: KEY, now: () => T0, seed: 42 });
    const c = await startFakeApi({ apiKey: KEY, now: () => T0, seed: 43 });
    try {
      const ta = a.trafficBetween(T0 - 3 * DAY_MS, T0);
      assert.ok(ta.length > 100);
      assert.deepEqual(b.trafficBetween(T0 - 3 * DAY_MS, T0), ta);
      assert.notDeepEqual(c.trafficBetween(T0 - 3 * DAY_MS, T0), ta);
      const logins = [...new Set(ta.map((s) => s.login))];
      assert.equal(logins.length, 3);
      for (const l of logins) assert.match(l, /^[0-9a-f]{16}$/);
      // History starts historyDays (60) before the clock at start.
      assert.equal(a.trafficBetween(T0 - 70 * DAY_MS, T0 - 60 * DAY_MS - HOUR_MS).length, 0);
      assert.ok(a.trafficBetween(T0 - 60 * DAY_MS, T0 - 59 * DAY_MS).length > 0);
      // New logins get traffic too.
      a.setLogins(['00000000000000aa']);
      const lists = dataOf(await call(a, 'lists')) as unknown as Array<{ login: string }>;
      assert.deepEqual(lists.map((l) => l.login), ['00000000000000aa']);
      assert.ok(a.trafficBetween(T0 - DAY_MS, T0).every((s) => s.login === '00000000000000aa'));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  test('realistic: heavy vs light logins, diurnal curve, weekends differ, idle hours', () => {
    const seed = normaliseSeed(9);
    const logins = Array.from({ length: 20 }, (_, i) => `list${i}`);
    const nowMs = T0;
    const samples = generateTraffic({ seed, logins, zone: 'UTC', fromMs: T0 - 28 * DAY_MS, toMs: T0, nowMs });
    const perLogin = new Map<string, number>();
    for (const s of samples) perLogin.set(s.login, (perLogin.get(s.login) ?? 0) + s.bytes);
    const totals = [...perLogin.values()].sort((x, y) => x - y);
    assert.ok((totals.at(-1) ?? 0) / (totals[0] ?? 1) > 10, 'some logins heavy, some light');
    const maxHour = Math.max(...samples.map((s) => s.bytes));
    const minHour = Math.min(...samples.map((s) => s.bytes));
    assert.ok(maxHour > 100e6 && minHour < 2e6, `MB to hundreds of MB per hour (${minHour}..${maxHour})`);
    assert.ok(samples.length < logins.length * 28 * 24, 'some hours idle');

    const p = loginProfile(seed, 'list0');
    const byHourOfDay = new Array<number>(24).fill(0);
    let weekday = 0;
    let weekend = 0;
    for (let h = Math.floor(T0 / HOUR_MS) - 24 * 7 * 8; h < Math.floor(T0 / HOUR_MS); h++) {
      const b = hourlyBytes(p, h);
      byHourOfDay[(h + p.phase) % 24] = (byHourOfDay[(h + p.phase) % 24] ?? 0) + b;
      const dow = (Math.floor((h + p.phase) / 24) + 4) % 7;
      if (dow === 0 || dow === 6) weekend += b / 2;
      else weekday += b / 5;
    }
    const peak = Math.max(...byHourOfDay.slice(12, 18));
    const trough = Math.min(...byHourOfDay.slice(2, 5));
    assert.ok(peak > 2 * trough, 'afternoons busier than nights');
    assert.ok(Math.abs(weekend / weekday - 1) > 0.05, 'weekends differ');
  });

  test('400 days x 50 logins generate in one call (timing is in npm run bench)', (t) => {
    const seed = normaliseSeed(1);
    const logins = Array.from({ length: 50 }, (_, i) => `login-${i}`);
    const run = (): number => {
      const t = performance.now();
      const out = generateTraffic({ seed, logins, zone: 'UTC', fromMs: T0 - 400 * DAY_MS, toMs: T0, nowMs: T0 });
      assert.ok(out.length > 400 * 24 * 40);
      return performance.now() - t;
    };
    t.diagnostic(`generated in ${run().toFixed(0)} ms`);
  });

  test('hour buckets: DST 23/25-hour days, :30 and :45 zones', () => {
    const day = (zone: string, y: number, m: number, d: number): ReturnType<typeof hourBuckets> =>
      hourBuckets(zone, dayStart(zone, y, m, d), dayStart(zone, y, m, d + 1));
    const spring = day('Europe/Berlin', 2025, 3, 30);
    assert.equal(spring.length, 23);
    assert.ok(!spring.map((b) => hourKey(b.localHourIndex)).includes('2025-03-30 02:00:00'));
    const autumn = day('Europe/Berlin', 2025, 10, 26);
    assert.equal(autumn.length, 24);
    assert.equal(autumn.reduce((a, b) => a + (b.end - b.start), 0), 25 * HOUR_MS);
    const kolkata = day('Asia/Kolkata', 2026, 1, 20);
    assert.equal(kolkata.length, 24);
    assert.equal(hourKey(kolkata[0]?.localHourIndex ?? 0), '2026-01-20 00:00:00');
    assert.equal(new Date(kolkata[0]?.start ?? 0).toISOString(), '2026-01-19T18:30:00.000Z');
    const chatham = day('Pacific/Chatham', 2026, 1, 20);
    assert.equal(chatham.length, 24);
    assert.equal(new Date(chatham[0]?.start ?? 0).toISOString(), '2026-01-19T10:15:00.000Z');
    for (const b of [...spring, ...autumn, ...kolkata, ...chatham]) {
      assert.ok(b.end > b.start && b.localHourIndex === Math.floor(b.localHourIndex));
    }
  });
});

describe('fake API: serve.ts', () => {
  test('prints its base URL (not the key) and serves the given key', async () => {
    const { child, base, output } = serveChild();
    try {
      const url = await base;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/personal\/api\/v1\/$/);
      const r = await fetch(`${url}${ENC}/resident/package`);
      assert.equal(((await r.json()) as Env).status, 'success');
      const bad = await fetch(`${url}nope/resident/package`);
      assert.deepEqual(messages({ json: await bad.json() } as Reply), TRIPLE);
      await new Promise((r) => setTimeout(r, 50)); // let the request lines reach stderr
      const out = output();
      assert.match(out, /GET \/personal\/api\/v1\/\{key\}\/resident\/package -> 200/);
      assert.ok(!out.includes(KEY) && !out.includes(ENC), 'the key is never printed');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

// serve.ts boots through tsx (~1 s), so it starts when this file loads and runs alongside the other suites.
let served: { child: ChildProcess; base: Promise<string>; output: () => string } | undefined;
function serveChild(): NonNullable<typeof served> {
  if (served) return served;
  const script = fileURLToPath(new URL('./fake-api/serve.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--key', KEY], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const base = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl > 0) resolve(out.slice(0, nl).trim());
    });
    child.once('exit', (code) => reject(new Error(`serve.ts exited ${code}: ${out}`)));
  });
  base.catch(() => undefined); // observed by the test
  served = { child, base, output: () => out };
  return served;
}
serveChild();
after(() => served?.child.kill('SIGTERM'));
