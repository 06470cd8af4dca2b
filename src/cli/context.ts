// Everything a CLI command needs, resolved from flags, environment and the shared settings file.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient } from '../core/api/client.js';
import { createRateLimiter } from '../core/api/rate-limit.js';
import { ConfigError, NoKeyError } from '../core/api/errors.js';
import { checkBaseUrl } from '../core/api/url.js';
import { realMonotonic, realTimers, type FetchLike } from '../core/ports.js';
import { resolveDataDir } from '../core/paths.js';
import { createSecretStore, keychainService, type SecretStore } from '../core/secrets/keychain.js';
import { readSettings } from '../core/settings/file.js';
import { isValidTimeZone, type Settings } from '../core/settings/schema.js';
import { createAccountSync, type AccountSync } from '../core/sync/account-sync.js';
import { createHistorySync, type HistorySync } from '../core/sync/history-sync.js';
import { systemTimeZone } from '../core/time/zoned.js';
import type { Units } from '../shared/bytes.js';
import { UsageError } from './usage.js';
import { SECOND_MS } from '../shared/time-constants.js';

export interface GlobalFlags {
  dataDir?: string;
  apiTz?: string;
  units?: string;
  /** Read only the recent days of the history (`today`: its figures and its poll need no more). */
  recentOnly?: boolean;
}

export interface CliIO {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: (prompt: string) => Promise<string>;
  fetch: FetchLike;
  clock: () => number;
  secrets?: SecretStore;
  /** Calls the listener once on SIGTERM or SIGINT (the exporter stops on it). */
  onTerminate: (listener: () => void) => void;
  /** How this CLI is run again (xbar's Refresh action): absolute paths, as xbar's PATH is minimal. */
  self: { node: string; script: string };
}

export interface CliContext {
  dataDir: string;
  settings: Settings;
  settingsProblems: string[];
  units: Units;
  localTimeZone: string;
  secrets: SecretStore;
  sync: HistorySync;
  /** The account's list titles and money, shared with the app (account.json in the data folder). */
  account: AccountSync;
  /** A client with the key in use, or with the one given (`key set` checks a key before storing it). */
  openClient: (apiKey?: string) => Promise<ApiClient>;
  /** PROXY_SELLER_API_KEY, trimmed; undefined when unset. */
  envKey: string | undefined;
  /** PROXY_SELLER_API_URL, checked; undefined when unset. */
  baseUrl: string | undefined;
}

/** GB or GiB, in any case. */
function unitsFlag(value: string): Units {
  const v = value.toLowerCase();
  if (v === 'gb') return 'GB';
  if (v === 'gib') return 'GiB';
  throw new UsageError(`--units: expected GB or GiB, got '${value}'`);
}

export async function createContext(flags: GlobalFlags, io: CliIO): Promise<CliContext> {
  const dataDir = resolveDataDir({ flag: flags.dataDir, env: io.env, platform: process.platform, homedir: homedir() });
  const loaded = await readSettings(dataDir, io.clock);
  const apiTz = flags.apiTz ?? io.env.PROXY_SELLER_API_TZ;
  if (apiTz !== undefined && !isValidTimeZone(apiTz)) {
    throw new UsageError(`--api-tz: '${apiTz}' is not a known IANA time zone (e.g. UTC, Europe/Berlin)`);
  }
  const settings: Settings = { ...loaded.settings, ...(apiTz ? { apiTimeZone: apiTz } : {}) };
  const units: Units = flags.units === undefined ? settings.units : unitsFlag(flags.units);
  const localTimeZone = systemTimeZone();
  const secrets = io.secrets ?? createSecretStore({ service: keychainService(io.env) });
  const envKey = io.env.PROXY_SELLER_API_KEY?.trim() || undefined;
  const baseUrl = io.env.PROXY_SELLER_API_URL?.trim() || undefined;
  // Checked before anything runs: a URL that cannot work (or would send the key in clear text) is
  // the caller's to fix, and no state is recorded for it.
  if (baseUrl !== undefined) {
    try {
      checkBaseUrl(baseUrl);
    } catch (e) {
      throw new UsageError(`PROXY_SELLER_API_URL: ${e instanceof ConfigError ? e.message : String(e)}`);
    }
  }

  // History is recorded in the saved API zone. A one-off zone that differs keeps its own folder, so
  // it never sets the app's history aside (and the app never sets this one aside). A saved zone that
  // could not be used is no zone: UTC stands in, and the history of the zone meant stays untouched.
  const savedZone = loaded.defaulted.includes('apiTimeZone') ? null : loaded.settings.apiTimeZone;
  const overridden = apiTz !== undefined && apiTz !== savedZone;
  const syncDir = overridden ? join(dataDir, 'api-tz', apiTz.replace(/[^A-Za-z0-9_+-]/g, '_')) : dataDir;

  // One for the run: every client and retry of this process keeps under Proxy-Seller's limit.
  const rateLimiter = createRateLimiter({ monotonic: realMonotonic, timers: realTimers });
  async function openClient(given?: string): Promise<ApiClient> {
    const apiKey = given ?? (envKey || (await secrets.get()));
    if (!apiKey) throw new NoKeyError('No API key: set PROXY_SELLER_API_KEY or run `proxy-seller-traffic key set`.');
    return createApiClient({
      fetch: io.fetch,
      apiKey,
      apiVersion: settings.apiVersion,
      ...(baseUrl ? { baseUrl } : {}),
      apiTimeZone: settings.apiTimeZone,
      timeoutMs: settings.requestTimeoutSeconds * SECOND_MS,
      // A command-line call fails fast; the app's scheduler does the patient retrying.
      maxRetries: 1,
      clock: io.clock,
      rateLimiter,
    });
  }
  // The account's answers do not depend on the API zone: one file in the data folder, the app's.
  const account = createAccountSync({ dataDir, clock: io.clock });
  const sync = createHistorySync({
    dataDir: syncDir,
    settings,
    apiTimeZoneIsFallback: apiTz === undefined && savedZone === null,
    localTimeZone,
    clock: io.clock,
    openClient: () => openClient(),
    recentOnly: flags.recentOnly ?? false,
    account: account.state,
  });
  return { dataDir, settings, settingsProblems: loaded.problems, units, localTimeZone, secrets, sync, account, openClient, envKey, baseUrl };
}
