// History sync: package state + hourly history kept in step with the API.
// Used as-is by the CLI (one call per run) and by the app (driven by the scheduler).
import type { LoginHours, PackageInfo, Problem, Snapshot } from '../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { NOT_FOUND_RE } from '../api/envelope.js';
import { AnswerTooLargeError, ApiError, isProblemError, NoPackageError, toProblem, TransportError } from '../api/errors.js';
import type { History } from '../history/model.js';
import { mergeHoursInSlices } from '../history/merge-sliced.js';
import { addCoverage, coverageEnd, createHistory, dropCoverageAfter, logins, missingRanges, sumBetween, uncover } from '../history/model.js';
import { createHistoryStore, type HistoryStore } from '../history/store.js';
import { LockLostError, LockTimeoutError } from '../fs/lock.js';
import type { Clock, Logger, YieldNow } from '../ports.js';
import { silentLogger, yieldToEventLoop } from '../ports.js';
import type { Settings } from '../settings/schema.js';
import { apiDateWindow, localDayBounds, surelyCovered, type EndDateMeaning } from '../time/local-days.js';
import { buildSnapshot } from './snapshot.js';
import type { AccountState } from './account-state.js';
import { initialSyncState, loadSyncState, saveSyncState, type SyncState } from './state.js';
import { backfillStart, chunkSpan, finalDateAt, pollWindow, settledUntil } from './windows.js';
import { createSerial } from '../serial.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../shared/time-constants.js';
import { addDays, localDateOf, monthStart } from '../../shared/local-dates.js';
import { FORECAST_DAYS } from '../history/queries.js';

export const PACKAGE_MAX_AGE_MS = 15 * MINUTE_MS;

/**
 * A traffic/details answer that may mean "no such package key": no package at all, or any error list
 * with a not-found in it. The documented failure is `key is required` + `not-found` +
 * `not-found (404)`, which the client reads as a plain rejection.
 */
function packageMayBeStale(e: unknown): boolean {
  if (e instanceof NoPackageError) return true;
  return e instanceof ApiError && e.errors.some((item) => NOT_FOUND_RE.test(item.message));
}
export const BACKFILL_DAYS = 31;
/** Longest span asked for in one request when filling old ranges. */
const CHUNK_DAYS = 31;
/** What one answer should hold at most, well inside what the client reads (api/read-body.ts). */
const ANSWER_BUDGET_BYTES = 3_000_000;
/** One login-hour in an answer: `"2026-11-01 14:00:00":1234567890,`. */
const BYTES_PER_LOGIN_HOUR = 34;
/** Stands in for the package key until the first package answer; such a history is never saved. */
const NO_PACKAGE = '(no package yet)';

export interface HistorySyncOptions {
  dataDir: string;
  settings: Pick<Settings, 'apiTimeZone' | 'pollIntervalMinutes'>;
  /** The zone is a default standing in for an unusable setting: a history of another zone is not touched. */
  apiTimeZoneIsFallback?: boolean;
  localTimeZone: string;
  clock: Clock;
  /** Opens a client with the current key; throws NoKeyError / KeychainUnavailableError. */
  openClient: () => Promise<ApiClient>;
  logger?: Logger;
  historyStore?: HistoryStore;
  /** A turn for other work between slices of a long answer (default: setImmediate). */
  yieldNow?: YieldNow;
  /**
   * Reads the package (its key and figures): `GET resident/package` by default; a sub-user package's
   * comes from the account's list of them (sub-packages.ts). NoPackageError: it is gone.
   */
  readPackage?: (api: ApiClient, signal?: AbortSignal) => Promise<PackageInfo>;
  /** The account's titles and money for the snapshot (account-sync.ts); none by default. */
  account?: () => AccountState;
  /**
   * Read from disk only the days the current figures need (this month, the forecast's week): the
   * CLI's `today`. A poll reads the rest of its backfill span first; older days are read when
   * ensureDays() asks for them.
   */
  recentOnly?: boolean;
  /**
   * A problem with the history files met after init (a damaged day moved aside by a save or a
   * pick-up), for the app's notices; it is logged as a warning either way.
   */
  onHistoryProblem?: (problem: string) => void;
}

