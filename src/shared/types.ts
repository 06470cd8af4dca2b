// Domain types shared by the core, the CLI, the tray and the renderer.
// Pure data: no Node, no DOM. Times are epoch milliseconds unless a field says otherwise.
import type { Money } from './money.js';

/** What a package key may look like (the API's are 20 hex characters); it names the history file. */
export const PACKAGE_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Package state from `GET resident/package`, normalised. */
export interface PackageInfo {
  /** The residential package key (not the API key; safe to show). */
  key: string;
  active: boolean;
  limitBytes: number;
  usedBytes: number;
  leftBytes: number;
  /**
   * Traffic the main package has reserved for its sub-user packages (`traffic_limit_sub`; 0 for a
   * sub-package or when the API gives none): limit = used + left + reserved, so the figures add up.
   */
  reservedBytes: number;
  /** Expiry instant, read in the API timezone; null when the API gives none. */
  expiresAt: number | null;
  autoRenew: boolean | null;
  rotationSeconds: number | null;
  tariffId: string | null;
}

/** What the keychain holds, shown without the key (the window's KeyStatus adds where it came from). */
export interface StoredKey {
  stored: boolean;
  /** Last four characters of the stored key, enough to recognise it without revealing it. */
  last4: string | null;
}

/** One hour of traffic for one list login. `start` is the instant the API hour starts. */
export interface HourSample {
  login: string;
  start: number;
  bytes: number;
}

/** One login's hours as parallel columns (an answer's hours without an object per hour). */
export interface LoginHours {
  login: string;
  starts: number[];
  bytes: number[];
}

/** The kinds of sync problem, listed once: ProblemKind and the stored state's schema come from here. */
export const PROBLEM_KINDS = [
  'access-denied', // the ambiguous "Error api key" triple: bad key, IP not allowed or rate limit
  'ip-not-allowed',
  'rate-limited',
  'no-package',
  'rejected',
  'transport',
  'malformed',
  'no-key',
  'keychain-unavailable',
  'config', // the setup cannot work as given (e.g. PROXY_SELLER_API_URL over plain http)
] as const;

export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** What the engine knows about a sync problem, safe to show (never holds the API key). */
export interface Problem {
  kind: ProblemKind;
  /** One sentence: what happened. */
  message: string;
  /** One sentence: what the user can do. */
  action: string;
  /**
   * The technical text behind it (error code, HTTP status, schema path, the API's own words), for a
   * "Details" disclosure and the log; never the key, never a URL.
   */
  detail?: string;
  /** The caller IP the API named, for `ip-not-allowed`. */
  ip?: string;
  /** When the API asked us to wait (rate limit), in ms. */
  retryAfterMs?: number;
  /** When that wait ends and polling resumes (epoch ms, fixed when the answer came; at most a day on). */
  retryAt?: number;
  /** True when the user must act (key, IP, package); false for passing faults. */
  needsAction: boolean;
}

export interface DayTotal {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  totalBytes: number;
  byLogin: Record<string, number>;
}

export interface RangeTotal {
  from: string;
  to: string;
  totalBytes: number;
  byLogin: Record<string, number>;
}

export type Forecast =
  | { kind: 'no-package' }
  /** The expiry has passed: whatever is left cannot be used. */
  | { kind: 'expired' }
  | {
      kind: 'no-usage';
      averageDailyBytes: 0;
      /** What is left expires unused (null without an expiry). */
      unusedAtExpiryBytes: number | null;
      /** What may be used per day to use it all by the expiry (null without an expiry). */
      dailyBudgetBytes: number | null;
    }
  | {
      kind: 'runs-out';
      averageDailyBytes: number;
      /** Local date the remaining traffic runs out at the current pace. */
      runsOutOn: string;
      /** The instant within that date, at the same pace (for "runs out today, around 19:00"). */
      runsOutAt: number;
      /** True when that date falls after the package expires. */
      lastsPastExpiry: boolean;
      /** Whole local days from the run-out date to the expiry date (negative: it lasts past it); null without an expiry. */
      daysBeforeExpiry: number | null;
      /** What will be left, unused, when the package expires at this pace (0 when it runs out first); null without an expiry. */
      unusedAtExpiryBytes: number | null;
      /** What may be used per day to use it all by the expiry (null without an expiry). */
      dailyBudgetBytes: number | null;
    };

/**
 * Login -> the list's title, for lists that have one (a deleted list's login has none: its login is
 * its name). Built with Object.fromEntries, read with `titleOf` (shared/titles.ts), never by `[]`.
 */
export type ListTitles = Readonly<Record<string, string>>;

/** The package's money as `resident/consumption` counts it (the package's whole period). */
export interface PackageSpend {
  /** Per Proxy-Seller GB (2^30 bytes). */
  pricePerGb: Money | null;
  /** Money spent on the traffic used, and paid for the traffic bought. */
  spent: Money | null;
  bought: Money | null;
  boughtBytes: number | null;
  usedBytes: number;
}

/** The next auto-renewal, when auto-renew is on: it fires on the expiry or when the traffic runs out, whichever comes first. */
export interface Renewal {
  /** Local date it renews (and charges) on. */
  on: string;
  /** It renews because the traffic runs out that day at the current pace, before the expiry. */
  trafficUsedUp: boolean;
  price: Money | null;
  balance: Money | null;
  /** What the balance lacks to pay it (zero when it can); null when the price or the balance is unknown. */
  short: Money | null;
  /** When the balance was read, if that is so long ago it may have changed (past twice its interval); else null. */
  balanceAsOf: number | null;
}

/** What to add for the traffic to last until the expiry at the current pace (only when it runs out before). */
export interface TopUp {
  /** Local date it should last until: the expiry's. */
  until: string;
  /** Whole Proxy-Seller GB (2^30 bytes) to add, rounded up. */
  soldGb: number;
  /** Their bytes (soldGb x 2^30). */
  bytes: number;
  /** soldGb x the price per GB; null without a price. */
  cost: Money | null;
  pricePerGb: Money | null;
}

/** Every money figure is optional: an account without them shows the rest and says nothing false. */
export interface MoneyFacts {
  pricePerGb: Money | null;
  /** The package's spend; null until consumption was read. */
  spend: PackageSpend | null;
  /** The month to date's traffic at the price per GB. */
  monthToDateCost: Money | null;
  balance: Money | null;
  renewal: Renewal | null;
  topUp: TopUp | null;
  /** When consumption was last read (null: never). */
  spendUpdatedAt: number | null;
  /** When the spend was read, if that is so long ago it may have changed (past twice its interval); else null. */
  spendAsOf: number | null;
  /** When the balance was read, if long ago (as spendAsOf); else null. */
  balanceAsOf: number | null;
}

/** No money figure known (an account that never answered them, or a fixture). */
export const NO_MONEY: MoneyFacts = { pricePerGb: null, spend: null, monthToDateCost: null, balance: null, renewal: null, topUp: null, spendUpdatedAt: null, spendAsOf: null, balanceAsOf: null };

/** One picture of the state, feeding the tray, the window, the notifications and the CLI alike. */
export interface Snapshot {
  generatedAt: number;
  localTimeZone: string;
  apiTimeZone: string;
  today: DayTotal;
  yesterday: DayTotal;
  monthToDate: RangeTotal;
  package: PackageInfo | null;
  forecast: Forecast;
  /** Last successful traffic sync. */
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** No good update within twice the polling interval, or the last attempt failed. */
  stale: boolean;
  problem: Problem | null;
  syncing: boolean;
  /** List titles by login (resident/lists, read at most hourly). */
  titles: ListTitles;
  money: MoneyFacts;
}
