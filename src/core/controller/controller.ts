// The app's core without Electron: settings, key, sync, scheduler and alerts wired together, each
// concern in its own module beside this one. One snapshot feeds the tray, the window and the
// notifications, so they never disagree.
import type { AccountView, AppView, KeyResult, PackageView, SeriesRequest, SeriesResponse, TestResult } from '../../shared/ipc.js';
import { withoutAccountSettings } from '../../shared/package-settings.js';
import { distinctLabels, packageId, packageLabel } from '../../shared/accounts.js';
import type { ProblemKind } from '../../shared/types.js';
import type { Alert } from '../alerts/rules.js';
import { describeRemoved, removeLeftovers } from '../fs/leftovers.js';
import { createRateLimiter, type RateLimiter } from '../api/rate-limit.js';
import { rateLimitEnd } from '../../shared/rate-limit.js';
import { toProblem } from '../api/errors.js';
import type { Clock, FetchLike, Logger, Monotonic, Random, Sleep, Timers } from '../ports.js';
import { realMonotonic, silentLogger } from '../ports.js';
import { createScheduler, type PollReason, type Scheduler } from '../scheduler/scheduler.js';
import { KEYCHAIN_ACCOUNT, type SecretStore } from '../secrets/keychain.js';
import { fileSettingsStore, type SettingsStore } from '../settings/store.js';
import { createListeners } from '../listeners.js';
import { createSerial } from '../serial.js';
import { MINUTE_MS } from '../../shared/time-constants.js';
import { createRunState } from './run-state.js';
import { answerSeries } from './series-request.js';
import { createSettingsState, type SettingsChange } from './settings-state.js';
import type { Controller } from './types.js';
import { errorMessage } from '../../shared/error-message.js';
import { createAccountUnit, type AccountUnit, type UnitAccount, type UnitPackage } from './account-unit.js';
import { accountDataDir, ENV_ACCOUNT_ID, FIRST_ACCOUNT_ID, FIRST_ACCOUNT_NAME, updateAccounts, withPackageName, type AccountsFile } from '../accounts/registry.js';
import { addAccount, AccountError, assertKeyNew, readAccounts, removeAccount, setDefaultAccount, type AccountsDeps } from '../accounts/manage.js';
import { totalSnapshot } from '../sync/total.js';
import type { HistorySync } from '../sync/history-sync.js';

export { ALERTS_FILE } from '../alerts/store.js';

/** Problems about the key in use: outdated once another key is stored. */
const KEY_PROBLEMS: ReadonlySet<ProblemKind> = new Set<ProblemKind>(['no-key', 'keychain-unavailable', 'access-denied', 'ip-not-allowed', 'no-package']);

export interface ControllerOptions {
  dataDir: string;
  clock: Clock;
  /** What the polling waits are measured on (`performance.now()` unless given); `timers` run on it. */
  monotonic?: Monotonic;
  timers: Timers;
  random: Random;
  /** Electron's net.fetch in the app (system proxy), Node's fetch in tests. */
  fetch: FetchLike;
  /** The first account's keychain entry (the single-key setup's). */
  secrets: SecretStore;
  /** Another account's keychain entry (default: only the first account's entry can be opened). */
  secretsFor?: (entry: string) => SecretStore;
  /**
   * Accounts given instead of the accounts file (the demo's): each with its key's store. Without
   * them the accounts come from `accounts.json` (or PROXY_SELLER_API_KEY, one unnamed account).
   */
  fixedAccounts?: ReadonlyArray<UnitAccount & { secrets: SecretStore }>;
  /** The user's zone now (it can change while the app runs). */
  localTimeZone: () => string;
  version: string;
  /** PROXY_SELLER_API_KEY: wins over the keychain. */
  envApiKey?: string;
  /** PROXY_SELLER_API_URL, or the demo's fake API. */
  baseUrl?: string;
  demo?: boolean;
  logger?: Logger;
  /** Where settings live: electron-store in the app; by default the settings file (CLI, tests). */
  settingsStore?: SettingsStore;
  /** Retry settings of the API client (tests make its waits instant). */
  client?: { maxRetries?: number; sleep?: Sleep };
  /**
   * One request limiter for every key (tests that count a process's requests). Default: one per
   * account, on this controller's monotonic clock and timers, so each key keeps under its limit.
   */
  rateLimiter?: RateLimiter;
}

