// Money as the API writes it ("$14", "$2.20", "$1,234.50", maybe "€3,50", "12.40 USD" or a bare
// number) -> exact cents and an ISO currency. No float ever holds an amount: the digits are read as
// text. Anything else is unreadable (null), never a guess: a wrong amount is worse than none.
import { money, type Money } from '../../shared/money.js';

/** Symbols and words seen or likely in a Proxy-Seller amount; an ISO code (3 capitals) is read as itself. */
const SYMBOLS: ReadonlyArray<[string, string]> = [
  ['US$', 'USD'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['₽', 'RUB'],
  ['руб.', 'RUB'],
  ['руб', 'RUB'],
  ['₴', 'UAH'],
  ['грн', 'UAH'],
  ['₸', 'KZT'],
];

// Thin and no-break spaces group thousands in some locales.
const SPACES_RE = /[\s\u00a0\u202f]+/g;
const CODE_RE = /^[A-Z]{3}$/;

function splitCurrency(text: string): { number: string; currency: string | null } | null {
  let rest = text.replace(SPACES_RE, ' ').trim();
  let currency: string | null = null;
  for (const [symbol, code] of SYMBOLS) {
    const i = rest.indexOf(symbol);
    if (i === -1) continue;
    // One symbol, at either end (a sign may come before it: "-$3.50").
    const before = rest.slice(0, i).trim();
    const after = rest.slice(i + symbol.length).trim();
    if (before !== '' && before !== '-' && after !== '') return null;
    rest = `${before}${after}`;
    currency = code;
    break;
  }
  if (currency === null) {
    const m = /^([A-Z]{3})\s*(.+)$/.exec(rest) ?? /^(.+?)\s*([A-Z]{3})$/.exec(rest);
    if (m) {
      const [code, num] = CODE_RE.test(m[1]!) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
      currency = code;
      rest = num;
    }
  }
  return { number: rest.replace(/ /g, ''), currency };
}

/**
 * "1,234.50" / "1.234,50" / "3,50" / "14" -> [whole digits, fraction digits], or null. One mark
 * before exactly three digits ("1.234", "0,123") could group thousands or start decimals: only a
 * dollar amount is read (the US way: "$1,234" is 1234, "$2.205" is 2.205); in any other currency it
 * is unknown.
 */
function splitDecimal(num: string, currency: string | null): { whole: string; fraction: string } | null {
  if (!/^\d[\d.,]*$/.test(num) && !/^[.,]\d+$/.test(num)) return null;
  const marks = num.replace(/\d/g, '');
  if (marks.length === 1 && /[.,]\d{3}$/.test(num) && currency !== 'USD') return null;
  const lastDot = num.lastIndexOf('.');
  const lastComma = num.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot !== -1 && lastComma !== -1) decimalAt = Math.max(lastDot, lastComma);
  else if (lastComma !== -1) {
    // A lone comma before one or two digits is a decimal comma ("3,50"); else it groups thousands.
    const commas = num.split(',').length - 1;
    if (commas === 1 && /,\d{1,2}$/.test(num)) decimalAt = lastComma;
  } else if (lastDot !== -1) {
    // Several dots group thousands ("1.234.567"); one is the decimal point ("2.20").
    if (num.split('.').length - 1 === 1) decimalAt = lastDot;
  }
  const wholePart = decimalAt === -1 ? num : num.slice(0, decimalAt);
  const fraction = decimalAt === -1 ? '' : num.slice(decimalAt + 1);
  const sep = decimalAt === -1 ? null : (num[decimalAt] ?? null);
  // Grouping marks must group by three and be the other mark than the decimal one.
  const groups = wholePart.split(/[.,]/);
  if (groups.length > 1) {
    if (sep !== null && wholePart.includes(sep)) return null;
    // "0,123" groups nothing: no amount starts with a zero group.
    if (groups[0] === '' || groups[0]!.length > 3 || /^0/.test(groups[0]!) || groups.slice(1).some((g) => g.length !== 3)) return null;
  }
  if (!/^\d*$/.test(fraction)) return null;
  const whole = groups.join('');
  if (whole === '' && fraction === '') return null;
  return { whole: whole === '' ? '0' : whole, fraction };
}

/**
 * The amount, or null when it is absent or cannot be read exactly. More than two decimals are
 * rounded half up to the cent (a price such as "$2.205" is shown to the cent anyway).
 * `currency` stands in for an amount without a symbol (a bare number, "12.40").
 */
export function parseMoney(v: unknown, currency: string | null = null): Money | null {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // The shortest decimal that reads back as this number: "12.4" for 12.4, never 12.39999.
    text = String(v);
    if (/e/i.test(text)) return null;
  } else if (typeof v === 'string') text = v;
  else return null;
  const parts = splitCurrency(text);
  if (parts === null) return null;
  let num = parts.number;
  const negative = num.startsWith('-');
  if (negative) num = num.slice(1);
  const d = splitDecimal(num, parts.currency ?? currency);
  if (d === null) return null;
  const cents = BigInt(d.whole) * 100n + BigInt((d.fraction + '00').slice(0, 2));
  const roundUp = d.fraction.length > 2 && Number(d.fraction[2]) >= 5 ? 1n : 0n;
  const minor = Number(cents + roundUp);
  if (!Number.isSafeInteger(minor)) return null;
  return money(negative ? -minor : minor, parts.currency ?? currency);
}
