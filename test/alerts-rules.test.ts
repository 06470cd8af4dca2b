import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateAlerts, initialAlertState, detectRenewal, NOTIFIED_TITLE_MAX, type Alert, type AlertState } from '../src/core/alerts/rules.js';
import type { AlertSettings } from '../src/core/settings/schema.js';
import { NO_MONEY, type Renewal, type Snapshot } from '../src/shared/types.js';
import {
  AccessDeniedError,
  IpNotAllowedError,
  KeychainUnavailableError,
  MalformedResponseError,
  NoKeyError,
  NoPackageError,
  RateLimitedError,
  RejectedError,
  TransportError,
} from '../src/core/api/errors.js';
import { FIXTURE_NOW, makePackage, makeSnapshot, problemFrom } from './support/snapshot-fixture.js';

const DAY = 86_400_000;
const OFF: AlertSettings = {
  dailyThresholdBytes: null,
  leftBelowPercent: null,
  leftBelowBytes: null,
  expiresWithinDays: null,
  renewed: false,
  paceDaysBeforeExpiry: null,
  renewalShortWithinDays: null,
  spikeFactor: null,
  spikeFloorBytes: 200e6,
};

/** Feeds snapshots through evaluateAlerts one after another, as the app does after each sync. */
function runner(settings: Partial<AlertSettings>, units: 'GB' | 'GiB' = 'GB') {
  let state: AlertState = initialAlertState;
  let current: Partial<AlertSettings> = settings;
  return {
    step(snapshot: Snapshot, now: number = snapshot.generatedAt): Alert[] {
      const r = evaluateAlerts({ snapshot, settings: { ...OFF, ...current }, units, now }, state);
      state = r.state;
      return r.alerts;
    },
    ids(snapshot: Snapshot, now?: number): string[] {
      return this.step(snapshot, now).map((a) => a.id);
    },
    set(next: Partial<AlertSettings>) {
      current = next;
    },
    get state() {
      return state;
    },
  };
}

function today(date: string, totalBytes: number, at: number): Snapshot {
  return makeSnapshot({ generatedAt: at, lastSuccessAt: at, today: { date, totalBytes, byLogin: { main: totalBytes } } });
}

describe('daily-threshold', () => {
  test('fires once per local day when today passes the threshold', () => {
    const r = runner({ dailyThresholdBytes: 5e9 });
    const t = FIXTURE_NOW;
    assert.deepEqual(r.step(today('2026-06-10', 4.9e9, t)), []);
    assert.deepEqual(r.step(today('2026-06-10', 5e9, t + 1)), [], 'equal is not above');
    const [alert, ...rest] = r.step(today('2026-06-10', 5.12e9, t + 2));
    assert.deepEqual(rest, []);
    assert.deepEqual(alert, {
      id: 'daily-threshold',
      title: 'Daily traffic threshold passed',
      body: 'Today: 5.12 GB (threshold 5.00 GB)',
      view: 'today',
      urgency: 'normal',
    });
    assert.equal(r.state.active['daily-threshold'], '2026-06-10');
    assert.deepEqual(r.ids(today('2026-06-10', 6e9, t + 3)), []);
    assert.deepEqual(r.ids(today('2026-06-10', 9e9, t + 4)), []);
    // A new local day re-arms, even when the first snapshot of that day is already over.
    assert.deepEqual(r.ids(today('2026-06-11', 5.5e9, t + DAY)), ['daily-threshold']);
    assert.deepEqual(r.ids(today('2026-06-11', 5.6e9, t + DAY + 1)), []);
    // A day below clears; the next crossing fires.
    assert.deepEqual(r.ids(today('2026-06-12', 1e9, t + 2 * DAY)), []);
    assert.equal(r.state.active['daily-threshold'], undefined);
    assert.deepEqual(r.ids(today('2026-06-12', 5.01e9, t + 2 * DAY + 1)), ['daily-threshold']);
  });

  test('raising the threshold above today clears it; lowering again re-fires', () => {
    const r = runner({ dailyThresholdBytes: 5e9 });
    assert.deepEqual(r.ids(today('2026-06-10', 6e9, FIXTURE_NOW)), ['daily-threshold']);
    r.set({ dailyThresholdBytes: 8e9 });
    assert.deepEqual(r.ids(today('2026-06-10', 6e9, FIXTURE_NOW + 1)), []);
    r.set({ dailyThresholdBytes: 5e9 });
    assert.deepEqual(r.ids(today('2026-06-10', 6e9, FIXTURE_NOW + 2)), ['daily-threshold']);
  });

  test('uses the chosen units', () => {
    const r = runner({ dailyThresholdBytes: 5 * 1024 ** 3 }, 'GiB');
    const [a] = r.step(today('2026-06-10', 5.5 * 1024 ** 3, FIXTURE_NOW));
    assert.equal(a?.body, 'Today: 5.50 GiB (threshold 5.00 GiB)');
  });

  test('before any successful sync, today is unknown: state is left alone', () => {
    const r = runner({ dailyThresholdBytes: 5e9 });
    assert.deepEqual(r.ids(today('2026-06-10', 6e9, FIXTURE_NOW)), ['daily-threshold']);
    const unsynced = makeSnapshot({ lastSuccessAt: null, today: { date: '2026-06-10', totalBytes: 0, byLogin: {} } });
    assert.deepEqual(r.ids(unsynced), []);
    assert.equal(r.state.active['daily-threshold'], '2026-06-10');
    assert.deepEqual(r.ids(today('2026-06-10', 6e9, FIXTURE_NOW + 1)), []);
  });
});

