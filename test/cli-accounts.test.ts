// Several accounts and sub-user packages through the built CLI, run as a real process against the
// fake API over HTTP (two keys, one a reseller with sub-packages), the real keychain (each test its
// own service) and a temp data folder: accounts add/list/default/remove, packages, today --package,
// today --all, metrics, and the single-key setup becoming the account "Main" by itself.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { createApiClient } from '../src/core/api/client.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { localDateOf } from '../src/shared/local-dates.js';
import { compactBytes, formatBytes } from '../src/shared/bytes.js';
import { percentLeftText } from '../src/shared/quota.js';
import { CLI, runCli, type CliRun } from './support/cli-run.js';
import { listFiles } from './support/files.js';

const KEY_A = 'cli-acct-A-personal+0001';
const KEY_B = 'cli-acct-B-reseller=0002';
const ZONE = 'Europe/Berlin';
const FROZEN = Date.now();
const GB = 1e9;
const PROMTOOL = '/usr/bin/promtool';

let fake: FakeApi;
let dataDir: string;
let service: string;
let serial = 0;
const outputs: string[] = [];

async function cli(args: readonly string[], o: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  const r = await runCli(
    args,
    {
      TZ: ZONE,
      PROXY_SELLER_API_URL: fake.baseUrl('v1'),
      PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir,
      PROXY_SELLER_KEYCHAIN_SERVICE: service,
      ...o.env,
    },
    o.stdin ?? '',
  );
  outputs.push(r.stdout, r.stderr);
  return r;
}

function sum(xs: ReadonlyArray<{ bytes: number }>): number {
  return xs.reduce((s, x) => s + x.bytes, 0);
}

async function addBoth(): Promise<void> {
  for (const [name, key] of [
    ['Personal', KEY_A],
    ['Reseller', KEY_B],
  ] as const) {
    const r = await cli(['accounts', 'add', name], { stdin: `${key}\n` });
    assert.equal(r.code, 0, r.stderr);
  }
}

