// Field readers shared by the parse-* modules. Each names the exact path it read when it rejects,
// so a changed API shows up as "data.traffic_limit: expected ..." rather than a NaN downstream.
import { MalformedResponseError } from './errors.js';
import { assertTimeZone } from '../../shared/time-zone.js';

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `data.traffic_limit`, or `data["2025-12-02 14:00:00"]` for keys that are not identifiers. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key.slice(0, 64))}]`;
}

/** A short, safe description of a value for messages: type, and a clipped preview of scalars. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 32 ? `${v.slice(0, 32)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return `a${typeof v === 'object' ? 'n object' : ` ${typeof v}`}`;
}

export function malformed(path: string, expected: string, got: unknown): MalformedResponseError {
  return new MalformedResponseError(`Unexpected Proxy-Seller answer at ${path}: expected ${expected}, got ${describe(got)}.`, path);
}

/** The first present (not undefined) of several spellings, with the path of the one found. */
export function pick(obj: Json, parent: string, ...keys: string[]): { value: unknown; path: string } {
  for (const k of keys) {
    if (obj[k] !== undefined) return { value: obj[k], path: childPath(parent, k) };
  }
  return { value: undefined, path: childPath(parent, keys[0] ?? '?') };
}

const DIGITS_RE = /^\s*\d+\s*$/;

/** A non-negative integer (bytes, ids): a JSON number or a numeric string such as "6836179461". */
export function readCount(v: unknown, path: string): number {
  let n: number | null = null;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && DIGITS_RE.test(v)) n = Number(v);
  if (n === null || !Number.isSafeInteger(n) || n < 0) throw malformed(path, 'a whole number >= 0 (number or numeric string)', v);
  return n;
}

/** Like readCount, but null/absent gives null. */
export function readOptionalCount(v: unknown, path: string): number | null {
  return v === null || v === undefined ? null : readCount(v, path);
}

/** A signed integer (rotation may be -1 for "no rotation"); null/absent gives null. */
export function readOptionalInt(v: unknown, path: string): number | null {
  if (v === null || v === undefined) return null;
  let n: number | null = null;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) n = Number(v);
  if (n === null || !Number.isSafeInteger(n)) throw malformed(path, 'a whole number', v);
  return n;
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'off']);

/** PHP backends mix true, 1 and "1"; all are read. null/absent gives null. */
export function readOptionalBool(v: unknown, path: string): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  throw malformed(path, 'a boolean (true/false, 1/0)', v);
}

export function readString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw malformed(path, 'a string', v);
  return v;
}

/** A string; numbers are accepted and written in decimal (ids, prices). null/absent/"" gives null. */
export function readOptionalText(v: unknown, path: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw malformed(path, 'a string', v);
  return v === '' ? null : v;
}

/** Parsers take the zone from settings; a bad one is a configuration error, not a bad answer. */
export { assertTimeZone };

/**
 * The items of a list answer: the docs show `{ items: [...] }`, the SDKs a plain array; both are
 * read. An empty PHP array may arrive as {} and a keyed one as an object of items.
 */
export function itemsOf(data: unknown, noun: string): { items: unknown[]; path: string } {
  if (Array.isArray(data)) return { items: data, path: 'data' };
  if (isRecord(data) && 'items' in data) {
    const items = data.items;
    if (Array.isArray(items)) return { items, path: 'data.items' };
    if (isRecord(items)) return { items: Object.values(items), path: 'data.items' };
    if (items === null) return { items: [], path: 'data.items' };
    throw malformed('data.items', `an array of ${noun}`, items);
  }
  if (data === null) return { items: [], path: 'data' };
  throw malformed('data', `an array of ${noun} or { items: [...] }`, data);
}
