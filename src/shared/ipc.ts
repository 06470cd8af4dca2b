// The one IPC contract between the renderer and main. Every channel maps to its request and
// response (or event payload) here; the preload's bridge, main's handler table and the renderer's
// calls are all typed from it, so a channel without a contract does not compile.
import type { AppSettings, SettingsPatch } from './settings.js';
import type { PackageInfo, Problem, Snapshot, StoredKey } from './types.js';
import type { PackageKind } from './accounts.js';

export type View = 'today' | 'package' | 'settings' | 'about';

/** The keychain's StoredKey, and where the key in use comes from. */
export interface KeyStatus extends StoredKey {
  /** PROXY_SELLER_API_KEY is set in the environment and wins over the keychain. */
  fromEnv: boolean;
  /** The keychain could not be reached (the message says why). */
  keychainError: string | null;
  /** It is there but locked (or its unlock prompt cannot open): unlocking is the remedy. */
  keychainLocked: boolean;
}

/** One package of one account, with its own figures. */
export interface PackageView {
  /** Names it in requests and settings: "<account id>/main" or "<account id>/<package key>" (shared/accounts.ts packageId). */
  id: string;
  accountId: string;
  /** '' for the unnamed account of PROXY_SELLER_API_KEY. */
  accountName: string;
  kind: PackageKind;
  /** Its own name: the user's, the API's, or "Main package" / "Sub-package 1a2b". */
  name: string;
  /** As every surface writes it: its name, after its account's when there are several ("Reseller · Client B"). */
  label: string;
  snapshot: Snapshot;
}

export interface AccountView {
  id: string;
  name: string;
  default: boolean;
  key: KeyStatus;
  /** The main package first, then its sub-packages. */
  packages: PackageView[];
  /** Its packages added up (core/sync/total.ts); null with a single package. */
  total: Snapshot | null;
}

/** Everything the window shows besides the chart, pushed on every change. Never holds the API key. */
export interface AppView {
  /** The default account's main package (what a single-account setup shows everywhere). */
  snapshot: Snapshot;
  /** The default account's key. */
  key: KeyStatus;
  /** Every account and its packages. */
  accounts: AccountView[];
  /** All packages added up (core/sync/total.ts); null with a single package. */
  total: Snapshot | null;
  settings: AppSettings;
  /** Paused by the user (the tray's Pause polling). */
  paused: boolean;
  online: boolean;
  syncing: boolean;
  /** When the next automatic check is due (wall clock, to the second); null while one runs, paused or stopped. */
  nextCheckAt: number | null;
  /** Running against the built-in fake API. */
  demo: boolean;
  /** Things found wrong at start (a settings or history file moved aside...), for a notice. */
  notices: string[];
  version: string;
}

export type Granularity = 'hour' | 'day';

export interface SeriesRequest {
  /** Local dates, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The package (PackageView.id); omitted = the default account's main package. */
  package?: string;
  /** Only this login; omitted = all. */
  login?: string;
  /** 'auto': hours for up to 14 days, days beyond. */
  granularity?: Granularity | 'auto';
}

export interface SeriesResponse {
  from: string;
  to: string;
  timeZone: string;
  granularity: Granularity;
  /**
   * Bucket starts (API hours, or local day starts in `timeZone`), epoch ms, in order; every bucket of
   * the range. Instants only: the window words them in the user's locale (src/renderer/format-time.ts).
   */
  buckets: number[];
  /** Bytes per login aligned with `buckets`; logins with no traffic in the range are left out. */
  series: Array<{ login: string; bytes: number[] }>;
  /** Every login the history knows, for the filter. */
  logins: string[];
  totalBytes: number;
  /** The range could not be fetched completely; what is shown is what the history holds. */
  stale: boolean;
  problem: Problem | null;
}

export interface RefreshResult {
  ok: boolean;
  problem: Problem | null;
}

export type SettingsUpdateResult =
  | { ok: true; settings: AppSettings }
  | { ok: false; message: string; fields: Record<string, string> };

/**
 * Storing a key. Refused: `message` says why; a key the API was asked about carries its `problem`,
 * and `storeAnyway` when it could not be told right now whether the key is good (network, rate
 * limit, the ambiguous access triple), so the user may keep it regardless.
 */
export type KeyResult = { ok: true; key: KeyStatus } | { ok: false; message: string; problem?: Problem; storeAnyway?: boolean; field?: 'name' | 'key' };

export type TestResult = { ok: true; package: PackageInfo } | { ok: false; problem: Problem };

/** The log folder main opened in the file manager (or could not: `error` says why), for the About text. */
export interface LogFolderResult {
  folder: string;
  /** The current log's name in it (an older one is kept beside it as `<name>.old.log`). */
  file: string;
  error: string | null;
}

/** What came of "Export CSV": main asked where to save (a dialog) and wrote the file there. */
export type ExportResult =
  | { outcome: 'saved'; /** The file's name (not its folder), for the confirmation. */ fileName: string; rows: number }
  | { outcome: 'cancelled' }
  | { outcome: 'failed'; message: string };

