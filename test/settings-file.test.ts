import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SETTINGS_FILE,
  SettingsValidationError,
  parseSettings,
  readSettings,
  updateSettings,
  validateSettingsPatch,
  writeSettings,
} from '../src/core/settings/file.js';
import { defaultSettings, SETTINGS_VERSION, type Settings } from '../src/core/settings/schema.js';

const NOW = Date.UTC(2026, 2, 14, 9, 30, 0);
const clock = () => NOW;

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pstt-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = () => join(dir, SETTINGS_FILE);

function custom(): Settings {
  return {
    ...structuredClone(defaultSettings),
    apiTimeZone: 'Asia/Kolkata',
    pollIntervalMinutes: 15,
    units: 'GiB',
    alerts: { ...defaultSettings.alerts, dailyThresholdBytes: 5_000_000_000, renewed: false },
  };
}

describe('parseSettings (tolerant)', () => {
  test('a valid object parses to itself without problems', () => {
    const s = custom();
    assert.deepEqual(parseSettings(structuredClone(s)), { settings: s, problems: [], defaulted: [] });
  });

  test('each invalid field falls back to its default with a problem naming it; valid ones are kept', () => {
    const { settings, problems, defaulted } = parseSettings({
      version: 1,
      apiVersion: 'v3',
      apiTimeZone: 'Mars/Olympus',
      pollIntervalMinutes: 0,
      requestTimeoutSeconds: 30,
      units: 'GiB',
      launchAtLogin: 'yes',
      alerts: { leftBelowPercent: 150, expiresWithinDays: 7, renewed: 1 },
    });
    assert.deepEqual(settings, {
      ...defaultSettings,
      requestTimeoutSeconds: 30,
      units: 'GiB',
      alerts: { ...defaultSettings.alerts, expiresWithinDays: 7 },
    });
    assert.deepEqual(problems, [
      'apiVersion must be "v1" or "v2" (found "v3"); the default "v1" is used.',
      'apiTimeZone must be a known IANA time zone (e.g. UTC, Europe/Berlin) (found "Mars/Olympus"); the default "UTC" is used.',
      'pollIntervalMinutes must be a whole number from 1 to 60 (found 0); the default 5 is used.',
      'launchAtLogin must be true or false (found "yes"); the default false is used.',
      'alerts.leftBelowPercent must be a number from 0 to 100, or null for off (found 150); the default 10 is used.',
      'alerts.renewed must be true or false (found 1); the default true is used.',
    ]);
    assert.deepEqual(defaulted, ['apiVersion', 'apiTimeZone', 'pollIntervalMinutes', 'launchAtLogin', 'alerts.leftBelowPercent', 'alerts.renewed']);
  });

  test('alerts that are not an object fall back as a whole', () => {
    const r = parseSettings({ version: 1, alerts: [1, 2] });
    assert.deepEqual(r.settings.alerts, defaultSettings.alerts);
    assert.match(r.problems[0] ?? '', /^alerts must be an object of alert settings \(found \[1,2\]\)/);
  });

  test('unknown fields are dropped and listed by name only; electron-store bookkeeping is silent', () => {
    const r = parseSettings({ version: 1, apiKey: 'secret-value-1234', theme: 'dark', __internal__: { x: 1 }, alerts: { sound: true } });
    assert.deepEqual(r.settings, defaultSettings);
    assert.deepEqual(r.problems, ['Unknown settings ignored: apiKey, theme, alerts.sound.']);
    assert.ok(!r.problems.join(' ').includes('secret-value-1234'));
    assert.ok(!('apiKey' in r.settings));
  });

  test('a missing version is migrated (pre-versioning files) and missing fields take defaults', () => {
    const r = parseSettings({ pollIntervalMinutes: 10 });
    assert.deepEqual(r, { settings: { ...defaultSettings, version: SETTINGS_VERSION, pollIntervalMinutes: 10 }, problems: [], defaulted: [] });
    const empty = parseSettings({});
    assert.deepEqual(empty, { settings: defaultSettings, problems: [], defaulted: [] });
  });

  test('a newer version keeps the fields it knows and says so', () => {
    const r = parseSettings({ version: SETTINGS_VERSION + 1, units: 'GiB', sparkles: 3 });
    assert.equal(r.settings.version, SETTINGS_VERSION);
    assert.equal(r.settings.units, 'GiB');
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0] ?? '', /newer version of the app \(settings version 2; this one knows up to 1\)/);
    assert.equal(r.problems[1], 'Unknown settings ignored: sparkles.');
  });

  test('a nonsense version is reported and read as current', () => {
    const r = parseSettings({ version: 'one', units: 'GiB' });
    assert.equal(r.settings.units, 'GiB');
    assert.deepEqual(r.problems, ['version must be a whole number (found "one"); read as version 1.']);
  });

  test('a non-object gives defaults and a problem', () => {
    for (const raw of [null, 42, 'x', [defaultSettings]]) {
      const r = parseSettings(raw);
      assert.deepEqual(r.settings, defaultSettings);
      assert.match(r.problems[0] ?? '', /not a JSON object/);
      assert.ok(r.defaulted.includes('apiTimeZone'), 'every field is a fallback');
    }
  });

  test('a value nested deeper than any setting gives defaults and a problem, not a stack overflow', () => {
    const deep = JSON.parse(`{"units":${'['.repeat(20_000)}${']'.repeat(20_000)}}`) as unknown;
    const r = parseSettings(deep);
    assert.deepEqual(r.settings, defaultSettings);
    assert.deepEqual(r.problems, ['The settings are nested more than 32 levels deep; default settings are used.']);
  });

  test('returned settings never share objects with the defaults', () => {
    const r = parseSettings({});
    r.settings.alerts.renewed = false;
    assert.equal(defaultSettings.alerts.renewed, true);
  });
});

