// `today --all` as a status bar over a reseller's many sub-packages, through the built CLI against
// the fake API over HTTP with a temp data folder: a package synced within the poll interval (by an
// earlier run or the app: its sync state file says when) is not asked again, nor is the list of
// sub-packages within its 15 minutes; one past the interval is; --refresh asks for every one.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { CLI, runCli, type CliRun } from './support/cli-run.js';

const KEY = 'cli-bars-reuse-reseller=0035';
const GB = 1e9;
const MIN = 60_000;
// Under the 30 requests a minute of the run's limiter, so the first run does not wait a minute:
// the package, the list and 25 + 1 hour answers.
const SUBS = 25;

let fake: FakeApi;
let dataDir: string;

function cli(args: readonly string[]): Promise<CliRun> {
  return runCli(args, { TZ: 'Europe/Berlin', PROXY_SELLER_API_URL: fake.baseUrl('v1'), PROXY_SELLER_API_KEY: KEY, PROXY_SELLER_TRAFFIC_DATA_DIR: dataDir });
}

/** The requests `run` made, by endpoint, and the package keys its hour answers were for. */
async function counted(run: () => Promise<CliRun>): Promise<{ r: CliRun; by: Record<string, number>; detailsFor: string[] }> {
  const before = fake.requests.length;
  const r = await run();
  const made = fake.requests.slice(before);
  const by: Record<string, number> = {};
  for (const q of made) by[String(q.endpoint)] = (by[String(q.endpoint)] ?? 0) + 1;
  const detailsFor = made.filter((q) => q.endpoint === 'details').map((q) => String((q.body as { packageKey?: unknown }).packageKey));
  return { r, by, detailsFor };
}

/** Sets a package's last good sync `ago` ms back, as an older run (or the app) would have left it. */
async function syncedAgo(file: string, ago: number): Promise<void> {
  const state = JSON.parse(await readFile(file, 'utf8')) as { lastSuccessAt: number };
  state.lastSuccessAt = Date.now() - ago;
  await writeFile(file, JSON.stringify(state));
}

describe('today --all over many sub-packages reuses what is held', () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    fake = await startFakeApi({ apiKey: KEY, historyDays: 30, package: { limitBytes: 2000 * GB }, subPackages: Array.from({ length: SUBS }, () => ({ limitBytes: 30 * GB })) });
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    dataDir = await mkdtemp(join(tmpdir(), 'pst-cli-bars-reuse-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  test('a second run within the poll interval asks for nothing; a package synced past the interval is asked again, alone; --refresh asks for all', async () => {
    const first = await counted(() => cli(['today', '--all', '--format', 'waybar']));
    assert.equal(first.r.code, 0, first.r.stderr);
    assert.deepEqual(first.by, { package: 1, subpackages: 1, details: SUBS + 1 });

    const again = await counted(() => cli(['today', '--all', '--format', 'waybar']));
    assert.deepEqual(again.by, {}, 'every package was synced moments ago, the list too');
    assert.equal((JSON.parse(again.r.stdout) as { text: string }).text, (JSON.parse(first.r.stdout) as { text: string }).text);

    // Two minutes old: within the default 5-minute poll interval (a 60-second rule would ask again).
    const [a, b] = fake.subPackages;
    await syncedAgo(join(dataDir, 'sub-packages', a!.key, 'sync-state.json'), 2 * MIN);
    assert.deepEqual((await counted(() => cli(['today', '--all', '--format', 'waybar']))).by, {});

    // Past the interval: that package alone is asked again.
    await syncedAgo(join(dataDir, 'sub-packages', b!.key, 'sync-state.json'), 6 * MIN);
    const past = await counted(() => cli(['today', '--all', '--format', 'waybar']));
    assert.deepEqual(past.by, { details: 1 });
    assert.deepEqual(past.detailsFor, [b!.key]);

    const forced = await counted(() => cli(['today', '--all', '--refresh', '--short']));
    assert.equal(forced.r.code, 0, forced.r.stderr);
    assert.equal(forced.by.details, SUBS + 1);
    assert.equal(forced.by.subpackages, 1);
  });

  test('the poll interval of the settings is the one used; --max-age still overrides it', async () => {
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ pollIntervalMinutes: 10 }));
    assert.equal((await cli(['today', '--all', '--short'])).code, 0);
    const sub = fake.subPackages[0]!;
    const file = join(dataDir, 'sub-packages', sub.key, 'sync-state.json');
    await syncedAgo(file, 6 * MIN);
    assert.deepEqual((await counted(() => cli(['today', '--all', '--short']))).by, {}, 'six minutes is within a 10-minute interval');
    const asked = await counted(() => cli(['today', '--all', '--short', '--max-age', '300']));
    assert.deepEqual(asked.detailsFor, [sub.key]);
  });
});
