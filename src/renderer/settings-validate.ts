// Reads the settings form's raw values into a SettingsPatch, with a message per bad field.
// Client-side only, for quick feedback: main validates again and its word is final. Pure.
import { isValidTimeZone } from '../shared/time-zone.js';
import type { SettingsPatch } from '../shared/settings.js';
import { unitBytes, type Units } from '../shared/bytes.js';

/** The form's fields, by the name their input and error element use. */
export type FieldName =
  | 'apiVersion'
  | 'apiTimeZone'
  | 'pollIntervalMinutes'
  | 'units'
  | 'dailyThreshold'
  | 'leftBelowPercent'
  | 'leftBelowBytes'
  | 'expiresWithinDays'
  | 'renewed'
  | 'notificationsEnabled'
  | 'launchAtLogin';

export const FIELD_NAMES: readonly FieldName[] = [
  'apiVersion',
  'apiTimeZone',
  'pollIntervalMinutes',
  'units',
  'dailyThreshold',
  'leftBelowPercent',
  'leftBelowBytes',
  'expiresWithinDays',
  'renewed',
  'notificationsEnabled',
  'launchAtLogin',
];

export interface RawSettings {
  apiVersion: string;
  apiTimeZone: string;
  pollIntervalMinutes: string;
  units: string;
  dailyThreshold: string;
  leftBelowPercent: string;
  leftBelowBytes: string;
  expiresWithinDays: string;
  renewed: boolean;
  notificationsEnabled: boolean;
  launchAtLogin: boolean;
}

export type FormCheck =
  | { ok: true; patch: SettingsPatch }
  | { ok: false; errors: Partial<Record<FieldName, string>> };


const NUMBER = /^\s*\d+(\.\d+)?\s*$/;
const INTEGER = /^\s*\d+\s*$/;

/** Empty = off (null); otherwise a number in [min, max]. */
function optionalNumber(raw: string, min: number, max: number, integer: boolean, what: string): number | null | string {
  if (raw.trim() === '') return null;
  if (!(integer ? INTEGER : NUMBER).test(raw)) {
    return integer ? `${what} must be a whole number (or empty for off).` : `${what} must be a number (or empty for off).`;
  }
  const n = Number(raw);
  if (n < min || n > max) return `${what} must be between ${min} and ${max}.`;
  return n;
}

export function checkSettingsForm(raw: RawSettings): FormCheck {
  const errors: Partial<Record<FieldName, string>> = {};

  if (raw.apiVersion !== 'v1' && raw.apiVersion !== 'v2') errors.apiVersion = 'Choose v1 or v2.';
  const units: Units | null = raw.units === 'GB' || raw.units === 'GiB' ? raw.units : null;
  if (units === null) errors.units = 'Choose GB or GiB.';

  const zone = raw.apiTimeZone.trim();
  if (zone === '') errors.apiTimeZone = 'Enter a time zone, e.g. UTC or Europe/Berlin.';
  else if (!isValidTimeZone(zone)) errors.apiTimeZone = `"${zone}" is not a known time zone; try UTC or a name like Europe/Berlin.`;

  let poll: number | null = null;
  if (!INTEGER.test(raw.pollIntervalMinutes)) errors.pollIntervalMinutes = 'Enter a whole number of minutes from 1 to 60.';
  else {
    poll = Number(raw.pollIntervalMinutes);
    if (poll < 1 || poll > 60) errors.pollIntervalMinutes = 'Enter a whole number of minutes from 1 to 60.';
  }

  const perUnit = unitBytes(units ?? 'GB');
  const unitName = units ?? 'GB';
  const daily = optionalNumber(raw.dailyThreshold, 0, 1e6, false, `The daily threshold (${unitName})`);
  const pct = optionalNumber(raw.leftBelowPercent, 0, 100, false, 'The percent left');
  const leftBytes = optionalNumber(raw.leftBelowBytes, 0, 1e6, false, `The amount left (${unitName})`);
  const days = optionalNumber(raw.expiresWithinDays, 0, 365, true, 'The number of days');
  if (typeof daily === 'string') errors.dailyThreshold = daily;
  if (typeof pct === 'string') errors.leftBelowPercent = pct;
  if (typeof leftBytes === 'string') errors.leftBelowBytes = leftBytes;
  if (typeof days === 'string') errors.expiresWithinDays = days;

  if (Object.keys(errors).length > 0 || units === null || poll === null) return { ok: false, errors };
  const asBytes = (v: number | null | string): number | null => (typeof v === 'number' ? Math.round(v * perUnit) : null);
  return {
    ok: true,
    patch: {
      apiVersion: raw.apiVersion as 'v1' | 'v2',
      apiTimeZone: zone,
      pollIntervalMinutes: poll,
      units,
      notificationsEnabled: raw.notificationsEnabled,
      launchAtLogin: raw.launchAtLogin,
      alerts: {
        dailyThresholdBytes: asBytes(daily),
        leftBelowPercent: typeof pct === 'number' ? pct : null,
        leftBelowBytes: asBytes(leftBytes),
        expiresWithinDays: typeof days === 'number' ? days : null,
        renewed: raw.renewed,
      },
    },
  };
}

const PATH_TO_FIELD: Record<string, FieldName> = {
  apiVersion: 'apiVersion',
  apiTimeZone: 'apiTimeZone',
  pollIntervalMinutes: 'pollIntervalMinutes',
  units: 'units',
  dailyThresholdBytes: 'dailyThreshold',
  leftBelowPercent: 'leftBelowPercent',
  leftBelowBytes: 'leftBelowBytes',
  expiresWithinDays: 'expiresWithinDays',
  renewed: 'renewed',
  notificationsEnabled: 'notificationsEnabled',
  launchAtLogin: 'launchAtLogin',
};

/** The form field a path from main names ("alerts.leftBelowBytes", "pollIntervalMinutes"), if any. */
export function fieldForPath(path: string): FieldName | null {
  const last = path.split(/[./]/).filter((s) => s !== '').pop() ?? '';
  return PATH_TO_FIELD[last] ?? null;
}
