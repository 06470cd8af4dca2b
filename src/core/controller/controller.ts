// The app's core without Electron: settings, key, engine, scheduler and alerts wired together.
// One snapshot feeds the tray, the window and the notifications, so they never disagree.
import { join } from 'node:path';
import type { AppView, KeyStatus, SeriesRequest, SeriesResponse, SettingsUpdateResult, TestResult } from '../../shared/ipc.js';
import type { Problem } from '../../shared/types.js';
import { evaluateAlerts, initialAlertState, type Alert, type AlertState } from '../alerts/rules.js';
import { createAlertStore } from '../alerts/store.js';
import { describeRemoved, removeLeftovers } from '../fs/leftovers.js';
import { RETENTION_DAYS } from '../history/store.js';
import { createApiClient, type ApiClient } from '../api/client.js';
import { createRateLimiter, type RateLimiter } from '../api/rate-limit.js';
import { rateLimitEnd } from '../../shared/rate-limit.js';
import { KeychainUnavailableError, NoKeyError, toProblem } from '../api/errors.js';
import type { Clock, FetchLike, Logger, Monotonic, Random, Sleep, Timers } from '../ports.js';
import { realMonotonic, silentLogger } from '../ports.js';
import { createScheduler, type PollReason, type Scheduler } from '../scheduler/scheduler.js';
import { validateApiKey, type SecretStore } from '../secrets/keychain.js';
import { SettingsValidationError } from '../settings/file.js';
import { fileSettingsStore, type SettingsStore } from '../settings/store.js';
import type { Settings } from '../settings/schema.js';
import { createEngine, type Engine } from '../sync/engine.js';
import { buildSeries, chooseGranularity } from './series.js';
import type { Controller, HoldReason } from './types.js';
import { errorMessage } from '../../shared/error-message.js';
import { datesBetween, localDateOf, parseLocalDate } from '../../shared/local-dates.js';

