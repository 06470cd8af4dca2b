// The API client against the fake Proxy-Seller API over real HTTP on 127.0.0.1. Waits go through an
// injected sleep that records them, so retry tests take no real time.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createApiClient, type ApiClientOptions } from '../src/core/api/client.js';
import { samplesOf } from '../src/core/api/parse-details.js';
import {
  AccessDeniedError,
  ApiError,
  IpNotAllowedError,
  MalformedResponseError,
  NoPackageError,
  RateLimitedError,
  RejectedError,
  TransportError,
} from '../src/core/api/errors.js';
import type { FetchLike, Logger } from '../src/core/ports.js';
import { zonedToEpoch } from '../src/core/time/zoned.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';

const KEY = 'SECRET-abc/123+xyz';
const NOW = Date.UTC(2026, 0, 22, 12, 30, 0);
const LOGINS = ['aaaa1111bbbb2222', 'cccc3333dddd4444'];
const DAY = 86_400_000;

let api: FakeApi;
let waits: number[];
let sent: Array<{ url: string; method: string; headers: Record<string, string>; body?: string }>;
let logLines: string[];

const recordingFetch: FetchLike = (url, init) => {
  sent.push({ url, method: init.method, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) });
  return fetch(url, init);
};
const logger: Logger = {
  debug: (m) => void logLines.push(m),
  info: (m) => void logLines.push(m),
  warn: (m) => void logLines.push(`WARN ${m}`),
  error: (m) => void logLines.push(m),
};

function client(extra: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    fetch: recordingFetch,
    apiKey: KEY,
    baseUrl: api.baseUrl('v1'),
    apiTimeZone: 'UTC',
    clock: () => NOW,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    logger,
    ...extra,
  });
}

/** Every way an error could be shown or serialised: none may hold the key, raw or encoded. */
function assertNoKey(e: unknown): void {
  const err = e as Error;
  const views = [err.message, String(err), String(err.stack), JSON.stringify(err), JSON.stringify((err as ApiError).errors ?? [])];
  for (const v of views) {
    for (const form of [KEY, encodeURIComponent(KEY), 'SECRET-abc']) {
      assert.ok(!v.includes(form), `key leaked (${form}) in: ${v}`);
    }
  }
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    assertNoKey(e);
    return e;
  }
  assert.fail('expected a rejection');
}

before(async () => {
  api = await startFakeApi({ apiKey: KEY, now: () => NOW, logins: LOGINS, seed: 3 });
});
after(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
  waits = [];
  sent = [];
  logLines = [];
});

