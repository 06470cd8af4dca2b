// The money figures in words, for the window, the tray, the notifications and the CLI: one home, so
// every surface says the same. Pure; amounts from shared/money.ts, dates in the user's locale.
// Prices and top-ups are per Proxy-Seller's "GB", which is 2^30 bytes (what it sells and prices):
// written "GiB" here, so "70.29 GB at $2.20/GB" never seems not to multiply out beside a decimal GB.
import { moneyText, type Money } from './money.js';
import { localDateOf, shortDateText } from './local-dates.js';
import type { PackageSpend, Renewal, TopUp } from './types.js';

export interface MoneyTextContext {
  /** The instant the figures are for, and the user's zone: "today" and the year shown depend on them. */
  now: number;
  zone: string;
  /** Dates and amounts in this locale; default en-US. */
  locale?: string;
}

function day(date: string, ctx: MoneyTextContext): string {
  return shortDateText(date, localDateOf(ctx.now, ctx.zone), ctx.locale ?? 'en-US');
}

function amount(m: Money, ctx: MoneyTextContext): string {
  return moneyText(m, ctx.locale ?? 'en-US');
}

/** "$2.20/GiB". */
export function priceText(price: Money, ctx: MoneyTextContext): string {
  return `${amount(price, ctx)}/GiB`;
}

/** " (as of Nov 23)": a figure read so long ago it may have changed since. */
function asOfText(at: number | null, ctx: MoneyTextContext): string {
  return at === null ? '' : ` (as of ${day(localDateOf(at, ctx.zone), ctx)})`;
}

/** "Spent $14.00 of $220.00 bought", "Spent $14.00", "… (as of Nov 23)" when read long ago, or '' when neither is known. */
export function spendText(spend: PackageSpend | null, ctx: MoneyTextContext, asOf: number | null = null): string {
  if (spend === null || spend.spent === null) return '';
  const text = spend.bought === null ? `Spent ${amount(spend.spent, ctx)}` : `Spent ${amount(spend.spent, ctx)} of ${amount(spend.bought, ctx)} bought`;
  return `${text}${asOfText(asOf, ctx)}`;
}

/**
 * "Auto-renews on Dec 17 for $110.00; balance $12.40, short by $97.60", "… (traffic used up) …",
 * "…; balance $200.00 pays it". Parts that are unknown are left out, never guessed.
 */
export function renewalText(r: Renewal, ctx: MoneyTextContext): string {
  const why = r.trafficUsedUp ? ' (traffic used up)' : '';
  const price = r.price === null ? '' : ` for ${amount(r.price, ctx)}`;
  let balance = '';
  if (r.balance !== null) {
    balance = `; balance ${amount(r.balance, ctx)}${asOfText(r.balanceAsOf, ctx)}`;
    if (r.short !== null) balance += r.short.minor > 0 ? `, short by ${amount(r.short, ctx)}` : ' pays it';
  }
  return `Auto-renews on ${day(r.on, ctx)}${why}${price}${balance}`;
}

/** "To last until Dec 17 at this pace, add about 6 GiB (about $13.20 at $2.20/GiB)". */
export function topUpText(t: TopUp, ctx: MoneyTextContext): string {
  const cost = t.cost !== null && t.pricePerGb !== null ? ` (about ${amount(t.cost, ctx)} at ${priceText(t.pricePerGb, ctx)})` : '';
  return `To last until ${day(t.until, ctx)} at this pace, add about ${t.soldGb} GiB${cost}`;
}

/** The renewal cannot be paid: the balance, as last read, is short. */
export function renewalIsShort(r: Renewal | null): boolean {
  return r !== null && r.short !== null && r.short.minor > 0;
}

/** Short by a balance read recently enough to act on (an alert never fires from a balance days old). */
export function renewalIsSurelyShort(r: Renewal | null): boolean {
  return renewalIsShort(r) && r !== null && r.balanceAsOf === null;
}
