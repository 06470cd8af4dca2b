// Deterministic, realistic residential traffic: the demo's, and the test fake's and the bench's.
// Traffic is a property of the world, not of the API's hour keys: each login has a byte rate that is
// constant within a UTC hour (seeded by seed, login and hour). API hour buckets are wall-clock hours
// of a calendar (the key time zone); a bucket's bytes are the rate integrated over the part of it
// that has passed. So totals agree across key time zones, DST days get 23/25 hours, and the current
// hour only grows.
import { HOUR_MS, type HourBucket, type HourKeyCalendar } from './calendar.js';

// ---------- hashing ----------

function mix(a: number, b: number): number {
  let h = Math.imul((a ^ Math.imul(b, 0x9e3779b1)) >>> 0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ b, 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}

const U32 = 4_294_967_296;
const unit = (h: number): number => h / U32;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Any finite number (or none) to a 32-bit seed. */
export function normaliseSeed(seed: number | undefined): number {
  return fnv1a(String(seed !== undefined && Number.isFinite(seed) ? seed : 1));
}

/** `length` lowercase hex chars derived from (seed, salt). */
export function hexId(seed: number, salt: number, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += mix(mix(seed, salt), i).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

// ---------- per-login profile ----------

export type Tier = 'heavy' | 'medium' | 'light';

export interface LoginProfile {
  readonly hash: number;
  readonly tier: Tier;
  /** Mean bytes per hour at the diurnal peak on a weekday. */
  readonly peakBytesPerHour: number;
  /** Hours the workload's day is shifted from UTC (scrapers run on their owner's clock). */
  readonly phase: number;
  readonly weekendFactor: number;
  readonly zeroBase: number;
  readonly nightZero: number;
}

// Business-shaped day: quiet before dawn, busy afternoon and evening.
const CURVE = [
  0.34, 0.27, 0.22, 0.18, 0.17, 0.2, 0.3, 0.45, 0.62, 0.78, 0.88, 0.94, 0.97, 1.0, 1.0, 0.98, 0.95, 0.93, 0.9,
  0.85, 0.78, 0.66, 0.54, 0.43,
];

export function loginProfile(seed: number, login: string): LoginProfile {
  const hash = mix(seed, fnv1a(login));
  const u = (salt: number): number => unit(mix(hash, salt));
  const t = u(1);
  const tier: Tier = t < 0.3 ? 'heavy' : t < 0.7 ? 'medium' : 'light';
  // Peak rates before noise and bursts: heavy 70-150 MB/h, medium 10-40 MB/h, light 1.5-9 MB/h.
  const [lo, hi] = tier === 'heavy' ? [70e6, 150e6] : tier === 'medium' ? [10e6, 40e6] : [1.5e6, 9e6];
  return {
    hash,
    tier,
    peakBytesPerHour: lo + (hi - lo) * u(2),
    phase: Math.floor(u(3) * 24),
    weekendFactor: 0.25 + 1.1 * u(4),
    zeroBase: tier === 'light' ? 0.08 + 0.1 * u(5) : 0.01 + 0.05 * u(5),
    nightZero: tier === 'light' ? 0.5 : tier === 'medium' ? 0.25 : 0.05,
  };
}

/** Bytes a login uses in the UTC hour `utcHour` (= floor(epochMs / 1h)). Zero for idle hours. */
export function hourlyBytes(p: LoginProfile, utcHour: number): number {
  const h = mix(p.hash, utcHour);
  const local = utcHour + p.phase;
  const curve = CURVE[((local % 24) + 24) % 24] ?? 1;
  if (unit(h) < p.zeroBase + (1 - curve) * p.nightZero) return 0;
  const h2 = mix(h, 0x51ed27);
  const weekday = (((Math.floor(local / 24) + 4) % 7) + 7) % 7; // epoch day 0 was a Thursday
  const weekend = weekday === 0 || weekday === 6 ? p.weekendFactor : 1;
  const noise = 0.45 + 1.1 * unit(h2);
  const day = 0.75 + 0.5 * unit(mix(p.hash, Math.floor(local / 24) + 0x7fff)); // day-to-day drift
  const burst = (h2 & 0xff) < 5 ? 2.5 + unit(mix(h2, 3)) * 3 : 1;
  return Math.floor(p.peakBytesPerHour * curve * weekend * noise * day * burst);
}

// ---------- hour keys ----------

/** Civil date of a day count since 1970-01-01 (H. Hinnant's days_from_civil inverse; no Date objects). */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "YYYY-MM-DD" for a local day index. */
export function dayKey(dayIndex: number): string {
  const { y, m, d } = civilFromDays(dayIndex);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** "YYYY-MM-DD HH:00:00" for a local hour index. */
export function hourKey(localHourIndex: number): string {
  const day = Math.floor(localHourIndex / 24);
  return `${dayKey(day)} ${pad2(localHourIndex - day * 24)}:00:00`;
}

// ---------- bucket bytes ----------

/** Bytes in [start, min(end, nowMs)): the rate integrated over the part of the bucket that has passed. */
export function bucketBytes(p: LoginProfile, start: number, end: number, nowMs: number): number {
  const stop = Math.min(end, nowMs);
  let total = 0;
  for (let t = start; t < stop; ) {
    const h = Math.floor(t / HOUR_MS);
    const segEnd = Math.min((h + 1) * HOUR_MS, stop);
    const rate = hourlyBytes(p, h);
    total += segEnd - t === HOUR_MS ? rate : (rate * (segEnd - t)) / HOUR_MS;
    t = segEnd;
  }
  return Math.floor(total);
}

export interface TrafficSample {
  login: string;
  start: number;
  bytes: number;
  /** The API hour key, "YYYY-MM-DD HH:00:00" in the key time zone. */
  key: string;
}

export interface TrafficQuery {
  seed: number; // already normalised (see normaliseSeed)
  logins: readonly string[];
  /** The key time zone's hours. */
  calendar: HourKeyCalendar;
  /** Bucket starts in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** The clock: buckets not yet started are absent, the current one is partial. */
  nowMs: number;
  /** No traffic in buckets starting before this. */
  historyStartMs?: number;
  /** Optional filter on local hour index, [from, to). */
  localHourFrom?: number;
  localHourTo?: number;
}

/**
 * Every non-zero bucket for every login, ordered by login (as given) then time. Cheap: the buckets
 * are walked once, shared by all logins, and a login-hour costs a few integer hashes.
 */
export function generateTraffic(q: TrafficQuery, profiles?: Map<string, LoginProfile>): TrafficSample[] {
  const from = Math.max(q.fromMs, q.historyStartMs ?? -Infinity);
  const to = Math.min(q.toMs, q.nowMs);
  const buckets = q.calendar.hourBuckets(from, to).filter(
    (b) =>
      (q.localHourFrom === undefined || b.localHourIndex >= q.localHourFrom) &&
      (q.localHourTo === undefined || b.localHourIndex < q.localHourTo),
  );
  const keys = buckets.map((b) => hourKey(b.localHourIndex));
  const out: TrafficSample[] = [];
  for (const login of q.logins) {
    let p = profiles?.get(login);
    if (!p) {
      p = loginProfile(q.seed, login);
      profiles?.set(login, p);
    }
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i] as HourBucket;
      const bytes = bucketBytes(p, b.start, b.end, q.nowMs);
      if (bytes > 0) out.push({ login, start: b.start, bytes, key: keys[i] as string });
    }
  }
  return out;
}

/**
 * Default list logins (16 hex chars, like the seed): one heavy, one medium, one light, then any.
 * Picking by tier keeps the default package mid-way through its limit whatever the seed.
 */
export function defaultLogins(seed: number, count = 3): string[] {
  const wanted: Tier[] = ['heavy', 'medium', 'light'];
  const out: string[] = [];
  for (let j = 0; out.length < count && j < 10_000; j++) {
    const login = hexId(seed, 0x10000 + j, 16);
    const tier = loginProfile(seed, login).tier;
    const need = wanted[out.length];
    if (need === undefined || tier === need) out.push(login);
  }
  return out;
}
