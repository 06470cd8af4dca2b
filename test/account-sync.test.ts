// The account's titles and money, read beside the traffic on their own cadence, against the fake
// Proxy-Seller API over real HTTP, with the state in a real temp folder.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '../src/core/api/client.js';
import { ACCOUNT_FILE } from '../src/core/sync/account-state.js';
import { createAccountSync, type AccountSync } from '../src/core/sync/account-sync.js';
import type { PackageInfo } from '../src/shared/types.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { makePackage } from './support/snapshot-fixture.js';

const KEY = 'account-sync-key-0001';
const NOW = Date.UTC(2026, 0, 22, 12, 30, 0);
const MIN = 60_000;
const LOGINS = ['aaaa1111bbbb2222', 'cccc3333dddd4444', 'eeee5555ffff6666'];
const TITLES = { aaaa1111bbbb2222: 'Client A scraper', cccc3333dddd4444: 'SERP "DE"' };

let api: FakeApi;
let dir: string;
let now = NOW;
let sync: AccountSync;
/** The fake's package key (the spend names it). */
let fakeKey: string;
let fakeExpiry: number;

before(async () => {
  api = await startFakeApi({ apiKey: KEY, now: () => now, logins: LOGINS, titles: TITLES });
  const p = await (await client()).getPackage();
  fakeKey = p.key;
  fakeExpiry = p.expiresAt ?? NaN;
});
after(() => api.close());
beforeEach(async () => {
  now = NOW;
  api.reset();
  api.setMoney({ balance: 12.4 });
  dir = await mkdtemp(join(tmpdir(), 'pst-account-sync-'));
  sync = createAccountSync({ dataDir: dir, clock: () => now });
  await sync.init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const client = () => Promise.resolve(createApiClient({ fetch, apiKey: KEY, baseUrl: api.baseUrl('v1'), apiTimeZone: 'UTC', clock: () => now, maxRetries: 0 }));
const paths = () => api.requests.map((r) => r.path.replace(/^.*\/account-sync-key-0001\//, '').replace(/^.*\/personal\/api\/v1\/[^/]+\//, ''));
const pkg = (over: Partial<PackageInfo> = {}) => makePackage({ key: fakeKey, ...over });

describe('account sync: titles and money on their own cadence', () => {
  test('the first refresh reads lists, consumption and balance; the renewal quote only with auto-renew on', async () => {
    await sync.refresh({ client, pkg: pkg({ autoRenew: false }) });
    assert.deepEqual(paths().sort(), ['balance/get', 'resident/consumption', 'resident/lists']);
    const s = sync.state();
    assert.deepEqual(s.lists?.value, [
      ['aaaa1111bbbb2222', 'Client A scraper'],
      ['cccc3333dddd4444', 'SERP "DE"'],
      ['eeee5555ffff6666', 'Ads check US'],
    ]);
    assert.deepEqual(s.consumption?.value.pricePerGb, { minor: 220, currency: 'USD' });
    // balance/get answers a bare number: the currency is the price's.
    assert.deepEqual(s.balance?.value, { minor: 1240, currency: 'USD' });
    assert.equal(s.renewal, null);
  });

  test('lists and balance at most hourly, the spend every 15 minutes while shown, else daily; a manual refresh asks for all', async () => {
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    const first = api.requests.length;
    assert.equal(first, 4);
    now += 14 * MIN;
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }), wantSpend: true });
    assert.equal(api.requests.length, first, 'nothing is due after 14 minutes');
    now += MIN;
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    assert.equal(api.requests.length, first, 'the spend is not read at 15 minutes when nothing shows it');
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }), wantSpend: true });
    assert.deepEqual(paths().slice(first), ['resident/consumption']);
    now += 45 * MIN;
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    assert.deepEqual(paths().slice(first + 1).sort(), ['autoprolong/calc/resident', 'balance/get', 'resident/lists']);
    const before = api.requests.length;
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }), force: true });
    assert.equal(api.requests.length, before + 4);
  });

  test('no client is opened (no keychain read) when nothing is due', async () => {
    await sync.refresh({ client, pkg: pkg() });
    let opened = 0;
    await sync.refresh({ client: () => (opened++, client()), pkg: pkg() });
    assert.equal(opened, 0);
  });

  test('the renewal quote: price, the renewed period\'s end, days and the API\'s warning', async () => {
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    const q = sync.state().renewal?.value;
    assert.ok(q);
    assert.deepEqual(q.price, { minor: Math.round((50e9 / 2 ** 30) * 2.2 * 100), currency: 'USD' });
    assert.equal(q.days, 30);
    assert.ok(q.endsAt !== null && q.endsAt > fakeExpiry);
    assert.match(q.warning ?? '', /Insufficient funds/);
  });

  test('an account without money answers shows the rest: unknown money, titles kept, nothing thrown', async () => {
    api.setVariants({ noMoney: true });
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    const s = sync.state();
    assert.equal(s.lists?.value.length, 3);
    assert.equal(s.consumption?.value.pricePerGb, null);
    assert.equal(s.consumption?.value.spent, null);
    assert.ok((s.consumption?.value.usedBytes ?? 0) > 0);
    assert.equal(s.balance, null);
    assert.equal(s.renewal, null);
    assert.match(s.attempts.balance?.problem ?? '', /./, 'the failure is recorded');
    // ... and not asked again at the next poll: it waits its own hour.
    const n = api.requests.length;
    now += 5 * MIN;
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    assert.equal(api.requests.length, n);
  });

  test('a part that fails keeps its last good value', async () => {
    await sync.refresh({ client, pkg: pkg() });
    const titles = sync.state().lists?.value;
    api.setScenario({ kind: 'html-502', endpoint: 'lists', times: 5 });
    now += 61 * MIN;
    await sync.refresh({ client, pkg: pkg() });
    assert.deepEqual(sync.state().lists?.value, titles);
    assert.notEqual(sync.state().attempts.lists?.problem, null);
    assert.equal(sync.state().lists?.okAt, NOW);
  });

  test('a renewed package (a new key) has its spend read again at once', async () => {
    await sync.refresh({ client, pkg: pkg() });
    const n = api.requests.length;
    api.setPackage({ key: 'ffffeeeeddddccccbbbb' });
    now += MIN;
    await sync.refresh({ client, pkg: pkg({ key: 'ffffeeeeddddccccbbbb' }) });
    assert.deepEqual(paths().slice(n), ['resident/consumption']);
    assert.equal(sync.state().consumption?.value.packageKey, 'ffffeeeeddddccccbbbb');
    api.setPackage({ key: fakeKey });
  });

  test('consumption that goes on naming another package than resident/package is asked at most every 15 minutes', async () => {
    await sync.refresh({ client, pkg: pkg() });
    const asked = () => paths().filter((p) => p === 'resident/consumption').length;
    now += 15 * MIN;
    for (let i = 0; i < 10; i++) {
      now += MIN;
      await sync.refresh({ client, pkg: pkg({ key: 'ffffeeeeddddccccbbbb' }) });
    }
    assert.equal(asked(), 2, 'once at first, once for the other key, not at each of the ten polls');
  });

  test('the state survives a restart; list passwords are never written', async () => {
    await sync.refresh({ client, pkg: pkg({ autoRenew: true }) });
    const text = await readFile(join(dir, ACCOUNT_FILE), 'utf8');
    assert.doesNotMatch(text, /password/i);
    const lists = (await (await client()).getLists()).length;
    assert.equal(lists, 3);
    const again = createAccountSync({ dataDir: dir, clock: () => now });
    assert.deepEqual(await again.init(), []);
    assert.deepEqual(again.state(), sync.state());
  });

  test('a damaged state file is moved aside with a reason and the parts are read again', async () => {
    await writeFile(join(dir, ACCOUNT_FILE), '{"version":1,"lists":{"value":[["a"]],"okAt":1}}');
    const again = createAccountSync({ dataDir: dir, clock: () => now });
    const problems = await again.init();
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /list titles and money figures were unreadable .*moved/);
    assert.equal(again.state().lists, null);
  });

  test('a bug reading one part (not an API problem) is recorded for that part; the others are read, and nothing is thrown', async () => {
    const broken = async () => {
      const c = await client();
      return { ...c, getLists: async () => { throw new TypeError('boom'); } };
    };
    await sync.refresh({ client: broken, pkg: pkg() });
    assert.match(sync.state().attempts.lists?.problem ?? '', /unexpected error \(TypeError\)/);
    assert.notEqual(sync.state().consumption, null);
    const n = api.requests.length;
    await sync.refresh({ client: broken, pkg: pkg() });
    assert.equal(api.requests.length, n, 'the failed part waits its hour');
  });

  test('a folder that cannot be written costs the saved copy, not the figures', async () => {
    const s2 = createAccountSync({ dataDir: join(dir, 'missing', 'deeper'), clock: () => now });
    await s2.init();
    await writeFile(join(dir, 'missing'), 'a file where the folder should be');
    await s2.refresh({ client, pkg: pkg() });
    assert.equal(s2.state().lists?.value.length, 3);
  });

  test('what another process (the CLI) read since is taken up, not asked again or written over', async () => {
    await sync.refresh({ client, pkg: pkg() });
    const cli = createAccountSync({ dataDir: dir, clock: () => now });
    await cli.init();
    now += 61 * MIN;
    api.setMoney({ balance: 99 });
    await cli.refresh({ client, pkg: pkg(), parts: ['balance'] });
    const n = api.requests.length;
    await sync.refresh({ client, pkg: pkg(), parts: ['balance'] });
    assert.equal(api.requests.length, n, 'the app does not ask again what the CLI just read');
    assert.deepEqual(sync.state().balance?.value, { minor: 9900, currency: 'USD' });
    // ... and its own next save keeps it.
    await sync.refresh({ client, pkg: pkg(), force: true, parts: ['lists'] });
    const again = createAccountSync({ dataDir: dir, clock: () => now });
    await again.init();
    assert.deepEqual(again.state().balance?.value, { minor: 9900, currency: 'USD' });
  });

  test('a login longer than the file keeps has no saved title, and the file stays readable', async () => {
    const long = 'x'.repeat(300);
    api.setLogins([long, ...LOGINS]);
    await sync.refresh({ client, pkg: pkg(), parts: ['lists'] });
    const again = createAccountSync({ dataDir: dir, clock: () => now });
    assert.deepEqual(await again.init(), []);
    assert.equal(again.state().lists?.value.some(([l]) => l === long), false);
    assert.equal(again.state().lists?.value.length, 3);
    api.setLogins(LOGINS);
  });

  test('a login named __proto__ is a title like any other', async () => {
    api.setLogins(['__proto__', 'constructor']);
    const s2 = createAccountSync({ dataDir: dir, clock: () => now });
    await s2.init();
    await s2.refresh({ client, pkg: pkg(), parts: ['lists'] });
    const text = await readFile(join(dir, ACCOUNT_FILE), 'utf8');
    const again = createAccountSync({ dataDir: dir, clock: () => now });
    await again.init();
    assert.deepEqual(again.state().lists?.value.map(([l]) => l), ['__proto__', 'constructor']);
    assert.match(text, /__proto__/);
    api.setLogins(LOGINS);
  });
});
