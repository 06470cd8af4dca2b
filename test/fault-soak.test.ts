// A bounded fault soak: weeks of polling on a virtual clock across a DST change, with random faults
// from the fake API (edge pages, cut-off bodies, rate limits, the access triple, a stale package
// key, timeouts), sleeps of up to two days and restarts from disk. Afterwards every settled hour of
// every login must equal the fake's ground truth: no hour lost, none wrong, none counted twice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/core/api/client.js';
import { createRateLimiter } from '../src/core/api/rate-limit.js';
import { realTimers } from '../src/core/ports.js';
import { missingRanges, samplesBetween } from '../src/core/history/model.js';
import { createHistorySync, type HistorySync } from '../src/core/sync/history-sync.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { startFakeApi, type FakeApi, type Scenario } from './fake-api/server.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';

const KEY = 'soak-KEY-0123456789abcdef';
const LOCAL = 'Europe/Berlin';
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** mulberry32: a seeded generator, so a failing run can be replayed from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: Array<(r: () => number) => Scenario> = [
  () => ({ kind: 'html-502' }),
  () => ({ kind: 'http-500-json' }),
  () => ({ kind: 'truncated', endpoint: 'details' }),
  () => ({ kind: 'not-json' }),
  () => ({ kind: 'rate-limit-429', retryAfter: 1 }),
  () => ({ kind: 'rate-limit-envelope' }),
  () => ({ kind: 'access-triple' }),
  () => ({ kind: 'warning' }),
  () => ({ kind: 'wrong-shape', endpoint: 'details' }),
  () => ({ kind: 'not-found', endpoint: 'details' }),
  () => ({ kind: 'slow', delayMs: 150, endpoint: 'details' }),
  (r) => ({ kind: 'html-502', endpoint: r() < 0.5 ? 'package' : 'details' }),
];

interface SoakResult {
  polls: number;
  failures: number;
  faults: number;
  restarts: number;
  sleeps: number;
  /** Answers with one real hour's value unusable. */
  junk: number;
  /** Episodes of the local clock running hours or days off (fast or slow), later corrected. */
  skews: number;
  hoursCompared: number;
}

