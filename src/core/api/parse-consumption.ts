// `POST resident/consumption` data -> bytes and cost per list. All values arrive as strings
// ("6836179461", "$2.20"); numbers are read too. `*_formated` display twins are ignored. A bad list
// item is dropped and counted; the total is the essential figure and must be readable.
import { MalformedResponseError } from './errors.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import { childPath, isRecord, malformed, pick, readCount, readOptionalCount, readOptionalText, readString } from './parse-values.js';

export interface Consumption {
  usedBytes: number;
  pricePerGb: string | null;
  lists: Array<{ login: string; bytes: number; cost: string | null }>;
}

/** Display text only (a price, a cost): unreadable is unknown. */
function optionalText(v: unknown): string | null {
  try {
    return readOptionalText(v, '');
  } catch {
    return null;
  }
}

export function parseConsumption(data: unknown, report: ParseReport = createParseReport()): Consumption {
  // No consumption may come as an empty PHP array, like traffic/details.
  if ((Array.isArray(data) && data.length === 0) || data === null) return { usedBytes: 0, pricePerGb: null, lists: [] };
  if (!isRecord(data)) throw malformed('data', 'an object with used_bytes and lists', data);

  const listsF = pick(data, 'data', 'lists');
  const rawLists = listsF.value === undefined || listsF.value === null ? [] : listsF.value;
  const items = Array.isArray(rawLists) ? rawLists : isRecord(rawLists) ? Object.values(rawLists) : null;
  if (items === null) throw malformed(listsF.path, 'an array of lists', rawLists);
  const lists: Consumption['lists'] = [];
  items.forEach((item, i) => {
    const p = childPath(listsF.path, i);
    if (!isRecord(item)) return report.drop('not a list object', p);
    const bytesF = pick(item, p, 'bytes', 'used_bytes', 'usedBytes');
    try {
      const login = readString(item.login, childPath(p, 'login'));
      if (login.trim() === '') return report.drop('without a login', childPath(p, 'login'));
      const bytes = readCount(bytesF.value, bytesF.path);
      lists.push({ login, bytes, cost: optionalText(item.cost) });
    } catch (e) {
      if (!(e instanceof MalformedResponseError)) throw e;
      report.drop('unreadable', e.path);
    }
  });
  report.total(items.length, 'lists');
  const usedF = pick(data, 'data', 'used_bytes', 'usedBytes');
  // The total is the essential figure: with it read, lists that were all bad cost only themselves.
  if (items.length > 0 && lists.length === 0 && (usedF.value === undefined || usedF.value === null)) throw report.nothingUsable();

  const priceF = pick(data, 'data', 'price_per_gb', 'pricePerGb');
  return {
    usedBytes: readOptionalCount(usedF.value, usedF.path) ?? lists.reduce((s, l) => s + l.bytes, 0),
    pricePerGb: optionalText(priceF.value),
    lists,
  };
}