describe('left-percent and left-bytes', () => {
  const low = (left: number, extra: Partial<Parameters<typeof makePackage>[0]> = {}) =>
    makeSnapshot({ package: makePackage({ leftBytes: left, usedBytes: 50e9 - left, ...extra }) });

  test('left-percent fires once below the percentage and re-arms when traffic grows back', () => {
    const r = runner({ leftBelowPercent: 10 });
    assert.deepEqual(r.step(low(30e9)), []);
    assert.deepEqual(r.step(low(5e9)), [], 'exactly 10 % is not below');
    const alerts = r.step(low(1.2e9));
    assert.deepEqual(alerts, [
      {
        id: 'left-percent',
        title: 'Proxy traffic running low',
        body: '1.20 GB left of 50.00 GB (2.4%), below 10%',
        view: 'package',
        urgency: 'critical',
      },
    ]);
    assert.deepEqual(r.ids(low(1.1e9)), []);
    // At 0 B left it is used up, which has its own alert (not "running low" again).
    assert.deepEqual(r.ids(low(0)), ['used-up']);
    // Missing or inactive package: no fresh data, so the rule neither clears nor fires.
    assert.deepEqual(r.ids(makeSnapshot({ package: null, problem: problemFrom(new TransportError('down', 'timeout')) })), []);
    assert.equal(r.state.active['left-percent'], 'a1b2c3d4e5f6a7b8c9d0');
    assert.deepEqual(r.ids(low(0, { active: false })), []);
    assert.deepEqual(r.ids(low(0.5e9)), []);
    // Top-up clears; the next fall below fires again.
    assert.deepEqual(r.ids(low(20e9)), []);
    assert.equal(r.state.active['left-percent'], undefined);
    assert.deepEqual(r.ids(low(4e9)), ['left-percent']);
  });

  test('left-bytes fires once below the byte threshold, and again for another package', () => {
    const r = runner({ leftBelowBytes: 2e9 });
    assert.deepEqual(r.ids(low(2e9)), []);
    const [a] = r.step(low(1.5e9));
    assert.equal(a?.id, 'left-bytes');
    assert.equal(a?.body, '1.50 GB left of 50.00 GB (3.0%), below 2.00 GB');
    assert.equal(a?.view, 'package');
    assert.deepEqual(r.ids(low(1e9)), []);
    assert.deepEqual(r.ids(makeSnapshot({ package: null })), []);
    assert.deepEqual(r.ids(low(1e9, { active: false })), []);
    assert.equal(r.state.active['left-bytes'], 'a1b2c3d4e5f6a7b8c9d0');
    assert.deepEqual(r.ids(low(1e9)), []);
    assert.deepEqual(r.ids(low(1e9, { key: 'ffffffffffffffffffff' })), ['left-bytes']);
    assert.deepEqual(r.ids(low(3e9, { key: 'ffffffffffffffffffff' })), []);
    assert.deepEqual(r.ids(low(1e9, { key: 'ffffffffffffffffffff' })), ['left-bytes']);
  });

  // The default settings: below 10 % and below 1 GB.
  const DEFAULTS: Partial<AlertSettings> = { leftBelowPercent: 10, leftBelowBytes: 1e9 };
  const sized = (limit: number, left: number) => makeSnapshot({ package: makePackage({ limitBytes: limit, leftBytes: left, usedBytes: limit - left }) });

  test('both crossed in one update: one notification naming both, and neither fires again', () => {
    const r = runner(DEFAULTS);
    assert.deepEqual(r.step(sized(10e9, 2e9)), []);
    assert.deepEqual(r.step(sized(10e9, 0.5e9)), [
      {
        id: 'left-percent',
        title: 'Proxy traffic running low',
        body: '500.0 MB left of 10.00 GB (5.0%), below 10% and 1.00 GB',
        view: 'package',
        urgency: 'critical',
      },
    ]);
    assert.deepEqual(r.state.active, { 'left-percent': 'a1b2c3d4e5f6a7b8c9d0', 'left-bytes': 'a1b2c3d4e5f6a7b8c9d0' });
    assert.deepEqual(r.ids(sized(10e9, 0.4e9)), []);
    assert.deepEqual(r.ids(sized(10e9, 0)), ['used-up']);
    // A top-up re-arms both; falling below both again is again one notification.
    assert.deepEqual(r.ids(sized(10e9, 5e9)), []);
    assert.deepEqual(r.state.active, {});
    assert.deepEqual(r.ids(sized(10e9, 0.5e9)), ['left-percent']);
  });

  test('crossed one at a time: a notification for each, as before', () => {
    const r = runner(DEFAULTS);
    assert.deepEqual(r.step(sized(100e9, 20e9)), []);
    const [pct, ...restPct] = r.step(sized(100e9, 9e9));
    assert.deepEqual(restPct, []);
    assert.equal(pct?.id, 'left-percent');
    assert.equal(pct?.body, '9.00 GB left of 100.00 GB (9.0%), below 10%');
    assert.deepEqual(r.ids(sized(100e9, 5e9)), []);
    const [bytes, ...restBytes] = r.step(sized(100e9, 0.9e9));
    assert.deepEqual(restBytes, []);
    assert.equal(bytes?.id, 'left-bytes');
    assert.equal(bytes?.title, 'Proxy traffic running low');
    assert.equal(bytes?.body, '900.0 MB left of 100.00 GB (0.9%), below 1.00 GB');
    assert.deepEqual(r.ids(sized(100e9, 0.5e9)), []);
  });

  test('after a combined notification, a rule that re-arms on its own fires on its own', () => {
    const r = runner(DEFAULTS);
    assert.deepEqual(r.ids(sized(10e9, 0.5e9)), ['left-percent']);
    r.set({ leftBelowBytes: 1e9 });
    assert.deepEqual(r.ids(sized(10e9, 0.5e9)), []);
    assert.deepEqual(r.state.active, { 'left-bytes': 'a1b2c3d4e5f6a7b8c9d0' });
    r.set(DEFAULTS);
    const [a] = r.step(sized(10e9, 0.5e9));
    assert.equal(a?.body, '500.0 MB left of 10.00 GB (5.0%), below 10%');
  });

  test('a zero limit gives no percentage: left-percent stays as it is (nothing left is "used up")', () => {
    const r = runner({ leftBelowPercent: 10 });
    assert.deepEqual(r.ids(makeSnapshot({ package: makePackage({ limitBytes: 0, leftBytes: 0, usedBytes: 0 }) })), ['used-up']);
    assert.deepEqual(r.state.active, { 'used-up': 'a1b2c3d4e5f6a7b8c9d0' });
  });
});

