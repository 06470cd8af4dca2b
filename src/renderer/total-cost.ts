// What the chart table's total cost says on hover. Every cost in the table is its own bytes at the
// price, to the cent; the total's is the total bytes', so the rounded rows (or lists) may add up to
// a cent or so more or less: the note says so rather than letting the figures quietly disagree. Pure.
import { moneyText, type Money } from '../shared/money.js';
import { priceText, type MoneyTextContext } from '../shared/money-text.js';

/**
 * What the total's cost says on hover: "$14.03: the total bytes at $2.20/GiB; the rows, each rounded
 * to the cent, add up to $14.02." (the second part only when they differ).
 */
export function totalCostNote(total: Money, parts: readonly Money[], price: Money, what: string, ctx: MoneyTextContext): string {
  const rule = `${moneyText(total, ctx.locale)}: the total bytes at ${priceText(price, ctx)}`;
  const sum = parts.reduce((a, c) => a + c.minor, 0);
  if (sum === total.minor) return `${rule}.`;
  return `${rule}; ${what}, each rounded to the cent, add up to ${moneyText({ minor: sum, currency: total.currency }, ctx.locale)}.`;
}
