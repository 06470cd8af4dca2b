import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile, mkdir, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HourSample } from '../src/shared/types.js';
import { createHistoryStore } from '../src/core/history/store.js';
import { withFileLock } from '../src/core/fs/lock.js';
import { encodeHistory } from '../src/core/history/codec.js';
import type { HistoryStore } from '../src/core/history/store.js';
import {
  createHistory,
  mergeSamples,
  addCoverage,
  coverageOf,
  logins,
  samplesBetween,
  uncover,
} from '../src/core/history/model.js';
import type { History } from '../src/core/history/model.js';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.parse('2026-01-15T12:00:00Z');
const KEY = 'a1b2c3d4e5f6a7b8c9d0';

let dataDir: string;
let store: HistoryStore;
let now: number;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'history-store-'));
  now = NOW;
  store = createHistoryStore({ dataDir, clock: () => now });
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function all(h: History): HourSample[] {
  return samplesBetween(h, 0, Number.MAX_SAFE_INTEGER);
}

function sample(): History {
  const h = createHistory(KEY, 'UTC');
  mergeSamples(h, [
    { login: 'alpha', start: NOW - 3 * H, bytes: 1_000 },
    { login: 'alpha', start: NOW - 2 * H, bytes: 2_500_000_000 },
    { login: 'beta', start: NOW - 26 * H, bytes: 7 },
    { login: '__proto__', start: NOW - H, bytes: 9 },
  ]);
  addCoverage(h, NOW - 2 * DAY, NOW - DAY);
  addCoverage(h, NOW - DAY + H, NOW);
  return h;
}

const TODAY = '2026-01-15';
const YESTERDAY = '2026-01-14';

/** Writes `content` as the UTC day's segment of the UTC history. */
async function writeSegment(day: string, content: string): Promise<string> {
  const path = store.segmentFor(KEY, 'UTC', day);
  await mkdir(store.dirFor(KEY, 'UTC'), { recursive: true });
  await writeFile(path, content);
  return path;
}

/** A good segment of 2026-01-15 (UTC) holding two hours of alpha. */
function goodSegment(): Record<string, unknown> {
  return {
    format: 'proxy-seller-traffic-history',
    version: 2,
    packageKey: KEY,
    apiTimeZone: 'UTC',
    day: TODAY,
    savedAt: NOW,
    coverage: [[NOW - 12 * H, NOW]],
    logins: { alpha: { t: [(NOW - 2 * H) / 60_000, 60], b: [10, 20] } },
  };
}

/** A history file of the layout before day segments (version 1, one file per package). */
function oldFile(h: History): string {
  return JSON.stringify(encodeHistory(h, NOW));
}