describe('expires-soon', () => {
  const expiry = Date.UTC(2026, 5, 30, 23, 59, 59); // 2026-06-30 23:59:59 UTC
  const at = (now: number, overrides: Partial<Snapshot> = {}, pkg = makePackage({ expiresAt: expiry })) =>
    makeSnapshot({ generatedAt: now, package: pkg, ...overrides });

  test('fires once within N days, names the local date, re-arms for a new expiry', () => {
    const r = runner({ expiresWithinDays: 3 });
    assert.deepEqual(r.ids(at(Date.UTC(2026, 5, 20, 12))), []);
    assert.deepEqual(r.ids(at(Date.UTC(2026, 5, 26, 23, 59))), [], 'four local days ahead');
    // Three local days ahead, though more than 3 × 24 h: the calendar reading counts.
    const now = Date.UTC(2026, 5, 27, 0, 0);
    assert.deepEqual(r.step(at(now)), [
      {
        id: 'expires-soon',
        title: 'Proxy package expires soon',
        body: 'Package expires 2026-06-30 (in 3 days)',
        view: 'package',
        urgency: 'normal',
      },
    ]);
    assert.deepEqual(r.ids(at(now + 3_600_000)), []);
    assert.deepEqual(r.ids(at(Date.UTC(2026, 5, 30, 8))), []);
    // Renewed: the new expiry is far off, so it clears...
    const renewedPkg = makePackage({ expiresAt: Date.UTC(2026, 6, 31, 23, 59, 59) });
    assert.deepEqual(r.ids(at(Date.UTC(2026, 5, 30, 9), {}, renewedPkg)), []);
    assert.equal(r.state.active['expires-soon'], undefined);
    // ...and fires again as that one nears.
    const [a] = r.step(at(Date.UTC(2026, 6, 30, 9), {}, renewedPkg));
    assert.equal(a?.body, 'Package expires 2026-07-31 (tomorrow)');
  });

  test('a new expiry that is still soon fires again (new crossing key)', () => {
    const r = runner({ expiresWithinDays: 3 });
    const now = Date.UTC(2026, 5, 29, 12);
    assert.deepEqual(r.ids(at(now)), ['expires-soon']);
    assert.deepEqual(r.ids(at(now + 1, {}, makePackage({ expiresAt: expiry + DAY }))), ['expires-soon']);
  });

  test('the date is the local date of expiry in the snapshot zone', () => {
    const r = runner({ expiresWithinDays: 3 });
    // 23:59:59 UTC is 08:59:59 next morning in Tokyo; 20:00 UTC is 05:00 the next day there.
    const [a] = r.step(at(Date.UTC(2026, 5, 29, 20), { localTimeZone: 'Asia/Tokyo' }));
    assert.equal(a?.body, 'Package expires 2026-07-01 (tomorrow)');
    const r2 = runner({ expiresWithinDays: 3 });
    const [b] = r2.step(at(Date.UTC(2026, 5, 30, 20), { localTimeZone: 'Pacific/Chatham' }));
    // 2026-06-30 20:00 UTC = 2026-07-01 08:45 (+12:45); expiry = 2026-07-01 12:44:59 there.
    assert.equal(b?.body, 'Package expires 2026-07-01 (today)');
  });

  test('0 days means "expires today"; an expiry already past is "expired", not "expires soon"', () => {
    const r = runner({ expiresWithinDays: 0 });
    assert.deepEqual(r.ids(at(Date.UTC(2026, 5, 29, 23))), []);
    assert.deepEqual(r.ids(at(Date.UTC(2026, 5, 30, 1))), ['expires-soon']);
    const r2 = runner({ expiresWithinDays: 3 });
    assert.deepEqual(r2.ids(at(expiry + 1000)), ['expired']);
    assert.deepEqual(r2.ids(at(expiry - 1000, {}, makePackage({ expiresAt: null }))), []);
  });

  test('uses input.now, not the snapshot time', () => {
    const r = runner({ expiresWithinDays: 3 });
    const old = at(Date.UTC(2026, 5, 1));
    assert.deepEqual(r.ids(old, Date.UTC(2026, 5, 29)), ['expires-soon']);
  });

  test('missing package leaves the state alone', () => {
    const r = runner({ expiresWithinDays: 3 });
    const now = Date.UTC(2026, 5, 29, 12);
    assert.deepEqual(r.ids(at(now)), ['expires-soon']);
    assert.deepEqual(r.ids(at(now + 1, { package: null })), []);
    assert.equal(r.state.active['expires-soon'], String(expiry));
    assert.deepEqual(r.ids(at(now + 2)), []);
  });
});

describe('renewed', () => {
  const base = makePackage({ limitBytes: 50e9, usedBytes: 45e9, leftBytes: 5e9, expiresAt: Date.UTC(2026, 5, 30, 23, 59, 59) });
  const snap = (overrides: Partial<Parameters<typeof makePackage>[0]>) => makeSnapshot({ package: { ...base, ...overrides } });

  test('first sight of a package never fires; unchanged and normal use do not fire', () => {
    const r = runner({ renewed: true });
    assert.deepEqual(r.ids(snap({})), []);
    assert.deepEqual(r.state.lastPackage, { key: base.key, limitBytes: 50e9, expiresAt: base.expiresAt, leftBytes: 5e9 });
    assert.deepEqual(r.ids(snap({})), []);
    assert.deepEqual(r.ids(snap({ leftBytes: 4e9, usedBytes: 46e9 })), []);
    assert.deepEqual(r.ids(snap({ leftBytes: 4e9 + 900_000 })), [], 'growth under 1 MB is noise');
  });

  test('limit growth, later expiry, and top-up each fire once', () => {
    const r = runner({ renewed: true });
    r.step(snap({}));
    const [renew] = r.step(snap({ limitBytes: 100e9, leftBytes: 55e9 }));
    assert.deepEqual(renew, {
      id: 'renewed',
      title: 'Proxy package renewed',
      body: 'Limit 100.00 GB (was 50.00 GB). 55.00 GB left (was 5.00 GB).',
      view: 'package',
      urgency: 'normal',
    });
    assert.deepEqual(r.ids(snap({ limitBytes: 100e9, leftBytes: 55e9 })), []);
    const [later] = r.step(snap({ limitBytes: 100e9, leftBytes: 55e9, expiresAt: Date.UTC(2026, 6, 30, 23, 59, 59) }));
    assert.equal(later?.body, 'Expires 2026-07-30 (was 2026-06-30).');
    assert.equal(later?.title, 'Proxy package renewed');
    assert.deepEqual(r.ids(snap({ limitBytes: 100e9, leftBytes: 55e9, expiresAt: Date.UTC(2026, 6, 30, 23, 59, 59) })), []);
    const [topUp] = r.step(snap({ limitBytes: 100e9, leftBytes: 55e9 + 2_000_000, expiresAt: Date.UTC(2026, 6, 30, 23, 59, 59) }));
    assert.equal(topUp?.title, 'Proxy package topped up');
    assert.equal(topUp?.body, '55.00 GB left (was 55.00 GB).');
  });

  test('a different package key is a first sight, not a renewal', () => {
    const r = runner({ renewed: true });
    r.step(snap({}));
    assert.deepEqual(r.ids(snap({ key: '00000000000000000000', limitBytes: 200e9, leftBytes: 200e9 })), []);
    assert.equal(r.state.lastPackage?.key, '00000000000000000000');
  });

  test('a failed sync in between keeps the last package, so the renewal is still seen', () => {
    const r = runner({ renewed: true });
    r.step(snap({}));
    assert.deepEqual(r.ids(makeSnapshot({ package: null, problem: problemFrom(new TransportError('down', 'dns')) })), []);
    assert.equal(r.state.lastPackage?.leftBytes, 5e9);
    assert.deepEqual(r.ids(snap({ leftBytes: 25e9 })), ['renewed']);
  });

  test('disabled: never fires, but keeps tracking so enabling later does not report old changes', () => {
    const r = runner({ renewed: false });
    r.step(snap({}));
    assert.deepEqual(r.ids(snap({ limitBytes: 100e9 })), []);
    r.set({ renewed: true });
    assert.deepEqual(r.ids(snap({ limitBytes: 100e9 })), []);
  });

  test('detectRenewal ignores an expiry appearing where there was none', () => {
    const prev = { key: base.key, limitBytes: 50e9, expiresAt: null, leftBytes: 5e9 };
    assert.equal(detectRenewal(prev, { ...base }), null);
    assert.deepEqual(detectRenewal({ ...prev, expiresAt: 1 }, { ...base }), { limitGrew: false, expiryLater: true, toppedUp: false });
  });
});

