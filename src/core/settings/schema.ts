// The settings schema, shared by the app (electron-store) and the CLI (same file on disk).
// Versioned by hand: electron-store's migrations are documented as unsupported.
import { z } from 'zod';
import { isValidTimeZone } from '../../shared/time-zone.js';
import type { AlertSettings as SharedAlertSettings, AppSettings } from '../../shared/settings.js';

export const SETTINGS_VERSION = 1;

export { isValidTimeZone };

const timeZone = z.string().min(1).refine(isValidTimeZone, { message: 'not a known IANA time zone (e.g. UTC, Europe/Berlin)' });
const bytesOrNull = z.number().int().nonnegative().nullable();

export const alertSettingsSchema = z.object({
  /** Notify when today's use goes above this many bytes; null = off. */
  dailyThresholdBytes: bytesOrNull,
  /** Notify when traffic left falls below this percent of the limit; null = off. */
  leftBelowPercent: z.number().min(0).max(100).nullable(),
  /** Notify when traffic left falls below this many bytes; null = off. */
  leftBelowBytes: bytesOrNull,
  /** Notify when the package expires within this many days; null = off. */
  expiresWithinDays: z.number().int().min(0).max(365).nullable(),
  /** Notify when the package is renewed or topped up. */
  renewed: z.boolean(),
});

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  apiVersion: z.enum(['v1', 'v2']),
  /** Timezone of the API's hour keys and expiry stamps (undocumented by the API; UTC likeliest). */
  apiTimeZone: timeZone,
  pollIntervalMinutes: z.number().int().min(1).max(60),
  requestTimeoutSeconds: z.number().int().min(1).max(120),
  units: z.enum(['GB', 'GiB']),
  notificationsEnabled: z.boolean(),
  launchAtLogin: z.boolean(),
  alerts: alertSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

// The renderer sees settings through src/shared/settings.ts; both must describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const settingsMatchShared: Same<Settings, AppSettings> = true;
const alertsMatchShared: Same<AlertSettings, SharedAlertSettings> = true;
void settingsMatchShared;
void alertsMatchShared;

export const defaultSettings: Settings = {
  version: SETTINGS_VERSION,
  apiVersion: 'v1',
  apiTimeZone: 'UTC',
  pollIntervalMinutes: 5,
  requestTimeoutSeconds: 20,
  units: 'GB',
  notificationsEnabled: true,
  launchAtLogin: false,
  alerts: {
    dailyThresholdBytes: null,
    leftBelowPercent: 10,
    leftBelowBytes: 1_000_000_000,
    expiresWithinDays: 3,
    renewed: true,
  },
};