describe('readSettings / writeSettings on disk', () => {
  test('a missing file (or data dir) gives defaults and creates nothing', async () => {
    assert.deepEqual(await readSettings(dir, clock), { settings: defaultSettings, problems: [], movedTo: null, defaulted: [] });
    assert.deepEqual(await readdir(dir), []);
    const nowhere = join(dir, 'not', 'yet');
    assert.deepEqual((await readSettings(nowhere, clock)).settings, defaultSettings);
  });

  test('write then read round-trips; the file is a plain, private JSON object', async () => {
    const s = custom();
    await writeSettings(join(dir, 'sub'), s);
    const text = await readFile(join(dir, 'sub', SETTINGS_FILE), 'utf8');
    assert.deepEqual(JSON.parse(text), s);
    assert.deepEqual(await readSettings(join(dir, 'sub'), clock), { settings: s, problems: [], movedTo: null, defaulted: [] });
    assert.equal((await stat(join(dir, 'sub', SETTINGS_FILE))).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(dir, 'sub')), [SETTINGS_FILE], 'no temp file left behind');
  });

  test('writeSettings refuses invalid settings and leaves the file alone', async () => {
    await writeSettings(dir, defaultSettings);
    const before = await readFile(file(), 'utf8');
    const bad = { ...defaultSettings, pollIntervalMinutes: 90, alerts: { ...defaultSettings.alerts, leftBelowBytes: -1 } };
    await assert.rejects(writeSettings(dir, bad), (e: unknown) => {
      assert.ok(e instanceof SettingsValidationError);
      assert.deepEqual(e.fields, {
        pollIntervalMinutes: 'must be a whole number from 1 to 60',
        'alerts.leftBelowBytes': 'must be more than 0, or null for off',
      });
      return true;
    });
    assert.equal(await readFile(file(), 'utf8'), before);
  });

  test('unparseable JSON is moved aside, defaults used, with a problem', async () => {
    await writeFile(file(), '{"pollIntervalMinutes": 10,');
    const r = await readSettings(dir, clock);
    const aside = join(dir, `${SETTINGS_FILE}.corrupt-2026-03-14T09-30-00-000Z`);
    assert.equal(r.movedTo, aside);
    assert.deepEqual(r.settings, defaultSettings);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0] ?? '', /^settings\.json could not be read \(not valid JSON: .+\); it was moved to .+corrupt-2026-03-14T09-30-00-000Z and default settings are used\.$/);
    assert.equal(await readFile(aside, 'utf8'), '{"pollIntervalMinutes": 10,', 'nothing is lost');
    assert.deepEqual((await readdir(dir)).sort(), [`${SETTINGS_FILE}.corrupt-2026-03-14T09-30-00-000Z`]);
  });

  test('an empty file and a JSON non-object are moved aside too', async () => {
    await writeFile(file(), '');
    const empty = await readSettings(dir, clock);
    assert.match(empty.problems[0] ?? '', /the file is empty/);
    assert.ok(empty.movedTo);

    await writeFile(file(), '[1,2]');
    const later = () => NOW + 1000;
    const arr = await readSettings(dir, later);
    assert.match(arr.problems[0] ?? '', /it holds \[1,2\], not a JSON object/);
    assert.equal(await readFile(arr.movedTo ?? '', 'utf8'), '[1,2]');
  });

  test('a UTF-8 BOM is accepted', async () => {
    await writeFile(file(), `\uFEFF${JSON.stringify({ version: 1, units: 'GiB' })}`);
    const r = await readSettings(dir, clock);
    assert.deepEqual(r, { settings: { ...defaultSettings, units: 'GiB' }, problems: [], movedTo: null, defaulted: [] });
  });

  test('JSON nested too deep is moved aside with the reason, defaults used, whatever level it sits at', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const texts = [deep, `{"units":${deep}}`, `{"alerts":{"renewed":${deep}}}`, `{"version":${deep}}`, `{"someday":${deep}}`];
    for (const [n, text] of texts.entries()) {
      await writeFile(file(), text);
      const r = await readSettings(dir, () => NOW + n * 1000);
      assert.deepEqual(r.settings, defaultSettings);
      assert.ok(r.movedTo, text.slice(0, 20));
      assert.match(r.problems[0] ?? '', /^settings\.json could not be read \(it is nested more than 32 levels deep\); it was moved to .+corrupt-.+ and default settings are used\.$/);
      assert.equal(await readFile(r.movedTo, 'utf8'), text, 'nothing is lost');
      assert.ok(r.defaulted.includes('apiTimeZone'));
    }
  });

  test('32 levels are still read (an unknown setting holding nested objects is only listed)', async () => {
    const nested = `${'{"a":'.repeat(30)}1${'}'.repeat(30)}`;
    await writeFile(file(), `{"units":"GiB","extra":${nested}}`);
    const r = await readSettings(dir, clock);
    assert.equal(r.movedTo, null);
    assert.equal(r.settings.units, 'GiB');
    assert.deepEqual(r.problems, ['Unknown settings ignored: extra.']);
  });

  test('bad fields are reported but the file is left as it is on read', async () => {
    const text = JSON.stringify({ version: 1, pollIntervalMinutes: 'often' });
    await writeFile(file(), text);
    const r = await readSettings(dir, clock);
    assert.equal(r.movedTo, null);
    assert.equal(r.settings.pollIntervalMinutes, 5);
    assert.equal(r.problems.length, 1);
    assert.deepEqual(r.defaulted, ['pollIntervalMinutes']);
    assert.equal(await readFile(file(), 'utf8'), text);
  });

  test('a file that cannot be read (a directory in its place) is moved aside and reported, not thrown', async () => {
    // Until fs/json-file this threw EISDIR: every file the app owns is now read one way.
    await mkdir(file());
    const r = await readSettings(dir, clock);
    const aside = join(dir, `${SETTINGS_FILE}.corrupt-2026-03-14T09-30-00-000Z`);
    assert.deepEqual(r.settings, defaultSettings);
    assert.equal(r.movedTo, aside);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0] ?? '', /^settings\.json could not be read \(EISDIR: .+\); it was moved to .+corrupt-2026-03-14T09-30-00-000Z and default settings are used\.$/);
    assert.ok((await stat(aside)).isDirectory(), 'nothing lost');
    assert.ok(r.defaulted.includes('apiTimeZone'));
    // The next change writes a fresh file in its place.
    await updateSettings(dir, () => NOW + 1000, { units: 'GiB' });
    assert.equal((await readSettings(dir, clock)).settings.units, 'GiB');
  });
});

