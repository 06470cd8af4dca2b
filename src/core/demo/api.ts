// The Proxy-Seller API in process: the answers to the routes the client calls (package, details,
// lists, consumption; v1 and v2), from generated traffic, as a FetchLike. Demo mode passes it to
// the controller as its fetch, so no server is started and nothing leaves the process; the test
// fake serves the same answers over real HTTP and adds the faults.
import type { ApiVersion } from '../api/url.js';
import type { Clock, FetchLike } from '../ports.js';
import { accessRefused, badRequest, jsonAnswer, keyRequired, notFound, notFoundPage, success, type Envelope, type RawAnswer } from './answers.js';
import { DAY_MS, HOUR_MS, utcCalendar, type HourKeyCalendar } from './calendar.js';
import { plannedPackage } from './package-plan.js';
import { defaultLogins, generateTraffic, hexId, normaliseSeed, type LoginProfile, type TrafficSample } from './traffic.js';

export type Endpoint = 'package' | 'details' | 'lists' | 'consumption' | 'balance' | 'renewal' | 'subpackages';

/** A package lasts 30 days; usage counts traffic from expiry - 30 days. */
export const PACKAGE_PERIOD_MS = 30 * DAY_MS;
export const DEFAULT_LIMIT_BYTES = 50e9;
const PRICE_PER_GB = 2.2;

const ROUTES: Record<string, { method: string; endpoint: Endpoint }> = {
  'resident/package': { method: 'GET', endpoint: 'package' },
  'resident/traffic/details': { method: 'POST', endpoint: 'details' },
  'resident/lists': { method: 'GET', endpoint: 'lists' },
  'resident/consumption': { method: 'POST', endpoint: 'consumption' },
  'balance/get': { method: 'GET', endpoint: 'balance' },
  'autoprolong/calc/resident': { method: 'GET', endpoint: 'renewal' },
  'residentsubuser/packages': { method: 'GET', endpoint: 'subpackages' },
};

/** The account's money as the demo answers it: `balance/get`'s `summ` as given (a number or a string). */
export interface DemoMoney {
  balance: number | string;
}

export interface DemoPackage {
  limitBytes: number;
  expiresAt: number;
  /** Where the package's usage starts counting; absent: expiresAt - PACKAGE_PERIOD_MS. */
  startsAt?: number;
  active: boolean;
  key: string;
  autoRenew: boolean;
}

/** A sub-user package of the account (a reseller's client, a team member): its own limit, expiry, lists and traffic. */
export interface DemoSubPackage {
  key: string;
  limitBytes: number;
  expiresAt: number;
  active: boolean;
  /** Its lists' logins (distinct from the main package's). */
  logins: readonly string[];
}

export interface DemoApiOptions {
  /** The only key accepted; any other key gets the access error. */
  apiKey: string;
  /** Clock; no traffic exists for hours that have not started yet. */
  now: Clock;
  /** Default: 3 logins of 16 hex chars (one heavy, one medium, one light user). */
  logins?: readonly string[];
  seed?: number;
  /** Traffic exists from (clock at start) - historyDays; default 60. */
  historyDays?: number;
  /** The hours the keys (and expired_at, and date filters) are written in; default UTC. */
  calendar?: HourKeyCalendar;
  package?: Partial<DemoPackage>;
  /**
   * Size the package to the traffic (package-plan.ts): a period that covers the month to date and a
   * limit the period's traffic stays under. The demo mode's package; the test fake keeps the fixed one.
   */
  packageFromTraffic?: boolean;
  /** Titles of the lists by login (default: generic ones by position). */
  titles?: Readonly<Record<string, string>>;
  /** The balance (default 12.4, a bare number: the currency comes from the other answers). */
  money?: Partial<DemoMoney>;
  /** Sub-user packages (none by default); each reserves its limit from the main package. */
  subPackages?: ReadonlyArray<Partial<DemoSubPackage>>;
}

/** Where a request goes: version and endpoint (null when the path is not one of the API's), and whether the key matched. */
export interface ApiRoute {
  version: ApiVersion | null;
  endpoint: Endpoint | null;
  keyOk: boolean;
}

