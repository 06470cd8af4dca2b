// `GET balance/get` and `GET autoprolong/calc/resident` data -> the balance and the next renewal's
// price. Neither answer has an outside sample beyond field names (`summ`; a price, an end date,
// tariff days, a `warning`): every field is optional and read under every likely spelling, and
// what cannot be read is unknown (null), so an account without them shows the rest.
import type { Money } from '../../shared/money.js';
import { parseExpiry } from './parse-expiry.js';
import { parseMoney } from './parse-money.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import { isRecord, pick, type Json } from './parse-values.js';

export interface RenewalQuote {
  /** What the next renewal will charge. */
  price: Money | null;
  /** When the renewed period would end (an instant, read in the API zone). */
  endsAt: number | null;
  /** The tariff's days. */
  days: number | null;
  /** The API's own words when the balance is short (shown as given, clipped). */
  warning: string | null;
}

/** The value itself, or the object's currency next to its amount ({summ: 12.4, currency: "USD"}). */
function currencyOf(obj: Json): string | null {
  const c = pick(obj, 'data', 'currency', 'currency_code', 'currencyCode').value;
  return typeof c === 'string' && /^[A-Za-z]{3}$/.test(c) ? c.toUpperCase() : null;
}

export function parseBalance(data: unknown, fallbackCurrency: string | null = null): Money | null {
  if (!isRecord(data)) return parseMoney(data, fallbackCurrency);
  const currency = currencyOf(data) ?? fallbackCurrency;
  const f = pick(data, 'data', 'summ', 'sum', 'balance', 'amount');
  return parseMoney(f.value, currency);
}

function wholeDays(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n <= 3660 ? n : null;
}

export function parseRenewalQuote(data: unknown, apiTimeZone: string, fallbackCurrency: string | null = null, report: ParseReport = createParseReport()): RenewalQuote {
  if (!isRecord(data)) return { price: null, endsAt: null, days: null, warning: null };
  const currency = currencyOf(data) ?? fallbackCurrency;
  const priceF = pick(data, 'data', 'price', 'summ', 'sum', 'total', 'amount', 'cost');
  const endF = pick(data, 'data', 'date_end', 'dateEnd', 'end_date', 'endDate', 'expired_at', 'expiredAt');
  const warningF = pick(data, 'data', 'warning', 'message');
  const endsAt = parseExpiry(endF.value, apiTimeZone, endF.path, report);
  const w = warningF.value;
  return {
    price: parseMoney(priceF.value, currency),
    endsAt,
    days: wholeDays(pick(data, 'data', 'days', 'tarif_days', 'tariff_days', 'tarifDays', 'period').value),
    warning: typeof w === 'string' && w.trim() !== '' ? w.trim().slice(0, 200) : null,
  };
}