describe('validateSettingsPatch (strict)', () => {
  test('applies a partial patch, including a partial alerts object', () => {
    const next = validateSettingsPatch(custom(), { pollIntervalMinutes: 60, alerts: { leftBelowPercent: null } });
    assert.deepEqual(next, { ...custom(), pollIntervalMinutes: 60, alerts: { ...custom().alerts, leftBelowPercent: null } });
  });

  test('accepts the boundaries and a full settings object', () => {
    const s = custom();
    assert.equal(validateSettingsPatch(s, { pollIntervalMinutes: 1 }).pollIntervalMinutes, 1);
    assert.equal(validateSettingsPatch(s, { requestTimeoutSeconds: 120 }).requestTimeoutSeconds, 120);
    assert.equal(validateSettingsPatch(s, { alerts: { expiresWithinDays: 0 } }).alerts.expiresWithinDays, 0);
    assert.deepEqual(validateSettingsPatch(defaultSettings, s), s);
  });

  test('does not change the settings passed in', () => {
    const s = custom();
    validateSettingsPatch(s, { units: 'GB', alerts: { renewed: true } });
    assert.deepEqual(s, custom());
  });

  test('refuses the whole patch with a clear message per field', () => {
    assert.throws(
      () =>
        validateSettingsPatch(defaultSettings, {
          pollIntervalMinutes: 61,
          requestTimeoutSeconds: 2.5,
          units: 'MB',
          apiTimeZone: 'Nowhere/City',
          notificationsEnabled: 'true',
          alerts: { dailyThresholdBytes: 1.5, expiresWithinDays: 400, colour: 'red' },
          apiKey: 'abc',
          version: 2,
        }),
      (e: unknown) => {
        assert.ok(e instanceof SettingsValidationError);
        assert.equal(e.name, 'SettingsValidationError');
        assert.deepEqual(e.fields, {
          version: 'cannot be changed (it is 1)',
          pollIntervalMinutes: 'must be a whole number from 1 to 60',
          requestTimeoutSeconds: 'must be a whole number from 1 to 120',
          units: 'must be "GB" or "GiB"',
          apiTimeZone: 'must be a known IANA time zone (e.g. UTC, Europe/Berlin)',
          notificationsEnabled: 'must be true or false',
          'alerts.dailyThresholdBytes': 'must be a whole number of bytes, or null for off',
          'alerts.expiresWithinDays': 'must be a whole number from 0 to 365, or null for off',
          'alerts.colour': 'is not a setting',
          apiKey: 'is not a setting',
        });
        assert.match(e.message, /^Invalid settings: version cannot be changed \(it is 1\); pollIntervalMinutes must be a whole number from 1 to 60; /);
        return true;
      },
    );
  });

  test('refuses a patch that is not an object, and alerts that are not an object', () => {
    for (const p of [null, 'x', [], 3]) {
      assert.throws(() => validateSettingsPatch(defaultSettings, p), SettingsValidationError);
    }
    assert.throws(() => validateSettingsPatch(defaultSettings, { alerts: null }), {
      message: 'Invalid settings: alerts must be an object of alert settings.',
    });
  });

  test('an empty patch returns the current settings', () => {
    assert.deepEqual(validateSettingsPatch(custom(), {}), custom());
  });
});