describe('problems', () => {
  const withProblem = (e: unknown | null) => makeSnapshot({ package: null, problem: e === null ? null : problemFrom(e) });

  const cases: Array<[string, unknown, 'settings' | 'package']> = [
    ['access-denied', new AccessDeniedError('Error api key'), 'settings'],
    ['ip-not-allowed', new IpNotAllowedError('IP not allowed 203.0.113.7', '203.0.113.7'), 'settings'],
    ['no-package', new NoPackageError('Tarif not found'), 'package'],
    ['keychain-unavailable', new KeychainUnavailableError('No Secret Service on this system.'), 'settings'],
  ];
  for (const [id, error, view] of cases) {
    test(`${id}: fires once while it persists, again after it clears`, () => {
      const r = runner({});
      const [a, ...rest] = r.step(withProblem(error));
      assert.deepEqual(rest, []);
      assert.equal(a?.id, id);
      assert.equal(a?.view, view);
      assert.equal(a?.urgency, 'critical');
      const p = problemFrom(error);
      assert.ok(a?.body.includes(p.message) && a.body.includes(p.action), a?.body);
      assert.deepEqual(r.ids(withProblem(error)), []);
      assert.deepEqual(r.ids(withProblem(error)), []);
      assert.deepEqual(r.ids(withProblem(null)), []);
      assert.deepEqual(r.state.active, {});
      assert.deepEqual(r.ids(withProblem(error)), [id]);
    });
  }

  test('no-key never notifies: the welcome window asks for the key, and removing it is deliberate', () => {
    const r = runner({});
    assert.deepEqual(r.ids(withProblem(new NoKeyError())), [], 'first run');
    assert.deepEqual(r.ids(withProblem(new NoKeyError())), []);
    assert.deepEqual(r.state.active, {});
    // A rejected key, then the key removed in Settings, then a new key rejected again.
    assert.deepEqual(r.ids(withProblem(new AccessDeniedError('Error api key'))), ['access-denied']);
    assert.deepEqual(r.ids(withProblem(new NoKeyError())), []);
    assert.deepEqual(r.state.active, {});
    assert.deepEqual(r.ids(withProblem(new AccessDeniedError('Error api key'))), ['access-denied']);
  });

  test('ip-not-allowed names the IP; a different IP fires again', () => {
    const r = runner({});
    const [a] = r.step(withProblem(new IpNotAllowedError('IP not allowed', '203.0.113.7')));
    assert.match(a?.body ?? '', /203\.0\.113\.7/);
    assert.deepEqual(r.ids(withProblem(new IpNotAllowedError('IP not allowed', '203.0.113.7'))), []);
    assert.deepEqual(r.ids(withProblem(new IpNotAllowedError('IP not allowed', '2001:db8::1'))), ['ip-not-allowed']);
  });

  test('transient problems never notify, and do not re-arm a persisting problem', () => {
    const r = runner({ dailyThresholdBytes: null });
    const transient = [
      new TransportError('timeout', 'timeout'),
      new RateLimitedError('Request limit reached', 60_000),
      new MalformedResponseError('bad shape', 'data.traffic_left'),
      new Error('unknown bug'), // toProblem turns unknown errors into transport faults
    ];
    for (const e of transient) assert.deepEqual(r.ids(withProblem(e)), [], String(e));
    assert.deepEqual(r.state.active, {});
    assert.deepEqual(r.ids(withProblem(new AccessDeniedError('Error api key'))), ['access-denied']);
    for (const e of transient) assert.deepEqual(r.ids(withProblem(e)), [], String(e));
    assert.equal(r.state.active['access-denied'], 'access-denied');
    assert.deepEqual(r.ids(withProblem(new AccessDeniedError('Error api key'))), []);
  });

  test('another problem replaces the old one; a rejected request clears them', () => {
    const r = runner({});
    assert.deepEqual(r.ids(withProblem(new AccessDeniedError('Error api key'))), ['access-denied']);
    assert.deepEqual(r.ids(withProblem(new NoPackageError('Tarif not found'))), ['no-package']);
    assert.deepEqual(Object.keys(r.state.active), ['no-package']);
    assert.deepEqual(r.ids(withProblem(new RejectedError('key is required'))), []);
    assert.deepEqual(r.state.active, {});
    assert.deepEqual(r.ids(withProblem(new NoPackageError('Tarif not found'))), ['no-package']);
  });
});

describe('rate-limited-long', () => {
  const H = 3_600_000;
  /** A 429 answered at FIXTURE_NOW asking for `waitMs`, as the client builds it. */
  const limited = (waitMs: number, at = FIXTURE_NOW) =>
    makeSnapshot({ problem: problemFrom(new RateLimitedError('Proxy-Seller rate limit reached (HTTP 429).', waitMs, [], at + waitMs)), stale: true });

  test('a wait over an hour notifies once, naming the local time polling resumes', () => {
    const r = runner({});
    const snap = limited(3 * H);
    const [alert, ...rest] = r.step(snap);
    assert.deepEqual(rest, []);
    assert.deepEqual(alert, {
      id: 'rate-limited-long',
      title: 'Proxy-Seller rate limit',
      body: 'Rate limited until 15:00: Proxy-Seller asked for a long pause. Polling resumes by itself then.',
      view: 'today',
      urgency: 'normal',
    });
    assert.deepEqual(r.ids(snap), []);
    // 15:00 UTC is already tomorrow in Tokyo: the date is named too.
    const [tokyo] = runner({}).step(makeSnapshot({ ...limited(3 * H), localTimeZone: 'Asia/Tokyo' }));
    assert.match(tokyo?.body ?? '', /^Rate limited until 2026-06-11 00:00:/);
  });

  test('the same episode stays one notification through another 429, a network fault and a short limit', () => {
    const r = runner({});
    assert.deepEqual(r.ids(limited(2 * H)), ['rate-limited-long']);
    assert.deepEqual(r.ids(limited(5 * H, FIXTURE_NOW + 2 * H), FIXTURE_NOW + 2 * H), []);
    assert.deepEqual(r.ids(makeSnapshot({ problem: problemFrom(new TransportError('timeout', 'timeout')) })), []);
    assert.deepEqual(r.ids(limited(30_000)), []);
    // A good sync ends the episode: the next long limit is news again.
    assert.deepEqual(r.ids(makeSnapshot({ problem: null })), []);
    assert.deepEqual(r.ids(limited(2 * H)), ['rate-limited-long']);
  });

  test('an hour or less, no known end, or an end already past: no notification', () => {
    const r = runner({});
    assert.deepEqual(r.ids(limited(H)), []);
    assert.deepEqual(r.ids(makeSnapshot({ problem: problemFrom(new RateLimitedError('limit', null)) })), []);
    assert.deepEqual(r.ids(limited(2 * H), FIXTURE_NOW + 2 * H), [], 'read after the wait ended (a restart)');
    assert.deepEqual(r.state.active, {});
  });
});

