// Monitoring: `metrics` and `serve` against the fake API over HTTP, checked by the real clients:
// promtool (the exposition format) and a real Prometheus scraping `serve` and answering a query.
// Both binaries come with Debian's `prometheus` package; without them those tests skip, saying why.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { CLI, cliEnv, runCli } from './support/cli-run.js';
import { renderMetrics, escapeLabelValue } from '../src/cli/prometheus.js';
import { NO_MONEY } from '../src/shared/types.js';
import { DEFAULT_LISTEN, parseListen } from '../src/cli/serve.js';

const KEY = 'metrics-SECRET-key+äö=42';
const ZONE = 'Asia/Tokyo';
const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
const noPromtool = existsSync(PROMTOOL) ? false : `${PROMTOOL} not installed (Debian package 'prometheus')`;
const noPrometheus = existsSync(PROMETHEUS) ? false : `${PROMETHEUS} not installed (Debian package 'prometheus')`;

let api: FakeApi;
let dataDir: string;

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    TZ: ZONE,
    PROXY_SELLER_API_URL: api.baseUrl('v1'),
    PROXY_SELLER_API_KEY: KEY,
    PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir,
    PROXY_SELLER_KEYCHAIN_SERVICE: `pst-cli-metrics-${process.pid}`,
    ...extra,
  };
}

function promtool(text: string): { code: number; output: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** `name{labels} value` lines as [name, labels, value]. */
function samples(text: string): Array<{ name: string; labels: string; value: number }> {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-z_]+)(\{.*\})? (\S+)$/.exec(l);
      assert.ok(m, `a sample line: ${l}`);
      return { name: m[1]!, labels: m[2] ?? '', value: Number(m[3]) };
    });
}

function value(text: string, name: string): number {
  const s = samples(text).filter((x) => x.name === name);
  assert.equal(s.length, 1, `one ${name}`);
  return s[0]!.value;
}