describe('updateSettings', () => {
  test('creates the file from defaults plus the patch, then builds on it', async () => {
    const first = await updateSettings(dir, clock, { units: 'GiB' });
    assert.deepEqual(first, { ...defaultSettings, units: 'GiB' });
    const second = await updateSettings(dir, clock, { pollIntervalMinutes: 30 });
    assert.deepEqual(second, { ...defaultSettings, units: 'GiB', pollIntervalMinutes: 30 });
    assert.deepEqual(JSON.parse(await readFile(file(), 'utf8')), second);
  });

  test('an invalid patch throws and writes nothing', async () => {
    await updateSettings(dir, clock, { units: 'GiB' });
    const before = await readFile(file(), 'utf8');
    await assert.rejects(updateSettings(dir, clock, { pollIntervalMinutes: 0 }), {
      name: 'SettingsValidationError',
      message: 'Invalid settings: pollIntervalMinutes must be a whole number from 1 to 60.',
    });
    assert.equal(await readFile(file(), 'utf8'), before);
    assert.deepEqual(await readdir(dir), [SETTINGS_FILE]);
  });

  test('concurrent updates in one process are not lost', async () => {
    await Promise.all([
      updateSettings(dir, clock, { units: 'GiB' }),
      updateSettings(dir, clock, { pollIntervalMinutes: 7 }),
      updateSettings(dir, clock, { launchAtLogin: true }),
      updateSettings(dir, clock, { pollIntervalMinutes: 'bad' }).catch(() => null),
      updateSettings(dir, clock, { alerts: { renewed: false } }),
    ]);
    const r = await readSettings(dir, clock);
    assert.deepEqual(r.settings, {
      ...defaultSettings,
      units: 'GiB',
      pollIntervalMinutes: 7,
      launchAtLogin: true,
      alerts: { ...defaultSettings.alerts, renewed: false },
    });
  });

  test('a file with bad fields is kept beside it before being rewritten', async () => {
    const text = JSON.stringify({ version: 1, pollIntervalMinutes: 'often', units: 'GiB' });
    await writeFile(file(), text);
    const next = await updateSettings(dir, clock, { launchAtLogin: true });
    assert.deepEqual(next, { ...defaultSettings, units: 'GiB', launchAtLogin: true });
    const copy = join(dir, `${SETTINGS_FILE}.before-repair-2026-03-14T09-30-00-000Z`);
    assert.equal(await readFile(copy, 'utf8'), text);
    // The repaired file reads clean, so the next update keeps no copy.
    await updateSettings(dir, () => NOW + 5000, { launchAtLogin: false });
    assert.deepEqual((await readdir(dir)).sort(), [SETTINGS_FILE, `${SETTINGS_FILE}.before-repair-2026-03-14T09-30-00-000Z`]);
  });

  test('after an unreadable file was moved aside, the update starts from defaults', async () => {
    await writeFile(file(), 'not json');
    const next = await updateSettings(dir, clock, { units: 'GiB' });
    assert.deepEqual(next, { ...defaultSettings, units: 'GiB' });
    assert.deepEqual((await readdir(dir)).sort(), [SETTINGS_FILE, `${SETTINGS_FILE}.corrupt-2026-03-14T09-30-00-000Z`]);
  });
});
