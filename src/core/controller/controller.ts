// The app's core without Electron: settings, key, sync, scheduler and alerts wired together, each
// concern in its own module beside this one. One snapshot feeds the tray, the window and the
// notifications, so they never disagree.
import { join } from 'node:path';
import type { AppView, SeriesRequest, SeriesResponse, TestResult } from '../../shared/ipc.js';
import type { ProblemKind } from '../../shared/types.js';
import type { Alert } from '../alerts/rules.js';
import { describeRemoved, removeLeftovers } from '../fs/leftovers.js';
import { createRateLimiter, type RateLimiter } from '../api/rate-limit.js';
import { rateLimitEnd } from '../../shared/rate-limit.js';
import { toProblem } from '../api/errors.js';
import type { Clock, FetchLike, Logger, Monotonic, Random, Sleep, Timers } from '../ports.js';
import { realMonotonic, silentLogger } from '../ports.js';
import { createScheduler, type PollReason, type Scheduler } from '../scheduler/scheduler.js';
import type { SecretStore } from '../secrets/keychain.js';
import { fileSettingsStore, type SettingsStore } from '../settings/store.js';
import { createListeners } from '../listeners.js';
import { createSerial } from '../serial.js';
import { MINUTE_MS } from '../../shared/time-constants.js';
import { createAlerting } from './alerting.js';
import { createKeyState } from './key-state.js';
import { createRunState } from './run-state.js';
import { answerSeries } from './series-request.js';
import { createSettingsState, type SettingsChange } from './settings-state.js';
import { createSyncLifecycle } from './sync-lifecycle.js';
import type { Controller } from './types.js';
import { errorMessage } from '../../shared/error-message.js';

export const ALERTS_FILE = 'alerts.json';

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
  secrets: SecretStore;
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
   * The process's request limiter, shared with every other controller of the process (the app's
   * real and demo ones). Default: one of this controller's own, on its monotonic clock and timers.
   */
  rateLimiter?: RateLimiter;
}

