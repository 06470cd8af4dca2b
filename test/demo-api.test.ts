// The demo's API in process (src/core/demo): its answers read by the real client, its refusals as
// the API words them, and its world pinned to the figures the demo has always shown.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createApiClient } from '../src/core/api/client.js';
import { samplesOf } from '../src/core/api/parse-details.js';
import { AccessDeniedError, NoPackageError } from '../src/core/api/errors.js';
import { DEMO_API_KEY, DEMO_BASE_URL, DEMO_TRAFFIC } from '../src/core/controller/demo.js';
import { createDemoApi } from '../src/core/demo/api.js';
import { DAY_MS, HOUR_MS, utcCalendar } from '../src/core/demo/calendar.js';
import { zoneCalendar } from './fake-api/traffic.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realTimers } from '../src/core/ports.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { localDateOf, monthStart } from '../src/shared/local-dates.js';

const NOW = Date.UTC(2026, 2, 29, 14, 37, 12); // mid-hour, on the night Europe moves its clocks
const demoApi = () => createDemoApi({ apiKey: DEMO_API_KEY, now: () => NOW, ...DEMO_TRAFFIC });
const initFor = (method: string, body?: object) => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  signal: new AbortController().signal,
  redirect: 'manual' as const,
  cache: 'no-store' as const,
});

function clientOf(api: ReturnType<typeof demoApi>, opts: { apiKey?: string; apiVersion?: 'v1' | 'v2' } = {}) {
  const version = opts.apiVersion ?? 'v1';
  return createApiClient({
    fetch: api.fetch,
    apiKey: opts.apiKey ?? DEMO_API_KEY,
    apiVersion: version,
    baseUrl: DEMO_BASE_URL.replace('/v1/', `/${version}/`),
    apiTimeZone: 'UTC',
    clock: () => NOW,
    maxRetries: 0,
  });
}

describe('demo API: read by the real client', () => {
  for (const apiVersion of ['v1', 'v2'] as const) {
    test(`${apiVersion}: package, lists, traffic details and consumption parse, and agree with the traffic held`, async () => {
      const api = demoApi();
      const client = clientOf(api, { apiVersion });
      const pkg = await client.getPackage();
      assert.equal(pkg.key, api.package.key);
      assert.equal(pkg.active, true);
      assert.equal(pkg.limitBytes, 50e9);
      assert.equal(pkg.expiresAt, api.package.expiresAt);
      const used = api.trafficBetween(api.package.expiresAt - 30 * DAY_MS, NOW + 1).reduce((s, x) => s + x.bytes, 0);
      assert.ok(used > 0, 'the package has traffic');
      assert.equal(pkg.usedBytes, used);
      assert.equal(pkg.leftBytes, 50e9 - used);
      assert.equal(pkg.tariffId !== null, true);

      assert.deepEqual((await client.getLists()).map((l) => l.login), [...DEMO_TRAFFIC.logins]);

      const answer = await client.getTrafficDetails({ packageKey: pkg.key, dateStart: '2026-03-28', dateEnd: '2026-03-29' });
      const samples = samplesOf(answer.hours);
      const held = api.trafficBetween(Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 30));
      assert.equal(samples.length, held.length);
      assert.deepEqual(
        samples.map((s) => [s.login, s.start, s.bytes]).sort(),
        held.map((s) => [s.login, s.start, s.bytes]).sort(),
      );
      assert.equal(answer.serverTime, Math.floor(NOW / 1000) * 1000, 'the Date header tells the demo clock');
      assert.ok(samples.every((s) => s.start < NOW), 'no hour that has not started');

      const consumption = await client.getConsumption();
      assert.equal(consumption.usedBytes, used);
      assert.deepEqual(consumption.lists.map((l) => l.login), [...DEMO_TRAFFIC.logins]);
    });
  }

  test('a wrong key gets the access error the API gives, as the client reads it', async () => {
    const e = await clientOf(demoApi(), { apiKey: 'not-the-demo-key' }).getPackage().then(
      () => assert.fail('a wrong key was accepted'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof AccessDeniedError, String(e));
    assert.deepEqual(e.errors.map((x) => x.message), ['Error api key', 'IP not allowed', 'Request limit reached']);
  });

  test('an unknown package key or login is not found; a bad date is refused by name', async () => {
    const api = demoApi();
    const details = clientOf(api);
    await assert.rejects(details.getTrafficDetails({ packageKey: 'no-such-package', dateStart: '2026-03-28', dateEnd: '2026-03-29' }), NoPackageError);
    await assert.rejects(details.getTrafficDetails({ packageKey: api.package.key, dateStart: '2026-03-28', dateEnd: '2026-03-29', login: 'nobody' }), NoPackageError);
    const bad = await api.fetch(`${DEMO_BASE_URL}${DEMO_API_KEY}/resident/consumption`, initFor('POST', { date_start: '31.02.2026' }));
    assert.deepEqual(await bad.json(), { status: 'error', data: null, errors: [{ message: 'Invalid date_start', code: 0, customData: null }] });
  });

  test('a path that is not the API\'s gets the 404 page, which never echoes the path (it holds the key)', async () => {
    const api = demoApi();
    const root = `${DEMO_BASE_URL}${DEMO_API_KEY}/`;
    for (const [method, url] of [
      ['GET', `${root}resident/nothing`],
      ['POST', `${root}resident/package`],
      ['GET', `${root.replace('/v1/', '/v3/')}resident/package`],
    ] as const) {
      const res = await api.fetch(url, initFor(method));
      assert.equal(res.status, 404, `${method} ${url.slice(root.length)}`);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.ok(!(await res.text()).includes(DEMO_API_KEY));
    }
  });

  test('a request cancelled before it is answered is rejected with the abort reason', async () => {
    const ac = new AbortController();
    ac.abort(new Error('shutting down'));
    await assert.rejects(demoApi().fetch(`${DEMO_BASE_URL}${DEMO_API_KEY}/resident/package`, { ...initFor('GET'), signal: ac.signal }), /shutting down/);
  });
});

