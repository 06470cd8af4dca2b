// The CLI's list titles and money (issue 12), run as the built CLI against the fake API over HTTP:
// titles in JSON, CSV and text; `cost`; the money in `package`; how often each is asked for; and an
// account the money answers do not cover (noMoney), which shows the rest and says nothing false.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi, type Endpoint } from './fake-api/server.js';
import { CLI, runCli, type CliRun } from './support/cli-run.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { RETENTION_DAYS } from '../src/core/history/store.js';

const KEY = 'money-SECRET-key+äö=42';
const ZONE = 'America/New_York';
const FROZEN = Date.now();
const LOGINS = ['list-alpha', 'list-beta', 'list-gamma', 'list-delta'];
// A comma and quotes, a formula, no title at all (empty), and a plain one.
const TITLES = { 'list-alpha': 'Shop, "EU"', 'list-beta': '=HYPERLINK("http://evil","x")', 'list-gamma': '', 'list-delta': 'Price monitor' };

let api: FakeApi;
let dataDir: string;

function run(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runCli(args, {
    TZ: ZONE,
    PROXY_SELLER_API_URL: api.baseUrl('v1'),
    PROXY_SELLER_API_KEY: KEY,
    PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir,
    PROXY_SELLER_KEYCHAIN_SERVICE: `pst-cli-money-${process.pid}`,
    ...env,
  });
}

function asked(endpoint: Endpoint): number {
  return api.requests.filter((r) => r.endpoint === endpoint).length;
}

const today = () => localDateOf(FROZEN, ZONE);
const DECIMAL = /^-?\d+\.\d\d$/;