export interface DemoApi {
  /** Reads `/personal/api/{version}/{key}/{route}` (the key URL-encoded, as the client sends it). */
  route(method: string, pathname: string): ApiRoute;
  /** The envelope the API answers to a request on a known route, given its raw JSON body. */
  answer(route: ApiRoute & { version: ApiVersion; endpoint: Endpoint }, rawBody: string): Envelope;
  /** Node's fetch to this API: the answers over a Response, dated by the clock. */
  readonly fetch: FetchLike;
  /** The seed as the traffic uses it. */
  readonly seed: number;
  readonly package: Readonly<DemoPackage>;
  /** Merged over the current package, e.g. a renewal (later expiresAt) or a top-up (limit). */
  setPackage(p: Partial<DemoPackage> | undefined): void;
  /** Merged over the account's money (a top-up of the balance). */
  setMoney(m: Partial<DemoMoney>): void;
  readonly logins: readonly string[];
  setLogins(logins: readonly string[]): void;
  readonly subPackages: readonly Readonly<DemoSubPackage>[];
  /** Merged over one sub-package (a top-up of its limit, a renewal); RangeError for an unknown key. */
  setSubPackage(packageKey: string, p: Partial<Omit<DemoSubPackage, 'key' | 'logins'>>): void;
  /** The sub-package's traffic held, as trafficBetween. */
  subTrafficBetween(packageKey: string, fromMs: number, toMs: number, login?: string): TrafficSample[];
  /** The traffic held: buckets starting in [fromMs, toMs) that have started, non-zero only. */
  trafficBetween(fromMs: number, toMs: number, login?: string): TrafficSample[];
}

type Body = Record<string, unknown>;

