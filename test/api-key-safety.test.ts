// The key never leaves by a side door: redirects are not followed, and server text that echoes the
// key (even clipped by a parser's message) is redacted before anything reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '../src/core/api/client.js';
import { MalformedResponseError, TransportError } from '../src/core/api/errors.js';
import { app as electronApp, net as electronNet } from './electron-standin/electron.js';

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

async function serve(handler: http.RequestListener): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

/** Every 8-character piece of the key: none may appear. */
function assertNoKeyPiece(text: string): void {
  for (let i = 0; i + 8 <= KEY.length; i++) assert.ok(!text.includes(KEY.slice(i, i + 8)), `key piece ${KEY.slice(i, i + 8)} in: ${text}`);
}

// Node's fetch hands back the 3xx answer; Electron's net.fetch (as the stand-in does) rejects with
// 'Redirect was cancelled'. Both must end as the same refusal: not followed, not retried.
const FETCHES: Array<[string, (url: string, init?: RequestInit) => Promise<Response>]> = [
  ["Node's fetch", fetch],
  ["Electron's net.fetch (stand-in)", electronNet.fetch],
];

for (const [name, fetchImpl] of FETCHES) {
  test(`a redirect is not followed: the other host never sees the URL with the key (${name})`, async () => {
    await electronApp.whenReady();
    const collector = await serve((_req, res) => res.end('{}'));
    const api = await serve((req, res) => {
      res.writeHead(302, { location: `${collector.url}/collect${req.url}` });
      res.end();
    });
    try {
      const client = createApiClient({ fetch: fetchImpl, apiKey: KEY, baseUrl: `${api.url}/personal/api/v1/`, apiTimeZone: 'UTC', maxRetries: 2, sleep: async () => {} });
      await assert.rejects(client.getPackage(), (e: unknown) => e instanceof TransportError && /redirected .*not followed/.test(e.message) && !e.message.includes(KEY));
      assert.deepEqual(collector.hits, []);
      assert.equal(api.hits.length, 1, 'not retried either');
    } finally {
      await api.close();
      await collector.close();
    }
  });
}

test('a malformed answer quoting the key: the message holds no piece of it', async () => {
  const api = await serve((_req, res) => {
    res.setHeader('content-type', 'application/json');
    // Short prefix: a parser's clipped quote of this value holds most of the key, not all of it.
    res.end(JSON.stringify({ status: 'success', data: `key=${KEY}`, errors: [] }));
  });
  try {
    const client = createApiClient({ fetch, apiKey: KEY, baseUrl: `${api.url}/personal/api/v1/`, apiTimeZone: 'UTC', maxRetries: 0 });
    const err = await client.getPackage().then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MalformedResponseError);
    assertNoKeyPiece(`${err.message} ${String(err.stack)} ${JSON.stringify(err)}`);
  } finally {
    await api.close();
  }
});

test('login keys of an answer that echo the key are redacted too', async () => {
  const api = await serve((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'success', data: { [`x${KEY}`]: { 'not-a-date': 1 } }, errors: [] }));
  });
  try {
    const client = createApiClient({ fetch, apiKey: KEY, baseUrl: `${api.url}/personal/api/v1/`, apiTimeZone: 'UTC', maxRetries: 0 });
    const err = await client.getTrafficDetails({ packageKey: 'p', dateStart: '2026-11-01', dateEnd: '2026-11-02' }).then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MalformedResponseError);
    assertNoKeyPiece(`${err.message} ${err.path}`);
  } finally {
    await api.close();
  }
});
