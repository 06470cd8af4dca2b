// Everything a CLI command needs, resolved from flags, environment and the shared settings file:
// the account chosen (--account NAME, else the default one) and, for --all, every account, each
// with its own key, folder, request limiter, main package sync and sub-packages (the app's rules:
// core/accounts for the registry, core/sync for the syncs).
import { packageId } from '../shared/accounts.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { accountDataDir, ACCOUNTS_FILE, ENV_ACCOUNT_ID, entryFor, FIRST_ACCOUNT_ID, FIRST_ACCOUNT_NAME, type AccountRecord } from '../core/accounts/registry.js';
import { pickAccount, readAccounts, type AccountsDeps } from '../core/accounts/manage.js';
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
import { createSubPackageList, type SubPackageList } from '../core/sync/sub-package-list.js';
import { createSubPackageSync } from '../core/sync/sub-package-sync.js';
import { systemTimeZone } from '../core/time/zoned.js';
import type { Units } from '../shared/bytes.js';
import type { ResultOffer } from './result-offer.js';
import { UsageError } from './usage.js';
import { SECOND_MS } from '../shared/time-constants.js';

export interface GlobalFlags {
  dataDir?: string;
  apiTz?: string;
  units?: string;
  /** Read only the recent days of the history (`today`: its figures and its poll need no more). */
  recentOnly?: boolean;
  /** --account NAME: that account instead of the default one. */
  account?: string;
  /** --all (or a command over every account): every account is opened, not only the chosen one. */
  all?: boolean;
}

export interface CliIO {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: (prompt: string) => Promise<string>;
  fetch: FetchLike;
  clock: () => number;
  /** The keychain entry of one account (default: the system keychain, PROXY_SELLER_KEYCHAIN_SERVICE's service). */
  secretsFor?: (entry: string) => SecretStore;
  /** Calls the listener once on SIGTERM or SIGINT (the exporter stops on it). */
  onTerminate: (listener: () => void) => void;
  /** How this CLI is run again (xbar's Refresh action): absolute paths, as xbar's PATH is minimal. */
  self: { node: string; script: string };
  /** The system's IANA zone (default: Intl's, systemTimeZone); the real CLI's is cached (core/time/host-zone.ts). */
  localTimeZone?: () => string;
  /** Told when a run's output may be answered again without running (the launcher's result cache: result-offer.ts). */
  offerResult?: (offer: ResultOffer) => void;
}

/** One account of the run: its key, its folder, its syncs; all its requests draw on its own limiter. */
export interface CliAccount {
  id: string;
  /** '' for the unnamed account of PROXY_SELLER_API_KEY. */
  name: string;
  /** Its folder (the data folder itself for the first account and PROXY_SELLER_API_KEY's). */
  dir: string;
  packageNames: Readonly<Record<string, string>>;
  secrets: SecretStore;
  /** A client with the account's key, or with the one given (a key checked before it is stored). */
  openClient: (apiKey?: string) => Promise<ApiClient>;
  /** The main package's sync. */
  sync: HistorySync;
  /** The account's list titles and money, shared with the app (account.json in its folder). */
  account: AccountSync;
  /** Reads the main sync's and the account's files (once); returns what was wrong with them (the first time). */
  init(): Promise<string[]>;
  /** The list of sub-packages (sub-packages.json of its folder), its file read on first use. */
  subList(): Promise<SubPackageList>;
  /** A sub-package's sync, its files read (one per key for the run). */
  subSync(packageKey: string): Promise<HistorySync>;
}

