// Settings on disk: `<dataDir>/settings.json`, a plain JSON object of the Settings shape, so the
// app's electron-store (`new Store({ cwd: dataDir, name: 'settings' })`) and the CLI share it.
// Reading is tolerant (a bad field falls back to its default and is reported); changing is strict.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../ports.js';
import { asideClause, faultReason, loadJsonFile, parseJsonText, writeJsonFile, type Decoded } from '../fs/json-file.js';
import { ALERTS_RULE, alertSettingsSchema, defaultSettings, settingsSchema, SETTINGS_VERSION } from './schema.js';
import type { AlertSettings, Settings } from './schema.js';
import { isPackageId, MAX_PACKAGE_SETTINGS, PACKAGE_ID_RULE, PACKAGE_SETTINGS_RULE, packageSettingsSchema, type PackageSettings } from './schema.js';

const PACKAGES_RULE = 'must be an object of package ids and their own settings';
import { createKeyedSerial } from '../serial.js';
import { firstMessage, issueFields, type ErrorLike } from '../../shared/zod-issues.js';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsLoad {
  settings: Settings;
  /** What was wrong with the file and what was done about it, one sentence each. */
  problems: string[];
  /** Where an unreadable file was moved, or null. */
  movedTo: string | null;
  /**
   * Fields ("apiTimeZone", "alerts.renewed") whose default stands in only because the file's value
   * could not be used; every field when the whole file could not be read. Nothing may be done to
   * data on the strength of such a value (see history sync's zone fallback).
   */
  defaulted: string[];
}

/** A change to the settings was refused. `fields` maps each bad field ("alerts.renewed") to why. */
export class SettingsValidationError extends Error {
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    const parts = Object.entries(fields).map(([field, why]) => `${field} ${why}`);
    super(`Invalid settings: ${parts.join('; ')}.`);
    this.name = 'SettingsValidationError';
    this.fields = fields;
  }
}

type TopField = Exclude<keyof Settings, 'version' | 'alerts' | 'packages'>;
type AlertField = keyof AlertSettings;

const TOP_FIELDS = Object.keys(settingsSchema.shape).filter((k): k is TopField => k !== 'version' && k !== 'alerts' && k !== 'packages');

/** Every field that can fall back, as `defaulted` names them when the whole file is unusable. */
const ALL_FIELDS: readonly string[] = [...TOP_FIELDS, 'alerts', 'packages'];

/**
 * How deep a settings file may nest; it needs four (packages → a package → alerts → a field). Anything deeper is not a settings file,
 * and recursive walks of it (JSON.stringify in messages, structuredClone, zod) would overflow the stack.
 */
export const MAX_SETTINGS_DEPTH = 32;

/** electron-store's own bookkeeping key; not ours to report or keep. */
const STORE_INTERNAL_KEY = '__internal__';

/**
 * Migration steps: MIGRATIONS[n] turns a version-n object into version n+1. Version 0 is a file
 * from before settings were versioned; it has the v1 fields, so the step only stamps the version.
 */
