// One limits table, one schema: every value just outside a limit is refused alike by the window's
// form, by the CLI's reader of settings.json and by electron-store's JSON schema (derived from zod).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings, SETTINGS_FILE } from '../src/core/settings/file.js';
import { defaultSettings } from '../src/core/settings/schema.js';
import { checkSettingsForm, fieldSpec, FIELDS, type RawSettings } from '../src/renderer/settings-validate.js';
import { numberRule } from '../src/shared/settings.js';
import { SETTINGS_LIMITS, type LimitedSetting } from '../src/shared/limits.js';
import { GOOD_FORM, LIMIT_CASES, type LimitCase } from './support/settings-cases.js';
import { registerStandin } from './electron-standin/run-main.js';

registerStandin();
const { default: Store } = await import('electron-store');
const { SETTINGS_STORE_ROOT, SETTINGS_STORE_SCHEMA } = await import('../src/main/settings-store.js');

const clock = () => Date.UTC(2026, 2, 14, 9, 30, 0);

const goodForm: RawSettings = GOOD_FORM;

/** Default settings with the case's value put in. */
function withValue(c: LimitCase): Record<string, unknown> {
  const s = structuredClone(defaultSettings) as unknown as Record<string, Record<string, unknown>>;
  const [top, sub] = c.path;
  if (sub === undefined) (s as Record<string, unknown>)[top!] = c.value;
  else s[top!]![sub] = c.value;
  return s;
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pst-limits-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the cases cover every limit at both ends', () => {
  assert.ok(LIMIT_CASES.length >= 12);
  assert.ok(LIMIT_CASES.some((c) => c.setting === 'requestTimeoutSeconds' && c.value === 120.5));
});

describe('a value outside its limit', () => {
  for (const c of LIMIT_CASES) {
    test(`${c.path.join('.')} = ${c.value}: refused by the form, the CLI's reader and electron-store's schema`, async () => {
      if (c.form) {
        const r = checkSettingsForm({ ...goodForm, [c.form.field]: c.form.text });
        assert.ok(!r.ok, `the form accepted ${c.form.text}`);
        assert.deepEqual(Object.keys(r.errors), [c.form.field]);
        // The form's words are the schema's rule after the field's name.
        const stored = c.setting.endsWith('Bytes') ? Math.round(Number(c.form.text) * 1e9) : Number(c.form.text);
        assert.equal(r.errors[c.form.field], `${fieldSpec(c.form.field).what} ${numberRule(SETTINGS_LIMITS[c.setting], c.setting.endsWith('Bytes'), stored)}.`);
      }

      const caseDir = await mkdtemp(join(dir, 'case-'));
      await writeFile(join(caseDir, SETTINGS_FILE), JSON.stringify(withValue(c)));
      const load = await readSettings(caseDir, clock);
      assert.deepEqual(load.defaulted, [c.path.join('.')], 'the CLI falls back to the default');
      assert.deepEqual(load.settings, defaultSettings);
      assert.match(load.problems[0] ?? '', new RegExp(`^${c.path.join('\\.')} must be `));

      const store = new Store({ cwd: caseDir, name: 'schema-check', schema: SETTINGS_STORE_SCHEMA, rootSchema: SETTINGS_STORE_ROOT, defaults: defaultSettings, accessPropertiesByDotNotation: false });
      assert.throws(() => (store.store = withValue(c) as never), /Config schema violation: `[a-zA-Z/]+` must be/);
      store.store = structuredClone(defaultSettings);
      assert.deepEqual({ ...store.store }, defaultSettings, 'the defaults pass the same schema');
    });
  }
});

describe('exact messages', () => {
  const numeric = FIELDS.filter((f) => f.kind === 'number' || f.kind === 'bytes');
  const limitOf = (f: (typeof FIELDS)[number]): LimitedSetting => ('top' in f.setting ? f.setting.top : f.setting.alert) as LimitedSetting;
  for (const f of numeric) {
    test(`${f.name} = -5: the rule the number broke, never "must be a number"`, () => {
      const r = checkSettingsForm({ ...goodForm, [f.name]: '-5' });
      assert.ok(!r.ok);
      const msg = r.errors[f.name] ?? '';
      assert.doesNotMatch(msg, /must be a number( \(|\.$)/);
      const expected: Record<string, string> = {
        pollIntervalMinutes: 'The check interval must be a whole number from 1 to 60.',
        dailyThreshold: "Today's use must be more than 0.",
        leftBelowPercent: 'The percent left must be a number from 0 to 100.',
        leftBelowBytes: 'The amount left must be more than 0.',
        expiresWithinDays: 'The number of days must be a whole number from 0 to 365.',
        paceDaysBeforeExpiry: 'The days before expiry must be a whole number from 0 to 365.',
        renewalShortWithinDays: 'The days before an auto-renewal must be a whole number from 0 to 365.',
        spikeFactor: 'The spike factor must be a number from 1 to 1000.',
        spikeFloor: 'The spike floor must be more than 0.',
      };
      assert.equal(msg, expected[f.name]);
      assert.ok(SETTINGS_LIMITS[limitOf(f)], 'every numeric field has its limit in the one table');
    });
  }

  test('the file speaks of null for off, the form of an empty field; both name the same rule', async () => {
    const caseDir = await mkdtemp(join(dir, 'words-'));
    await writeFile(join(caseDir, SETTINGS_FILE), JSON.stringify({ ...defaultSettings, alerts: { ...defaultSettings.alerts, leftBelowBytes: -5 } }));
    const load = await readSettings(caseDir, clock);
    assert.match(load.problems[0] ?? '', /^alerts\.leftBelowBytes must be more than 0, or null for off \(found -5\)/);
    const r = checkSettingsForm({ ...goodForm, leftBelowBytes: '-5' });
    assert.ok(!r.ok && r.errors.leftBelowBytes === 'The amount left must be more than 0.');
    assert.ok(checkSettingsForm({ ...goodForm, leftBelowBytes: '' }).ok, 'empty is off');
  });
});