async function soak(opts: { seed: number; start: number; days: number }): Promise<SoakResult> {
  const random = seeded(opts.seed);
  // `now` is the true time (the API's); the machine's clock may run off it for a while.
  let now = opts.start;
  let skew = 0;
  let skewUntil = 0;
  const clock = () => now + skew;
  const api: FakeApi = await startFakeApi({ apiKey: KEY, now: () => now, historyDays: 60, seed: opts.seed, logins: ['alpha-list', 'beta-list', 'gamma-list'] });
  const dir = await mkdtemp(join(tmpdir(), 'pst-soak-'));
  // One limiter for the process, on the simulated time (the true one, which only moves forward).
  const rateLimiter = createRateLimiter({ monotonic: () => now, timers: realTimers });
  const result: SoakResult = { polls: 0, failures: 0, faults: 0, restarts: 0, sleeps: 0, skews: 0, junk: 0, hoursCompared: 0 };
  // Short while the faults run (a 'slow' answer must time out at once); generous for the first and
  // the last poll, which must succeed however busy the machine is.
  const CLEAN_TIMEOUT_MS = 10_000;
  let timeoutMs = CLEAN_TIMEOUT_MS;
  const open = async (): Promise<HistorySync> => {
    const engine = createHistorySync({
      dataDir: dir,
      settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
      localTimeZone: LOCAL,
      clock,
      openClient: async () =>
        createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock, timeoutMs, maxRetries: 1, sleep: async () => {}, rateLimiter }),
    });
    await engine.init();
    return engine;
  };
  try {
    let engine = await open();
    // The backfill itself meets a real hour of ten days ago with a value no hour can hold.
    const tenDaysAgo = Math.floor(now / HOUR) * HOUR - 240 * HOUR;
    api.setVariants({ detailsJunk: { 'beta-list': { [`${new Date(tenDaysAgo).toISOString().slice(0, 13).replace('T', ' ')}:00:00`]: 'n/a' } } });
    await engine.poll();
    timeoutMs = 60;
    engine.resetClient();
    const end = opts.start + opts.days * 24 * HOUR;
    while (now < end) {
      const roll = random();
      if (roll < 0.01) {
        // Asleep (or switched off) for up to two days.
        now += Math.floor(random() * 48 * HOUR);
        result.sleeps++;
      } else {
        now += (1 + Math.floor(random() * 20)) * MINUTE;
      }
      if (skew !== 0 && now >= skewUntil) {
        // Corrected; often the machine then sleeps past the hours the fast clock already asked for.
        if (skew > 0 && random() < 0.5) {
          now += skew + Math.floor(random() * 24) * HOUR;
          result.sleeps++;
        }
        skew = 0;
      } else if (skew === 0 && random() < 0.004) {
        skew = (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 72)) * HOUR;
        skewUntil = now + (1 + Math.floor(random() * 12)) * HOUR;
        result.skews++;
      }
      if (random() < 0.02) {
        engine = await open();
        result.restarts++;
      }
      api.reset();
      if (random() < 0.05) {
        // A real hour of the last three days with a value no hour can hold: the rest of the
        // answer is used, and that hour must be asked for again.
        const hour = Math.floor(now / HOUR) * HOUR - (1 + Math.floor(random() * 72)) * HOUR;
        const key = `${new Date(hour).toISOString().slice(0, 13).replace('T', ' ')}:00:00`;
        const login = ['alpha-list', 'beta-list', 'gamma-list'][Math.floor(random() * 3)] as string;
        api.setVariants({ detailsJunk: { [login]: { [key]: random() < 0.5 ? 'n/a' : 2e13 } } });
        result.junk++;
      }
      if (random() < 0.25) {
        const pick = FAULTS[Math.floor(random() * FAULTS.length)] as (r: () => number) => Scenario;
        api.setScenario({ ...pick(random), times: 1 + Math.floor(random() * 3) });
        result.faults++;
      }
      result.polls++;
      await engine.poll().catch(() => {
        result.failures++;
      });
    }

    // The faults stop and the clock is right again; one clean poll later every settled hour must be right.
    skew = 0;
    api.reset();
    now += 5 * MINUTE;
    timeoutMs = CLEAN_TIMEOUT_MS;
    engine.resetClient();
    await engine.poll();
    const from = localDayBounds(addDays(localDateOf(opts.start, LOCAL), -30), LOCAL).start;
    const settled = Math.floor(now / HOUR) * HOUR;
    const history = engine.history();
    assert.deepEqual(missingRanges(history, from, settled), [], `seed ${opts.seed}: every settled hour is covered`);
    const held = samplesBetween(history, from, settled);
    const truth = api.trafficBetween(from, settled).filter((s) => s.bytes > 0);
    const key = (s: { login: string; start: number }): string => `${s.login}@${new Date(s.start).toISOString()}`;
    const heldMap = new Map(held.map((s) => [key(s), s.bytes]));
    const truthMap = new Map(truth.map((s) => [key(s), s.bytes]));
    const lost = [...truthMap].filter(([k, b]) => heldMap.get(k) !== b).slice(0, 5);
    const extra = [...heldMap].filter(([k]) => !truthMap.has(k)).slice(0, 5);
    assert.deepEqual(lost, [], `seed ${opts.seed}: hours lost or wrong (held ${lost.map(([k]) => heldMap.get(k)).join(', ')})`);
    assert.deepEqual(extra, [], `seed ${opts.seed}: hours the API never had`);
    result.hoursCompared = truthMap.size;

    // Local days of 23 and 25 hours add up too.
    for (let d = localDateOf(from, LOCAL); d < localDateOf(settled, LOCAL); d = addDays(d, 1)) {
      const b = localDayBounds(d, LOCAL);
      const sum = (list: Array<{ start: number; bytes: number }>) => list.filter((s) => s.start >= b.start && s.start < b.end).reduce((t, s) => t + s.bytes, 0);
      assert.equal(sum(held), sum(truth), `seed ${opts.seed}: day ${d}`);
    }
    return result;
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('fault soak', () => {
  // Each run crosses one of Berlin's DST changes: a 23-hour day in March, a 25-hour day in October.
  for (const [name, start, seed] of [
    ['spring forward', Date.parse('2026-03-20T08:00:00Z'), 20260320],
    ['fall back', Date.parse('2026-10-18T08:00:00Z'), 20261018],
  ] as const) {
    test(`three weeks across ${name}: no hour lost or wrong after random faults, sleeps and restarts`, { timeout: 120_000 }, async (t) => {
      const r = await soak({ seed, start, days: 21 });
      t.diagnostic(JSON.stringify(r));
      // The run really was hostile: faults fired, polls failed, the machine slept and restarted.
      assert.ok(r.faults > 200 && r.failures > 100 && r.sleeps > 0 && r.restarts > 10 && r.skews > 1 && r.junk > 20, JSON.stringify(r));
      assert.ok(r.hoursCompared > 2000, JSON.stringify(r));
    });
  }
});
