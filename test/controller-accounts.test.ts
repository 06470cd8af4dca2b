// Several accounts and sub-user packages through the real controller: the fake Proxy-Seller API over
// real HTTP with two keys (one a reseller with sub-packages), the real keychain (gnome-keyring via
// scripts/with-keyring.sh), real files. Figures to the byte against what the fake holds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createController } from '../src/core/controller/controller.js';
import type { Controller } from '../src/core/controller/types.js';
import { addAccount, readAccounts } from '../src/core/accounts/manage.js';
import { accountDataDir, FIRST_ACCOUNT_ID } from '../src/core/accounts/registry.js';
import { createSecretStore, KEYCHAIN_ACCOUNT, type SecretStore } from '../src/core/secrets/keychain.js';
import type { Alert } from '../src/core/alerts/rules.js';
import type { FetchLike } from '../src/core/ports.js';
import { createRateLimiter } from '../src/core/api/rate-limit.js';
import type { AppView } from '../src/shared/ipc.js';
import { quotaState, worstQuotaState } from '../src/shared/quota.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { localDateOf } from '../src/shared/local-dates.js';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { createVirtualClock } from './support/virtual-clock.js';

const GB = 1e9;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 15, 30);
const ZONE = 'Europe/Berlin';
const KEY_A = 'personal-key-AAAA-1111';
const KEY_B = 'reseller-key+BBBB%2222';
let counter = 0;

interface Setup {
  dataDir: string;
  service: string;
  secrets: SecretStore;
  secretsFor: (entry: string) => SecretStore;
  entries: Set<string>;
  cleanup(): Promise<void>;
}

