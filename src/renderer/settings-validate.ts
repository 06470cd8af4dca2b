// Reads the settings form's raw values into a SettingsPatch, with a message per bad field. What is
// accepted is the settings schema's call (src/shared/settings.ts), so the form and main cannot
// disagree; the wording is the form's, next to each field. Main validates again; its word is final. Pure.
import { alertSettingsSchema, settingsSchema, type SettingsPatch } from '../shared/settings.js';
import { SETTINGS_LIMITS, type Limit } from '../shared/limits.js';
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
  | 'launchAtLogin'
  | 'trayFigure'
  | 'trayStyle';

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
  'trayFigure',
  'trayStyle',
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
  /** The tray's figure and icon style (selects; left out, they are not changed). */
  trayFigure?: string;
  trayStyle?: string;
}

export type FormCheck =
  | { ok: true; patch: SettingsPatch }
  | { ok: false; errors: Partial<Record<FieldName, string>> };


const NUMBER = /^\s*\d+(\.\d+)?\s*$/;
const INTEGER = /^\s*\d+\s*$/;

const top = settingsSchema.shape;
const alertRules = alertSettingsSchema.shape;
const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown): boolean => schema.safeParse(value).success;

/**
 * Empty = off (null); otherwise a number the settings schema accepts for the field, once `toValue`
 * turned it into what is stored (bytes from GB, say). `limit` words the range in the form's units.
 */
function optionalNumber(
  raw: string,
  field: { schema: { safeParse(v: unknown): { success: boolean } }; limit: Limit; what: string },
  perUnit = 1,
): number | null | string {
  const { schema, limit, what } = field;
  if (raw.trim() === '') return null;
  const whole = limit.whole && perUnit === 1;
  if (!(whole ? INTEGER : NUMBER).test(raw)) {
    return whole ? `${what} must be a whole number (or empty for off).` : `${what} must be a number (or empty for off).`;
  }
  const n = Number(raw);
  if (!accepts(schema, perUnit === 1 ? n : Math.round(n * perUnit))) {
    return `${what} must be between ${Math.ceil(limit.min / perUnit)} and ${Math.floor(limit.max / perUnit)}.`;
  }
  return n;
}

export function checkSettingsForm(raw: RawSettings): FormCheck {
  const errors: Partial<Record<FieldName, string>> = {};

  if (!accepts(top.apiVersion, raw.apiVersion)) errors.apiVersion = 'Choose v1 or v2.';
  const units: Units | null = accepts(top.units, raw.units) ? (raw.units as Units) : null;
  if (units === null) errors.units = 'Choose GB or GiB.';

  const zone = raw.apiTimeZone.trim();
  if (zone === '') errors.apiTimeZone = 'Enter a time zone, e.g. UTC or Europe/Berlin.';
  else if (!accepts(top.apiTimeZone, zone)) errors.apiTimeZone = `"${zone}" is not a known time zone; try UTC or a name like Europe/Berlin.`;

  const pollLimit = SETTINGS_LIMITS.pollIntervalMinutes;
  const poll = INTEGER.test(raw.pollIntervalMinutes) ? Number(raw.pollIntervalMinutes) : null;
  if (poll === null || !accepts(top.pollIntervalMinutes, poll)) {
    errors.pollIntervalMinutes = `Enter a whole number of minutes from ${pollLimit.min} to ${pollLimit.max}.`;
  }

  const perUnit = unitBytes(units ?? 'GB');
  const unitName = units ?? 'GB';
  const daily = optionalNumber(
    raw.dailyThreshold,
    { schema: alertRules.dailyThresholdBytes, limit: SETTINGS_LIMITS.dailyThresholdBytes, what: `The daily threshold (${unitName})` },
    perUnit,
  );
  const pct = optionalNumber(raw.leftBelowPercent, { schema: alertRules.leftBelowPercent, limit: SETTINGS_LIMITS.leftBelowPercent, what: 'The percent left' });
  const leftBytes = optionalNumber(
    raw.leftBelowBytes,
    { schema: alertRules.leftBelowBytes, limit: SETTINGS_LIMITS.leftBelowBytes, what: `The amount left (${unitName})` },
    perUnit,
  );
  const days = optionalNumber(raw.expiresWithinDays, { schema: alertRules.expiresWithinDays, limit: SETTINGS_LIMITS.expiresWithinDays, what: 'The number of days' });
  if (typeof daily === 'string') errors.dailyThreshold = daily;
  if (typeof pct === 'string') errors.leftBelowPercent = pct;
  if (typeof leftBytes === 'string') errors.leftBelowBytes = leftBytes;
  if (typeof days === 'string') errors.expiresWithinDays = days;

  // The tray's two choices: whatever the schema's lists hold (a select offers nothing else).
  const tray: Pick<SettingsPatch, 'trayFigure' | 'trayStyle'> = {};
  if (raw.trayFigure !== undefined) {
    if (accepts(top.trayFigure, raw.trayFigure)) tray.trayFigure = raw.trayFigure as NonNullable<SettingsPatch['trayFigure']>;
    else errors.trayFigure = 'Choose what the tray shows.';
  }
  if (raw.trayStyle !== undefined) {
    if (accepts(top.trayStyle, raw.trayStyle)) tray.trayStyle = raw.trayStyle as NonNullable<SettingsPatch['trayStyle']>;
    else errors.trayStyle = 'Choose a tray icon style.';
  }

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
      ...tray,
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
  trayFigure: 'trayFigure',
  trayStyle: 'trayStyle',
};

/** The form field a path from main names ("alerts.leftBelowBytes", "pollIntervalMinutes"), if any. */
export function fieldForPath(path: string): FieldName | null {
  const last = path.split(/[./]/).filter((s) => s !== '').pop() ?? '';
  return PATH_TO_FIELD[last] ?? null;
}
