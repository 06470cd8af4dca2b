// The CLI's money output: `cost` (JSON and table) and the money part of `package`. Amounts in JSON
// are decimal strings with two places ("14.00": never a float), with the ISO currency beside them;
// null where the API said nothing. Pure.
import type { Consumption } from '../core/api/parse-consumption.js';
import { formatBytes, type Units } from '../shared/bytes.js';
import { costOfBytes, moneyDecimal, moneyText, type Money } from '../shared/money.js';
import { terminalText } from './reports.js';
import { spendOf } from '../core/sync/account-state.js';
import { priceText, renewalText, spendText, topUpText, type MoneyTextContext } from '../shared/money-text.js';
import { titleOf } from '../shared/titles.js';
import type { ListTitles, MoneyFacts } from '../shared/types.js';

/** "14.00", or null. */
export function decimalOrNull(m: Money | null): string | null {
  return m === null ? null : moneyDecimal(m);
}

/** The first currency the amounts name ("USD" for "$"), or null. */
export function currencyOf(...amounts: ReadonlyArray<Money | null>): string | null {
  return amounts.find((m) => m !== null && m.currency !== null)?.currency ?? null;
}

export interface CostList {
  login: string;
  title: string | null;
  bytes: number;
  cost: Money | null;
}

/** Lists by traffic, most first; a list's cost is the API's, else its bytes at the price (null without either). */
export function costLists(c: Consumption, titles: ListTitles): CostList[] {
  return c.lists
    .map((l) => ({ login: l.login, title: titleOf(titles, l.login), bytes: l.bytes, cost: l.cost ?? (c.pricePerGb === null ? null : costOfBytes(l.bytes, c.pricePerGb)) }))
    .sort((a, b) => b.bytes - a.bytes || a.login.localeCompare(b.login));
}

export interface CostJson {
  from: string | null;
  to: string | null;
  currency: string | null;
  pricePerGb: string | null;
  spent: string | null;
  bought: string | null;
  boughtBytes: number | null;
  usedBytes: number;
  lists: Array<{ login: string; title: string | null; bytes: number; cost: string | null }>;
}

export function costJson(range: { from: string | null; to: string | null }, c: Consumption, titles: ListTitles): CostJson {
  return {
    from: range.from,
    to: range.to,
    currency: currencyOf(c.pricePerGb, c.spent, c.bought, ...c.lists.map((l) => l.cost)),
    pricePerGb: decimalOrNull(c.pricePerGb),
    spent: decimalOrNull(c.spent),
    bought: decimalOrNull(c.bought),
    boughtBytes: c.boughtBytes,
    usedBytes: c.usedBytes,
    lists: costLists(c, titles).map((l) => ({ login: l.login, title: l.title, bytes: l.bytes, cost: decimalOrNull(l.cost) })),
  };
}

/** Sum of amounts in one currency; null when one is unknown or the currencies differ. */
function sumMoney(amounts: ReadonlyArray<Money | null>): Money | null {
  let minor = 0;
  let currency: string | null = null;
  for (const m of amounts) {
    if (m === null) return null;
    if (m.currency !== null && currency !== null && m.currency !== currency) return null;
    currency ??= m.currency;
    minor += m.minor;
  }
  return { minor, currency };
}

/** Columns padded to their widest cell; `right` ones aligned right (figures). */
function aligned(rows: ReadonlyArray<readonly string[]>, right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/**
 * The table of `cost`: list title, login, traffic, cost; a totals line; then the package's words
 * ("Spent $14.00 of $220.00 bought, at $2.20/GB"). The totals are the rows' sums, so the table adds
 * up; where the API's own totals differ (per-list rounding, traffic of lists deleted since), a line
 * says so rather than show two totals that disagree in silence.
 */
export function costText(range: { from: string | null; to: string | null }, c: Consumption, titles: ListTitles, units: Units, ctx: MoneyTextContext): string {
  const locale = ctx.locale ?? 'en-US';
  const amount = (m: Money | null) => (m === null ? 'not known' : moneyText(m, locale));
  const lists = costLists(c, titles);
  const head = range.from === null ? "The package's whole period" : range.from === range.to ? `${range.from}` : `${range.from} to ${range.to}`;
  const lines = [head];
  if (lists.length === 0) lines.push('No traffic in that range.');
  else {
    const bytes = lists.reduce((s, l) => s + l.bytes, 0);
    const total = sumMoney(lists.map((l) => l.cost));
    const rows = [['List', 'Login', 'Traffic', 'Cost'], ...lists.map((l) => [terminalText(l.title ?? ''), terminalText(l.login), formatBytes(l.bytes, units), amount(l.cost)]), ['Total', '', formatBytes(bytes, units), amount(total)]];
    const body = aligned(rows, new Set([2, 3]));
    const width = Math.max(...body.map((l) => l.length));
    lines.push(...body.slice(0, -1), '-'.repeat(width), body.at(-1)!);
    if (bytes !== c.usedBytes) lines.push(`The API counts ${formatBytes(c.usedBytes, units)} used in all (lists deleted since are not in the table).`);
    if (total !== null && c.spent !== null && total.minor !== c.spent.minor) lines.push(`The lists' costs are rounded to the cent each; the API's total is ${amount(c.spent)}.`);
  }
  const spend = spendText(spendOf(c), ctx);
  const price = c.pricePerGb === null ? '' : `at ${priceText(c.pricePerGb, ctx)}`;
  const words = [spend, price].filter((w) => w !== '').join(', ');
  lines.push(words === '' ? 'The API gave no prices for this account.' : words);
  return lines.join('\n');
}

export interface RenewalJson {
  on: string;
  price: string | null;
  balance: string | null;
  short: string | null;
}

export interface TopUpJson {
  until: string;
  gb: number;
  cost: string | null;
}

/** The money fields `package --json` adds after the package's own. */
export interface PackageMoneyJson {
  currency: string | null;
  pricePerGb: string | null;
  spent: string | null;
  bought: string | null;
  balance: string | null;
  renewal: RenewalJson | null;
  topUp: TopUpJson | null;
}

export function packageMoneyJson(m: MoneyFacts): PackageMoneyJson {
  const r = m.renewal;
  const t = m.topUp;
  return {
    currency: currencyOf(m.pricePerGb, m.spend?.spent ?? null, m.balance, r?.price ?? null),
    pricePerGb: decimalOrNull(m.pricePerGb),
    spent: decimalOrNull(m.spend?.spent ?? null),
    bought: decimalOrNull(m.spend?.bought ?? null),
    balance: decimalOrNull(m.balance),
    renewal: r === null ? null : { on: r.on, price: decimalOrNull(r.price), balance: decimalOrNull(r.balance), short: decimalOrNull(r.short) },
    topUp: t === null ? null : { until: t.until, gb: t.soldGb, cost: decimalOrNull(t.cost) },
  };
}

/** The money rows of the `package` table (label, text); none for what is unknown. */
export function packageMoneyRows(m: MoneyFacts, ctx: MoneyTextContext): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (m.pricePerGb !== null) rows.push(['Price', priceText(m.pricePerGb, ctx)]);
  const spend = spendText(m.spend, ctx, m.spendAsOf);
  if (spend !== '') rows.push(['Spend', spend]);
  if (m.balance !== null && m.renewal === null) rows.push(['Balance', moneyText(m.balance, ctx.locale ?? 'en-US')]);
  if (m.renewal !== null) rows.push(['Renewal', renewalText(m.renewal, ctx)]);
  if (m.topUp !== null) rows.push(['Top up', topUpText(m.topUp, ctx)]);
  return rows;
}
