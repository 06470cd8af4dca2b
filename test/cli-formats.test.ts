// The status-bar formats, the JSON additions and the usage fixes of the built CLI, run as a real
// process against the fake API over HTTP, each test in its own temp data folder.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { listFiles } from './support/files.js';
import { CLI, runCli, type CliRun } from './support/cli-run.js';

const KEY = 'fmt-SECRET-key+äö=42';
const ZONE = 'Europe/Berlin';
const FROZEN = Date.now();
const LOGINS = ['list-alpha', 'list-beta'];

let api: FakeApi;
let dataDir: string;
const outputs: string[] = [];

async function run(args: string[], env: Record<string, string | undefined> = {}, stdin = ''): Promise<CliRun> {
  const r = await runCli(
    args,
    {
      TZ: ZONE,
      PROXY_SELLER_API_URL: api.baseUrl('v1'),
      PROXY_SELLER_API_KEY: KEY,
      PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir,
      PROXY_SELLER_KEYCHAIN_SERVICE: `pst-cli-formats-${process.pid}`,
      ...env,
    },
    stdin,
  );
  outputs.push(r.stdout, r.stderr);
  return r;
}

interface Waybar {
  text: string;
  tooltip: string;
  class: string[];
  percentage: number;
  alt: string;
}

const FORMATS = ['waybar', 'polybar', 'i3blocks', 'xbar', 'tmux'] as const;

