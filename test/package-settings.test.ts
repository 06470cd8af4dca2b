// Settings per package (settings.packages): a package's own alert fields and notification switch
// over the shared ones. The merge rule (shared/package-settings.ts), the file's tolerance and a
// change's strictness (core/settings/file.ts), then two accounts end to end: the core as the app
// builds it polling the fake API over HTTP, the real keychain and temp folders, the tray's
// presenter, and the built CLI on the same data folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lowThresholdsOf, packageSettings, withoutAccountSettings } from '../src/shared/package-settings.js';
import { defaultSettings, type AppSettings } from '../src/shared/settings.js';
import { parseSettings, validateSettingsPatch, SettingsValidationError } from '../src/core/settings/file.js';
import type { PackageView } from '../src/shared/ipc.js';
import { startAppUnderTest, type AppUnderTest } from './harness/app-under-test.js';
import { runCli } from './support/cli-run.js';
import { AT, BIG, byLabel as byLabelOf, lowAlerts, RESELLER_KEY, startResellerApp, trayOf } from './support/reseller-app.js';

const withPackages = (packages: AppSettings['packages'], over: Partial<AppSettings> = {}): AppSettings => ({ ...defaultSettings, ...over, packages });

describe('the settings a package goes by', () => {
  test('its own alert fields over the shared ones; the rest, and every other package, the shared', () => {
    const s = withPackages({ 'a-1/main': { alerts: { leftBelowBytes: 5e9, spikeFactor: null } } });
    const own = packageSettings(s, 'a-1/main');
    assert.deepEqual(own.alerts, { ...defaultSettings.alerts, leftBelowBytes: 5e9, spikeFactor: null }, 'null (off) is a value of its own');
    assert.equal(own.own, true);
    assert.deepEqual(packageSettings(s, 'a-1/ABCDEF').alerts, defaultSettings.alerts);
    assert.equal(packageSettings(s, 'a-1/ABCDEF').own, false);
    assert.deepEqual(packageSettings(s, null).alerts, defaultSettings.alerts, 'the total goes by the shared ones');
    assert.deepEqual(lowThresholdsOf(s, 'a-1/main'), { leftBelowPercent: 10, leftBelowBytes: 5e9 });
  });

  test('a package may be silenced; notifications off for all stay off whatever a package says', () => {
    const s = withPackages({ 'a-1/main': { notificationsEnabled: false }, 'a-1/KEY1': { notificationsEnabled: true } });
    assert.equal(packageSettings(s, 'a-1/main').notificationsEnabled, false);
    assert.equal(packageSettings(s, 'a-1/KEY1').notificationsEnabled, true);
    const off = withPackages(s.packages, { notificationsEnabled: false });
    assert.equal(packageSettings(off, 'a-1/KEY1').notificationsEnabled, false);
  });

  test('forgetting an account drops its packages only', () => {
    const packages = { 'a-1/main': { notificationsEnabled: false }, 'a-1/KEY1': {}, 'a-12/main': { notificationsEnabled: false } };
    assert.deepEqual(withoutAccountSettings(packages, 'a-1'), { packages: { 'a-1/main': null, 'a-1/KEY1': null } });
    assert.equal(withoutAccountSettings(packages, 'b-2'), null);
  });
});

