// The settings form's fields, one entry each: where the value is stored, how its text is read, and
// the name its messages use. What is accepted, and the words of every refusal, are the settings
// schema's (src/shared/settings.ts), so the form, the CLI and electron-store cannot disagree; the
// form only puts the field's name in front ("The check interval must be a whole number from 1 to
// 60."). Byte thresholds are stored in bytes and shown in the chosen unit. Main validates again;
// its word is final. Pure.
import { OR_OFF, alertSettingsSchema, settingsSchema, type AlertSettings, type AppSettings, type PackageSettings, type SettingsPatch } from '../shared/settings.js';
import { bytesToUnitField, formatBytes, unitBytes, type Units } from '../shared/bytes.js';

type TopKey = Exclude<keyof AppSettings, 'version' | 'alerts'>;
type AlertKey = keyof AlertSettings;

/**
 * How a field's text becomes a value: a choice or zone as typed, a number, bytes (a number in the
 * chosen unit), or a checkbox.
 */
export type FieldKind = 'choice' | 'zone' | 'number' | 'bytes' | 'flag';

export interface FieldSpec {
  /** Its control is `#set-<name>` (the radio group `[name=<name>]` for a choice of radios), its message `#err-<name>`. */
  readonly name: string;
  readonly kind: FieldKind;
  /** Where it is stored: a top-level setting or one of the alerts. */
  readonly setting: { readonly top: TopKey } | { readonly alert: AlertKey };
  /** What the messages call it. */
  readonly what: string;
  /** Empty means off (null); for a choice, its empty option (the tray package's "total"). */
  readonly optional?: boolean;
}

/** Every field of the form, in the form's order. A new setting on the form is one entry here. */
export const FIELDS = [
  { name: 'apiVersion', kind: 'choice', setting: { top: 'apiVersion' }, what: 'The API version' },
  { name: 'apiTimeZone', kind: 'zone', setting: { top: 'apiTimeZone' }, what: 'The API time zone' },
  { name: 'pollIntervalMinutes', kind: 'number', setting: { top: 'pollIntervalMinutes' }, what: 'The check interval' },
  { name: 'units', kind: 'choice', setting: { top: 'units' }, what: 'The unit' },
  { name: 'dailyThreshold', kind: 'bytes', setting: { alert: 'dailyThresholdBytes' }, what: "Today's use", optional: true },
  { name: 'leftBelowPercent', kind: 'number', setting: { alert: 'leftBelowPercent' }, what: 'The percent left', optional: true },
  { name: 'leftBelowBytes', kind: 'bytes', setting: { alert: 'leftBelowBytes' }, what: 'The amount left', optional: true },
  { name: 'expiresWithinDays', kind: 'number', setting: { alert: 'expiresWithinDays' }, what: 'The number of days', optional: true },
  { name: 'renewed', kind: 'flag', setting: { alert: 'renewed' }, what: 'The renewal alert' },
  { name: 'paceDaysBeforeExpiry', kind: 'number', setting: { alert: 'paceDaysBeforeExpiry' }, what: 'The days before expiry', optional: true },
  { name: 'renewalShortWithinDays', kind: 'number', setting: { alert: 'renewalShortWithinDays' }, what: 'The days before an auto-renewal', optional: true },
  { name: 'spikeFactor', kind: 'number', setting: { alert: 'spikeFactor' }, what: 'The spike factor', optional: true },
  // The floor cannot be off: without it, a list idle all week would spike on its first busy hour.
  { name: 'spikeFloor', kind: 'bytes', setting: { alert: 'spikeFloorBytes' }, what: 'The spike floor' },
  { name: 'notificationsEnabled', kind: 'flag', setting: { top: 'notificationsEnabled' }, what: 'Show notifications' },
  { name: 'launchAtLogin', kind: 'flag', setting: { top: 'launchAtLogin' }, what: 'Launch at login' },
  { name: 'trayFigure', kind: 'choice', setting: { top: 'trayFigure' }, what: 'The tray figure' },
  { name: 'trayStyle', kind: 'choice', setting: { top: 'trayStyle' }, what: 'The tray icon style' },
  // Empty is the total of all packages (null), not "off".
  { name: 'trayPackage', kind: 'choice', setting: { top: 'trayPackage' }, what: 'The package in the tray', optional: true },
] as const satisfies readonly FieldSpec[];

export type FieldName = (typeof FIELDS)[number]['name'];
export const FIELD_NAMES: readonly FieldName[] = FIELDS.map((f) => f.name);

/** What a control holds: its text, or whether it is ticked. */
export type RawValue = string | boolean;
export type RawSettings = Record<FieldName, RawValue>;

export type FieldCheck = { ok: true; patch: SettingsPatch } | { ok: false; message: string };

export type FormCheck =
  | { ok: true; patch: SettingsPatch }
  | { ok: false; errors: Partial<Record<FieldName, string>> };