export interface CliContext {
  dataDir: string;
  settings: Settings;
  settingsProblems: string[];
  units: Units;
  localTimeZone: string;
  /** The account chosen (--account NAME, else the default). */
  chosen: CliAccount;
  /** Every account (the chosen one among them) when --all asked for them; else the chosen one alone. */
  accounts: CliAccount[];
  /** The chosen account's entry, sync, titles and client (the commands of one package use these). */
  secrets: SecretStore;
  sync: HistorySync;
  /** The package `sync` is (PackageView.id): its own settings apply (shared/package-settings.ts). */
  packageId: string;
  account: AccountSync;
  openClient: (apiKey?: string) => Promise<ApiClient>;
  /** The registry and keychain entries, for `accounts`. */
  accountsDeps: AccountsDeps;
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

export const ENV_ONLY_ACCOUNT = 'PROXY_SELLER_API_KEY is set: it is the only account while it is set (unset it to use the accounts you added).';

const FIRST_PLACE: AccountRecord = { id: FIRST_ACCOUNT_ID, name: FIRST_ACCOUNT_NAME, entry: entryFor(FIRST_ACCOUNT_ID), packageNames: {} };

/**
 * The accounts the run uses and the one chosen. Without an accounts file and without --account the
 * first account's place stands (the single-key setup, as before: no keychain read to start a
 * `today`); the file, once there, is read (readAccounts migrates the single-key setup).
 */
async function accountRecords(deps: AccountsDeps, flags: GlobalFlags): Promise<{ records: AccountRecord[]; chosen: AccountRecord; problem: string | null }> {
  if (flags.account === undefined && !flags.all && !existsSync(join(deps.dataDir, ACCOUNTS_FILE))) return { records: [FIRST_PLACE], chosen: FIRST_PLACE, problem: null };
  const { file, problem } = await readAccounts(deps);
  // No account yet: the first account's place (its key may be set with `key set`), unless one was named.
  if (file.accounts.length === 0 && flags.account === undefined) return { records: [FIRST_PLACE], chosen: FIRST_PLACE, problem };
  const chosen = pickAccount(file, flags.account);
  return { records: flags.all ? [...file.accounts] : [chosen], chosen, problem };
}

/** The system keychain's entries, under PROXY_SELLER_KEYCHAIN_SERVICE's service (CliIO.secretsFor's default). */
export function keychainSecretsFor(env: NodeJS.ProcessEnv): (entry: string) => SecretStore {
  const service = keychainService(env);
  return (entry) => createSecretStore({ service, account: entry });
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
  const localTimeZone = io.localTimeZone?.() ?? systemTimeZone();
  const secretsFor = io.secretsFor ?? keychainSecretsFor(io.env);
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
  const accountsDeps: AccountsDeps = { dataDir, clock: io.clock, secretsFor };
  if (envKey !== undefined && flags.account !== undefined) throw new UsageError(`--account: ${ENV_ONLY_ACCOUNT}`);
  const found =
    envKey !== undefined
      ? { records: [{ id: ENV_ACCOUNT_ID, name: '', entry: entryFor(FIRST_ACCOUNT_ID), packageNames: {} }], problem: null }
      : await accountRecords(accountsDeps, flags);
  const settingsProblems = found.problem === null ? loaded.problems : [...loaded.problems, found.problem];

  // History is recorded in the saved API zone. A one-off zone that differs keeps its own folder, so
  // it never sets the app's history aside (and the app never sets this one aside). A saved zone that
  // could not be used is no zone: UTC stands in, and the history of the zone meant stays untouched.
  const savedZone = loaded.defaulted.includes('apiTimeZone') ? null : loaded.settings.apiTimeZone;
  const overridden = apiTz !== undefined && apiTz !== savedZone;
  const zoneIsFallback = apiTz === undefined && savedZone === null;

  function openAccount(record: AccountRecord): CliAccount {
    const dir = accountDataDir(dataDir, record.id);
    const syncDir = overridden ? join(dir, 'api-tz', apiTz.replace(/[^A-Za-z0-9_+-]/g, '_')) : dir;
    const secrets = secretsFor(record.entry);
    // One per key for the run: every client and retry of this account keeps under Proxy-Seller's
    // limit, however many packages it has and whatever the other accounts do.
    const rateLimiter = createRateLimiter({ monotonic: realMonotonic, timers: realTimers });
    async function openClient(given?: string): Promise<ApiClient> {
      const apiKey = given ?? (envKey || (await secrets.get()));
      if (!apiKey) {
        const named = record.id === ENV_ACCOUNT_ID || record.id === FIRST_ACCOUNT_ID ? '' : ` for the account "${record.name}"`;
        const how = named ? `run \`proxy-seller-traffic key set --account "${record.name}"\`` : 'set PROXY_SELLER_API_KEY or run `proxy-seller-traffic key set`';
        throw new NoKeyError(`No API key${named}: ${how}.`);
      }
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
    // The account's answers do not depend on the API zone: one file in its folder, the app's.
    const account = createAccountSync({ dataDir: dir, clock: io.clock });
    const sync = createHistorySync({
      dataDir: syncDir,
      settings,
      apiTimeZoneIsFallback: zoneIsFallback,
      localTimeZone,
      clock: io.clock,
      openClient: () => openClient(),
      recentOnly: flags.recentOnly ?? false,
      account: account.state,
    });
    let initDone: Promise<string[]> | null = null;
    let list: Promise<SubPackageList> | null = null;
    const subs = new Map<string, Promise<HistorySync>>();
    const subList = (): Promise<SubPackageList> =>
      (list ??= (async () => {
        const made = createSubPackageList({ dataDir: dir, clock: io.clock });
        const p = await made.init();
        if (p) io.stderr(`proxy-seller-traffic: ${p}`);
        return made;
      })());
    return {
      id: record.id,
      name: record.name,
      dir,
      packageNames: record.packageNames,
      secrets,
      openClient,
      sync,
      account,
      async init() {
        // What was wrong is said once: a second call only waits for the first.
        if (initDone) return (await initDone, []);
        initDone = (async () => [...(await sync.init()), ...(await account.init())])();
        return initDone;
      },
      subList,
      subSync(packageKey) {
        let s = subs.get(packageKey);
        if (!s) {
          s = (async () => {
            const made = createSubPackageSync({
              accountDir: syncDir,
              packageKey,
              list: await subList(),
              settings,
              apiTimeZoneIsFallback: zoneIsFallback,
              localTimeZone,
              clock: io.clock,
              openClient: () => openClient(),
              recentOnly: true,
            });
            for (const p of await made.init()) io.stderr(`proxy-seller-traffic: ${p}`);
            return made;
          })();
          subs.set(packageKey, s);
        }
        return s;
      },
    };
  }

  const accounts = found.records.map(openAccount);
  const chosenRecord = 'chosen' in found ? found.chosen : found.records[0]!;
  const chosen = accounts.find((a) => a.id === chosenRecord.id) ?? openAccount(chosenRecord);
  return {
    dataDir,
    settings,
    settingsProblems,
    units,
    localTimeZone,
    chosen,
    accounts,
    secrets: chosen.secrets,
    sync: chosen.sync,
    packageId: packageId({ accountId: chosen.id, kind: 'main', packageKey: null }),
    account: chosen.account,
    openClient: chosen.openClient,
    accountsDeps,
    envKey,
    baseUrl,
  };
}
