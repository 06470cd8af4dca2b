// settings.json contents that the CLI and the app must read alike (issue 8): each is written to a
// real file, read by the CLI (test/cli.test.ts) and by the built app through the stand-in with the
// real electron-store (test/electron-main-standin.test.ts), and both must reach this outcome.
import { SETTINGS_LIMITS, type LimitedSetting } from '../../src/shared/limits.js';
import type { FieldName, RawSettings } from '../../src/renderer/settings-validate.js';

const DEEP = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

export interface SettingsCase {
  name: string;
  text: string;
  /** The units the settings end with (GiB only if the file was read). */
  units: 'GB' | 'GiB';
  /** The problem reported; null: none. */
  problem: RegExp | null;
  /** Whether the file is moved aside as settings.json.corrupt-<stamp>, holding exactly `text`. */
  movedAside: boolean;
}

export const SETTINGS_CASES: readonly SettingsCase[] = [
  { name: 'a UTF-8 BOM', text: `\uFEFF${JSON.stringify({ version: 1, units: 'GiB' })}`, units: 'GiB', problem: null, movedAside: false },
  { name: 'null', text: 'null', units: 'GB', problem: /settings\.json could not be read \(it holds null, not a JSON object\); it was moved to .+\.corrupt-.+ and default settings are used\./, movedAside: true },
  { name: '[]', text: '[]', units: 'GB', problem: /settings\.json could not be read \(it holds \[\], not a JSON object\); it was moved to/, movedAside: true },
  { name: '["GiB"]', text: '["GiB"]', units: 'GB', problem: /settings\.json could not be read \(it holds \["GiB"\], not a JSON object\); it was moved to/, movedAside: true },
  { name: '42', text: '42', units: 'GB', problem: /settings\.json could not be read \(it holds 42, not a JSON object\); it was moved to/, movedAside: true },
  {
    name: 'nesting 20 000 levels deep',
    text: `{"units":"GiB","alerts":{"renewed":${DEEP}}}`,
    units: 'GB',
    problem: /settings\.json could not be read \(it is nested more than 32 levels deep\); it was moved to/,
    movedAside: true,
  },
];

// Out-of-range values, one table over SETTINGS_LIMITS: the window's form, the CLI's reader and
// electron-store's JSON schema must each refuse every one (test/settings-limits.test.ts).

export interface LimitCase {
  setting: LimitedSetting;
  /** Where it sits in settings.json: ['alerts', 'leftBelowBytes'], say. */
  path: readonly string[];
  /** The value as stored (bytes for byte thresholds). */
  value: number;
  /** The form's field and what is typed there (in GB for byte thresholds); null: not on the form. */
  form: { field: FieldName; text: string } | null;
}

const FORM_FIELD: Record<LimitedSetting, FieldName | null> = {
  pollIntervalMinutes: 'pollIntervalMinutes',
  requestTimeoutSeconds: null, // set in the file or by the CLI only
  leftBelowPercent: 'leftBelowPercent',
  expiresWithinDays: 'expiresWithinDays',
  dailyThresholdBytes: 'dailyThreshold',
  leftBelowBytes: 'leftBelowBytes',
  paceDaysBeforeExpiry: 'paceDaysBeforeExpiry',
  renewalShortWithinDays: 'renewalShortWithinDays',
  spikeFactor: 'spikeFactor',
  spikeFloorBytes: 'spikeFloor',
};

const ALERT_SETTINGS: readonly LimitedSetting[] = ['leftBelowPercent', 'expiresWithinDays', 'dailyThresholdBytes', 'leftBelowBytes', 'paceDaysBeforeExpiry', 'renewalShortWithinDays', 'spikeFactor', 'spikeFloorBytes'];

export const LIMIT_CASES: readonly LimitCase[] = (Object.keys(SETTINGS_LIMITS) as LimitedSetting[]).flatMap((setting) => {
  const limit = SETTINGS_LIMITS[setting];
  const bytes = setting.endsWith('Bytes');
  const field = FORM_FIELD[setting];
  const path = ALERT_SETTINGS.includes(setting) ? ['alerts', setting] : [setting];
  // Just past each end; for whole numbers also a fraction inside the range.
  const values = [limit.min - 1, bytes ? limit.max + 1 : limit.max + 0.5];
  if (limit.whole && !bytes) values.push(limit.min + 0.5);
  return values.map((value) => ({
    setting,
    path,
    value,
    form: field === null ? null : { field, text: bytes ? String(value / 1e9) : String(value) },
  }));
});

/** The settings form filled with the defaults, as its fields hold them (GB units). */
export const GOOD_FORM: RawSettings = {
  apiVersion: 'v1',
  apiTimeZone: 'UTC',
  pollIntervalMinutes: '5',
  units: 'GB',
  dailyThreshold: '',
  leftBelowPercent: '10',
  leftBelowBytes: '1',
  expiresWithinDays: '3',
  renewed: true,
  paceDaysBeforeExpiry: '1',
  renewalShortWithinDays: '3',
  spikeFactor: '5',
  spikeFloor: '0.2',
  notificationsEnabled: true,
  launchAtLogin: false,
  trayFigure: 'today',
  trayStyle: 'auto',
  trayPackage: '',
};
