// `GET resident/lists` data -> login/title pairs. The docs show `{ items: [...] }`, every SDK a plain
// array: both are read. Passwords are secrets and are not even copied.
import { childPath, isRecord, malformed, readOptionalCount, readOptionalText, readString } from './parse-values.js';

export interface ListInfo {
  id: number | null;
  login: string;
  title: string;
}

function itemsOf(data: unknown): { items: unknown[]; path: string } {
  if (Array.isArray(data)) return { items: data, path: 'data' };
  if (isRecord(data) && 'items' in data) {
    const items = data.items;
    if (Array.isArray(items)) return { items, path: 'data.items' };
    // An empty PHP array may arrive as {}; a keyed PHP array as an object of items.
    if (isRecord(items)) return { items: Object.values(items), path: 'data.items' };
    if (items === null) return { items: [], path: 'data.items' };
    throw malformed('data.items', 'an array of lists', items);
  }
  if (data === null) return { items: [], path: 'data' };
  throw malformed('data', 'an array of lists or { items: [...] }', data);
}

export function parseLists(data: unknown): ListInfo[] {
  const { items, path } = itemsOf(data);
  return items.map((item, i) => {
    const p = childPath(path, i);
    if (!isRecord(item)) throw malformed(p, 'a list object', item);
    const login = readString(item.login, childPath(p, 'login'));
    if (login === '') throw malformed(childPath(p, 'login'), 'a non-empty login', login);
    return {
      id: readOptionalCount(item.id, childPath(p, 'id')),
      login,
      title: readOptionalText(item.title ?? item.name, childPath(p, 'title')) ?? '',
    };
  });
}
