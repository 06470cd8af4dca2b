// An account's sync in the controller: one at a time, made for the settings in use (again when the
// API settings change), and a signal that cancels its requests when it stops. The work under way is
// tracked by the controller, which lets it finish its writes.
import { createApiClient, type ApiClient } from '../api/client.js';
import type { RateLimiter } from '../api/rate-limit.js';
import type { Clock, FetchLike, Logger, Sleep } from '../ports.js';
import type { Settings } from '../settings/schema.js';
import { createHistorySync, type HistorySync } from '../sync/history-sync.js';
import { createAccountSync, type AccountSync } from '../sync/account-sync.js';

export interface SyncLifecycleOptions {
  dataDir: string;
  clock: Clock;
  fetch: FetchLike;
  localTimeZone: () => string;
  version: string;
  baseUrl?: string;
  logger: Logger;
  rateLimiter: RateLimiter;
  client?: { maxRetries?: number; sleep?: Sleep };
  /** The key to call the API with (NoKeyError when there is none). */
  apiKey: () => Promise<string>;
  settings: () => Settings;
  /** A history file found damaged (and moved aside) while running: for the window's notices. */
  onHistoryProblem?: (problem: string) => void;
  zoneIsFallback: () => boolean;
}

export interface SyncLifecycle {
  /** The sync in use; throws before the first open(). */
  current(): HistorySync;
  /** The account's titles and money, beside the traffic (one for the controller's life). */
  account: AccountSync;
  /** Makes the sync for the settings in use (its files read); returns what was wrong with them. */
  open(): Promise<string[]>;
  /** The key or the API settings changed: the sync opens a new client (none to reset before start). */
  resetClient(): void;
  /**
   * A client for the settings and key in use (the connection test makes one of its own), or for
   * `candidate`: a key being checked before it is stored, with no retries (the user is waiting).
   */
  openClient(candidate?: { apiKey: string; maxRetries: number }): Promise<ApiClient>;
  /** Aborted by stop(): requests under way are cancelled. */
  signal: AbortSignal;
  /** Cancels requests under way (the controller waits for its tracked work to write what they fetched). */
  stop(): void;
}

export function createSyncLifecycle(options: SyncLifecycleOptions): SyncLifecycle {
  let current: HistorySync | null = null;
  const account = createAccountSync({ dataDir: options.dataDir, clock: options.clock, logger: options.logger });
  let accountRead = false;
  const stopping = new AbortController();

  async function openClient(candidate?: { apiKey: string; maxRetries: number }): Promise<ApiClient> {
    const s = options.settings();
    const apiKey = candidate?.apiKey ?? (await options.apiKey());
    return createApiClient({
      fetch: options.fetch,
      apiKey,
      apiVersion: s.apiVersion,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      apiTimeZone: s.apiTimeZone,
      timeoutMs: s.requestTimeoutSeconds * 1000,
      clock: options.clock,
      logger: options.logger,
      appVersion: options.version,
      rateLimiter: options.rateLimiter,
      ...options.client,
      ...(candidate ? { maxRetries: candidate.maxRetries } : {}),
    });
  }

  return {
    current() {
      if (current === null) throw new Error('controller not started (history sync)');
      return current;
    },
    async open() {
      const e = createHistorySync({
        dataDir: options.dataDir,
        settings: options.settings(),
        apiTimeZoneIsFallback: options.zoneIsFallback(),
        localTimeZone: options.localTimeZone(),
        clock: options.clock,
        openClient: () => openClient(),
        logger: options.logger,
        // The app starts with the days its figures need (this month, the forecast's week); a poll
        // reads the rest of its span first, and the window's ranges read older days when asked.
        recentOnly: true,
        account: account.state,
        ...(options.onHistoryProblem ? { onHistoryProblem: options.onHistoryProblem } : {}),
      });
      const notices = await e.init();
      if (!accountRead) {
        accountRead = true;
        notices.push(...(await account.init()));
      }
      current = e;
      return notices;
    },
    account,
    resetClient: () => current?.resetClient(),
    openClient,
    signal: stopping.signal,
    stop() {
      stopping.abort();
    },
  };
}
