// A local fake of the Proxy-Seller residential API over real HTTP on 127.0.0.1, for tests and the
// bench. The answers are the core's (src/core/demo/api.ts, which the demo uses in process); the
// fake adds what only tests need: real HTTP, fault scenarios, the documented variants of the
// answers' shapes, hour keys in any zone (by its own Intl arithmetic, see traffic.ts) and a
// redacted request log. Only node:http and the repo's own code: no test framework, no API client.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequest, jsonAnswer, notFoundPage, type Envelope, type RawAnswer } from '../../src/core/demo/answers.js';
import { createDemoApi, type DemoApi, type DemoMoney, type DemoPackage, type DemoSubPackage } from '../../src/core/demo/api.js';
import { ScenarioQueue, DEFAULT_DELAY_MS, asWarning, cannedAnswer, truncate, wrongShape, type ApiVersion, type Endpoint, type Scenario } from './scenarios.js';
import { hexId, wallParts, zoneCalendar } from './traffic.js';

export { PACKAGE_PERIOD_MS, DEFAULT_LIMIT_BYTES } from '../../src/core/demo/api.js';
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
  /**
   * An account the money answers do not cover: balance/get and autoprolong/calc/resident are not
   * found (the 404 page), consumption has bytes but no price, spend or purchase.
   */
  noMoney?: boolean;
  /** details `date_end` is exclusive (the day before it is the last one answered); default inclusive. */
  detailsEndExclusive?: boolean;
  /** The API writes traffic late: every answer tells the traffic as it stood this many minutes ago. */
  lagMinutes?: number;
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
  package?: Partial<DemoPackage>;
  /** List titles by login (default: generic ones by position). */
  titles?: Record<string, string>;
  /** The account's balance as balance/get answers it (default 12.4). */
  money?: Partial<DemoMoney>;
  variants?: Variants;
  /** Sub-user packages of the account (each reserves its limit from the main package). */
  subPackages?: ReadonlyArray<Partial<DemoSubPackage>>;
  /**
   * More accounts, each with its own key, package, lists, sub-packages and traffic (a different
   * seed by default), served on the same port: the route is chosen by the key in the URL.
   */
  otherAccounts?: ReadonlyArray<FakeAccountOptions>;
  /** Called once per request when it is answered (or abandoned), with the redacted log entry. */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** One more account of the fake (FakeApiOptions.otherAccounts). */
export interface FakeAccountOptions {
  apiKey: string;
  seed?: number;
  logins?: string[];
  package?: Partial<DemoPackage>;
  titles?: Record<string, string>;
  money?: Partial<DemoMoney>;
  subPackages?: ReadonlyArray<Partial<DemoSubPackage>>;
}