async function setup(): Promise<Setup> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pst-accounts-ctl-'));
  const service = `pst-accounts-ctl-${process.pid}-${++counter}`;
  const entries = new Set<string>([KEYCHAIN_ACCOUNT]);
  const secretsFor = (entry: string) => {
    entries.add(entry);
    return createSecretStore({ service, account: entry });
  };
  return {
    dataDir,
    service,
    secrets: createSecretStore({ service }),
    secretsFor,
    entries,
    async cleanup() {
      for (const e of entries) await createSecretStore({ service, account: e }).delete().catch(() => false);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function controllerFor(s: Setup, api: FakeApi, extra: Partial<Parameters<typeof createController>[0]> = {}): Controller {
  return createController({
    dataDir: s.dataDir,
    clock: () => NOW,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    random: () => 0.5,
    fetch: (url, init) => fetch(url, init),
    secrets: s.secrets,
    secretsFor: s.secretsFor,
    localTimeZone: () => ZONE,
    version: '0.1.0-test',
    baseUrl: api.baseUrl(),
    client: { sleep: async () => {} },
    ...extra,
  });
}

/** Until the controller's view satisfies `pred` (its polls run on real timers and real HTTP). */
async function viewWhere(c: Controller, pred: (v: AppView) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!pred(c.view())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the view');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sum = (xs: ReadonlyArray<{ bytes: number }>) => xs.reduce((a, x) => a + x.bytes, 0);
const todayStart = localDayBounds(localDateOf(NOW, ZONE), ZONE).start;

describe('two accounts, one a reseller with three sub-packages, end to end', () => {
  let s: Setup;
  let api: FakeApi;
  let controller: Controller;
  let view: AppView;
  const alerts: Alert[] = [];
  let subKeys: string[];

  before(async () => {
    s = await setup();
    api = await startFakeApi({
      apiKey: KEY_A,
      now: () => NOW,
      hourKeyTimeZone: 'UTC',
      otherAccounts: [{ apiKey: KEY_B, package: { limitBytes: 400 * GB }, subPackages: [{ limitBytes: 40 * GB }, { limitBytes: 30 * GB }, { limitBytes: 20 * GB }] }],
    });
    const reseller = api.account(KEY_B);
    subKeys = reseller.subPackages.map((p) => p.key);
    // Client C nearly used up: 1.5 % of its limit left.
    const used = sum(reseller.subTrafficBetween(subKeys[2]!, reseller.subPackages[2]!.expiresAt - 30 * DAY, NOW + 1));
    reseller.setSubPackage(subKeys[2]!, { limitBytes: Math.round(used / 0.985) });
    const deps = { dataDir: s.dataDir, clock: () => NOW, secretsFor: (e: string) => (e === KEYCHAIN_ACCOUNT ? s.secrets : s.secretsFor(e)) };
    await addAccount(deps, 'Personal', KEY_A);
    const b = await addAccount(deps, 'Reseller', KEY_B);
    const { updateAccounts, withPackageName } = await import('../src/core/accounts/registry.js');
    await updateAccounts(deps, (f) => withPackageName(withPackageName(withPackageName(f, b.id, subKeys[0]!, 'Client A'), b.id, subKeys[1]!, 'Client B'), b.id, subKeys[2]!, 'Client C'));
    controller = controllerFor(s, api);
    controller.onAlert((a) => alerts.push(a));
    await controller.start();
    const r = await controller.refresh();
    assert.equal(r.ok, true, JSON.stringify(r.problem));
    view = controller.view();
  });
  after(async () => {
    await controller.stop();
    await api.close();
    await s.cleanup();
  });

  test('the view lists both accounts, the reseller with its main package and three named sub-packages', () => {
    assert.deepEqual(
      view.accounts.map((a) => [a.name, a.default, a.key.last4, a.packages.map((p) => [p.kind, p.label])]),
      [
        ['Personal', true, '1111', [['main', 'Personal']]],
        [
          'Reseller',
          false,
          '2222',
          [
            ['main', 'Reseller'],
            ['sub', 'Reseller · Client A'],
            ['sub', 'Reseller · Client B'],
            ['sub', 'Reseller · Client C'],
          ],
        ],
      ],
    );
    assert.equal(view.snapshot, view.accounts[0]!.packages[0]!.snapshot, "the default account's main package stays the view's snapshot");
  });

  test("each package's today is its own traffic, to the byte", () => {
    const [personal, reseller] = view.accounts;
    assert.equal(personal!.packages[0]!.snapshot.today.totalBytes, sum(api.account(KEY_A).trafficBetween(todayStart, NOW)));
    assert.equal(reseller!.packages[0]!.snapshot.today.totalBytes, sum(api.account(KEY_B).trafficBetween(todayStart, NOW)));
    reseller!.packages.slice(1).forEach((p, i) => {
      const held = sum(api.account(KEY_B).subTrafficBetween(subKeys[i]!, todayStart, NOW));
      assert.ok(held > 0, 'the sub-package has traffic today');
      assert.equal(p.snapshot.today.totalBytes, held, p.label);
      assert.equal(p.snapshot.package?.key, subKeys[i]);
    });
  });

  test('the total adds every package up to the byte, and its used + left is its limit', () => {
    const all = view.accounts.flatMap((a) => a.packages);
    const total = view.total!;
    assert.equal(
      total.today.totalBytes,
      all.reduce((a, p) => a + p.snapshot.today.totalBytes, 0),
    );
    assert.equal(
      total.monthToDate.totalBytes,
      all.reduce((a, p) => a + p.snapshot.monthToDate.totalBytes, 0),
    );
    assert.equal(total.package!.usedBytes + total.package!.leftBytes, total.package!.limitBytes);
    // The reseller's reserved traffic is counted once: as its sub-packages' own used and left.
    const reseller = view.accounts[1]!.packages[0]!.snapshot.package!;
    assert.equal(reseller.reservedBytes, api.account(KEY_B).subPackages.reduce((a, p) => a + p.limitBytes, 0));
    assert.equal(reseller.usedBytes + reseller.leftBytes + reseller.reservedBytes, reseller.limitBytes);
    assert.equal(
      total.package!.leftBytes,
      all.reduce((a, p) => a + p.snapshot.package!.leftBytes, 0),
    );
  });

  test("the worst state is the nearly used-up client's, though the total is fine", () => {
    const thresholds = { leftBelowPercent: 10, leftBelowBytes: null };
    const states = view.accounts.flatMap((a) => a.packages).map((p) => quotaState(p.snapshot.package, NOW, thresholds));
    assert.equal(worstQuotaState(states), 'low');
    assert.equal(quotaState(view.total!.package, NOW, thresholds), 'ok');
  });

  test('the alert is named by its package and fires once per crossing', async () => {
    const low = alerts.filter((a) => a.id === 'left-percent');
    assert.equal(low.length, 1, JSON.stringify(alerts.map((a) => a.title)));
    assert.match(low[0]!.title, /^Reseller · Client C: /);
    assert.equal(low[0]!.packageId?.endsWith(subKeys[2]!), true);
    await controller.refresh();
    assert.equal(alerts.filter((a) => a.id === 'left-percent').length, 1, 'not again on the next poll');
  });

  test("each account's state and history live in its own folder; the sub-packages in theirs; no key in any file", async () => {
    const { file } = await readAccounts({ dataDir: s.dataDir, clock: () => NOW, secretsFor: s.secretsFor });
    const reseller = file.accounts.find((a) => a.name === 'Reseller')!;
    const personal = file.accounts.find((a) => a.name === 'Personal')!;
    assert.notEqual(personal.id, FIRST_ACCOUNT_ID);
    const resellerDir = accountDataDir(s.dataDir, reseller.id);
    await stat(join(accountDataDir(s.dataDir, personal.id), 'sync-state.json'));
    await stat(join(resellerDir, 'sync-state.json'));
    for (const k of subKeys) {
      const dir = join(resellerDir, 'sub-packages', k);
      await stat(join(dir, 'sync-state.json'));
      assert.ok((await readdir(join(dir, 'history'))).some((d) => d.startsWith(k)), `history of ${k}`);
    }
    const texts: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else texts.push(await readFile(p, 'utf8'));
      }
    };
    await walk(s.dataDir);
    for (const k of [KEY_A, KEY_B, encodeURIComponent(KEY_B)]) assert.equal(texts.some((t) => t.includes(k)), false, 'a key in a file');
    assert.equal(JSON.stringify(controller.view()).includes(KEY_B), false, 'a key in the view');
  });
});

describe('the single-key setup', () => {
  test('migrates by itself: the same key, folder and history go on as the account "Main", with no month fetched again', async () => {
    const s = await setup();
    const requests: string[] = [];
    const api = await startFakeApi({ apiKey: KEY_A, now: () => NOW, onRequest: (r) => void requests.push(r.endpoint ?? '?') });
    try {
      await s.secrets.set(KEY_A);
      // An earlier version: one key in the old entry, its state and history at the folder's root.
      const first = controllerFor(s, api);
      await first.start();
      await first.refresh();
      const before = first.view().snapshot.today.totalBytes;
      await first.stop();
      // What that run made is the same as before this change: no accounts file from a run without one added.
      const { rm: remove } = await import('node:fs/promises');
      await remove(join(s.dataDir, 'accounts.json'), { force: true });
      requests.length = 0;

      const second = controllerFor(s, api);
      await second.start();
      await second.refresh();
      const v = second.view();
      await second.stop();
      assert.deepEqual(
        v.accounts.map((a) => [a.id, a.name, a.key.last4]),
        [[FIRST_ACCOUNT_ID, 'Main', '1111']],
      );
      assert.equal(v.snapshot.today.totalBytes, before);
      assert.equal(v.total, null, 'one package is its own total');
      assert.equal(requests.filter((e) => e === 'details').length, 1, `only today asked again (${requests.join(',')})`);
      assert.match(await readFile(join(s.dataDir, 'accounts.json'), 'utf8'), /"name": "Main"/);
    } finally {
      await api.close();
      await s.cleanup();
    }
  });

  test('PROXY_SELLER_API_KEY is one unnamed account, whatever the accounts file holds', async () => {
    const s = await setup();
    const api = await startFakeApi({ apiKey: KEY_A, now: () => NOW, otherAccounts: [{ apiKey: KEY_B }] });
    try {
      await addAccount({ dataDir: s.dataDir, clock: () => NOW, secretsFor: (e) => (e === KEYCHAIN_ACCOUNT ? s.secrets : s.secretsFor(e)) }, 'Reseller', KEY_B);
      const c = controllerFor(s, api, { envApiKey: KEY_A });
      await c.start();
      await c.refresh();
      const v = c.view();
      const added = await c.addAccount('Other', KEY_B);
      await c.stop();
      assert.deepEqual(
        v.accounts.map((a) => [a.name, a.key.fromEnv]),
        [['', true]],
      );
      assert.equal(v.snapshot.today.totalBytes, sum(api.account(KEY_A).trafficBetween(todayStart, NOW)));
      assert.equal(added.ok, false);
      assert.match(added.ok ? '' : added.message, /PROXY_SELLER_API_KEY is set/);
    } finally {
      await api.close();
      await s.cleanup();
    }
  });
});

describe('the rate limit per key, with many packages', () => {
  test('a reseller with 40 sub-packages stays under 30 requests a minute on its key, and never holds up the other account', async () => {
    const vc = createVirtualClock(NOW);
    const s = await setup();
    const api = await startFakeApi({
      apiKey: KEY_A,
      now: vc.now,
      otherAccounts: [{ apiKey: KEY_B, package: { limitBytes: 2000 * GB }, subPackages: Array.from({ length: 40 }, () => ({ limitBytes: 10 * GB })) }],
    });
    const byKey = new Map<string, number[]>();
    let started = 0;
    let answered = 0;
    const counting: FetchLike = async (url, init) => {
      started++;
      const key = decodeURIComponent(new URL(url).pathname.split('/')[4] ?? '');
      byKey.set(key, [...(byKey.get(key) ?? []), vc.now()]);
      try {
        return await fetch(url, init);
      } finally {
        answered++;
      }
    };
    const deps = { dataDir: s.dataDir, clock: vc.now, secretsFor: (e: string) => (e === KEYCHAIN_ACCOUNT ? s.secrets : s.secretsFor(e)) };
    // The reseller first: polled one after another, it would hold the other account up for minutes.
    await addAccount(deps, 'Reseller', KEY_B);
    await addAccount(deps, 'Personal', KEY_A);
    const controller = controllerFor(s, api, { clock: vc.now, monotonic: vc.monotonic, timers: vc.timers, fetch: counting });
    try {
      await controller.start();
      let personalDoneAt: number | null = null;
      let done = false;
      const off = controller.onView((v) => {
        const p = v.accounts.find((a) => a.name === 'Personal')?.packages[0]?.snapshot;
        if (personalDoneAt === null && p?.lastSuccessAt != null) personalDoneAt = vc.now();
        const r = v.accounts.find((a) => a.name === 'Reseller');
        if (r && r.packages.length === 41 && r.packages.every((x) => x.snapshot.lastSuccessAt !== null)) done = true;
      });
      const deadline = Date.now() + 60_000;
      // Virtual time moves only while no request is on the wire, so each start is logged at the time its slot was granted.
      while (!done) {
        if (Date.now() > deadline) throw new Error(`timed out: ${started} requests`);
        await new Promise((r) => setTimeout(r, 2));
        if (started !== answered) continue;
        const next = vc.pending()[0];
        if (next !== undefined) await vc.runUntil(Math.max(next, vc.monotonic()));
      }
      off();
      const busiest = (times: number[]) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
      const reseller = byKey.get(KEY_B) ?? [];
      const personal = byKey.get(KEY_A) ?? [];
      assert.ok(reseller.length > 42, `the reseller's first poll asked for every package (${reseller.length})`);
      assert.ok(busiest(reseller) <= 30, `busiest minute on the reseller's key: ${busiest(reseller)}`);
      assert.ok(busiest(personal) <= 30);
      assert.ok(Math.max(...reseller) - NOW >= 60_000, 'the reseller’s requests were spread over more than a minute');
      assert.ok(personalDoneAt !== null && personalDoneAt - NOW < 60_000, `the other account was done within its first minute (${personalDoneAt === null ? 'never' : personalDoneAt - NOW} ms)`);
    } finally {
      await controller.stop();
      await api.close();
      await s.cleanup();
    }
  });
});

describe('accounts changed while the app runs', () => {
  test('add, make default, name a package and remove through the running controller; the only account removed leaves no key in use', async () => {
    const s = await setup();
    const api = await startFakeApi({ apiKey: KEY_A, now: () => NOW, otherAccounts: [{ apiKey: KEY_B, subPackages: [{ limitBytes: 5 * GB }] }] });
    const c = controllerFor(s, api);
    try {
      await c.start();
      assert.deepEqual(
        c.view().accounts.map((a) => [a.name, a.key.stored]),
        [['Main', false]],
        'no account yet: the first one’s place',
      );
      const added = await c.addAccount('Work', KEY_A);
      assert.equal(added.ok, true);
      const refused = await c.addAccount('Again', KEY_A);
      assert.match(refused.ok ? '' : refused.message, /already stored for the account "Work"/);
      assert.equal((await c.addAccount('Reseller', KEY_B)).ok, true);
      // Its first poll starts once the one under way (for "Work") has ended.
      await viewWhere(c, (x) => x.accounts[1]?.packages.length === 2);
      let v = c.view();
      assert.deepEqual(
        v.accounts.map((a) => [a.name, a.default, a.key.stored, a.key.last4, a.packages.length]),
        [
          ['Work', true, true, '1111', 1],
          ['Reseller', false, true, '2222', 2],
        ],
      );
      const reseller = v.accounts[1]!;
      assert.equal((await c.setDefaultAccount(reseller.id)).ok, true);
      assert.equal((await c.namePackage(reseller.packages[1]!.id, 'Client Z')).ok, true);
      v = c.view();
      assert.equal(v.accounts[1]!.default, true);
      assert.equal(v.key.last4, '2222', "the key form shows the default account's key");
      assert.equal(v.accounts[1]!.packages[1]!.label, 'Reseller · Client Z');
      // The key form cannot give one account another's key.
      const twice = await c.setKey(KEY_A);
      assert.match(twice.ok ? '' : twice.message, /already stored for the account "Work"/);

      assert.equal((await c.removeAccount(v.accounts[0]!.id)).ok, true);
      assert.equal((await c.removeAccount(c.view().accounts[0]!.id)).ok, true);
      v = c.view();
      assert.deepEqual(
        v.accounts.map((a) => [a.id, a.key.stored]),
        [[FIRST_ACCOUNT_ID, false]],
      );
      const before = api.requests.length;
      const r = await c.refresh();
      assert.equal(r.ok, false);
      assert.equal(r.problem?.kind, 'no-key');
      assert.equal(api.requests.length, before, 'no request with a removed key');
    } finally {
      await c.stop();
      await api.close();
      await s.cleanup();
    }
  });

  test('an account added by another process (the CLI) is taken up at the next poll', async () => {
    const s = await setup();
    const api = await startFakeApi({ apiKey: KEY_A, now: () => NOW, otherAccounts: [{ apiKey: KEY_B }] });
    const deps = { dataDir: s.dataDir, clock: () => NOW, secretsFor: (e: string) => (e === KEYCHAIN_ACCOUNT ? s.secrets : s.secretsFor(e)) };
    await addAccount(deps, 'Personal', KEY_A);
    const c = controllerFor(s, api);
    try {
      await c.start();
      await c.refresh();
      assert.equal(c.view().accounts.length, 1);
      await addAccount(deps, 'Reseller', KEY_B);
      await c.refresh();
      const v = c.view();
      assert.deepEqual(
        v.accounts.map((a) => a.name),
        ['Personal', 'Reseller'],
      );
      assert.equal(v.accounts[1]!.packages[0]!.snapshot.today.totalBytes, sum(api.account(KEY_B).trafficBetween(todayStart, NOW)));
    } finally {
      await c.stop();
      await api.close();
      await s.cleanup();
    }
  });
});

describe('sub-package faults', () => {
  // Many polls in a few seconds of real time: a generous limiter, so none waits out a real minute.
  const roomy = () => createRateLimiter({ monotonic: () => performance.now(), timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }, limit: 1000 });

  async function reseller(clock: { now: () => number }, subs = 2) {
    const s = await setup();
    const api = await startFakeApi({ apiKey: KEY_B, now: clock.now, subPackages: Array.from({ length: subs }, () => ({ limitBytes: 10 * GB })) });
    await s.secrets.set(KEY_B);
    return { s, api };
  }

  test('a list that cannot be read: the sub-packages go on for a while, then show stale with the reason, never old figures as fresh', async () => {
    let now = NOW;
    const { s, api } = await reseller({ now: () => now });
    const c = controllerFor(s, api, { clock: () => now, rateLimiter: roomy() });
    try {
      await c.start();
      await c.refresh();
      api.setScenario({ endpoint: 'subpackages', kind: 'html-502' });
      now += 20 * 60_000;
      await c.refresh();
      let sub = c.view().accounts[0]!.packages[1]!.snapshot;
      assert.equal(sub.problem, null, 'a list 20 minutes old is still good');
      now += 30 * 60_000;
      await c.refresh();
      sub = c.view().accounts[0]!.packages[1]!.snapshot;
      assert.equal(sub.stale, true);
      assert.equal(sub.problem?.kind, 'transport');
      api.reset();
      now += 5 * 60_000;
      await c.refresh();
      sub = c.view().accounts[0]!.packages[1]!.snapshot;
      assert.equal(sub.problem, null);
      assert.equal(sub.package!.usedBytes, api.subPackages[0] === undefined ? -1 : sum(api.account(KEY_B).subTrafficBetween(api.subPackages[0].key, api.subPackages[0].expiresAt - 30 * DAY, now + 1)), 'its figures are the list’s of this poll');
    } finally {
      await c.stop();
      await api.close();
      await s.cleanup();
    }
  });

  test('a new key reaches every sub-package at once (the old one revoked)', async () => {
    const { s, api } = await reseller({ now: () => NOW });
    const KEY_NEW = 'reseller-key-rotated-3333';
    let revoked = false;
    const seen: string[] = [];
    const c = controllerFor(s, api, {
      rateLimiter: roomy(),
      // The account's key regenerated: the new one answers as the account, the old one no longer does.
      fetch: (url, init) => {
        const key = decodeURIComponent(new URL(url).pathname.split('/')[4] ?? '');
        seen.push(key);
        const as = key === KEY_NEW ? KEY_B : key === KEY_B && revoked ? 'revoked-key-0000' : key;
        return fetch(url.replace(encodeURIComponent(key), encodeURIComponent(as)), init);
      },
    });
    try {
      await c.start();
      await c.refresh();
      assert.ok(seen.includes(KEY_B));
      revoked = true;
      const stored = await c.setKey(KEY_NEW);
      assert.equal(stored.ok, true, stored.ok ? '' : stored.message);
      await viewWhere(c, (v) => !v.syncing);
      seen.length = 0;
      const r = await c.refresh();
      assert.equal(r.ok, true, JSON.stringify(r.problem));
      assert.ok(seen.length >= 3, 'the main package and both sub-packages asked');
      assert.deepEqual([...new Set(seen)], [KEY_NEW]);
      assert.ok(c.view().accounts[0]!.packages.every((p) => p.snapshot.problem === null));
    } finally {
      await c.stop();
      await api.close();
      await s.cleanup();
    }
  });

  test('a sub-package no longer listed is said so once, and is no longer polled', async () => {
    const { s, api } = await reseller({ now: () => NOW });
    let now = NOW;
    const c = controllerFor(s, api, { clock: () => now, rateLimiter: roomy() });
    try {
      await c.start();
      await c.refresh();
      assert.equal(c.view().accounts[0]!.packages.length, 3);
      const gone = api.subPackages[1]!.key;
      api.account(KEY_B).removeSubPackage(gone);
      api.reset();
      now += 16 * 60_000;
      await c.refresh();
      const v = c.view();
      assert.deepEqual(
        v.accounts[0]!.packages.map((p) => p.kind),
        ['main', 'sub'],
      );
      assert.equal(v.notices.filter((n) => n.includes('no longer listed')).length, 1);
      const details = api.requests.filter((r) => r.endpoint === 'details' && JSON.stringify(r.body).includes(gone));
      assert.equal(details.length, 0);
    } finally {
      await c.stop();
      await api.close();
      await s.cleanup();
    }
  });
});