export function createController(options: ControllerOptions): Controller {
  const { dataDir, clock } = options;
  const log = options.logger ?? silentLogger;
  const monotonic = options.monotonic ?? realMonotonic;
  // Each key its own limiter (kept across a unit's remaking), unless one is given for all.
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (accountId: string): RateLimiter => {
    if (options.rateLimiter) return options.rateLimiter;
    let l = limiters.get(accountId);
    if (!l) limiters.set(accountId, (l = createRateLimiter({ monotonic, timers: options.timers })));
    return l;
  };
  const views = createListeners<AppView>('view', log);
  const alerts = createListeners<Alert>('alert', log);
  const settings = createSettingsState(options.settingsStore ?? fileSettingsStore(dataDir, clock), log);
  const run = createRunState();
  const secretsFor = (entry: string): SecretStore => {
    if (entry === KEYCHAIN_ACCOUNT) return options.secrets;
    if (options.secretsFor) return options.secretsFor(entry);
    throw new AccountError('This build opens only the first account’s keychain entry.');
  };
  const accountsDeps: AccountsDeps = { dataDir, clock, secretsFor };
  /** The accounts file as last read (null: the accounts are given, or come from the environment). */
  let registry: AccountsFile | null = null;
  let units: AccountUnit[] = [];

  function makeUnit(account: UnitAccount, secrets: SecretStore, envApiKey?: string): AccountUnit {
    return createAccountUnit({
      account,
      dataDir: accountDataDir(dataDir, account.id),
      clock,
      fetch: options.fetch,
      localTimeZone: options.localTimeZone,
      version: options.version,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      logger: log,
      rateLimiter: limiterFor(account.id),
      ...(options.client ? { client: options.client } : {}),
      secrets,
      ...(envApiKey ? { envApiKey } : {}),
      settings: settings.current,
      zoneIsFallback: settings.zoneIsFallback,
      // Said once in the window's notices, as the problems found at start are.
      onHistoryProblem: (problem) => {
        addNotices([problem]);
        emit();
      },
    });
  }

  /** The accounts to run: PROXY_SELLER_API_KEY's alone, the given ones, or the file's (the first account's place kept when there is none yet). */
  async function accountsToRun(): Promise<Array<{ account: UnitAccount; secrets: SecretStore; envApiKey?: string }>> {
    if (options.envApiKey) return [{ account: { id: ENV_ACCOUNT_ID, name: '', packageNames: {} }, secrets: options.secrets, envApiKey: options.envApiKey }];
    if (options.fixedAccounts) return options.fixedAccounts.map(({ secrets, ...account }) => ({ account, secrets }));
    const loaded = await readAccounts(accountsDeps);
    if (loaded.problem) addNotices([loaded.problem]);
    registry = loaded.file;
    // No account yet: the first one's place, so the key form stores into it (and the next start finds it).
    if (loaded.file.accounts.length === 0) return [{ account: { id: FIRST_ACCOUNT_ID, name: FIRST_ACCOUNT_NAME, packageNames: {} }, secrets: options.secrets }];
    return loaded.file.accounts.map((a) => ({ account: { id: a.id, name: a.name, packageNames: a.packageNames }, secrets: secretsFor(a.entry) }));
  }

  /** The account the CLI uses without --account, and whose key the key form shows. */
  function defaultUnit(): AccountUnit {
    const unit = units.find((u) => u.id === registry?.defaultId) ?? units[0];
    if (!unit) throw new Error('controller not started (accounts)');
    return unit;
  }

  let started = false;
  /** Settings changes put into effect, one at a time. */
  const changes = createSerial();
  let scheduler: Scheduler | null = null;
  let notices: string[] = [];
  /** Problems found while running (not at start): each said once. */
  function addNotices(found: readonly string[]): void {
    notices = [...notices, ...found.filter((p) => !notices.includes(p))];
  }
  /** A new sync (settings changed) whose first poll waits until polling may run. */
  let owedSync = false;
  let syncing = false;
  /** The window is open: the spend it shows may be 15 minutes old at most. */
  let windowOpen = false;
  /** Accounts with a new key: their titles and money are read again on the next poll. */
  const accountOwed = new Set<string>();

  /** How every surface names a package (shared/accounts packageLabel). */
  function labelOf(unit: AccountUnit, pkg: UnitPackage): string {
    return packageLabel(unit.account().name, pkg.ref.kind, pkg.name, units.length);
  }

  function packageView(unit: AccountUnit, pkg: UnitPackage): PackageView {
    const snapshot = pkg.sync.snapshot(syncing);
    return { id: packageId(pkg.ref), accountId: unit.id, accountName: unit.account().name, kind: pkg.ref.kind, name: pkg.name, label: labelOf(unit, pkg), snapshot };
  }

  /** Two packages with the same label (two clients the API names alike) are told apart by their keys' last four characters. */
  function uniqueLabels(views: PackageView[]): PackageView[] {
    const labels = distinctLabels(views.map((v) => ({ label: v.label, key: v.snapshot.package?.key ?? null })));
    return views.map((v, i) => (labels[i] === v.label ? v : { ...v, label: labels[i]! }));
  }

  function view(): AppView {
    const main = defaultUnit();
    const now = clock();
    const labelled = uniqueLabels(units.flatMap((u) => u.packages().map((p) => packageView(u, p))));
    const accounts: AccountView[] = units.map((u) => {
      const packages = labelled.filter((p) => p.accountId === u.id);
      return { id: u.id, name: u.account().name, default: u === main, key: u.key.status(), packages, total: totalSnapshot(packages, now) };
    });
    const all = accounts.flatMap((a) => a.packages);
    return {
      snapshot: accounts.find((a) => a.id === main.id)?.packages[0]?.snapshot ?? main.sync.current().snapshot(syncing),
      key: main.key.status(),
      accounts,
      total: totalSnapshot(all, now),
      settings: settings.current(),
      paused: run.paused(),
      online: run.online(),
      syncing,
      nextCheckAt: nextCheckAt(),
      demo: options.demo === true,
      notices: [...notices],
      version: options.version,
    };
  }

  /** The scheduler's due time is on the monotonic clock; the view names it on the wall clock. */
  function nextCheckAt(): number | null {
    const due = scheduler?.state().nextAt ?? null;
    return due === null ? null : Math.round((clock() + (due - monotonic())) / 1000) * 1000;
  }

  function emit(): void {
    if (started) views.emit(view());
  }

  async function decideAlerts(): Promise<void> {
    // Named by their package once there is more than one ("Client B: 2 GB left").
    const named = units.length > 1 || units.some((u) => u.packages().length > 1);
    for (const unit of units) {
      for (const { pkg, alert } of await unit.decideAlerts(settings.current())) {
        alerts.emit(named ? { ...alert, title: `${labelOf(unit, pkg)}: ${alert.title}`, packageId: packageId(pkg.ref) } : { ...alert, packageId: packageId(pkg.ref) });
      }
    }
  }

  function poll(reason: PollReason) {
    return track(pollOnce(reason));
  }

  // The controller's own work (polls, range fills, account changes), so stop() can let it finish.
  const stopping = new AbortController();
  const pending = new Set<Promise<unknown>>();
  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  }
  async function settle(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }
  // The window's and tray's changes under way (a key stored, an account added...): stop() lets them
  // finish too, so nothing writes a file once it has returned. Apart from `pending`, which some of
  // them wait for (removeAccount settles its cancelled poll).
  const calls = new Set<Promise<unknown>>();
  function during<A extends unknown[], T>(change: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    return (...args) => {
      // Quitting: a change that arrives now (a save landing during the quit) is refused, never
      // left to write once stop() has returned.
      if (stopping.signal.aborted) return Promise.reject(new Error('The app is quitting: the change was not made.'));
      const work = change(...args);
      calls.add(work);
      void work.finally(() => calls.delete(work)).catch(() => undefined);
      return work;
    };
  }

  /**
   * Every account at once, each on its own key and limiter, so a reseller's forty sub-packages never
   * hold up another account's figures; within an account its packages go one after another. One
   * account's failure does not stop the others: the poll fails (for the scheduler's backoff) only
   * when every account failed, or, for a manual refresh, when any did.
   */
  async function pollOnce(reason: PollReason) {
    syncing = true;
    emit();
    try {
      try {
        await takeUpOutsideChanges();
      } catch (e) {
        log.warn(`The accounts file could not be read again: ${errorMessage(e)}`);
      }
      const polled = await Promise.all([...units].map((unit) => pollUnit(unit, reason)));
      const failures = polled.filter((r): r is { error: unknown } => r !== null);
      const failed = failures.length > 0 && (reason === 'manual' || failures.length >= polled.length);
      return failed ? ({ ok: false, error: failures[0]!.error } as const) : ({ ok: true } as const);
    } finally {
      // Still syncing until the alerts are decided: a refresh meanwhile joins this poll.
      await decideAlerts();
      syncing = false;
      emit();
    }
  }

  /** One account's poll; its error, or null when it went well (or was left alone). */
  async function pollUnit(unit: AccountUnit, reason: PollReason): Promise<{ error: unknown } | null> {
    const signal = unit.sync.signal;
    if (signal.aborted) return null;
    // A keychain that could not be read may have been unlocked or started since: look again, so
    // the window's key section recovers without a restart.
    if (unit.key.status().keychainError !== null) await unit.key.read();
    // An account still waiting out a rate limit is left alone until it ends (a manual refresh asks anyway).
    if (reason !== 'manual' && units.length > 1 && rateLimitEnd(unit.sync.current().state().problem, clock()) !== null) return null;
    try {
      await unit.poll({ forcePackage: reason === 'manual', signal });
      await refreshAccount(unit, reason === 'manual' || accountOwed.has(unit.id));
      return null;
    } catch (error) {
      // A problem with the key: read it again next time (it may have been changed, e.g. by the CLI).
      if (toProblem(error).needsAction) unit.resetClient();
      return { error };
    } finally {
      emit();
    }
  }

  /** The titles and money parts that are due (all of them when forced); their failures never fail the poll. */
  async function refreshAccount(unit: AccountUnit, force: boolean): Promise<void> {
    accountOwed.delete(unit.id);
    try {
      await unit.sync.account.refresh({ client: () => unit.sync.openClient(), pkg: unit.sync.current().state().package, force, wantSpend: windowOpen, signal: unit.sync.signal });
    } catch (e) {
      // Cancelled (stopping) or a fault of its own: the traffic sync went well and says so.
      if (!unit.sync.signal.aborted) log.warn(`The list titles and money figures could not be read: ${errorMessage(e)}`);
    }
  }

  function applyRunState(): void {
    const s = scheduler;
    if (!s) return;
    if (run.mayPoll()) s.resume();
    else s.pause();
    if (owedSync && run.mayPoll()) {
      owedSync = false;
      void s.refreshNow({ fresh: true });
    }
    emit();
  }

  /** After a wake, an unlock or the network coming back: fetch now (joins a poll already started). */
  function refetchIfRunning(): void {
    if (scheduler && run.mayPoll()) void scheduler.refreshNow();
  }

  /**
   * Puts changed settings into effect: new syncs for new API settings, a new polling interval.
   * One change at a time (a save from the window may meet an edit of the file): two new syncs must
   * never open the same history files at once.
   */
  function applyChange(change: SettingsChange): Promise<void> {
    return changes(() => applyChangeNow(change));
  }

  async function applyChangeNow(change: SettingsChange): Promise<void> {
    if (stopping.signal.aborted) return;
    if (change.resync) {
      // The old syncs finish their work (and their alert decisions) before the new ones take over.
      scheduler?.pause();
      await settle();
      // Stopped meanwhile: no new sync may touch the files once stop() has returned.
      if (stopping.signal.aborted) return;
      for (const unit of units) notices.push(...(await unit.open()));
      // Their first poll now, or as soon as polling may run (not while paused, asleep or offline).
      owedSync = true;
      applyRunState();
    }
    if (change.interval) {
      const ms = change.after.pollIntervalMinutes * MINUTE_MS;
      scheduler?.setIntervalMs(ms);
      for (const unit of units) unit.setIntervalMs(ms);
    }
    emit();
  }

  /** The settings file edited outside the app (by hand): its settings apply, its problems show. */
  function changedOutside(change: SettingsChange, problems: readonly string[]): void {
    if (stopping.signal.aborted) return;
    addNotices(problems);
    // Not tracked (applying waits for the tracked work itself); stop() waits for it on its own queue.
    applyChange(change).catch((e: unknown) => log.warn(`The edited settings could not be applied: ${errorMessage(e)}`));
  }
  let unwatchSettings: (() => void) | null = null;
  let unwatchScheduler: (() => void) | null = null;

  function needScheduler(): Scheduler {
    if (scheduler === null) throw new Error('controller not started (scheduler)');
    return scheduler;
  }

  /** Opens a unit's files; a key stored since the last run (by the CLI, say) makes a recorded "no key" outdated. */
  async function openUnit(unit: AccountUnit): Promise<void> {
    await unit.key.read();
    notices.push(...(await unit.open()));
    const k = unit.key.status();
    if (k.stored || k.fromEnv) await unit.sync.current().forgetProblem((p) => p.kind === 'no-key' || p.kind === 'keychain-unavailable');
    const ms = settings.current().pollIntervalMinutes * MINUTE_MS;
    unit.setIntervalMs(ms);
  }

  /** The accounts file changed (an account added or removed here or by the CLI): units to match it. */
  async function matchUnitsToAccounts(): Promise<void> {
    const wanted = await accountsToRun();
    const next: AccountUnit[] = [];
    for (const w of wanted) {
      const known = units.find((u) => u.id === w.account.id);
      if (known) {
        known.setAccount(w.account);
        // Its key may have been stored, replaced or removed meanwhile (here, by the CLI, or by
        // removing the account whose place this is): read it again, with new clients.
        await known.key.read();
        known.resetClient();
        next.push(known);
        continue;
      }
      const unit = makeUnit(w.account, w.secrets, w.envApiKey);
      await openUnit(unit);
      accountOwed.add(unit.id);
      next.push(unit);
    }
    // A removed account's requests under way are cancelled (its poll ends and writes what it fetched).
    for (const gone of units.filter((u) => !next.includes(u))) gone.sync.stop();
    units = next;
  }

  /** The package a request names (PackageView.id), or the default account's main one. */
  function syncOf(id: string | undefined): HistorySync {
    if (id === undefined) return defaultUnit().sync.current();
    for (const unit of units) {
      for (const pkg of unit.packages()) if (packageId(pkg.ref) === id) return pkg.sync;
    }
    throw new RangeError('There is no such package (it may have been removed): choose another one.');
  }

  /** The unit of an account id; AccountError when there is none. */
  function unitOf(accountId: string): AccountUnit {
    const unit = units.find((u) => u.id === accountId);
    if (!unit) throw new AccountError('There is no such account (it may have been removed).');
    return unit;
  }

  /** Changes to the accounts are made where the accounts come from: the file, never the environment or the demo. */
  function assertAccountsEditable(): void {
    if (options.envApiKey) throw new AccountError('PROXY_SELLER_API_KEY is set: it is the only account while it is. Unset it to manage accounts.');
    if (options.fixedAccounts) throw new AccountError('The demo’s accounts cannot be changed.');
  }

  /** Account changes one at a time (their own queue: a settings change waits for polls, which may take up account changes). */
  const accountChanges = createSerial();

  async function accountsChanged(): Promise<void> {
    await accountChanges(() => matchUnitsToAccounts());
    emit();
  }

  /** Accounts added or removed by another process (the CLI) since the last look: taken up before a poll. */
  async function takeUpOutsideChanges(): Promise<void> {
    if (registry === null) return;
    const before = JSON.stringify(registry);
    const { file } = await readAccounts(accountsDeps);
    if (JSON.stringify(file) !== before) await accountsChanged();
  }

  return {
    async start() {
      const leftovers = describeRemoved(await removeLeftovers(dataDir, { now: clock() }), dataDir);
      if (leftovers) log.info(leftovers);
      notices = await settings.load();
      units = (await accountsToRun()).map((w) => makeUnit(w.account, w.secrets, w.envApiKey));
      for (const unit of units) await openUnit(unit);
      started = true;
      // The cached figures first (marked stale until the first sync), then the first poll.
      emit();
      // A rate limit recorded before a restart is still waited out (the tray shows its end).
      const limitedUntil = rateLimitEnd(defaultUnit().sync.current().state().problem, clock()) ?? undefined;
      scheduler = createScheduler({
        poll,
        intervalMs: settings.current().pollIntervalMinutes * MINUTE_MS,
        clock,
        monotonic,
        timers: options.timers,
        random: options.random,
        ...(limitedUntil === undefined ? {} : { notBefore: limitedUntil }),
      });
      // A new due time is news for the tray's "Next check" row (none once stopping).
      unwatchScheduler = scheduler.onChange(() => {
        if (!stopping.signal.aborted) emit();
      });
      scheduler.start();
      applyRunState();
      unwatchSettings = settings.watch(changedOutside);
    },

    async stop() {
      unwatchSettings?.();
      unwatchSettings = null;
      unwatchScheduler?.();
      unwatchScheduler = null;
      scheduler?.stop();
      scheduler = null;
      // Requests under way are cancelled (a retrying one could otherwise hold the quit for a
      // minute); what they already fetched is written before stop() returns.
      stopping.abort();
      for (const u of units) u.sync.stop();
      // The changes under way and the work they started (a poll after a key was stored), until none is left.
      while (calls.size > 0 || pending.size > 0) await Promise.allSettled([...calls, ...pending]);
      // A settings change under way finishes (it opens no new sync once stopped).
      await changes(async () => {});
    },

    view,
    onView: views.add,
    onAlert: alerts.add,
    onSettings: settings.changes.add,

    async refresh() {
      const outcome = await needScheduler().refreshNow();
      return outcome.ok ? { ok: true, problem: null } : { ok: false, problem: toProblem(outcome.error) };
    },

    series(request: SeriesRequest): Promise<SeriesResponse> {
      const unit = defaultUnit();
      return answerSeries(request, {
        sync: syncOf(request.package),
        now: clock(),
        zone: options.localTimeZone(),
        fill: (work) => track(work),
        signal: unit.sync.signal,
      });
    },

    updateSettings: during(async (patch: unknown) => {
      const { result, change } = await settings.update(patch);
      if (change) await applyChange(change);
      return result;
    }),

    setKey: during(async (raw: string, keyOptions: { check?: boolean } = {}) => {
      const unit = defaultUnit();
      // The check asks for the package with the candidate key, on a client of its own (no retries:
      // the user waits), so the key in use is untouched until the candidate proved good.
      // check: false is the window's "Store anyway", allowed only for the key whose check could not tell.
      const check =
        keyOptions.check === true
          ? async (apiKey: string) => (await unit.sync.openClient({ apiKey, maxRetries: 0 })).getPackage(unit.sync.signal)
          : keyOptions.check === false
            ? ('anyway' as const)
            : undefined;
      // One key, one account (accounts/manage.ts): the same key twice would count its package twice.
      if (registry !== null) {
        try {
          await assertKeyNew(accountsDeps, registry, raw.trim(), unit.id);
        } catch (e) {
          if (e instanceof AccountError) return { ok: false, message: e.message };
          throw e;
        }
      }
      const result = await unit.key.set(raw, check);
      if (!result.ok) return result;
      unit.resetClient();
      accountOwed.add(unit.id);
      // What was recorded about the old key (or its absence) says nothing about this one.
      await unit.sync.current().forgetProblem((p) => KEY_PROBLEMS.has(p.kind));
      // Stored into the first account's place with no account yet: it is the account "Main" now.
      if (registry !== null && registry.accounts.length === 0) await accountsChanged();
      emit();
      // Fetch with the new key at once (not joining a poll that began with the old one); the
      // window hears the result through the view.
      void scheduler?.refreshNow({ fresh: true });
      return result;
    }),

    deleteKey: during(async () => {
      const unit = defaultUnit();
      const result = await unit.key.remove();
      if (!result.ok) return result;
      unit.resetClient();
      emit();
      return result;
    }),

    async testConnection(): Promise<TestResult> {
      try {
        const client = await defaultUnit().sync.openClient();
        return { ok: true, package: await client.getPackage() };
      } catch (e) {
        return { ok: false, problem: toProblem(e) };
      }
    },

    addAccount: during(async (name: string, apiKey: string): Promise<KeyResult> => {
      try {
        assertAccountsEditable();
        const probe = defaultUnit();
        await addAccount(accountsDeps, name, apiKey, { check: async (k) => (await probe.sync.openClient({ apiKey: k, maxRetries: 0 })).getPackage(probe.sync.signal) });
      } catch (e) {
        if (e instanceof AccountError) return { ok: false, message: e.message, ...(e.field ? { field: e.field } : {}) };
        // The API's answer to the key.
        return { ok: false, message: `The account was not added. ${toProblem(e).message} ${toProblem(e).action}`, problem: toProblem(e), field: 'key' };
      }
      await accountsChanged();
      void scheduler?.refreshNow({ fresh: true });
      return { ok: true, key: defaultUnit().key.status() };
    }),

    removeAccount: during(async (accountId: string): Promise<KeyResult> => {
      try {
        assertAccountsEditable();
        await removeAccount(accountsDeps, unitOf(accountId).account().name);
      } catch (e) {
        return { ok: false, message: e instanceof AccountError ? e.message : `The account was not removed: ${errorMessage(e)}` };
      }
      // Its packages' own settings go with it (the CLI does the same).
      const forget = withoutAccountSettings(settings.current().packages, accountId);
      if (forget !== null) {
        const kept = await settings.update(forget).then(
          ({ result }) => (result.ok ? null : result.message),
          (e: unknown) => errorMessage(e),
        );
        // Harmless (a new account never gets a removed one's id), but said.
        if (kept !== null) log.warn(`The removed account's package settings stay in the settings: ${kept}`);
      }
      await accountsChanged();
      // Its poll under way (cancelled) has written what it fetched before this returns.
      await settle();
      return { ok: true, key: defaultUnit().key.status() };
    }),

    setDefaultAccount: during(async (accountId: string): Promise<KeyResult> => {
      try {
        assertAccountsEditable();
        await setDefaultAccount(accountsDeps, unitOf(accountId).account().name);
      } catch (e) {
        return { ok: false, message: e instanceof AccountError ? e.message : `The default account was not changed: ${errorMessage(e)}` };
      }
      await accountsChanged();
      return { ok: true, key: defaultUnit().key.status() };
    }),

    namePackage: during(async (id: string, name: string | null): Promise<KeyResult> => {
      try {
        assertAccountsEditable();
        const [accountId, packageKey] = id.split('/');
        const unit = unitOf(accountId ?? '');
        const pkg = unit.packages().find((p) => packageId(p.ref) === id);
        const key = pkg?.ref.packageKey ?? (packageKey === 'main' ? null : packageKey) ?? null;
        if (key === null) throw new AccountError('That package is not known yet: name it once its figures have been read.');
        await updateAccounts({ dataDir, clock }, (f) => withPackageName(f, unit.id, key, name));
      } catch (e) {
        return { ok: false, message: e instanceof AccountError || e instanceof RangeError ? e.message : `The name was not saved: ${errorMessage(e)}` };
      }
      await accountsChanged();
      return { ok: true, key: defaultUnit().key.status() };
    }),

    setPaused(paused: boolean) {
      run.setPaused(paused);
      applyRunState();
    },

    setHeld(reason, held) {
      if (!run.setHeld(reason, held)) return;
      applyRunState();
      if (!held) refetchIfRunning();
    },

    setWindowOpen(open: boolean) {
      if (windowOpen === open) return;
      windowOpen = open;
      // Opened with a spend older than 15 minutes: read it now, not at the next poll.
      if (!open || !started || !run.mayPoll() || stopping.signal.aborted) return;
      void track(Promise.all(units.map((u) => refreshAccount(u, false)))).then(emit);
    },

    setOnline(value: boolean) {
      if (!run.setOnline(value)) return;
      applyRunState();
      if (value) refetchIfRunning();
    },
  };
}
