// One account in the controller: its key (its own keychain entry, or PROXY_SELLER_API_KEY), its
// main package's sync with the titles and money, its sub-user packages (each with its own history
// sync and alert state, in its own folder), and its own request limiter, so each key keeps under
// Proxy-Seller's limit whatever the others do. The controller polls the accounts one after another.
import { join } from 'node:path';
import type { PackageKind, PackageRef } from '../../shared/accounts.js';
import { defaultPackageName, packageId } from '../../shared/accounts.js';
import { packageSettings } from '../../shared/package-settings.js';
import type { Snapshot } from '../../shared/types.js';
import type { Alert } from '../alerts/rules.js';
import { TransportError, isProblemError, toProblem } from '../api/errors.js';
import type { SecretStore } from '../secrets/keychain.js';
import type { Settings } from '../settings/schema.js';
import type { HistorySync } from '../sync/history-sync.js';
import { createSubPackageSync, stopsSubPackages, subPackageDir, SUB_PACKAGES_DIR } from '../sync/sub-package-sync.js';
import { createSubPackageList, type SubPackageList } from '../sync/sub-package-list.js';
import { createAlerting, type Alerting } from './alerting.js';
import { createKeyState, type KeyState } from './key-state.js';
import { createSyncLifecycle, type SyncLifecycle, type SyncLifecycleOptions } from './sync-lifecycle.js';
import { errorMessage } from '../../shared/error-message.js';

import { ALERTS_FILE } from '../alerts/store.js';
export { SUB_PACKAGES_DIR };

/** What the unit knows of its account from the registry (the env account has no entry). */
export interface UnitAccount {
  id: string;
  /** '' for the unnamed account of PROXY_SELLER_API_KEY. */
  name: string;
  packageNames: Readonly<Record<string, string>>;
}

/** The sync lifecycle's options (dataDir: the account's folder, registry.accountDataDir), the key's source instead of its getter. */
export interface AccountUnitOptions extends Omit<SyncLifecycleOptions, 'apiKey' | 'onHistoryProblem'> {
  account: UnitAccount;
  secrets: SecretStore;
  envApiKey?: string;
  onHistoryProblem: (problem: string) => void;
}

/** One package of the unit, as the view and the alerts see it. */
export interface UnitPackage {
  ref: PackageRef;
  /** The user's name for it, the API's, or "Main package" / "Sub-package 1a2b". */
  name: string;
  sync: HistorySync;
}

export interface UnitPollOptions {
  forcePackage: boolean;
  signal: AbortSignal;
}

export interface AccountUnit {
  readonly id: string;
  account(): UnitAccount;
  /** The registry changed (a package named): the new names. */
  setAccount(account: UnitAccount): void;
  key: KeyState;
  /** The main package's sync and the account's titles and money. */
  sync: SyncLifecycle;
  /** Makes the syncs for the settings in use (their files read); returns what was wrong with them. */
  open(): Promise<string[]>;
  /**
   * The main package, then the list of sub-packages when due, then each sub-package. The main
   * package's failure is thrown (the sub-packages wait for the next poll: the same key would fail
   * them too); a sub-package's failure is recorded in its own state and logged.
   */
  poll(options: UnitPollOptions): Promise<void>;
  packages(): UnitPackage[];
  /** Each package's alerts, decided from its own snapshot and state. */
  decideAlerts(settings: Settings): Promise<Array<{ pkg: UnitPackage; alert: Alert }>>;
  /** The polling interval changed. */
  setIntervalMs(ms: number): void;
  /** The key changed or was refused: every package's sync opens a new client with the key as it is now. */
  resetClient(): void;
}

