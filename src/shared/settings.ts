// The settings: one schema (zod/mini, small enough for the window's bundle) for the app's
// electron-store (a JSON schema derived from it), the CLI's reader, main's checks of a change and
// the window's form. Each field's error is the rule in the words shown to the user ("must be ..."),
// so whoever reports a refused field says the same thing. Versioned by hand: electron-store's
// migrations are documented as unsupported.
import * as z from 'zod/mini';
import { isValidTimeZone } from './time-zone.js';
import { SETTINGS_LIMITS, type Limit } from './limits.js';

export const SETTINGS_VERSION = 1;

/** What the file's rule adds for a setting that can be off; the form says "empty" instead. */
export const OR_OFF = ', or null for off';

/**
 * The rule a limited number broke, as a "must ..." clause. A whole number and its range are one
 * rule; a byte threshold counts whole bytes above 0, so -5 (in any unit) "must be more than 0".
 */
export function numberRule(limit: Limit, bytes: boolean, input: unknown): string {
  if (!bytes) return `must be ${limit.whole ? 'a whole number' : 'a number'} from ${limit.min} to ${limit.max}`;
  if (typeof input !== 'number' || Number.isNaN(input)) return 'must be a number more than 0';
  if (input < limit.min) return 'must be more than 0';
  if (input > limit.max) return `must be at most ${limit.max} bytes`;
  return 'must be a whole number of bytes';
}

function limited(limit: Limit, bytes: boolean, suffix = '') {
  const error = (issue: { input?: unknown }): string => `${numberRule(limit, bytes, issue.input)}${suffix}`;
  const base = limit.whole ? z.int({ error }) : z.number({ error });
  return base.check(z.gte(limit.min, { error }), z.lte(limit.max, { error }));
}

const number = (limit: Limit) => limited(limit, false);
const numberOrOff = (limit: Limit) => z.nullable(limited(limit, false, OR_OFF));
const bytesOrOff = (limit: Limit) => z.nullable(limited(limit, true, OR_OFF));
const bytes = (limit: Limit) => limited(limit, true);
const flag = () => z.boolean({ error: 'must be true or false' });
const ZONE_RULE = 'must be a known IANA time zone (e.g. UTC, Europe/Berlin)';

/** Today's use; what is left; the share left; the days left at the current pace (Forecast). */
export const TRAY_FIGURES = ['today', 'left', 'percent-left', 'days-left'] as const;
export type TrayFigure = (typeof TRAY_FIGURES)[number];
export const TRAY_STYLES = ['auto', 'colour', 'monochrome'] as const;
export type TrayStyleSetting = (typeof TRAY_STYLES)[number];

export const ALERTS_RULE = 'must be an object of alert settings';

/** A package as settings name it: PackageView.id, "<account id>/main" or "<account id>/<package key>". */
const PACKAGE_ID = /^[a-z0-9-]{1,32}\/[A-Za-z0-9._-]{1,128}$/;
export const PACKAGE_ID_RULE = 'must be a package id ("<account>/<package>", e.g. "main/main")';
/** Whether `id` is a package id as settings name packages. */
export function isPackageId(id: string): boolean {
  return PACKAGE_ID.test(id);
}
export const TRAY_PACKAGE_RULE = 'must be a package id ("<account>/<package>", e.g. "main/main"), or null for the total of all packages';

export const alertSettingsSchema = z.object(
  {
    /** Notify when today's use goes above this many bytes; null = off. */
    dailyThresholdBytes: bytesOrOff(SETTINGS_LIMITS.dailyThresholdBytes),
    /** Notify when traffic left falls below this percent of the limit; null = off. */
    leftBelowPercent: numberOrOff(SETTINGS_LIMITS.leftBelowPercent),
    /** Notify when traffic left falls below this many bytes; null = off. */
    leftBelowBytes: bytesOrOff(SETTINGS_LIMITS.leftBelowBytes),
    /** Notify when the package expires within this many days; null = off. */
    expiresWithinDays: numberOrOff(SETTINGS_LIMITS.expiresWithinDays),
    /** Notify when the package is renewed or topped up. */
    renewed: flag(),
    /** Notify when the forecast run-out falls more than this many days before the expiry; null = off. */
    paceDaysBeforeExpiry: numberOrOff(SETTINGS_LIMITS.paceDaysBeforeExpiry),
    /** Notify this many days before an auto-renewal the balance cannot pay; null = off. */
    renewalShortWithinDays: numberOrOff(SETTINGS_LIMITS.renewalShortWithinDays),
    /** Notify when one list's hour is above this many times its median hour of the last 7 days; null = off. */
    spikeFactor: numberOrOff(SETTINGS_LIMITS.spikeFactor),
    /** ...and above this many bytes (the only bar for a list whose median hour is 0). Not optional: without it an idle list's first busy hour would count. */
    spikeFloorBytes: bytes(SETTINGS_LIMITS.spikeFloorBytes),
  },
  { error: ALERTS_RULE },
);