const MIGRATIONS: Readonly<Record<number, (old: Record<string, unknown>) => Record<string, unknown>>> = {
  0: (old) => ({ ...old, version: 1 }),
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTopField(k: string): k is TopField {
  return k !== 'version' && k !== 'alerts' && k !== 'packages' && Object.hasOwn(settingsSchema.shape, k);
}

function isAlertField(k: string): k is AlertField {
  return Object.hasOwn(alertSettingsSchema.shape, k);
}

/** The rule a field's value broke, in the schema's words ("must be true or false"). */
function ruleBroken(schema: { safeParse(v: unknown): { success: boolean; error?: ErrorLike } }, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : firstMessage(result.error ?? { issues: [] });
}

/** Whether `root` nests objects or arrays more than `limit` levels deep. Iterative: depth is the danger. */
function deeperThan(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

function freshDefaults(): Settings {
  return structuredClone(defaultSettings);
}

function show(v: unknown): string {
  const text = v === undefined ? 'nothing' : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

interface Applied {
  settings: Settings;
  /** Bad field path → rule it broke, with the value found. */
  invalid: Array<{ path: string; rule: string; found: unknown }>;
  unknown: string[];
}

/**
 * Each valid known alert field of `value` over `target` (the shared alerts, or a package's own);
 * the rest collected under `at` ("alerts", "packages.<id>.alerts").
 */
function applyAlerts(target: Partial<Record<AlertField, unknown>>, value: unknown, at: string, applied: Pick<Applied, 'invalid' | 'unknown'>): void {
  if (!isPlainObject(value)) {
    applied.invalid.push({ path: at, rule: ALERTS_RULE, found: value });
    return;
  }
  for (const [sub, subValue] of Object.entries(value)) {
    if (subValue === undefined) continue;
    if (!isAlertField(sub)) {
      applied.unknown.push(`${at}.${sub}`);
      continue;
    }
    const rule = ruleBroken(alertSettingsSchema.shape[sub], subValue);
    if (rule === null) target[sub] = subValue;
    else applied.invalid.push({ path: `${at}.${sub}`, rule, found: subValue });
  }
}

/**
 * Each package's own settings over `packages`, entry by entry and field by field, as the shared
 * alerts are read: a bad field costs only itself (reading: the rest of that package's settings stay;
 * a change: it is refused, naming the field), an unknown one is reported (a newer version's). An
 * entry replaces that package's settings whole; `null`, or one left with nothing, removes it.
 */
function applyPackages(packages: Record<string, PackageSettings>, value: unknown, applied: Pick<Applied, 'invalid' | 'unknown'>): void {
  const { invalid, unknown } = applied;
  if (!isPlainObject(value)) {
    invalid.push({ path: 'packages', rule: PACKAGES_RULE, found: value });
    return;
  }
  for (const [id, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    const at = `packages.${id}`;
    if (!isPackageId(id)) {
      invalid.push({ path: at, rule: `is not a package: the key ${PACKAGE_ID_RULE}`, found: entry });
      continue;
    }
    if (entry === null) {
      delete packages[id];
      continue;
    }
    if (!isPlainObject(entry)) {
      invalid.push({ path: at, rule: PACKAGE_SETTINGS_RULE, found: entry });
      continue;
    }
    const own: PackageSettings = {};
    for (const [field, fieldValue] of Object.entries(entry)) {
      if (fieldValue === undefined) continue;
      if (field === 'notificationsEnabled') {
        const rule = ruleBroken(packageSettingsSchema.shape.notificationsEnabled, fieldValue);
        if (rule === null) own.notificationsEnabled = fieldValue as boolean;
        else invalid.push({ path: `${at}.${field}`, rule, found: fieldValue });
      } else if (field === 'alerts') {
        const alerts: Record<string, unknown> = {};
        applyAlerts(alerts, fieldValue, `${at}.alerts`, applied);
        if (Object.keys(alerts).length > 0) own.alerts = alerts as PackageSettings['alerts'];
      } else {
        unknown.push(`${at}.${field}`);
      }
    }
    // Nothing of its own left: the shared settings apply, with no entry to count.
    if (own.alerts === undefined && own.notificationsEnabled === undefined) {
      delete packages[id];
      continue;
    }
    if (Object.keys(packages).length >= MAX_PACKAGE_SETTINGS && !Object.hasOwn(packages, id)) {
      invalid.push({ path: at, rule: `is one package too many (at most ${MAX_PACKAGE_SETTINGS} have settings of their own)`, found: entry });
      continue;
    }
    packages[id] = own;
  }
}

/** Copy every valid known field of `input` over `base`; collect the rest. `undefined` means absent. */
function applyFields(base: Settings, input: Record<string, unknown>): Applied {
  const settings = structuredClone(base);
  const invalid: Applied['invalid'] = [];
  const unknown: string[] = [];
  const record = settings as Record<TopField, unknown>;

  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'version' || key === STORE_INTERNAL_KEY) continue;
    if (isTopField(key)) {
      const rule = ruleBroken(settingsSchema.shape[key], value);
      if (rule === null) record[key] = value;
      else invalid.push({ path: key, rule, found: value });
    } else if (key === 'packages') {
      applyPackages(settings.packages, value, { invalid, unknown });
    } else if (key === 'alerts') {
      applyAlerts(settings.alerts, value, 'alerts', { invalid, unknown });
    } else {
      unknown.push(key);
    }
  }
  return { settings, invalid, unknown };
}

function defaultAt(path: string): unknown {
  const [top, sub] = path.split('.');
  if (top === 'alerts') return sub === undefined ? defaultSettings.alerts : defaultSettings.alerts[sub as AlertField];
  if (top === 'packages') return defaultSettings.packages;
  return defaultSettings[top as TopField];
}

/** Bring an older object up to SETTINGS_VERSION; a newer or odd version is read as it is. */
function migrate(raw: Record<string, unknown>): { obj: Record<string, unknown>; problems: string[] } {
  const v = raw.version;
  if (v === undefined) return { obj: runMigrations(raw, 0), problems: [] };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    return { obj: raw, problems: [`version must be a whole number (found ${show(v)}); read as version ${SETTINGS_VERSION}.`] };
  }
  if (v > SETTINGS_VERSION) {
    return {
      obj: raw,
      problems: [
        `The settings were written by a newer version of the app (settings version ${v}; this one knows up to ${SETTINGS_VERSION}): settings it does not know are ignored and the rest use defaults where needed.`,
      ],
    };
  }
  return { obj: runMigrations(raw, v), problems: [] };
}

function runMigrations(obj: Record<string, unknown>, from: number): Record<string, unknown> {
  let current = obj;
  for (let v = from; v < SETTINGS_VERSION; v++) {
    const step = MIGRATIONS[v];
    // A gap is a bug in this file; reading the fields as they are is the best that can be done.
    if (step) current = step(current);
  }
  return current;
}

export function parseSettings(raw: unknown): { settings: Settings; problems: string[]; defaulted: string[] } {
  if (deeperThan(raw, MAX_SETTINGS_DEPTH)) {
    return { settings: freshDefaults(), problems: [`The settings are nested more than ${MAX_SETTINGS_DEPTH} levels deep; default settings are used.`], defaulted: [...ALL_FIELDS] };
  }
  if (!isPlainObject(raw)) {
    return { settings: freshDefaults(), problems: [`The settings are not a JSON object (found ${show(raw)}); default settings are used.`], defaulted: [...ALL_FIELDS] };
  }
  const { obj, problems } = migrate(raw);
  const applied = applyFields(freshDefaults(), obj);
  for (const bad of applied.invalid) {
    // A package's bad field costs only itself: the shared value applies to that package.
    const instead = bad.path.startsWith('packages.') ? 'the shared value applies to that package' : `the default ${show(defaultAt(bad.path))} is used`;
    problems.push(`${bad.path} ${bad.rule} (found ${show(bad.found)}); ${instead}.`);
  }
  if (applied.unknown.length > 0) {
    problems.push(`Unknown settings ignored: ${applied.unknown.join(', ')}.`);
  }
  return { settings: applied.settings, problems, defaulted: applied.invalid.map((bad) => bad.path) };
}

function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

function stamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/[:.]/g, '-');
}

