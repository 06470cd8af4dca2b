// The settings one package goes by: the shared ones, with its own entry (settings.packages) over
// them. The one place that merges them: alerts, notifications and every quota colour (tray, window,
// CLI) ask here, so a package's "low" is the same everywhere. Pure.
import type { AlertSettings, AppSettings, SettingsPatch } from './settings.js';
import type { LowThresholds } from './quota.js';

export interface EffectiveSettings {
  alerts: AlertSettings;
  notificationsEnabled: boolean;
  /** Whether the package has settings of its own (any field). */
  own: boolean;
}

type Shared = Pick<AppSettings, 'alerts' | 'notificationsEnabled' | 'packages'>;

/** The settings of the package `id` (PackageView.id); null (the total, or no package yet): the shared ones. */
export function packageSettings(settings: Shared, id: string | null): EffectiveSettings {
  const entry = id === null || !Object.hasOwn(settings.packages, id) ? undefined : settings.packages[id];
  if (entry === undefined) return { alerts: settings.alerts, notificationsEnabled: settings.notificationsEnabled, own: false };
  const alerts = { ...settings.alerts };
  for (const [field, value] of Object.entries(entry.alerts ?? {})) {
    // An optional field given as undefined (never in a file) leaves the shared value.
    if (value !== undefined) (alerts as Record<string, unknown>)[field] = value;
  }
  return {
    alerts,
    // Off for all stays off: a package's own setting can only silence it.
    notificationsEnabled: settings.notificationsEnabled && entry.notificationsEnabled !== false,
    own: Object.keys(entry.alerts ?? {}).length > 0 || entry.notificationsEnabled !== undefined,
  };
}

/** The "traffic left" thresholds below which the package `id` is low. */
export function lowThresholdsOf(settings: Shared, id: string | null): LowThresholds {
  const { leftBelowPercent, leftBelowBytes } = packageSettings(settings, id).alerts;
  return { leftBelowPercent, leftBelowBytes };
}

/** The change that forgets every setting of an account's packages (it was removed); null when it had none. */
export function withoutAccountSettings(packages: AppSettings['packages'], accountId: string): SettingsPatch | null {
  const gone = Object.keys(packages).filter((id) => id.startsWith(`${accountId}/`));
  return gone.length === 0 ? null : { packages: Object.fromEntries(gone.map((id) => [id, null])) };
}
