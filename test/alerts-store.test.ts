import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlertStore } from '../src/core/alerts/store.js';
import { evaluateAlerts, initialAlertState, type AlertState } from '../src/core/alerts/rules.js';
import type { AlertSettings } from '../src/core/settings/schema.js';
import { IpNotAllowedError } from '../src/core/api/errors.js';
import { FIXTURE_NOW, makePackage, makeSnapshot, problemFrom } from './support/snapshot-fixture.js';
import { createAlerting } from '../src/core/controller/alerting.js';
import { defaultSettings } from '../src/core/settings/schema.js';
import { createHistory } from '../src/core/history/model.js';
import { NO_MONEY } from '../src/shared/types.js';

let dir = '';
let n = 0;
const clock = () => FIXTURE_NOW;
/** A fresh file path per test, in one temp dir removed at the end. */
const fileFor = () => join(dir, `case-${++n}`, 'alerts.json');

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alerts-store-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ALL_ON: AlertSettings = {
  dailyThresholdBytes: 5e9,
  leftBelowPercent: 10,
  leftBelowBytes: 2e9,
  expiresWithinDays: 30,
  renewed: true,
  paceDaysBeforeExpiry: 1,
  renewalShortWithinDays: 3,
  spikeFactor: 5,
  spikeFloorBytes: 200e6,
};

