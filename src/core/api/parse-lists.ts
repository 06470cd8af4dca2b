// `GET resident/lists` data -> login/title pairs. The docs show `{ items: [...] }`, every SDK a plain
// array: both are read. Passwords are secrets and are not even copied. A bad item (no login, not an
// object) is dropped and counted; a field that is only for display and cannot be read is left empty.
import { createParseReport, type ParseReport } from './parse-report.js';
import { childPath, isRecord, itemsOf, type Json } from './parse-values.js';

export interface ListInfo {
  id: number | null;
  login: string;
  title: string;
  /** Seconds (-1 none, 0 a new IP per request), or the descriptive text older docs show. */
  rotation: number | string | null;
  /** Country codes of the list's geo (an object or an array of them; "AT,AL" is two). */
  countries: string[];
  /** How many ports the list exports. */
  ports: number | null;
}

const INT_RE = /^\s*-?\d+\s*$/;

function wholeNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && INT_RE.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

function text(v: unknown, max = 200): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.trim() === '') return null;
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

function countriesOf(geo: unknown): string[] {
  const parts = Array.isArray(geo) ? geo : [geo];
  const out = new Set<string>();
  for (const g of parts) {
    if (!isRecord(g) || typeof g.country !== 'string') continue;
    for (const c of g.country.split(',')) {
      const code = c.trim();
      if (code !== '') out.add(code.slice(0, 16));
    }
  }
  return [...out];
}

function readItem(item: Json): Omit<ListInfo, 'login'> {
  const id = wholeNumber(item.id);
  const rotation = wholeNumber(item.rotation) ?? text(item.rotation, 64);
  const ports = isRecord(item.export) ? wholeNumber(item.export.ports) : null;
  return {
    id: id !== null && id >= 0 ? id : null,
    title: text(item.title ?? item.name) ?? '',
    rotation,
    countries: countriesOf(item.geo),
    ports: ports !== null && ports >= 0 ? ports : null,
  };
}

export function parseLists(data: unknown, report: ParseReport = createParseReport()): ListInfo[] {
  const { items, path } = itemsOf(data, 'lists');
  const out: ListInfo[] = [];
  items.forEach((item, i) => {
    const p = childPath(path, i);
    if (!isRecord(item)) return report.drop('not a list object', p);
    // Kept as sent, like the logins of traffic/details and consumption, so the three always match.
    const login = typeof item.login === 'string' ? item.login : '';
    if (login.trim() === '') return report.drop('without a login', childPath(p, 'login'));
    out.push({ login, ...readItem(item) });
  });
  report.total(items.length, 'lists');
  if (items.length > 0 && out.length === 0) throw report.nothingUsable();
  return out;
}
