// The shipped app holds no test code: the built main bundle carries none of the fake API's fault
// scenarios and no HTTP server, and demo mode answers in process (no listening socket, no network).
// The bundle test reads out/: run `npm run build` first when running this file alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../src/core/controller/demo.js';
import { realTimers, type FetchLike } from '../src/core/ports.js';
import { waitUntil } from './support/wait.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// Every scenario kind of test/fake-api/scenarios.ts that is not also a word of the app itself
// ('ok', 'slow', 'warning', 'truncated', 'errors', 'not-found', the problem kind 'ip-not-allowed'
// and fs/json-file's fault 'not-json' are the app's own words too).
const SCENARIO_KINDS = [
  'wrong-shape',
  'access-triple',
  'html-502',
  'http-500-json',
  'rate-limit-429',
  'rate-limit-envelope',
  'tarif-not-found',
  'bare-error',
  'deep-error',
];

test('the built main bundle holds no fault scenario, no fake API and no HTTP server', async () => {
  const bundle = await readFile(join(root, 'out/main/index.js'), 'utf8').catch(() => assert.fail('out/main/index.js is missing: run `npm run build` first'));
  for (const name of [...SCENARIO_KINDS, 'ScenarioQueue', 'startFakeApi', 'fake-api', 'createServer', 'node:http']) {
    assert.equal(bundle.includes(name), false, `out/main/index.js contains ${JSON.stringify(name)}`);
  }
  assert.ok(bundle.includes('demo.invalid'), 'the demo is in the bundle (this test reads the right file)');
});

test('demo mode syncs with no listening socket and never uses the app\'s fetch', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'pst-demo-'));
  const servers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
  const before = servers();
  const networkCalls: string[] = [];
  const networkFetch: FetchLike = async (url) => {
    networkCalls.push(url.replace(/\/api\/v\d\/[^/]+\//, '/api/…/{key}/'));
    throw new Error('the demo reached for the network');
  };
  const demo = await startDemo({
    dataDir,
    clock: Date.now,
    timers: realTimers,
    random: Math.random,
    fetch: networkFetch,
    localTimeZone: () => 'Europe/Berlin',
    version: '0.1.0-test',
  });
  try {
    const view = await waitUntil('the demo to sync', () => {
      const v = demo.controller.view();
      return v.snapshot.lastSuccessAt !== null && v;
    });
    assert.equal(view.demo, true);
    assert.ok(view.snapshot.package !== null && view.snapshot.package.usedBytes > 0, 'demo figures');
    assert.equal(servers(), before, 'no server was opened');
    assert.deepEqual(networkCalls, []);
  } finally {
    await demo.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
