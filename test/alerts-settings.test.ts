// The new alert settings (pace days, spike factor, spike floor): their defaults and limits come from
// the one schema and limits table, and the settings form reads them with its own words.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, settingsSchema } from '../src/shared/settings.js';
import { checkSettingsForm, type RawSettings } from '../src/renderer/settings-validate.js';
import { GOOD_FORM } from './support/settings-cases.js';

const form: RawSettings = GOOD_FORM;

describe('pace and spike settings', () => {
  test('defaults: pace 1 day, spikes at 5x and 200 MB', () => {
    assert.deepEqual([defaultSettings.alerts.paceDaysBeforeExpiry, defaultSettings.alerts.spikeFactor, defaultSettings.alerts.spikeFloorBytes], [1, 5, 200_000_000]);
    assert.equal(settingsSchema.safeParse(defaultSettings).success, true);
  });

  test('the form turns them into the stored values; empty pace and factor are off', () => {
    const ok = checkSettingsForm(form);
    assert.ok(ok.ok);
    assert.deepEqual([ok.patch.alerts?.paceDaysBeforeExpiry, ok.patch.alerts?.spikeFactor, ok.patch.alerts?.spikeFloorBytes], [1, 5, 200_000_000]);
    const off = checkSettingsForm({ ...form, paceDaysBeforeExpiry: '', spikeFactor: '' });
    assert.ok(off.ok);
    assert.deepEqual([off.patch.alerts?.paceDaysBeforeExpiry, off.patch.alerts?.spikeFactor], [null, null]);
  });

  test('bad values get their own message; the floor cannot be left empty', () => {
    const bad = checkSettingsForm({ ...form, paceDaysBeforeExpiry: '1.5', spikeFactor: '0.5', spikeFloor: '' });
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.errors, {
      paceDaysBeforeExpiry: 'The days before expiry must be a whole number from 0 to 365.',
      spikeFactor: 'The spike factor must be a number from 1 to 1000.',
      // Not optional: empty is no number (the form's message is the schema's rule, as for every field).
      spikeFloor: 'The spike floor must be a number more than 0.',
    });
    const negative = checkSettingsForm({ ...form, spikeFloor: '-1' });
    assert.deepEqual(!negative.ok && negative.errors, { spikeFloor: 'The spike floor must be more than 0.' });
  });

  test('main refuses a null floor with the schema\'s words', () => {
    const r = settingsSchema.safeParse({ ...defaultSettings, alerts: { ...defaultSettings.alerts, spikeFloorBytes: null } });
    assert.equal(r.success, false);
    assert.equal(r.error?.issues[0]?.message, 'must be a number more than 0');
  });
});
