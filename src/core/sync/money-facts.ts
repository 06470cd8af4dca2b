// The money picture from the package, its forecast and the account's answers: what the month cost,
// when auto-renew charges and whether the balance pays it, and what a top-up lasting until the
// expiry would cost. Pure; every figure is null when what it rests on is unknown.
import { costOfBytes, soldGbFor, subtractMoney, timesMoney, SOLD_GB_BYTES, type Money } from '../../shared/money.js';
import type { Forecast, MoneyFacts, PackageInfo, PackageSpend, Renewal, TopUp } from '../../shared/types.js';
import { lastsPastExpiry } from '../../shared/forecast-text.js';
import { localDateOf } from '../../shared/local-dates.js';
import { DAY_MS } from '../../shared/time-constants.js';
import type { AccountState, HeldSpend } from './account-state.js';
import { BALANCE_MAX_AGE_MS, CONSUMPTION_IDLE_MAX_AGE_MS } from './account-sync.js';

export interface MoneyInput {
  account: AccountState;
  pkg: PackageInfo | null;
  forecast: Forecast;
  monthToDateBytes: number;
  now: number;
  /** The user's zone: the dates are local dates. */
  zone: string;
}

/** The traffic runs out before the package expires, at the current pace. */
function runsOutFirst(f: Forecast, pkg: PackageInfo): f is Extract<Forecast, { kind: 'runs-out' }> {
  return f.kind === 'runs-out' && !lastsPastExpiry(f) && (pkg.expiresAt === null || f.runsOutAt < pkg.expiresAt);
}

/** A part's answer read longer ago than twice its interval (or "in the future": the clock went back) may be out of date: when it was read. */
function asOf(okAt: number | undefined, maxAgeMs: number, now: number): number | null {
  if (okAt === undefined) return null;
  return okAt > now || now - okAt > 2 * maxAgeMs ? okAt : null;
}

function renewal(input: MoneyInput, price: Money | null, balance: Money | null, balanceAsOf: number | null): Renewal | null {
  const { pkg, forecast: f, now, zone } = input;
  if (pkg === null || pkg.autoRenew !== true || !pkg.active || f.kind === 'expired') return null;
  let on: string;
  let trafficUsedUp: boolean;
  if (pkg.leftBytes <= 0) [on, trafficUsedUp] = [localDateOf(now, zone), true];
  else if (runsOutFirst(f, pkg)) [on, trafficUsedUp] = [f.runsOutOn, true];
  else if (pkg.expiresAt !== null) [on, trafficUsedUp] = [localDateOf(pkg.expiresAt, zone), false];
  else return null;
  const lack = price !== null && balance !== null ? subtractMoney(price, balance) : null;
  const short = lack === null ? null : lack.minor > 0 ? lack : { minor: 0, currency: lack.currency };
  return { on, trafficUsedUp, price, balance, short, balanceAsOf };
}

function topUp(input: MoneyInput, price: Money | null): TopUp | null {
  const { pkg, forecast: f, now, zone } = input;
  if (pkg === null || !pkg.active || pkg.expiresAt === null || pkg.expiresAt <= now || !runsOutFirst(f, pkg)) return null;
  // At this pace until the expiry, less what is left.
  const need = Math.ceil((f.averageDailyBytes * (pkg.expiresAt - now)) / DAY_MS) - Math.max(0, pkg.leftBytes);
  if (need <= 0) return null;
  const soldGb = soldGbFor(need);
  return { until: localDateOf(pkg.expiresAt, zone), soldGb, bytes: soldGb * SOLD_GB_BYTES, cost: price === null ? null : timesMoney(price, soldGb), pricePerGb: price };
}

function withoutKey(v: HeldSpend): PackageSpend {
  return { pricePerGb: v.pricePerGb, spent: v.spent, bought: v.bought, boughtBytes: v.boughtBytes, usedBytes: v.usedBytes };
}

export function moneyFacts(input: MoneyInput): MoneyFacts {
  const { account, pkg } = input;
  const held = account.consumption;
  // Spend of another package (renewed since under a new key) is not this one's.
  const spendIsThis = held !== null && (held.value.packageKey === null || pkg === null || held.value.packageKey === pkg.key);
  const price = held?.value.pricePerGb ?? null;
  const balance = account.balance?.value ?? null;
  const quotePrice = account.renewal?.value.price ?? null;
  const balanceAsOf = asOf(account.balance?.okAt, BALANCE_MAX_AGE_MS, input.now);
  return {
    pricePerGb: price,
    spend: spendIsThis && held !== null ? withoutKey(held.value) : null,
    monthToDateCost: price === null ? null : costOfBytes(input.monthToDateBytes, price),
    balance,
    renewal: renewal(input, quotePrice, balance, balanceAsOf),
    topUp: topUp(input, price),
    spendUpdatedAt: held?.okAt ?? null,
    spendAsOf: asOf(held?.okAt, CONSUMPTION_IDLE_MAX_AGE_MS, input.now),
    balanceAsOf,
  };
}
