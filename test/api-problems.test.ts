// What the user is told about a failed request (toProblem): plain words and the remedy that fits the
// fault, with the technical text (codes, statuses, schema paths, the API's own words) kept apart in
// `detail` for a "Details" disclosure and the log. Errors come from the real client against the fake
// API over real HTTP, and from a port nothing listens on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createApiClient } from '../src/core/api/client.js';
import { toProblem } from '../src/core/api/errors.js';
import { startFakeApi, type FakeApi, type Scenario } from './fake-api/server.js';

const KEY = 'SECRET-problem-KEY-0123';
const NOW = Date.UTC(2026, 10, 26, 11, 30);

let api: FakeApi;
before(async () => {
  api = await startFakeApi({ apiKey: KEY, now: () => NOW });
});
after(async () => {
  await api?.close();
});

function client(baseUrl = api.baseUrl('v1')) {
  return createApiClient({ fetch: (url, init) => fetch(url, init), apiKey: KEY, baseUrl, apiTimeZone: 'UTC', clock: () => NOW, sleep: async () => {}, maxRetries: 0 });
}

async function problemOf(scenario: Scenario | null, baseUrl?: string) {
  api.reset();
  if (scenario) api.setScenario(scenario);
  const e = await client(baseUrl).getPackage().then(
    () => assert.fail('the request succeeded'),
    (err: unknown) => err,
  );
  const p = toProblem(e);
  for (const text of [p.message, p.action, p.detail ?? '']) assert.ok(!text.includes(KEY), `no key in: ${text}`);
  return p;
}

describe('problems in plain words', () => {
  test('HTTP 502 from the edge: Proxy-Seller is in trouble, not the user\'s connection; the status is said', async () => {
    const p = await problemOf({ kind: 'html-502' });
    assert.equal(p.kind, 'transport');
    assert.equal(p.needsAction, false);
    assert.equal(p.message, "Proxy-Seller's API is having trouble (HTTP 502).");
    assert.doesNotMatch(p.action, /connection/);
    assert.match(p.detail ?? '', /HTTP 502/);
  });

  test('HTTP 500 with JSON: the same trouble, with its status', async () => {
    const p = await problemOf({ kind: 'http-500-json' });
    assert.equal(p.message, "Proxy-Seller's API is having trouble (HTTP 500).");
  });

  test('connection refused: "could not be reached", check the connection; ECONNREFUSED only in the details', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const p = await problemOf(null, `http://127.0.0.1:${port}/personal/api/v1/`);
    assert.equal(p.message, 'Proxy-Seller could not be reached.');
    assert.match(p.action, /Check your internet connection/);
    assert.doesNotMatch(`${p.message} ${p.action}`, /ECONNREFUSED/);
    assert.match(p.detail ?? '', /ECONNREFUSED/);
  });

  test('an answer of the wrong shape: plain words; the schema path in the details', async () => {
    const p = await problemOf({ kind: 'wrong-shape', endpoint: 'package' });
    assert.equal(p.kind, 'malformed');
    assert.equal(p.message, "Proxy-Seller's answer was not in the form this app reads.");
    assert.match(p.detail ?? '', /\S/);
    assert.doesNotMatch(p.message, /data|\[|\]/);
  });

  test('a business error: "refused the request"; the API\'s raw words in the details', async () => {
    const p = await problemOf({ kind: 'errors', errors: [{ message: 'Unsupported tariff operation', code: 7 }] });
    assert.equal(p.kind, 'rejected');
    assert.equal(p.message, 'Proxy-Seller refused the request.');
    assert.match(p.detail ?? '', /Unsupported tariff operation/);
  });
});