export type SettingsText = Decoded<Record<string, unknown>>;

/** Parsed settings JSON that is a plain object no deeper than MAX_SETTINGS_DEPTH, or why not. */
function decodeSettingsValue(value: unknown): SettingsText {
  // Depth first: showing a deep value would itself overflow the stack.
  if (deeperThan(value, MAX_SETTINGS_DEPTH)) return { ok: false, reason: `it is nested more than ${MAX_SETTINGS_DEPTH} levels deep` };
  if (!isPlainObject(value)) return { ok: false, reason: `it holds ${show(value)}, not a JSON object` };
  return { ok: true, value };
}

/**
 * The one way the text of settings.json is decoded, by the CLI and by the app's electron-store alike
 * (fs/json-file's parse: a UTF-8 BOM is accepted): an empty file, text that is not JSON, JSON that
 * is not an object, and nesting deeper than MAX_SETTINGS_DEPTH are refused with the reason.
 */
export function decodeSettingsText(text: string): SettingsText {
  const parsed = parseJsonText(text);
  return parsed.ok ? decodeSettingsValue(parsed.value) : { ok: false, reason: faultReason(parsed.fault) };
}

/**
 * Read as fs/json-file reads every file: missing → defaults; a file that cannot be read or that
 * decodeSettingsText refuses is moved aside (nothing lost), defaults are used and it is reported.
 * Bad fields of a readable file are reported in `problems`, and the file is left as it is. Never
 * throws for the state of the file.
 */
