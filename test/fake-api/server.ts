// A local fake of the Proxy-Seller residential API over real HTTP on 127.0.0.1, for tests, the bench
// and the app's demo mode. Only node:http and the repo's own code: no test framework, no API client.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zonedToEpoch } from '../../src/core/time/zoned.js';
import {
  ScenarioQueue,
  DEFAULT_DELAY_MS,
  accessTriple,
  asWarning,
  badRequest,
  cannedAnswer,
  jsonAnswer,
  keyRequired,
  notFound,
  notFoundPage,
  success,
  truncate,
  wrongShape,
  type ApiVersion,
  type Endpoint,
  type Envelope,
  type RawAnswer,
  type Scenario,
} from './scenarios.js';
import {
  DAY_MS,
  HOUR_MS,
  assertTimeZone,
  defaultLogins,
  generateTraffic,
  hexId,
  normaliseSeed,
  wallParts,
  type LoginProfile,
  type TrafficSample,
} from './traffic.js';

export type { ApiVersion, Endpoint, ScenarioKind, Scenario } from './scenarios.js';

export interface Variants {
  /** Default true (current docs): traffic_* as numeric strings. */
  packageNumbersAsStrings?: boolean;
  /**
   * '2026-06-13 23:59:59' ('iso', default), '31.12.2025 23:59:59' ('dmy'), '…23:59:59.999000'
   * ('fraction'), '2026-06-13T23:59:59+00:00' ('iso-offset', the instant in UTC), the PHP date object
   * of sub-user packages in UTC ('php-object'), or the v1 docs' literal 'd.m.Y' ('placeholder').
   */
  expiryFormat?: 'iso' | 'dmy' | 'fraction' | 'iso-offset' | 'php-object' | 'placeholder';
  /** Package fields left out, e.g. ['traffic_left'] (a v1-era SDK sample) or ['is_active']. */
  packageOmit?: string[];
  /** Odd items merged into every details answer (even one with no traffic): login -> hour key -> value. */
  detailsJunk?: Record<string, Record<string, unknown>>;
  /** Lists as the v1 docs show them: geo an array, export.ports a string, rotation descriptive text. */
  listsV1Docs?: boolean;
  /** packageKey, isActive, trafficLimit, ... instead of snake_case. */
  camelCasePackage?: boolean;
  /** lists data as {items:[...]} instead of a plain array. */
  listsAsItems?: boolean;
  /** Hour values as numeric strings. */
  detailsBytesAsStrings?: boolean;
  /** Default: number for v1, string for v2. */
  tarifIdAsString?: boolean;
}

export interface FakeApiOptions {
  /** The only key accepted; any other key gets the access triple. */
  apiKey: string;
  /** Default 0 (random). */
  port?: number;
  /** Clock; no traffic exists for hours that have not started yet. */
  now?: () => number;
  /** Default: 3 logins of 16 hex chars (one heavy, one medium, one light user). */
  logins?: string[];
  /** IANA zone the hour keys (and expired_at, and date filters) are written in; default 'UTC'. */
  hourKeyTimeZone?: string;
  seed?: number;
  /** Traffic exists from (clock at start) - historyDays; default 60. */
  historyDays?: number;
  package?: { limitBytes?: number; expiresAt?: number; active?: boolean; key?: string; autoRenew?: boolean };
  variants?: Variants;
  /** Called once per request when it is answered (or abandoned), with the redacted log entry. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  version: ApiVersion | null;
  endpoint: Endpoint | null;
  /** The request path with the key segment replaced by '{key}'. */
  path: string;
  /** Whether the (URL-decoded) key segment matched. */
  keyOk: boolean;
  /** Parsed JSON body or null. */
  body: unknown;
  /** HTTP status sent; 0 when the client went away before an answer. */
  status: number;
  /** The User-Agent header, if any. */
  userAgent: string | null;
}

export interface FakeApi {
  readonly port: number;
  /** Base URL up to and including the version segment, with trailing slash. */
  baseUrl(version?: ApiVersion): string;
  /** Pushes; counted (`times`) ones expire. */
  setScenario(s: Scenario): void;
  /** Scenarios back to ok, variants to options, log cleared (package and logins are kept). */
  reset(): void;
  /** Merged over the current variants. */
  setVariants(v: Variants): void;
  /** Merged over the current package, e.g. to simulate a renewal (later expiresAt) or a top-up (limit). */
  setPackage(p: FakeApiOptions['package']): void;
  setLogins(logins: string[]): void;
  /** The exact traffic the fake holds: buckets starting in [fromMs, toMs) that have started, non-zero only. */
  trafficBetween(fromMs: number, toMs: number, login?: string): Array<{ login: string; start: number; bytes: number }>;
  readonly requests: readonly RequestLogEntry[];
  close(): Promise<void>;
}