describe('proxy-seller-traffic titles and money', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    api = await startFakeApi({ apiKey: KEY, now: () => FROZEN, historyDays: 60, logins: LOGINS, titles: TITLES });
  });
  after(async () => {
    await api.close();
  });
  beforeEach(async () => {
    api.reset();
    api.setPackage({ autoRenew: false });
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-money-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('today --json names the day\'s lists that have a title; the status line never asks for lists; titles are read at most hourly, --refresh asks again', async () => {
    const line = await run(['today']);
    assert.equal(line.code, 0, line.stderr);
    assert.equal(asked('lists'), 0, 'a status-bar line shows no list names and asks for none');
    const j = await run(['today', '--json']);
    assert.equal(j.code, 0, j.stderr);
    const report = JSON.parse(j.stdout) as { byLogin: Record<string, number>; titles: Record<string, string> };
    const expected = Object.fromEntries(Object.keys(report.byLogin).flatMap((l) => (TITLES[l as keyof typeof TITLES] ? [[l, TITLES[l as keyof typeof TITLES]]] : [])));
    assert.ok(Object.keys(expected).length >= 2, 'the day has titled lists');
    assert.deepEqual(report.titles, expected);
    assert.ok(!('list-gamma' in report.titles), 'a list without a title has no entry');
    assert.equal(asked('lists'), 1);
    for (let i = 0; i < 3; i++) assert.equal((await run(['today', '--json'])).code, 0);
    assert.equal(asked('lists'), 1, 'within the hour the held titles are used');
    assert.equal((await run(['today', '--json', '--refresh'])).code, 0);
    assert.equal(asked('lists'), 2, '--refresh asks for them again');
    // The account's file is the app's, in the data folder (not a per-zone sync folder).
    assert.equal((await run(['today', '--json', '--api-tz', 'Asia/Kolkata'])).code, 0);
    assert.ok((await readdir(dataDir)).includes('account.json'));
    assert.ok(!(await readdir(dataDir, { recursive: true })).some((f) => f.includes('api-tz') && f.endsWith('account.json')));
    assert.equal(asked('lists'), 2, 'another API zone shares the titles');
  });

  test('lists answered as {items} give the same titles', async () => {
    api.setVariants({ listsAsItems: true });
    const j = await run(['day', addDays(today(), -1), '--json']);
    assert.equal(j.code, 0, j.stderr);
    assert.equal((JSON.parse(j.stdout) as { titles: Record<string, string> }).titles['list-delta'], 'Price monitor');
  });

  test('history: JSON rows carry title (null without one); CSV has title last, quoted and formula-safe; text names lists by title beside the login', async () => {
    const to = addDays(today(), -1);
    const from = addDays(to, -1);
    const j = await run(['history', '--from', from, '--to', to, '--json']);
    assert.equal(j.code, 0, j.stderr);
    const rows = (JSON.parse(j.stdout) as { rows: Array<{ login: string; title: string | null }> }).rows;
    for (const login of LOGINS) {
      const want = TITLES[login as keyof typeof TITLES] || null;
      assert.ok(rows.filter((r) => r.login === login).every((r) => r.title === want), login);
    }
    assert.ok(rows.some((r) => r.title === null));

    const csv = await run(['history', '--from', from, '--to', to, '--daily', '--csv']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'date,login,bytes,title');
    const alpha = lines.find((l) => l.startsWith(`${to},list-alpha,`));
    assert.match(alpha ?? '', new RegExp(`^${to},list-alpha,\\d+,"Shop, ""EU"""$`));
    const beta = lines.find((l) => l.startsWith(`${to},list-beta,`));
    assert.match(beta ?? '', /,"'=HYPERLINK\(""http:\/\/evil"",""x""\)"$/, 'a formula is text, not a formula');
    assert.match(lines.find((l) => l.startsWith(`${to},list-gamma,`)) ?? '', /^[^,]+,list-gamma,\d+,$/, 'no title: an empty last field');
    const hourly = await run(['history', '--from', to, '--to', to, '--csv']);
    assert.equal(hourly.stdout.split('\n')[0], 'start,login,bytes,title');

    const text = await run(['history', '--from', to, '--to', to, '--daily']);
    assert.match(text.stdout, /^Date +List +Login +Traffic$/m);
    assert.match(text.stdout, new RegExp(`^${to} +Price monitor +list-delta +\\S+ \\S+$`, 'm'));
    assert.match(text.stdout, new RegExp(`^${to} +list-gamma +\\S+ \\S+$`, 'm'), 'a list without a title by its login');
    const day = await run(['day', to]);
    assert.match(day.stdout, /^By list:$/m);
    assert.match(day.stdout, /^ {2}Shop, "EU" +list-alpha +\S+ \S+$/m);
  });

  test('cost --json: exactly the documented fields, amounts as two-place decimals in USD, the lists by title, summing to the API\'s usage; cached 15 minutes, --refresh asks again', async () => {
    const r = await run(['cost', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { lists: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(j), ['from', 'to', 'currency', 'pricePerGb', 'spent', 'bought', 'boughtBytes', 'usedBytes', 'lists']);
    assert.equal(j.from, null);
    assert.equal(j.to, null);
    assert.equal(j.currency, 'USD');
    assert.equal(j.pricePerGb, '2.20');
    for (const k of ['spent', 'bought'] as const) assert.match(String(j[k]), DECIMAL, k);
    assert.equal(typeof j.boughtBytes, 'number');
    assert.equal(j.lists.length, LOGINS.length);
    for (const l of j.lists) {
      assert.deepEqual(Object.keys(l), ['login', 'title', 'bytes', 'cost']);
      assert.match(String(l.cost), DECIMAL);
      assert.equal(l.title, TITLES[l.login as keyof typeof TITLES] || null);
    }
    assert.equal(j.lists.reduce((s, l) => s + Number(l.bytes), 0), j.usedBytes);
    const bytes = j.lists.map((l) => Number(l.bytes));
    assert.deepEqual(bytes, [...bytes].sort((a, b) => b - a), 'most traffic first');
    assert.equal(asked('consumption'), 1);

    assert.equal((await run(['cost'])).code, 0);
    assert.equal((await run(['cost', '--json'])).code, 0);
    assert.equal(asked('consumption'), 1, 'within 15 minutes the held answer is shown');
    assert.equal((await run(['cost', '--refresh'])).code, 0);
    assert.equal(asked('consumption'), 2);
  });

  test('cost --from --to asks the API for those days and echoes them; text is an aligned table with a total, the spend and the price', async () => {
    const to = addDays(today(), -1);
    const from = addDays(to, -6);
    const r = await run(['cost', '--from', from, '--to', to, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { from: string; to: string; usedBytes: number };
    assert.equal(j.from, from);
    assert.equal(j.to, to);
    const body = api.requests.find((q) => q.endpoint === 'consumption')?.body as Record<string, string>;
    const dmy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
    assert.deepEqual({ start: body.date_start, end: body.date_end }, { start: dmy(from), end: dmy(to) });
    // The API's days (UTC in the fake): a range of its own, not the package's whole period.
    const whole = JSON.parse((await run(['cost', '--json'])).stdout) as { usedBytes: number };
    assert.ok(j.usedBytes < whole.usedBytes);
    assert.equal(asked('consumption'), 2, 'each range is cached on its own');

    const text = await run(['cost', '--from', from, '--to', to]);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `${from} to ${to}`);
    assert.match(lines[1]!, /^List +Login +Traffic +Cost$/);
    assert.ok(lines.some((l) => /^Shop, "EU" +list-alpha +\d/.test(l)), 'a list by its title, the login beside it');
    const table = lines.slice(1, 1 + 1 + LOGINS.length);
    const costEnd = table[0]!.length;
    for (const l of table) assert.equal(l.length, costEnd, `costs aligned right: ${l}`);
    const totalAt = lines.findIndex((l) => l.startsWith('Total'));
    assert.match(lines[totalAt - 1]!, /^-+$/);
    assert.match(lines[totalAt]!, /^Total +\d+(\.\d+)? [kMG]?B +\$\d+\.\d\d$/);
    assert.match(text.stdout, /^Spent \$\d+\.\d\d of \$\d+\.\d\d bought, at \$2\.20\/GiB$/m);
    assert.equal(asked('consumption'), 2, 'the text reuses the cached range');
  });

  test('cost refuses a bad range before asking the API: one date alone, --to before --from, a future day, older than the history keeps', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--from', today()], /both --from and --to, or neither/],
      [['--from', today(), '--to', addDays(today(), -1)], /--to .* is before --from/],
      [['--from', today(), '--to', addDays(today(), 1)], /in the future/],
      [['--from', addDays(today(), -RETENTION_DAYS - 1), '--to', today()], new RegExp(`more than ${RETENTION_DAYS} days ago`)],
      [['--from', '2026-02-30', '--to', today()], /--from/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['cost', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(api.requests.length, 0);
  });

  test('cost when the API refuses: the exit code of the other commands; a held answer is still shown, marked stale', async () => {
    api.setScenario({ kind: 'ip-not-allowed', ip: '198.51.100.7' });
    const refused = await run(['cost']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /198\.51\.100\.7/);
    assert.equal(refused.stdout, '');
    api.reset();
    assert.equal((await run(['cost'])).code, 0);
    api.setScenario({ kind: 'ip-not-allowed', ip: '198.51.100.7' });
    const stale = await run(['cost', '--refresh']);
    assert.equal(stale.code, 3);
    assert.match(stale.stdout, /^Total /m);
    assert.match(stale.stdout.trimEnd(), /\(stale\)$/);
    assert.ok(!`${refused.stderr}${stale.stderr}${stale.stdout}`.includes(KEY));
  });

  test('package with auto-renew on and a balance that cannot pay it: the renewal, the spend, the price and the top-up, in JSON and words', async () => {
    api.setPackage({ autoRenew: true });
    const r = await run(['package', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j), ['key', 'active', 'limitBytes', 'usedBytes', 'leftBytes', 'expiresAt', 'forecast', 'currency', 'pricePerGb', 'spent', 'bought', 'balance', 'renewal', 'topUp', 'stale', 'updatedAt']);
    assert.equal(j.currency, 'USD');
    assert.equal(j.pricePerGb, '2.20');
    assert.equal(j.balance, '12.40');
    const renewal = j.renewal as { on: string; price: string; balance: string; short: string };
    assert.deepEqual(Object.keys(renewal), ['on', 'price', 'balance', 'short']);
    assert.match(renewal.on, /^\d{4}-\d\d-\d\d$/);
    assert.match(renewal.price, DECIMAL);
    assert.equal(renewal.balance, '12.40');
    // Cents, not floats: price - balance exactly.
    const cents = (s: string) => Number(s.replace('.', ''));
    assert.equal(cents(renewal.short), cents(renewal.price) - 1240);
    const topUp = j.topUp as { until: string; gb: number; cost: string } | null;
    if (topUp !== null) {
      assert.deepEqual(Object.keys(topUp), ['until', 'gb', 'cost']);
      assert.equal(cents(topUp.cost), topUp.gb * 220);
    }

    const text = await run(['package']);
    assert.match(text.stdout, /^Price: +\$2\.20\/GiB$/m);
    assert.match(text.stdout, /^Spend: +Spent \$\d+\.\d\d of \$\d+\.\d\d bought$/m);
    assert.match(text.stdout, new RegExp(`^Renewal: +Auto-renews on \\w{3} \\d{1,2}( \\(traffic used up\\))? for \\$${renewal.price.replace('.', '\\.')}; balance \\$12\\.40, short by \\$${renewal.short.replace('.', '\\.')}$`, 'm'));
    if (topUp !== null) assert.match(text.stdout, new RegExp(`^Top up: +To last until \\w{3} \\d{1,2} at this pace, add about ${topUp.gb} GiB \\(about \\$${topUp.cost.replace('.', '\\.')} at \\$2\\.20/GiB\\)$`, 'm'));
    // Balance and quote hourly, the spend every 15 minutes: a second call asks for none of them.
    const before = ['consumption', 'balance', 'renewal'].map((e) => asked(e as Endpoint));
    assert.equal((await run(['package'])).code, 0);
    assert.deepEqual(['consumption', 'balance', 'renewal'].map((e) => asked(e as Endpoint)), before);
    assert.equal(asked('lists'), 0, 'package shows no list names');
  });

  test('an account without money answers (noMoney): every money field null, nothing false said, the exit codes unchanged', async () => {
    api.setVariants({ noMoney: true });
    api.setPackage({ autoRenew: true });
    const cost = await run(['cost', '--json']);
    assert.equal(cost.code, 0, cost.stderr);
    const c = JSON.parse(cost.stdout) as Record<string, unknown> & { lists: Array<{ cost: unknown; bytes: number }> };
    for (const k of ['currency', 'pricePerGb', 'spent', 'bought', 'boughtBytes']) assert.equal(c[k], null, k);
    assert.ok(c.lists.length > 0 && c.lists.every((l) => l.cost === null));
    const costText = await run(['cost']);
    assert.equal(costText.code, 0);
    assert.doesNotMatch(costText.stdout, /\$|Spent/);
    assert.match(costText.stdout, /^Total +\S+ \S+ +not known$/m);

    const pkg = await run(['package', '--json']);
    assert.equal(pkg.code, 0, pkg.stderr);
    const p = JSON.parse(pkg.stdout) as Record<string, unknown>;
    for (const k of ['currency', 'pricePerGb', 'spent', 'bought', 'balance']) assert.equal(p[k], null, k);
    const renewal = p.renewal as { on: string; price: null; balance: null; short: null } | null;
    if (renewal !== null) assert.deepEqual({ ...renewal, on: 'x' }, { on: 'x', price: null, balance: null, short: null });
    if (p.topUp !== null) assert.equal((p.topUp as { cost: unknown }).cost, null);
    const text = await run(['package']);
    assert.equal(text.code, 0);
    assert.doesNotMatch(text.stdout, /\$|short|pays it|Spent|Price:/);

    const metrics = await run(['metrics']);
    assert.equal(metrics.code, 0);
    assert.doesNotMatch(metrics.stdout, /^proxy_seller_(price_per_gibibyte|spent|balance|renewal_\w+)[{ ]/m, 'no money sample (HELP and TYPE only)');
    assert.match(metrics.stdout, /^proxy_seller_up\{[^}]*\} 1$/m);
  });

  test('the day\'s titles in JSON hold any title as it is (quotes, commas), parsed back by JSON.parse', async () => {
    const day = addDays(today(), -1);
    const b = localDayBounds(day, ZONE);
    assert.ok(api.trafficBetween(b.start, b.end, 'list-beta').length > 0);
    const j = JSON.parse((await run(['day', day, '--json'])).stdout) as { titles: Record<string, string> };
    assert.equal(j.titles['list-beta'], TITLES['list-beta'], 'JSON carries the title unchanged (the formula guard is CSV only)');
    assert.equal(j.titles['list-alpha'], 'Shop, "EU"');
  });
});

describe('proxy-seller-traffic: one spend for cost and package', () => {
  before(async () => {
    api = await startFakeApi({ apiKey: KEY, now: () => FROZEN, historyDays: 60, logins: LOGINS, titles: TITLES });
  });
  after(() => api.close());
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-money-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  test('cost over the whole period, then package: the spend is asked for once', async () => {
    assert.equal((await run(['cost', '--json'])).code, 0);
    assert.equal((await run(['package', '--json'])).code, 0);
    assert.equal(asked('consumption'), 1);
  });
});

describe('proxy-seller-traffic: a list title is text, never terminal control', () => {
  let hostile: FakeApi;
  before(async () => {
    hostile = await startFakeApi({
      apiKey: KEY,
      now: () => FROZEN,
      historyDays: 60,
      logins: ['list-alpha', 'list-beta'],
      titles: { 'list-alpha': 'Evil \u001b[31mRED\u001b[0m \u001b]0;pwned\u0007 \u202eabc', 'list-beta': 'two\nlines' },
    });
  });
  after(() => hostile.close());
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-money-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  test('day, history and cost text carry no escape, bell, bidi override or line break from a title', async () => {
    const env = { PROXY_SELLER_API_URL: hostile.baseUrl('v1') };
    const yesterday = addDays(today(), -1);
    for (const args of [['day', yesterday], ['history', '--from', addDays(today(), -3), '--to', yesterday], ['history', '--daily', '--from', addDays(today(), -3), '--to', yesterday], ['cost']]) {
      const r = await run(args, env);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /Evil \[31mRED\[0m/, `${args.join(' ')} names the list`);
      // eslint-disable-next-line no-control-regex -- the point: no control character may reach the terminal
      assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, `${args.join(' ')}: no control character`);
      assert.doesNotMatch(r.stdout, /^lines/m, `${args.join(' ')}: a title's line break does not split a row`);
    }
  });
});