describe('demo API: the demo\'s world', () => {
  // sha256 prefixes of the answers the demo got from the fake API server before it moved into the
  // core (same seed, logins and 90 days, this clock): the demo shows the figures it always showed.
  const BEFORE: Record<string, string> = {
    'v1 package': '200 357 88d919e0067671f8',
    // Changed on purpose (issue 12): the demo's lists carry titles that match what they do.
    'v1 lists': '200 969 162fbc11d54f2ccd',
    'v1 details': '200 219661 f47ce0516e1c96e5',
    'v1 details-login': '200 6104 f44619f544a160c0',
    'v1 consumption': '200 638 a11ff562d16094a8',
    'v1 consumption-range': '200 377 922a56181ee23c8e',
    'v2 package': '200 382 ddcc5021f0722247',
    'v2 details': '200 219661 f47ce0516e1c96e5',
  };

  test('answers at a fixed clock are byte for byte what the demo answered before', async () => {
    const api = demoApi();
    const got: Record<string, string> = {};
    const calls: Array<[string, string, string, object | undefined]> = [
      ['package', 'GET', 'resident/package', undefined],
      ['lists', 'GET', 'resident/lists', undefined],
      ['details', 'POST', 'resident/traffic/details', { packageKey: api.package.key, date_start: '01.01.2026', date_end: '29.03.2026' }],
      ['details-login', 'POST', 'resident/traffic/details', { packageKey: api.package.key, date_start: '20.03.2026', date_end: '29.03.2026', login: 'serp-tracker' }],
      ['consumption', 'POST', 'resident/consumption', {}],
      ['consumption-range', 'POST', 'resident/consumption', { date_start: '01.03.2026', date_end: '15.03.2026', login: 'ads-verify' }],
    ];
    for (const version of ['v1', 'v2']) {
      for (const [name, method, path, body] of calls) {
        const label = `${version} ${name}`;
        if (BEFORE[label] === undefined) continue;
        const res = await api.fetch(`${DEMO_BASE_URL.replace('/v1/', `/${version}/`)}${DEMO_API_KEY}/${path}`, initFor(method, body));
        const text = await res.text();
        got[label] = `${res.status} ${text.length} ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
      }
    }
    assert.deepEqual(got, BEFORE);
  });

  test('its UTC hours agree with the fake\'s own zone arithmetic', () => {
    const fake = zoneCalendar('UTC');
    for (const [from, to] of [
      [NOW - 3 * DAY_MS, NOW],
      [Date.UTC(2024, 1, 28, 23, 30), Date.UTC(2024, 2, 1, 0, 0, 1)], // a leap day, from mid-hour
      [NOW, NOW],
    ] as const) {
      assert.deepEqual(utcCalendar.hourBuckets(from, to), fake.hourBuckets(from, to));
    }
    for (const t of [NOW, Date.UTC(2024, 1, 29, 0, 0, 0), Date.UTC(2025, 11, 31, 23, 59, 59, 999)]) {
      assert.deepEqual(utcCalendar.wallParts(t), fake.wallParts(t));
      assert.equal(utcCalendar.endOfDay(t), fake.endOfDay(t));
    }
    assert.equal(utcCalendar.hourBuckets(NOW, NOW + HOUR_MS).length, 1);
  });
});

describe('demo mode: its package agrees with its traffic', () => {
  const ZONES = ['Europe/Berlin', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'];
  const CLOCKS = [
    Date.UTC(2026, 10, 26, 11, 30), // late in the month: the fixed package's month to date exceeded it
    Date.UTC(2026, 11, 1, 0, 30), // the 1st, just after midnight UTC
    Date.UTC(2026, 11, 31, 23, 0), // the last hour of the year
    Date.UTC(2026, 2, 29, 14, 37), // the night Europe moves its clocks
  ];
  for (const start of CLOCKS) {
    test(`started ${new Date(start).toISOString()}: used = the traffic since the period began, under the limit, left = limit - used; the month to date is within it`, async () => {
      let now = start;
      const api = createDemoApi({ apiKey: DEMO_API_KEY, now: () => now, ...DEMO_TRAFFIC, packageFromTraffic: true });
      const client = createApiClient({ fetch: api.fetch, apiKey: DEMO_API_KEY, apiVersion: 'v1', baseUrl: DEMO_BASE_URL, apiTimeZone: 'UTC', clock: () => now, maxRetries: 0 });
      const startsAt = api.package.startsAt;
      assert.ok(startsAt !== undefined, 'the period start is the demo\'s own');
      assert.ok(api.package.expiresAt >= start + 9 * DAY_MS, 'the package is not nearly over when the demo starts');
      const sum = (from: number, to: number) => api.trafficBetween(from, to).reduce((s, x) => s + x.bytes, 0);

      // At the start, and at the last minute before expiry: the figures still add up.
      for (const at of [start, api.package.expiresAt - 60_000]) {
        now = at;
        const pkg = await client.getPackage();
        const used = sum(startsAt, at + 1);
        assert.equal(pkg.usedBytes, used, 'used = the traffic since the period began');
        assert.ok(pkg.limitBytes > used, `the limit (${pkg.limitBytes}) stays above the use (${used})`);
        assert.equal(pkg.leftBytes, pkg.limitBytes - used);
        assert.equal((await client.getConsumption()).usedBytes, used, 'consumption says the same');
      }
      now = start;
      for (const zone of ZONES) {
        const today = localDateOf(start, zone);
        const monthFrom = localDayBounds(monthStart(today), zone).start;
        assert.ok(monthFrom >= startsAt, `${zone}: the local month began within the package period`);
        assert.ok(sum(monthFrom, start + 1) <= sum(startsAt, start + 1), `${zone}: month to date <= the package's use`);
      }
    });
  }

  test('the demo as the app starts it uses the sized package', async () => {
    const { startDemo } = await import('../src/core/controller/demo.js');
    const dir = await mkdtemp(join(tmpdir(), 'pst-demo-'));
    try {
      const demo = await startDemo({
        dataDir: dir,
        clock: () => CLOCKS[0] as number,
        timers: realTimers,
        random: () => 0.5,
        localTimeZone: () => 'Europe/Berlin',
        version: 'test',
      });
      try {
        let snap = demo.controller.view().snapshot;
        for (let i = 0; i < 500 && snap.lastSuccessAt === null; i++) {
          await new Promise((r) => setTimeout(r, 10));
          snap = demo.controller.view().snapshot;
        }
        const pkg = snap.package;
        assert.ok(pkg, 'the demo has a package');
        assert.ok(pkg.usedBytes < pkg.limitBytes);
        assert.equal(pkg.leftBytes, pkg.limitBytes - pkg.usedBytes);
        assert.ok(snap.monthToDate.totalBytes <= pkg.usedBytes, 'month to date within the package');
      } finally {
        await demo.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
