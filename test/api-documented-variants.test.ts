// Every answer variant the reference (shared/reference/proxy-seller-api.md) documents, served by the
// fake API over real HTTP and read by the real client; the odd ones also end to end through the engine,
// showing the figures survive an unreadable expiry and odd hour items.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
} from '../src/core/api/errors.js';
import type { Logger } from '../src/core/ports.js';
import { createHistorySync } from '../src/core/sync/history-sync.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { zonedToEpoch } from '../src/core/time/zoned.js';
import { startFakeApi, type FakeApi, type Variants } from './fake-api/server.js';

const KEY = 'SeCrEt-variants/key+1';
const NOW = Date.parse('2026-11-20T10:17:00Z');
const LOGINS = ['aaaa1111bbbb2222', 'cccc3333dddd4444'];
const EXPIRES = zonedToEpoch('UTC', 2026, 12, 10, 23, 59, 59);
const LIMIT = 50e9;

let api: FakeApi;
let warnings: string[];
const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(`ERROR ${m}`) };

function client(extra: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    fetch,
    apiKey: KEY,
    baseUrl: api.baseUrl(extra.apiVersion ?? 'v1'),
    apiTimeZone: 'UTC',
    clock: () => NOW,
    maxRetries: 0,
    sleep: async () => {},
    logger,
    ...extra,
  });
}

/** Nothing a client logs or throws may hold the key. */
function assertNoKey(text: string): void {
  for (const form of [KEY, encodeURIComponent(KEY), 'SeCrEt-variants']) assert.ok(!text.includes(form), `key leaked in: ${text}`);
}

before(async () => {
  api = await startFakeApi({ apiKey: KEY, now: () => NOW, logins: LOGINS, seed: 11, historyDays: 60, package: { expiresAt: EXPIRES, limitBytes: LIMIT } });
});
after(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
  warnings = [];
});

describe('documented package variants, v1 and v2', () => {
  const forms: Array<[NonNullable<Variants['expiryFormat']>, number | null]> = [
    ['iso', EXPIRES],
    ['dmy', EXPIRES],
    ['fraction', EXPIRES],
    ['iso-offset', EXPIRES],
    ['php-object', EXPIRES],
    ['placeholder', null],
  ];
  for (const version of ['v1', 'v2'] as const) {
    for (const [expiryFormat, expiresAt] of forms) {
      for (const camel of [false, true]) {
        test(`${version}, expiry "${expiryFormat}", ${camel ? 'camelCase' : 'snake_case'}: figures read, expiry ${expiresAt === null ? 'unknown' : 'read'}`, async () => {
          api.setVariants({ expiryFormat, camelCasePackage: camel, packageNumbersAsStrings: version === 'v2' });
          const p = await client({ apiVersion: version }).getPackage();
          assert.equal(p.limitBytes, LIMIT);
          assert.ok(p.usedBytes > 0);
          assert.equal(p.leftBytes, LIMIT - p.usedBytes);
          assert.equal(p.active, true);
          assert.equal(p.expiresAt, expiresAt);
          assert.equal(p.tariffId === null, false);
          if (expiresAt === null) {
            assert.deepEqual(warnings, [`resident/package: data.${camel ? 'expiredAt' : 'expired_at'}: expiry not readable (the string "d.m.Y"); expiry unknown`]);
          } else assert.deepEqual(warnings, []);
        });
      }
    }
  }

  test('a v1-era sample without traffic_left: left is limit minus usage', async () => {
    api.setVariants({ packageOmit: ['traffic_left'], packageNumbersAsStrings: false });
    const p = await client().getPackage();
    assert.equal(p.leftBytes, LIMIT - p.usedBytes);
    assert.deepEqual(warnings, []);
  });

  test('without is_active: active, and one warning', async () => {
    api.setVariants({ packageOmit: ['is_active'] });
    assert.equal((await client().getPackage()).active, true);
    assert.deepEqual(warnings, ['resident/package: data.is_active: is_active not given; assuming active']);
  });

  test('without package_key: a specific, typed error', async () => {
    api.setVariants({ packageOmit: ['package_key'] });
    await assert.rejects(client().getPackage(), (e: unknown) => e instanceof MalformedResponseError && /without its package key/.test(e.message));
  });
});

