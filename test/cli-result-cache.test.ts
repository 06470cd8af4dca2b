// The result cache of a status bar's `today` (src/cli/result-cache.ts, read-log.ts, result-offer.ts,
// wired by launcher.ts): the built CLI as a real process against the fake API over HTTP, each test
// with its own data and cache folders. A kept entry's output is replaced by a marker, so a run that
// prints the marker was answered from the entry, and one that prints figures was worked out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { CLI, runCli, type CliRun } from './support/cli-run.js';
import { listFiles } from './support/files.js';
import { RACY_MS } from '../src/cli/result-cache.js';
import { entryFor, FIRST_ACCOUNT_ID, FIRST_ACCOUNT_NAME } from '../src/core/accounts/registry.js';

const KEY = 'cli-result-cache-key=0042';
const MARK = 'answered from the kept entry\n';
const MIN = 60_000;

let fake: FakeApi;
let root: string;
let prepared: string;

/** A data folder as the app leaves it (a poll of the fake API), copied for each test, with a cache folder of its own. */
interface Place {
  data: string;
  cache: string;
}

const places = new Map<string, Place>();

function env(p: Place, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { TZ: 'Europe/Berlin', PROXY_SELLER_API_URL: fake.baseUrl('v1'), PROXY_SELLER_API_KEY: KEY, PROXY_SELLER_TRAFFIC_DATA_DIR: p.data, PROXY_SELLER_TRAFFIC_CACHE_DIR: p.cache, ...extra };
}

function today(p: Place, args: readonly string[] = [], extra: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runCli(['today', ...args], env(p, extra));
}

/** The same command with no cache at all: what a run prints when worked out in full. */
function uncached(p: Place, args: readonly string[] = [], extra: Record<string, string | undefined> = {}): Promise<CliRun> {
  return today(p, args, { ...extra, PROXY_SELLER_TRAFFIC_CACHE_DIR: 'off' });
}

async function entries(p: Place): Promise<string[]> {
  if (!existsSync(p.cache)) return [];
  return (await readdir(p.cache)).filter((n) => /^today-[0-9a-f]{32}\.json$/.test(n)).map((n) => join(p.cache, n));
}

async function onlyEntry(p: Place): Promise<{ path: string; entry: Record<string, unknown> }> {
  const found = await entries(p);
  assert.equal(found.length, 1, `one kept result in ${p.cache}: ${found.join(', ')}`);
  return { path: found[0]!, entry: JSON.parse(await readFile(found[0]!, 'utf8')) as Record<string, unknown> };
}

/** The kept entry's output replaced by MARK, its window stretched past the next minute (the test is of the files, not the clock). */
async function marked(p: Place): Promise<void> {
  const { path, entry } = await onlyEntry(p);
  await writeFile(path, JSON.stringify({ ...entry, stdout: MARK, until: Date.now() + 10 * MIN }));
}

/** A first run keeps its result; the entry is then marked. */
async function keptAndMarked(p: Place, args: readonly string[] = [], extra: Record<string, string | undefined> = {}): Promise<CliRun> {
  const first = await today(p, args, extra);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr, '');
  await marked(p);
  const again = await today(p, args, extra);
  assert.equal(again.stdout, MARK, 'the marked entry answers the same run');
  return first;
}

const NAMES = [
  'same',
  'window',
  'state',
  'day-file',
  'new-day',
  'settings',
  'accounts',
  'argv',
  'tz',
  'key',
  'json',
  'refresh',
  'stderr',
  'racy',
  'off',
  'bar',
  'clock',
];

