// The account's answers beside the traffic: list titles at most hourly, the package's spend at most
// every 15 minutes and only while something shows it (else daily, for the price the tray's figures
// use), the balance and the renewal quote hourly; each on a manual refresh too. A part that fails
// keeps its last good value and waits its own interval before it is asked again: these figures are
// never worth a request storm, and their failure never fails the traffic sync.
import type { PackageInfo } from '../../shared/types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../shared/time-constants.js';
import type { ApiClient, Consumption } from '../api/client.js';
import { isProblemError, toProblem, TransportError } from '../api/errors.js';
import type { Clock, Logger } from '../ports.js';
import { silentLogger } from '../ports.js';
import { createSerial } from '../serial.js';
import { titlesFrom } from '../../shared/titles.js';
import { initialAccountState, loadAccountState, MAX_SAVED_LOGIN, mergeAccountStates, saveAccountState, spendOf, type AccountState, type PartName } from './account-state.js';
import { errorMessage } from '../../shared/error-message.js';

export const LISTS_MAX_AGE_MS = HOUR_MS;
export const CONSUMPTION_MAX_AGE_MS = 15 * MINUTE_MS;
/** Nothing shows the spend: the price is still read once a day for the figures that use it. */
export const CONSUMPTION_IDLE_MAX_AGE_MS = DAY_MS;
export const BALANCE_MAX_AGE_MS = HOUR_MS;

export interface AccountSyncOptions {
  dataDir: string;
  clock: Clock;
  logger?: Logger;
}

export interface AccountRefresh {
  /** Opened only when some part is due. */
  client: () => Promise<ApiClient>;
  /** The package as last read (the renewal quote is asked only with auto-renew on). */
  pkg: PackageInfo | null;
  /** A manual refresh: every part now. */
  force?: boolean;
  /** Something shows the spend now (the window, a `cost` command): it may be 15 minutes old at most. */
  wantSpend?: boolean;
  /** Only these parts (a CLI command asks for what it shows); default all. */
  parts?: readonly PartName[];
  signal?: AbortSignal;
}

export interface AccountSync {
  /** Reads the saved state; returns what was wrong with it. */
  init(): Promise<string[]>;
  /** Asks for the parts that are due; never throws for an answer that failed (it is recorded). */
  refresh(options: AccountRefresh): Promise<void>;
  state(): AccountState;
  /**
   * The package's whole-period consumption, read by someone else (the CLI's `cost`): taken as this
   * part's answer, so nothing asks the API for it again within its interval.
   */
  noteConsumption(c: Consumption, packageKey: string | null): Promise<void>;
}

const ALL_PARTS: readonly PartName[] = ['lists', 'consumption', 'balance', 'renewal'];

