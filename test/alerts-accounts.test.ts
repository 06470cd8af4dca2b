// Alerts per package with two accounts, one a reseller with two sub-user packages: the core as the
// app builds it, polling the fake Proxy-Seller API over HTTP (each key its own package, the
// reseller's sub-packages their own limits and traffic), the real keychain and a temp data folder.
// Two packages crossing a threshold in one poll: one alert each, named by the package, never again
// for that crossing; a top-up and a new crossing alert again. The tray shows the worst of them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppUnderTest } from './harness/app-under-test.js';
import { BIG, byLabel as byLabelOf, lowAlerts, packagesOf, RESELLER_KEY, startResellerApp, trayOf } from './support/reseller-app.js';
import type { PackageView } from '../src/shared/ipc.js';

const HALF_GB = 500_000_000;

describe('alerts named per package across two accounts and sub-packages', () => {
  let app: AppUnderTest;
  const packages = (): PackageView[] => packagesOf(app);
  const byLabel = (label: string): PackageView => byLabelOf(app, label);
  const low = () => lowAlerts(app);

  before(async () => {
    app = await startResellerApp();
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
    const m = trayOf(app);
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