export function createAccountUnit(o: AccountUnitOptions): AccountUnit {
  let account = o.account;
  const log = o.logger;
  const key = createKeyState(o.secrets, o.envApiKey);
  const sync = createSyncLifecycle({
    dataDir: o.dataDir,
    clock: o.clock,
    fetch: o.fetch,
    localTimeZone: o.localTimeZone,
    version: o.version,
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    logger: log,
    rateLimiter: o.rateLimiter,
    ...(o.client ? { client: o.client } : {}),
    apiKey: key.apiKey,
    settings: o.settings,
    zoneIsFallback: o.zoneIsFallback,
    onHistoryProblem: o.onHistoryProblem,
  });
  const subList: SubPackageList = createSubPackageList({ dataDir: o.dataDir, clock: o.clock });
  let subListRead = false;
  /** The sub-packages' syncs by package key, made for the settings in use. */
  let subs = new Map<string, HistorySync>();
  let intervalMs: number | null = null;
  const mainAlerting = createAlerting({ file: join(o.dataDir, ALERTS_FILE), clock: o.clock, logger: log });
  const subAlerting = new Map<string, Alerting>();
  /** Alert states read from disk (each on its first decision). */
  const alertsRead = new Set<Alerting>();

  const subDir = (packageKey: string) => subPackageDir(o.dataDir, packageKey);

  function makeSubSync(packageKey: string): HistorySync {
    const s = o.settings();
    const made = createSubPackageSync({
      accountDir: o.dataDir,
      packageKey,
      list: subList,
      settings: s,
      apiTimeZoneIsFallback: o.zoneIsFallback(),
      localTimeZone: o.localTimeZone(),
      clock: o.clock,
      openClient: () => sync.openClient(),
      logger: log,
      recentOnly: true,
      onHistoryProblem: o.onHistoryProblem,
    });
    if (intervalMs !== null) made.setIntervalMs(intervalMs);
    return made;
  }

  /** A sync for each listed sub-package (the ones known keep theirs); the ones gone are dropped (their files stay). */
  async function matchSubsToList(fresh: boolean): Promise<string[]> {
    const problems: string[] = [];
    const next = new Map<string, HistorySync>();
    for (const p of subList.state().packages) {
      const known = fresh ? undefined : subs.get(p.key);
      if (known) {
        next.set(p.key, known);
        continue;
      }
      const made = makeSubSync(p.key);
      problems.push(...(await made.init()));
      next.set(p.key, made);
    }
    if (!fresh) {
      for (const gone of [...subs.keys()].filter((k) => !next.has(k))) {
        problems.push(`The sub-package "${subName(gone)}" of ${accountWords()} is no longer listed by Proxy-Seller: it is not polled any more (its history stays on disk).`);
      }
    }
    subs = next;
    return problems;
  }

  const accountWords = (): string => (account.name ? `the account "${account.name}"` : 'the account');

  /** A failure the sub-packages would meet too (the same key, the same network): they wait for the next poll. */
  function sharedFailure(e: unknown): boolean {
    return !isProblemError(e) || stopsSubPackages(toProblem(e).kind);
  }

  function subName(packageKey: string): string {
    const named = account.packageNames[packageKey];
    if (named) return named;
    const info = subList.state().packages.find((p) => p.key === packageKey);
    return info?.apiName ?? defaultPackageName('sub', packageKey);
  }

  function mainPackage(): UnitPackage {
    const main = sync.current();
    const k = main.state().package?.key ?? null;
    const named = k === null ? undefined : account.packageNames[k];
    return { ref: { accountId: account.id, packageKey: k, kind: 'main' }, name: named ?? defaultPackageName('main', k), sync: main };
  }

  function subPackages(): UnitPackage[] {
    return [...subs].map(([packageKey, s]) => ({ ref: { accountId: account.id, packageKey, kind: 'sub' as PackageKind }, name: subName(packageKey), sync: s }));
  }

  function packages(): UnitPackage[] {
    return [mainPackage(), ...subPackages()];
  }

  function alertingFor(pkg: UnitPackage): Alerting {
    if (pkg.ref.kind === 'main' || pkg.ref.packageKey === null) return mainAlerting;
    let a = subAlerting.get(pkg.ref.packageKey);
    if (!a) {
      a = createAlerting({ file: join(subDir(pkg.ref.packageKey), ALERTS_FILE), clock: o.clock, logger: log });
      subAlerting.set(pkg.ref.packageKey, a);
    }
    return a;
  }

  return {
    id: account.id,
    account: () => account,
    setAccount(next) {
      account = next;
    },
    key,
    sync,

    async open() {
      const problems = await sync.open();
      if (!subListRead) {
        subListRead = true;
        const p = await subList.init();
        if (p) problems.push(p);
      }
      problems.push(...(await matchSubsToList(true)));
      if (!alertsRead.has(mainAlerting)) {
        alertsRead.add(mainAlerting);
        const p = await mainAlerting.load();
        if (p) problems.push(p);
      }
      return problems;
    },

    async poll({ forcePackage, signal }) {
      // The main package first. Its failure stops the sub-packages only when it would stop them
      // too (the key, the network, the rate limit); a main package gone or answered oddly does not.
      let mainError: unknown = null;
      try {
        await sync.current().poll({ forcePackage, signal });
      } catch (e) {
        if (sharedFailure(e)) throw e;
        mainError = e;
      }
      try {
        if (await subList.refresh(await sync.openClient(), { force: forcePackage, signal })) {
          for (const p of await matchSubsToList(false)) o.onHistoryProblem(p);
        }
      } catch (e) {
        if (e instanceof TransportError && e.cause === 'aborted') throw e;
        // The list could not be read: the sub-packages known are polled as they are (until the list is too old).
        log.warn(`The sub-user packages of ${accountWords()} could not be listed: ${isProblemError(e) ? e.message : errorMessage(e)}`);
      }
      for (const [packageKey, s] of subs) {
        if (signal.aborted) break;
        try {
          // Their figures come from the list just read: taken up at every poll, at no cost.
          await s.poll({ forcePackage: true, signal });
        } catch (e) {
          if (e instanceof TransportError && e.cause === 'aborted') throw e;
          // Recorded in the sub-package's own state (its view shows it); the others go on.
          log.warn(`sub-package "${subName(packageKey)}" of ${accountWords()}: ${errorMessage(e)}`);
        }
      }
      if (mainError !== null) throw mainError;
    },

    resetClient() {
      sync.resetClient();
      for (const s of subs.values()) s.resetClient();
    },

    packages,

    async decideAlerts(settings) {
      const out: Array<{ pkg: UnitPackage; alert: Alert }> = [];
      for (const pkg of packages()) {
        const alerting = alertingFor(pkg);
        if (!alertsRead.has(alerting)) {
          alertsRead.add(alerting);
          const p = await alerting.load();
          if (p) log.warn(p);
        }
        const snapshot: Snapshot = pkg.sync.snapshot(false);
        // Its own thresholds and notification switch over the shared ones (settings.packages).
        const own = packageSettings(settings, packageId(pkg.ref));
        const forIt: Settings = { ...settings, alerts: own.alerts, notificationsEnabled: own.notificationsEnabled };
        for (const alert of await alerting.decide(snapshot, forIt, pkg.sync.history())) out.push({ pkg, alert });
      }
      return out;
    },

    setIntervalMs(ms) {
      intervalMs = ms;
      sync.current().setIntervalMs(ms);
      for (const s of subs.values()) s.setIntervalMs(ms);
    },
  };
}