export function createAccountSync(options: AccountSyncOptions): AccountSync {
  const { dataDir, clock } = options;
  const log = options.logger ?? silentLogger;
  let state: AccountState = initialAccountState;
  const serial = createSerial();

  /** Due when never asked, asked longer than `maxAge` ago, or asked "in the future" (the clock was set back). */
  function due(part: PartName, maxAge: number, now: number): boolean {
    const at = state.attempts[part]?.at;
    return at === undefined || at > now || now - at >= maxAge;
  }

  function spendDue(o: AccountRefresh, now: number): boolean {
    const held = state.consumption;
    // A renewed package (new key) has a new spend: read it sooner, but still at most every 15
    // minutes (consumption may go on naming another key, and must not be asked at every poll).
    const otherKey = held !== null && o.pkg !== null && held.value.packageKey !== null && held.value.packageKey.toLowerCase() !== o.pkg.key.toLowerCase();
    if (otherKey) return state.attempts.consumption?.forKey !== o.pkg?.key || due('consumption', CONSUMPTION_MAX_AGE_MS, now);
    return due('consumption', o.wantSpend ? CONSUMPTION_MAX_AGE_MS : CONSUMPTION_IDLE_MAX_AGE_MS, now);
  }

  async function ask(part: PartName, work: () => Promise<Partial<AccountState>>, forKey?: string): Promise<void> {
    const at = clock();
    const tag = forKey === undefined ? {} : { forKey };
    try {
      const patch = await work();
      state = { ...state, ...patch, attempts: { ...state.attempts, [part]: { at, problem: null, ...tag } } };
    } catch (e) {
      // Shutting down: nothing to record.
      if (e instanceof TransportError && e.cause === 'aborted') throw e;
      // Any failure (an API problem, or a bug reading an answer) is this part's alone: recorded, so
      // it waits its interval, and never thrown into the traffic poll.
      const problem = isProblemError(e) ? toProblem(e) : null;
      const message = problem?.message ?? `unexpected error (${e instanceof Error ? e.name : 'error'})`;
      log.warn(`${part}: ${message}${problem?.detail ? ` (${problem.detail})` : ''}`);
      state = { ...state, attempts: { ...state.attempts, [part]: { at, problem: message, ...tag } } };
    }
  }

  /**
   * The app and the CLI share the file: what another process read since is taken up, part by part,
   * whichever was asked last, so neither asks again for what the other just fetched nor writes over it.
   */
  async function takeUpDisk(): Promise<void> {
    const disk = (await loadAccountState(dataDir, clock(), { quiet: true })).state;
    state = mergeAccountStates(state, disk);
  }

  /** Written merged with what another process wrote since; a folder that cannot be written costs the saved copy, not the figures in memory. */
  async function persist(): Promise<void> {
    await takeUpDisk();
    try {
      await saveAccountState(dataDir, state);
    } catch (e) {
      log.warn(`The list titles and money figures could not be saved: ${errorMessage(e)}`);
    }
  }

  return {
    async init() {
      const loaded = await loadAccountState(dataDir, clock());
      state = loaded.state;
      return loaded.problem ? [loaded.problem] : [];
    },

    refresh(o) {
      return serial(async () => {
        await takeUpDisk();
        const now = clock();
        const parts = new Set(o.parts ?? ALL_PARTS);
        const force = o.force === true;
        const { signal } = o;
        let opened: ApiClient | null = null;
        const api = async (): Promise<ApiClient> => (opened ??= await o.client());
        let changed = false;
        if (parts.has('lists') && (force || due('lists', LISTS_MAX_AGE_MS, now))) {
          changed = true;
          await ask('lists', async () => {
            const lists = await (await api()).getLists(signal);
            // A login longer than the file keeps has no saved title (its login stays its name).
            const pairs = Object.entries(titlesFrom(lists.filter((l) => l.login.length <= MAX_SAVED_LOGIN).map((l) => [l.login, l.title] as const)));
            return { lists: { value: pairs, okAt: clock() } };
          });
        }
        if (parts.has('consumption') && (force || spendDue(o, now))) {
          changed = true;
          await ask('consumption', async () => {
            const c = await (await api()).getConsumption({}, signal);
            return { consumption: { value: spendOf(c), okAt: clock() } };
          }, o.pkg?.key);
        }
        // The balance and the quote are in the spend's currency when they name none.
        const currency = state.consumption?.value.pricePerGb?.currency ?? null;
        if (parts.has('balance') && (force || due('balance', BALANCE_MAX_AGE_MS, now))) {
          changed = true;
          await ask('balance', async () => ({ balance: { value: await (await api()).getBalance(currency, signal), okAt: clock() } }));
        }
        // Without auto-renew there is no renewal to price: a held quote is dropped, not shown.
        if (parts.has('renewal') && o.pkg !== null && o.pkg.autoRenew !== true && state.renewal !== null) {
          changed = true;
          state = { ...state, renewal: null };
        }
        if (parts.has('renewal') && o.pkg?.autoRenew === true && (force || due('renewal', BALANCE_MAX_AGE_MS, now))) {
          changed = true;
          await ask('renewal', async () => ({ renewal: { value: await (await api()).getRenewalQuote(currency, signal), okAt: clock() } }));
        }
        if (changed) await persist();
      });
    },

    state: () => state,

    noteConsumption(c, packageKey) {
      return serial(async () => {
        const at = clock();
        state = { ...state, consumption: { value: spendOf(c), okAt: at }, attempts: { ...state.attempts, consumption: { at, problem: null, ...(packageKey === null ? {} : { forKey: packageKey }) } } };
        // The newest ask of the part: the merge with the file keeps it.
        await persist();
      });
    },
  };
}
