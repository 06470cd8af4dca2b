// The limits the settings and the history keep, in one table: the settings schema (and the JSON
// schema electron-store gets from it), the CLI's reader and the window's form all read them here.

/** A number a setting accepts: from `min` to `max`, whole or not. */
export interface Limit {
  readonly min: number;
  readonly max: number;
  readonly whole: boolean;
}

export const SETTINGS_LIMITS = {
  pollIntervalMinutes: { min: 1, max: 60, whole: true },
  requestTimeoutSeconds: { min: 1, max: 120, whole: true },
  leftBelowPercent: { min: 0, max: 100, whole: false },
  expiresWithinDays: { min: 0, max: 365, whole: true },
  // Byte thresholds: any whole number of bytes above 0 JSON can carry exactly (zod's int() bound);
  // a threshold of nothing is no threshold (null, the empty field, turns an alert off).
  dailyThresholdBytes: { min: 1, max: Number.MAX_SAFE_INTEGER, whole: true },
  leftBelowBytes: { min: 1, max: Number.MAX_SAFE_INTEGER, whole: true },
  // Pace alert: how many days before the expiry a forecast run-out must fall.
  paceDaysBeforeExpiry: { min: 0, max: 365, whole: true },
  // Renewal alert: how many days before an auto-renewal the balance cannot pay.
  renewalShortWithinDays: { min: 0, max: 365, whole: true },
  // Spike alert: an hour above this many times the list's median hour, and above the floor (which
  // cannot be off: an idle list's first busy hour would be a spike).
  spikeFactor: { min: 1, max: 1000, whole: false },
  spikeFloorBytes: { min: 1, max: Number.MAX_SAFE_INTEGER, whole: true },
} as const satisfies Record<string, Limit>;

export type LimitedSetting = keyof typeof SETTINGS_LIMITS;

/** Days of history kept (and so the longest range the window, the CLI and the series may ask for). */
export const HISTORY_DAYS = 400;