before(async () => {
  assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
  fake = await startFakeApi({ apiKey: KEY, historyDays: 10 });
  root = await mkdtemp(join(tmpdir(), 'pst-result-cache-'));
  prepared = join(root, 'prepared');
  const polled = await today({ data: prepared, cache: join(root, 'prepared-cache') });
  assert.equal(polled.code, 0, polled.stderr);
  for (const name of NAMES) {
    const place = { data: join(root, name, 'data'), cache: join(root, name, 'cache') };
    await cp(prepared, place.data, { recursive: true });
    places.set(name, place);
    // A bar's first run makes the caches of code and zone (a run that writes keeps nothing); the tests are of later runs.
    assert.equal((await today(place)).code, 0);
    for (const entry of await entries(place)) await rm(entry);
  }
  // As a bar finds them: written a while ago (files younger than RACY_MS are not trusted by their stamps).
  await sleep(RACY_MS + 300);
});
after(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

function place(name: string): Place {
  const p = places.get(name);
  assert.ok(p, name);
  return p;
}

describe("a status bar's today answered from the last run's output", () => {
  test('a run that only read what is held keeps its output; the next run prints the same bytes as a run without any cache', async () => {
    const p = place('same');
    const first = await today(p);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /today · .* left/);
    const { entry } = await onlyEntry(p);
    assert.equal(entry['stdout'], first.stdout);
    const second = await today(p);
    assert.deepEqual(second, first);
    assert.deepEqual(await uncached(p), first);
    // Nothing of the key in the cache folder: the entry names the run by a hash.
    for (const file of await listFiles(p.cache)) assert.ok(!(await readFile(file)).includes(KEY), `${file} holds the key`);
  });

  test("the kept window starts when the run ended and ends by the next minute (the bars' clock texts), no earlier than it starts", async () => {
    const p = place('window');
    const before = Date.now();
    const run = await today(p, ['--format', 'waybar']);
    assert.equal(run.code, 0, run.stderr);
    const { entry } = await onlyEntry(p);
    const from = entry['from'] as number;
    const until = entry['until'] as number;
    assert.ok(from >= before && from <= Date.now(), `from ${from}`);
    assert.ok(until > from && until <= (Math.floor(from / MIN) + 1) * MIN, `until ${until}, from ${from}`);
    const files = (entry['files'] as Array<[string, string]>).map(([id]) => id);
    // settings.json read even while absent (the app's defaults).
    for (const name of ['settings.json', 'sync-state.json']) assert.ok(files.includes(`s:${join(p.data, name)}`), `${name} in ${files.join(', ')}`);
  });

  test('an entry out of its window is not used: its end passed, or its start is ahead (the clock was set back)', async () => {
    const p = place('clock');
    await keptAndMarked(p);
    const { path, entry } = await onlyEntry(p);
    await writeFile(path, JSON.stringify({ ...entry, until: Date.now() - 1 }));
    assert.notEqual((await today(p)).stdout, MARK);
    const { path: again, entry: kept } = await onlyEntry(p);
    await writeFile(again, JSON.stringify({ ...kept, stdout: MARK, from: Date.now() + MIN, until: Date.now() + 10 * MIN }));
    const run = await today(p);
    assert.notEqual(run.stdout, MARK);
    assert.deepEqual(run, await uncached(p));
  });

  test("the app's next poll (sync-state.json replaced) is shown at once, not the kept output", async () => {
    const p = place('state');
    const first = await keptAndMarked(p);
    const file = join(p.data, 'sync-state.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as { package: { leftBytes: number; usedBytes: number } };
    state.package.leftBytes -= 1e9;
    state.package.usedBytes += 1e9;
    await writeFile(`${file}.tmp`, JSON.stringify(state));
    await rename(`${file}.tmp`, file);
    const run = await today(p);
    assert.equal(run.code, 0, run.stderr);
    assert.notEqual(run.stdout, MARK);
    assert.notEqual(run.stdout, first.stdout, 'the new figure is shown');
    assert.deepEqual(run, await uncached(p));
  });

  test("a day file of the history rewritten in place with the same bytes is a change (its ctime moved): worked out again", async () => {
    const p = place('day-file');
    await keptAndMarked(p);
    const days = (await listFiles(join(p.data, 'history'))).filter((f) => f.endsWith('.json')).sort();
    const last = days.at(-1)!;
    await writeFile(last, await readFile(last));
    assert.notEqual((await today(p)).stdout, MARK);
  });

  test('a day file added to the history (its folder changed) is not missed', async () => {
    const p = place('new-day');
    await keptAndMarked(p);
    const days = (await listFiles(join(p.data, 'history'))).filter((f) => f.endsWith('.json')).sort();
    const last = days.at(-1)!;
    await cp(last, last.replace(/\d{4}-\d{2}-\d{2}\.json$/, '2000-01-01.json'));
    assert.notEqual((await today(p)).stdout, MARK);
  });

  test('a change of settings (units) is shown at once', async () => {
    const p = place('settings');
    const first = await keptAndMarked(p);
    await writeFile(join(p.data, 'settings.json'), JSON.stringify({ units: 'GiB' }));
    const run = await today(p);
    assert.notEqual(run.stdout, MARK);
    assert.notEqual(run.stdout, first.stdout);
    assert.match(run.stdout, /GiB/);
  });

  test('a file that was absent and now is (accounts.json, for a key kept in the keychain) is a change', async () => {
    const p = place('accounts');
    // The key in the keychain (none here: a run that only reads what is held never asks for it).
    const keychain = { PROXY_SELLER_API_KEY: undefined, PROXY_SELLER_KEYCHAIN_SERVICE: `pst-result-cache-${process.pid}` };
    await keptAndMarked(p, [], keychain);
    const { entry } = await onlyEntry(p);
    assert.ok((entry['files'] as Array<[string, string]>).some(([id, stamp]) => id === `s:${join(p.data, 'accounts.json')}` && stamp === '-'), 'its absence was read');
    const first = { id: FIRST_ACCOUNT_ID, name: FIRST_ACCOUNT_NAME, entry: entryFor(FIRST_ACCOUNT_ID), packageNames: {} };
    await writeFile(join(p.data, 'accounts.json'), JSON.stringify({ version: 1, accounts: [first], defaultId: FIRST_ACCOUNT_ID }));
    const run = await today(p, [], keychain);
    assert.notEqual(run.stdout, MARK);
    assert.deepEqual(run, await uncached(p, [], keychain));
  });

  test('another command line, another environment (TZ) or another API key is a run of its own', async () => {
    const p = place('argv');
    await keptAndMarked(p);
    assert.notEqual((await today(p, ['--short'])).stdout, MARK);
    // Kept under its own name: the marked entry still answers its own command line.
    assert.equal((await today(p)).stdout, MARK);
    const tokyo = await today(p, [], { TZ: 'Asia/Tokyo' });
    assert.notEqual(tokyo.stdout, MARK);
    assert.deepEqual(tokyo, await uncached(p, [], { TZ: 'Asia/Tokyo' }));
  });

  test('a bar format is kept too, and answered byte for byte', async () => {
    const p = place('bar');
    const first = await today(p, ['--format', 'waybar']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await onlyEntry(p)).entry['stdout'], first.stdout);
    const again = await today(p, ['--format', 'waybar']);
    assert.equal(again.stdout, first.stdout);
  });

  test('nothing is kept for --json (its figures move by the millisecond), --refresh (it asks the API), or a run that said something on stderr', async () => {
    const json = place('json');
    assert.equal((await today(json, ['--json'])).code, 0);
    assert.deepEqual(await entries(json), []);
    const refresh = place('refresh');
    const before = fake.requests.length;
    assert.equal((await today(refresh, ['--refresh'])).code, 0);
    assert.ok(fake.requests.length > before, 'it asked');
    assert.deepEqual(await entries(refresh), []);
    const said = place('stderr');
    await writeFile(join(said.data, 'settings.json'), JSON.stringify({ units: 'parsecs' }));
    await sleep(RACY_MS + 300);
    const run = await today(said);
    assert.equal(run.code, 0);
    assert.match(run.stderr, /units/);
    assert.deepEqual(await entries(said), []);
  });

  test('a run that read a file changed moments ago keeps nothing (a second change in the same timestamp tick would go unseen)', async () => {
    const p = place('racy');
    const file = join(p.data, 'sync-state.json');
    const now = new Date();
    await utimes(file, now, now);
    assert.equal((await today(p)).code, 0);
    assert.deepEqual(await entries(p), []);
  });

  test('PROXY_SELLER_TRAFFIC_CACHE_DIR=off keeps nothing anywhere', async () => {
    const p = place('off');
    const before = await readdir(p.cache);
    assert.equal((await today(p, [], { PROXY_SELLER_TRAFFIC_CACHE_DIR: 'off' })).code, 0);
    assert.deepEqual(await readdir(p.cache), before);
    assert.deepEqual(await entries(p), []);
  });

  test('a new API key for the same folder, as every other input, changes the key; the entry of the old one is never used for it', async () => {
    const p = place('key');
    await keptAndMarked(p);
    const other = await today(p, [], { PROXY_SELLER_API_KEY: `${KEY}-2` });
    assert.notEqual(other.stdout, MARK);
    assert.deepEqual(other, await uncached(p, [], { PROXY_SELLER_API_KEY: `${KEY}-2` }));
  });
});
