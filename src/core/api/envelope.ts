// The `{ status, data, errors }` envelope every endpoint answers with, and what its error list means.
import {
  AccessDeniedError,
  IpNotAllowedError,
  NoPackageError,
  RateLimitedError,
  RejectedError,
  type ApiError,
  type ApiErrorItem,
} from './errors.js';
import { describe, isRecord } from './parse-values.js';

export interface Envelope {
  status: 'success' | 'error';
  data: unknown;
  errors: ApiErrorItem[];
  /** IPs found in the items' customData, for `IP not allowed` without an IP in its text. */
  customIps: string[];
}

/** Cleans server text before it reaches a message (the caller binds its secrets). */
export type Redact = (text: string) => string;

const MAX_MESSAGE = 300;

/** The envelope, or null when `json` is not one (no `status` of "success"/"error"). */
export function readEnvelope(json: unknown, redact: Redact): Envelope | null {
  if (!isRecord(json) || typeof json.status !== 'string') return null;
  const status = json.status.trim().toLowerCase();
  if (status !== 'success' && status !== 'error') return null;
  const { errors, customIps } = readErrorItems(json.errors, redact);
  return { status, data: json.data, errors, customIps };
}

/**
 * A JSON error without the envelope, `{ "message": "...", "code": 503 }` (the PHP SDK reads it): the
 * one error item it stands for, or null when `json` is something else.
 */
export function readBareError(json: unknown, redact: Redact): ApiErrorItem | null {
  if (!isRecord(json) || json.status !== undefined || typeof json.message !== 'string') return null;
  const code = typeof json.code === 'number' || typeof json.code === 'string' ? json.code : null;
  return { message: clip(redact(json.message)), code: typeof code === 'string' ? clip(redact(code)) : code };
}

function readErrorItems(raw: unknown, redact: Redact): { errors: ApiErrorItem[]; customIps: string[] } {
  // `errors` is documented as an array; a PHP map or a lone object is read leniently.
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? ('message' in raw ? [raw] : Object.values(raw)) : [];
  const errors: ApiErrorItem[] = [];
  const customIps: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      errors.push({ message: clip(redact(item)), code: null });
      continue;
    }
    if (!isRecord(item)) continue;
    // Read as text only: serialising whatever else came (an object nested 10,000 deep) could
    // exhaust the stack and would turn a business error into an untyped crash.
    const message = typeof item.message === 'string' ? item.message : item.message == null ? '' : `(a message that is not text: ${describe(item.message)})`;
    const code = typeof item.code === 'number' || typeof item.code === 'string' ? item.code : null;
    errors.push({ message: clip(redact(message)), code: typeof code === 'string' ? clip(redact(code)) : code });
    const ip = ipInCustomData(item.customData);
    if (ip !== null) customIps.push(ip);
  }
  return { errors, customIps };
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}

function ipInCustomData(cd: unknown): string | null {
  if (typeof cd === 'string') return cleanIp(cd);
  if (isRecord(cd) && typeof cd.ip === 'string') return cleanIp(cd.ip);
  return null;
}

/** A bare IPv4/IPv6 address from a token such as `[2001:db8::1]`, `1.2.3.4.` or `"1.2.3.4"`. */
/**
 * node:net, looked up when an answer names an IP: imported at the top it would be loaded (~2 ms, its
 * streams too) by every CLI start, a status bar's `today` every few seconds included.
 */
function isIP(text: string): number {
  return process.getBuiltinModule('node:net').isIP(text);
}

