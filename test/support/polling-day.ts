// A simulated day of polling: the real scheduler drives the real engine against the fake API over
// HTTP, on a virtual clock. Used by a test (request counts) and by the bench (figures).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../../src/core/api/client.js';
import { createRateLimiter } from '../../src/core/api/rate-limit.js';
import { createScheduler, type Scheduler } from '../../src/core/scheduler/scheduler.js';
import { createHistorySync } from '../../src/core/sync/history-sync.js';
import { startFakeApi } from '../fake-api/server.js';
import { createVirtualClock, type VirtualClock } from './virtual-clock.js';

export interface PollingDay {
  total: number;
  details: number;
  package: number;
  polls: number;
  /** Bytes of the traffic/details answers' bodies. */
  detailsBytes: number;
  wallMs: number;
}

/** Lets a poll waiting on real I/O finish before virtual time moves on. */
async function settle(scheduler: Scheduler): Promise<void> {
  while (scheduler.state().inFlight) await new Promise((r) => setTimeout(r, 1));
}

export async function drive(vc: VirtualClock, scheduler: Scheduler, until: number): Promise<void> {
  for (;;) {
    await settle(scheduler);
    const next = vc.pending()[0];
    if (next === undefined || next > until) break;
    await vc.runUntil(next);
  }
  await settle(scheduler);
}

export interface PollingDayOptions {
  intervalMinutes?: number;
  /** When the app starts (its first poll is a backfill). */
  start?: number;
  /** Days simulated (default 1). */
  days?: number;
  /** Count only requests made from here on (default: start), e.g. a steady day after the first. */
  measureFrom?: number;
  /** The account's lists (default: the fake's 3). */
  logins?: string[];
}

export async function requestsPerSimulatedDay(opts: PollingDayOptions = {}): Promise<PollingDay> {
  const interval = opts.intervalMinutes ?? 5;
  const start = opts.start ?? Date.parse('2026-11-26T00:00:00Z');
  const measureFrom = opts.measureFrom ?? start;
  const vc = createVirtualClock(start);
  const key = 'bench-polling-key';
  const api = await startFakeApi({ apiKey: key, now: vc.now, ...(opts.logins === undefined ? {} : { logins: opts.logins }) });
  const dir = await mkdtemp(join(tmpdir(), 'pst-day-'));
  const t0 = performance.now();
  try {
    // The process's limiter, on the simulated clock like everything else here.
    const rateLimiter = createRateLimiter({ monotonic: vc.monotonic, timers: vc.timers });
    const engine = createHistorySync({
      dataDir: dir,
      settings: { apiTimeZone: 'UTC', pollIntervalMinutes: interval },
      localTimeZone: 'Europe/Berlin',
      clock: vc.now,
      openClient: async () => createApiClient({ fetch, apiKey: key, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: vc.now, maxRetries: 0, rateLimiter }),
    });
    await engine.init();
    let polls = 0;
    const scheduler = createScheduler({
      intervalMs: interval * 60_000,
      clock: vc.now,
      monotonic: vc.monotonic,
      timers: vc.timers,
      random: () => 0.5,
      poll: async () => {
        if (vc.now() >= measureFrom) polls++;
        try {
          await engine.poll();
          return { ok: true };
        } catch (error) {
          return { ok: false, error };
        }
      },
    });
    scheduler.start();
    // Each day: polls at 0, 5, ..., 23:55 (the 24:00 poll belongs to the next day).
    await drive(vc, scheduler, start + (opts.days ?? 1) * 24 * 3_600_000 - 1);
    scheduler.stop();
    const measured = api.requests.filter((r) => r.at >= measureFrom);
    const of = (e: string) => measured.filter((r) => r.endpoint === e);
    const detailsBytes = of('details').reduce((sum, r) => sum + r.bytes, 0);
    return { total: measured.length, details: of('details').length, package: of('package').length, polls, detailsBytes, wallMs: performance.now() - t0 };
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}
