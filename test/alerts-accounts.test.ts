// Alerts per package with two accounts, one a reseller with two sub-user packages: the core as the
// app builds it, polling the fake Proxy-Seller API over HTTP (each key its own package, the
// reseller's sub-packages their own limits and traffic), the real keychain and a temp data folder.
// Two packages crossing a threshold in one poll: one alert each, named by the package, never again
// for that crossing; a top-up and a new crossing alert again. The tray shows the worst of them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppUnderTest, type AppUnderTest } from './harness/app-under-test.js';
import type { PackageView } from '../src/shared/ipc.js';
import { presentTray } from '../src/main/tray/presenter.js';

const AT = Date.parse('2026-11-26T11:30:00Z');
const RESELLER_KEY = 'reseller-KEY-0123456789abcd';
const BIG = 1e12;
const HALF_GB = 500_000_000;

describe('alerts named per package across two accounts and sub-packages', () => {
  let app: AppUnderTest;
  const packages = (): PackageView[] => app.controller.view().accounts.flatMap((a) => a.packages);
  const byLabel = (label: string): PackageView => {
    const p = packages().find((x) => x.label === label);
    assert.ok(p, `${label} among ${packages().map((x) => x.label).join(', ')}`);
    return p;
  };
  const low = () => app.alerts.filter((a) => a.id === 'left-percent' || a.id === 'left-bytes');

  before(async () => {
    app = await startAppUnderTest({
      withKey: true,
      at: AT,
      localTimeZone: 'Europe/Berlin',
      fakeApi: { package: { limitBytes: BIG }, otherAccounts: [{ apiKey: RESELLER_KEY, package: { limitBytes: 3 * BIG }, subPackages: [{ limitBytes: BIG }, { limitBytes: BIG }] }] },
      accounts: [{ name: 'Reseller', apiKey: RESELLER_KEY }],
    });
    assert.equal((await app.controller.refresh()).ok, true);
    // The user names the reseller's clients; every surface then uses the names.
    const subs = packages().filter((p) => p.kind === 'sub');
    assert.equal(subs.length, 2);
    for (const [i, name] of ['Client A', 'Client B'].entries()) assert.equal((await app.controller.namePackage(subs[i]!.id, name)).ok, true);
  });
  after(async () => app?.close());

  test('the view names every package by its account and name', () => {
    assert.deepEqual(
      packages().map((p) => p.label),
      ['Main', 'Reseller', 'Reseller · Client A', 'Reseller · Client B'],
    );
    assert.deepEqual(low(), [], 'nothing low yet');
  });

  test('two packages of two accounts crossing at once: one alert each, named, with its package id; never again for that crossing', async () => {
    const main = byLabel('Main');
    const clientB = byLabel('Reseller · Client B');
    app.api.setPackage({ limitBytes: main.snapshot.package!.usedBytes + HALF_GB });
    const key = clientB.snapshot.package!.key;
    app.api.account(RESELLER_KEY).setSubPackage(key, { limitBytes: clientB.snapshot.package!.usedBytes + HALF_GB });
    assert.equal((await app.controller.refresh()).ok, true);

    assert.deepEqual(
      low().map((a) => [a.title, a.packageId]),
      [
        ['Main: Proxy traffic running low', main.id],
        ['Reseller · Client B: Proxy traffic running low', clientB.id],
      ],
    );
    assert.match(low()[1]!.body, /^500\.0 MB left of .+, below 10% and 1\.00 GB$/);
    assert.equal(clientB.id, `${clientB.accountId}/${key}`);

    await app.controller.refresh();
    await app.controller.refresh();
    assert.equal(low().length, 2, 'once per crossing, however often it polls');
  });

  test('the tray shows the worst of them while the total adds up', () => {
    const view = app.controller.view();
    assert.ok(view.total?.package);
    const t = view.total.package;
    assert.equal(t.usedBytes + t.leftBytes, t.limitBytes);
    const m = presentTray({
      snapshot: view.snapshot,
      hasKey: true,
      paused: false,
      online: true,
      units: 'GB',
      now: app.now(),
      intervalMs: 5 * 60_000,
      thresholds: view.settings.alerts,
      figure: 'left',
      nextCheckAt: null,
      locale: 'en-US',
      packages: packages(),
      total: view.total,
      chosen: view.settings.trayPackage,
    });
    assert.equal(m.quota, 'low', 'the total is far from low; two packages are');
    assert.equal(m.menu.find((i) => i.id === 'tray-package:total')?.checked, true);
    assert.match(m.menu.find((i) => i.id === `tray-package:${byLabel('Reseller · Client B').id}`)?.label ?? '', /^Reseller · Client B: running low, 500\.0 MB left \(\d+%\)/);
  });

  test('a top-up clears one package\'s crossing; crossing again alerts again, for that package only', async () => {
    const clientB = byLabel('Reseller · Client B');
    const key = clientB.snapshot.package!.key;
    app.api.account(RESELLER_KEY).setSubPackage(key, { limitBytes: BIG });
    await app.controller.refresh();
    assert.equal(low().length, 2, 'a top-up says nothing of its own here');
    app.api.account(RESELLER_KEY).setSubPackage(key, { limitBytes: clientB.snapshot.package!.usedBytes + HALF_GB });
    await app.controller.refresh();
    assert.deepEqual(
      low().map((a) => a.title),
      ['Main: Proxy traffic running low', 'Reseller · Client B: Proxy traffic running low', 'Reseller · Client B: Proxy traffic running low'],
    );
  });

  test('each package keeps its crossings in its own alert state, in its own folder', async () => {
    const before = low().length;
    // The reseller's sub-package states live under its own account folder.
    const clientB = byLabel('Reseller · Client B');
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const state = JSON.parse(await readFile(join(app.dataDir, 'accounts', clientB.accountId, 'sub-packages', clientB.snapshot.package!.key, 'alerts.json'), 'utf8')) as { active: Record<string, unknown> };
    assert.ok('left-percent' in state.active && 'left-bytes' in state.active, JSON.stringify(state));
    await app.controller.refresh();
    assert.equal(low().length, before);
  });
});
