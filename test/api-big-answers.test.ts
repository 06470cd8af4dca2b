// Long answers never hold the main process: bodies past the cap are refused unread, the rest is
// read and merged in slices with a turn for other work between, and an account whose answers
// outgrow the cap is asked for shorter spans. Real HTTP (the fake API), real files.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/core/api/client.js';
import { AnswerTooLargeError, MalformedResponseError } from '../src/core/api/errors.js';
import { parseTrafficDetails, parseTrafficDetailsInSlices, samplesOf, SLICE_HOURS } from '../src/core/api/parse-details.js';
import { MAX_ANSWER_BYTES, readBodyCapped } from '../src/core/api/read-body.js';
import { mergeSamplesInSlices } from '../src/core/history/merge-sliced.js';
import { createHistory, mergeSamples, samplesBetween } from '../src/core/history/model.js';
import { createHistorySync } from '../src/core/sync/history-sync.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const KEY = 'big-answer-KEY-0123456789';

/** An answer of `logins` x `hours` in the documented shape, ending at NOW. */
function answerData(logins: number, hours: number): Record<string, Record<string, number>> {
  const keys: string[] = [];
  for (let h = hours; h > 0; h--) keys.push(`${new Date(NOW - h * 3_600_000).toISOString().slice(0, 13).replace('T', ' ')}:00:00`);
  const data: Record<string, Record<string, number>> = {};
  for (let l = 0; l < logins; l++) {
    const o: Record<string, number> = {};
    keys.forEach((k, i) => (o[k] = 1_000 + l * 7 + i));
    data[`list-${String(l).padStart(4, '0')}`] = o;
  }
  return data;
}