export function createDemoApi(options: DemoApiOptions): DemoApi {
  const apiKey = options.apiKey;
  if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('demo API: apiKey must be a non-empty string');
  const now = options.now;
  const calendar = options.calendar ?? utcCalendar;
  const seed = normaliseSeed(options.seed);
  const startedAt = now();
  const historyStartMs = startedAt - (options.historyDays ?? 60) * DAY_MS;
  const profiles = new Map<string, LoginProfile>();

  let logins = checkLogins(options.logins ?? defaultLogins(seed));
  const titles = new Map(Object.entries(options.titles ?? {}));
  const account: DemoMoney = { balance: 12.4, ...options.money };
  const pkg: DemoPackage = {
    limitBytes: DEFAULT_LIMIT_BYTES,
    expiresAt: calendar.endOfDay(startedAt + 20 * DAY_MS),
    active: true,
    key: hexId(seed, 0x9a0, 20),
    autoRenew: false,
  };

  const traffic = (q: { fromMs: number; toMs: number; logins: readonly string[]; localHourFrom?: number; localHourTo?: number }, nowMs = now()): TrafficSample[] =>
    generateTraffic({ seed, calendar, nowMs, historyStartMs, ...q }, profiles);

  if (options.packageFromTraffic) {
    // The traffic is a function of the hour: what the period will hold is known ahead of the clock.
    applyPackage(pkg, plannedPackage(startedAt, (fromMs, toMs) => traffic({ fromMs, toMs, logins }, toMs).reduce((a, s) => a + s.bytes, 0)));
  }
  applyPackage(pkg, options.package);

  const subs: DemoSubPackage[] = (options.subPackages ?? []).map((s, i) => ({
    key: s.key ?? hexId(seed, 0x5b0 + i, 20),
    limitBytes: s.limitBytes ?? 10e9,
    expiresAt: s.expiresAt ?? pkg.expiresAt,
    active: s.active ?? true,
    logins: checkLogins(s.logins ?? defaultLogins(seed ^ (0x5b0 + i), 2)),
  }));
  const subNamed = (key: string): DemoSubPackage | undefined => subs.find((s) => s.key === key);

  const periodStart = (): number => pkg.startsAt ?? pkg.expiresAt - PACKAGE_PERIOD_MS;

  /** What `who` used in a package's period (which ends at its expiry). */
  function usageBytes(who: readonly string[] = logins, expiresAt = pkg.expiresAt, from = periodStart()): number {
    const to = Math.min(now(), expiresAt + 1);
    let sum = 0;
    for (const s of traffic({ fromMs: from, toMs: to, logins: who })) sum += s.bytes;
    return sum;
  }

  function subFigures(s: DemoSubPackage): { usage: number; left: number } {
    const usage = usageBytes(s.logins, s.expiresAt, s.expiresAt - PACKAGE_PERIOD_MS);
    return { usage, left: Math.max(0, s.limitBytes - usage) };
  }

  /** v1: `{ items }`; v2: a flat array. Expiry as the PHP date object, in UTC as the API sends it. */
  function subPackagesAnswer(version: ApiVersion): Envelope {
    const items = subs.map((s) => {
      const { usage, left } = subFigures(s);
      const u = new Date(s.expiresAt).toISOString();
      return {
        package_key: s.key,
        is_active: s.active,
        rotation: 60,
        traffic_limit: String(s.limitBytes),
        traffic_usage: String(usage),
        traffic_left: String(left),
        expired_at: { date: `${u.slice(0, 10)} ${u.slice(11, 19)}.000000`, timezone_type: 3, timezone: 'UTC' },
        is_link_date: false,
      };
    });
    return success(version === 'v1' ? { items } : items);
  }

  function packageAnswer(version: ApiVersion): Envelope {
    const usage = usageBytes();
    const w = calendar.wallParts(pkg.expiresAt);
    // Each sub-package reserves its limit out of the main package's.
    let reserved = 0;
    let subUsage = 0;
    let subLeft = 0;
    for (const s of subs) {
      const f = subFigures(s);
      reserved += s.limitBytes;
      subUsage += f.usage;
      subLeft += f.left;
    }
    return success({
      rotation: 60,
      package_key: pkg.key,
      is_active: pkg.active,
      // v1 documents a number, v2 a hex id.
      tarif_id: version === 'v2' ? hexId(seed, 0x7a1, 24) : 2,
      is_link_date: false,
      traffic_limit: String(pkg.limitBytes),
      traffic_usage: String(usage),
      traffic_left: String(Math.max(0, pkg.limitBytes - usage - reserved)),
      traffic_usage_sub: String(subUsage),
      traffic_limit_sub: String(reserved),
      traffic_left_sub: String(subLeft),
      expired_at: `${w.y}-${pad2(w.mo)}-${pad2(w.d)} ${pad2(w.h)}:${pad2(w.mi)}:${pad2(w.s)}`,
      auto_renew: pkg.autoRenew,
    });
  }

  function detailsAnswer(body: Body): Envelope {
    const given = typeof body.packageKey === 'string' ? body.packageKey : typeof body.key === 'string' ? body.key : '';
    if (given === '') return keyRequired();
    const sub = subNamed(given);
    if (given !== pkg.key && sub === undefined) return notFound();
    const who = loginFilter(body, sub?.logins ?? logins);
    if (who === null) return notFound();
    const range = dayRange(body, { fromMs: now() - 30 * DAY_MS });
    if (typeof range === 'string') return badRequest(range);
    const samples = traffic({ ...range, logins: who });
    // No traffic at all is an empty list, not an empty object: the API is PHP.
    if (samples.length === 0) return success([]);
    const data: Record<string, Record<string, number>> = {};
    for (const s of samples) (data[s.login] ??= {})[s.key] = s.bytes;
    return success(data);
  }

  function listsAnswer(): Envelope {
    return success(logins.map((login, i) => listItem(seed, login, i, titles.get(login))));
  }

  function balanceAnswer(): Envelope {
    return success({ summ: account.balance });
  }

  /** The next renewal: the package again at the same price, a period on from its expiry. */
  function renewalAnswer(): Envelope {
    const price = dollars(pkg.limitBytes);
    const balance = typeof account.balance === 'number' ? account.balance : Number.parseFloat(String(account.balance).replace(/[^\d.]/g, ''));
    const w = calendar.wallParts(pkg.expiresAt + PACKAGE_PERIOD_MS);
    return success({
      price,
      date_end: `${w.y}-${pad2(w.mo)}-${pad2(w.d)} ${pad2(w.h)}:${pad2(w.mi)}:${pad2(w.s)}`,
      days: PACKAGE_PERIOD_MS / DAY_MS,
      warning: balance < Number(price.slice(1)) ? 'Insufficient funds on the balance for auto-renewal' : '',
    });
  }

  function consumptionAnswer(body: Body): Envelope {
    const who = loginFilter(body);
    if (who === null) return notFound();
    const range = dayRange(body, { fromMs: periodStart() });
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

  /** All of the package's logins, one login, or null for an unknown login. */
  function loginFilter(body: Body, of: readonly string[] = logins): string[] | null {
    const l = body.login;
    if (l === undefined || l === null || l === '') return [...of];
    const login = String(l);
    return of.includes(login) ? [login] : null;
  }

  function route(method: string, pathname: string): ApiRoute {
    // ['', 'personal', 'api', version, key, ...rest]
    const segs = pathname.split('/');
    const hasKeySeg = segs.length >= 5 && segs[1] === 'personal' && segs[2] === 'api';
    const version: ApiVersion | null = hasKeySeg && (segs[3] === 'v1' || segs[3] === 'v2') ? segs[3] : null;
    const keyOk = hasKeySeg && decodeKey(segs[4] ?? '') === apiKey;
    const r = version !== null ? ROUTES[segs.slice(5).join('/').replace(/\/+$/, '')] : undefined;
    return { version, endpoint: r && r.method === method ? r.endpoint : null, keyOk };
  }

  function answer(r: ApiRoute & { version: ApiVersion; endpoint: Endpoint }, rawBody: string): Envelope {
    if (!r.keyOk) return accessRefused();
    let parsed: unknown = null;
    if (rawBody.trim() !== '') {
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        if (r.endpoint === 'details' || r.endpoint === 'consumption') return badRequest('Invalid JSON body');
      }
    }
    const body: Body = isRecord(parsed) ? parsed : {};
    switch (r.endpoint) {
      case 'package':
        return packageAnswer(r.version);
      case 'details':
        return detailsAnswer(body);
      case 'lists':
        return listsAnswer();
      case 'consumption':
        return consumptionAnswer(body);
      case 'balance':
        return balanceAnswer();
      case 'renewal':
        return renewalAnswer();
      case 'subpackages':
        return subPackagesAnswer(r.version);
    }
  }

  const fetch: FetchLike = async (url, init) => {
    init.signal.throwIfAborted();
    const r = route(init.method, new URL(url).pathname);
    const raw: RawAnswer =
      r.version === null || r.endpoint === null ? notFoundPage() : jsonAnswer(answer({ ...r, version: r.version, endpoint: r.endpoint }, init.body ?? ''));
    // The Date header tells the demo's clock, as a real server tells its own.
    return new Response(raw.body, { status: raw.status, headers: { date: new Date(now()).toUTCString(), ...raw.headers } });
  };

  return {
    route,
    answer,
    fetch,
    seed,
    get package() {
      return pkg;
    },
    setPackage: (p) => applyPackage(pkg, p),
    setMoney(m) {
      Object.assign(account, m);
    },
    get logins() {
      return logins;
    },
    setLogins(l) {
      logins = checkLogins(l);
    },
    trafficBetween(fromMs, toMs, login) {
      return traffic({ fromMs, toMs, logins: login === undefined ? logins : [login] });
    },
    subPackages: subs,
    setSubPackage(packageKey, p) {
      const s = subNamed(packageKey);
      if (s === undefined) throw new RangeError(`demo API: no sub-package ${packageKey}`);
      if (p.limitBytes !== undefined) s.limitBytes = p.limitBytes;
      if (p.expiresAt !== undefined) s.expiresAt = p.expiresAt;
      if (p.active !== undefined) s.active = p.active;
    },
    subTrafficBetween(packageKey, fromMs, toMs, login) {
      const s = subNamed(packageKey);
      if (s === undefined) throw new RangeError(`demo API: no sub-package ${packageKey}`);
      return traffic({ fromMs, toMs, logins: login === undefined ? s.logins : [login] });
    },
  };
}