export async function readSettings(dataDir: string, clock: Clock): Promise<SettingsLoad> {
  const loaded = await loadJsonFile<Record<string, unknown> | null>(settingsPath(dataDir), {
    decode: decodeSettingsValue,
    fallback: () => null,
    clock,
    describe: (fault, aside, path) => `${SETTINGS_FILE} could not be read (${faultReason(fault)}); ${asideClause(aside, path)} and default settings are used.`,
  });
  if (loaded.problem !== null) return { settings: freshDefaults(), problems: [loaded.problem], movedTo: loaded.movedTo, defaulted: [...ALL_FIELDS] };
  if (loaded.value === null) return { settings: freshDefaults(), problems: [], movedTo: null, defaulted: [] };
  return { ...parseSettings(loaded.value), movedTo: null };
}

/** Write the whole file atomically, after checking it against the schema. */
export async function writeSettings(dataDir: string, settings: Settings): Promise<void> {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) throw new SettingsValidationError(issueFields(parsed.error));
  await writeJsonFile(settingsPath(dataDir), parsed.data, { indent: 2 });
}

/**
 * Apply a partial change (from the UI or CLI) to `current`. Strict: any unknown or invalid field
 * refuses the whole change. `alerts` may be partial; `version` may only repeat the current one.
 */
export function validateSettingsPatch(current: Settings, patch: unknown): Settings {
  if (!isPlainObject(patch)) {
    throw new SettingsValidationError({ settings: 'must be an object of setting names and values' });
  }
  const fields: Record<string, string> = {};
  if (patch.version !== undefined && patch.version !== SETTINGS_VERSION) {
    fields.version = `cannot be changed (it is ${SETTINGS_VERSION})`;
  }
  const applied = applyFields(current, patch);
  for (const bad of applied.invalid) fields[bad.path] = bad.rule;
  for (const name of applied.unknown) fields[name] = 'is not a setting';
  if (patch[STORE_INTERNAL_KEY] !== undefined) fields[STORE_INTERNAL_KEY] = 'is not a setting';
  if (Object.keys(fields).length > 0) throw new SettingsValidationError(fields);

  // `current` came from outside too: check the whole result before anyone writes it.
  const whole = settingsSchema.safeParse(applied.settings);
  if (!whole.success) throw new SettingsValidationError(issueFields(whole.error));
  return whole.data;
}

// One change at a time per file within this process, so two quick changes cannot lose one.

/** Writes validated settings: writeSettings for the CLI, electron-store in the app. */
export type SettingsWriter = (dataDir: string, settings: Settings) => Promise<void>;

const oneAtATime = createKeyedSerial();

/**
 * Read, apply `patch` strictly, write. When the file on disk had problems (values about to be
 * replaced by defaults), a copy of it is kept beside it first, so nothing the user wrote is lost.
 */
export function updateSettings(dataDir: string, clock: Clock, patch: unknown, write: SettingsWriter = writeSettings): Promise<Settings> {
  const path = settingsPath(dataDir);
  return oneAtATime(path, async () => {
    const load = await readSettings(dataDir, clock);
    const next = validateSettingsPatch(load.settings, patch);
    if (load.problems.length > 0 && load.movedTo === null) {
      await copyFile(path, `${path}.before-repair-${stamp(clock())}`);
    }
    await write(dataDir, next);
    return next;
  });
}
