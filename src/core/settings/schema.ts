// The core's name for the settings schema, which lives in src/shared/settings.ts so the window's
// form checks with the same rules and limits.
export {
  ALERTS_RULE,
  SETTINGS_VERSION,
  alertSettingsSchema,
  defaultSettings,
  isPackageId,
  MAX_PACKAGE_SETTINGS,
  PACKAGE_ID_RULE,
  PACKAGE_SETTINGS_RULE,
  packageSettingsSchema,
  settingsSchema,
  type PackageSettings,
  type AlertSettings,
  type AppSettings as Settings,
} from '../../shared/settings.js';
export { isValidTimeZone } from '../../shared/time-zone.js';
