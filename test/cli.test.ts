// The built CLI (out/cli) run as a real process against the fake API over HTTP, with a temp data folder.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { listFiles } from './support/files.js';
import { SETTINGS_CASES } from './support/settings-cases.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';

const CLI = resolve(import.meta.dirname, '../out/cli/proxy-seller-traffic.mjs');
const KEY = 'cli-SECRET-key+äö=42';
const ZONE = 'America/New_York';
const FROZEN = Date.now();

let api: FakeApi;
let dataDir: string;
const transcripts: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
      TZ: ZONE,
      PROXY_SELLER_API_URL: api.baseUrl('v1'),
      PROXY_SELLER_API_KEY: KEY,
      PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir,
      PROXY_SELLER_KEYCHAIN_SERVICE: `pst-cli-test-${process.pid}`,
      ...opts.env,
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      transcripts.push(stdout, stderr);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

function fakeSum(from: number, to: number, login?: string): number {
  return api.trafficBetween(from, to, login).reduce((s, x) => s + x.bytes, 0);
}

describe('proxy-seller-traffic CLI', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    api = await startFakeApi({ apiKey: KEY, now: () => FROZEN, historyDays: 200, logins: ['list-alpha', 'list-beta'] });
  });
  after(async () => {
    await api.close();
  });
  beforeEach(async () => {
    api.reset();
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-'));
  });

  test('today prints one status-bar line', async () => {
    const r = await run(['today']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.trim(), /^\d+(\.\d+)? (B|kB|MB|GB) today · \d+\.\d\d GB left · expires \d{4}-\d\d-\d\d$/);
    assert.equal(r.stdout.trim().split('\n').length, 1);
  });

  test('today --json has exactly the documented fields, in local time, matching the API', async () => {
    const r = await run(['today', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j), ['date', 'timeZone', 'totalBytes', 'byLogin', 'titles', 'hours', 'package', 'stale', 'updatedAt', 'quota', 'problem', 'forecast']);
    const today = localDateOf(FROZEN, ZONE);
    assert.equal(j.date, today);
    assert.equal(j.timeZone, ZONE);
    const b = localDayBounds(today, ZONE);
    assert.equal(j.totalBytes, fakeSum(b.start, FROZEN + 1));
    const expectedByLogin = Object.fromEntries(
      ['list-alpha', 'list-beta'].map((l) => [l, fakeSum(b.start, FROZEN + 1, l)] as const).filter(([, v]) => v > 0),
    );
    assert.deepEqual(j.byLogin, expectedByLogin);
    const hours = j.hours as Array<{ start: string; bytes: number }>;
    assert.ok(hours.length > 0);
    for (const h of hours) assert.match(h.start, /^\d{4}-\d\d-\d\dT\d\d:00:00-0[45]:00$/);
    assert.equal(hours.reduce((s, h) => s + h.bytes, 0), j.totalBytes);
    const pkg = j.package as Record<string, unknown>;
    assert.deepEqual(Object.keys(pkg), ['key', 'active', 'limitBytes', 'usedBytes', 'leftBytes', 'expiresAt']);
    assert.match(String(pkg.expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
    assert.equal(j.stale, false);
    assert.match(String(j.updatedAt), /^\d{4}-\d\d-\d\dT/);
    assert.equal(j.quota, 'ok');
    assert.equal(j.problem, null);
    const f = j.forecast as Record<string, unknown>;
    assert.deepEqual(Object.keys(f), ['bytesPerDay', 'runsOutOn', 'lastsPastExpiry', 'unusedAtExpiryBytes']);
  });

  test('today reuses a fresh sync, --refresh asks again', async () => {
    assert.equal((await run(['today'])).code, 0);
    const n = api.requests.length;
    assert.equal((await run(['today'])).code, 0);
    assert.equal(api.requests.length, n, 'second call within --max-age makes no request');
    assert.equal((await run(['today', '--refresh'])).code, 0);
    assert.ok(api.requests.length > n);
  });

  test('today does not reuse a sync dated ahead of the clock (the clock was set back since)', async () => {
    assert.equal((await run(['today'])).code, 0);
    const file = join(dataDir, 'sync-state.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as { lastSuccessAt: number };
    state.lastSuccessAt = Date.now() + 3 * 3_600_000;
    await writeFile(file, JSON.stringify(state));
    const n = api.requests.length;
    const r = await run(['today', '--json', '--max-age', '86400']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(api.requests.length > n, 'asked the API again');
    const j = JSON.parse(r.stdout) as { updatedAt: string };
    assert.ok(Date.parse(j.updatedAt) <= Date.now(), `updated at ${j.updatedAt}, not in the future`);
  });

  test('day fetches a date older than the backfill and reports it', async () => {
    const old = addDays(localDateOf(FROZEN, ZONE), -90);
    const r = await run(['day', old, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { date: string; totalBytes: number };
    const b = localDayBounds(old, ZONE);
    assert.equal(j.date, old);
    assert.equal(j.totalBytes, fakeSum(b.start, b.end));
    assert.ok(j.totalBytes > 0);
    const text = await run(['day', old]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`^${old} \\(${ZONE.replace('/', '\\/')}\\): `));
  });

  test('today after a day query still fetches today (a range fill is not a sync)', async () => {
    assert.equal((await run(['day', addDays(localDateOf(FROZEN, ZONE), -10)])).code, 0);
    const before = api.requests.filter((r) => r.endpoint === 'details').length;
    const r = await run(['today', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(api.requests.filter((x) => x.endpoint === 'details').length > before);
    const b = localDayBounds(localDateOf(FROZEN, ZONE), ZONE);
    assert.equal((JSON.parse(r.stdout) as { totalBytes: number }).totalBytes, fakeSum(b.start, FROZEN + 1));
  });

  test('a one-off --api-tz keeps its own history and leaves the shared one alone', async () => {
    assert.equal((await run(['today'])).code, 0);
    const shared = (await listFiles(dataDir)).filter((f) => f.includes('/history/'));
    // Yesterday, a whole day: today's hours read 5.5 h earlier are all before the local midnight in
    // the first hours of the day (the test failed between 00:00 and 06:00 in Berlin).
    const r = await run(['day', addDays(localDateOf(Date.now(), ZONE), -1), '--json', '--api-tz', 'Asia/Kolkata']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { totalBytes: number }).totalBytes > 0);
    const after = await listFiles(dataDir);
    for (const f of shared) assert.ok(after.includes(f), `${f} still in place`);
    assert.ok(!after.some((f) => f.includes('.corrupt-')), 'nothing set aside');
    assert.ok(after.some((f) => f.includes('/api-tz/Asia_Kolkata/history/')));
    assert.equal((await run(['today', '--json', '--refresh'])).code, 0);
    assert.ok(!(await listFiles(dataDir)).some((f) => f.includes('.corrupt-')));
  });

  test('history as JSON and CSV, with a login filter', async () => {
    const to = addDays(localDateOf(FROZEN, ZONE), -1);
    const from = addDays(to, -2);
    const j = await run(['history', '--from', from, '--to', to, '--json']);
    assert.equal(j.code, 0, j.stderr);
    const parsed = JSON.parse(j.stdout) as { from: string; to: string; timeZone: string; rows: Array<{ start: string; login: string; bytes: number }> };
    assert.equal(parsed.from, from);
    assert.equal(parsed.to, to);
    assert.equal(parsed.timeZone, ZONE);
    const span = { start: localDayBounds(from, ZONE).start, end: localDayBounds(to, ZONE).end };
    assert.equal(parsed.rows.reduce((s, r) => s + r.bytes, 0), fakeSum(span.start, span.end));
    assert.deepEqual(Object.keys(parsed.rows[0]!), ['start', 'login', 'bytes', 'title']);
    const csv = await run(['history', '--from', from, '--to', to, '--csv', '--login', 'list-beta']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'start,login,bytes,title');
    assert.ok(lines.slice(1).every((l) => l.split(',')[1] === 'list-beta'));
    assert.equal(lines.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0), fakeSum(span.start, span.end, 'list-beta'));
  });

  test('package --json', async () => {
    const r = await run(['package', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { key: string; limitBytes: number; leftBytes: number; usedBytes: number; forecast: Record<string, unknown> };
    assert.equal(j.key.length, 20);
    assert.equal(j.limitBytes - j.usedBytes, j.leftBytes);
    // The same forecast as today --json's.
    assert.deepEqual(Object.keys(j.forecast), ['bytesPerDay', 'runsOutOn', 'lastsPastExpiry', 'unusedAtExpiryBytes']);
  });

  const errorCases: Array<[string, Parameters<FakeApi['setScenario']>[0], number, RegExp]> = [
    ['access triple', { kind: 'access-triple' }, 3, /API key is wrong, this IP is not allowed, or the request limit/],
    ['IP not allowed', { kind: 'ip-not-allowed', ip: '198.51.100.23' }, 3, /198\.51\.100\.23/],
    ['rate limit', { kind: 'rate-limit-429', retryAfter: 600 }, 4, /rate limit/i],
    ['HTML 502', { kind: 'html-502' }, 5, /./],
    ['truncated JSON', { kind: 'truncated' }, 5, /./],
    ['no package', { kind: 'tarif-not-found' }, 6, /no residential proxy package/],
  ];
  for (const [name, scenario, code, message] of errorCases) {
    test(`exit ${code} on ${name}, one clear line on stderr`, async () => {
      api.setScenario(scenario);
      const r = await run(['today']);
      assert.equal(r.code, code, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }

  test('when the API fails but history covers the day, print it stale with the error code', async () => {
    assert.equal((await run(['today'])).code, 0);
    api.setScenario({ kind: 'html-502' });
    const r = await run(['today', '--json', '--refresh']);
    assert.equal(r.code, 5);
    const j = JSON.parse(r.stdout) as { stale: boolean; totalBytes: number };
    assert.equal(j.stale, true);
    assert.ok(j.totalBytes > 0);
    assert.ok(r.stderr.length > 0);
  });

  test('no key: exit 3 with what to do', async () => {
    const r = await run(['today'], { env: { PROXY_SELLER_API_KEY: undefined } });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /key set/);
  });

  test('usage errors exit 2', async () => {
    for (const args of [['bogus'], ['day', '2026-02-30'], ['history', '--from', '2026-01-02'], ['today', '--csv'], ['history', '--from', '2026-01-05', '--to', '2026-01-01'], ['history', '--from', '2000-01-01', '--to', '2026-01-01'], ['today', '--api-tz', 'Mars/Base']]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^proxy-seller-traffic: /);
    }
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
  });

  test('a plain-http API URL to another host is refused before any request: exit 2, nothing recorded', async () => {
    const url = 'http://proxy-seller.example/personal/api/v1/';
    const r = await run(['today'], { env: { PROXY_SELLER_API_URL: url } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^proxy-seller-traffic: PROXY_SELLER_API_URL: .*plain http.*https:\/\//);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.ok(!r.stderr.includes(KEY) && !r.stdout.includes(KEY));
    assert.deepEqual(await listFiles(dataDir), [], 'no state written for a setup error');
    const local = await run(['today'], { env: { PROXY_SELLER_API_URL: api.baseUrl('v1').replace('127.0.0.1', 'localhost') } });
    assert.equal(local.code, 0, `loopback http stays allowed: ${local.stderr}`);
  });

  test('leftover temp files of killed runs are removed at start, and stderr says so', async () => {
    const tmp = join(dataDir, 'history', '.abc.json.999.1764000000000.tmp');
    await mkdir(join(dataDir, 'history'), { recursive: true });
    await writeFile(tmp, 'half a file');
    const old = (Date.now() - 2 * 3_600_000) / 1000;
    await utimes(tmp, old, old);
    const r = await run(['today']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(tmp));
    assert.match(r.stderr, /Removed from .*1 temp file left by an interrupted write/);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'stdout keeps its one status line');
  });

  test('a today that only reads fresh figures leaves the sweep of leftovers to the next run that polls', async () => {
    const first = await run(['today']);
    assert.equal(first.code, 0, first.stderr);
    const tmp = join(dataDir, 'history', '.abc.json.999.1764000000000.tmp');
    await writeFile(tmp, 'half a file');
    const old = (Date.now() - 2 * 3_600_000) / 1000;
    await utimes(tmp, old, old);
    const asked = api.requests.length;
    const fresh = await run(['today', '--max-age', '3600']);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(api.requests.length, asked, 'the fresh figures were reused');
    assert.equal(fresh.stderr, '');
    assert.ok(existsSync(tmp), 'a run that writes nothing sweeps nothing');
    const polled = await run(['today', '--refresh']);
    assert.equal(polled.code, 0, polled.stderr);
    assert.ok(!existsSync(tmp));
    assert.match(polled.stderr, /Removed from .*1 temp file left by an interrupted write/);
  });

  test('a rate limit of hours: stderr says until when; later runs wait it out instead of asking again', async () => {
    api.setScenario({ kind: 'rate-limit-429', retryAfter: 7200 });
    const first = await run(['today']);
    assert.equal(first.code, 4, first.stderr);
    assert.match(first.stderr, /^proxy-seller-traffic: Proxy-Seller rate limit reached\. Rate limited until (\d{4}-\d\d-\d\d )?\d\d:\d\d\. Wait 2 h and try again\.$/m);
    const asked = api.requests.length;
    const again = await run(['today']);
    assert.equal(again.code, 4, again.stderr);
    assert.equal(api.requests.length, asked, 'no request while the recorded wait holds');
    api.reset();
    const forced = await run(['today', '--refresh']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(api.requests.length > 0, '--refresh asks');
  });

  test('key set / status / delete through the real keychain', async () => {
    const env = { PROXY_SELLER_API_KEY: undefined };
    const set = await run(['key', 'set'], { env, stdin: `${KEY}\n` });
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /ends in ö=42\)/);
    const status = await run(['key', 'status'], { env });
    assert.match(status.stdout, /is stored/);
    const today = await run(['today'], { env });
    assert.equal(today.code, 0, `the keychain key is used: ${today.stderr}`);
    const del = await run(['key', 'delete'], { env });
    assert.match(del.stdout, /removed/);
    const after = await run(['key', 'status'], { env });
    assert.match(after.stdout, /No API key/);
    const bad = await run(['key', 'set'], { env, stdin: '\n' });
    assert.equal(bad.code, 2);
  });

  test('the key never appears in any output or any file written', async () => {
    await run(['today']);
    await run(['today', '--json', '--refresh']);
    api.setScenario({ kind: 'access-triple' });
    await run(['package']);
    api.setScenario({ kind: 'truncated' });
    await run(['day', addDays(localDateOf(FROZEN, ZONE), -60)]);
    api.reset();
    for (const out of transcripts) {
      assert.ok(!out.includes(KEY), 'key in CLI output');
      assert.ok(!out.includes(encodeURIComponent(KEY)), 'encoded key in CLI output');
    }
    for (const f of await listFiles(dataDir)) {
      const text = await readFile(f, 'utf8');
      assert.ok(!text.includes(KEY) && !text.includes(encodeURIComponent(KEY)), `key in ${f}`);
    }
    assert.ok(!JSON.stringify(api.requests).includes(KEY));
  });

  for (const c of SETTINGS_CASES) {
    test(`a settings file holding ${c.name} is read as the app reads it: ${c.movedAside ? 'moved aside, defaults, reported' : 'accepted'}`, async () => {
      await writeFile(join(dataDir, 'settings.json'), c.text);
      const r = await run(['today']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, c.units === 'GiB' ? / GiB left/ : / GB left/);
      if (c.problem) assert.match(r.stderr, c.problem);
      else assert.equal(r.stderr, '');
      const aside = (await readdir(dataDir)).filter((n) => n.startsWith('settings.json.corrupt-'));
      assert.equal(aside.length, c.movedAside ? 1 : 0, aside.join(', '));
      if (c.movedAside) assert.equal(await readFile(join(dataDir, aside[0]!), 'utf8'), c.text, 'nothing the user wrote is lost');
      else assert.equal(await readFile(join(dataDir, 'settings.json'), 'utf8'), c.text, 'a readable file is left as it is');
    });
  }

  for (const [name, broken] of [
    ['a mistyped API timezone', JSON.stringify({ apiTimeZone: 'Europe/Berln' })],
    ['a damaged settings file', '{"apiTimeZone": "Europe/Berlin",'],
  ] as const) {
    test(`${name} in settings.json leaves the history alone; fixing it brings the history back`, async () => {
      const settingsFile = join(dataDir, 'settings.json');
      const good = JSON.stringify({ apiTimeZone: 'Europe/Berlin' });
      await writeFile(settingsFile, good);
      assert.equal((await run(['today'])).code, 0);
      // The Berlin history: a folder of day files, read whole to compare.
      const berlin = async () => {
        const files = (await listFiles(dataDir)).filter((f) => f.includes('/history/') && !f.endsWith('.lock')).sort();
        return Promise.all(files.map(async (f) => `${f}\n${await readFile(f, 'utf8')}`));
      };
      const recorded = await berlin();
      assert.ok(recorded.length > 0 && recorded.every((f) => f.includes('.tz-Europe%2FBerlin/')), 'one history folder, Berlin\'s');
      assert.equal((JSON.parse(recorded[0]!.split('\n')[1]!) as { apiTimeZone: string }).apiTimeZone, 'Europe/Berlin');

      await writeFile(settingsFile, broken);
      const r = await run(['today', '--refresh']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /apiTimeZone must be a known IANA time zone|settings\.json could not be read/);
      assert.match(r.stderr, /recorded with API timezone Europe\/Berlin is left as it is .* while UTC stands in/);
      assert.deepEqual((await berlin()).filter((f) => f.includes('.tz-Europe%2FBerlin/')), recorded, 'the Berlin history is neither moved nor overwritten');

      await writeFile(settingsFile, good);
      const fixed = await run(['today', '--json', '--refresh']);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.equal(fixed.stderr, '', 'nothing to report once fixed');
      const after = (await berlin()).filter((f) => f.includes('.tz-Europe%2FBerlin/'));
      assert.ok(after.length >= recorded.length && after.every((f) => (JSON.parse(f.split('\n')[1]!) as { apiTimeZone: string }).apiTimeZone === 'Europe/Berlin'));
      assert.ok(!(await listFiles(dataDir)).some((f) => f.includes('/history/') && f.includes('.corrupt-')), 'no history set aside');
    });
  }

  test('settings.json and sync-state.json that cannot be read (folders in their place) are moved aside and reported on stderr; today still answers', async () => {
    // Before fs/json-file the CLI stopped on them with EISDIR.
    await mkdir(join(dataDir, 'settings.json'));
    await mkdir(join(dataDir, 'sync-state.json'));
    const r = await run(['today']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / GB left/);
    assert.match(r.stderr, /^proxy-seller-traffic: settings\.json could not be read \(EISDIR: .+\); it was moved to .+ and default settings are used\.$/m);
    assert.match(r.stderr, /^proxy-seller-traffic: The sync state file was unreadable \(EISDIR: .+\); it was moved to .+ and the app starts fresh\.$/m);
    const names = await readdir(dataDir);
    assert.ok(names.some((n) => n.startsWith('settings.json.corrupt-')) && names.some((n) => n.startsWith('sync-state.json.corrupt-')), names.join(', '));
    assert.equal((await run(['today'])).stderr, '', 'the next run has nothing to report');
  });

  // Each test has its own data folder: remove every one.
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
});