describe('documented details, lists and consumption variants', () => {
  const range = { dateStart: '2026-11-18', dateEnd: '2026-11-19' };

  for (const detailsBytesAsStrings of [false, true]) {
    test(`details with bytes as ${detailsBytesAsStrings ? 'numeric strings' : 'numbers'} match the fake's traffic`, async () => {
      api.setVariants({ detailsBytesAsStrings });
      const c = client();
      const { key } = await c.getPackage();
      const got = samplesOf((await c.getTrafficDetails({ packageKey: key, ...range })).hours);
      const want = api.trafficBetween(Date.UTC(2026, 10, 18), Date.UTC(2026, 10, 20));
      assert.equal(got.length, want.length);
      assert.equal(got.reduce((s, x) => s + x.bytes, 0), want.reduce((s, x) => s + x.bytes, 0));
    });
  }

  test('details with no traffic: [] is an empty answer, not an error', async () => {
    const c = client();
    const { key } = await c.getPackage();
    assert.deepEqual(samplesOf((await c.getTrafficDetails({ packageKey: key, dateStart: '2025-01-01', dateEnd: '2025-01-02' })).hours), []);
    assert.deepEqual(warnings, []);
  });

  for (const v of [{}, { listsAsItems: true }, { listsV1Docs: true }, { listsV1Docs: true, listsAsItems: true }] satisfies Variants[]) {
    test(`lists ${JSON.stringify(v)}: every login, title and the display fields`, async () => {
      api.setVariants(v);
      const lists = await client().getLists();
      assert.deepEqual(lists.map((l) => l.login), LOGINS);
      assert.ok(lists.every((l) => l.title !== '' && typeof l.id === 'number' && l.ports === 10));
      if (v.listsV1Docs) {
        assert.ok(lists.every((l) => l.rotation === 'A new IP for every request'));
        assert.deepEqual(lists[0]?.countries.slice(-2), ['AT', 'AL']);
      } else assert.ok(lists.every((l) => typeof l.rotation === 'number' && l.countries.length === 1));
      assert.ok(!JSON.stringify(lists).includes('password'));
    });
  }

  test('consumption: all-string values', async () => {
    const c = await client().getConsumption();
    assert.deepEqual(c.lists.map((l) => l.login), LOGINS);
    assert.equal(c.usedBytes, c.lists.reduce((s, l) => s + l.bytes, 0));
    assert.deepEqual(c.pricePerGb, { minor: 220, currency: 'USD' });
  });
});

