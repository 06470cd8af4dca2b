// The window's pure rules (no DOM): ranges, custom range checks, the settings form's checks and date
// wording. The same modules run in the page; here they are checked fast and exhaustively.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDateFormat, relativeDays } from '../src/renderer/format-time.js';
import { timeAgo } from '../src/shared/time-ago.js';
import { checkCustomRange, presetRange } from '../src/renderer/range.js';
import { ALERT_FIELDS, alertWords, checkPackageField, checkSettingsForm, entryWith, entryWithNotifications, fieldForPath, fieldSpec, type AlertFieldSpec, type RawSettings } from '../src/renderer/settings-validate.js';
import { addDays, isLocalDate, localDateOf, localDateTimeOf } from '../src/shared/local-dates.js';
import { GOOD_FORM } from './support/settings-cases.js';

describe('dates', () => {
  test('local dates in a zone, never the process zone', () => {
    const t = Date.parse('2026-11-26T23:30:00Z');
    assert.equal(localDateOf(t, 'UTC'), '2026-11-26');
    assert.equal(localDateOf(t, 'Europe/Berlin'), '2026-11-27');
    assert.equal(localDateOf(t, 'America/Los_Angeles'), '2026-11-26');
    assert.equal(localDateTimeOf(t, 'Asia/Kolkata'), '2026-11-27 05:00');
    assert.equal(localDateTimeOf(t, 'Pacific/Chatham'), '2026-11-27 13:15');
  });

  test('calendar arithmetic and wording', () => {
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(isLocalDate('2026-02-29'), false);
    assert.equal(isLocalDate('2024-02-29'), true);
    assert.equal(isLocalDate('26-02-01'), false);
    assert.equal(relativeDays('2026-11-26', '2026-12-17'), 'in 21 days');
    assert.equal(relativeDays('2026-11-26', '2026-11-25'), 'yesterday');
    assert.equal(timeAgo(20_000, 'long'), 'just now');
    assert.equal(timeAgo(4 * 60_000 + 59_000, 'long'), '4 min ago');
    assert.equal(timeAgo(60 * 60_000, 'long'), '1 h ago');
    assert.equal(timeAgo(125 * 60_000, 'long'), '2 h 5 min ago');
    assert.equal(timeAgo(3 * 86_400_000, 'long'), '3 days ago');
    // A success dated ahead of the clock (set back since) has no age: never "-58 min ago".
    assert.equal(timeAgo(-30_000, 'long'), 'just now');
    assert.equal(timeAgo(-58 * 60_000, 'long'), 'before a clock change');
  });
});

describe('ranges', () => {
  test('presets count back from the local today, inclusive', () => {
    assert.deepEqual(presetRange('today', '2026-03-01'), { from: '2026-03-01', to: '2026-03-01' });
    assert.deepEqual(presetRange('yesterday', '2026-03-01'), { from: '2026-02-28', to: '2026-02-28' });
    assert.deepEqual(presetRange('7d', '2026-03-01'), { from: '2026-02-23', to: '2026-03-01' });
    assert.deepEqual(presetRange('30d', '2026-03-01'), { from: '2026-01-31', to: '2026-03-01' });
  });

  test('custom ranges: both dates, in order, not in the future, at most 400 days; dates in the messages in the user\'s locale', () => {
    const today = '2026-11-26';
    const checkCustom = (from: string, to: string, t: string) => checkCustomRange(from, to, t, createDateFormat('en-US').date);
    assert.deepEqual(checkCustom('2026-11-01', '2026-11-26', today), { ok: true, range: { from: '2026-11-01', to: '2026-11-26' } });
    assert.deepEqual(checkCustom('', '2026-11-26', today), { ok: false, field: 'from', message: 'Choose a start date.' });
    assert.deepEqual(checkCustom('2026-11-01', '', today), { ok: false, field: 'to', message: 'Choose an end date.' });
    assert.deepEqual(checkCustom('2026-02-30', '2026-03-01', today), { ok: false, field: 'from', message: 'The start is not a real calendar date.' });
    assert.deepEqual(checkCustom('2026-11-10', '2026-11-09', today), { ok: false, field: 'to', message: 'The end must be on or after the start.' });
    assert.deepEqual(checkCustom('2026-11-20', '2026-11-27', today), { ok: false, field: 'to', message: 'The end is in the future: pick 11/26/2026 or earlier.' });
    assert.deepEqual(checkCustom('2026-11-27', '2026-11-28', today), { ok: false, field: 'from', message: 'The start is in the future: pick 11/26/2026 or earlier.' });
    assert.equal(checkCustom('2025-10-23', today, today).ok, true, '400 days');
    assert.deepEqual(checkCustom('2025-10-22', today, today), { ok: false, field: 'from', message: 'Choose at most 400 days.' });
    assert.deepEqual(checkCustomRange('2026-11-27', '2026-11-28', today, createDateFormat('de-DE').date), {
      ok: false,
      field: 'from',
      message: 'The start is in the future: pick 26.11.2026 or earlier.',
    });
  });
});