/** Links the window may open, by name: the renderer never passes a URL. */
export type ExternalLink = 'api-settings' | 'proxy-seller' | 'top-up';

/** Settings' "Send a test notification": whether one was shown, in words for the window. */
export interface TestNotificationResult {
  shown: boolean;
  message: string;
}

export interface InvokeContract {
  'app:get-view': { request: void; response: AppView };
  'traffic:get-series': { request: SeriesRequest; response: SeriesResponse };
  /** The series of this request as CSV, saved where the user picks in main's dialog: the renderer names no path and sends no content. */
  'traffic:export-csv': { request: SeriesRequest; response: ExportResult };
  'sync:refresh': { request: void; response: RefreshResult };
  'settings:update': { request: SettingsPatch; response: SettingsUpdateResult };
  /** `check` (default true): ask the API for the package with the key before storing it. */
  'key:set': { request: { apiKey: string; check?: boolean }; response: KeyResult };
  'key:delete': { request: void; response: KeyResult };
  'key:test': { request: void; response: TestResult };
  'polling:set-paused': { request: { paused: boolean }; response: void };
  'app:open-external': { request: { link: ExternalLink }; response: void };
  /** Demo mode: the built-in fake API with generated traffic, its own data, clearly labelled. */
  'app:set-demo': { request: { on: boolean }; response: void };
  /** Opens the folder of the app's log file, for attaching it to a report. */
  'app:open-log-folder': { request: void; response: LogFolderResult };
  /** Shows a real notification through the alerts' path, whatever the settings say. */
  'notifications:test': { request: void; response: TestNotificationResult };
  /** Adds an account once the API answered its package for the key; the key goes to the keychain and never comes back (only its last four). */
  'accounts:add': { request: { name: string; apiKey: string }; response: KeyResult };
  /** Removes the account (AccountView.id) and its keychain entry; its history stays on disk. */
  'accounts:remove': { request: { accountId: string }; response: KeyResult };
  'accounts:set-default': { request: { accountId: string }; response: KeyResult };
  /** Names a package (PackageView.id) as the user calls it; null forgets the name. */
  'packages:name': { request: { packageId: string; name: string | null }; response: KeyResult };
}

export interface EventContract {
  'app:view-changed': AppView;
  'app:navigate': View;
  /**
   * Show this package (PackageView.id), or 'all' for the total, in the window: after a click on its
   * notification, or the tray's "Open details" (what the tray shows); sent after 'app:navigate'. A
   * window without a package switcher may ignore it.
   */
  'app:show-package': string;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type RequestOf<C extends InvokeChannel> = InvokeContract[C]['request'];
export type ResponseOf<C extends InvokeChannel> = InvokeContract[C]['response'];

/** The bridge's methods, each bound to one channel. */
export const bridgeMethods = {
  getView: 'app:get-view',
  getSeries: 'traffic:get-series',
  exportCsv: 'traffic:export-csv',
  refresh: 'sync:refresh',
  updateSettings: 'settings:update',
  setKey: 'key:set',
  deleteKey: 'key:delete',
  testConnection: 'key:test',
  setPaused: 'polling:set-paused',
  openExternal: 'app:open-external',
  setDemo: 'app:set-demo',
  openLogFolder: 'app:open-log-folder',
  testNotification: 'notifications:test',
  addAccount: 'accounts:add',
  removeAccount: 'accounts:remove',
  setDefaultAccount: 'accounts:set-default',
  namePackage: 'packages:name',
} as const satisfies Record<string, InvokeChannel>;

/** The bridge's event subscriptions, each bound to one channel. */
export const bridgeEvents = {
  onViewChanged: 'app:view-changed',
  onNavigate: 'app:navigate',
  onShowPackage: 'app:show-package',
} as const satisfies Record<string, EventChannel>;

type Methods = typeof bridgeMethods;
type Events = typeof bridgeEvents;

/** `window.trafficApi`: what the renderer can do, and nothing else. */
export type TrafficApi = {
  [M in keyof Methods]: RequestOf<Methods[M]> extends void
    ? () => Promise<ResponseOf<Methods[M]>>
    : (request: RequestOf<Methods[M]>) => Promise<ResponseOf<Methods[M]>>;
} & {
  /** Subscribe; returns the unsubscribe function. Listeners get the value only, never the IPC event. */
  [E in keyof Events]: (listener: (value: EventContract[Events[E]]) => void) => () => void;
};

/** Every channel must be reachable from the bridge: this fails to compile if one is not. */
type Unbridged = Exclude<InvokeChannel, Methods[keyof Methods]> | Exclude<EventChannel, Events[keyof Events]>;
const allBridged: [Unbridged] extends [never] ? true : false = true;
void allBridged;

export const TRAFFIC_API_KEY = 'trafficApi';