export function createController(options: ControllerOptions): Controller {
  const { dataDir, clock } = options;
  const log = options.logger ?? silentLogger;
  const monotonic = options.monotonic ?? realMonotonic;
  // Every client this controller makes (one per key change) draws on the same limiter.
  const rateLimiter = options.rateLimiter ?? createRateLimiter({ monotonic, timers: options.timers });
  const views = createListeners<AppView>('view', log);
  const alerts = createListeners<Alert>('alert', log);
  const settings = createSettingsState(options.settingsStore ?? fileSettingsStore(dataDir, clock), log);
  const key = createKeyState(options.secrets, options.envApiKey);
  const run = createRunState();
  const alerting = createAlerting({ file: join(dataDir, ALERTS_FILE), clock, logger: log });
  const sync = createSyncLifecycle({
    dataDir,
    clock,
    fetch: options.fetch,
    localTimeZone: options.localTimeZone,
    version: options.version,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    logger: log,
    rateLimiter,
    ...(options.client ? { client: options.client } : {}),
    apiKey: key.apiKey,
    settings: settings.current,
    zoneIsFallback: settings.zoneIsFallback,
    // Said once in the window's notices, as the problems found at start are.
    onHistoryProblem: (problem) => {
      addNotices([problem]);
      emit();
    },
  });

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
  /** A new key: the account's titles and money are read again on the next poll. */
  let accountOwed = false;

  function view(): AppView {
    return {
      snapshot: sync.current().snapshot(syncing),
      key: key.status(),
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
    const e = sync.current();
    for (const alert of await alerting.decide(e.snapshot(false), settings.current(), e.history())) alerts.emit(alert);
  }

  function poll(reason: PollReason) {
    return sync.track(pollOnce(reason));
  }

  async function pollOnce(reason: PollReason) {
    const e = sync.current();
    syncing = true;
    // A keychain that could not be read may have been unlocked or started since: look again, so
    // the window's key section recovers without a restart.
    if (key.status().keychainError !== null) await key.read();
    emit();
    try {
      await e.poll({ forcePackage: reason === 'manual', signal: sync.signal });
      await refreshAccount(reason === 'manual' || accountOwed);
      return { ok: true } as const;
    } catch (error) {
      // A problem with the key: read it again next time (it may have been changed, e.g. by the CLI).
      if (toProblem(error).needsAction) e.resetClient();
      return { ok: false, error } as const;
    } finally {
      // Still syncing until the alerts are decided: a refresh meanwhile joins this poll.
      await decideAlerts();
      syncing = false;
      emit();
    }
  }

  /** The titles and money parts that are due (all of them when forced); their failures never fail the poll. */
  async function refreshAccount(force: boolean): Promise<void> {
    accountOwed = false;
    try {
      await sync.account.refresh({ client: () => sync.openClient(), pkg: sync.current().state().package, force, wantSpend: windowOpen, signal: sync.signal });
    } catch (e) {
      // Cancelled (stopping) or a fault of its own: the traffic sync went well and says so.
      if (!sync.signal.aborted) log.warn(`The list titles and money figures could not be read: ${errorMessage(e)}`);
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
   * Puts changed settings into effect: a new sync for new API settings, a new polling interval.
   * One change at a time (a save from the window may meet an edit of the file): two new syncs must
   * never open the same history files at once.
   */
  function applyChange(change: SettingsChange): Promise<void> {
    return changes(() => applyChangeNow(change));
  }

  async function applyChangeNow(change: SettingsChange): Promise<void> {
    if (sync.signal.aborted) return;
    if (change.resync) {
      // The old sync finishes its work (and its alert decisions) before the new one takes over.
      scheduler?.pause();
      await sync.settle();
      // Stopped meanwhile: no new sync may touch the files once stop() has returned.
      if (sync.signal.aborted) return;
      notices.push(...(await sync.open()));
      // Its first poll now, or as soon as polling may run (not while paused, asleep or offline).
      owedSync = true;
      applyRunState();
    }
    if (change.interval) {
      const ms = change.after.pollIntervalMinutes * MINUTE_MS;
      scheduler?.setIntervalMs(ms);
      sync.current().setIntervalMs(ms);
    }
    emit();
  }

  /** The settings file edited outside the app (by hand): its settings apply, its problems show. */
  function changedOutside(change: SettingsChange, problems: readonly string[]): void {
    if (sync.signal.aborted) return;
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

  return {
    async start() {
      const leftovers = describeRemoved(await removeLeftovers(dataDir, { now: clock() }), dataDir);
      if (leftovers) log.info(leftovers);
      notices = await settings.load();
      await key.read();
      const alertProblem = await alerting.load();
      if (alertProblem) notices.push(alertProblem);
      notices.push(...(await sync.open()));
      // A key stored since the last run (by the CLI, say) makes a recorded "no key" outdated.
      const k = key.status();
      if (k.stored || k.fromEnv) await sync.current().forgetProblem((p) => p.kind === 'no-key' || p.kind === 'keychain-unavailable');
      started = true;
      // The cached figures first (marked stale until the first sync), then the first poll.
      emit();
      // A rate limit recorded before a restart is still waited out (the tray shows its end).
      const limitedUntil = rateLimitEnd(sync.current().state().problem, clock()) ?? undefined;
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
        if (!sync.signal.aborted) emit();
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
      await sync.stop();
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
      return answerSeries(request, {
        sync: sync.current(),
        now: clock(),
        zone: options.localTimeZone(),
        fill: (work) => sync.track(work),
        signal: sync.signal,
      });
    },

    async updateSettings(patch: unknown) {
      const { result, change } = await settings.update(patch);
      if (change) await applyChange(change);
      return result;
    },

    async setKey(raw: string, keyOptions: { check?: boolean } = {}) {
      // The check asks for the package with the candidate key, on a client of its own (no retries:
      // the user waits), so the key in use is untouched until the candidate proved good.
      // check: false is the window's "Store anyway", allowed only for the key whose check could not tell.
      const check =
        keyOptions.check === true
          ? async (apiKey: string) => (await sync.openClient({ apiKey, maxRetries: 0 })).getPackage(sync.signal)
          : keyOptions.check === false
            ? ('anyway' as const)
            : undefined;
      const result = await key.set(raw, check);
      if (!result.ok) return result;
      sync.resetClient();
      accountOwed = true;
      // What was recorded about the old key (or its absence) says nothing about this one.
      await sync.current().forgetProblem((p) => KEY_PROBLEMS.has(p.kind));
      emit();
      // Fetch with the new key at once (not joining a poll that began with the old one); the
      // window hears the result through the view.
      void scheduler?.refreshNow({ fresh: true });
      return result;
    },

    async deleteKey() {
      const result = await key.remove();
      if (!result.ok) return result;
      sync.resetClient();
      emit();
      return result;
    },

    async testConnection(): Promise<TestResult> {
      try {
        const client = await sync.openClient();
        return { ok: true, package: await client.getPackage() };
      } catch (e) {
        return { ok: false, problem: toProblem(e) };
      }
    },

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
      if (!open || !started || !run.mayPoll() || sync.signal.aborted) return;
      void sync.track(refreshAccount(false)).then(emit);
    },

    setOnline(value: boolean) {
      if (!run.setOnline(value)) return;
      applyRunState();
      if (value) refetchIfRunning();
    },
  };
}
