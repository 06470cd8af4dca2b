// Figure `fetch-per-day`: the traffic/details bytes the app fetches over one steady simulated day
// (5-minute polls, 50 logins, Berlin local zone, UTC API zone; the real scheduler and engine against
// the fake API over HTTP, on a virtual clock), as a ratio to a naive poller that asks for the
// whole month to date at each of the same polls, from the same fake API.
import { createApiClient } from '../src/core/api/client.js';
import { createRateLimiter } from '../src/core/api/rate-limit.js';
import { realTimers } from '../src/core/ports.js';
import { requestsPerSimulatedDay } from '../test/support/polling-day.js';
import { startFakeApi } from '../test/fake-api/server.js';
import { defaultLogins, normaliseSeed } from '../test/fake-api/traffic.js';

export interface FetchPerDayFigure {
  name: 'fetch-per-day';
  anchor: string;
  ratio: number;
  goal: number;
  detail: string;
}

const DAY_START = Date.parse('2026-11-26T00:00:00Z');
const LOGINS = 50;

/** Bytes a poller fetches asking for the 1st of the month to today at each 5-minute poll of the day. */
async function naiveMonthBytes(logins: string[]): Promise<number> {
  let now = DAY_START;
  const clock = () => now;
  const key = 'bench-naive-key';
  // Started a day earlier, as the app's fake is: the same traffic.
  const api = await startFakeApi({ apiKey: key, now: clock, logins });
  try {
    const client = createApiClient({ fetch, apiKey: key, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock, maxRetries: 0, rateLimiter: createRateLimiter({ monotonic: clock, timers: realTimers }) });
    const { key: packageKey } = await client.getPackage();
    api.reset();
    for (; now < DAY_START + 24 * 3_600_000; now += 5 * 60_000) {
      await client.getTrafficDetails({ packageKey, dateStart: '2026-11-01', dateEnd: '2026-11-26' });
    }
    return api.requests.filter((r) => r.endpoint === 'details').reduce((s, r) => s + r.bytes, 0);
  } finally {
    await api.close();
  }
}

export async function fetchPerDayFigure(): Promise<FetchPerDayFigure> {
  const logins = defaultLogins(normaliseSeed(1), LOGINS);
  // The day before is the app's first: its backfill is not part of a steady day.
  const day = await requestsPerSimulatedDay({ start: DAY_START - 24 * 3_600_000, days: 2, measureFrom: DAY_START, logins });
  const naive = await naiveMonthBytes(logins);
  return {
    name: 'fetch-per-day',
    anchor: `a naive poller asking for the month to date at each 5-minute poll (${(naive / 1e6).toFixed(1)} MB a day)`,
    ratio: day.detailsBytes / naive,
    goal: 1 / 20,
    detail: `50 logins, Berlin: ${(day.detailsBytes / 1e6).toFixed(2)} MB in ${day.details} traffic requests (1/${(naive / day.detailsBytes).toFixed(0)})`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await fetchPerDayFigure());
