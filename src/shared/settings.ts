// The settings as plain data, visible to the renderer. The runtime schema (zod) lives in main
// (src/core/settings/schema.ts) and is checked against this type at compile time.

export interface AlertSettings {
  /** Notify when today's use goes above this many bytes; null = off. */
  dailyThresholdBytes: number | null;
  /** Notify when traffic left falls below this percent of the limit; null = off. */
  leftBelowPercent: number | null;
  /** Notify when traffic left falls below this many bytes; null = off. */
  leftBelowBytes: number | null;
  /** Notify when the package expires within this many days; null = off. */
  expiresWithinDays: number | null;
  /** Notify when the package is renewed or topped up. */
  renewed: boolean;
}

export interface AppSettings {
  version: 1;
  apiVersion: 'v1' | 'v2';
  /** Timezone of the API's hour keys and expiry stamps (undocumented by the API; UTC likeliest). */
  apiTimeZone: string;
  pollIntervalMinutes: number;
  requestTimeoutSeconds: number;
  units: 'GB' | 'GiB';
  notificationsEnabled: boolean;
  launchAtLogin: boolean;
  alerts: AlertSettings;
}

/** What the settings form sends: any subset, alerts merged field by field. */
export type SettingsPatch = Partial<Omit<AppSettings, 'version' | 'alerts'>> & { alerts?: Partial<AlertSettings> };