describe('alert store', () => {
  test('a missing file loads as the initial state without a problem', async () => {
    const store = createAlertStore({ file: fileFor(), clock });
    assert.deepEqual(await store.load(), { state: initialAlertState, problem: null });
  });

  test('after a restart, the same snapshot fires nothing again', async () => {
    const file = fileFor();
    const snapshot = makeSnapshot({
      today: { date: '2026-06-10', totalBytes: 6e9, byLogin: {} },
      package: makePackage({ leftBytes: 1e9, usedBytes: 49e9 }),
      problem: problemFrom(new IpNotAllowedError('IP not allowed 198.51.100.4', '198.51.100.4')),
    });
    const input = { snapshot, settings: ALL_ON, units: 'GB' as const, now: FIXTURE_NOW };

    const first = createAlertStore({ file, clock });
    const loaded = await first.load();
    const run1 = evaluateAlerts(input, loaded.state);
    assert.deepEqual(
      run1.alerts.map((a) => a.id),
      ['ip-not-allowed', 'daily-threshold', 'left-percent', 'expires-soon'],
    );
    // Both traffic-left rules crossed at once: one notification, both recorded.
    assert.equal(run1.state.active['left-bytes'], snapshot.package?.key);
    await first.save(run1.state);

    const second = createAlertStore({ file, clock });
    const reloaded = await second.load();
    assert.equal(reloaded.problem, null);
    assert.deepEqual(reloaded.state, run1.state);
    const run2 = evaluateAlerts(input, reloaded.state);
    assert.deepEqual(run2.alerts, []);
    // A renewal after the restart is still detected against the saved package.
    const renewed = evaluateAlerts({ ...input, snapshot: { ...snapshot, package: makePackage({ leftBytes: 21e9, usedBytes: 49e9, limitBytes: 70e9 }) } }, reloaded.state);
    assert.deepEqual(
      renewed.alerts.map((a) => a.id),
      ['renewed'],
    );
    // The write left no temp files behind.
    assert.deepEqual(await readdir(join(file, '..')), ['alerts.json']);
  });

  test('a corrupt file is moved aside, kept, and reported; loading never throws', async () => {
    const file = fileFor();
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, '{"version":1,"active":{"daily-thr');
    const store = createAlertStore({ file, clock });
    const { state, problem } = await store.load();
    assert.deepEqual(state, initialAlertState);
    assert.match(problem ?? '', /unreadable \(not JSON/);
    assert.match(problem ?? '', /moved to .*alerts\.json\.corrupt-2026-06-10T12-00-00-000Z/);
    const names = await readdir(join(file, '..'));
    assert.deepEqual(names, ['alerts.json.corrupt-2026-06-10T12-00-00-000Z']);
    assert.equal(await readFile(join(file, '..', names[0] as string), 'utf8'), '{"version":1,"active":{"daily-thr');
    // The next start finds no file and starts cleanly.
    assert.deepEqual(await store.load(), { state: initialAlertState, problem: null });
  });

  test('valid JSON of the wrong shape is moved aside with the failing field named', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ version: 0, active: {}, lastPackage: null, spikes: {} }, /version/],
      [{ version: 'two', active: {}, lastPackage: null, spikes: {} }, /version/],
      [{ version: 2, active: {}, lastPackage: null, spikes: { 'alpha-list': 'today' } }, /spikes\.alpha-list/],
      [{ version: 1, active: { 'left-bytes': 5 }, lastPackage: null }, /active\.left-bytes/],
      [{ version: 1, active: {}, lastPackage: { key: 'k', limitBytes: -1, expiresAt: null, leftBytes: 0 } }, /lastPackage\.limitBytes/],
      [{ version: 1, active: {} }, /lastPackage/],
      [[], /\(root\)/],
    ];
    for (const [content, field] of cases) {
      const file = fileFor();
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, JSON.stringify(content));
      const { state, problem } = await createAlertStore({ file, clock }).load();
      assert.deepEqual(state, initialAlertState, JSON.stringify(content));
      assert.match(problem ?? '', field, JSON.stringify(content));
      const names = await readdir(join(file, '..'));
      assert.equal(names.length, 1);
      assert.match(names[0] ?? '', /^alerts\.json\.corrupt-/);
    }
  });

  test('ids from a newer version are dropped, the rest kept', async () => {
    const file = fileFor();
    const saved = { version: 1, active: { 'access-denied': 'access-denied', 'some-future-rule': 'x' }, lastPackage: null };
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(saved));
    const { state, problem } = await createAlertStore({ file, clock }).load();
    assert.equal(problem, null);
    assert.deepEqual(state, { version: 2, active: { 'access-denied': 'access-denied' }, lastPackage: null, spikes: {} } satisfies AlertState);
  });

  test('a state from an older version with a no-key alert loads, without it, and stays in place', async () => {
    const file = fileFor();
    const saved = { version: 1, active: { 'no-key': 'no-key', 'left-bytes': 'a1b2c3d4e5f6a7b8c9d0' }, lastPackage: null };
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(saved));
    const { state, problem } = await createAlertStore({ file, clock }).load();
    assert.equal(problem, null);
    assert.deepEqual(state, { version: 2, active: { 'left-bytes': 'a1b2c3d4e5f6a7b8c9d0' }, lastPackage: null, spikes: {} } satisfies AlertState);
    assert.deepEqual(await readdir(join(file, '..')), ['alerts.json']);
  });

  test('an unreadable path is reported, not thrown', async () => {
    const file = fileFor();
    await mkdir(file, { recursive: true }); // a directory where the file should be
    const { state, problem } = await createAlertStore({ file, clock }).load();
    assert.deepEqual(state, initialAlertState);
    assert.match(problem ?? '', /could not be read/);
  });

  test('a directory where the file should be is moved aside, so the next save can write the file', async () => {
    // Until fs/json-file it was reported and left in place, and every save then failed on it.
    const file = fileFor();
    await mkdir(file, { recursive: true });
    await writeFile(join(file, 'inside.txt'), 'kept');
    const store = createAlertStore({ file, clock });
    const { problem } = await store.load();
    assert.match(problem ?? '', /could not be read \(EISDIR: .+\); it was moved to .*alerts\.json\.corrupt-2026-06-10T12-00-00-000Z\. Alerts start afresh\.$/);
    assert.equal(await readFile(join(file, '..', 'alerts.json.corrupt-2026-06-10T12-00-00-000Z', 'inside.txt'), 'utf8'), 'kept');
    const saved: AlertState = { version: 2, active: { 'access-denied': 'access-denied' }, lastPackage: null, spikes: {} };
    await store.save(saved);
    assert.deepEqual(await store.load(), { state: saved, problem: null });
  });

  test('the new alerts\' state (used up, expired, pace, per-list spike dates) survives a restart', async () => {
    const file = fileFor();
    const used = makeSnapshot({ package: makePackage({ leftBytes: 0, usedBytes: 50e9 }) });
    const hours = [{ login: 'alpha-list', medianBytes: 0, today: [{ start: FIXTURE_NOW - 3_600_000, bytes: 5e9 }] }];
    const input = { snapshot: used, settings: ALL_ON, units: 'GB' as const, now: FIXTURE_NOW, hours };
    const run1 = evaluateAlerts(input, initialAlertState);
    assert.deepEqual(run1.alerts.map((a) => a.id), ['expires-soon', 'used-up', 'spike']);
    await createAlertStore({ file, clock }).save(run1.state);
    const reloaded = await createAlertStore({ file, clock }).load();
    assert.equal(reloaded.problem, null);
    assert.deepEqual(reloaded.state, run1.state);
    assert.deepEqual(reloaded.state.spikes, { 'alpha-list': '2026-06-10' });
    assert.deepEqual(evaluateAlerts(input, reloaded.state).alerts, [], 'nothing repeats after the restart');
  });

  test('a renewal the balance cannot pay is notified once, and not again after a restart (the app\'s alerting on a real file)', async () => {
    const file = fileFor();
    const usd = (minor: number) => ({ minor, currency: 'USD' as const });
    const short = makeSnapshot({
      package: makePackage({ autoRenew: true }),
      money: { ...NO_MONEY, renewal: { on: '2026-06-12', trafficUsedUp: true, price: usd(11000), balance: usd(1240), short: usd(9760), balanceAsOf: null } },
    });
    const settings = { ...defaultSettings, notificationsEnabled: true, alerts: { ...defaultSettings.alerts, spikeFactor: null } };
    const history = createHistory('a1b2c3d4e5f6a7b8c9d0', 'UTC');
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const first = createAlerting({ file, clock, logger });
    assert.equal(await first.load(), null);
    assert.deepEqual((await first.decide(short, settings, history)).map((a) => a.id), ['renewal-short']);
    const again = createAlerting({ file, clock, logger });
    assert.equal(await again.load(), null);
    assert.deepEqual(await again.decide(short, settings, history), [], 'not again after the restart');
    assert.equal(JSON.parse(await readFile(file, 'utf8')).version, 2, 'recorded in the same version: an older build drops the id it does not know');
  });

  test('a version 2 file from before the renewal alert loads as it was, and the renewal alert can fire', async () => {
    const file = fileFor();
    const v2 = { version: 2, active: { 'used-up': 'a1b2c3d4e5f6a7b8c9d0' }, lastPackage: null, spikes: {} };
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(v2));
    const { state, problem } = await createAlertStore({ file, clock }).load();
    assert.equal(problem, null);
    assert.deepEqual(state, v2);
    const usd = (minor: number) => ({ minor, currency: 'USD' as const });
    const short = makeSnapshot({ package: makePackage({ autoRenew: true }), money: { ...NO_MONEY, renewal: { on: '2026-06-11', trafficUsedUp: false, price: usd(100), balance: usd(0), short: usd(100), balanceAsOf: null } } });
    const { alerts } = evaluateAlerts({ snapshot: short, settings: { ...ALL_ON, expiresWithinDays: null }, units: 'GB', now: FIXTURE_NOW }, state);
    assert.deepEqual(alerts.map((a) => a.id), ['renewal-short']);
  });

  test('a version 1 file (before spikes) still loads, keeping what it held, with no spike dates', async () => {
    const file = fileFor();
    const v1 = { version: 1, active: { 'left-bytes': 'a1b2c3d4e5f6a7b8c9d0' }, lastPackage: { key: 'a1b2c3d4e5f6a7b8c9d0', limitBytes: 50e9, expiresAt: null, leftBytes: 1e9 } };
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(v1));
    const store = createAlertStore({ file, clock });
    const { state, problem } = await store.load();
    assert.equal(problem, null);
    assert.deepEqual(state, { ...v1, version: 2, spikes: {} });
    assert.deepEqual(await readdir(join(file, '..')), ['alerts.json'], 'not moved aside');
    await store.save(state);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).version, 2, 'saved as the current version');
  });

  test('a file from a newer build (gone back from) is read for what this one knows, so nothing is notified twice', async () => {
    const file = fileFor();
    const v3 = { version: 3, active: { 'used-up': 'a1b2c3d4e5f6a7b8c9d0', 'some-future-rule': 'x' }, lastPackage: null, spikes: {}, somethingNew: [1, 2] };
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(v3));
    const { state, problem } = await createAlertStore({ file, clock }).load();
    assert.equal(problem, null);
    assert.deepEqual(state, { version: 2, active: { 'used-up': 'a1b2c3d4e5f6a7b8c9d0' }, lastPackage: null, spikes: {} } satisfies AlertState);
    assert.deepEqual(await readdir(join(file, '..')), ['alerts.json'], 'not moved aside');
  });

  test('loaded initial state is a fresh object each time', async () => {
    const store = createAlertStore({ file: fileFor(), clock });
    const a = await store.load();
    a.state.active['access-denied'] = 'access-denied';
    const b = await store.load();
    assert.deepEqual(b.state.active, {});
    assert.deepEqual(initialAlertState.active, {});
  });
});