function cleanIp(token: string): string | null {
  const t = token.trim().replace(/^["'([<]+/, '').replace(/["')\]>.,;:!]+$/, '');
  // An IPv6 ending in "::" loses its colons to the trim above; put them back if that makes it valid.
  if (isIP(t) !== 0) return t;
  const v6 = token.trim().replace(/^["'([<]+/, '').replace(/["')\]>.,;!]+$/, '');
  return isIP(v6) === 6 ? v6 : null;
}

/** A "not found" message: unknown package, list or login filter. */
export const NOT_FOUND_RE = /^\s*not[-\s]found\b/i;

const RE = {
  apiKey: /^\s*error api key\b/i,
  ip: /^\s*ip\s+(?:address\s+)?(?:is\s+)?not allowed\b[\s:]*(.*)$/i,
  // The server's own helper (mirrored by the Go and Python SDKs) calls these access errors.
  auth: /^\s*error auth\./i,
  limit: /^\s*request limit reached\b/i,
  tarif: /^\s*tarif{1,2}\s+not\s+found\b/i,
  notFound: NOT_FOUND_RE,
  keyRequired: /\bkey is required\b/i,
};

/** The IP after "IP not allowed", or null when the message names none (or not a valid one). */
export function ipFromMessage(message: string): string | null {
  const m = RE.ip.exec(message);
  if (m === null) return null;
  const first = (m[1] ?? '').trim().split(/\s+/)[0] ?? '';
  return first === '' ? null : cleanIp(first);
}

function joined(items: readonly ApiErrorItem[]): string {
  return items.map((i) => i.message || (i.code === null ? '(no message)' : `code ${i.code}`)).join('; ');
}

/** Turns a `status: "error"` list into the typed error a caller can act on. */
export function classifyApiErrors(items: readonly ApiErrorItem[], customIps: readonly string[] = []): ApiError {
  const msgs = items.map((i) => i.message);
  const all = (re: RegExp): boolean => msgs.length > 0 && msgs.every((m) => re.test(m));
  const any = (re: RegExp): boolean => msgs.some((m) => re.test(m));

  if (any(RE.apiKey)) {
    return new AccessDeniedError(
      `Proxy-Seller refused access (${joined(items)}): the API key is wrong, this IP is not allowed, or the request limit was reached; the API does not say which.`,
      items,
    );
  }
  const authCode = (c: ApiErrorItem['code']): boolean => c === 2 || c === 3 || c === '2' || c === '3';
  if (all(RE.ip)) {
    const ip = msgs.map(ipFromMessage).find((x) => x !== null) ?? customIps[0] ?? null;
    return new IpNotAllowedError(
      ip === null ? 'Proxy-Seller: this IP is not allowed to use the API key.' : `Proxy-Seller: IP ${ip} is not allowed to use the API key.`,
      ip,
      items,
    );
  }
  if (any(RE.auth) || items.some((i) => authCode(i.code))) {
    return new AccessDeniedError(`Proxy-Seller refused access (${joined(items)}).`, items);
  }
  if (all(RE.limit)) {
    return new RateLimitedError(`Proxy-Seller rate limit reached (${joined(items)}).`, null, items);
  }
  if (any(RE.tarif) || (any(RE.notFound) && !any(RE.keyRequired))) {
    return new NoPackageError(`Proxy-Seller found no residential package (${joined(items)}).`, items);
  }
  if (items.length === 0) {
    return new RejectedError('Proxy-Seller answered status "error" without a message.', items);
  }
  return new RejectedError(joined(items), items);
}

export type Unwrapped = { data: unknown; warning: string | null };

/**
 * The envelope's data, or the classified error thrown. `status: "error"` with no messages and
 * non-null data is a warning: the data is used and the warning returned for the log.
 */
export function unwrapEnvelope(env: Envelope): Unwrapped {
  if (env.status === 'success') {
    return { data: env.data, warning: env.errors.length > 0 ? `Proxy-Seller answered success with messages: ${joined(env.errors)}` : null };
  }
  if (env.errors.length === 0 && env.data !== null && env.data !== undefined) {
    return { data: env.data, warning: 'Proxy-Seller answered status "error" without messages but with data; using the data.' };
  }
  throw classifyApiErrors(env.errors, env.customIps);
}