describe('proxy-seller-traffic status-bar formats, JSON and usage', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    api = await startFakeApi({ apiKey: KEY, now: () => FROZEN, historyDays: 200, logins: LOGINS });
  });
  after(async () => {
    await api.close();
    for (const out of outputs) assert.ok(!out.includes(KEY) && !out.includes(encodeURIComponent(KEY)), 'the key in an output');
  });
  beforeEach(async () => {
    api.reset();
    api.setPackage({ limitBytes: 50e9, expiresAt: FROZEN + 20 * 86_400_000, active: true });
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-fmt-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('waybar: one JSON line with text, tooltip, class, percentage and alt; the percentage is what the package has left', async () => {
    const r = await run(['today', '--format', 'waybar']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    const w = JSON.parse(r.stdout) as Waybar;
    assert.deepEqual(Object.keys(w), ['text', 'tooltip', 'class', 'percentage', 'alt']);
    assert.deepEqual(w.class, ['ok']);
    const pkg = (JSON.parse((await run(['package', '--json'])).stdout) as { limitBytes: number; leftBytes: number });
    // The share left as the tray and the window show it: rounded down (never more than is left).
    assert.equal(w.percentage, Math.floor((pkg.leftBytes / pkg.limitBytes) * 100));
    assert.ok(w.text.length <= 40, w.text);
    assert.match(w.text, /^\d[\d.]*[kMG]? · \d[\d.]*G left$/);
    assert.match(w.tooltip, /Today: .+\nUsed: .+ of 50\.00 GB\nLeft: .+\nExpires: \d{4}-\d\d-\d\d/);
  });

  test('polybar is one coloured line, i3blocks three lines, xbar a title then details and actions, tmux coloured; all exit 0', async () => {
    const out: Record<string, string> = {};
    for (const f of FORMATS) {
      const r = await run(['today', '--format', f]);
      assert.equal(r.code, 0, `${f}: ${r.stderr}`);
      out[f] = r.stdout.replace(/\n$/, '');
    }
    assert.match(out.polybar!, /^%\{F#[0-9a-f]{6}\}[^\n]+ left%\{F-\}$/);
    const [full, short, colour, ...rest] = out.i3blocks!.split('\n');
    assert.deepEqual(rest, []);
    assert.match(full!, / today · .+ left · expires \d{4}-\d\d-\d\d$/);
    assert.match(short!, / left$/);
    assert.match(colour!, /^#[0-9a-f]{6}$/);
    const xbar = out.xbar!.split('\n');
    assert.match(xbar[0]!, / left \| color=#[0-9a-f]{6}$/);
    assert.equal(xbar[1], '---');
    assert.ok(xbar.some((l) => /^Refresh \| bash="\/.+" param1="\/.+proxy-seller-traffic\.mjs" param2=today param3=--refresh .*refresh=true/.test(l)), out.xbar);
    assert.ok(xbar.some((l) => l.startsWith('Open app | bash=/usr/bin/open')), out.xbar);
    // Only one title: xbar cycles every line before the first '---'.
    assert.equal(xbar.indexOf('---'), 1);
    assert.match(out.tmux!, /^#\[fg=#[0-9a-f]{6}\][^\n]+ left#\[default\]$/);
  });

  test('--short is the compact text', async () => {
    const r = await run(['today', '--short']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.trim(), /^\d+(\.\d+)?[kMG]? · \d+(\.\d+)?G left$/);
  });

  test('no key: every format exits 0 and says so (waybar class nokey); plain today keeps exit 3', async () => {
    const env = { PROXY_SELLER_API_KEY: undefined };
    for (const f of FORMATS) {
      const r = await run(['today', '--format', f], env);
      assert.equal(r.code, 0, `${f}: ${r.stderr}`);
      assert.match(r.stdout, /no key/, f);
    }
    const w = JSON.parse((await run(['today', '--format', 'waybar'], env)).stdout) as Waybar;
    assert.ok(w.class.includes('nokey'), w.class.join());
    assert.match(w.tooltip, /key set/);
    assert.equal((await run(['today'], env)).code, 3);
  });

  test('an IP refused after a good sync: the old figures stay, marked stale and error, the IP in the tooltip', async () => {
    assert.equal((await run(['today'])).code, 0);
    api.setScenario({ kind: 'ip-not-allowed', ip: '198.51.100.23' });
    const r = await run(['today', '--format', 'waybar', '--refresh']);
    assert.equal(r.code, 0, r.stderr);
    const w = JSON.parse(r.stdout) as Waybar;
    assert.deepEqual(w.class, ['ok', 'stale', 'error']);
    assert.match(w.text, / left ⚠ IP not allowed$/);
    assert.match(w.tooltip, /198\.51\.100\.23/);
    assert.match(w.tooltip, /\(stale\)/);
    const again = await run(['today', '--json', '--refresh']);
    assert.equal(again.code, 3, again.stderr);
    const j = JSON.parse(again.stdout) as { stale: boolean; problem: { kind: string; message: string } };
    assert.equal(j.stale, true);
    assert.deepEqual(Object.keys(j.problem), ['kind', 'message']);
    assert.equal(j.problem.kind, 'ip-not-allowed');
  });

  test('the API down with nothing held yet: polybar still draws a red line saying why', async () => {
    api.setScenario({ kind: 'html-502' });
    const r = await run(['today', '--format', 'polybar']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.trim(), /^%\{F#f05050\}proxy ⚠ offline%\{F-\}$/);
  });

  test('a setup error (a malformed PROXY_SELLER_API_URL) still renders the module with exit 0; without --format it is exit 2', async () => {
    const env = { PROXY_SELLER_API_URL: 'https://exa mple.com/' };
    const r = await run(['today', '--format', 'waybar'], env);
    assert.equal(r.code, 0, r.stderr);
    const w = JSON.parse(r.stdout) as Waybar;
    assert.ok(w.class.includes('error'));
    assert.match(w.tooltip, /PROXY_SELLER_API_URL/);
    const plain = await run(['today'], env);
    assert.equal(plain.code, 2, plain.stderr);
    assert.match(plain.stderr, /^proxy-seller-traffic: PROXY_SELLER_API_URL: .+\n$/);
  });

  test('a used-up package is critical everywhere: waybar class, JSON quota, text says used up', async () => {
    api.setPackage({ limitBytes: 1_000_000 });
    const w = JSON.parse((await run(['today', '--format', 'waybar'])).stdout) as Waybar;
    assert.deepEqual(w.class, ['critical']);
    assert.equal(w.percentage, 0);
    assert.match(w.text, /· used up$/);
    const j = JSON.parse((await run(['today', '--json'])).stdout) as { quota: string; forecast: unknown };
    assert.equal(j.quota, 'critical');
  });

  test('an expired package: quota critical, no forecast', async () => {
    api.setPackage({ expiresAt: FROZEN - 86_400_000 });
    const j = JSON.parse((await run(['today', '--json'])).stdout) as { quota: string; forecast: unknown };
    assert.equal(j.quota, 'critical');
    assert.equal(j.forecast, null);
    const pkg = JSON.parse((await run(['package', '--json'])).stdout) as { forecast: unknown };
    assert.equal(pkg.forecast, null);
  });

  test('the JSON forecast: a pace per day, the run-out date and what expires unused, consistent with the package', async () => {
    const j = JSON.parse((await run(['today', '--json'])).stdout) as {
      package: { leftBytes: number; expiresAt: string };
      forecast: { bytesPerDay: number; runsOutOn: string | null; lastsPastExpiry: boolean; unusedAtExpiryBytes: number | null };
    };
    const f = j.forecast;
    assert.ok(Number.isInteger(f.bytesPerDay) && f.bytesPerDay > 0);
    assert.match(String(f.runsOutOn), /^\d{4}-\d\d-\d\d$/);
    assert.equal(f.lastsPastExpiry, f.runsOutOn! > j.package.expiresAt.slice(0, 10));
    if (f.lastsPastExpiry) assert.ok(f.unusedAtExpiryBytes! > 0 && f.unusedAtExpiryBytes! <= j.package.leftBytes);
    else assert.equal(f.unusedAtExpiryBytes, 0);
  });

  test('history --daily: one row per local day and login, summing to the API traffic; CSV date,login,bytes,title; text ends in a total', async () => {
    const to = addDays(localDateOf(FROZEN, ZONE), -1);
    const from = addDays(to, -2);
    const j = await run(['history', '--from', from, '--to', to, '--daily', '--json']);
    assert.equal(j.code, 0, j.stderr);
    const rows = (JSON.parse(j.stdout) as { rows: Array<{ date: string; login: string; bytes: number }> }).rows;
    assert.deepEqual(Object.keys(rows[0]!), ['date', 'login', 'bytes', 'title']);
    for (const day of [from, addDays(from, 1), to]) {
      const b = localDayBounds(day, ZONE);
      for (const login of LOGINS) {
        const expected = api.trafficBetween(b.start, b.end, login).reduce((s, x) => s + x.bytes, 0);
        assert.equal(rows.find((r) => r.date === day && r.login === login)?.bytes ?? 0, expected, `${day} ${login}`);
      }
    }
    const csv = await run(['history', '--from', from, '--to', to, '--daily', '--csv']);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'date,login,bytes,title');
    assert.equal(lines.length - 1, rows.length);
    const text = await run(['history', '--from', from, '--to', to, '--daily']);
    const last = text.stdout.trim().split('\n').at(-1)!;
    assert.match(last, /^Total +\d+\.\d\d GB$/);
    const totalOf = (out: string) => out.trim().split('\n').at(-1)!.split(/ +/).slice(1).join(' ');
    const hourly = await run(['history', '--from', from, '--to', to]);
    assert.match(hourly.stdout.trim().split('\n')[0]!, /^Hour +List +Login +Traffic$/);
    assert.equal(totalOf(hourly.stdout), totalOf(text.stdout), 'the hourly table has the same total');
  });

  test('--version prints the package version; a bare call prints usage to stderr with exit 2', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    const v = await run(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout, `proxy-seller-traffic ${pkg.version}\n`);
    const bare = await run([]);
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, '');
    assert.match(bare.stderr, /^proxy-seller-traffic: [^\n]+\n[^\n]+\n\nUsage:/);
  });

  test('usage errors are one line in the tool’s words, with a suggestion for a near name', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['todya'], /^proxy-seller-traffic: unknown command 'todya' \(did you mean 'today'\?\)$/],
      [['today', '--jsno'], /^proxy-seller-traffic: unknown option '--jsno' \(did you mean '--json'\?\)$/],
      [['history', '--from'], /^proxy-seller-traffic: --from needs a value \(YYYY-MM-DD\)$/],
      [['today', '--json=yes'], /^proxy-seller-traffic: --json takes no value$/],
      [['today', '--format', 'waybra'], /^proxy-seller-traffic: --format: expected waybar, polybar, i3blocks, xbar, tmux, got 'waybra' \(did you mean 'waybar'\?\)$/],
      [['today', '--units', 'TB'], /^proxy-seller-traffic: --units: expected GB or GiB, got 'TB'$/],
      [['serve', '--listen', 'nowhere'], /^proxy-seller-traffic: --listen: expected HOST:PORT/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
      assert.doesNotMatch(r.stderr, /ERR_PARSE_ARGS|parseArgs|argument missing/);
    }
    const gib = await run(['today', '--units', 'gib']);
    assert.equal(gib.code, 0, gib.stderr);
    assert.match(gib.stdout, / GiB left/);
  });

  test('a day or a history range in the future is a usage error; a --login nowhere to be found is exit 2 naming the known ones', async () => {
    const today = localDateOf(FROZEN, ZONE);
    const tomorrow = addDays(today, 1);
    const future = await run(['day', tomorrow]);
    assert.equal(future.code, 2);
    assert.match(future.stderr, new RegExp(`day ${tomorrow} is in the future \\(today is ${today}`));
    const range = await run(['history', '--from', today, '--to', tomorrow]);
    assert.equal(range.code, 2);
    assert.match(range.stderr, /--to .* is in the future/);
    const login = await run(['history', '--from', addDays(today, -2), '--to', today, '--login', 'list-alhpa']);
    assert.equal(login.code, 2, login.stderr);
    assert.match(login.stderr, /--login: 'list-alhpa' is neither in the history nor among the account's lists \(did you mean 'list-alpha'\?\); known: list-alpha, list-beta/);
    assert.equal(login.stdout, '');
  });

  test('a day older than the history keeps, with no traffic in the answer, says so on stderr instead of a silent 0 B', async () => {
    const old = addDays(localDateOf(FROZEN, ZONE), -450);
    const r = await run(['day', old]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / 0 B$/m);
    assert.match(r.stderr, new RegExp(`${old} is more than 400 days ago and the API returned no traffic for it`));
    const recent = await run(['day', addDays(localDateOf(FROZEN, ZONE), -3)]);
    assert.equal(recent.stderr, '', 'a day inside the span says nothing');
  });

  test('key set asks the API first: a refused key is exit 3 and nothing is stored; --no-check stores it; key status exits 0 or 3', async () => {
    const env = { PROXY_SELLER_API_KEY: undefined };
    assert.equal((await run(['key', 'delete'], env)).code, 0);
    const none = await run(['key', 'status'], env);
    assert.equal(none.code, 3, none.stderr);
    const refused = await run(['key', 'set'], env, 'wrong-key-but-long-enough\n');
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /^proxy-seller-traffic: the key was not stored: Proxy-Seller refused the request.*--no-check/);
    assert.equal((await run(['key', 'status'], env)).code, 3, 'nothing stored');
    const good = await run(['key', 'set'], env, `${KEY}\n`);
    assert.equal(good.code, 0, good.stderr);
    assert.equal((await run(['key', 'status'], env)).code, 0);
    api.setScenario({ kind: 'html-502' });
    const unchecked = await run(['key', 'set', '--no-check'], env, 'another-key-never-asked\n');
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.equal(api.requests.filter((q) => !q.keyOk).length, 1, 'only the refused key reached the API');
    assert.equal((await run(['key', 'delete'], env)).code, 0);
  });

  test('messages are worded for a command line: HTTP 200 without JSON is not an "HTTP error", a wrong base path points at PROXY_SELLER_API_URL', async () => {
    api.setScenario({ kind: 'not-json' });
    const notJson = await run(['today']);
    assert.equal(notJson.code, 5);
    assert.doesNotMatch(notJson.stderr, /HTTP error \(HTTP 200|retry by itself/);
    assert.match(notJson.stderr, /HTTP 200 but not with JSON/);
    api.reset();
    const wrongPath = await run(['today'], { PROXY_SELLER_API_URL: api.baseUrl('v1').replace('/personal/api/v1/', '/api/personal/v1/') });
    assert.equal(wrongPath.code, 5, wrongPath.stderr);
    assert.match(wrongPath.stderr, /HTTP 404.*Check PROXY_SELLER_API_URL/);
    assert.deepEqual((await listFiles(dataDir)).filter((f) => f.includes('/history/')).length, 0);
  });

  test('package text: labels aligned in one column, one date form, the forecast on its own line', async () => {
    const r = await run(['package']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const columns = new Set(lines.map((l) => /^[A-Z][a-z ]+: +/.exec(l)?.[0].length));
    assert.equal(columns.size, 1, r.stdout);
    assert.ok(!columns.has(undefined), r.stdout);
    assert.match(r.stdout, /^Expires: +\d{4}-\d\d-\d\d \d\d:\d\d$/m);
    assert.match(r.stdout, /^Updated: +\d{4}-\d\d-\d\d \d\d:\d\d$/m);
    assert.match(r.stdout, /^Forecast: +(Runs out|Lasts past|No use)/m);
  });
});