// ---------- helpers ----------

function applyPackage(pkg: DemoPackage, p: Partial<DemoPackage> | undefined): void {
  if (!p) return;
  if (p.limitBytes !== undefined) pkg.limitBytes = p.limitBytes;
  if (p.expiresAt !== undefined) pkg.expiresAt = p.expiresAt;
  if (p.startsAt !== undefined) pkg.startsAt = p.startsAt;
  if (p.active !== undefined) pkg.active = p.active;
  if (p.key !== undefined) pkg.key = p.key;
  if (p.autoRenew !== undefined) pkg.autoRenew = p.autoRenew;
}

function checkLogins(l: readonly string[]): string[] {
  if (!Array.isArray(l) || l.some((x) => typeof x !== 'string' || x === '')) {
    throw new TypeError('demo API: logins must be non-empty strings');
  }
  return [...new Set(l)];
}

function decodeKey(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

function listItem(seed: number, login: string, i: number, title: string | undefined): Record<string, unknown> {
  const h = hexId(seed, 0x1157 + i, 16);
  const password = Array.from({ length: 8 }, (_, j) => ALNUM[parseInt(h.slice(j * 2, j * 2 + 2), 16) % ALNUM.length]).join('');
  return {
    id: 20_000_000 + (parseInt(h.slice(8, 14), 16) % 1_000_000),
    title: title ?? TITLES[i % TITLES.length] ?? 'List',
    login,
    password,
    whitelist: '',
    rotation: [-1, 0, 60, 300][i % 4] ?? 0,
    geo: GEOS[i % GEOS.length] ?? GEOS[0],
    export: { ports: 10, ext: 'txt' },
  };
}