/** One account's answers, to drive it from a test. */
export interface FakeAccount {
  readonly apiKey: string;
  readonly package: Readonly<DemoPackage>;
  readonly subPackages: readonly Readonly<DemoSubPackage>[];
  setPackage(p: Partial<DemoPackage>): void;
  /** Merged over one of its sub-packages (a top-up of its limit, say). */
  setSubPackage(packageKey: string, p: Partial<Pick<DemoSubPackage, 'limitBytes' | 'expiresAt' | 'active'>>): void;
  trafficBetween(fromMs: number, toMs: number, login?: string): Array<{ login: string; start: number; bytes: number }>;
  subTrafficBetween(packageKey: string, fromMs: number, toMs: number, login?: string): Array<{ login: string; start: number; bytes: number }>;
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
  /** Bytes of the answer's body sent (0 before an answer). */
  bytes: number;
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
  /** Merged over the account's money (a top-up of the balance). */
  setMoney(m: Partial<DemoMoney>): void;
  /** Each account by its key (the first is the one of `apiKey`); throws for an unknown key. */
  account(apiKey: string): FakeAccount;
  /** The main account's sub-packages. */
  readonly subPackages: readonly Readonly<DemoSubPackage>[];
  /** The exact traffic the fake holds: buckets starting in [fromMs, toMs) that have started, non-zero only. */
  trafficBetween(fromMs: number, toMs: number, login?: string): Array<{ login: string; start: number; bytes: number }>;
  readonly requests: readonly RequestLogEntry[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

type Body = Record<string, unknown>;

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const apiKey = options.apiKey;
  if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('fake API: apiKey must be a non-empty string');
  const now = options.now ?? Date.now;
  const zone = options.hourKeyTimeZone ?? 'UTC';
  let variants: Variants = { ...options.variants };
  const makeApi = (o: FakeAccountOptions): DemoApi =>
    createDemoApi({
      apiKey: o.apiKey,
      // The answers' clock: behind the real one by the lag, if any (the Date header keeps the real one).
      now: () => now() - (variants.lagMinutes ?? 0) * 60_000,
      calendar: zoneCalendar(zone),
      ...(o.logins === undefined ? {} : { logins: o.logins }),
      ...(o.seed === undefined ? {} : { seed: o.seed }),
      ...(options.historyDays === undefined ? {} : { historyDays: options.historyDays }),
      ...(o.package === undefined ? {} : { package: o.package }),
      ...(o.titles === undefined ? {} : { titles: o.titles }),
      ...(o.money === undefined ? {} : { money: o.money }),
      ...(o.subPackages === undefined ? {} : { subPackages: o.subPackages }),
    });
  const api = makeApi({
    apiKey,
    ...(options.logins === undefined ? {} : { logins: options.logins }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.package === undefined ? {} : { package: options.package }),
    ...(options.titles === undefined ? {} : { titles: options.titles }),
    ...(options.money === undefined ? {} : { money: options.money }),
    ...(options.subPackages === undefined ? {} : { subPackages: options.subPackages }),
  });
  // Every account by its key; another account's seed differs unless given, so its traffic does too.
  const apis = new Map<string, DemoApi>([[apiKey, api]]);
  (options.otherAccounts ?? []).forEach((o, i) => {
    if (apis.has(o.apiKey)) throw new TypeError('fake API: two accounts with the same key');
    apis.set(o.apiKey, makeApi({ ...o, seed: o.seed ?? (options.seed ?? 1) + 1000 * (i + 1) }));
  });
  const allKeys = [...apis.keys()];
  /** The account a request's key segment names (the main one when none matches: it answers the access triple). */
  const apiFor = (pathname: string): DemoApi => {
    const segs = pathname.split('/');
    const given = segs.length >= 5 ? safeDecode(segs[4] ?? '') : '';
    return apis.get(given) ?? api;
  };
  const fakeAccount = (a: DemoApi, key: string): FakeAccount => ({
    apiKey: key,
    get package() {
      return a.package;
    },
    subPackages: a.subPackages,
    setPackage: (p) => a.setPackage(p),
    setSubPackage: (k, p) => a.setSubPackage(k, p),
    trafficBetween: (f, t, l) => a.trafficBetween(f, t, l).map(({ login: x, start, bytes }) => ({ login: x, start, bytes })),
    subTrafficBetween: (k, f, t, l) => a.subTrafficBetween(k, f, t, l).map(({ login: x, start, bytes }) => ({ login: x, start, bytes })),
  });
  const queue = new ScenarioQueue();
  const log: RequestLogEntry[] = [];
  const cancels = new Set<() => void>();

  // ---------- variants: the core's answer reshaped as the docs or other API versions show it ----------

  function withVariants(endpoint: Endpoint, version: ApiVersion, e: Envelope, a: DemoApi): Envelope {
    if (e.status !== 'success') return e;
    switch (endpoint) {
      case 'package':
        return { ...e, data: packageVariant(version, e.data as Body, a) };
      case 'details':
        return { ...e, data: detailsVariant(e.data) };
      case 'lists':
        return { ...e, data: listsVariant(e.data as Body[]) };
      case 'consumption':
        return variants.noMoney ? { ...e, data: withoutMoney(e.data as Body) } : e;
      case 'balance':
      case 'renewal':
      case 'subpackages':
        return e;
    }
  }

  function withoutMoney(core: Body): Body {
    const { price_per_gb: _p, used_orders_amount: _u, orders_amount: _o, orders_bytes: _b, ...rest } = core;
    const lists = Array.isArray(rest.lists) ? rest.lists.map((l: Body) => ({ login: l.login, bytes: l.bytes })) : rest.lists;
    return { ...rest, lists };
  }

  function packageVariant(version: ApiVersion, core: Body, a: DemoApi): Body {
    const data: Body = { ...core };
    if (variants.packageNumbersAsStrings === false) {
      for (const k of ['traffic_limit', 'traffic_usage', 'traffic_left', 'traffic_usage_sub', 'traffic_limit_sub', 'traffic_left_sub']) data[k] = Number(data[k]);
    }
    const tarifAsString = variants.tarifIdAsString ?? version === 'v2';
    data.tarif_id = tarifAsString ? hexId(a.seed, 0x7a1, 24) : 2;
    data.expired_at = expiryForm(variants.expiryFormat ?? 'iso', data.expired_at, a.package.expiresAt);
    for (const k of variants.packageOmit ?? []) delete data[k];
    if (!variants.camelCasePackage) return data;
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [snakeToCamel(k), v]));
  }

  function expiryForm(form: NonNullable<Variants['expiryFormat']>, iso: unknown, t: number): unknown {
    const w = wallParts(zone, t);
    const time = `${pad2(w.h)}:${pad2(w.mi)}:${pad2(w.s)}`;
    const isoDate = `${w.y}-${pad2(w.mo)}-${pad2(w.d)}`;
    const u = wallParts('UTC', t);
    const utcStamp = `${u.y}-${pad2(u.mo)}-${pad2(u.d)} ${pad2(u.h)}:${pad2(u.mi)}:${pad2(u.s)}`;
    switch (form) {
      case 'iso':
        return iso;
      case 'dmy':
        return `${pad2(w.d)}.${pad2(w.mo)}.${w.y} ${time}`;
      case 'fraction':
        return `${isoDate} ${time}.${String(t % 1000).padStart(3, '0')}000`;
      case 'iso-offset':
        return `${utcStamp.replace(' ', 'T')}+00:00`;
      case 'php-object':
        return { date: `${utcStamp}.000000`, timezone_type: 3, timezone: 'UTC' };
      case 'placeholder':
        return 'd.m.Y';
    }
  }

  function detailsVariant(core: unknown): unknown {
    if (Array.isArray(core) && variants.detailsJunk === undefined) return core;
    const data: Record<string, Record<string, unknown>> = {};
    for (const [login, hours] of Object.entries(Array.isArray(core) ? {} : (core as Record<string, Record<string, number>>))) {
      data[login] = variants.detailsBytesAsStrings ? Object.fromEntries(Object.entries(hours).map(([k, v]) => [k, String(v)])) : hours;
    }
    for (const [login, hours] of Object.entries(variants.detailsJunk ?? {})) data[login] = { ...data[login], ...hours };
    return data;
  }

  function listsVariant(core: Body[]): unknown {
    const items = variants.listsV1Docs
      ? core.map((item) => ({
          ...item,
          rotation: 'A new IP for every request',
          geo: [item.geo, { country: 'AT,AL' }],
          export: { ...(item.export as Body), ports: '10' },
        }))
      : core;
    return variants.listsAsItems ? { items } : items;
  }

  // ---------- HTTP ----------

  const redactString = (s: string): string => {
    let out = s;
    for (const k of allKeys) {
      out = out.split(k).join('{key}');
      const encoded = encodeURIComponent(k);
      if (encoded !== k) out = out.split(encoded).join('{key}');
    }
    return out;
  };
  const holdsKey = (s: string): boolean => allKeys.some((k) => s.includes(k));
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
    entry.bytes = Buffer.byteLength(a.body);
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
    const routed = apiFor(pathname);
    const { version, endpoint, keyOk } = routed.route(method, pathname);
    // ['', 'personal', 'api', version, key, ...rest]: the key segment never reaches the log.
    const segs = pathname.split('/');
    if (segs.length >= 5 && segs[1] === 'personal' && segs[2] === 'api') segs[4] = '{key}';
    let path = redactString(segs.join('/') + search);
    // A key encoded some other way (e.g. lowercase %2f) must not survive either.
    if (holdsKey(safeDecode(path))) path = `${redactString(segs.join('/'))}?{redacted}`;
    if (holdsKey(safeDecode(path))) path = '/{redacted}';

    const entry: RequestLogEntry = { at, method, version, endpoint, path, keyOk, body: null, status: 0, bytes: 0, userAgent: req.headers['user-agent'] ?? null };
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
    try {
      parsed = raw.trim() === '' ? null : JSON.parse(raw);
    } catch {
      parsed = null; // the core answers a malformed body
    }
    entry.body = redactValue(parsed);
    log.push(entry);

    if (endpoint === null || version === null) return finish(entry, res, notFoundPage());
    if (variants.noMoney && (endpoint === 'balance' || endpoint === 'renewal')) return finish(entry, res, notFoundPage());

    const scenario = queue.take(endpoint);
    const canned = cannedAnswer(scenario);
    if (canned) return finish(entry, res, canned);
    if (scenario.kind === 'slow' && !(await wait(scenario.delayMs ?? DEFAULT_DELAY_MS, res))) return;

    let envelope = routed.answer({ version, endpoint, keyOk }, endpoint === 'details' && variants.detailsEndExclusive ? endDateExclusive(parsed, raw) : raw);
    if (keyOk) {
      envelope = withVariants(endpoint, version, envelope, routed);
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
    setPackage: (p) => api.setPackage(p),
    account(key) {
      const a = apis.get(key);
      if (a === undefined) throw new RangeError('fake API: no account with that key');
      return fakeAccount(a, key);
    },
    subPackages: api.subPackages,
    setMoney: (m) => api.setMoney(m),
    setLogins: (l) => api.setLogins(l),
    trafficBetween(fromMs, toMs, login) {
      return api.trafficBetween(fromMs, toMs, login).map(({ login: l, start, bytes }) => ({ login: l, start, bytes }));
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

/** The body with `date_end` one day earlier (dd.mm.yyyy or yyyy-mm-dd): the core answers it inclusive. */
function endDateExclusive(parsed: unknown, raw: string): string {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return raw;
  const body = parsed as Record<string, unknown>;
  const end = body.date_end;
  if (typeof end !== 'string') return raw;
  const dmy = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(end);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(end);
  const ms = dmy ? Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])) : iso ? Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])) : NaN;
  if (!Number.isFinite(ms)) return raw;
  const d = new Date(ms - 86_400_000);
  const [y, m, day] = [d.getUTCFullYear(), pad2(d.getUTCMonth() + 1), pad2(d.getUTCDate())];
  return JSON.stringify({ ...body, date_end: dmy ? `${day}.${m}.${y}` : `${y}-${m}-${day}` });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
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

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function snakeToCamel(k: string): string {
  return k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