/** A package lasts 30 days; usage counts traffic from expiry - 30 days. */
export const PACKAGE_PERIOD_MS = 30 * DAY_MS;
export const DEFAULT_LIMIT_BYTES = 50e9;
const PRICE_PER_GB = 2.2;
const MAX_BODY_BYTES = 1 << 20;

const ROUTES: Record<string, { method: string; endpoint: Endpoint }> = {
  'resident/package': { method: 'GET', endpoint: 'package' },
  'resident/traffic/details': { method: 'POST', endpoint: 'details' },
  'resident/lists': { method: 'GET', endpoint: 'lists' },
  'resident/consumption': { method: 'POST', endpoint: 'consumption' },
};

interface PackageState {
  limitBytes: number;
  expiresAt: number;
  active: boolean;
  key: string;
  autoRenew: boolean;
}

type Body = Record<string, unknown>;

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const apiKey = options.apiKey;
  if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('fake API: apiKey must be a non-empty string');
  const now = options.now ?? Date.now;
  const zone = options.hourKeyTimeZone ?? 'UTC';
  assertTimeZone(zone);
  const seed = normaliseSeed(options.seed);
  const startedAt = now();
  const historyStartMs = startedAt - (options.historyDays ?? 60) * DAY_MS;
  const profiles = new Map<string, LoginProfile>();
  const queue = new ScenarioQueue();
  const log: RequestLogEntry[] = [];
  const cancels = new Set<() => void>();

  let logins = checkLogins(options.logins ?? defaultLogins(seed));
  let variants: Variants = { ...options.variants };
  const pkg: PackageState = {
    limitBytes: DEFAULT_LIMIT_BYTES,
    expiresAt: endOfDay(zone, startedAt + 20 * DAY_MS),
    active: true,
    key: hexId(seed, 0x9a0, 20),
    autoRenew: false,
  };
  applyPackage(pkg, options.package);

  const traffic = (q: {
    fromMs: number;
    toMs: number;
    logins: readonly string[];
    localHourFrom?: number;
    localHourTo?: number;
  }): TrafficSample[] => generateTraffic({ seed, zone, nowMs: now(), historyStartMs, ...q }, profiles);

  // ---------- answers ----------

  function usageBytes(): number {
    const to = Math.min(now(), pkg.expiresAt + 1);
    let sum = 0;
    for (const s of traffic({ fromMs: pkg.expiresAt - PACKAGE_PERIOD_MS, toMs: to, logins })) sum += s.bytes;
    return sum;
  }

  function packageAnswer(version: ApiVersion): Envelope {
    const usage = usageBytes();
    const asStrings = variants.packageNumbersAsStrings ?? true;
    const n = (v: number): string | number => (asStrings ? String(v) : v);
    const tarifAsString = variants.tarifIdAsString ?? version === 'v2';
    const w = wallParts(zone, pkg.expiresAt);
    const time = `${pad2(w.h)}:${pad2(w.mi)}:${pad2(w.s)}`;
    const isoDate = `${w.y}-${pad2(w.mo)}-${pad2(w.d)}`;
    const u = wallParts('UTC', pkg.expiresAt);
    const utcStamp = `${u.y}-${pad2(u.mo)}-${pad2(u.d)} ${pad2(u.h)}:${pad2(u.mi)}:${pad2(u.s)}`;
    const expiredForms: Record<NonNullable<Variants['expiryFormat']>, unknown> = {
      iso: `${isoDate} ${time}`,
      dmy: `${pad2(w.d)}.${pad2(w.mo)}.${w.y} ${time}`,
      fraction: `${isoDate} ${time}.${String(pkg.expiresAt % 1000).padStart(3, '0')}000`,
      'iso-offset': `${utcStamp.replace(' ', 'T')}+00:00`,
      'php-object': { date: `${utcStamp}.000000`, timezone_type: 3, timezone: 'UTC' },
      placeholder: 'd.m.Y',
    };
    const expired = expiredForms[variants.expiryFormat ?? 'iso'];
    const data: Record<string, unknown> = {
      rotation: 60,
      package_key: pkg.key,
      is_active: pkg.active,
      tarif_id: tarifAsString ? hexId(seed, 0x7a1, 24) : 2,
      is_link_date: false,
      traffic_limit: n(pkg.limitBytes),
      traffic_usage: n(usage),
      traffic_left: n(Math.max(0, pkg.limitBytes - usage)),
      traffic_usage_sub: n(0),
      traffic_limit_sub: n(0),
      traffic_left_sub: n(0),
      expired_at: expired,
      auto_renew: pkg.autoRenew,
    };
    for (const k of variants.packageOmit ?? []) delete data[k];
    if (!variants.camelCasePackage) return success(data);
    return success(Object.fromEntries(Object.entries(data).map(([k, v]) => [snakeToCamel(k), v])));
  }

  function detailsAnswer(body: Body): Envelope {
    const given = typeof body.packageKey === 'string' ? body.packageKey : typeof body.key === 'string' ? body.key : '';
    if (given === '') return keyRequired();
    if (given !== pkg.key) return notFound();
    const who = loginFilter(body);
    if (who === null) return notFound();
    const range = dayRange(body, { fromMs: now() - 30 * DAY_MS });
    if (typeof range === 'string') return badRequest(range);
    const samples = traffic({ ...range, logins: who });
    if (samples.length === 0 && variants.detailsJunk === undefined) return success([]);
    const asStrings = variants.detailsBytesAsStrings ?? false;
    const data: Record<string, Record<string, number | string>> = {};
    for (const s of samples) (data[s.login] ??= {})[s.key] = asStrings ? String(s.bytes) : s.bytes;
    const junk: Record<string, Record<string, unknown>> = data;
    for (const [login, hours] of Object.entries(variants.detailsJunk ?? {})) junk[login] = { ...junk[login], ...hours };
    return success(junk);
  }

  function listsAnswer(): Envelope {
    const items = logins.map((login, i) => listItem(seed, login, i, variants.listsV1Docs === true));
    return success(variants.listsAsItems ? { items } : items);
  }

  function consumptionAnswer(body: Body): Envelope {
    const who = loginFilter(body);
    if (who === null) return notFound();
    const range = dayRange(body, { fromMs: pkg.expiresAt - PACKAGE_PERIOD_MS });
    if (typeof range === 'string') return badRequest(range);
    const perLogin = new Map<string, number>(who.map((l) => [l, 0]));
    for (const s of traffic({ ...range, logins: who })) perLogin.set(s.login, (perLogin.get(s.login) ?? 0) + s.bytes);
    let used = 0;
    for (const b of perLogin.values()) used += b;
    return success({
      package_key: pkg.key,
      orders_amount: dollars(pkg.limitBytes),
      orders_bytes: String(pkg.limitBytes),
      orders_bytes_formated: gbText(pkg.limitBytes),
      price_per_gb: '$2.20',
      used_bytes: String(used),
      used_bytes_formated: gbText(used),
      used_orders_amount: dollars(used),
      lists: [...perLogin].map(([login, bytes]) => ({
        login,
        bytes: String(bytes),
        bytes_formated: gbText(bytes),
        cost: dollars(bytes),
      })),
    });
  }

  /** [] of all logins, one login, or null for an unknown login. */
  function loginFilter(body: Body): string[] | null {
    const l = body.login;
    if (l === undefined || l === null || l === '') return logins;
    const login = String(l);
    return logins.includes(login) ? [login] : null;
  }

  /** Whole days, inclusive, in the key zone; or an error message. */
  function dayRange(
    body: Body,
    fallback: { fromMs: number },
  ): { fromMs: number; toMs: number; localHourFrom?: number; localHourTo?: number } | string {
    const start = parseDay(body.date_start);
    const end = parseDay(body.date_end);
    if (start === 'invalid') return 'Invalid date_start';
    if (end === 'invalid') return 'Invalid date_end';
    const margin = 15 * HOUR_MS; // more than any zone offset, so the bucket walk covers the local days
    const firstDay = start ?? (end === undefined ? undefined : end - 29);
    return {
      fromMs: firstDay === undefined ? fallback.fromMs : firstDay * DAY_MS - margin,
      toMs: end === undefined ? Infinity : (end + 1) * DAY_MS + margin,
      ...(firstDay === undefined ? {} : { localHourFrom: firstDay * 24 }),
      ...(end === undefined ? {} : { localHourTo: (end + 1) * 24 }),
    };
  }

  // ---------- HTTP ----------

  const redactString = (s: string): string => {
    let out = s.split(apiKey).join('{key}');
    const encoded = encodeURIComponent(apiKey);
    if (encoded !== apiKey) out = out.split(encoded).join('{key}');
    return out;
  };
  const redactValue = (v: unknown): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (Array.isArray(v)) return v.map(redactValue);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactString(k), redactValue(x)]));
    }
    return v;
  };

  function finish(entry: RequestLogEntry, res: ServerResponse, a: RawAnswer): void {
    if (res.destroyed || res.writableEnded) return;
    entry.status = a.status;
    // The Date header tells the fake's own clock (it may be a test's), as a real server tells its own.
    res.writeHead(a.status, { date: new Date(now()).toUTCString(), ...a.headers, 'content-length': Buffer.byteLength(a.body) });
    res.end(a.body);
  }

  /** Waits ms unless the client leaves (false) or the server closes. */
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (answered: boolean): void => {
        clearTimeout(timer);
        res.off('close', onClose);
        cancels.delete(cancel);
        resolve(answered);
      };
      const onClose = (): void => done(false);
      const cancel = (): void => done(false);
      const timer = setTimeout(() => done(true), ms);
      res.once('close', onClose);
      cancels.add(cancel);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const search = q === -1 ? '' : rawUrl.slice(q);
    const segs = pathname.split('/');
    // ['', 'personal', 'api', version, key, ...rest]
    const hasKeySeg = segs.length >= 5 && segs[1] === 'personal' && segs[2] === 'api';
    const keySeg = hasKeySeg ? (segs[4] ?? '') : '';
    if (hasKeySeg) segs[4] = '{key}';
    let path = redactString(segs.join('/') + search);
    // A key encoded some other way (e.g. lowercase %2f) must not survive either.
    if (safeDecode(path).includes(apiKey)) path = `${redactString(segs.join('/'))}?{redacted}`;
    if (safeDecode(path).includes(apiKey)) path = '/{redacted}';
    const version: ApiVersion | null = hasKeySeg && (segs[3] === 'v1' || segs[3] === 'v2') ? segs[3] : null;
    const keyOk = hasKeySeg && decodeKey(keySeg) === apiKey;
    const routeName = segs.slice(5).join('/').replace(/\/+$/, '');
    const route = version !== null ? ROUTES[routeName] : undefined;
    const endpoint = route && route.method === method ? route.endpoint : null;

    const entry: RequestLogEntry = { at, method, version, endpoint, path, keyOk, body: null, status: 0, userAgent: req.headers['user-agent'] ?? null };
    res.once('close', () => options.onRequest?.(entry));

    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      log.push(entry);
      if (!res.destroyed) finish(entry, res, jsonAnswer(badRequest('Request body too large')));
      return;
    }
    let parsed: unknown = null;
    let malformed = false;
    if (raw.trim() !== '') {
      try {
        parsed = JSON.parse(raw);
      } catch {
        malformed = true;
      }
    }
    entry.body = redactValue(parsed);
    log.push(entry);

    if (endpoint === null || version === null) return finish(entry, res, notFoundPage());

    const scenario = queue.take(endpoint);
    const canned = cannedAnswer(scenario);
    if (canned) return finish(entry, res, canned);
    if (scenario.kind === 'slow' && !(await wait(scenario.delayMs ?? DEFAULT_DELAY_MS, res))) return;

    let envelope: Envelope;
    if (!keyOk) envelope = accessTriple();
    else if (malformed && (endpoint === 'details' || endpoint === 'consumption')) {
      envelope = badRequest('Invalid JSON body');
    } else {
      const body: Body = isRecord(parsed) ? parsed : {};
      envelope =
        endpoint === 'package'
          ? packageAnswer(version)
          : endpoint === 'details'
            ? detailsAnswer(body)
            : endpoint === 'lists'
              ? listsAnswer()
              : consumptionAnswer(body);
      if (scenario.kind === 'warning') envelope = asWarning(envelope);
      if (scenario.kind === 'wrong-shape' && envelope.status === 'success') {
        envelope = wrongShape(endpoint, envelope.data);
      }
    }
    const answer = jsonAnswer(envelope);
    finish(entry, res, scenario.kind === 'truncated' ? truncate(answer) : answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // A bug in the fake must not hang the client; never echo the error (it could hold the path).
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('fake API internal error');
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    baseUrl: (version: ApiVersion = 'v1') => `http://127.0.0.1:${port}/personal/api/${version}/`,
    setScenario: (s) => queue.push(s),
    reset() {
      queue.reset();
      variants = { ...options.variants };
      log.length = 0;
    },
    setVariants(v) {
      variants = { ...variants, ...v };
    },
    setPackage: (p) => applyPackage(pkg, p),
    setLogins(l) {
      logins = checkLogins(l);
    },
    trafficBetween(fromMs, toMs, login) {
      const who = login === undefined ? logins : [login];
      return traffic({ fromMs, toMs, logins: who }).map(({ login: l, start, bytes }) => ({ login: l, start, bytes }));
    },
    get requests() {
      return log;
    },
    close() {
      for (const cancel of [...cancels]) cancel();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// ---------- helpers ----------

function applyPackage(pkg: PackageState, p: FakeApiOptions['package']): void {
  if (!p) return;
  if (p.limitBytes !== undefined) pkg.limitBytes = p.limitBytes;
  if (p.expiresAt !== undefined) pkg.expiresAt = p.expiresAt;
  if (p.active !== undefined) pkg.active = p.active;
  if (p.key !== undefined) pkg.key = p.key;
  if (p.autoRenew !== undefined) pkg.autoRenew = p.autoRenew;
}

function checkLogins(l: string[]): string[] {
  if (!Array.isArray(l) || l.some((x) => typeof x !== 'string' || x === '')) {
    throw new TypeError('fake API: logins must be non-empty strings');
  }
  return [...new Set(l)];
}

/** 23:59:59 on the zone's calendar day of instant t. */
function endOfDay(zone: string, t: number): number {
  const w = wallParts(zone, t);
  return zonedToEpoch(zone, w.y, w.mo, w.d, 23, 59, 59);
}

function decodeKey(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isRecord(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** dd.mm.yyyy or yyyy-mm-dd to a day index (days since 1970-01-01); undefined when absent. */
function parseDay(v: unknown): number | undefined | 'invalid' {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return 'invalid';
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'invalid';
  const dmy = v.includes('.');
  const y = Number(dmy ? m[3] : m[1]);
  const mo = Number(m[2]);
  const d = Number(dmy ? m[1] : m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return 'invalid';
  return ms / DAY_MS;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function snakeToCamel(k: string): string {
  return k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The API's display sizes: binary gigabytes, one decimal, labelled "GB" ("100.0 GB" for 100 GiB). */
function gbText(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GB`;
}

/** "$14", "$3.5", "$0.07": cost at the package price, per binary gigabyte as the docs' example works out. */
function dollars(bytes: number): string {
  return `$${Math.round((bytes / 2 ** 30) * PRICE_PER_GB * 100) / 100}`;
}

const TITLES = ['Main scraper', 'Price monitor DE', 'Ads check US', 'SERP tracker', 'Social accounts', 'QA geo tests'];
const GEOS = [
  { country: 'US', region: 'Washington', city: 'Garfield', isp: 'FIRST-STEP' },
  { country: 'DE', region: 'State of Berlin', city: 'Berlin', isp: 'Deutsche Telekom AG' },
  { country: 'GB', region: 'England', city: 'London', isp: 'BT' },
  { country: 'IN', region: 'Maharashtra', city: 'Mumbai', isp: 'Reliance Jio' },
];
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function listItem(seed: number, login: string, i: number, v1Docs: boolean): Record<string, unknown> {
  const h = hexId(seed, 0x1157 + i, 16);
  const password = Array.from({ length: 8 }, (_, j) => ALNUM[parseInt(h.slice(j * 2, j * 2 + 2), 16) % ALNUM.length]).join('');
  return {
    id: 20_000_000 + (parseInt(h.slice(8, 14), 16) % 1_000_000),
    title: TITLES[i % TITLES.length] ?? 'List',
    login,
    password,
    whitelist: '',
    rotation: v1Docs ? 'A new IP for every request' : ([-1, 0, 60, 300][i % 4] ?? 0),
    geo: v1Docs ? [GEOS[i % GEOS.length] ?? GEOS[0], { country: 'AT,AL' }] : (GEOS[i % GEOS.length] ?? GEOS[0]),
    export: { ports: v1Docs ? '10' : 10, ext: 'txt' },
  };
}
