// `POST resident/consumption` data -> bytes and cost per list. All values arrive as strings
// ("6836179461", "$2.20"); numbers are read too. `*_formated` display twins are ignored.
import { childPath, isRecord, malformed, pick, readCount, readOptionalCount, readOptionalText, readString } from './parse-values.js';

export interface Consumption {
  usedBytes: number;
  pricePerGb: string | null;
  lists: Array<{ login: string; bytes: number; cost: string | null }>;
}

export function parseConsumption(data: unknown): Consumption {
  // No consumption may come as an empty PHP array, like traffic/details.
  if ((Array.isArray(data) && data.length === 0) || data === null) return { usedBytes: 0, pricePerGb: null, lists: [] };
  if (!isRecord(data)) throw malformed('data', 'an object with used_bytes and lists', data);

  const listsF = pick(data, 'data', 'lists');
  const rawLists = listsF.value === undefined || listsF.value === null ? [] : listsF.value;
  const items = Array.isArray(rawLists) ? rawLists : isRecord(rawLists) ? Object.values(rawLists) : null;
  if (items === null) throw malformed(listsF.path, 'an array of lists', rawLists);
  const lists = items.map((item, i) => {
    const p = childPath(listsF.path, i);
    if (!isRecord(item)) throw malformed(p, 'an object { login, bytes, cost }', item);
    const bytesF = pick(item, p, 'bytes', 'used_bytes', 'usedBytes');
    return {
      login: readString(item.login, childPath(p, 'login')),
      bytes: readCount(bytesF.value, bytesF.path),
      cost: readOptionalText(item.cost, childPath(p, 'cost')),
    };
  });

  const usedF = pick(data, 'data', 'used_bytes', 'usedBytes');
  const priceF = pick(data, 'data', 'price_per_gb', 'pricePerGb');
  return {
    usedBytes: readOptionalCount(usedF.value, usedF.path) ?? lists.reduce((s, l) => s + l.bytes, 0),
    pricePerGb: readOptionalText(priceF.value, priceF.path),
    lists,
  };
}