describe('package settings in the settings file', () => {
  test('reading: a bad field costs only itself, named by its path; the rest of that package\'s settings, the other packages and the shared settings stay', () => {
    const r = parseSettings({
      version: 1,
      alerts: { leftBelowPercent: 20 },
      packages: {
        'main/main': { alerts: { leftBelowBytes: 5e9 } },
        // A silenced package with one bad threshold stays silenced.
        'a-1/KEY1': { alerts: { leftBelowBytes: -1, expiresWithinDays: 7 }, notificationsEnabled: false },
        'not an id': { notificationsEnabled: false },
        // A newer version's field is reported and left out; what this one knows is kept.
        'a-1/KEY2': { alerts: { leftBelowBytez: 1, spikeFactor: 3 }, colour: 'red' },
        'a-1/KEY3': { notificationsEnabled: 'no' },
        'a-1/KEY4': 'off',
      },
    });
    assert.deepEqual(r.settings.packages, {
      'main/main': { alerts: { leftBelowBytes: 5e9 } },
      'a-1/KEY1': { alerts: { expiresWithinDays: 7 }, notificationsEnabled: false },
      'a-1/KEY2': { alerts: { spikeFactor: 3 } },
    });
    assert.equal(r.settings.alerts.leftBelowPercent, 20);
    assert.deepEqual(r.defaulted, ['packages.a-1/KEY1.alerts.leftBelowBytes', 'packages.not an id', 'packages.a-1/KEY3.notificationsEnabled', 'packages.a-1/KEY4']);
    assert.equal(r.problems[0], 'packages.a-1/KEY1.alerts.leftBelowBytes must be more than 0, or null for off (found -1); the shared value applies to that package.');
    assert.match(r.problems[1]!, /^packages\.not an id is not a package: the key must be a package id/);
    assert.equal(r.problems[2], 'packages.a-1/KEY3.notificationsEnabled must be true or false (found "no"); the shared value applies to that package.');
    assert.match(r.problems[3]!, /^packages\.a-1\/KEY4 must be an object of the package's own settings/);
    assert.equal(r.problems[4], 'Unknown settings ignored: packages.a-1/KEY2.alerts.leftBelowBytez, packages.a-1/KEY2.colour.');
  });

  test('an entry with nothing of its own is no entry: it neither counts nor stays', () => {
    const s = validateSettingsPatch(defaultSettings, { packages: { 'a-1/main': {}, 'a-1/KEY1': { alerts: {} } } });
    assert.deepEqual(s.packages, {});
  });

  test('a file from before package settings reads with none, and no problem', () => {
    const { packages: _none, ...old } = defaultSettings;
    const r = parseSettings(old);
    assert.deepEqual(r.settings.packages, {});
    assert.deepEqual(r.problems, []);
  });

  test('a change: an entry replaces that package\'s settings whole; null removes them; the others stay', () => {
    const one = validateSettingsPatch(defaultSettings, { packages: { 'a-1/main': { alerts: { leftBelowPercent: 25, leftBelowBytes: null } } } });
    const two = validateSettingsPatch(one, { packages: { 'a-1/KEY1': { notificationsEnabled: false } } });
    assert.deepEqual(two.packages, { 'a-1/main': { alerts: { leftBelowPercent: 25, leftBelowBytes: null } }, 'a-1/KEY1': { notificationsEnabled: false } });
    const replaced = validateSettingsPatch(two, { packages: { 'a-1/main': { alerts: { spikeFactor: 3 } } } });
    assert.deepEqual(replaced.packages['a-1/main'], { alerts: { spikeFactor: 3 } });
    assert.deepEqual(validateSettingsPatch(two, { packages: { 'a-1/main': null } }).packages, { 'a-1/KEY1': { notificationsEnabled: false } });
  });

  test('a change is strict: a bad or unknown field refuses it all, naming the field', () => {
    const refused = (patch: unknown): Record<string, string> => {
      try {
        validateSettingsPatch(defaultSettings, patch);
      } catch (e) {
        assert.ok(e instanceof SettingsValidationError);
        return e.fields;
      }
      assert.fail('accepted');
    };
    assert.deepEqual(refused({ packages: { 'a-1/main': { alerts: { leftBelowPercent: 101 } } } }), { 'packages.a-1/main.alerts.leftBelowPercent': 'must be a number from 0 to 100, or null for off' });
    assert.deepEqual(refused({ packages: { 'a-1/main': { muted: true } } }), { 'packages.a-1/main.muted': 'is not a setting' });
    assert.deepEqual(refused({ packages: { 'a-1/main': { alerts: { leftBelowBytes: 1e9, muted: true } } } }), { 'packages.a-1/main.alerts.muted': 'is not a setting' });
    assert.deepEqual(Object.keys(refused({ packages: { '../x': {} } })), ['packages.../x']);
    assert.deepEqual(refused({ packages: [] }), { packages: 'must be an object of package ids and their own settings' });
  });
});

const GB = 1e9;

describe('two accounts, each package by its own settings', () => {
  let app: AppUnderTest;
  const byLabel = (label: string): PackageView => byLabelOf(app, label);
  /** Sets a sub-package of the reseller to `left` bytes left. */
  const leave = (p: PackageView, left: number) => app.api.account(RESELLER_KEY).setSubPackage(p.snapshot.package!.key, { limitBytes: p.snapshot.package!.usedBytes + left });
  const tray = () => trayOf(app, null);

  before(async () => {
    app = await startResellerApp();
  });
  after(async () => app?.close());

  test('a package with a higher threshold of its own alerts at 1.5 GB left; another at 1.5 GB left, by the shared 1 GB, does not', async () => {
    const a = byLabel('Reseller · Client A');
    const b = byLabel('Reseller · Client B');
    // Bytes alone decide here (the shared percent rule off): 1.5 GB left is below 2 GB, above 1 GB.
    assert.equal((await app.controller.updateSettings({ alerts: { leftBelowPercent: null } })).ok, true);
    const r = await app.controller.updateSettings({ packages: { [a.id]: { alerts: { leftBelowBytes: 2 * GB } } } });
    assert.equal(r.ok, true, JSON.stringify(r));
    const onDisk = JSON.parse(await readFile(join(app.dataDir, 'settings.json'), 'utf8')) as AppSettings;
    assert.deepEqual(onDisk.packages, { [a.id]: { alerts: { leftBelowBytes: 2 * GB } } });
    leave(a, 1.5 * GB);
    leave(b, 1.5 * GB);
    assert.equal((await app.controller.refresh()).ok, true);
    assert.deepEqual(
      lowAlerts(app).map((x) => [x.title, x.packageId]),
      [['Reseller · Client A: Proxy traffic running low', a.id]],
    );
    assert.match(lowAlerts(app)[0]!.body, /^1\.50 GB left of .+, below 2\.00 GB$/);
    // The same "low" on the tray: Client A low, Client B ok, the worst of them low.
    const m = tray();
    assert.equal(m.quota, 'low');
    assert.match(m.menu.find((i) => i.id === `tray-package:${a.id}`)?.label ?? '', /^Reseller · Client A: running low, 1\.50 GB left/);
    assert.doesNotMatch(m.menu.find((i) => i.id === `tray-package:${b.id}`)?.label ?? '', /running low/);
  });

  test('the CLI goes by the same settings: the package is low there too, the other is not', async () => {
    // On the app's data folder while it runs (the files are shared under their locks); nothing fetched.
    const env = { PROXY_SELLER_API_URL: app.api.baseUrl(), PROXY_SELLER_TRAFFIC_DATA_DIR: app.dataDir, PROXY_SELLER_KEYCHAIN_SERVICE: app.service, PROXY_SELLER_TRAFFIC_CACHE_DIR: 'off' };
    const quotaOf = async (p: PackageView) => {
      const r = await runCli(['today', '--account', 'Reseller', '--package', p.snapshot.package!.key, '--json', '--max-age', '86400'], env);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { quota: string }).quota;
    };
    assert.equal(await quotaOf(byLabel('Reseller · Client A')), 'low');
    assert.equal(await quotaOf(byLabel('Reseller · Client B')), 'ok');
  });

  test('a silenced package: its crossing is kept but not shown; the other package still alerts; switched on again, the same crossing stays quiet', async () => {
    const b = byLabel('Reseller · Client B');
    const main = byLabel('Main');
    const before = lowAlerts(app).length;
    assert.equal((await app.controller.updateSettings({ packages: { [b.id]: { notificationsEnabled: false } } })).ok, true);
    leave(b, 0.5 * GB);
    app.api.setPackage({ limitBytes: main.snapshot.package!.usedBytes + 0.5 * GB });
    assert.equal((await app.controller.refresh()).ok, true);
    assert.deepEqual(lowAlerts(app).slice(before).map((x) => x.packageId), [main.id], 'Main alerts; Client B is silenced');
    assert.equal((await app.controller.updateSettings({ packages: { [b.id]: null } })).ok, true);
    await app.controller.refresh();
    assert.deepEqual(lowAlerts(app).slice(before).map((x) => x.packageId), [main.id], 'its crossing was decided while silenced: not shown late');
  });

  test('removing an account removes its packages\' settings, and only those', async () => {
    const main = byLabel('Main');
    const a = byLabel('Reseller · Client A');
    assert.equal((await app.controller.updateSettings({ packages: { [main.id]: { alerts: { expiresWithinDays: 7 } } } })).ok, true);
    assert.equal((await app.controller.removeAccount(a.accountId)).ok, true);
    assert.deepEqual(app.controller.view().settings.packages, { [main.id]: { alerts: { expiresWithinDays: 7 } } });
  });
});