export interface PollOptions {
  /** Fetch the package now even if the cached answer is younger than 15 minutes (manual refresh). */
  forcePackage?: boolean;
  /** Cancels the requests (shutting down); a cancelled sync is not recorded as a problem. */
  signal?: AbortSignal;
}

export interface HistorySync {
  /** Loads state and history from disk; returns what was wrong with them (files moved aside). */
  init(): Promise<string[]>;
  /** One sync: package when due, then the window around today. Throws the error (a ProblemError) after recording it. */
  poll(options?: PollOptions): Promise<void>;
  /** Makes sure the history holds the local dates [from..to], fetching what it lacks. */
  ensureDays(from: string, to: string, signal?: AbortSignal): Promise<void>;
  snapshot(syncing?: boolean): Snapshot;
  history(): History;
  state(): SyncState;
  /** Forget the open client (the key or the API settings changed). */
  resetClient(): void;
  /** Clears the recorded problem if `outdated` says it no longer holds (a key was stored since). */
  forgetProblem(outdated: (problem: Problem) => boolean): Promise<void>;
  /** The polling interval changed: figures are stale after two intervals without a good update. */
  setIntervalMs(ms: number): void;
}

export function createHistorySync(options: HistorySyncOptions): HistorySync {
  const { dataDir, clock, localTimeZone } = options;
  const apiTimeZone = options.settings.apiTimeZone;
  let intervalMs = options.settings.pollIntervalMinutes * MINUTE_MS;
  const log = options.logger ?? silentLogger;
  const yieldNow = options.yieldNow ?? yieldToEventLoop;
  const store = options.historyStore ?? createHistoryStore({ dataDir, clock });
  let state: SyncState = initialSyncState;
  let history: History = createHistory(NO_PACKAGE, apiTimeZone);
  let client: ApiClient | null = null;
  // Operations touching history run one at a time (a manual refresh may meet a range fill).
  const serial = createSerial();

  /**
   * Coverage past `now` comes only from fetches made while the clock ran ahead (set back since).
   * Those fetches asked for days the API had not reached, and when the clock went fast is not known:
   * drop that coverage and the backfill span before now, so the next poll fetches the span again
   * (a request or two, once per correction). Run at load and before each poll or range fill, so a
   * clock corrected while the app runs is caught too.
   */
  function distrustFutureCoverage(now: number): void {
    const end = coverageEnd(history);
    if (end === null || end <= now) return;
    dropCoverageAfter(history, Math.min(now, backfillStart(now, localTimeZone, BACKFILL_DAYS)));
    log.warn('the traffic history was marked known past the current time (the clock was set back): fetching the last days again');
  }

  function historyProblems(problems: readonly string[]): void {
    for (const p of problems) {
      log.warn(p);
      options.onHistoryProblem?.(p);
    }
  }

  /**
   * Saves the history. Another process holding the lock for longer than the wait (a long first
   * save, a stalled process) does not fail the sync: the hours stay in memory and the next save
   * writes them, merged with what that process wrote.
   */
  async function save(): Promise<void> {
    try {
      historyProblems(await store.save(history));
    } catch (e) {
      if (!(e instanceof LockTimeoutError) && !(e instanceof LockLostError)) throw e;
      log.warn(`the traffic history was not saved this time (${e.message}); the next save writes it`);
    }
  }

  async function useHistoryFor(packageKey: string): Promise<string | null> {
    if (history.packageKey === packageKey) return null;
    if (history.packageKey !== NO_PACKAGE) await save();
    const now = clock();
    const since = options.recentOnly ? figuresStart(now) : undefined;
    const loaded = await store.load(packageKey, apiTimeZone, { zoneIsFallback: options.apiTimeZoneIsFallback ?? false, ...(since === undefined ? {} : { since }) });
    history = loaded.history;
    distrustFutureCoverage(clock());
    return loaded.problem;
  }

  /** The first instant today's figures look at: month to date, forecast days (a day's margin for the UTC segments). */
  function figuresStart(now: number): number {
    const today = localDateOf(now, localTimeZone);
    return Math.min(localDayBounds(monthStart(today), localTimeZone).start, localDayBounds(addDays(today, -FORECAST_DAYS), localTimeZone).start) - DAY_MS;
  }

  /**
   * A poll looks back over the backfill span (its first hole is where it fetches from): with
   * recentOnly those days are read only now, so a fresh `today` that asks nothing reads a week or
   * a month of segments, not the whole span.
   */
  async function readBackfillSpan(now: number): Promise<void> {
    if (!options.recentOnly || history.packageKey === NO_PACKAGE) return;
    historyProblems(await store.extend(history, Math.min(figuresStart(now), backfillStart(now, localTimeZone, BACKFILL_DAYS) - DAY_MS)));
  }

  /** Hours another process (the app, the CLI, the exporter) saved since we last read or wrote them. */
  async function pickUpOthers(): Promise<void> {
    if (history.packageKey === NO_PACKAGE) return;
    historyProblems(await store.pickUp(history));
  }

  async function getClient(): Promise<ApiClient> {
    client ??= await options.openClient();
    return client;
  }

  async function record(patch: Partial<SyncState>): Promise<void> {
    state = { ...state, ...patch };
    await saveSyncState(dataDir, state);
  }

  async function refreshPackage(api: ApiClient, force: boolean, signal?: AbortSignal): Promise<{ key: string; fetched: boolean }> {
    const now = clock();
    // An answer dated ahead of the clock (set back since) has no known age: read it again.
    const age = state.packageFetchedAt === null ? Infinity : now - state.packageFetchedAt;
    const due = force || state.package === null || age < 0 || age >= PACKAGE_MAX_AGE_MS;
    if (due) {
      let pkg: PackageInfo;
      try {
        pkg = await (options.readPackage ? options.readPackage(api, signal) : api.getPackage(signal));
      } catch (e) {
        // The account has no package now: the old one must not stay on screen as if it were live.
        if (e instanceof NoPackageError) await record({ package: null, packageFetchedAt: now });
        throw e;
      }
      state = { ...state, package: pkg, packageFetchedAt: now };
    }
    const key = state.package?.key;
    if (!key) throw new Error('unreachable: package without key');
    const problem = await useHistoryFor(key);
    if (problem) log.warn(problem);
    return { key, fetched: due };
  }

  /**
   * Runs `work` with the package key. The key is read at most every 15 minutes, so a package
   * renewed under a new key since then answers `not-found`: read the package again, once, before
   * reporting the error.
   */
  async function withPackage(api: ApiClient, force: boolean, signal: AbortSignal | undefined, work: (key: string) => Promise<void>): Promise<void> {
    const first = await refreshPackage(api, force, signal);
    try {
      await work(first.key);
    } catch (e) {
      if (!packageMayBeStale(e) || first.fetched) throw e;
      log.info('the package was not found under its known key: reading it again');
      const again = await refreshPackage(api, true, signal);
      await work(again.key);
    }
  }

  /** Days per request: 31, or fewer for an account with so many lists that a month would not fit one answer. */
  function chunkDays(): number {
    const perDay = Math.max(1, logins(history).length) * 24 * BYTES_PER_LOGIN_HOUR;
    return Math.max(1, Math.min(CHUNK_DAYS, Math.floor(ANSWER_BUDGET_BYTES / perDay)));
  }

  /**
   * Fetches [from, to) and merges it; returns when the answer was made (the earlier of this
   * machine's clock and the server's), or null when nothing was asked (split in parts: their earliest).
   */
  async function fetchSpan(api: ApiClient, packageKey: string, from: number, to: number, signal?: AbortSignal): Promise<number> {
    const now = clock();
    const endDate = state.endDate;
    const { dateStart, dateEnd } = apiDateWindow(from, to, apiTimeZone, endDate);
    let answer;
    try {
      answer = await api.getTrafficDetails({ packageKey, dateStart, dateEnd }, signal);
    } catch (e) {
      // More lists than the span's answer can carry: ask for each half, as long as a half asks the
      // API for fewer dates (a 25-hour day's halves ask for the same ones: no use asking again).
      if (!(e instanceof AnswerTooLargeError)) throw e;
      const mid = from + Math.floor((to - from) / 2 / HOUR_MS) * HOUR_MS;
      const asksLess = (a: number, b: number): boolean => {
        const w = apiDateWindow(a, b, apiTimeZone, endDate);
        return w.dateStart !== dateStart || w.dateEnd !== dateEnd;
      };
      if (mid <= from || mid >= to || !asksLess(from, mid) || !asksLess(mid, to)) throw e;
      log.info(`traffic/details: ${e.message} Asking for ${dateStart}..${dateEnd} in two parts.`);
      const first = await fetchSpan(api, packageKey, from, mid, signal);
      return Math.min(first, await fetchSpan(api, packageKey, mid, to, signal));
    }
    learnEndDate(dateEnd, answer.hours);
    await mergeHoursInSlices(history, answer.hours, yieldNow);
    // Authoritative only where the answer surely reached, and for hours that had ended when it was
    // made: by this machine's clock and by the server's (a clock running fast must not mark hours
    // the API had not reached).
    const covered = surelyCovered(dateStart, dateEnd, apiTimeZone, endDate);
    const answeredAt = Math.min(now, answer.serverTime ?? Infinity);
    const end = Math.min(covered.to, settledUntil(answeredAt, apiTimeZone));
    if (end > covered.from) addCoverage(history, covered.from, end);
    // An hour the answer held with a value that could not be used is not known: asked again.
    for (const start of answer.unreadHours) uncover(history, start, start + HOUR_MS);
    return answeredAt;
  }

  /**
   * What `date_end` means, from an answer (before it is merged): an hour on the end date proves it
   * inclusive. No hour there while the history already holds traffic on that date (hours that had
   * begun before this request: traffic never shrinks) proves it exclusive. Remembered in the state.
   */
  function learnEndDate(dateEnd: string, hours: readonly LoginHours[]): void {
    if (state.endDate === 'inclusive') return;
    const day = localDayBounds(dateEnd, apiTimeZone);
    const onEndDate = hours.some((g) => g.starts.some((t) => t >= day.start && t < day.end));
    let learnt: EndDateMeaning = state.endDate;
    if (onEndDate) learnt = 'inclusive';
    else if (state.endDate === 'unknown' && sumBetween(history, day.start, Math.min(day.end, clock())).totalBytes > 0) learnt = 'exclusive';
    if (learnt === state.endDate) return;
    log.info(`traffic/details: the end date of a request is ${learnt} (learnt from an answer for ${dateEnd})`);
    state = { ...state, endDate: learnt };
  }

  /**
   * While date_end's meaning is unknown, a window reaching back into the API's yesterday (its
   * second fetch, after the API's midnight) is asked in two parts: yesterday ends on today's date,
   * so that answer tells whether date_end counts (today's hours, held already, are in it or not);
   * today is asked on its own. Once known, one request does. A longer catch-up is not split.
   */
  function splitForProbe(window: { from: number; to: number }, now: number): Array<{ from: number; to: number }> {
    const todayDate = localDateOf(now, apiTimeZone);
    const today = localDayBounds(todayDate, apiTimeZone).start;
    if (state.endDate !== 'unknown' || window.from >= today || window.to <= today) return [window];
    if (window.from < localDayBounds(addDays(todayDate, -1), apiTimeZone).start) return [window];
    if (sumBetween(history, today, now).totalBytes === 0) return [window];
    return [{ from: window.from, to: today }, { from: today, to: window.to }];
  }

  /** The newest API date known final for this history (another package's or zone's does not count). */
  function finalThrough(): string | null {
    const f = state.finalThrough;
    return f !== null && f.packageKey === history.packageKey && f.apiTimeZone === apiTimeZone ? f.date : null;
  }

  async function failed(e: unknown, at: number): Promise<never> {
    // Cancelled on purpose (shutting down): nothing went wrong with the account or the network.
    if (e instanceof TransportError && e.cause === 'aborted') throw e;
    const problem: Problem = toProblem(e);
    await record({ lastAttemptAt: at, problem });
    // The technical text the window keeps behind "Details" is in the log too.
    if (!isProblemError(e)) log.error(`sync failed: ${problem.message}`);
    else log.warn(`sync failed: ${problem.message}${problem.detail ? ` (${problem.detail})` : ''}`);
    throw e;
  }

  /** Where the newest authoritative span ends (null: nothing held yet). */
  function coveredUntil(now: number): number | null {
    if (coverageEnd(history) === null) return null;
    // The first hole within the backfill span: the newest one after a sleep, or an hour whose value
    // could not be read, which is then asked for again with the days after it.
    const first = missingRanges(history, backfillStart(now, localTimeZone, BACKFILL_DAYS), now)[0];
    return first === undefined ? now : first.from;
  }

  return {
    async init() {
      const problems: string[] = [];
      const loaded = await loadSyncState(dataDir, clock());
      state = loaded.state;
      if (loaded.problem) problems.push(loaded.problem);
      if (state.package) {
        const p = await useHistoryFor(state.package.key);
        if (p) problems.push(p);
      }
      return problems;
    },

    poll(pollOptions = {}) {
      return serial(async () => {
        const at = clock();
        try {
          await pickUpOthers();
          distrustFutureCoverage(at);
          const api = await getClient();
          const signal = pollOptions.signal;
          await withPackage(api, pollOptions.forcePackage ?? false, signal, async (key) => {
            await readBackfillSpan(at);
            const known = finalThrough();
            const window = pollWindow({ now: at, localZone: localTimeZone, apiZone: apiTimeZone, coveredUntil: coveredUntil(at), backfillDays: BACKFILL_DAYS, finalThrough: known });
            let answeredAt = Infinity;
            for (const part of splitForProbe(window, at)) {
              for (const span of chunkSpan(part.from, part.to, chunkDays())) answeredAt = Math.min(answeredAt, await fetchSpan(api, key, span.from, span.to, signal));
            }
            // Every API day from the first not known final was fetched now: those that had ended
            // LATE_API_MS before are final (a poll before then fetches them once more later).
            const final = finalDateAt(answeredAt, apiTimeZone);
            // Days before the backfill span are never asked again: they count as fetched.
            const first = known === null ? final : addDays(known, 1);
            const reached = Math.max(localDayBounds(first, apiTimeZone).start, backfillStart(at, localTimeZone, BACKFILL_DAYS));
            if (answeredAt !== Infinity && first <= final && window.from <= reached) {
              state = { ...state, finalThrough: { packageKey: key, apiTimeZone, date: final } };
            }
          });
          await save();
          await record({ lastAttemptAt: at, lastSuccessAt: clock(), problem: null });
        } catch (e) {
          return failed(e, at);
        }
      });
    },

    ensureDays(from, to, signal) {
      return serial(async () => {
        const now = clock();
        const start = localDayBounds(from, localTimeZone).start;
        const end = Math.min(localDayBounds(to, localTimeZone).end, now);
        if (history.packageKey !== NO_PACKAGE && end > start) {
          // Days not read at load (recentOnly), then what other processes saved meanwhile.
          historyProblems(await store.extend(history, start));
          await pickUpOthers();
        }
        distrustFutureCoverage(now);
        if (end <= start) return;
        // Held already for the package we know: no request at all.
        const known = state.package !== null && history.packageKey === state.package.key;
        if (known && missingRanges(history, start, end).length === 0) return;
        // A range fill is not a sync: it neither marks the figures fresh nor clears a problem (a
        // failure is the caller's to report, with the range it asked for).
        const api = await getClient();
        let fetched = false;
        await withPackage(api, false, signal, async (key) => {
          const gaps = missingRanges(history, start, end);
          if (gaps.length === 0) return;
          const first = gaps[0]!.from;
          const last = gaps[gaps.length - 1]!.to;
          for (const span of chunkSpan(first, last, chunkDays())) await fetchSpan(api, key, span.from, span.to, signal);
          fetched = true;
        });
        if (fetched) await save();
        // The package answer may be newer than the stored one.
        await record({});
      });
    },

    snapshot(syncing = false) {
      return buildSnapshot({ history, state, now: clock(), localTimeZone, apiTimeZone, intervalMs, syncing, ...(options.account ? { account: options.account() } : {}) });
    },
    history: () => history,
    state: () => state,
    resetClient() {
      client = null;
    },
    // Not behind the serial: a slow poll under way must not keep an outdated problem on screen.
    async forgetProblem(outdated) {
      if (state.problem !== null && outdated(state.problem)) await record({ problem: null });
    },
    setIntervalMs(ms) {
      intervalMs = ms;
    },
  };
}
