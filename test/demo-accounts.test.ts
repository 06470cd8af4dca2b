// The demo's accounts behind one fetch: each key's requests answered by its own demo API, read by
// the real API client; a key none of them knows refused as the API refuses a wrong key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiClient } from '../src/core/api/client.js';
import { AccessDeniedError } from '../src/core/api/errors.js';
import { DEMO_API_KEY, DEMO_BASE_URL, DEMO_RESELLER_KEY, DEMO_TRAFFIC, DEMO_MONEY } from '../src/core/controller/demo.js';
import { DEMO_CLIENTS, demoAccounts } from '../src/core/demo/accounts.js';
import { fetchByKey, keyOfUrl } from '../src/core/demo/by-key.js';

const NOW = Date.UTC(2026, 10, 26, 11, 30);
const accounts = demoAccounts({ now: () => NOW, personal: { apiKey: DEMO_API_KEY, ...DEMO_TRAFFIC, money: DEMO_MONEY }, reseller: { apiKey: DEMO_RESELLER_KEY } });
const client = (apiKey: string) => createApiClient({ fetch: fetchByKey(accounts), apiKey, baseUrl: DEMO_BASE_URL, apiTimeZone: 'UTC', clock: () => NOW, maxRetries: 0 });

test('the key is read from the URL, URL-decoded; a URL without one has none', () => {
  assert.equal(keyOfUrl('https://demo.invalid/personal/api/v1/a%2Fb%2Bc/resident/package'), 'a/b+c');
  assert.equal(keyOfUrl('https://demo.invalid/elsewhere'), null);
  assert.equal(keyOfUrl('https://demo.invalid/personal/api/v1/%E0%A4%A/resident/package'), null);
});

test('each key reaches its own account: the personal one has no sub-packages, the reseller its three clients', async () => {
  const [personal, reseller] = await Promise.all([client(DEMO_API_KEY).getPackage(), client(DEMO_RESELLER_KEY).getPackage()]);
  assert.notEqual(personal.key, reseller.key);
  assert.deepEqual(await client(DEMO_API_KEY).getSubPackages(), []);
  const subs = await client(DEMO_RESELLER_KEY).getSubPackages();
  assert.deepEqual(
    subs.map((s) => s.key),
    DEMO_CLIENTS.map((c) => c.key),
  );
  assert.equal(reseller.reservedBytes, subs.reduce((a, s) => a + s.limitBytes, 0));
  assert.equal(reseller.usedBytes + reseller.leftBytes + reseller.reservedBytes, reseller.limitBytes);
  // Client B starts below the default 1 GB alert, with something left; the others have room.
  const b = subs[1]!;
  assert.ok(b.leftBytes > 0 && b.leftBytes < 1e9, String(b.leftBytes));
  for (const s of [subs[0]!, subs[2]!]) assert.ok(s.leftBytes > 1e9);
});

test('a key of neither account is refused as the API refuses a wrong key', async () => {
  await assert.rejects(client('demo-key-nobody-00000000').getPackage(), AccessDeniedError);
});