describe('settings form checks', () => {
  const good: RawSettings = { ...GOOD_FORM, apiTimeZone: 'Europe/Berlin', units: 'GiB', dailyThreshold: '2.5', leftBelowPercent: '' };

  test('a good form becomes a patch with bytes in the chosen units and null for empty', () => {
    const r = checkSettingsForm(good);
    assert.ok(r.ok);
    assert.deepEqual(r.patch, {
      apiVersion: 'v1',
      apiTimeZone: 'Europe/Berlin',
      pollIntervalMinutes: 5,
      units: 'GiB',
      notificationsEnabled: true,
      launchAtLogin: false,
      trayFigure: 'today',
      trayStyle: 'auto',
      trayPackage: null,
      alerts: {
        dailyThresholdBytes: Math.round(2.5 * 1024 ** 3),
        leftBelowPercent: null,
        leftBelowBytes: 1024 ** 3,
        expiresWithinDays: 3,
        renewed: true,
        paceDaysBeforeExpiry: 1,
        renewalShortWithinDays: 3,
        spikeFactor: 5,
        spikeFloorBytes: Math.round(0.2 * 1024 ** 3),
      },
    });
  });

  test('the tray figure and style go into the patch as chosen; a value the schema does not list is refused', () => {
    for (const trayFigure of ['today', 'left', 'percent-left', 'days-left']) {
      const r = checkSettingsForm({ ...good, trayFigure, trayStyle: 'monochrome' });
      assert.ok(r.ok);
      assert.equal(r.patch.trayFigure, trayFigure);
      assert.equal(r.patch.trayStyle, 'monochrome');
    }
    const bad = checkSettingsForm({ ...good, trayFigure: 'yesterday', trayStyle: 'neon' });
    assert.ok(!bad.ok);
    // The schema's rules, with the field's name in front, as for every field of the form.
    assert.deepEqual(bad.errors, {
      trayFigure: 'The tray figure must be "today", "left", "percent-left" or "days-left".',
      trayStyle: 'The tray icon style must be "auto", "colour" or "monochrome".',
    });
    assert.equal(fieldForPath('trayFigure'), 'trayFigure');
  });

  test('the package in the tray: empty is the total (null), a package id is kept, anything else refused in the schema\'s words', () => {
    const total = checkSettingsForm({ ...good, trayPackage: '' });
    assert.ok(total.ok);
    assert.equal(total.patch.trayPackage, null);
    const chosen = checkSettingsForm({ ...good, trayPackage: 'k3x9q2/5b0aa11bb22cc33dd44e' });
    assert.ok(chosen.ok);
    assert.equal(chosen.patch.trayPackage, 'k3x9q2/5b0aa11bb22cc33dd44e');
    const bad = checkSettingsForm({ ...good, trayPackage: 'Client B' });
    assert.ok(!bad.ok);
    assert.equal(bad.errors.trayPackage, 'The package in the tray must be a package id ("<account>/<package>", e.g. "main/main"), or null for the total of all packages.');
    assert.equal(fieldForPath('trayPackage'), 'trayPackage');
  });

  test('each bad field gets its own message', () => {
    const r = checkSettingsForm({ ...good, apiTimeZone: 'Nowhere/Land', pollIntervalMinutes: '61', leftBelowPercent: '-1', expiresWithinDays: '400', dailyThreshold: 'abc' });
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['apiTimeZone', 'dailyThreshold', 'expiresWithinDays', 'leftBelowPercent', 'pollIntervalMinutes']);
    assert.equal(r.errors.expiresWithinDays, 'The number of days must be a whole number from 0 to 365.');
    assert.equal(r.errors.leftBelowPercent, 'The percent left must be a number from 0 to 100.');
    assert.equal(r.errors.dailyThreshold, "Today's use must be a number more than 0.");
  });

  test('main’s field paths map to the form’s fields', () => {
    assert.equal(fieldForPath('alerts.leftBelowBytes'), 'leftBelowBytes');
    assert.equal(fieldForPath('alerts.dailyThresholdBytes'), 'dailyThreshold');
    assert.equal(fieldForPath('pollIntervalMinutes'), 'pollIntervalMinutes');
    assert.equal(fieldForPath('requestTimeoutSeconds'), null);
  });
});

