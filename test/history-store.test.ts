import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile, mkdir, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HourSample } from '../src/shared/types.js';
import { createHistoryStore } from '../src/core/history/store.js';
import type { HistoryStore } from '../src/core/history/store.js';
import {
  createHistory,
  mergeSamples,
  addCoverage,
  coverageOf,
  logins,
  samplesBetween,
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

async function writeRaw(content: string): Promise<string> {
  const path = store.fileFor(KEY);
  await mkdir(join(dataDir, 'history'), { recursive: true });
  await writeFile(path, content);
  return path;
}

function goodFile(): Record<string, unknown> {
  return {
    format: 'proxy-seller-traffic-history',
    version: 1,
    packageKey: KEY,
    apiTimeZone: 'UTC',
    savedAt: NOW,
    coverage: [[NOW - DAY, NOW]],
    logins: { alpha: { t: [(NOW - 2 * H) / 60_000, 60], b: [10, 20] } },
  };
}

describe('history store', () => {
  test('a missing file gives an empty history and no problem', async () => {
    const loaded = await store.load(KEY, 'UTC');
    assert.equal(loaded.problem, null);
    assert.equal(loaded.movedTo, null);
    assert.equal(loaded.history.packageKey, KEY);
    assert.equal(loaded.history.apiTimeZone, 'UTC');
    assert.deepEqual(all(loaded.history), []);
  });

  test('save then load round-trips samples and coverage; the file is 0600 and compact', async () => {
    const h = sample();
    await store.save(h);
    const path = store.fileFor(KEY);
    assert.equal(path, join(dataDir, 'history', `${KEY}.json`));
    assert.equal((await stat(path)).mode & 0o777, 0o600);

    const loaded = await store.load(KEY, 'UTC');
    assert.equal(loaded.problem, null);
    assert.deepEqual(all(loaded.history), all(h));
    assert.deepEqual(coverageOf(loaded.history), coverageOf(h));
    assert.deepEqual(logins(loaded.history), ['__proto__', 'alpha', 'beta']);

    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(onDisk.format, 'proxy-seller-traffic-history');
    assert.equal(onDisk.version, 1);
    assert.equal(onDisk.packageKey, KEY);
    assert.equal(onDisk.apiTimeZone, 'UTC');
    assert.equal(onDisk.savedAt, NOW);
    assert.deepEqual(onDisk.coverage, [[NOW - 2 * DAY, NOW - DAY], [NOW - DAY + H, NOW]]);
    // Minutes, first absolute then deltas.
    assert.deepEqual(onDisk.logins.alpha, { t: [(NOW - 3 * H) / 60_000, 60], b: [1_000, 2_500_000_000] });
    // No temp files left behind.
    assert.deepEqual(await readdir(join(dataDir, 'history')), [`${KEY}.json`]);
  });

  test('round-trips :30 and :45 hour starts (API zones Asia/Kolkata, Pacific/Chatham)', async () => {
    for (const zone of ['Asia/Kolkata', 'Pacific/Chatham']) {
      const h = createHistory(KEY, zone);
      const start = Date.parse(zone === 'Asia/Kolkata' ? '2026-01-14T18:30:00Z' : '2026-01-14T10:15:00Z');
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

  test('save prunes to the retention period, relative to the clock', async () => {
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
    assert.deepEqual(coverageOf(loaded.history), [[NOW - 10 * DAY, NOW]]);
    assert.deepEqual(logins(loaded.history), ['a']);

    // The default keeps 400 days.
    const h2 = createHistory(KEY, 'UTC');
    mergeSamples(h2, [
      { login: 'a', start: NOW - 401 * DAY, bytes: 1 },
      { login: 'a', start: NOW - 399 * DAY, bytes: 2 },
    ]);
    await store.save(h2);
    assert.deepEqual(all((await store.load(KEY, 'UTC')).history), [{ login: 'a', start: NOW - 399 * DAY, bytes: 2 }]);
  });

  test('concurrent saves of one package all land, the last one wins', async () => {
    const a = sample();
    const b = createHistory(KEY, 'UTC');
    mergeSamples(b, [{ login: 'z', start: NOW - H, bytes: 1 }]);
    await Promise.all([store.save(a), store.save(a), store.save(b)]);
    const loaded = await store.load(KEY, 'UTC');
    assert.equal(loaded.problem, null);
    assert.deepEqual(all(loaded.history), all(b));
  });

  describe('damaged files are moved aside and the app carries on', () => {
    const good = (): Record<string, unknown> => goodFile();
    const variants: Array<[string, () => string, RegExp]> = [
      ['garbage', () => 'this is not json \u0000\u0001', /is not valid JSON/],
      ['empty file', () => '', /is not valid JSON/],
      ['truncated JSON', () => JSON.stringify(good()).slice(0, 60), /is not valid JSON/],
      ['a JSON array', () => '[1,2,3]', /it is not a JSON object/],
      ['another format', () => JSON.stringify({ ...good(), format: 'something-else' }), /not a traffic history file/],
      ['wrong version', () => JSON.stringify({ ...good(), version: 2 }), /version 2, and this app reads version 1/],
      ['missing version', () => JSON.stringify({ ...good(), version: undefined }), /version missing/],
      [
        't/b length mismatch',
        () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_000_000, 60, 60], b: [1, 2] } } }),
        /logins\.alpha: 3 hour starts \(t\) but 2 byte counts \(b\)/,
      ],
      [
        'negative bytes',
        () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_000_000, 60], b: [1, -2] } } }),
        /logins\.alpha\.b\[1\]/,
      ],
      [
        'fractional bytes',
        () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_000_000], b: [1.5] } } }),
        /logins\.alpha\.b\[0\]/,
      ],
      [
        'unsorted hour starts',
        () => JSON.stringify({ ...good(), logins: { alpha: { t: [29_000_000, 0], b: [1, 2] } } }),
        /logins\.alpha\.t\[1\]: hour starts are not in ascending order/,
      ],
      ['a login that is not an object', () => JSON.stringify({ ...good(), logins: { alpha: [1, 2] } }), /logins\.alpha/],
      ['logins missing', () => JSON.stringify({ ...good(), logins: undefined }), /logins/],
      ['coverage backwards', () => JSON.stringify({ ...good(), coverage: [[NOW, NOW - 1]] }), /coverage\[0\]/],
      [
        'coverage overlapping',
        () => JSON.stringify({ ...good(), coverage: [[0, 100], [50, 200]] }),
        /coverage\[1\]: intervals are not sorted/,
      ],
      ['savedAt a string', () => JSON.stringify({ ...good(), savedAt: 'yesterday' }), /savedAt/],
      ['another package', () => JSON.stringify({ ...good(), packageKey: 'ffffffffffffffffffff' }), /belongs to package "ffffffffffffffffffff"/],
    ];
    for (const [name, content, reason] of variants) {
      test(name, async () => {
        const text = content();
        const path = await writeRaw(text);
        const loaded = await store.load(KEY, 'UTC');
        assert.match(loaded.problem ?? '', reason);
        assert.ok(loaded.movedTo !== null);
        assert.match(loaded.problem ?? '', /is damaged|is not valid JSON/);
        assert.ok(loaded.problem?.includes(path), 'names the file');
        assert.ok(loaded.problem?.includes(`It was moved to ${loaded.movedTo} and a new history was started.`));
        assert.equal(await readFile(loaded.movedTo, 'utf8'), text, 'nothing lost');
        await assert.rejects(stat(path), { code: 'ENOENT' });
        assert.deepEqual(all(loaded.history), []);
        assert.deepEqual(coverageOf(loaded.history), []);

        // Carrying on: the fresh history saves and loads cleanly.
        mergeSamples(loaded.history, [{ login: 'x', start: NOW - H, bytes: 5 }]);
        await store.save(loaded.history);
        const again = await store.load(KEY, 'UTC');
        assert.equal(again.problem, null);
        assert.deepEqual(all(again.history), [{ login: 'x', start: NOW - H, bytes: 5 }]);
      });
    }

    test('a file that cannot be read as a file (a directory) is moved aside too', async () => {
      const path = store.fileFor(KEY);
      await mkdir(path, { recursive: true });
      const loaded = await store.load(KEY, 'UTC');
      assert.match(loaded.problem ?? '', /could not be read/);
      assert.ok(loaded.movedTo !== null);
      assert.ok((await stat(loaded.movedTo)).isDirectory());
      assert.deepEqual(all(loaded.history), []);
    });
  });

  test('a damaged file that cannot be moved aside is never overwritten: new hours are kept beside it and found again at the next start', async () => {
    const stuck = createHistoryStore({ dataDir, clock: () => now, setAside: async () => ({ movedTo: null, stayed: 'EBUSY: resource busy or locked' }) });
    const text = 'this is not json';
    const path = await writeRaw(text);
    const loaded = await stuck.load(KEY, 'UTC');
    const keptPath = stuck.keptFileFor(KEY, 'UTC');
    assert.ok(loaded.problem?.includes(`It could not be moved aside (EBUSY: resource busy or locked), so it stays at ${path}, untouched; the history is kept in ${keptPath} meanwhile.`), loaded.problem ?? '');
    mergeSamples(loaded.history, [{ login: 'x', start: NOW - H, bytes: 5 }]);
    await stuck.save(loaded.history);
    assert.equal(await readFile(path, 'utf8'), text, 'the file that could not be read is untouched');
    // Still stuck at the next start: the hours saved meanwhile are found again, not started afresh.
    const again = await stuck.load(KEY, 'UTC');
    assert.deepEqual(all(again.history), [{ login: 'x', start: NOW - H, bytes: 5 }]);
    // Once it can be moved, the kept history takes its place.
    const freed = await store.load(KEY, 'UTC');
    assert.ok(freed.movedTo !== null);
    assert.equal(await readFile(freed.movedTo, 'utf8'), text);
    assert.ok(freed.problem?.includes(`It was moved to ${freed.movedTo}; the history kept in ${keptPath} is used.`), freed.problem ?? '');
    assert.deepEqual(all(freed.history), [{ login: 'x', start: NOW - H, bytes: 5 }]);
    await store.save(freed.history);
    assert.deepEqual(all((await store.load(KEY, 'UTC')).history), [{ login: 'x', start: NOW - H, bytes: 5 }], 'saved as the package\'s file again');
  });

  describe('another API timezone', () => {
    function zoned(zone: string, bytes: number): History {
      const h = createHistory(KEY, zone);
      mergeSamples(h, [{ login: 'alpha', start: NOW - 2 * H, bytes }]);
      addCoverage(h, NOW - DAY, NOW - H);
      return h;
    }
    const berlinKept = () => join(dataDir, 'history', `${KEY}.tz-Europe%2FBerlin.json`);
    const utcKept = () => join(dataDir, 'history', `${KEY}.tz-UTC.json`);

    test('the history of the zone left is kept under a name with its zone, and a new one starts', async () => {
      await store.save(sample());
      const loaded = await store.load(KEY, 'Europe/Berlin');
      assert.equal(loaded.movedTo, utcKept());
      assert.equal(
        loaded.problem,
        `The traffic history recorded with API timezone UTC was kept as ${utcKept()} (it is used again when the API timezone is UTC again); a new history was started for Europe/Berlin.`,
      );
      assert.equal(loaded.history.apiTimeZone, 'Europe/Berlin');
      assert.deepEqual(all(loaded.history), []);
      assert.equal(JSON.parse(await readFile(utcKept(), 'utf8')).apiTimeZone, 'UTC');
      await assert.rejects(stat(store.fileFor(KEY)), { code: 'ENOENT' });
    });

    test('switching back finds the history again, and each zone keeps its own', async () => {
      await store.save(sample());
      const berlin = await store.load(KEY, 'Europe/Berlin');
      mergeSamples(berlin.history, [{ login: 'b', start: NOW - H, bytes: 77 }]);
      await store.save(berlin.history);

      const back = await store.load(KEY, 'UTC');
      assert.equal(
        back.problem,
        `The traffic history recorded with API timezone Europe/Berlin was kept as ${berlinKept()} (it is used again when the API timezone is Europe/Berlin again); the history recorded with UTC before is used again.`,
      );
      assert.deepEqual(all(back.history), all(sample()), 'every UTC hour is back');
      assert.deepEqual(coverageOf(back.history), coverageOf(sample()));
      assert.deepEqual((await readdir(join(dataDir, 'history'))).sort(), [`${KEY}.json`, `${KEY}.tz-Europe%2FBerlin.json`]);

      const again = await store.load(KEY, 'Europe/Berlin');
      assert.deepEqual(all(again.history), [{ login: 'b', start: NOW - H, bytes: 77 }]);
      assert.deepEqual((await readdir(join(dataDir, 'history'))).sort(), [`${KEY}.json`, `${KEY}.tz-UTC.json`]);
      assert.equal((await store.load(KEY, 'Europe/Berlin')).problem, null, 'settled: nothing to say');
    });

    test('with the package file gone, a kept history of the zone asked for is used', async () => {
      await store.save(zoned('UTC', 5));
      await store.load(KEY, 'Asia/Tokyo'); // UTC kept aside, no Tokyo file yet
      const loaded = await store.load(KEY, 'UTC');
      assert.deepEqual(all(loaded.history), all(zoned('UTC', 5)));
    });

    test('a fallback zone leaves the other zone\'s file untouched and keeps its own hours apart', async () => {
      await store.save(zoned('Europe/Berlin', 42));
      const path = store.fileFor(KEY);
      const before = await readFile(path, 'utf8');

      const loaded = await store.load(KEY, 'UTC', { zoneIsFallback: true });
      assert.equal(loaded.movedTo, null);
      assert.equal(
        loaded.problem,
        `The traffic history recorded with API timezone Europe/Berlin is left as it is (${path}) while UTC stands in for the API timezone setting; it is used again once the setting is fixed.`,
      );
      assert.deepEqual(all(loaded.history), []);
      mergeSamples(loaded.history, [{ login: 'u', start: NOW - H, bytes: 3 }]);
      await store.save(loaded.history);
      assert.equal(await readFile(path, 'utf8'), before, 'the Berlin file is not overwritten');
      assert.equal(JSON.parse(await readFile(utcKept(), 'utf8')).apiTimeZone, 'UTC');

      // Still a fallback on the next start: the UTC hours saved meanwhile are there.
      const next = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'UTC', { zoneIsFallback: true });
      assert.deepEqual(all(next.history), [{ login: 'u', start: NOW - H, bytes: 3 }]);
      // The setting fixed: the Berlin history, exactly as it was.
      const fixed = await createHistoryStore({ dataDir, clock: () => now }).load(KEY, 'Europe/Berlin');
      assert.equal(fixed.problem, null);
      assert.deepEqual(all(fixed.history), all(zoned('Europe/Berlin', 42)));
      assert.ok(!(await readdir(join(dataDir, 'history'))).some((n) => n.includes('.corrupt-')), 'nothing set aside');
    });

    test('a fallback zone that matches the file uses it as usual', async () => {
      await store.save(zoned('UTC', 9));
      const loaded = await store.load(KEY, 'UTC', { zoneIsFallback: true });
      assert.equal(loaded.problem, null);
      assert.deepEqual(all(loaded.history), all(zoned('UTC', 9)));
    });

    test('a kept file already there is never overwritten', async () => {
      await mkdir(join(dataDir, 'history'), { recursive: true });
      await writeFile(utcKept(), JSON.stringify({ ...goodFile(), logins: {} }));
      await store.save(sample());
      const loaded = await store.load(KEY, 'Europe/Berlin');
      const second = join(dataDir, 'history', `${KEY}.tz-UTC-1.json`);
      assert.equal(loaded.movedTo, second);
      assert.deepEqual(JSON.parse(await readFile(utcKept(), 'utf8')).logins, {}, 'the earlier one is as it was');
      assert.equal(JSON.parse(await readFile(second, 'utf8')).apiTimeZone, 'UTC');
    });

    test('a damaged kept file is moved aside, not used', async () => {
      await store.save(zoned('Europe/Berlin', 1));
      await writeFile(utcKept(), '{"format":');
      const loaded = await store.load(KEY, 'UTC');
      assert.match(loaded.problem ?? '', /kept as .+Europe%2FBerlin\.json .*a new history was started for UTC\. The traffic history file .+tz-UTC\.json is not valid JSON/);
      assert.deepEqual(all(loaded.history), []);
      assert.ok((await readdir(join(dataDir, 'history'))).some((n) => n.startsWith(`${KEY}.tz-UTC.json.corrupt-`)));
    });
  });

  test('an unsafe package key is refused with a clear error', async () => {
    for (const bad of ['', '../escape', 'a/b', 'a\\b', 'a.json', 'key with space', 'x'.repeat(65), 'ключ']) {
      assert.throws(() => store.fileFor(bad), /cannot name a history file: use 1 to 64 letters, digits, "_" or "-"/, bad);
      await assert.rejects(store.load(bad, 'UTC'), RangeError);
      await assert.rejects(store.save(createHistory(bad === '' ? '.' : bad, 'UTC')), RangeError);
    }
    assert.equal(store.fileFor('x'.repeat(64)), join(dataDir, 'history', `${'x'.repeat(64)}.json`));
    assert.equal(store.fileFor('A-z_09'), join(dataDir, 'history', 'A-z_09.json'));
    assert.deepEqual(await readdir(dataDir), []);
  });
});