describe('the documented error table, over HTTP', () => {
  const table: Array<[string, Parameters<FakeApi['setScenario']>[0], (e: unknown) => boolean]> = [
    ['the access triple', { kind: 'access-triple' }, (e) => e instanceof AccessDeniedError && e.errors.length === 3],
    ['IP not allowed <ip>', { kind: 'ip-not-allowed', ip: '203.0.113.9' }, (e) => e instanceof IpNotAllowedError && e.ip === '203.0.113.9'],
    ['IP address is not allowed', { kind: 'errors', errors: [{ message: 'IP address is not allowed', code: 503 }] }, (e) => e instanceof IpNotAllowedError],
    ['Error auth. ...', { kind: 'errors', errors: [{ message: 'Error auth. Invalid key', code: 0 }] }, (e) => e instanceof AccessDeniedError],
    ['code 2', { kind: 'errors', errors: [{ message: 'Access denied', code: 2 }] }, (e) => e instanceof AccessDeniedError],
    ['code 3', { kind: 'errors', errors: [{ message: 'Access denied', code: '3' }] }, (e) => e instanceof AccessDeniedError],
    ['Request limit reached', { kind: 'rate-limit-envelope' }, (e) => e instanceof RateLimitedError],
    ['Tarif not found', { kind: 'tarif-not-found' }, (e) => e instanceof NoPackageError],
    ['not-found, not-found (404)', { kind: 'errors', errors: [{ message: 'not-found', code: 404 }, { message: 'not-found (404)', code: 0 }] }, (e) => e instanceof NoPackageError],
    ['key is required + not-found', { kind: 'not-found' }, (e) => e instanceof RejectedError && e.errors.length === 3],
    ['Incorrect request body', { kind: 'errors', errors: [{ message: 'Incorrect request body', code: 0 }] }, (e) => e instanceof RejectedError],
    ['a message nested 10,000 deep', { kind: 'deep-error' }, (e) => e instanceof RejectedError && e.message === '(a message that is not text: an object)'],
    ['a bare { message, code } without the envelope', { kind: 'bare-error' }, (e) => e instanceof AccessDeniedError],
    ['a bare { message, code } with HTTP 503', { kind: 'bare-error', status: 503, errors: [{ message: 'IP not allowed 203.0.113.4', code: 503 }] }, (e) => e instanceof IpNotAllowedError && e.ip === '203.0.113.4'],
  ];
  for (const [name, scenario, check] of table) {
    test(`${name} comes out as its typed error`, async () => {
      api.setScenario(scenario);
      const e = await client().getPackage().then(
        () => assert.fail('expected a rejection'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof ApiError, `typed: ${String(e)}`);
      assert.ok(check(e), String(e));
      assertNoKey(`${String(e)} ${JSON.stringify((e as ApiError).errors)}`);
    });
  }
});

describe('end to end: fake API -> client -> engine', () => {
  const ZONE = 'Europe/Berlin';
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-variants-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function engine() {
    return createHistorySync({
      dataDir: dir,
      settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
      localTimeZone: ZONE,
      clock: () => NOW,
      logger,
      openClient: async () => client(),
    });
  }
  const todaySum = (): number => {
    const b = localDayBounds('2026-11-20', ZONE);
    return api.trafficBetween(b.start, NOW).reduce((s, x) => s + x.bytes, 0);
  };

  test('an expiry in the v1 docs\' "d.m.Y" form: limit, usage and traffic survive, expiry unknown', async () => {
    api.setVariants({ expiryFormat: 'placeholder' });
    const e = engine();
    await e.init();
    await e.poll();
    const snap = e.snapshot();
    assert.equal(snap.problem, null);
    assert.ok(snap.package);
    assert.equal(snap.package.limitBytes, LIMIT);
    assert.ok(snap.package.usedBytes > 0);
    assert.equal(snap.package.expiresAt, null);
    assert.ok(snap.today.totalBytes > 0);
    assert.equal(snap.today.totalBytes, todaySum());
    assert.equal(warnings.filter((w) => w.includes('expiry not readable')).length, 1);
  });

  test('odd hour items are dropped with one counted warning; every good hour is kept', async () => {
    api.setVariants({
      detailsJunk: {
        '': { '2026-11-20 08:00:00': 5 },
        [LOGINS[0] ?? '']: { '2026-11-20 08:30:00': 7, '0001-01-01 00:00:00': 8 },
        ffff0000ffff0000: { '2026-11-20 09:00:00': 9e15, '9999-12-31 23:00:00': 1 },
      },
    });
    const e = engine();
    await e.init();
    await e.poll();
    const snap = e.snapshot();
    assert.equal(snap.problem, null);
    assert.equal(snap.today.totalBytes, todaySum());
    assert.ok(Number.isSafeInteger(snap.monthToDate.totalBytes));
    const lines = warnings.filter((w) => w.startsWith('resident/traffic/details:'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(
      lines[0] ?? '',
      new RegExp(
        String.raw`^resident/traffic/details: dropped 5 of [\d,]+ hours: ` +
          String.raw`1 off the hour \(first: data\.aaaa1111bbbb2222\["2026-11-20 08:30:00"\]\), ` +
          String.raw`1 before 2015 \(first: data\.aaaa1111bbbb2222\["0001-01-01 00:00:00"\]\), ` +
          String.raw`1 without a login name \(first: data\[""\]\["2026-11-20 08:00:00"\]\), ` +
          String.raw`1 over 10 TB \(first: data\.ffff0000ffff0000\["2026-11-20 09:00:00"\]\), ` +
          String.raw`1 more than 2 days ahead \(first: data\.ffff0000ffff0000\["9999-12-31 23:00:00"\]\)$`,
      ),
    );
    assertNoKey(warnings.join('\n'));
  });

  test('an answer whose hours are all unusable is a malformed answer naming the first bad item', async () => {
    api.setVariants({ detailsJunk: { '': { '2025-01-01 08:00:00': 1 }, a: { '2025-01-01 08:30:00': 2 } } });
    const c = client();
    const { key } = await c.getPackage();
    await assert.rejects(
      c.getTrafficDetails({ packageKey: key, dateStart: '2025-01-01', dateEnd: '2025-01-02' }),
      (e: unknown) => e instanceof MalformedResponseError && e.path === 'data[""]["2025-01-01 08:00:00"]' && /nothing usable, dropped 2 of 2 hours/.test(e.message),
    );
  });

  test('a message nested 10,000 deep is a rejected-request problem, not an unexpected failure', async () => {
    api.setScenario({ kind: 'deep-error' });
    const e = engine();
    await e.init();
    await assert.rejects(e.poll(), RejectedError);
    const snap = e.snapshot();
    assert.equal(snap.problem?.kind, 'rejected');
    assert.equal(snap.problem?.message, 'Proxy-Seller refused the request.');
    assert.match(snap.problem?.detail ?? '', /not text/, 'the API\'s odd message is in the details');
    assert.ok(warnings.some((w) => w.startsWith('sync failed: Proxy-Seller refused the request. (') && w.includes('not text')), 'and in the log');
    assert.ok(warnings.every((w) => !w.includes(KEY)));
  });
});

describe('the package card in Chromium', () => {
  test('an unreadable expiry shows "Expiry unknown" beside the full limit, used and left', async () => {
    const { startChromiumHarness } = await import('./harness/chromium.js');
    const { openApp } = await import('./harness/app-window.js');
    const h = await startChromiumHarness();
    try {
      const o = await openApp(h, { waitForFigures: true });
      try {
        o.app.api.setVariants({ expiryFormat: 'placeholder' });
        const r = await o.app.controller.refresh();
        assert.equal(r.ok, true);
        await o.page.locator('.package-expiry', { hasText: 'Expiry unknown' }).waitFor({ timeout: 10_000 });
        assert.equal(await o.page.locator('.package-expiry').innerText(), 'Expiry unknown');
        assert.equal(o.app.controller.view().snapshot.package?.expiresAt, null);
        assert.match((await o.page.locator('[role="meter"]').getAttribute('aria-valuetext')) ?? '', /^.+ GB left \([\d.]+ %\); .+ GB of 50\.00 GB used \([\d.]+ %\)$/);
      } finally {
        await o.close();
      }
    } finally {
      await h.close();
    }
  });
});
