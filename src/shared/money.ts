// Money, exactly: whole minor units (cents) with the ISO currency the API's symbol named, never a
// float. Proxy-Seller prices traffic per "GB" of 2^30 bytes (its consumption figures work out that
// way: 6,836,179,461 bytes at $2.20/GB is its "$14"), so every cost here is worked out per 2^30
// bytes. Pure: the window, the tray and the CLI share it.

/** An amount in hundredths of the currency's unit (cents), a safe integer; `currency` an ISO 4217 code, or null when the API gave a bare number. */
export interface Money {
  readonly minor: number;
  readonly currency: string | null;
}

/** The "GB" Proxy-Seller sells and prices: 2^30 bytes. */
export const SOLD_GB_BYTES = 2 ** 30;

const MINOR_PER_UNIT = 100n;

export function money(minor: number, currency: string | null): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`money: ${minor} is not a whole number of cents`);
  return { minor, currency };
}

/** "14.00", "-3.50": the amount with two places, as JSON carries it (no symbol, no grouping). */
export function moneyDecimal(m: Money): string {
  const neg = m.minor < 0;
  const abs = BigInt(Math.abs(m.minor));
  const units = abs / MINOR_PER_UNIT;
  const cents = abs % MINOR_PER_UNIT;
  return `${neg ? '-' : ''}${units}.${cents.toString().padStart(2, '0')}`;
}

/** "$14.00", "€3.50" in `locale`; "14.00" without a currency. */
export function moneyText(m: Money, locale = 'en-US'): string {
  if (m.currency === null) return moneyDecimal(m);
  try {
    // The decimal string, not a float: Intl formats a numeric string exactly.
    return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      moneyDecimal(m) as unknown as number,
    );
  } catch {
    return `${moneyDecimal(m)} ${m.currency}`;
  }
}

/** Two amounts can be added or compared only in one currency; a bare number takes the other's. */
function sameCurrency(a: Money, b: Money): string | null | undefined {
  if (a.currency === null) return b.currency;
  if (b.currency === null || b.currency === a.currency) return a.currency;
  return undefined;
}

/** a - b, or null when the currencies differ (nothing false is said then). */
export function subtractMoney(a: Money, b: Money): Money | null {
  const currency = sameCurrency(a, b);
  if (currency === undefined) return null;
  return money(a.minor - b.minor, currency);
}

/** n times an amount (whole n). */
export function timesMoney(m: Money, n: number): Money {
  if (!Number.isSafeInteger(n)) throw new RangeError(`money: ${n} is not a whole number`);
  const minor = BigInt(m.minor) * BigInt(n);
  return money(Number(minor), m.currency);
}

/** What `bytes` cost at `pricePerGb` (per 2^30 bytes), to the nearest cent (half up), in whole-integer arithmetic. */
export function costOfBytes(bytes: number, pricePerGb: Money): Money {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`money: ${bytes} is not a byte count`);
  const gib = BigInt(SOLD_GB_BYTES);
  const minor = (BigInt(bytes) * BigInt(pricePerGb.minor) * 2n + gib) / (2n * gib);
  return money(Number(minor), pricePerGb.currency);
}

/** Whole sold GB (2^30 bytes) needed to cover `bytes`, rounded up. */
export function soldGbFor(bytes: number): number {
  return bytes <= 0 ? 0 : Math.ceil(bytes / SOLD_GB_BYTES);
}