describe('settings and purity', () => {
  test('a null setting disables the rule and clears its state', () => {
    const r = runner({ dailyThresholdBytes: 5e9, leftBelowPercent: 10, leftBelowBytes: 2e9, expiresWithinDays: 30 });
    const snap = makeSnapshot({
      today: { date: '2026-06-10', totalBytes: 6e9, byLogin: {} },
      package: makePackage({ leftBytes: 1e9 }),
    });
    assert.deepEqual(r.ids(snap), ['daily-threshold', 'left-percent', 'expires-soon']);
    assert.deepEqual(Object.keys(r.state.active), ['daily-threshold', 'left-percent', 'left-bytes', 'expires-soon']);
    r.set({});
    assert.deepEqual(r.ids(snap), []);
    assert.deepEqual(r.state.active, {});
    assert.deepEqual(r.ids(snap), []);
    r.set({ leftBelowBytes: 2e9 });
    assert.deepEqual(r.ids(snap), ['left-bytes']);
  });

  test('the input state is not changed', () => {
    const state: AlertState = { version: 2, active: { 'access-denied': 'access-denied' }, lastPackage: null, spikes: {} };
    const frozen = structuredClone(state);
    const out = evaluateAlerts(
      { snapshot: makeSnapshot({ package: makePackage({ leftBytes: 1 }) }), settings: { ...OFF, leftBelowBytes: 2e9 }, units: 'GB', now: FIXTURE_NOW },
      state,
    );
    assert.deepEqual(state, frozen);
    assert.notEqual(out.state, state);
    assert.deepEqual(out.state.active, { 'left-bytes': 'a1b2c3d4e5f6a7b8c9d0' });
  });
});

describe('used-up and expired', () => {
  const pkgSnap = (overrides: Partial<Parameters<typeof makePackage>[0]>, at = FIXTURE_NOW) =>
    makeSnapshot({ generatedAt: at, package: makePackage(overrides) });

  test('used up: "Traffic used up" once, with the limit; re-armed by a top-up', () => {
    const r = runner({ leftBelowPercent: 10, leftBelowBytes: 1e9 });
    assert.deepEqual(r.ids(pkgSnap({ leftBytes: 3e9, usedBytes: 47e9 })), ['left-percent']);
    assert.deepEqual(r.step(pkgSnap({ leftBytes: 0, usedBytes: 50e9 })), [
      {
        id: 'used-up',
        title: 'Traffic used up',
        body: '0 B left of 50.00 GB. The proxies stop working until you top up.',
        view: 'package',
        urgency: 'critical',
      },
    ]);
    assert.deepEqual(r.ids(pkgSnap({ leftBytes: 0, usedBytes: 50e9 })), [], 'not again');
    assert.deepEqual(r.ids(makeSnapshot({ package: null, problem: problemFrom(new TransportError('down', 'timeout')) })), [], 'a failed sync changes nothing');
    // A top-up: the package is usable again; the next time it is used up is news again.
    assert.deepEqual(r.ids(pkgSnap({ leftBytes: 20e9, usedBytes: 50e9, limitBytes: 70e9 })), []);
    assert.equal(r.state.active['used-up'], undefined);
    assert.deepEqual(r.ids(pkgSnap({ leftBytes: 0, usedBytes: 70e9, limitBytes: 70e9 })), ['used-up']);
  });

  test('straight from plenty to 0 B left: only "used up", never "running low" with 0 B left', () => {
    const r = runner({ leftBelowPercent: 10, leftBelowBytes: 1e9 });
    assert.deepEqual(r.ids(pkgSnap({ leftBytes: 30e9 })), []);
    const alerts = r.step(pkgSnap({ leftBytes: 0, usedBytes: 50e9 }));
    assert.deepEqual(alerts.map((a) => a.title), ['Traffic used up']);
    // The low crossings are recorded, so the used-up package does not say "running low" later either.
    assert.deepEqual(r.ids(pkgSnap({ leftBytes: 0, usedBytes: 50e9 })), []);
  });

  test('used past the limit says by how much', () => {
    const [a] = runner({}).step(pkgSnap({ leftBytes: 0, usedBytes: 53.5e9 }));
    assert.equal(a?.body, '0 B left of 50.00 GB (over the limit by 3.50 GB). The proxies stop working until you top up.');
  });

  test('expired: "Package expired" once, naming the local date and what went unused; a renewal re-arms', () => {
    const expiry = Date.UTC(2026, 5, 30, 23, 59, 59);
    const after = expiry + 3_600_000;
    const r = runner({ expiresWithinDays: 3, leftBelowPercent: 10 });
    assert.deepEqual(r.ids(pkgSnap({ expiresAt: expiry, leftBytes: 12e9 }, expiry - 3_600_000), expiry - 3_600_000), ['expires-soon']);
    const alerts = r.step(pkgSnap({ expiresAt: expiry, leftBytes: 12e9 }, after), after);
    assert.deepEqual(alerts, [
      {
        id: 'expired',
        title: 'Package expired',
        body: 'The package expired on 2026-06-30 with 12.00 GB unused. Renew it to use the proxies again.',
        view: 'package',
        urgency: 'critical',
      },
    ]);
    assert.deepEqual(r.ids(pkgSnap({ expiresAt: expiry, leftBytes: 12e9 }, after + 1), after + 1), []);
    // Renewed: a later expiry clears it; when that one passes too, it is news again.
    const later = Date.UTC(2026, 6, 31, 23, 59, 59);
    assert.deepEqual(r.ids(pkgSnap({ expiresAt: later, leftBytes: 50e9 }, after + 2), after + 2), []);
    assert.equal(r.state.active.expired, undefined);
    const [again] = r.step(pkgSnap({ expiresAt: later, leftBytes: 0, usedBytes: 50e9 }, later + 1), later + 1);
    assert.equal(again?.id, 'expired');
    assert.equal(again?.body, 'The package expired on 2026-07-31. Renew it to use the proxies again.', 'nothing left: no "what is left" to speak of');
  });

  test('the expiry date is the local date (Tokyo is already on the next day)', () => {
    const expiry = Date.UTC(2026, 5, 30, 20, 0, 0);
    const [a] = runner({}).step(makeSnapshot({ localTimeZone: 'Asia/Tokyo', package: makePackage({ expiresAt: expiry }) }), expiry + 1);
    assert.match(a?.body ?? '', /expired on 2026-07-01 /);
  });

  test('an expired package with nothing left is "expired", not also "used up"', () => {
    const expiry = Date.UTC(2026, 5, 30, 23, 59, 59);
    assert.deepEqual(runner({}).ids(pkgSnap({ expiresAt: expiry, leftBytes: 0, usedBytes: 50e9 }), expiry + 1), ['expired']);
  });

  test('"Top up" is offered beside the traffic alerts, not beside a daily threshold or a spike', async () => {
    const { offersTopUp } = await import('../src/core/alerts/rules.js');
    for (const id of ['used-up', 'expired', 'pace', 'left-percent', 'left-bytes', 'expires-soon', 'renewal-short'] as const) assert.equal(offersTopUp({ id }), true, id);
    for (const id of ['daily-threshold', 'spike', 'access-denied', 'rate-limited-long', 'renewed'] as const) assert.equal(offersTopUp({ id }), false, id);
  });
});