describe('requests', () => {
  test('v1 package: URL with the encoded key, GET with JSON headers, parsed package', async () => {
    const p = await client().getPackage();
    assert.equal(api.requests.length, 1);
    const r = api.requests[0];
    assert.equal(r?.path, '/personal/api/v1/{key}/resident/package');
    assert.equal(r?.method, 'GET');
    assert.equal(r?.keyOk, true);
    assert.equal(sent[0]?.url, `${api.baseUrl('v1')}SECRET-abc%2F123%2Bxyz/resident/package`);
    assert.equal(sent[0]?.headers.Accept, 'application/json');
    assert.match(sent[0]?.headers['User-Agent'] ?? '', /^proxy-seller-traffic-tray\//);

    assert.match(p.key, /^[0-9a-f]{20}$/);
    assert.equal(p.active, true);
    assert.equal(p.limitBytes, 50e9);
    const expiresAt = Date.UTC(2026, 1, 11, 23, 59, 59);
    assert.equal(p.expiresAt, expiresAt);
    const used = api.trafficBetween(expiresAt - 30 * DAY, NOW).reduce((s, x) => s + x.bytes, 0);
    assert.ok(used > 0);
    assert.equal(p.usedBytes, used);
    assert.equal(p.leftBytes, 50e9 - used);
    assert.equal(p.tariffId, '2');
    assert.equal(p.rotationSeconds, 60);
    assert.equal(p.autoRenew, false);
  });

  test('v2 by apiVersion against a custom base URL without trailing slash', async () => {
    const p = await client({ apiVersion: 'v2', baseUrl: api.baseUrl('v2').replace(/\/$/, '') }).getPackage();
    assert.equal(api.requests[0]?.path, '/personal/api/v2/{key}/resident/package');
    assert.equal(api.requests[0]?.keyOk, true);
    assert.match(p.tariffId ?? '', /^[0-9a-f]{24}$/);
  });

  test('the default base URLs are the documented ones', async () => {
    const urls: string[] = [];
    const c = createApiClient({
      fetch: async (url) => {
        urls.push(url);
        return new Response(JSON.stringify({ status: 'success', data: [], errors: [] }));
      },
      apiKey: 'k y',
      apiVersion: 'v2',
      apiTimeZone: 'UTC',
    });
    await c.getLists();
    assert.deepEqual(urls, ['https://proxy-seller.com/personal/api/v2/k%20y/resident/lists']);
  });

  test('package variants all read the same', async () => {
    const base = await client().getPackage();
    const variants = [
      { packageNumbersAsStrings: false },
      { expiryFormat: 'dmy' as const },
      { camelCasePackage: true },
      { camelCasePackage: true, packageNumbersAsStrings: false, expiryFormat: 'dmy' as const },
    ];
    for (const v of variants) {
      api.setVariants(v);
      assert.deepEqual(await client().getPackage(), base, JSON.stringify(v));
      api.reset();
    }
    api.setVariants({ tarifIdAsString: true });
    const p = await client().getPackage();
    assert.match(p.tariffId ?? '', /^[0-9a-f]{24}$/);
  });

  test('traffic details: POST JSON body with dd.mm.yyyy dates; samples equal the fake traffic', async () => {
    const { key } = await client().getPackage();
    const q = { packageKey: key, dateStart: '2026-01-21', dateEnd: '2026-01-22' };
    const samples = samplesOf((await client().getTrafficDetails(q)).hours);
    const r = api.requests.at(-1);
    assert.equal(r?.method, 'POST');
    assert.equal(r?.path, '/personal/api/v1/{key}/resident/traffic/details');
    assert.deepEqual(r?.body, { packageKey: key, date_start: '21.01.2026', date_end: '22.01.2026' });
    assert.equal(sent.at(-1)?.headers['Content-Type'], 'application/json');
    const expected = api.trafficBetween(Date.UTC(2026, 0, 21), Date.UTC(2026, 0, 23));
    assert.ok(expected.length > 20);
    const byKey = (a: { login: string; start: number }, b: { login: string; start: number }) => a.start - b.start || a.login.localeCompare(b.login);
    assert.deepEqual(samples, [...expected].sort(byKey));

    api.setVariants({ detailsBytesAsStrings: true });
    assert.deepEqual(samplesOf((await client().getTrafficDetails(q)).hours), samples);
  });

  test('traffic details with a login filter', async () => {
    const { key } = await client().getPackage();
    const login = LOGINS[1] ?? '';
    const samples = samplesOf((await client().getTrafficDetails({ packageKey: key, dateStart: '2026-01-22', dateEnd: '2026-01-22', login })).hours);
    assert.deepEqual(api.requests.at(-1)?.body, { packageKey: key, date_start: '22.01.2026', date_end: '22.01.2026', login });
    assert.ok(samples.length > 0);
    assert.ok(samples.every((s) => s.login === login));
    assert.deepEqual(samples, api.trafficBetween(Date.UTC(2026, 0, 22), Date.UTC(2026, 0, 23), login));
  });

  test('traffic details with no traffic: data [] gives no samples', async () => {
    const { key } = await client().getPackage();
    assert.deepEqual(samplesOf((await client().getTrafficDetails({ packageKey: key, dateStart: '2025-01-01', dateEnd: '2025-01-02' })).hours), []);
  });

  test('hour keys and expiry read in a +5:30 API zone', async () => {
    const zone = 'Asia/Kolkata';
    const k = await startFakeApi({ apiKey: KEY, now: () => NOW, logins: LOGINS, seed: 3, hourKeyTimeZone: zone });
    try {
      const c = client({ baseUrl: k.baseUrl(), apiTimeZone: zone });
      const p = await c.getPackage();
      assert.equal(p.expiresAt, zonedToEpoch(zone, 2026, 2, 11, 23, 59, 59));
      const samples = samplesOf((await c.getTrafficDetails({ packageKey: p.key, dateStart: '2026-01-21', dateEnd: '2026-01-21' })).hours);
      const expected = k.trafficBetween(zonedToEpoch(zone, 2026, 1, 21), zonedToEpoch(zone, 2026, 1, 22));
      assert.equal(samples.length, expected.length);
      assert.deepEqual(new Set(samples.map((s) => `${s.login}@${s.start}=${s.bytes}`)), new Set(expected.map((s) => `${s.login}@${s.start}=${s.bytes}`)));
    } finally {
      await k.close();
    }
  });

  test('lists: plain array and {items}; passwords dropped', async () => {
    const a = await client().getLists();
    assert.deepEqual(a.map((l) => l.login), LOGINS);
    assert.ok(a.every((l) => typeof l.id === 'number' && l.title !== ''));
    assert.ok(a.every((l) => !('password' in l)));
    api.setVariants({ listsAsItems: true });
    assert.deepEqual(await client().getLists(), a);
  });

  test('consumption: body with optional filters, string numbers read', async () => {
    const all = await client().getConsumption();
    assert.deepEqual(api.requests.at(-1)?.body, {});
    assert.deepEqual(all.pricePerGb, { minor: 220, currency: 'USD' });
    assert.deepEqual(all.lists.map((l) => l.login), LOGINS);
    assert.equal(all.usedBytes, all.lists.reduce((s, l) => s + l.bytes, 0));
    assert.ok(all.usedBytes > 0);
    const login = LOGINS[0] ?? '';
    const one = await client().getConsumption({ login, dateStart: '2026-01-20', dateEnd: '2026-01-22' });
    assert.deepEqual(api.requests.at(-1)?.body, { login, date_start: '20.01.2026', date_end: '22.01.2026' });
    assert.deepEqual(one.lists.map((l) => l.login), [login]);
    const expected = api.trafficBetween(Date.UTC(2026, 0, 20), Date.UTC(2026, 0, 23), login).reduce((s, x) => s + x.bytes, 0);
    assert.equal(one.usedBytes, expected);
  });

  test('bad query input is refused before any request', async () => {
    await assert.rejects(client().getTrafficDetails({ packageKey: 'k', dateStart: '2026-02-30', dateEnd: '2026-03-01' }), RangeError);
    await assert.rejects(client().getTrafficDetails({ packageKey: ' ', dateStart: '2026-02-01', dateEnd: '2026-03-01' }), RangeError);
    assert.equal(api.requests.length, 0);
  });
});

describe('business errors (not retried)', () => {
  test('access triple, and a wrong key', async () => {
    api.setScenario({ kind: 'access-triple' });
    const e = await rejection(client().getPackage());
    assert.ok(e instanceof AccessDeniedError);
    assert.deepEqual(e.errors.map((x) => x.message), ['Error api key', 'IP not allowed', 'Request limit reached']);
    api.reset();
    const w = await rejection(client({ apiKey: `${KEY}x` }).getPackage());
    assert.ok(w instanceof AccessDeniedError);
    assert.equal(api.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  test('IP not allowed alone: IPv4, IPv6, none', async () => {
    for (const [ip, expected] of [
      [undefined, '203.0.113.7'],
      ['2001:db8::7', '2001:db8::7'],
      ['', null],
    ] as const) {
      api.setScenario({ kind: 'ip-not-allowed', ...(ip === undefined ? {} : { ip }) });
      const e = await rejection(client().getLists());
      assert.ok(e instanceof IpNotAllowedError);
      assert.equal(e.ip, expected);
    }
  });

  test('envelope rate limit: RateLimitedError without a wait, one request', async () => {
    api.setScenario({ kind: 'rate-limit-envelope' });
    const e = await rejection(client().getPackage());
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, null);
    assert.equal(api.requests.length, 1);
  });

  test('Tarif not found and an unknown package key are NoPackage; "key is required" is Rejected', async () => {
    api.setScenario({ kind: 'tarif-not-found' });
    assert.ok((await rejection(client().getPackage())) instanceof NoPackageError);
    api.reset();
    const q = { packageKey: 'ffffffffffffffffffff', dateStart: '2026-01-21', dateEnd: '2026-01-22' };
    assert.ok((await rejection(client().getTrafficDetails(q))) instanceof NoPackageError);
    api.setScenario({ kind: 'not-found' });
    const e = await rejection(client().getTrafficDetails(q));
    assert.ok(e instanceof RejectedError);
    assert.equal(e.message, 'key is required; not-found; not-found (404)');
    assert.equal(e.errors.length, 3);
  });

  test('warning (status "error", no errors, data) uses the data and logs a warning', async () => {
    const ok = await client().getPackage();
    const okLists = await client().getLists();
    api.setScenario({ kind: 'warning' });
    assert.deepEqual(await client().getPackage(), ok);
    assert.deepEqual(await client().getLists(), okLists);
    assert.ok(logLines.some((l) => l.startsWith('WARN resident/package')));
  });

  test('wrong shapes name the field, per endpoint', async () => {
    const { key } = await client().getPackage();
    api.setScenario({ kind: 'wrong-shape' });
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client().getPackage(), 'data.traffic_limit'],
      [() => client().getTrafficDetails({ packageKey: key, dateStart: '2026-01-21', dateEnd: '2026-01-22' }), 'data'],
      [() => client().getLists(), 'data.items'],
      [() => client().getConsumption(), 'data.lists'],
    ];
    for (const [call, path] of cases) {
      const e = await rejection(call());
      assert.ok(e instanceof MalformedResponseError, String(e));
      assert.equal(e.path, path);
    }
    assert.deepEqual(waits, []);
  });
});

describe('passing faults (retried)', () => {
  const transport = async (p: Promise<unknown>, cause: string, status: number | null): Promise<void> => {
    const e = await rejection(p);
    assert.ok(e instanceof TransportError, String(e));
    assert.equal(e.cause, cause);
    assert.equal(e.status, status);
  };

  test('HTML 502, JSON 500, text 200, truncated JSON: retried maxRetries times with backoff, then TransportError', async () => {
    const cases = [
      ['html-502', 'html', 502],
      ['http-500-json', 'http', 500],
      ['not-json', 'http', 200],
      ['truncated', 'truncated', 200],
    ] as const;
    for (const [kind, cause, status] of cases) {
      api.reset();
      waits = [];
      api.setScenario({ kind });
      await transport(client({ maxRetries: 2 }).getPackage(), cause, status);
      assert.equal(api.requests.length, 3, kind);
      assert.deepEqual(waits, [1000, 2000], kind);
    }
  });

  test('a passing fault that clears is retried to success', async () => {
    api.setScenario({ kind: 'truncated', times: 1 });
    api.setScenario({ kind: 'html-502', times: 1 });
    const p = await client().getPackage();
    assert.match(p.key, /^[0-9a-f]{20}$/);
    assert.equal(api.requests.length, 3);
    assert.deepEqual(waits, [1000, 2000]);
  });

  test('429 honours Retry-After in seconds, then succeeds', async () => {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 2, times: 2 });
    const lists = await client().getLists();
    assert.equal(lists.length, 2);
    assert.deepEqual(waits, [2000, 2000]);
    assert.equal(api.requests.length, 3);
  });

  test('429 honours Retry-After as an HTTP-date against the injected clock', async () => {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: new Date(NOW + 7000).toUTCString(), times: 1 });
    await client().getLists();
    assert.deepEqual(waits, [7000]);
  });

  test('429 without a usable Retry-After waits with jittered exponential backoff', async () => {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: '', times: 2 });
    await client({ random: () => 0 }).getLists();
    assert.deepEqual(waits, [750, 1500]);
  });

  test('429 gives up after maxRetries with RateLimitedError(retryAfterMs)', async () => {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 5 });
    const e = await rejection(client({ maxRetries: 3 }).getPackage());
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, 5000);
    assert.equal(api.requests.length, 4);
    assert.deepEqual(waits, [5000, 5000, 5000]);
  });

  test('a Retry-After longer than maxRetryWaitMs is not waited: thrown at once for the scheduler', async () => {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 120 });
    const e = await rejection(client().getPackage());
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, 120_000);
    assert.equal(api.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  test('timeout per attempt (slow answer, timeoutMs 100)', async () => {
    api.setScenario({ kind: 'slow', delayMs: 3000 });
    const t0 = Date.now();
    await transport(client({ timeoutMs: 100, maxRetries: 1 }).getPackage(), 'timeout', null);
    assert.ok(Date.now() - t0 < 2900, 'gave up before the slow answer came');
    assert.equal(api.requests.length, 2);
    assert.equal(waits.length, 1);
  });

  test('connection refused (a closed port)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await transport(client({ baseUrl: `http://127.0.0.1:${port}/personal/api/v1/`, maxRetries: 1 }).getPackage(), 'refused', null);
    assert.equal(waits.length, 1);
  });

  test('the external signal aborts: TransportError "aborted", not retried', async () => {
    api.setScenario({ kind: 'slow', delayMs: 3000 });
    const ctrl = new AbortController();
    const pending = client().getPackage(ctrl.signal);
    // Aborted once the server holds the request (a fixed delay raced it on a busy machine).
    const held = async (): Promise<void> => {
      while (api.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    };
    await held();
    ctrl.abort();
    await transport(pending, 'aborted', null);
    assert.equal(api.requests.length, 1);
    assert.deepEqual(waits, []);

    // Already aborted: nothing is sent.
    api.reset();
    await transport(client().getLists(AbortSignal.abort()), 'aborted', null);
    assert.equal(api.requests.length, 0);

    // Aborted while waiting to retry.
    api.setScenario({ kind: 'html-502' });
    const c2 = new AbortController();
    const c = client({ sleep: async () => c2.abort() });
    await transport(c.getLists(c2.signal), 'aborted', null);
    assert.equal(api.requests.length, 1);
  });
});