export const ALERTS_FILE = 'alerts.json';
/** Longest range the window may ask for at once: what the history keeps. */
export const MAX_SERIES_DAYS = RETENTION_DAYS;

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
  const { dataDir, clock, secrets } = options;
  const log = options.logger ?? silentLogger;
  const alertStore = createAlertStore({ file: join(dataDir, ALERTS_FILE), clock });
  const settingsStore = options.settingsStore ?? fileSettingsStore(dataDir, clock);
  const viewListeners = new Set<(view: AppView) => void>();
  const alertListeners = new Set<(alert: Alert) => void>();
  const monotonic = options.monotonic ?? realMonotonic;
  // Every client this controller makes (one per key change) draws on the same limiter.
  const rateLimiter = options.rateLimiter ?? createRateLimiter({ monotonic, timers: options.timers });

  let settings: Settings | null = null;
  /** The API zone in use is the default standing in for an unusable setting (see the engine). */
  let zoneIsFallback = false;
  let engine: Engine | null = null;
  let scheduler: Scheduler | null = null;
  let alertState: AlertState = initialAlertState;
  let key: KeyStatus = { stored: false, last4: null, fromEnv: Boolean(options.envApiKey), keychainError: null, keychainLocked: false };
  let notices: string[] = [];
  let userPaused = false;
  /** What holds polling besides the user's pause and the network (sleep, lock, the demo). */
  const holds = new Set<HoldReason>();
  let online = true;
  /** A new engine (settings changed) whose first sync waits until polling may run. */
  let owedSync = false;
  let syncing = false;
  /** Cancels requests under way when the controller stops. */
  const stopping = new AbortController();
  /** Work under way that writes files (polls, range fills), so stop() can let it finish. */
  const pending = new Set<Promise<unknown>>();
  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  }

  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`controller not started (${what})`);
    return value;
  };

  async function openClient(): Promise<ApiClient> {
    const s = need(settings, 'settings');
    const apiKey = options.envApiKey || (await secrets.get());
    if (!apiKey) throw new NoKeyError('No API key is set. Paste your Proxy-Seller API key in Settings.');
    return createApiClient({
      fetch: options.fetch,
      apiKey,
      apiVersion: s.apiVersion,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      apiTimeZone: s.apiTimeZone,
      timeoutMs: s.requestTimeoutSeconds * 1000,
      clock,
      logger: log,
      appVersion: options.version,
      rateLimiter,
      ...options.client,
    });
  }

  async function makeEngine(): Promise<Engine> {
    const e = createEngine({
      dataDir,
      settings: need(settings, 'settings'),
      apiTimeZoneIsFallback: zoneIsFallback,
      localTimeZone: options.localTimeZone(),
      clock,
      openClient,
      logger: log,
    });
    notices.push(...(await e.init()));
    return e;
  }

  async function readKeyStatus(): Promise<void> {
    try {
      const s = await secrets.status();
      key = { stored: s.stored, last4: s.last4, fromEnv: Boolean(options.envApiKey), keychainError: null, keychainLocked: false };
    } catch (e) {
      const text = e instanceof KeychainUnavailableError ? e.message : 'The system keychain could not be read.';
      const locked = e instanceof KeychainUnavailableError && e.locked;
      key = { stored: false, last4: null, fromEnv: Boolean(options.envApiKey), keychainError: text, keychainLocked: locked };
    }
  }

  function view(): AppView {
    const e = need(engine, 'engine');
    return {
      snapshot: e.snapshot(syncing),
      key,
      settings: need(settings, 'settings'),
      paused: userPaused,
      online,
      syncing,
      demo: options.demo === true,
      notices: [...notices],
      version: options.version,
    };
  }

  function emit(): void {
    if (engine === null || settings === null) return;
    const v = view();
    for (const l of viewListeners) {
      try {
        l(v);
      } catch (e) {
        log.error(`view listener failed: ${errorMessage(e)}`);
      }
    }
  }

  async function decideAlerts(): Promise<void> {
    const s = need(settings, 'settings');
    const snapshot = need(engine, 'engine').snapshot(false);
    const result = evaluateAlerts({ snapshot, settings: s.alerts, units: s.units, now: clock() }, alertState);
    const changed = JSON.stringify(result.state) !== JSON.stringify(alertState);
    alertState = result.state;
    if (changed) await alertStore.save(alertState).catch((e: unknown) => log.error(`could not save alert state: ${errorMessage(e)}`));
    if (!s.notificationsEnabled) return;
    for (const alert of result.alerts) for (const l of alertListeners) l(alert);
  }

  /** Until no work is under way (work may start while waiting: wait for that too). */
  async function settle(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  function poll(reason: PollReason) {
    return track(pollOnce(reason));
  }

  async function pollOnce(reason: PollReason) {
    const e = need(engine, 'engine');
    syncing = true;
    emit();
    try {
      await e.poll({ forcePackage: reason === 'manual', signal: stopping.signal });
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

  /** Poll only when the user, the OS and the network all allow it. */
  function mayPoll(): boolean {
    return !userPaused && holds.size === 0 && online;
  }

  function applyRunState(): void {
    const s = scheduler;
    if (!s) return;
    if (mayPoll()) s.resume();
    else s.pause();
    if (owedSync && mayPoll()) {
      owedSync = false;
      void s.refreshNow({ fresh: true });
    }
    emit();
  }

  /** After a wake, an unlock or the network coming back: fetch now (joins a poll already started). */
  function refetchIfRunning(): void {
    if (scheduler && mayPoll()) void scheduler.refreshNow();
  }

  return {
    async start() {
      const leftovers = describeRemoved(await removeLeftovers(dataDir, { now: clock() }), dataDir);
      if (leftovers) log.info(leftovers);
      const loaded = await settingsStore.read();
      settings = loaded.settings;
      zoneIsFallback = loaded.defaulted.includes('apiTimeZone');
      notices = [...loaded.problems];
      await readKeyStatus();
      const alerts = await alertStore.load();
      alertState = alerts.state;
      if (alerts.problem) notices.push(alerts.problem);
      engine = await makeEngine();
      // The cached figures first (marked stale until the first sync), then the first poll.
      emit();
      // A rate limit recorded before a restart is still waited out (the tray shows its end).
      const limitedUntil = rateLimitEnd(engine.state().problem, clock()) ?? undefined;
      scheduler = createScheduler({
        poll,
        intervalMs: settings.pollIntervalMinutes * 60_000,
        clock,
        monotonic,
        timers: options.timers,
        random: options.random,
        ...(limitedUntil === undefined ? {} : { notBefore: limitedUntil }),
      });
      scheduler.start();
      applyRunState();
    },

    async stop() {
      scheduler?.stop();
      scheduler = null;
      // Requests under way are cancelled (a retrying one could otherwise hold the quit for a
      // minute); what they already fetched is written before stop() returns.
      stopping.abort();
      await settle();
    },

    view,

    onView(listener) {
      viewListeners.add(listener);
      return () => viewListeners.delete(listener);
    },

    onAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },

    async refresh() {
      const outcome = await need(scheduler, 'scheduler').refreshNow();
      return outcome.ok ? { ok: true, problem: null } : { ok: false, problem: toProblem(outcome.error) };
    },

    async series(request: SeriesRequest): Promise<SeriesResponse> {
      const zone = options.localTimeZone();
      const from = parseLocalDate(request.from);
      const to = parseLocalDate(request.to);
      if (to < from) throw new RangeError(`the range ends (${to}) before it starts (${from})`);
      if (datesBetween(from, to).length > MAX_SERIES_DAYS) throw new RangeError(`ranges are limited to ${MAX_SERIES_DAYS} days`);
      const e = need(engine, 'engine');
      const today = localDateOf(clock(), zone);
      let problem: Problem | null = null;
      // Days the history lacks are fetched (older than the backfill too); future days hold nothing.
      if (from <= today) {
        try {
          await track(e.ensureDays(from, to < today ? to : today, stopping.signal));
        } catch (error) {
          problem = toProblem(error);
        }
      }
      return buildSeries({
        history: e.history(),
        from,
        to,
        zone,
        ...(request.login ? { login: request.login } : {}),
        granularity: chooseGranularity(from, to, request.granularity),
        stale: problem !== null,
        problem,
      });
    },

    async updateSettings(patch: unknown): Promise<SettingsUpdateResult> {
      const before = need(settings, 'settings');
      let after: Settings;
      try {
        after = await settingsStore.update(patch);
      } catch (e) {
        if (e instanceof SettingsValidationError) return { ok: false, message: e.message, fields: { ...e.fields } };
        throw e;
      }
      settings = after;
      // A zone chosen now is the user's; an unchanged one is still the stand-in it was at start.
      if (before.apiTimeZone !== after.apiTimeZone) zoneIsFallback = false;
      const engineChanged =
        before.apiTimeZone !== after.apiTimeZone || before.apiVersion !== after.apiVersion || before.requestTimeoutSeconds !== after.requestTimeoutSeconds;
      if (engineChanged) {
        // The old engine finishes its work (and its alert decisions) before the new one takes over.
        scheduler?.pause();
        await settle();
        engine = await makeEngine();
        // Its first sync now, or as soon as polling may run (not while paused, asleep or offline).
        owedSync = true;
        applyRunState();
      }
      if (before.pollIntervalMinutes !== after.pollIntervalMinutes) {
        scheduler?.setIntervalMs(after.pollIntervalMinutes * 60_000);
        engine?.setIntervalMs(after.pollIntervalMinutes * 60_000);
      }
      emit();
      return { ok: true, settings: after };
    },

    async setKey(raw: string) {
      let apiKey: string;
      try {
        apiKey = validateApiKey(raw);
      } catch (e) {
        return { ok: false, message: errorMessage(e) };
      }
      try {
        await secrets.set(apiKey);
      } catch (e) {
        return { ok: false, message: e instanceof KeychainUnavailableError ? e.message : 'The key could not be stored in the system keychain.' };
      }
      await readKeyStatus();
      engine?.resetClient();
      emit();
      // Fetch with the new key at once (not joining a poll that began with the old one); the
      // window hears the result through the view.
      void scheduler?.refreshNow({ fresh: true });
      return { ok: true, key };
    },

    async deleteKey() {
      try {
        await secrets.delete();
      } catch (e) {
        return { ok: false, message: e instanceof KeychainUnavailableError ? e.message : 'The key could not be removed from the system keychain.' };
      }
      await readKeyStatus();
      engine?.resetClient();
      emit();
      return { ok: true, key };
    },

    async testConnection(): Promise<TestResult> {
      try {
        const client = await openClient();
        return { ok: true, package: await client.getPackage() };
      } catch (e) {
        return { ok: false, problem: toProblem(e) };
      }
    },

    setPaused(paused: boolean) {
      userPaused = paused;
      applyRunState();
    },

    setHeld(reason, held) {
      if (held === holds.has(reason)) return;
      if (held) holds.add(reason);
      else holds.delete(reason);
      applyRunState();
      if (!held) refetchIfRunning();
    },

    setOnline(value: boolean) {
      if (online === value) return;
      online = value;
      applyRunState();
      if (online) refetchIfRunning();
    },
  };
}