describe('pace', () => {
  // 2026-12-01 in Berlin; the package expires on Dec 17 (local), the forecast runs out on Dec 10.
  const NOW = Date.parse('2026-12-01T10:00:00Z');
  const EXPIRY = Date.parse('2026-12-17T12:00:00Z');
  const paced = (f: Partial<Extract<Snapshot['forecast'], { kind: 'runs-out' }>>, pkg: Partial<Parameters<typeof makePackage>[0]> = {}, at = NOW) =>
    makeSnapshot({
      generatedAt: at,
      localTimeZone: 'Europe/Berlin',
      today: { date: '2026-12-01', totalBytes: 1e9, byLogin: {} },
      package: makePackage({ expiresAt: EXPIRY, leftBytes: 23.4e9, usedBytes: 26.6e9, ...pkg }),
      forecast: { kind: 'runs-out', averageDailyBytes: 2.6e9, runsOutOn: '2026-12-10', runsOutAt: Date.parse('2026-12-10T15:00:00Z'), lastsPastExpiry: false, daysBeforeExpiry: 7, unusedAtExpiryBytes: 0, dailyBudgetBytes: 1.46e9, ...f },
    });

  test('fires once when the run-out falls more than N days before the expiry, with pace, date and days', () => {
    const r = runner({ paceDaysBeforeExpiry: 1 });
    assert.deepEqual(r.step(paced({})), [
      {
        id: 'pace',
        title: 'Traffic runs out before the package expires',
        body: 'At 2.60 GB/day the package runs out on Dec 10, 7 days before it expires',
        view: 'package',
        urgency: 'normal',
      },
    ]);
    // The run-out date moves with the pace: still the same warning, not a new one.
    assert.deepEqual(r.ids(paced({ runsOutOn: '2026-12-11', daysBeforeExpiry: 6 })), []);
    assert.deepEqual(r.ids(paced({ runsOutOn: '2026-12-09', daysBeforeExpiry: 8 })), []);
  });

  test('exactly N days before is not more than N; N+1 is', () => {
    const r = runner({ paceDaysBeforeExpiry: 2 });
    assert.deepEqual(r.ids(paced({ runsOutOn: '2026-12-15', daysBeforeExpiry: 2 })), []);
    const [a] = r.step(paced({ runsOutOn: '2026-12-14', daysBeforeExpiry: 3 }));
    assert.equal(a?.body, 'At 2.60 GB/day the package runs out on Dec 14, 3 days before it expires');
    const [one] = runner({ paceDaysBeforeExpiry: 0 }).step(paced({ runsOutOn: '2026-12-16', daysBeforeExpiry: 1 }));
    assert.equal(one?.body, 'At 2.60 GB/day the package runs out on Dec 16, 1 day before it expires');
  });

  test('re-armed when it no longer holds (the pace slowed), and fires again when it holds again', () => {
    const r = runner({ paceDaysBeforeExpiry: 1 });
    assert.deepEqual(r.ids(paced({})), ['pace']);
    assert.deepEqual(r.ids(paced({ runsOutOn: '2026-12-19', daysBeforeExpiry: -2, lastsPastExpiry: true })), []);
    assert.equal(r.state.active.pace, undefined);
    assert.deepEqual(r.ids(makeSnapshot({ ...paced({}), forecast: { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: 23.4e9, dailyBudgetBytes: 1.46e9 } })), []);
    assert.deepEqual(r.ids(paced({})), ['pace']);
  });

  test('a renewal (new expiry) that still runs out first is a new warning', () => {
    const r = runner({ paceDaysBeforeExpiry: 1 });
    assert.deepEqual(r.ids(paced({})), ['pace']);
    assert.deepEqual(r.ids(paced({ daysBeforeExpiry: 30 }, { expiresAt: Date.parse('2027-01-09T12:00:00Z') })), ['pace']);
  });

  test('today, tomorrow and another year are said so', () => {
    const [today] = runner({ paceDaysBeforeExpiry: 1 }).step(paced({ runsOutOn: '2026-12-01', daysBeforeExpiry: 16 }));
    assert.equal(today?.body, 'At 2.60 GB/day the package runs out today, 16 days before it expires');
    const [tomorrow] = runner({ paceDaysBeforeExpiry: 1 }).step(paced({ runsOutOn: '2026-12-02', daysBeforeExpiry: 15 }));
    assert.equal(tomorrow?.body, 'At 2.60 GB/day the package runs out tomorrow, 15 days before it expires');
    const [nextYear] = runner({ paceDaysBeforeExpiry: 1 }).step(paced({ runsOutOn: '2027-01-04', daysBeforeExpiry: 10 }, { expiresAt: Date.parse('2027-01-14T12:00:00Z') }));
    assert.equal(nextYear?.body, 'At 2.60 GB/day the package runs out on Jan 4, 2027, 10 days before it expires');
  });

  test('with auto-renew on it does not "run out": it renews early, and says for how much when the quote is known', () => {
    const renewing = (price: Renewal['price']) =>
      makeSnapshot({
        ...paced({}, { autoRenew: true }),
        money: { ...NO_MONEY, renewal: { on: '2026-12-10', trafficUsedUp: true, price, balance: null, short: null, balanceAsOf: null } },
      });
    const [a] = runner({ paceDaysBeforeExpiry: 1 }).step(renewing({ minor: 11000, currency: 'USD' }));
    assert.equal(a?.title, 'Package renews early at this pace');
    assert.equal(a?.body, 'At 2.60 GB/day the traffic is used up on Dec 10, 7 days before the package expires: auto-renew renews it then, for $110.00');
    assert.doesNotMatch(`${a?.title} ${a?.body}`, /runs out/);
    const [b] = runner({ paceDaysBeforeExpiry: 1 }).step(renewing(null));
    assert.equal(b?.body, 'At 2.60 GB/day the traffic is used up on Dec 10, 7 days before the package expires: auto-renew renews it then');
  });

  test('with auto-renew on and a balance known not to pay it, the pace alert says it runs out (the renewal alert says why)', () => {
    const usd = (minor: number) => ({ minor, currency: 'USD' as const });
    const snap = makeSnapshot({
      ...paced({}, { autoRenew: true }),
      money: { ...NO_MONEY, renewal: { on: '2026-12-10', trafficUsedUp: true, price: usd(11000), balance: usd(1240), short: usd(9760), balanceAsOf: null } },
    });
    const [a] = runner({ paceDaysBeforeExpiry: 1 }).step(snap);
    assert.equal(a?.title, 'Traffic runs out before the package expires');
    assert.doesNotMatch(`${a?.title} ${a?.body}`, /renews/);
  });

  test('used up with auto-renew on: the renewal is named, not only a top-up', () => {
    const [a] = runner({}).step(paced({ runsOutOn: '2026-12-01', daysBeforeExpiry: 16 }, { leftBytes: 0, usedBytes: 50e9, autoRenew: true }));
    assert.equal(a?.body, '0 B left of 50.00 GB. Auto-renew renews the package if the balance pays it; until then the proxies stop working.');
  });

  test('off (null), nothing left, or before the first sync: no pace warning', () => {
    assert.deepEqual(runner({ paceDaysBeforeExpiry: null }).ids(paced({})), []);
    const usedUp = runner({ paceDaysBeforeExpiry: 1 });
    assert.deepEqual(usedUp.ids(paced({ runsOutOn: '2026-12-01', daysBeforeExpiry: 16 }, { leftBytes: 0, usedBytes: 50e9 })), ['used-up']);
    const unsynced = runner({ paceDaysBeforeExpiry: 1 });
    assert.deepEqual(unsynced.ids({ ...paced({}), lastSuccessAt: null }), []);
    assert.deepEqual(unsynced.ids(paced({})), ['pace']);
  });
});

