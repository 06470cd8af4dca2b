// `POST resident/consumption` data -> bytes and cost per list, money spent and bought. All values
// arrive as strings ("6836179461", "$2.20"); numbers are read too. `*_formated` display twins are
// ignored. A bad list item is dropped and counted; the total is the essential figure and must be
// readable; an amount that cannot be read exactly is unknown (null), never a guess.
import { MalformedResponseError } from './errors.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import { childPath, isRecord, malformed, pick, readCount, readOptionalCount, readString } from './parse-values.js';
import { parseMoney } from './parse-money.js';
import type { Money } from '../../shared/money.js';
import { PACKAGE_KEY_PATTERN } from '../../shared/types.js';

export interface Consumption {
  /** The package the figures are of (the API finds it from the key); null when not said. */
  packageKey: string | null;
  usedBytes: number;
  /** Per Proxy-Seller GB (2^30 bytes). */
  pricePerGb: Money | null;
  /** Money spent on the traffic used (`used_orders_amount`). */
  spent: Money | null;
  /** Money paid for the traffic bought (`orders_amount`), and how much that was (`orders_bytes`). */
  bought: Money | null;
  boughtBytes: number | null;
  lists: Array<{ login: string; bytes: number; cost: Money | null }>;
}

const NONE: Consumption = { packageKey: null, usedBytes: 0, pricePerGb: null, spent: null, bought: null, boughtBytes: null, lists: [] };

/** A count that is only a figure beside the essential ones: unreadable is unknown. */
function optionalCount(v: unknown, path: string): number | null {
  try {
    return readOptionalCount(v, path);
  } catch {
    return null;
  }
}

export function parseConsumption(data: unknown, report: ParseReport = createParseReport()): Consumption {
  // No consumption may come as an empty PHP array, like traffic/details.
  if ((Array.isArray(data) && data.length === 0) || data === null) return { ...NONE, lists: [] };
  if (!isRecord(data)) throw malformed('data', 'an object with used_bytes and lists', data);

  const listsF = pick(data, 'data', 'lists');
  const rawLists = listsF.value === undefined || listsF.value === null ? [] : listsF.value;
  const items = Array.isArray(rawLists) ? rawLists : isRecord(rawLists) ? Object.values(rawLists) : null;
  if (items === null) throw malformed(listsF.path, 'an array of lists', rawLists);
  // An amount without a symbol is in the currency the others name (the price's first).
  const priceF = pick(data, 'data', 'price_per_gb', 'pricePerGb');
  const spentF = pick(data, 'data', 'used_orders_amount', 'usedOrdersAmount');
  const boughtF = pick(data, 'data', 'orders_amount', 'ordersAmount');
  const currency = [priceF, spentF, boughtF].map((f) => parseMoney(f.value)?.currency ?? null).find((c) => c !== null) ?? null;
  const lists: Consumption['lists'] = [];
  items.forEach((item, i) => {
    const p = childPath(listsF.path, i);
    if (!isRecord(item)) return report.drop('not a list object', p);
    const bytesF = pick(item, p, 'bytes', 'used_bytes', 'usedBytes');
    try {
      const login = readString(item.login, childPath(p, 'login'));
      if (login.trim() === '') return report.drop('without a login', childPath(p, 'login'));
      const bytes = readCount(bytesF.value, bytesF.path);
      lists.push({ login, bytes, cost: parseMoney(item.cost, currency) });
    } catch (e) {
      if (!(e instanceof MalformedResponseError)) throw e;
      report.drop('unreadable', e.path);
    }
  });
  report.total(items.length, 'lists');
  const usedF = pick(data, 'data', 'used_bytes', 'usedBytes');
  // The total is the essential figure: with it read, lists that were all bad cost only themselves.
  if (items.length > 0 && lists.length === 0 && (usedF.value === undefined || usedF.value === null)) throw report.nothingUsable();

  const keyF = pick(data, 'data', 'package_key', 'packageKey');
  const boughtBytesF = pick(data, 'data', 'orders_bytes', 'ordersBytes');
  return {
    packageKey: typeof keyF.value === 'string' && PACKAGE_KEY_PATTERN.test(keyF.value) ? keyF.value : null,
    usedBytes: readOptionalCount(usedF.value, usedF.path) ?? lists.reduce((s, l) => s + l.bytes, 0),
    pricePerGb: parseMoney(priceF.value, currency),
    spent: parseMoney(spentF.value, currency),
    bought: parseMoney(boughtF.value, currency),
    boughtBytes: optionalCount(boughtBytesF.value, boughtBytesF.path),
    lists,
  };
}