describe('a package’s own alert settings (Settings → Alerts for one package)', () => {
  const alert = (name: string): AlertFieldSpec => {
    const spec = ALERT_FIELDS.find((f) => f.name === name);
    assert.ok(spec, name);
    return spec;
  };

  test('every alert field, and only those, can have a package value', () => {
    assert.deepEqual(
      ALERT_FIELDS.map((f) => f.name),
      ['dailyThreshold', 'leftBelowPercent', 'leftBelowBytes', 'expiresWithinDays', 'renewed', 'paceDaysBeforeExpiry', 'renewalShortWithinDays', 'spikeFactor', 'spikeFloor'],
    );
    assert.equal(fieldSpec('leftBelowBytes'), alert('leftBelowBytes'));
  });

  test('empty is the shared value (undefined); a value is read and refused by the shared rule, in its words', () => {
    assert.deepEqual(checkPackageField(alert('leftBelowBytes'), '', 'GB'), { ok: true, value: undefined });
    assert.deepEqual(checkPackageField(alert('spikeFloor'), '  ', 'GB'), { ok: true, value: undefined }, 'even a field that cannot be off');
    assert.deepEqual(checkPackageField(alert('leftBelowBytes'), '2.5', 'GiB'), { ok: true, value: Math.round(2.5 * 1024 ** 3) });
    assert.deepEqual(checkPackageField(alert('leftBelowPercent'), '150', 'GB'), { ok: false, message: 'The percent left must be a number from 0 to 100.' });
    assert.deepEqual(checkPackageField(alert('leftBelowPercent'), ' Off ', 'GB'), { ok: true, value: null }, '"off": off for this package alone');
    assert.equal(checkPackageField(alert('spikeFloor'), 'off', 'GB').ok, false, 'a field that cannot be off takes no "off"');
    assert.equal(checkPackageField(alert('leftBelowBytes'), 'abc', 'GB').ok, false, 'other words are refused by the shared rule');
    assert.deepEqual(checkPackageField(alert('dailyThreshold'), '-5', 'GB'), { ok: false, message: "Today's use must be more than 0." });
    assert.deepEqual(checkPackageField(alert('expiresWithinDays'), 'not a number', 'GB'), { ok: false, message: 'The number of days must be a whole number from 0 to 365.' });
    // A flag's select: shared, on, off.
    assert.deepEqual(checkPackageField(alert('renewed'), '', 'GB'), { ok: true, value: undefined });
    assert.deepEqual(checkPackageField(alert('renewed'), 'true', 'GB'), { ok: true, value: true });
    assert.deepEqual(checkPackageField(alert('renewed'), 'false', 'GB'), { ok: true, value: false });
  });

  test('an entry changes one field at a time, keeps the rest, and is null once nothing of its own is left', () => {
    const one = entryWith(undefined, 'leftBelowBytes', 5e9);
    assert.deepEqual(one, { alerts: { leftBelowBytes: 5e9 } });
    const two = entryWith(one ?? undefined, 'renewed', false);
    assert.deepEqual(two, { alerts: { leftBelowBytes: 5e9, renewed: false } });
    const silenced = entryWithNotifications(two ?? undefined, false);
    assert.deepEqual(silenced, { alerts: { leftBelowBytes: 5e9, renewed: false }, notificationsEnabled: false });
    // Its own "off" (null) is a value of its own, not the shared one.
    assert.deepEqual(entryWith(undefined, 'dailyThresholdBytes', null), { alerts: { dailyThresholdBytes: null } });
    assert.deepEqual(entryWith({ alerts: { leftBelowBytes: 5e9 } }, 'leftBelowBytes', undefined), null);
    assert.deepEqual(entryWith({ alerts: { leftBelowBytes: 5e9 }, notificationsEnabled: false }, 'leftBelowBytes', undefined), { notificationsEnabled: false });
    // Notifications on is the shared switch: nothing of its own.
    assert.deepEqual(entryWithNotifications({ notificationsEnabled: false }, true), null);
    assert.deepEqual(entryWithNotifications({ alerts: { renewed: true }, notificationsEnabled: false }, true), { alerts: { renewed: true } });
  });

  test('the shared value in words for the hint', () => {
    assert.equal(alertWords(alert('leftBelowBytes'), 1e9, 'GB'), '1.00 GB');
    assert.equal(alertWords(alert('leftBelowBytes'), 1e9, 'GiB'), '953.7 MiB');
    assert.equal(alertWords(alert('dailyThreshold'), null, 'GB'), 'off');
    assert.equal(alertWords(alert('renewed'), true, 'GB'), 'on');
    assert.equal(alertWords(alert('leftBelowPercent'), 10, 'GB'), '10');
  });

  test('main’s paths into a package’s entry map to the field', () => {
    assert.equal(fieldForPath('packages.a-1b2c/main.alerts.leftBelowBytes'), 'leftBelowBytes');
    assert.equal(fieldForPath('packages.a-1b2c/5b0aa11bb22cc33dd44e.alerts.spikeFloorBytes'), 'spikeFloor');
  });
});