describe('CLI with several accounts and sub-user packages', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    fake = await startFakeApi({
      apiKey: KEY_A,
      now: () => FROZEN,
      historyDays: 30,
      logins: ['list-alpha', 'list-beta'],
      otherAccounts: [{ apiKey: KEY_B, package: { limitBytes: 200 * GB }, subPackages: [{ limitBytes: 20 * GB }, { limitBytes: 5 * GB }] }],
    });
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-accounts-'));
    service = `pst-cli-accounts-${process.pid}-${++serial}`;
  });
  afterEach(async () => {
    // The keys go with the accounts (and the old entry with key delete): nothing stays in the keychain.
    const listed = await cli(['accounts', 'list', '--json']);
    const names = (JSON.parse(listed.stdout || '{"accounts":[]}') as { accounts: Array<{ name: string }> }).accounts.map((a) => a.name);
    for (const name of names) await cli(['accounts', 'remove', name]);
    await cli(['key', 'delete']);
    await rm(dataDir, { recursive: true, force: true });
  });

  test('accounts add checks each key with the API and stores it only in the keychain; list marks the default; default and remove change it', async () => {
    await addBoth();
    const list = await cli(['accounts', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), {
      accounts: [
        { name: 'Personal', default: true, keyLast4: '0001' },
        { name: 'Reseller', default: false, keyLast4: '0002' },
      ],
    });
    const text = await cli(['accounts', 'list']);
    assert.match(text.stdout, /^\* Personal\s+…0001$/m);
    assert.match(text.stdout, /^ {2}Reseller\s+…0002$/m);

    const taken = await cli(['accounts', 'add', 'personal'], { stdin: `${KEY_B}\n` });
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /already an account named "personal"/i);
    const refused = await cli(['accounts', 'add', 'Third'], { stdin: 'cli-acct-C-unknown-0003\n' });
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /the account was not added/);
    assert.equal(refused.stderr.trim().split('\n').length, 1);
    const unknown = await cli(['accounts', 'default', 'Nobody']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no account named "Nobody"\. Accounts: Personal, Reseller\./);
    const unknownFlag = await cli(['today', '--account', 'Nobody']);
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.stderr, /Accounts: Personal, Reseller/);

    assert.equal((await cli(['accounts', 'default', 'Reseller'])).code, 0);
    assert.deepEqual(
      (JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as { accounts: Array<{ name: string; default: boolean }> }).accounts.map((a) => [a.name, a.default]),
      [
        ['Personal', false],
        ['Reseller', true],
      ],
    );
    const removed = await cli(['accounts', 'remove', 'Reseller']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /The default account is "Personal"/);
    assert.deepEqual(JSON.parse((await cli(['accounts', 'list', '--json'])).stdout), { accounts: [{ name: 'Personal', default: true, keyLast4: '0001' }] });

    // The refused key and the taken name left nothing behind; no key in any file or output.
    for (const path of await listFiles(dataDir)) {
      const content = await readFile(path, 'utf8');
      for (const k of [KEY_A, KEY_B, 'cli-acct-C-unknown-0003']) assert.equal(content.includes(k), false, `${k} in ${path}`);
    }
    for (const out of outputs) for (const k of [KEY_A, KEY_B]) assert.equal(out.includes(k), false);
  });

  test('with PROXY_SELLER_API_KEY set it is the only account: accounts add, remove, default and --account say so', async () => {
    const env = { PROXY_SELLER_API_KEY: KEY_A };
    for (const args of [['accounts', 'add', 'X'], ['accounts', 'remove', 'X'], ['accounts', 'default', 'X'], ['today', '--account', 'X']]) {
      const r = await cli(args, { env, stdin: `${KEY_B}\n` });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /PROXY_SELLER_API_KEY is set: it is the only account while it is set/);
    }
    assert.deepEqual(JSON.parse((await cli(['accounts', 'list', '--json'], { env })).stdout), { accounts: [{ name: '', default: true, keyLast4: '0001' }] });
  });

  test('packages --all --json: every package of both accounts, to the byte as the API answers; the text shows the reserved traffic so the figures add up', async () => {
    await addBoth();
    const r = await cli(['packages', '--all', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const got = (JSON.parse(r.stdout) as { packages: Array<Record<string, unknown>> }).packages;
    const api = (key: string) => createApiClient({ fetch, apiKey: key, baseUrl: fake.baseUrl('v1'), apiTimeZone: 'UTC', clock: () => FROZEN, maxRetries: 0 });
    const [a, b, subs] = await Promise.all([api(KEY_A).getPackage(), api(KEY_B).getPackage(), api(KEY_B).getSubPackages()]);
    assert.equal(subs.length, 2);
    const row = (account: string, kind: string, p: { key: string; limitBytes: number; usedBytes: number; leftBytes: number; active: boolean; reservedBytes: number }) => ({
      account,
      key: p.key,
      kind,
      limitBytes: p.limitBytes,
      usedBytes: p.usedBytes,
      leftBytes: p.leftBytes,
      active: p.active,
      reservedBytes: p.reservedBytes,
    });
    assert.deepEqual(
      got.map(({ expiresAt: _e, name: _n, stale: _s, ...rest }) => rest),
      [row('Personal', 'main', a), row('Reseller', 'main', b), ...subs.map((s) => row('Reseller', 'sub', s))],
    );
    for (const g of got) assert.match(String(g.expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.equal(b.reservedBytes, 25 * GB);
    const text = await cli(['packages', '--all']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Account\s+Package\s+Limit\s+Used\s+Reserved\s+Left\s+% left\s+Runs out\s+Expires$/m);
    assert.match(text.stdout, /^Reseller\s+Main package\s+200\.00 GB\s+\S+ GB\s+25\.00 GB\s/m);
    assert.match(text.stdout, /limit = used \+ reserved \+ left/);
    // The list is read at most every 15 minutes (sub-packages.json, as the app keeps it).
    const n = fake.requests.filter((q) => String(q.endpoint) === 'residentsubuser/packages').length;
    assert.equal((await cli(['packages', '--all', '--json'])).code, 0);
    assert.equal(fake.requests.filter((q) => String(q.endpoint) === 'residentsubuser/packages').length, n);
  });

  test("today --package KEY: one sub-package's day from its own history in its own folder, to the byte", async () => {
    await addBoth();
    const sub = fake.account(KEY_B).subPackages[0]!;
    const r = await cli(['today', '--account', 'Reseller', '--package', sub.key, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { totalBytes: number; package: { key: string; limitBytes: number } };
    const b = localDayBounds(localDateOf(FROZEN, ZONE), ZONE);
    assert.equal(j.totalBytes, sum(fake.account(KEY_B).subTrafficBetween(sub.key, b.start, FROZEN + 1)));
    assert.ok(j.totalBytes > 0);
    assert.equal(j.package.key, sub.key);
    assert.equal(j.package.limitBytes, 20 * GB);
    const accountDirs = await readdir(join(dataDir, 'accounts'));
    assert.equal(accountDirs.length, 1, 'the second account has its own folder');
    assert.ok(existsSync(join(dataDir, 'accounts', accountDirs[0]!, 'sub-packages', sub.key, 'sync-state.json')));
    const wrong = await cli(['today', '--account', 'Reseller', '--package', 'ffffffffffffffffffff']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, new RegExp(`not a package of the account "Reseller".*${sub.key}`));
  });

  test('today --all --json: each account is its packages added up, to the byte, and each package is as the API holds it', async () => {
    await addBoth();
    const r = await cli(['today', '--all', '--json']);
    assert.equal(r.code, 0, r.stderr);
    type Day = { name?: string; kind?: string; totalBytes: number; byLogin: Record<string, number>; hours: Array<{ start: string; bytes: number }>; package: { key: string; limitBytes: number; usedBytes: number; leftBytes: number } | null };
    const j = JSON.parse(r.stdout) as { accounts: Array<Day & { packages: Day[] }> };
    assert.deepEqual(
      j.accounts.map((a) => [a.name, a.packages.map((p) => p.kind)]),
      [
        ['Personal', ['main']],
        ['Reseller', ['main', 'sub', 'sub']],
      ],
    );
    const b = localDayBounds(localDateOf(FROZEN, ZONE), ZONE);
    const reseller = fake.account(KEY_B);
    const expected = [sum(reseller.trafficBetween(b.start, FROZEN + 1)), ...reseller.subPackages.map((s) => sum(reseller.subTrafficBetween(s.key, b.start, FROZEN + 1)))];
    assert.deepEqual(
      j.accounts[1]!.packages.map((p) => p.totalBytes),
      expected,
    );
    for (const a of j.accounts) {
      assert.equal(a.totalBytes, a.packages.reduce((s, p) => s + p.totalBytes, 0));
      assert.equal(sum(a.hours), a.totalBytes);
      assert.equal(Object.values(a.byLogin).reduce((s, v) => s + v, 0), a.totalBytes);
      for (const p of a.packages) assert.equal(sum(p.hours), p.totalBytes);
    }
    assert.equal(j.accounts[0]!.totalBytes, sum(fake.account(KEY_A).trafficBetween(b.start, FROZEN + 1)));
    // The reseller's package figures are its packages added up, nothing counted twice: used + left = limit.
    const total = j.accounts[1]!.package!;
    assert.equal(total.usedBytes, j.accounts[1]!.packages.reduce((s, p) => s + p.package!.usedBytes, 0));
    assert.equal(total.usedBytes + total.leftBytes, total.limitBytes);

    const bar = await cli(['today', '--all', '--format', 'waybar']);
    assert.equal(bar.code, 0);
    const w = JSON.parse(bar.stdout) as { text: string; class: string[] };
    // The bar's state is the worst of every package's.
    const states = j.accounts.flatMap((a) => a.packages.map((p) => (p as unknown as { quota: string }).quota));
    assert.deepEqual(w.class, [['critical', 'low', 'ok'].find((q) => states.includes(q))]);
  });

  test("today --all --format: waybar's tooltip and xbar's drop-down list every package in the tray's words, adding up to the total; an expired or used-up sub-package colours the bar, not its text; the forecast names its package", async () => {
    await addBoth();
    const reseller = fake.account(KEY_B);
    const [gone, kept] = reseller.subPackages;
    reseller.setSubPackage(gone!.key, { expiresAt: FROZEN - 3 * 86_400_000 });
    const j = JSON.parse((await cli(['today', '--all', '--json'])).stdout) as {
      accounts: Array<{ name: string; packages: Array<{ kind: string; quota: string; package: { key: string; usedBytes: number; leftBytes: number; limitBytes: number; expiresAt: string } }> }>;
    };
    const all = j.accounts.flatMap((a) => a.packages.map((p) => ({ account: a.name, ...p })));
    const expired = (p: (typeof all)[number]) => Date.parse(p.package.expiresAt) <= Date.now();
    // The total as every screen adds it up: the left of the packages that can still be used.
    const left = all.filter((p) => !expired(p)).reduce((s, p) => s + p.package.leftBytes, 0);
    const used = all.reduce((s, p) => s + p.package.usedBytes, 0);

    const bar = await cli(['today', '--all', '--format', 'waybar']);
    assert.equal(bar.code, 0, bar.stderr);
    const w = JSON.parse(bar.stdout) as { text: string; tooltip: string; class: string[] };
    assert.deepEqual(w.class, ['critical'], 'the worst package (expired) colours the bar');
    assert.match(w.text, new RegExp(`^\\S+ · ${compactBytes(left, 'GB').replace('.', '\\.')} left$`), 'the text is what is left in total, not "expired"');
    const lines = w.tooltip.split('\n');
    assert.ok(lines.includes(`Left: ${formatBytes(left)} (${percentLeftText({ leftBytes: left, limitBytes: used + left } as never, 0.1)} %)`), w.tooltip);
    assert.ok(lines.includes(`Used: ${formatBytes(used)} of ${formatBytes(used + left)}`), w.tooltip);
    // One line per package, labelled as the app labels them, after the total's lines.
    const rows = lines.slice(lines.indexOf('') + 1);
    const label = (p: (typeof all)[number]) => (p.kind === 'main' ? p.account : `${p.account} · Sub-package ${p.package.key.slice(-4)}`);
    assert.deepEqual(
      rows.map((r) => r.split(': ')[0]),
      all.map(label),
    );
    for (const [i, p] of all.entries()) {
      if (expired(p)) assert.match(rows[i]!, new RegExp(`^Reseller · Sub-package ${gone!.key.slice(-4)}: expired [A-Z][a-z]{2} \\d+$`));
      else if (p.package.leftBytes <= 0) assert.equal(rows[i], `${label(p)}: used up`);
      else assert.ok(rows[i]!.startsWith(`${label(p)}: ${p.quota === 'low' ? 'running low, ' : ''}${formatBytes(p.package.leftBytes)} left (`), rows[i]);
    }
    assert.ok(rows.some((r) => r.startsWith(`Reseller · Sub-package ${kept!.key.slice(-4)}: `)));
    // The forecast line names the package it is (never an unnamed "Runs out …" beside the total's left).
    const head = lines.slice(0, lines.indexOf(''));
    assert.equal(head.filter((l) => /Runs out|Lasts past expiry|Renews|Nothing used lately/.test(l)).length, 1, w.tooltip);
    assert.match(head.find((l) => /Runs out|Lasts past expiry|Renews|Nothing used lately/.test(l))!, new RegExp(`^(${all.map((p) => label(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}): `));

    const short = await cli(['today', '--all', '--short']);
    assert.match(short.stdout.trim(), new RegExp(` · ${compactBytes(left, 'GB').replace('.', '\\.')} left$`));
    const x = await cli(['today', '--all', '--format', 'xbar']);
    const menu = x.stdout.split('\n');
    for (const r of rows) assert.ok(menu.includes(r.replace(/\|/g, '¦')), `xbar lists ${r}`);
    assert.match(x.stdout, /^Refresh \| .* param2=today param3=--all param4=--refresh /m);
  });

  test("key set refuses another account's key (one key, one account), and the entry stays as it was", async () => {
    await addBoth();
    const r = await cli(['key', 'set', '--account', 'Personal'], { stdin: `${KEY_B}\n` });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /already stored for the account "Reseller"/);
    const list = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as { accounts: Array<{ name: string; keyLast4: string }> };
    assert.deepEqual(
      list.accounts.map((a) => [a.name, a.keyLast4]),
      [
        ['Personal', KEY_A.slice(-4)],
        ['Reseller', KEY_B.slice(-4)],
      ],
    );
  });

  test('the main package gone does not stop its sub-packages; --package with the main key before any sync; the API down is its own problem, not a usage error', async () => {
    await addBoth();
    fake.setScenario({ endpoint: 'package', kind: 'tarif-not-found' });
    const p = await cli(['today', '--all', '--json']);
    const j = JSON.parse(p.stdout) as { accounts: Array<{ name: string; packages: Array<{ kind: string; problem: unknown; totalBytes: number }> }> };
    const subs = j.accounts.find((a) => a.name === 'Reseller')!.packages.filter((x) => x.kind === 'sub');
    assert.equal(subs.length, 2, 'the sub-packages are still listed');
    assert.ok(subs.every((x) => x.problem === null && x.totalBytes > 0), JSON.stringify(subs));
    fake.reset();
    // A fresh folder: the main package has never been read.
    await rm(dataDir, { recursive: true, force: true });
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-accounts-'));
    await addBoth();
    const main = fake.account(KEY_B).package.key;
    const m = await cli(['today', '--account', 'Reseller', '--package', main, '--json']);
    assert.equal(m.code, 0, m.stderr);
    assert.equal((JSON.parse(m.stdout) as { package: { key: string } }).package.key, main);
    await rm(dataDir, { recursive: true, force: true });
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-accounts-'));
    await addBoth();
    fake.setScenario({ kind: 'html-502' });
    const down = await cli(['today', '--account', 'Reseller', '--package', fake.account(KEY_B).subPackages[0]!.key]);
    assert.notEqual(down.code, 2, 'not a usage error');
    assert.doesNotMatch(down.stderr, /not a package of/);
    fake.reset();
  });

  test('metrics: a series per package labelled with its account and package key; promtool passes', { skip: existsSync(PROMTOOL) ? false : `${PROMTOOL} not installed` }, async () => {
    await addBoth();
    const r = await cli(['metrics']);
    assert.equal(r.code, 0, r.stderr);
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: r.stdout, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    const keys = [['Personal', fake.account(KEY_A).package.key], ['Reseller', fake.account(KEY_B).package.key], ...fake.account(KEY_B).subPackages.map((s) => ['Reseller', s.key])];
    for (const [account, key] of keys) {
      assert.match(r.stdout, new RegExp(`^proxy_seller_package_left_bytes\\{account="${account}",package="${key}"\\} \\d+$`, 'm'));
      assert.match(r.stdout, new RegExp(`^proxy_seller_up\\{account="${account}",package="${key}"\\} 1$`, 'm'));
    }
    assert.equal((r.stdout.match(/^# TYPE proxy_seller_up gauge$/gm) ?? []).length, 1);
    // The reseller's main package adds up in the metrics too: limit = used + left + reserved.
    const gauge = (name: string, key: string) => Number(new RegExp(`^proxy_seller_package_${name}_bytes\\{account="Reseller",package="${key}"\\} (\\d+)$`, 'm').exec(r.stdout)?.[1]);
    const main = fake.account(KEY_B).package.key;
    assert.equal(gauge('reserved', main), 25 * GB);
    assert.equal(gauge('used', main) + gauge('left', main) + gauge('reserved', main), gauge('limit', main));
    const one = await cli(['metrics', '--account', 'Personal']);
    assert.doesNotMatch(one.stdout, /account="Reseller"/);
  });

  test('the single-key setup becomes the account "Main" by itself: accounts list shows it, today works unchanged', async () => {
    // The earlier setup: one key in the old keychain entry, its files at the data folder's root.
    assert.equal((await cli(['key', 'set'], { stdin: `${KEY_A}\n` })).code, 0);
    const before = await cli(['today', '--json']);
    assert.equal(before.code, 0, before.stderr);
    assert.equal(existsSync(join(dataDir, 'accounts.json')), false);
    const list = await cli(['accounts', 'list', '--json']);
    assert.deepEqual(JSON.parse(list.stdout), { accounts: [{ name: 'Main', default: true, keyLast4: '0001' }] });
    const n = fake.requests.length;
    const after = await cli(['today', '--json']);
    assert.equal(after.code, 0, after.stderr);
    assert.equal(fake.requests.length, n, 'the sync of the single-key setup is reused: no request');
    assert.equal((JSON.parse(after.stdout) as { totalBytes: number }).totalBytes, (JSON.parse(before.stdout) as { totalBytes: number }).totalBytes);
    assert.equal(existsSync(join(dataDir, 'accounts')), false, 'Main keeps the data folder itself');
    assert.equal((await cli(['today', '--account', 'main'])).code, 0);
    await cli(['key', 'delete']);
  });
});