/** A server whose every answer is `body` (with or without a Content-Length). */
async function serve(body: string, chunked: boolean): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, chunked ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/` };
}

describe('answers past the cap are refused unread', () => {
  // Twenty years of three lists: 16 MB, a quarter of a second of JSON.parse alone.
  const twentyYears = JSON.stringify({ status: 'success', data: answerData(3, 20 * 365 * 24), errors: [] });

  for (const chunked of [false, true]) {
    test(`a 20-year answer ${chunked ? 'streamed without a length' : 'with its Content-Length'}: a clear malformed-answer error`, async () => {
      const { server, url } = await serve(twentyYears, chunked);
      try {
        const client = createApiClient({ fetch, apiKey: KEY, baseUrl: url, apiTimeZone: 'UTC', clock: () => NOW, maxRetries: 3, sleep: async () => assert.fail('a too-large answer is not retried') });
        const err = await client.getTrafficDetails({ packageKey: 'k', dateStart: '2026-11-01', dateEnd: '2026-11-30' }).then(
          () => null,
          (e: unknown) => e,
        );
        assert.ok(err instanceof AnswerTooLargeError, String(err));
        assert.ok(err instanceof MalformedResponseError, 'a malformed answer for the app and the CLI (exit 5)');
        assert.equal(err.limitBytes, MAX_ANSWER_BYTES);
        assert.ok(err.bytes > MAX_ANSWER_BYTES && err.bytes <= twentyYears.length);
        assert.match(err.message, /^Proxy-Seller's answer for resident\/traffic\/details is larger than the 8 MB this app reads from one answer \(\d+\.\d MB\)\.$/);
        assert.ok(!err.message.includes(KEY));
      } finally {
        server.close();
      }
    });
  }

  test('readBodyCapped reads up to the cap exactly', async () => {
    const text = 'x'.repeat(1000);
    assert.equal(await readBodyCapped(new Response(text), 1000, 'p'), text);
    await assert.rejects(readBodyCapped(new Response(`${text}y`), 1000, 'p'), AnswerTooLargeError);
    await assert.rejects(readBodyCapped(new Response(text, { headers: { 'content-length': '5000' } }), 1000, 'p'), AnswerTooLargeError);
    assert.equal(await readBodyCapped(new Response(null), 1000, 'p'), '');
  });
});

describe('long answers are read and merged in slices', () => {
  test('reading gives other work a turn every SLICE_HOURS hours, with the same result as in one go', async () => {
    const data = answerData(50, 31 * 24);
    let turns = 0;
    const sliced = await parseTrafficDetailsInSlices(data, { apiTimeZone: 'UTC', now: NOW }, async () => void turns++);
    const whole = parseTrafficDetails(data, { apiTimeZone: 'UTC', now: NOW });
    assert.deepEqual({ ...sliced, hours: samplesOf(sliced.hours) }, { hours: whole, unreadHours: [] });
    assert.equal(turns, Math.floor((50 * 31 * 24) / SLICE_HOURS));
    assert.ok(turns >= 1);
  });

  test('merging a few logins at a time gives the same history as one merge', async () => {
    const samples = parseTrafficDetails(answerData(60, 20 * 24), { apiTimeZone: 'UTC', now: NOW });
    const a = createHistory('k', 'UTC');
    const b = createHistory('k', 'UTC');
    mergeSamples(a, samples.slice(0, 100));
    mergeSamples(b, samples.slice(0, 100));
    let turns = 0;
    const changed = await mergeSamplesInSlices(a, samples, async () => void turns++, 5_000);
    assert.equal(changed, mergeSamples(b, samples));
    assert.deepEqual(samplesBetween(a, 0, NOW * 2), samplesBetween(b, 0, NOW * 2));
    // 480 hours a login: a slice closes after 11 logins (5,280 samples); 60 logins make 5 full slices.
    assert.equal(turns, 5, 'a turn after each full slice of logins');
  });
});

describe('an account with many lists is asked for shorter spans', () => {
  let api: FakeApi;
  let dir: string;
  const logins = Array.from({ length: 40 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, now: () => NOW, logins, historyDays: 60 });
    dir = await mkdtemp(join(tmpdir(), 'pst-big-'));
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('answers too large for one read are split until they fit; every hour arrives', async () => {
    const logged: string[] = [];
    const engine = createHistorySync({
      dataDir: dir,
      settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
      localTimeZone: 'Europe/Berlin',
      clock: () => NOW,
      logger: { debug() {}, info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
      // 40 lists x 33 days is about 1 MB; a 250 kB cap makes the first ask too large.
      openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: () => NOW, maxRetries: 0, maxAnswerBytes: 250_000 }),
    });
    await engine.init();
    await engine.poll();
    const details = api.requests.filter((r) => r.endpoint === 'details');
    assert.ok(details.length >= 4, `split into several asks (${details.length})`);
    assert.ok(logged.some((l) => /in two parts/.test(l)), 'the split is logged');
    const from = NOW - 30 * 86_400_000;
    const held = samplesBetween(engine.history(), from, NOW).reduce((s, x) => s + x.bytes, 0);
    const truth = api.trafficBetween(from, NOW).reduce((s, x) => s + x.bytes, 0);
    assert.equal(held, truth);
    assert.equal(engine.snapshot().problem, null);
  });

  test('an answer that stays too large however short the span: a few asks, then a clear malformed-answer problem', async () => {
    api.reset();
    const small = await mkdtemp(join(tmpdir(), 'pst-big-'));
    try {
      const engine = createHistorySync({
        dataDir: small,
        settings: { apiTimeZone: 'UTC', pollIntervalMinutes: 5 },
        localTimeZone: 'Europe/Berlin',
        clock: () => NOW,
        openClient: async () => createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl(), apiTimeZone: 'UTC', clock: () => NOW, maxRetries: 0, maxAnswerBytes: 500 }),
      });
      await engine.init();
      await assert.rejects(engine.poll(), AnswerTooLargeError);
      const asks = api.requests.filter((r) => r.endpoint === 'details').length;
      // Halving 31 days ends at the first half that asks for the same dates: about log2(31) + 1 deep.
      assert.ok(asks >= 5 && asks <= 12, `${asks} asks`);
      assert.equal(engine.snapshot().problem?.kind, 'malformed');
      assert.match(engine.snapshot().problem?.message ?? '', /larger than the 0 MB this app reads/);
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });
});
