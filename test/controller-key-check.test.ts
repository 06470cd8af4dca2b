// A new key is checked with the API (the package is asked for with it) before it is stored: the
// real controller against the fake API over HTTP, a temp data folder and the real keychain.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createController } from '../src/core/controller/controller.js';
import type { Controller } from '../src/core/controller/types.js';
import { realTimers, type Logger } from '../src/core/ports.js';
import { createSecretStore, type SecretStore } from '../src/core/secrets/keychain.js';
import { createIpcHandlers, type IpcHandlers } from '../src/main/ipc/handlers.js';
import type { KeyResult } from '../src/shared/ipc.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { waitUntil } from './support/wait.js';
import { testSentText } from '../src/main/notification-text.js';

const GOOD_KEY = 'check-GOOD-key-0123456789';
/** A key the fake does not know: it answers the access triple, as the real API does. */
const CANDIDATE = 'candidate-KEY-zyxw9876543';

interface Rig {
  controller: Controller;
  handlers: IpcHandlers;
  api: FakeApi;
  secrets: SecretStore;
  dataDir: string;
  logs: string[];
  close(): Promise<void>;
}

let rig: Rig | null = null;
let counter = 0;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function start(options: { acceptedKey?: string; stored?: string } = {}): Promise<Rig> {
  const api = await startFakeApi({ apiKey: options.acceptedKey ?? GOOD_KEY, now: () => Date.parse('2026-11-26T11:30:00Z'), historyDays: 40 });
  const dataDir = await mkdtemp(join(tmpdir(), 'pst-keycheck-'));
  const secrets = createSecretStore({ service: `pst-keycheck-${process.pid}-${++counter}` });
  if (options.stored) await secrets.set(options.stored);
  const logs: string[] = [];
  const logger: Logger = {
    debug: (m) => void logs.push(m),
    info: (m) => void logs.push(m),
    warn: (m) => void logs.push(m),
    error: (m) => void logs.push(m),
  };
  const controller = createController({
    dataDir,
    clock: () => Date.parse('2026-11-26T11:30:00Z'),
    timers: realTimers,
    random: Math.random,
    fetch: (url: string, init: Parameters<typeof fetch>[1]) => fetch(url, init),
    secrets,
    localTimeZone: () => 'Europe/Berlin',
    version: '0.1.0-test',
    baseUrl: api.baseUrl(),
    logger,
    client: { sleep: async () => {} },
  });
  await controller.start();
  const handlers = createIpcHandlers(controller, {
    openExternal: async () => {},
    setDemo: async () => {},
    openLogFolder: async () => ({ folder: dataDir, file: 'main.log', error: null }),
    testNotification: async () => ({ shown: true, message: testSentText(false) }),
    saveCsv: async () => ({ outcome: 'cancelled' }),
  });
  return {
    controller,
    handlers,
    api,
    secrets,
    dataDir,
    logs,
    async close() {
      await controller.stop();
      await api.close();
      await secrets.delete().catch(() => false);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function refused(r: KeyResult): Extract<KeyResult, { ok: false }> {
  assert.equal(r.ok, false, 'the key was refused');
  return r as Extract<KeyResult, { ok: false }>;
}

/** Nothing the check left behind (logs, files, the answer) holds the candidate key. */
async function assertNoKey(r: Rig, result: unknown, key: string): Promise<void> {
  assert.ok(!JSON.stringify(result).includes(key), 'the answer does not hold the key');
  assert.ok(!r.logs.some((l) => l.includes(key)), 'no log line holds the key');
  for (const f of await readdir(r.dataDir, { recursive: true })) {
    const text = await readFile(join(r.dataDir, f), 'utf8').catch(() => '');
    assert.ok(!text.includes(key), `${f} does not hold the key`);
  }
}

const packageAsks = (r: Rig): number => r.api.requests.filter((q) => q.endpoint === 'package').length;

describe('checking a key before storing it', () => {
  test('a good key: the API is asked for the package with it, then it is stored and the "no key" problem goes at once', async () => {
    rig = await start();
    const r = rig;
    await waitUntil('the first poll (no key)', () => r.controller.view().snapshot.problem?.kind === 'no-key' && !r.controller.view().syncing);
    const result = await r.handlers['key:set']({ apiKey: GOOD_KEY });
    assert.ok(result.ok);
    assert.equal(await r.secrets.get(), GOOD_KEY);
    const asked = r.api.requests.filter((q) => q.endpoint === 'package');
    assert.ok(asked.length >= 1 && asked[0]?.keyOk, 'the package was asked for with the candidate key');
    // Stored: the recorded "no key" no longer holds, even before the first sync with it ends.
    assert.equal(r.controller.view().snapshot.problem, null);
    await waitUntil('the first sync', () => r.controller.view().snapshot.lastSuccessAt !== null);
  });

  test('the access triple: not stored, the three possibilities named, "store anyway" offered (the API cannot say which)', async () => {
    rig = await start();
    const r = rig;
    const result = refused(await r.handlers['key:set']({ apiKey: CANDIDATE }));
    assert.equal(result.problem?.kind, 'access-denied');
    assert.equal(result.storeAnyway, true);
    assert.match(result.message, /^The key was not stored\. Proxy-Seller refused the request: the API key is wrong, this IP is not allowed, or the request limit was reached \(the API does not say which\)\. Check the API key/);
    assert.equal(await r.secrets.get(), null, 'nothing stored');
    assert.equal(r.controller.view().key.stored, false);
    await assertNoKey(r, result, CANDIDATE);
  });

  test('the access triple naming the IP: the message gives that IP', async () => {
    rig = await start();
    rig.api.setScenario({
      kind: 'errors',
      errors: [
        { message: 'Error api key', code: 503 },
        { message: 'IP not allowed 198.51.100.23', code: 503 },
        { message: 'Request limit reached', code: 503 },
      ],
    });
    const result = refused(await rig.handlers['key:set']({ apiKey: GOOD_KEY }));
    assert.equal(result.problem?.ip, '198.51.100.23');
    assert.match(result.message, /The answer names this computer's IP as 198\.51\.100\.23: if the key is right, allow that IP in your Proxy-Seller API settings\./);
    assert.equal(result.storeAnyway, true);
  });

  test('IP not allowed: not stored, the IP named, no "store anyway" (allow it, then save again)', async () => {
    rig = await start();
    rig.api.setScenario({ kind: 'ip-not-allowed', ip: '203.0.113.7' });
    const result = refused(await rig.handlers['key:set']({ apiKey: GOOD_KEY }));
    assert.equal(result.problem?.kind, 'ip-not-allowed');
    assert.equal(result.storeAnyway, false);
    assert.equal(result.message, 'The key was not stored. IP 203.0.113.7 is not allowed to use this API key. Add 203.0.113.7 in your Proxy-Seller API settings (allowed IPs).');
    assert.equal(await rig.secrets.get(), null);
    // "Store anyway" was not offered, and main does not take it either (a renderer cannot force it).
    const forced = await rig.handlers['key:set']({ apiKey: GOOD_KEY, check: false });
    assert.equal(forced.ok, false);
    assert.match(forced.ok ? '' : forced.message, /has not been checked/);
    assert.equal(await rig.secrets.get(), null);
    // Allowed since: saving again stores it.
    rig.api.reset();
    assert.ok((await rig.handlers['key:set']({ apiKey: GOOD_KEY })).ok);
    assert.equal(await rig.secrets.get(), GOOD_KEY);
  });

  test('no residential package: not stored, said so, "store anyway" offered (the key itself works)', async () => {
    rig = await start();
    rig.api.setScenario({ kind: 'tarif-not-found' });
    const result = refused(await rig.handlers['key:set']({ apiKey: GOOD_KEY }));
    assert.equal(result.problem?.kind, 'no-package');
    assert.equal(result.storeAnyway, true);
    assert.equal(result.message, 'The key works, but this account has no residential proxy package. Buy or renew a residential package on proxy-seller.com.');
    assert.equal(await rig.secrets.get(), null);
  });

  test('an API too slow to answer: "could not be checked right now", store anyway stores it without asking', async () => {
    rig = await start();
    const r = rig;
    assert.ok((await r.controller.updateSettings({ requestTimeoutSeconds: 1 })).ok);
    r.api.setScenario({ kind: 'slow', delayMs: 5_000 });
    const began = Date.now();
    const result = refused(await r.handlers['key:set']({ apiKey: CANDIDATE }));
    assert.ok(Date.now() - began < 4_000, 'one try, not retried while the user waits');
    assert.equal(result.problem?.kind, 'transport');
    assert.equal(result.storeAnyway, true);
    assert.match(result.message, /^The key could not be checked right now\. /);
    await assertNoKey(r, result, CANDIDATE);
    const asked = packageAsks(r);
    // Only the very key whose check could not tell: another one is not stored unchecked.
    const other = await r.handlers['key:set']({ apiKey: `${CANDIDATE}x`, check: false });
    assert.equal(other.ok, false);
    assert.equal(await r.secrets.get(), null);
    const stored = await r.handlers['key:set']({ apiKey: CANDIDATE, check: false });
    assert.ok(stored.ok);
    assert.equal(packageAsks(r), asked, 'store anyway asks nothing first');
    assert.equal(await r.secrets.get(), CANDIDATE);
  });

  test('a refused candidate leaves the stored key in use untouched', async () => {
    rig = await start({ stored: GOOD_KEY });
    const r = rig;
    await waitUntil('the first sync', () => r.controller.view().snapshot.lastSuccessAt !== null && !r.controller.view().syncing);
    refused(await r.handlers['key:set']({ apiKey: CANDIDATE }));
    assert.equal(await r.secrets.get(), GOOD_KEY);
    assert.equal(r.controller.view().key.last4, GOOD_KEY.slice(-4));
    const refreshed = await r.controller.refresh();
    assert.ok(refreshed.ok, 'polling still uses the stored key');
    await assertNoKey(r, null, CANDIDATE);
  });
});