describe('history store', () => {
  test('a missing history gives an empty history and no problem', async () => {
    const loaded = await store.load(KEY, 'UTC');
    assert.equal(loaded.problem, null);
    assert.equal(loaded.movedTo, null);
    assert.equal(loaded.history.packageKey, KEY);
    assert.equal(loaded.history.apiTimeZone, 'UTC');
    assert.deepEqual(all(loaded.history), []);
  });

  test('save then load round-trips samples and coverage, one 0600 segment file per UTC day', async () => {
    const h = sample();
    await store.save(h);
    const dir = store.dirFor(KEY, 'UTC');
    assert.equal(dir, join(dataDir, 'history', `${KEY}.tz-UTC`));
    assert.deepEqual((await readdir(dir)).sort(), ['2026-01-13.json', `${YESTERDAY}.json`, `${TODAY}.json`], 'no temp files left behind');
    assert.equal((await stat(store.segmentFor(KEY, 'UTC', TODAY))).mode & 0o777, 0o600);

    const loaded = await store.load(KEY, 'UTC');
    assert.equal(loaded.problem, null);
    assert.deepEqual(all(loaded.history), all(h));
    assert.deepEqual(coverageOf(loaded.history), coverageOf(h), 'coverage cut at midnight is joined again');
    assert.deepEqual(logins(loaded.history), ['__proto__', 'alpha', 'beta']);

    const onDisk = JSON.parse(await readFile(store.segmentFor(KEY, 'UTC', TODAY), 'utf8'));
    assert.equal(onDisk.format, 'proxy-seller-traffic-history');
    assert.equal(onDisk.version, 2);
    assert.equal(onDisk.day, TODAY);
    assert.equal(onDisk.apiTimeZone, 'UTC');
    assert.deepEqual(onDisk.coverage, [[Date.parse(`${TODAY}T00:00:00Z`), NOW]]);
    // Minutes, first absolute then deltas.
    assert.deepEqual(onDisk.logins.alpha, { t: [(NOW - 3 * H) / 60_000, 60], b: [1_000, 2_500_000_000] });
  });

  test('a save rewrites only the days that changed', async () => {
    const h = sample();
    await store.save(h);
    const seg = (day: string) => stat(store.segmentFor(KEY, 'UTC', day));
    const before = await Promise.all(['2026-01-13', YESTERDAY, TODAY].map(seg));
    mergeSamples(h, [{ login: 'alpha', start: NOW - H, bytes: 3 }]);
    await store.save(h);
    const after = await Promise.all(['2026-01-13', YESTERDAY, TODAY].map(seg));
    assert.equal(after[0]!.ino, before[0]!.ino, '13th untouched');
    assert.equal(after[1]!.ino, before[1]!.ino, '14th untouched');
    assert.notEqual(after[2]!.ino, before[2]!.ino, 'the 15th rewritten');
    await store.save(h);
    assert.equal((await seg(TODAY)).ino, after[2]!.ino, 'nothing changed: nothing written');
    assert.deepEqual(all((await store.load(KEY, 'UTC')).history), all(h));
  });

  test('round-trips :30 and :45 hour starts (API zones Asia/Kolkata, Pacific/Chatham)', async () => {
    for (const zone of ['Asia/Kolkata', 'Pacific/Chatham']) {
      const h = createHistory(KEY, zone);
      const start = Date.parse(zone === 'Asia/Kolkata' ? '2026-01-14T23:30:00Z' : '2026-01-14T10:15:00Z');
      mergeSamples(h, [
        { login: 'a', start, bytes: 1 },
        { login: 'a', start: start + H, bytes: 2 },
      ]);
      await store.save(h);
      const loaded = await store.load(KEY, zone);
      assert.equal(loaded.problem, null);
      assert.deepEqual(all(loaded.history), all(h));
    }
  });

  test('save keeps the retention period in whole UTC days, relative to the clock, and removes older days', async () => {
    const short = createHistoryStore({ dataDir, clock: () => now, retentionDays: 10 });
    const h = createHistory(KEY, 'UTC');
    mergeSamples(h, [
      { login: 'old', start: NOW - 11 * DAY, bytes: 1 },
      { login: 'a', start: NOW - 11 * DAY, bytes: 2 },
      { login: 'a', start: NOW - 9 * DAY, bytes: 3 },
    ]);
    addCoverage(h, NOW - 20 * DAY, NOW - 15 * DAY);
    addCoverage(h, NOW - 12 * DAY, NOW);
    await short.save(h);
    const loaded = await short.load(KEY, 'UTC');
    assert.deepEqual(all(loaded.history), [{ login: 'a', start: NOW - 9 * DAY, bytes: 3 }]);
    assert.deepEqual(coverageOf(loaded.history), [[Date.parse('2026-01-05T00:00:00Z'), NOW]]);
    assert.deepEqual(logins(loaded.history), ['a']);

    // A day later the oldest day goes from disk.
    now += DAY;
    await short.save(loaded.history);
    assert.ok(!(await readdir(store.dirFor(KEY, 'UTC'))).includes('2026-01-05.json'));

    // The default keeps 400 days.
    now = NOW;
    const h2 = createHistory(KEY, 'UTC');
    mergeSamples(h2, [
      { login: 'b', start: NOW - 401 * DAY, bytes: 1 },
      { login: 'b', start: NOW - 399 * DAY, bytes: 2 },
    ]);
    await store.save(h2);
    assert.deepEqual(all((await store.load(KEY, 'UTC')).history).filter((s) => s.login === 'b'), [{ login: 'b', start: NOW - 399 * DAY, bytes: 2 }]);
  });

  test('saves of histories that each hold other hours merge on disk: no hour is lost', async () => {
    const a = sample();
    const b = createHistory(KEY, 'UTC');
    mergeSamples(b, [{ login: 'z', start: NOW - H, bytes: 1 }]);
    await Promise.all([store.save(a), store.save(a), store.save(b)]);
    const loaded = await store.load(KEY, 'UTC');
    assert.equal(loaded.problem, null);
    assert.deepEqual(all(loaded.history), all(a).concat([{ login: 'z', start: NOW - H, bytes: 1 }]).sort((x, y) => x.start - y.start || (x.login < y.login ? -1 : 1)));
    assert.deepEqual(await store.pickUp(b), []);
    assert.deepEqual(all(b), all(loaded.history), 'the later saver picks up the other\'s hours too');
  });

  test('another process\'s save is picked up, and an hour the other fetched again takes the other\'s count', async () => {
    const app = (await store.load(KEY, 'UTC')).history;
    mergeSamples(app, [{ login: 'alpha', start: NOW - H, bytes: 100 }]);
    await store.save(app);
    // The CLI: its own store, as its own process has.
    const cliStore = createHistoryStore({ dataDir, clock: () => now });
    const cli = (await cliStore.load(KEY, 'UTC')).history;
    mergeSamples(cli, [
      { login: 'alpha', start: NOW - H, bytes: 150 },
      { login: 'beta', start: NOW - 30 * H, bytes: 7 },
    ]);
    addCoverage(cli, NOW - 2 * DAY, NOW);
    await cliStore.save(cli);

    assert.deepEqual(await store.pickUp(app), []);
    assert.deepEqual(all(app), [
      { login: 'beta', start: NOW - 30 * H, bytes: 7 },
      { login: 'alpha', start: NOW - H, bytes: 150 },
    ]);
    assert.deepEqual(coverageOf(app), [[NOW - 2 * DAY, NOW]]);
    // The app's next save (an hour grew again) keeps the CLI's hours.
    mergeSamples(app, [{ login: 'alpha', start: NOW - H, bytes: 160 }]);
    await store.save(app);
    const fresh = (await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')).history;
    assert.deepEqual(all(fresh), all(app));
  });

  test('a correction fetched by one process (an hour down, a login\'s hour gone, coverage dropped) stays when another process saves another hour of that day', async () => {
    const X = NOW - 5 * H;
    const appStore = createHistoryStore({ dataDir, clock: () => now });
    const app = (await appStore.load(KEY, 'UTC')).history;
    mergeSamples(app, [
      { login: 'l', start: X, bytes: 200 },
      { login: 'gone', start: X, bytes: 999 },
    ]);
    addCoverage(app, NOW - 12 * H, NOW - 2 * H);
    await appStore.save(app);
    // The CLI starts (and reads the uncorrected hours).
    const cliStore = createHistoryStore({ dataDir, clock: () => now });
    const cli = (await cliStore.load(KEY, 'UTC')).history;
    // The API now says X was 150 and 'gone' had nothing; the hour before X could not be read.
    mergeSamples(app, [
      { login: 'l', start: X, bytes: 150 },
      { login: 'gone', start: X, bytes: 0 },
    ]);
    uncover(app, X - H, X);
    await appStore.save(app);
    // The CLI fetches another hour of the same UTC day and saves.
    mergeSamples(cli, [{ login: 'l', start: NOW - 2 * H, bytes: 10 }]);
    addCoverage(cli, NOW - 2 * H, NOW - H);
    assert.deepEqual(await cliStore.save(cli), []);
    const expected = [
      { login: 'l', start: X, bytes: 150 },
      { login: 'l', start: NOW - 2 * H, bytes: 10 },
    ];
    const expectedCoverage = [
      [NOW - 12 * H, X - H],
      [X, NOW - H],
    ];
    const fresh = (await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')).history;
    assert.deepEqual(all(fresh), expected, 'on disk');
    assert.deepEqual(coverageOf(fresh), expectedCoverage, 'on disk');
    assert.deepEqual(all(cli), expected, 'the CLI took the correction');
    assert.deepEqual(await appStore.pickUp(app), []);
    assert.deepEqual(all(app), expected, 'the app keeps its correction and takes the CLI\'s hour');
    assert.deepEqual(coverageOf(app), expectedCoverage);
  });

  test('an hour this process changed since it last read the day is kept when it picks up another\'s save of that day', async () => {
    const X = NOW - 5 * H;
    const appStore = createHistoryStore({ dataDir, clock: () => now });
    const app = (await appStore.load(KEY, 'UTC')).history;
    mergeSamples(app, [{ login: 'l', start: X, bytes: 200 }]);
    await appStore.save(app);
    const cliStore = createHistoryStore({ dataDir, clock: () => now });
    const cli = (await cliStore.load(KEY, 'UTC')).history;
    mergeSamples(cli, [{ login: 'c', start: X, bytes: 1 }]);
    await cliStore.save(cli);
    // Fetched by the app, not saved yet: the pick-up must not undo it.
    mergeSamples(app, [{ login: 'l', start: X, bytes: 150 }]);
    assert.deepEqual(await appStore.pickUp(app), []);
    assert.deepEqual(all(app), [{ login: 'c', start: X, bytes: 1 }, { login: 'l', start: X, bytes: 150 }]);
    await appStore.save(app);
    assert.deepEqual(all((await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')).history), all(app));
  });

  test('a damaged day found during a save is moved aside and said: save returns the problem', async () => {
    const h = (await store.load(KEY, 'UTC')).history;
    mergeSamples(h, [{ login: 'l', start: NOW - 3 * H, bytes: 5 }]);
    await store.save(h);
    const path = await writeSegment(TODAY, '{"half written by a disk fault');
    mergeSamples(h, [{ login: 'l', start: NOW - 2 * H, bytes: 6 }]);
    const problems = await store.save(h);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /^The traffic history file .+2026-01-15\.json is not valid JSON .* It was moved to .+\.corrupt-[^;]+; the other days of the history are kept\.$/);
    assert.ok(problems[0]?.includes(path));
    assert.deepEqual(all((await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')).history), all(h), 'what memory held is saved');
  });

  test('a damaged day found by pickUp is moved aside, and the next save writes the day again from memory', async () => {
    const h = (await store.load(KEY, 'UTC')).history;
    mergeSamples(h, [{ login: 'l', start: NOW - 3 * H, bytes: 5 }]);
    await store.save(h);
    await writeSegment(TODAY, '{"half written by a disk fault');
    const problems = await store.pickUp(h);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /It was moved to .+\.corrupt-/);
    assert.deepEqual(await store.save(h), []);
    assert.deepEqual(all((await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')).history), all(h));
  });

  test('an hour merged while a save waits for the lock is written by the next save', async () => {
    const h = (await store.load(KEY, 'UTC')).history;
    mergeSamples(h, [{ login: 'l', start: NOW - 3 * H, bytes: 5 }]);
    let saving: Promise<string[]> | undefined;
    // Another process holds the folder's lock: the save has compared the days and waits.
    await withFileLock(`${store.dirFor(KEY, 'UTC')}.lock`, async () => {
      saving = store.save(h);
      await new Promise((r) => setTimeout(r, 50));
      mergeSamples(h, [{ login: 'l', start: NOW - 30 * H, bytes: 6 }]);
    });
    await saving;
    await store.save(h);
    assert.deepEqual(all((await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')).history), all(h));
  });

  test('a load with `since` reads only the recent days; extend() reads the rest when asked', async () => {
    const h = sample();
    await store.save(h);
    const recent = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC', { since: NOW - 12 * H });
    assert.deepEqual(all(recent.history), all(h).filter((s) => s.start >= Date.parse(`${TODAY}T00:00:00Z`)));
    // A save of the partly read history leaves the days it did not read as they are.
    mergeSamples(recent.history, [{ login: 'alpha', start: NOW - H, bytes: 5 }]);
    const other = createHistoryStore({ dataDir, clock: () => now });
    const partial = await other.load(KEY, 'UTC', { since: NOW - 12 * H });
    mergeSamples(partial.history, [{ login: 'alpha', start: NOW - H, bytes: 5 }]);
    await other.save(partial.history);
    assert.deepEqual(await other.extend(partial.history, NOW - 3 * DAY), []);
    const expected = createHistory(KEY, 'UTC');
    mergeSamples(expected, all(h));
    mergeSamples(expected, [{ login: 'alpha', start: NOW - H, bytes: 5 }]);
    assert.deepEqual(all(partial.history), all(expected));
    assert.deepEqual(all((await store.load(KEY, 'UTC')).history), all(expected));
  });

  describe('a damaged day segment is moved aside; the other days load', () => {
    const good = (): Record<string, unknown> => goodSegment();
    const variants: Array<[string, () => string, RegExp]> = [
      ['garbage', () => 'this is not json \u0000\u0001', /is not valid JSON/],
      ['empty file', () => '', /is not valid JSON/],
      ['truncated JSON', () => JSON.stringify(good()).slice(0, 60), /is not valid JSON/],
      ['a JSON array', () => '[1,2,3]', /it is not a JSON object/],
      ['another format', () => JSON.stringify({ ...good(), format: 'something-else' }), /not a traffic history file/],
      ['wrong version', () => JSON.stringify({ ...good(), version: 3 }), /version 3, and this app reads version 2/],
      ['missing version', () => JSON.stringify({ ...good(), version: undefined }), /version missing/],
      ['t/b length mismatch', () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_465_000, 60, 60], b: [1, 2] } } }), /logins\.alpha: 3 hour starts \(t\) but 2 byte counts \(b\)/],
      ['negative bytes', () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_465_000, 60], b: [1, -2] } } }), /logins\.alpha\.b\[1\]/],
      ['fractional bytes', () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_465_000], b: [1.5] } } }), /logins\.alpha\.b\[0\]/],
      ['unsorted hour starts', () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_465_000, 0], b: [1, 2] } } }), /logins\.alpha\.t\[1\]: hour starts are not in ascending order/],
      ['an hour of another day', () => JSON.stringify({ ...good(), logins: { alpha: { t: [(NOW - DAY) / 60_000], b: [1] } } }), /an hour starts outside 2026-01-15/],
      ['coverage of another day', () => JSON.stringify({ ...good(), coverage: [[NOW - DAY, NOW]] }), /coverage reaches outside 2026-01-15/],
      ['another day in its header', () => JSON.stringify({ ...good(), day: YESTERDAY }), /holds 2026-01-14, not the day its name says/],
      ['a login that is not an object', () => JSON.stringify({ ...good(), logins: { alpha: [1, 2] } }), /logins\.alpha: expected an object with t and b/],
      ['hour starts that are not an array', () => JSON.stringify({ ...good(), logins: { alpha: { t: '29465000', b: [1] } } }), /logins\.alpha\.t: expected an array of hour starts/],
      ['byte counts that are not an array', () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_465_000], b: null } } }), /logins\.alpha\.b: expected an array of byte counts/],
      ['an hour start that is not a number', () => JSON.stringify({ ...good(), logins: { alpha: { t: ['29465000'], b: [1] } } }), /logins\.alpha\.t\[0\]: "29465000" is not a whole number of minutes/],
      ['a byte count that is a string', () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_465_000, 60], b: [1, '2'] } } }), /logins\.alpha\.b\[1\]: "2" is not a whole number of bytes/],
      ['coverage backwards', () => JSON.stringify({ ...good(), coverage: [[NOW, NOW - 1]] }), /coverage\[0\]/],
      ['another zone', () => JSON.stringify({ ...good(), apiTimeZone: 'Europe/Berlin' }), /recorded with API timezone Europe\/Berlin, not UTC/],
      ['another package', () => JSON.stringify({ ...good(), packageKey: 'ffffffffffffffffffff' }), /belongs to package "ffffffffffffffffffff"/],
    ];
    for (const [name, content, reason] of variants) {
      test(name, async () => {
        const yesterday = createHistory(KEY, 'UTC');
        mergeSamples(yesterday, [{ login: 'keep', start: NOW - DAY, bytes: 42 }]);
        await store.save(yesterday);
        const text = content();
        const path = await writeSegment(TODAY, text);
        const loaded = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC');
        assert.match(loaded.problem ?? '', reason);
        assert.ok(loaded.movedTo !== null);
        assert.ok(loaded.problem?.includes(`The traffic history file ${path} `), 'names the file');
        assert.ok(loaded.problem?.includes(`It was moved to ${loaded.movedTo}; the other days of the history are kept.`), loaded.problem ?? '');
        assert.equal(await readFile(loaded.movedTo, 'utf8'), text, 'nothing lost');
        await assert.rejects(stat(path), { code: 'ENOENT' });
        assert.deepEqual(all(loaded.history), [{ login: 'keep', start: NOW - DAY, bytes: 42 }], 'the other day is kept');

        // Carrying on: the day saves and loads cleanly again.
        mergeSamples(loaded.history, [{ login: 'x', start: NOW - H, bytes: 5 }]);
        await store.save(loaded.history);
        const again = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC');
        assert.equal(again.problem, null);
        assert.deepEqual(all(again.history), [{ login: 'keep', start: NOW - DAY, bytes: 42 }, { login: 'x', start: NOW - H, bytes: 5 }]);
      });
    }

    test('a file where the history folder belongs is moved aside too', async () => {
      await mkdir(join(dataDir, 'history'), { recursive: true });
      await writeFile(store.dirFor(KEY, 'UTC'), 'not a folder');
      const loaded = await store.load(KEY, 'UTC');
      assert.match(loaded.problem ?? '', /is not a folder\. It was moved to .* and a new history was started/);
      assert.ok(loaded.movedTo !== null);
      assert.equal(await readFile(loaded.movedTo, 'utf8'), 'not a folder');
      await store.save(sample());
      assert.deepEqual(all((await store.load(KEY, 'UTC')).history), all(sample()));
    });
  });

  test('a damaged segment that cannot be moved aside is never overwritten; the other days still save', async () => {
    const stuck = createHistoryStore({ dataDir, clock: () => now, setAside: async () => ({ movedTo: null, stayed: 'EBUSY: resource busy or locked' }) });
    const text = 'this is not json';
    const path = await writeSegment(TODAY, text);
    const loaded = await stuck.load(KEY, 'UTC');
    assert.ok(loaded.problem?.includes(`It could not be moved aside (EBUSY: resource busy or locked), so it stays at ${path}, untouched`), loaded.problem ?? '');
    mergeSamples(loaded.history, [
      { login: 'x', start: NOW - H, bytes: 5 },
      { login: 'x', start: NOW - DAY, bytes: 6 },
    ]);
    await stuck.save(loaded.history);
    assert.equal(await readFile(path, 'utf8'), text, 'the file that could not be read is untouched');
    // Once it can be moved, the day is saved again.
    const freed = await store.load(KEY, 'UTC');
    assert.ok(freed.movedTo !== null);
    assert.equal(await readFile(freed.movedTo, 'utf8'), text);
    assert.deepEqual(all(freed.history), [{ login: 'x', start: NOW - DAY, bytes: 6 }]);
  });

  describe('the old one-file layout', () => {
    test('is migrated on first load: the package file and a file kept for another zone become day folders, and go', async () => {
      const utc = sample();
      const berlin = createHistory(KEY, 'Europe/Berlin');
      mergeSamples(berlin, [{ login: 'b', start: NOW - H, bytes: 77 }]);
      await mkdir(join(dataDir, 'history'), { recursive: true });
      await writeFile(store.legacyFileFor(KEY), oldFile(utc));
      await writeFile(join(dataDir, 'history', `${KEY}.tz-Europe%2FBerlin.json`), oldFile(berlin));

      const loaded = await store.load(KEY, 'UTC');
      assert.deepEqual(all(loaded.history), all(utc));
      assert.deepEqual(coverageOf(loaded.history), coverageOf(utc));
      assert.deepEqual((await readdir(join(dataDir, 'history'))).sort(), [`${KEY}.tz-Europe%2FBerlin`, `${KEY}.tz-UTC`], 'the old files are gone');
      assert.deepEqual(all((await store.load(KEY, 'Europe/Berlin')).history), all(berlin));
    });

    test('merges into days already migrated (an interrupted migration runs again)', async () => {
      const utc = sample();
      await store.save(utc);
      const extra = createHistory(KEY, 'UTC');
      mergeSamples(extra, [...all(utc), { login: 'late', start: NOW - 5 * H, bytes: 3 }]);
      await writeFile(store.legacyFileFor(KEY), oldFile(extra));
      const loaded = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC');
      assert.equal(loaded.problem, null);
      assert.deepEqual(all(loaded.history), all(extra));
    });

    test('two processes starting at once on an old history both load it, and it is migrated once', async () => {
      const utc = createHistory(KEY, 'UTC');
      mergeSamples(utc, Array.from({ length: 24 * 30 }, (_, k) => ({ login: 'a', start: NOW - k * H, bytes: k + 1 })));
      addCoverage(utc, NOW - 30 * DAY, NOW);
      for (let round = 0; round < 5; round++) {
        await rm(join(dataDir, 'history'), { recursive: true, force: true });
        await mkdir(join(dataDir, 'history'), { recursive: true });
        await writeFile(store.legacyFileFor(KEY), oldFile(utc));
        const loads = await Promise.all([0, 1].map(() => createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC')));
        for (const l of loads) {
          assert.equal(l.problem, null);
          assert.deepEqual(all(l.history), all(utc), `round ${round}`);
        }
        assert.deepEqual(await readdir(join(dataDir, 'history')), [`${KEY}.tz-UTC`], 'the old file and the locks are gone');
      }
    });

    test('a damaged old file is moved aside and the history goes on', async () => {
      await mkdir(join(dataDir, 'history'), { recursive: true });
      await writeFile(store.legacyFileFor(KEY), '{"format":');
      const loaded = await store.load(KEY, 'UTC');
      assert.match(loaded.problem ?? '', /The traffic history file .+\.json is not valid JSON .* It was moved to .*; the history goes on without it\./);
      assert.equal(await readFile(loaded.movedTo ?? '', 'utf8'), '{"format":');
      assert.deepEqual(all(loaded.history), []);
    });
  });

  describe('another API timezone', () => {
    function zoned(zone: string, bytes: number): History {
      const h = createHistory(KEY, zone);
      mergeSamples(h, [{ login: 'alpha', start: NOW - 2 * H, bytes }]);
      addCoverage(h, NOW - DAY, NOW - H);
      return h;
    }

    test('each zone keeps its own folder: switching starts a new history, says where the other is, and moves nothing', async () => {
      await store.save(sample());
      const loaded = await store.load(KEY, 'Europe/Berlin');
      assert.equal(loaded.movedTo, null);
      assert.equal(
        loaded.problem,
        `The traffic history recorded with API timezone UTC is kept in ${store.dirFor(KEY, 'UTC')} (it is used again when the API timezone is UTC again); a new history was started for Europe/Berlin.`,
      );
      assert.deepEqual(all(loaded.history), []);
      mergeSamples(loaded.history, [{ login: 'b', start: NOW - H, bytes: 77 }]);
      await store.save(loaded.history);

      const back = await store.load(KEY, 'UTC');
      assert.equal(back.problem, null);
      assert.deepEqual(all(back.history), all(sample()), 'every UTC hour is back');
      assert.deepEqual(all((await store.load(KEY, 'Europe/Berlin')).history), [{ login: 'b', start: NOW - H, bytes: 77 }]);
      assert.equal((await store.load(KEY, 'Europe/Berlin')).problem, null, 'settled: nothing to say');
    });

    test('a fallback zone leaves the other zone\'s folder untouched and keeps its own hours apart', async () => {
      await store.save(zoned('Europe/Berlin', 42));
      const berlinDay = store.segmentFor(KEY, 'Europe/Berlin', TODAY);
      const before = await readFile(berlinDay, 'utf8');
      const loaded = await store.load(KEY, 'UTC', { zoneIsFallback: true });
      assert.equal(
        loaded.problem,
        `The traffic history recorded with API timezone Europe/Berlin is left as it is (${store.dirFor(KEY, 'Europe/Berlin')}) while UTC stands in for the API timezone setting; it is used again once the setting is fixed.`,
      );
      mergeSamples(loaded.history, [{ login: 'u', start: NOW - H, bytes: 3 }]);
      await store.save(loaded.history);
      assert.equal(await readFile(berlinDay, 'utf8'), before, 'the Berlin history is not overwritten');
      const fixed = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'Europe/Berlin');
      assert.equal(fixed.problem, null);
      assert.deepEqual(all(fixed.history), all(zoned('Europe/Berlin', 42)));
      assert.deepEqual(all((await store.load(KEY, 'UTC', { zoneIsFallback: true })).history), [{ login: 'u', start: NOW - H, bytes: 3 }]);
    });
  });

  test('an unsafe package key is refused with a clear error', async () => {
    for (const bad of ['', '../escape', 'a/b', 'a\\b', 'a.json', 'key with space', 'x'.repeat(65), 'ключ']) {
      assert.throws(() => store.dirFor(bad, 'UTC'), /cannot name a history file: use 1 to 64 letters, digits, "_" or "-"/, bad);
      await assert.rejects(store.load(bad, 'UTC'), RangeError);
      await assert.rejects(store.save(createHistory(bad === '' ? '.' : bad, 'UTC')), RangeError);
    }
    assert.equal(store.dirFor('x'.repeat(64), 'UTC'), join(dataDir, 'history', `${'x'.repeat(64)}.tz-UTC`));
    assert.equal(store.dirFor('A-z_09', 'Europe/Berlin'), join(dataDir, 'history', 'A-z_09.tz-Europe%2FBerlin'));
    assert.deepEqual(await readdir(dataDir), []);
  });
});