describe('the key never leaks', () => {
  test('server text echoing the key (raw or encoded) is redacted', async () => {
    const echo = (body: unknown, status = 200): FetchLike => async () => new Response(JSON.stringify(body), { status });
    const path = `/personal/api/v1/${encodeURIComponent(KEY)}/resident/package`;
    const rejected = await rejection(
      createApiClient({
        fetch: echo({ status: 'error', data: null, errors: [{ message: `Unknown route ${path} for ${KEY}`, code: 0 }] }),
        apiKey: KEY,
        apiTimeZone: 'UTC',
      }).getPackage(),
    );
    assert.ok(rejected instanceof RejectedError);
    assert.equal(rejected.message, 'Unknown route /personal/api/v1/***/resident/package for ***');

    const malformed = await rejection(
      createApiClient({ fetch: echo({ status: 'success', data: { [KEY]: { x: 1 } }, errors: [] }), apiKey: KEY, apiTimeZone: 'UTC' }).getTrafficDetails({
        packageKey: 'k',
        dateStart: '2026-01-01',
        dateEnd: '2026-01-02',
      }),
    );
    assert.ok(malformed instanceof MalformedResponseError);
    assert.ok(malformed.path.includes('***'));
  });

  test('a fetch error quoting the URL is rebuilt from its code only', async () => {
    const throwing: FetchLike = async (url) => {
      const inner = Object.assign(new Error(`read ECONNRESET ${url}`), { code: 'ECONNRESET' });
      throw new TypeError(`fetch failed for ${url}`, { cause: inner });
    };
    const e = await rejection(createApiClient({ fetch: throwing, apiKey: KEY, apiTimeZone: 'UTC', maxRetries: 0 }).getPackage());
    assert.ok(e instanceof TransportError);
    assert.equal(e.cause, 'reset');
    assert.equal(JSON.stringify(e).includes('fetch failed'), false);
  });

  test('every error scenario, plus the log lines', async () => {
    // rejection() checks message, String, stack, JSON and the errors list of each.
    const kinds = [
      'html-502', 'http-500-json', 'truncated', 'not-json', 'rate-limit-429', 'rate-limit-envelope',
      'access-triple', 'ip-not-allowed', 'tarif-not-found', 'not-found', 'wrong-shape',
    ] as const;
    for (const kind of kinds) {
      api.reset();
      api.setScenario({ kind });
      const c = client({ maxRetries: 1 });
      for (const call of [
        () => c.getPackage(),
        () => c.getTrafficDetails({ packageKey: 'k', dateStart: '2026-01-21', dateEnd: '2026-01-22' }),
        () => c.getLists(),
        () => c.getConsumption(),
      ]) {
        assert.ok((await rejection(call())) instanceof ApiError, kind);
      }
    }
    api.reset();
    api.setScenario({ kind: 'slow', delayMs: 3000 });
    await rejection(client({ timeoutMs: 50, maxRetries: 0 }).getPackage());
    assert.ok(logLines.length > 0);
    for (const line of logLines) assert.ok(!line.includes('SECRET-abc') && !line.includes(encodeURIComponent(KEY)), line);
  });
});
