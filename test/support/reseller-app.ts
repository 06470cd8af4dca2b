// Two accounts as the alert tests use them: "Main" (the harness's key) and "Reseller", whose two
// sub-user packages are named "Client A" and "Client B", every package with a large limit; the
// core as the app builds it over the fake API, after its first poll.
import assert from 'node:assert/strict';
import type { PackageView } from '../../src/shared/ipc.js';
import { startAppUnderTest, type AppUnderTest } from '../harness/app-under-test.js';
import { presentTray } from '../../src/main/tray/presenter.js';
import { lowThresholdsOf } from '../../src/shared/package-settings.js';

export const AT = Date.parse('2026-11-26T11:30:00Z');
export const RESELLER_KEY = 'reseller-KEY-0123456789abcd';
export const BIG = 1e12;

export async function startResellerApp(): Promise<AppUnderTest> {
  const app = await startAppUnderTest({
    withKey: true,
    at: AT,
    localTimeZone: 'Europe/Berlin',
    fakeApi: { package: { limitBytes: BIG }, otherAccounts: [{ apiKey: RESELLER_KEY, package: { limitBytes: 3 * BIG }, subPackages: [{ limitBytes: BIG }, { limitBytes: BIG }] }] },
    accounts: [{ name: 'Reseller', apiKey: RESELLER_KEY }],
  });
  assert.equal((await app.controller.refresh()).ok, true);
  // The user names the reseller's clients; every surface then uses the names.
  const subs = packagesOf(app).filter((p) => p.kind === 'sub');
  assert.equal(subs.length, 2);
  for (const [i, name] of ['Client A', 'Client B'].entries()) assert.equal((await app.controller.namePackage(subs[i]!.id, name)).ok, true);
  return app;
}

export function packagesOf(app: AppUnderTest): PackageView[] {
  return app.controller.view().accounts.flatMap((a) => a.packages);
}

export function byLabel(app: AppUnderTest, label: string): PackageView {
  const p = packagesOf(app).find((x) => x.label === label);
  assert.ok(p, `${label} among ${packagesOf(app).map((x) => x.label).join(', ')}`);
  return p;
}

/** The "traffic left" alerts shown so far. */
export function lowAlerts(app: AppUnderTest) {
  return app.alerts.filter((a) => a.id === 'left-percent' || a.id === 'left-bytes');
}

/** The tray as src/main/app.ts presents it from the app's view (each package with its own thresholds). */
export function trayOf(app: AppUnderTest, chosen: string | null = app.controller.view().settings.trayPackage) {
  const view = app.controller.view();
  return presentTray({
    snapshot: view.snapshot,
    hasKey: true,
    paused: false,
    online: true,
    units: 'GB',
    now: app.now(),
    intervalMs: 5 * 60_000,
    thresholds: lowThresholdsOf(view.settings, null),
    figure: 'left',
    nextCheckAt: null,
    locale: 'en-US',
    packages: packagesOf(app).map((p) => ({ ...p, thresholds: lowThresholdsOf(view.settings, p.id) })),
    total: view.total,
    chosen,
  });
}