export const PACKAGE_SETTINGS_RULE = 'must be an object of the package\'s own settings ("alerts", "notificationsEnabled")';
/** How many packages may have settings of their own (20 accounts, each a reseller's main and sub-packages). */
export const MAX_PACKAGE_SETTINGS = 2000;

/**
 * One package's own settings, over the shared ones: any alert field (the rest are the shared
 * alerts), and notifications off for it alone. The total and every package without an entry use
 * the shared settings. Read by packageSettings (shared/package-settings.ts), nowhere else.
 */
export const packageSettingsSchema = z.object(
  {
    alerts: z.optional(z.partial(alertSettingsSchema)),
    /** false: no notification for this package (its alert state still moves on). */
    notificationsEnabled: z.optional(flag()),
  },
  { error: PACKAGE_SETTINGS_RULE },
);

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION, { error: `must be ${SETTINGS_VERSION}` }),
  apiVersion: z.enum(['v1', 'v2'], { error: 'must be "v1" or "v2"' }),
  /** Timezone of the API's hour keys and expiry stamps (undocumented by the API; UTC likeliest). */
  apiTimeZone: z.string({ error: ZONE_RULE }).check(z.minLength(1, { error: ZONE_RULE }), z.refine(isValidTimeZone, { error: ZONE_RULE })),
  pollIntervalMinutes: number(SETTINGS_LIMITS.pollIntervalMinutes),
  requestTimeoutSeconds: number(SETTINGS_LIMITS.requestTimeoutSeconds),
  units: z.enum(['GB', 'GiB'], { error: 'must be "GB" or "GiB"' }),
  notificationsEnabled: flag(),
  launchAtLogin: flag(),
  /** What the tray icon's figure (24 px and up) and the macOS title show. */
  trayFigure: z.enum(TRAY_FIGURES, { error: 'must be "today", "left", "percent-left" or "days-left"' }),
  /**
   * The tray icon's look on Windows and Linux ('auto': monochrome where the panel's own icons are,
   * Linux and Windows 11; colour on older Windows). macOS always gets a template image.
   */
  trayStyle: z.enum(TRAY_STYLES, { error: 'must be "auto", "colour" or "monochrome"' }),
  /**
   * With several packages, the one the tray shows (PackageView.id); null = the total of all. A
   * package that is gone falls back to the total (the tray's menu says so).
   */
  trayPackage: z.nullable(z.string({ error: TRAY_PACKAGE_RULE }).check(z.regex(PACKAGE_ID, { error: TRAY_PACKAGE_RULE }))),
  alerts: alertSettingsSchema,
  /** Packages with settings of their own, by PackageView.id. */
  packages: z.record(z.string().check(z.regex(PACKAGE_ID, { error: PACKAGE_ID_RULE })), packageSettingsSchema),
});

export type AppSettings = z.infer<typeof settingsSchema>;
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export type PackageSettings = z.infer<typeof packageSettingsSchema>;

/**
 * What the settings form sends: any subset, alerts merged field by field; `packages` by package,
 * each entry replacing that package's own settings whole (null: it has none, the shared ones apply).
 */
export type SettingsPatch = Partial<Omit<AppSettings, 'version' | 'alerts' | 'packages'>> & {
  alerts?: Partial<AlertSettings>;
  packages?: Record<string, PackageSettings | null>;
};

export const defaultSettings: AppSettings = {
  version: SETTINGS_VERSION,
  apiVersion: 'v1',
  apiTimeZone: 'UTC',
  pollIntervalMinutes: 5,
  requestTimeoutSeconds: 20,
  units: 'GB',
  notificationsEnabled: true,
  launchAtLogin: false,
  trayFigure: 'today',
  trayStyle: 'auto',
  trayPackage: null,
  alerts: {
    dailyThresholdBytes: null,
    leftBelowPercent: 10,
    leftBelowBytes: 1_000_000_000,
    expiresWithinDays: 3,
    renewed: true,
    paceDaysBeforeExpiry: 1,
    renewalShortWithinDays: 3,
    spikeFactor: 5,
    spikeFloorBytes: 200_000_000,
  },
  packages: {},
};