const NAMES = [
  'proxy_seller_package_limit_bytes',
  'proxy_seller_package_used_bytes',
  'proxy_seller_package_left_bytes',
  'proxy_seller_package_expiry_timestamp_seconds',
  'proxy_seller_package_active',
  'proxy_seller_traffic_today_bytes',
  'proxy_seller_last_success_timestamp_seconds',
  'proxy_seller_up',
];

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function startServe(): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0'], { env: cliEnv(env()), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${stderr}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    });
    child.on('exit', () => fail(new Error(`serve exited: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

async function until<T>(what: string, get: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('proxy-seller-traffic metrics and serve', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    api = await startFakeApi({ apiKey: KEY, now: () => Date.now(), historyDays: 40, logins: ['list-alpha', 'list-beta'] });
  });
  after(async () => {
    await api.close();
  });
  beforeEach(async () => {
    api.reset();
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-metrics-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('label values escape backslash, double quote and line feed; help and type lines for every metric', { skip: noPromtool }, () => {
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    const text = renderMetrics([{
      account: 'Shop "A"',
      packageKey: 'pkg_1',
      pkg: { key: 'pkg_1', active: true, limitBytes: 10, usedBytes: 4, leftBytes: 6, reservedBytes: 0, expiresAt: 1_800_000_000_000, autoRenew: null, rotationSeconds: null, tariffId: null },
      todayByLogin: { 'we"ird\\list\nname': 5, plain: 7 },
      titles: { plain: 'Shop "EU"\\night\nshift' },
      money: NO_MONEY,
      lastSuccessAt: 1_790_000_000_123,
      up: true,
    }]);
    const check = promtool(text);
    assert.equal(check.code, 0, check.output);
    assert.match(text, /^proxy_seller_traffic_today_bytes\{account="Shop \\"A\\"",package="pkg_1",login="we\\"ird\\\\list\\nname",title=""\} 5$/m);
    assert.match(text, /^proxy_seller_traffic_today_bytes\{account="Shop \\"A\\"",package="pkg_1",login="plain",title="Shop \\"EU\\"\\\\night\\nshift"\} 7$/m);
    assert.doesNotMatch(text, /^proxy_seller_(price_per_gibibyte|spent|balance|renewal_\w+)[{ ]/m, 'no money sample without money');
    for (const name of NAMES) {
      assert.match(text, new RegExp(`^# HELP ${name} \\S`, 'm'));
      assert.match(text, new RegExp(`^# TYPE ${name} gauge$`, 'm'));
    }
  });

  test('several accounts and packages: each package gauge labelled with its account and package, each family once; promtool passes', { skip: noPromtool }, () => {
    const pkg = (key: string, left: number) => ({ key, active: true, limitBytes: 10, usedBytes: 10 - left, leftBytes: left, reservedBytes: 0, expiresAt: 1_800_000_000_000, autoRenew: null, rotationSeconds: null, tariffId: null });
    const one = (account: string, key: string, left: number) => ({ account, packageKey: key, pkg: pkg(key, left), todayByLogin: { shared: left }, titles: {}, money: NO_MONEY, lastSuccessAt: 1_790_000_000_000, up: true });
    const text = renderMetrics([one('Personal', 'aaaa', 6), one('Reseller', 'bbbb', 4), one('Reseller', 'cccc', 2)]);
    const check = promtool(text);
    assert.equal(check.code, 0, check.output);
    assert.match(text, /^proxy_seller_package_left_bytes\{account="Personal",package="aaaa"\} 6$/m);
    assert.match(text, /^proxy_seller_package_left_bytes\{account="Reseller",package="cccc"\} 2$/m);
    assert.match(text, /^proxy_seller_traffic_today_bytes\{account="Reseller",package="bbbb",login="shared",title=""\} 4$/m);
    for (const name of NAMES) assert.equal((text.match(new RegExp(`^# TYPE ${name} gauge$`, 'gm')) ?? []).length, 1, name);
  });

  test('metrics: every figure of the package, labelled with the package key, passes promtool; up 0 and exit 0 when the API refuses', { skip: noPromtool }, async () => {
    const r = await runCli(['metrics'], env());
    assert.equal(r.code, 0, r.stderr);
    const check = promtool(r.stdout);
    assert.equal(check.code, 0, check.output);
    const pkg = JSON.parse((await runCli(['package', '--json'], env())).stdout) as { key: string; leftBytes: number; limitBytes: number };
    for (const s of samples(r.stdout)) assert.ok(s.labels.startsWith(`{package="${pkg.key}"`), `${s.name}${s.labels}`);
    for (const name of NAMES) assert.ok(samples(r.stdout).some((s) => s.name === name), name);
    assert.equal(value(r.stdout, 'proxy_seller_package_limit_bytes'), pkg.limitBytes);
    const left = value(r.stdout, 'proxy_seller_package_left_bytes');
    assert.equal(value(r.stdout, 'proxy_seller_package_limit_bytes') - value(r.stdout, 'proxy_seller_package_used_bytes'), left);
    assert.equal(value(r.stdout, 'proxy_seller_up'), 1);
    assert.ok(!r.stdout.includes(KEY) && !r.stdout.includes(encodeURIComponent(KEY)));

    api.setScenario({ kind: 'ip-not-allowed', ip: '198.51.100.23' });
    const refused = await runCli(['metrics', '--refresh'], env());
    assert.equal(refused.code, 0, refused.stderr);
    assert.equal(promtool(refused.stdout).code, 0);
    assert.equal(value(refused.stdout, 'proxy_seller_up'), 0);
    assert.match(refused.stderr, /198\.51\.100\.23/);
  });

  test('metrics: today per list labelled with its title, money gauges in the package\'s currency matching package --json; promtool passes', { skip: noPromtool }, async () => {
    api.setPackage({ autoRenew: true });
    try {
      const r = await runCli(['metrics'], env());
      assert.equal(r.code, 0, r.stderr);
      const check = promtool(r.stdout);
      assert.equal(check.code, 0, check.output);
      const today = samples(r.stdout).filter((x) => x.name === 'proxy_seller_traffic_today_bytes');
      assert.ok(today.length > 0);
      for (const x of today) assert.match(x.labels, /,login="list-(alpha|beta)",title="[^"]+"\}$/);
      const pkg = JSON.parse((await runCli(['package', '--json'], env())).stdout) as { key: string; pricePerGb: string; spent: string; balance: string; renewal: { price: string; short: string } };
      const money = (name: string) => {
        const m = samples(r.stdout).filter((x) => x.name === name);
        assert.equal(m.length, 1, name);
        assert.equal(m[0]!.labels, `{package="${pkg.key}",currency="USD"}`, name);
        return m[0]!.value.toFixed(2);
      };
      assert.equal(money('proxy_seller_price_per_gibibyte'), pkg.pricePerGb);
      assert.equal(money('proxy_seller_spent'), pkg.spent);
      assert.equal(money('proxy_seller_balance'), pkg.balance);
      assert.equal(money('proxy_seller_renewal_price'), pkg.renewal.price);
      assert.equal(money('proxy_seller_renewal_shortfall'), pkg.renewal.short);
      for (const name of ['proxy_seller_price_per_gibibyte', 'proxy_seller_spent', 'proxy_seller_balance']) assert.match(r.stdout, new RegExp(`^# TYPE ${name} gauge$`, 'm'));
    } finally {
      api.setPackage({ autoRenew: false });
    }
  });

  test('serve listens on loopback by default', () => {
    assert.deepEqual(parseListen(DEFAULT_LISTEN), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(parseListen('[::1]:9100'), { host: '::1', port: 9100 });
  });

  test('serve: /metrics from memory (scrapes never reach the API), promtool passes, the key in no output; SIGTERM stops it cleanly with its files written', { skip: noPromtool }, async () => {
    const served = await startServe();
    try {
      // The first sync is done once its titles and money are in too (the balance is read last).
      const first = await until('a first sync with its money', async () => {
        const text = await (await fetch(served.url)).text();
        return /^proxy_seller_up\{package="[0-9a-f]{20}"\} 1$/m.test(text) && /^proxy_seller_balance\{/m.test(text) ? text : null;
      });
      const res = await fetch(served.url);
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const check = promtool(first);
      assert.equal(check.code, 0, check.output);
      // The app's controller read the titles and the money with the traffic.
      assert.match(first, /^proxy_seller_traffic_today_bytes\{package="[0-9a-f]{20}",login="list-alpha",title="[^"]+"\} \d+$/m);
      assert.match(first, /^proxy_seller_price_per_gibibyte\{package="[0-9a-f]{20}",currency="USD"\} 2\.2$/m);
      const asked = api.requests.length;
      for (let i = 0; i < 20; i++) assert.equal((await fetch(served.url)).status, 200);
      assert.equal(api.requests.length, asked, 'twenty scrapes, no request to the API');
      assert.equal((await fetch(served.url.replace('/metrics', '/other'))).status, 404);
      served.child.kill('SIGTERM');
      assert.equal(await served.exited, 0, served.stderr());
      assert.match(served.stderr(), /stopped\n$/);
      assert.ok(!served.stderr().includes(KEY) && !served.stderr().includes(encodeURIComponent(KEY)));
      const state = JSON.parse(await readFile(join(dataDir, 'sync-state.json'), 'utf8')) as { lastSuccessAt: number };
      assert.ok(state.lastSuccessAt > 0);
      assert.ok((await readdir(join(dataDir, 'history'), { recursive: true })).some((n) => /\.tz-UTC\/\d{4}-\d\d-\d\d\.json$/.test(n)), 'the history was written');
      assert.ok(!(await readdir(dataDir, { recursive: true })).some((n) => n.endsWith('.tmp')), 'no half-written file');
    } finally {
      served.child.kill('SIGKILL');
    }
  });

  test('a real Prometheus scrapes serve and its query API returns the package’s left bytes', { skip: noPrometheus, timeout: 60_000 }, async () => {
    const served = await startServe();
    const promDir = await mkdtemp(join(tmpdir(), 'pst-prometheus-'));
    let prom: ChildProcess | null = null;
    try {
      const target = new URL(served.url).host;
      await writeFile(
        join(promDir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: proxy-seller\n    static_configs:\n      - targets: ['${target}']\n`,
      );
      const port = await freePort();
      let log = '';
      prom = spawn(
        PROMETHEUS,
        [`--config.file=${join(promDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      prom.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      const query = `http://127.0.0.1:${port}/api/v1/query?query=proxy_seller_package_left_bytes`;
      const result = await until('Prometheus to hold a sample', async () => {
        const body = (await (await fetch(query)).json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
        return body.status === 'success' && body.data.result.length > 0 ? body.data.result : null;
      }).catch((e: unknown) => assert.fail(`${String(e)}; prometheus said: ${log}`));
      const metricsText = await (await fetch(served.url)).text();
      assert.equal(result.length, 1);
      assert.equal(Number(result[0]!.value[1]), value(metricsText, 'proxy_seller_package_left_bytes'));
      assert.equal(result[0]!.metric.job, 'proxy-seller');
      assert.match(result[0]!.metric.package ?? '', /^[0-9a-f]{20}$/);
    } finally {
      prom?.kill('SIGTERM');
      if (prom && prom.exitCode === null) await new Promise((r) => prom!.once('exit', r));
      served.child.kill('SIGTERM');
      await served.exited;
      await rm(promDir, { recursive: true, force: true });
    }
  });
});