describe('spike', () => {
  const H = 3_600_000;
  const MB = 1e6;
  const DAY_START = Date.UTC(2026, 5, 10, 0, 0, 0);
  const at = (hour: number) => DAY_START + hour * H;
  const snap = (date = '2026-06-10', zone = 'UTC') => makeSnapshot({ localTimeZone: zone, today: { date, totalBytes: 1e9, byLogin: {} } });
  const list = (login: string, medianBytes: number | null, today: Array<[number, number]>) => ({ login, medianBytes, today: today.map(([start, bytes]) => ({ start, bytes })) });
  function spikeRunner(settings: Partial<AlertSettings> = {}) {
    let state: AlertState = initialAlertState;
    return {
      step(snapshot: Snapshot, hours: ReturnType<typeof list>[] | undefined): Alert[] {
        const r = evaluateAlerts({ snapshot, settings: { ...OFF, spikeFactor: 5, spikeFloorBytes: 200 * MB, ...settings }, units: 'GB', now: snapshot.generatedAt, ...(hours ? { hours } : {}) }, state);
        state = r.state;
        return r.alerts;
      },
      get state() {
        return state;
      },
    };
  }

  test('an hour above 5x the median and the floor fires once per list that day, naming hour, size and median', () => {
    const r = spikeRunner();
    assert.deepEqual(r.step(snap(), [list('alpha-list', 100 * MB, [[at(9), 450 * MB]])]), [], '4.5x is not above 5x');
    const alerts = r.step(snap(), [list('alpha-list', 100 * MB, [[at(9), 450 * MB], [at(10), 1.2e9]]), list('beta-list', 10 * MB, [[at(10), 30 * MB]])]);
    assert.deepEqual(alerts, [
      {
        id: 'spike',
        title: 'Traffic spike on alpha-list',
        body: 'alpha-list used 1.20 GB in the hour from 10:00, 12x its median hour of the last 7 days (100.0 MB). A runaway job? Check what uses this list.',
        view: 'today',
        urgency: 'normal',
      },
    ]);
    assert.deepEqual(r.state.spikes, { 'alpha-list': '2026-06-10' });
    // Another, bigger hour of the same list that day: not again. Another list: its own alert.
    const more = r.step(snap(), [list('alpha-list', 100 * MB, [[at(10), 1.2e9], [at(11), 3e9]]), list('beta-list', 50 * MB, [[at(11), 260 * MB]])]);
    assert.deepEqual(more.map((a) => a.title), ['Traffic spike on beta-list']);
    assert.match(more[0]?.body ?? '', /^beta-list used 260\.0 MB in the hour from 11:00, 5\.2x its median hour/);
    assert.deepEqual(r.step(snap(), [list('alpha-list', 100 * MB, [[at(12), 3e9]]), list('beta-list', 50 * MB, [[at(12), 900 * MB]])]), []);
  });

  test('the next local day re-arms each list; yesterday\'s entries are not kept', () => {
    const r = spikeRunner();
    assert.equal(r.step(snap(), [list('alpha-list', 0, [[at(3), 300 * MB]])]).length, 1);
    assert.deepEqual(r.step(snap('2026-06-11'), [list('alpha-list', 0, [])]), []);
    assert.deepEqual(r.state.spikes, {});
    assert.equal(r.step(snap('2026-06-11'), [list('alpha-list', 0, [[at(27), 300 * MB]])]).length, 1);
    assert.deepEqual(r.state.spikes, { 'alpha-list': '2026-06-11' });
  });

  test('a mostly idle list (median 0) is held to the floor alone', () => {
    const r = spikeRunner();
    assert.deepEqual(r.step(snap(), [list('idle-list', 0, [[at(4), 200 * MB]])]), [], 'at the floor is not above it');
    const [a] = r.step(snap(), [list('idle-list', 0, [[at(4), 200 * MB], [at(5), 201 * MB]])]);
    assert.equal(a?.body, 'idle-list used 201.0 MB in the hour from 05:00, while its median hour of the last 7 days is 0 B. A runaway job? Check what uses this list.');
  });

  test('a busy list is held to k times its median, above the floor', () => {
    const r = spikeRunner({ spikeFactor: 3, spikeFloorBytes: 50 * MB });
    assert.deepEqual(r.step(snap(), [list('busy', 400 * MB, [[at(1), 1.1e9]])]), [], 'above the floor, below 3x the median');
    assert.equal(r.step(snap(), [list('busy', 400 * MB, [[at(1), 1.21e9]])]).length, 1);
  });

  test('no median (too few known hours), no hours this time, no sync yet, or off: no spike', () => {
    const r = spikeRunner();
    assert.deepEqual(r.step(snap(), [list('new-list', null, [[at(1), 50e9]])]), []);
    assert.deepEqual(r.step(snap(), undefined), []);
    assert.deepEqual(r.step({ ...snap(), lastSuccessAt: null }, [list('alpha-list', 0, [[at(1), 50e9]])]), []);
    const off = spikeRunner({ spikeFactor: null });
    assert.deepEqual(off.step(snap(), [list('alpha-list', 0, [[at(1), 50e9]])]), []);
    assert.deepEqual(off.state.spikes, {});
  });

  test('the hour is named in local time: on the DST day in Berlin, 01:00 UTC is 03:00', () => {
    const r = spikeRunner();
    const start = Date.parse('2026-03-29T01:00:00Z');
    const [a] = r.step(snap('2026-03-29', 'Europe/Berlin'), [list('alpha-list', 10 * MB, [[start, 2e9]])]);
    assert.match(a?.body ?? '', /in the hour from 03:00,/);
    assert.deepEqual(r.state.spikes, { 'alpha-list': '2026-03-29' });
  });

  test('the list is named by its title, its login shortened beside it; the login alone without a title', () => {
    const r = spikeRunner();
    const titled = { ...snap(), titles: { '437e7d9ca1050bab': 'Client A scraper', 'beta-list': 'SERP DE' } };
    const alerts = r.step(titled, [list('437e7d9ca1050bab', 100 * MB, [[at(13), 2.3e9]]), list('beta-list', 0, [[at(13), 300 * MB]]), list('c0ffee00c0ffee00', 0, [[at(13), 300 * MB]])]);
    assert.deepEqual(alerts.map((a) => a.title), ['Traffic spike on Client A scraper', 'Traffic spike on SERP DE', 'Traffic spike on c0ffee00c0ffee00']);
    assert.equal(alerts[0]?.body, 'Client A scraper (437e…) used 2.30 GB in the hour from 13:00, 23x its median hour of the last 7 days (100.0 MB). A runaway job? Check what uses this list.');
    assert.match(alerts[1]?.body ?? '', /^SERP DE \(beta-list\) used 300\.0 MB/, 'a short login stays whole');
    assert.match(alerts[2]?.body ?? '', /^c0ffee00c0ffee00 used 300\.0 MB/);
  });

  test('a title is user text: one plain line, clipped, in the title and the body', () => {
    const r = spikeRunner();
    const long = `Team <b>X</b>\n${'very long project name '.repeat(5)}\u202E`;
    const [a] = r.step({ ...snap(), titles: { 'alpha-list': long } }, [list('alpha-list', 0, [[at(1), 1e9]])]);
    const name = (a?.title ?? '').replace('Traffic spike on ', '');
    assert.ok(name.length <= NOTIFIED_TITLE_MAX && name.endsWith('…'), name);
    assert.doesNotMatch(`${a?.title}${a?.body}`, /[\n\u202E]/);
    assert.ok(a?.body.startsWith(`${name} (alpha-list) used`), a?.body);
    // A title of only blanks is no title.
    const [b] = spikeRunner().step({ ...snap(), titles: { 'alpha-list': ' \u202E ' } }, [list('alpha-list', 0, [[at(1), 1e9]])]);
    assert.equal(b?.title, 'Traffic spike on alpha-list');
  });

  test('a list named "__proto__" is a list like any other', () => {
    const r = spikeRunner();
    assert.equal(r.step(snap(), [list('__proto__', 0, [[at(1), 1e9]])]).length, 1);
    assert.deepEqual(Object.keys(r.state.spikes), ['__proto__']);
    assert.deepEqual(r.step(snap(), [list('__proto__', 0, [[at(2), 1e9]])]), []);
  });
});