interface Parser {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

function schemaOf(spec: FieldSpec): Parser {
  return 'top' in spec.setting ? settingsSchema.shape[spec.setting.top] : alertSettingsSchema.shape[spec.setting.alert];
}

export function fieldSpec(name: FieldName): FieldSpec {
  const spec = FIELDS.find((f) => f.name === name);
  if (!spec) throw new Error(`no settings field ${name}`);
  return spec;
}

/** The value to store for the control's text (NaN for text that is no number: the schema words it). */
function valueOf(spec: FieldSpec, raw: RawValue, units: Units): unknown {
  if (spec.kind === 'flag') return raw === true;
  const text = String(raw).trim();
  if (text === '' && spec.optional) return null;
  if (spec.kind === 'choice' || spec.kind === 'zone') return text;
  if (text === '') return Number.NaN;
  const n = Number(text);
  return spec.kind === 'bytes' && Number.isFinite(n) ? Math.round(n * unitBytes(units)) : n;
}

export function patchFor(spec: FieldSpec, value: unknown): SettingsPatch {
  return 'top' in spec.setting ? ({ [spec.setting.top]: value } as SettingsPatch) : { alerts: { [spec.setting.alert]: value } };
}

/** One field's text checked against the schema: its patch, or its message. `units`: the unit shown. */
export function checkField(spec: FieldSpec, raw: RawValue, units: Units): FieldCheck {
  const value = valueOf(spec, raw, units);
  const result = schemaOf(spec).safeParse(value);
  if (result.success) return { ok: true, patch: patchFor(spec, value) };
  const rule = result.error.issues[0]?.message ?? 'is not valid';
  // The file's rule says "or null for off"; next to the field, the hint says empty is off.
  return { ok: false, message: `${spec.what} ${rule.endsWith(OR_OFF) ? rule.slice(0, -OR_OFF.length) : rule}.` };
}

/** What the control shows for the stored settings (bytes in `units`, off as empty). */
export function shownValue(spec: FieldSpec, settings: AppSettings, units: Units): RawValue {
  return shownOf(spec, 'top' in spec.setting ? settings[spec.setting.top] : settings.alerts[spec.setting.alert], units);
}

/** What the control shows for a stored value of the field. */
export function shownOf(spec: FieldSpec, v: unknown, units: Units): RawValue {
  if (spec.kind === 'flag') return v === true;
  if (v === null || v === undefined) return '';
  if (spec.kind === 'bytes' && typeof v === 'number') return bytesToUnitField(v, units);
  return String(v);
}

function merge(a: SettingsPatch, b: SettingsPatch): SettingsPatch {
  return { ...a, ...b, ...(a.alerts || b.alerts ? { alerts: { ...a.alerts, ...b.alerts } } : {}) };
}

/** Every field at once (the limits tests, and whoever wants the whole form's patch). */
export function checkSettingsForm(raw: RawSettings): FormCheck {
  const units: Units = raw.units === 'GiB' ? 'GiB' : 'GB';
  const errors: Partial<Record<FieldName, string>> = {};
  let patch: SettingsPatch = {};
  for (const spec of FIELDS) {
    const r = checkField(spec, raw[spec.name], units);
    if (r.ok) patch = merge(patch, r.patch);
    else errors[spec.name] = r.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}

/** The form field a path from main names ("alerts.leftBelowBytes", "pollIntervalMinutes"), if any. */
export function fieldForPath(path: string): FieldName | null {
  const last = path.split(/[./]/).filter((s) => s !== '').pop() ?? '';
  const spec = FIELDS.find((f: FieldSpec) => ('top' in f.setting ? f.setting.top : f.setting.alert) === last);
  return spec?.name ?? null;
}

/** An alert field: the part of the form a package may have values of its own for. */
export type AlertFieldSpec = (typeof FIELDS)[number] & { readonly setting: { readonly alert: AlertKey } };
export const ALERT_FIELDS: readonly AlertFieldSpec[] = FIELDS.filter((f): f is AlertFieldSpec => 'alert' in f.setting);

export type PackageFieldCheck = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * A package's own value for an alert field, from its text: undefined when empty (the shared value
 * applies), else the value the shared field would store, by the same rule and words. A flag's text
 * is 'true', 'false' or '' (its select: on, off, shared).
 */
/** What a package's field says to turn its alert off for that package alone. */
export const PACKAGE_OFF = 'off';

export function checkPackageField(spec: AlertFieldSpec, raw: RawValue, units: Units): PackageFieldCheck {
  if (typeof raw === 'string' && raw.trim() === '') return { ok: true, value: undefined };
  // "off": this alert off for this package alone (empty would mean "as shared").
  if (typeof raw === 'string' && 'optional' in spec && spec.optional && raw.trim().toLowerCase() === PACKAGE_OFF) return { ok: true, value: null };
  const check = checkField(spec, spec.kind === 'flag' ? raw === true || raw === 'true' : raw, units);
  if (!check.ok) return check;
  return { ok: true, value: check.patch.alerts?.[spec.setting.alert] };
}

/** The package's entry with one alert field set (undefined: back to the shared value); null once nothing of its own is left. */
export function entryWith(entry: PackageSettings | undefined, field: AlertKey, value: unknown): PackageSettings | null {
  const alerts: Record<string, unknown> = { ...entry?.alerts };
  if (value === undefined) delete alerts[field];
  else alerts[field] = value;
  return entryOf(Object.keys(alerts).length > 0 ? (alerts as PackageSettings['alerts']) : undefined, entry?.notificationsEnabled);
}

/** The package's entry with its notifications on (as shared: no entry of its own) or off. */
export function entryWithNotifications(entry: PackageSettings | undefined, on: boolean): PackageSettings | null {
  return entryOf(entry?.alerts, on ? undefined : false);
}

function entryOf(alerts: PackageSettings['alerts'], notificationsEnabled: boolean | undefined): PackageSettings | null {
  if (alerts === undefined && notificationsEnabled === undefined) return null;
  return { ...(alerts === undefined ? {} : { alerts }), ...(notificationsEnabled === undefined ? {} : { notificationsEnabled }) };
}

/** A stored alert value in words, for the "Shared: 1.00 GB" hints ("off" for null). */
export function alertWords(spec: AlertFieldSpec, v: unknown, units: Units): string {
  if (v === null || v === undefined) return 'off';
  if (spec.kind === 'flag') return v === true ? 'on' : 'off';
  if (spec.kind === 'bytes' && typeof v === 'number') return formatBytes(v, units);
  return String(v);
}