describe('the CLI removing an account', () => {
  test('its packages lose their own settings; the other account\'s keep theirs', async () => {
    const app = await startAppUnderTest({
      withKey: true,
      at: AT,
      start: false,
      fakeApi: { package: { limitBytes: BIG }, otherAccounts: [{ apiKey: RESELLER_KEY, package: { limitBytes: 3 * BIG } }] },
      accounts: [{ name: 'Reseller', apiKey: RESELLER_KEY }],
    });
    try {
      const { readAccounts } = await import('../src/core/accounts/manage.js');
      const { updateSettings } = await import('../src/core/settings/file.js');
      const { file } = await readAccounts({ dataDir: app.dataDir, clock: app.now, secretsFor: app.secretsFor });
      const reseller = file.accounts.find((a) => a.name === 'Reseller')!;
      const main = file.accounts.find((a) => a.name === 'Main')!;
      await updateSettings(app.dataDir, app.now, { packages: { [`${reseller.id}/main`]: { notificationsEnabled: false }, [`${reseller.id}/ABCDEF0123`]: {}, [`${main.id}/main`]: { alerts: { leftBelowBytes: GB } } } });
      const env = { PROXY_SELLER_API_URL: app.api.baseUrl(), PROXY_SELLER_TRAFFIC_DATA_DIR: app.dataDir, PROXY_SELLER_KEYCHAIN_SERVICE: app.service, PROXY_SELLER_TRAFFIC_CACHE_DIR: 'off' };
      const r = await runCli(['accounts', 'remove', 'Reseller'], env);
      assert.equal(r.code, 0, r.stderr);
      const onDisk = JSON.parse(await readFile(join(app.dataDir, 'settings.json'), 'utf8')) as AppSettings;
      assert.deepEqual(onDisk.packages, { [`${main.id}/main`]: { alerts: { leftBelowBytes: GB } } });
    } finally {
      await app.close();
    }
  });
});