describe('renewal-short', () => {
  // 2026-06-10 (UTC); the package auto-renews on its expiry, Jun 12, for $110.00 and the balance has $12.40.
  const usd = (minor: number) => ({ minor, currency: 'USD' as const });
  const EXPIRY = Date.UTC(2026, 5, 12, 23, 59, 59);
  const renewal = (over: Partial<Renewal> = {}): Renewal => ({ on: '2026-06-12', trafficUsedUp: false, price: usd(11000), balance: usd(1240), short: usd(9760), balanceAsOf: null, ...over });
  const renewing = (r: Renewal | null, pkg: Partial<Parameters<typeof makePackage>[0]> = {}, date = '2026-06-10') =>
    makeSnapshot({ today: { date, totalBytes: 1e9, byLogin: {} }, package: makePackage({ autoRenew: true, expiresAt: EXPIRY, ...pkg }), money: { ...NO_MONEY, renewal: r } });
  const paid = () => renewal({ balance: usd(20000), short: usd(0), balanceAsOf: null });

  test('N days before an auto-renewal the balance cannot pay: one notification naming the date, the price, the balance and the shortfall', () => {
    const r = runner({ renewalShortWithinDays: 3 });
    assert.deepEqual(r.step(renewing(renewal())), [
      {
        id: 'renewal-short',
        title: 'Balance too low for the auto-renewal in 2 days',
        body: 'Auto-renewal on Jun 12 needs $110.00; balance $12.40, short by $97.60. Top up the balance before then, or the package is not renewed.',
        view: 'package',
        urgency: 'normal',
      },
    ]);
    assert.deepEqual(r.ids(renewing(renewal())), [], 'not again on the next poll');
    assert.deepEqual(r.ids(renewing(renewal(), {}, '2026-06-11')), [], 'nor the next day');
  });

  test('not before the N days; 0 means on the day itself; the traffic running out is named as the cause', () => {
    const r = runner({ renewalShortWithinDays: 1 });
    assert.deepEqual(r.ids(renewing(renewal())), [], 'in 2 days is not within 1');
    assert.deepEqual(r.ids(renewing(renewal(), {}, '2026-06-11')), ['renewal-short']);
    const [onTheDay] = runner({ renewalShortWithinDays: 0 }).step(renewing(renewal({ on: '2026-06-10', trafficUsedUp: true })));
    assert.equal(onTheDay?.title, 'Balance too low for the auto-renewal today');
    assert.match(onTheDay?.body ?? '', /^Auto-renewal on Jun 10 \(traffic used up\) needs \$110\.00;/);
    assert.deepEqual(runner({ renewalShortWithinDays: 0 }).ids(renewing(renewal({ on: '2026-06-11' }))), []);
  });

  test('a renewal date that moves with the pace is the same renewal: no second notification, even out of the N days and back', () => {
    const r = runner({ renewalShortWithinDays: 3 });
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-06-11', trafficUsedUp: true }))), ['renewal-short']);
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-06-12', trafficUsedUp: false }))), []);
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-06-20', trafficUsedUp: true }))), []);
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-06-11', trafficUsedUp: true }))), []);
  });

  test('topped up so the balance pays it, then short again: warned again (the user thought it fixed); an unknown balance changes nothing', () => {
    const r = runner({ renewalShortWithinDays: 3 });
    assert.deepEqual(r.ids(renewing(renewal())), ['renewal-short']);
    assert.deepEqual(r.ids(renewing(renewal({ balance: null, short: null, balanceAsOf: null }))), [], 'balance not read: nothing learnt');
    assert.deepEqual(r.ids(renewing(renewal())), []);
    assert.deepEqual(r.ids(renewing(paid())), []);
    assert.equal(r.state.active['renewal-short'], undefined, 'cleared by a balance that pays it');
    assert.deepEqual(r.ids(renewing(renewal({ balance: usd(5000), short: usd(6000), balanceAsOf: null }))), ['renewal-short']);
  });

  test('the next renewal (a new period) warns again; auto-renew turned off clears it; off (null) says nothing', () => {
    const r = runner({ renewalShortWithinDays: 3 });
    assert.deepEqual(r.ids(renewing(renewal())), ['renewal-short']);
    // Renewed: a new expiry (and limit). A month on, its own renewal is short too.
    const next = Date.UTC(2026, 6, 12, 23, 59, 59);
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-07-12' }), { expiresAt: next, limitBytes: 100e9 }, '2026-06-13')), []);
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-07-12' }), { expiresAt: next, limitBytes: 100e9 }, '2026-07-10')), ['renewal-short']);
    assert.deepEqual(r.ids(renewing(null, { expiresAt: next, limitBytes: 100e9, autoRenew: false }, '2026-07-10')), []);
    assert.equal(r.state.active['renewal-short'], undefined);
    assert.deepEqual(r.ids(renewing(renewal({ on: '2026-07-12' }), { expiresAt: next, limitBytes: 100e9 }, '2026-07-10')), ['renewal-short'], 'on again: a new warning');
    assert.deepEqual(runner({ renewalShortWithinDays: null }).ids(renewing(renewal())), []);
    assert.deepEqual(runner({ renewalShortWithinDays: 3 }).ids(renewing(renewal({ price: null, short: null, balanceAsOf: null }))), [], 'price unknown: nothing said');
  });
});
