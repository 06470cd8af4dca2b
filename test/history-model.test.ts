import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HourSample } from '../src/shared/types.js';
import {
  createHistory,
  mergeSamples,
  mergeHours,
  addCoverage,
  missingRanges,
  coverageOf,
  coverageEnd,
  dropCoverageAfter,
  changeMark,
  changedDaysSince,
  restoreSeries,
  uncover,
  logins,
  samplesBetween,
  sumBetween,
} from '../src/core/history/model.js';
import { parseApiHourKey } from '../src/core/time/local-days.js';

const H = 3_600_000;
const T0 = Date.parse('2026-01-15T00:00:00Z');
const s = (login: string, hour: number, bytes: number): HourSample => ({ login, start: T0 + hour * H, bytes });

describe('mergeSamples', () => {
  test('adds new hours and reports how many changed', () => {
    const h = createHistory('pkg', 'UTC');
    assert.equal(mergeSamples(h, [s('a', 2, 20), s('a', 0, 10), s('b', 1, 5)]), 3);
    assert.deepEqual(logins(h), ['a', 'b']);
    assert.deepEqual(samplesBetween(h, T0, T0 + 3 * H), [s('a', 0, 10), s('b', 1, 5), s('a', 2, 20)]);
  });

  test('a re-fetched (login, start) replaces its value; equal values are not changes', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('a', 0, 10), s('a', 1, 11), s('a', 2, 12), s('b', 1, 5)]);
    // Hour 1 grew (the API hour was still running), hour 2 is the same, hour 3 is new.
    assert.equal(mergeSamples(h, [s('a', 1, 15), s('a', 2, 12), s('a', 3, 7)]), 2);
    assert.deepEqual(samplesBetween(h, T0, T0 + 10 * H, 'a'), [s('a', 0, 10), s('a', 1, 15), s('a', 2, 12), s('a', 3, 7)]);
    // Other logins are untouched.
    assert.deepEqual(samplesBetween(h, T0, T0 + 10 * H, 'b'), [s('b', 1, 5)]);
    assert.equal(mergeSamples(h, [s('a', 1, 15)]), 0);
  });

  test('an hour re-fetched as 0 is removed; a new 0 is no change', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('a', 0, 10), s('a', 1, 11)]);
    assert.equal(mergeSamples(h, [s('a', 1, 0), s('a', 5, 0), s('z', 0, 0)]), 1);
    assert.deepEqual(samplesBetween(h, T0, T0 + 10 * H), [s('a', 0, 10)]);
    assert.deepEqual(logins(h), ['a']);
    mergeSamples(h, [s('a', 0, 0)]);
    assert.deepEqual(logins(h), []);
  });

  test('samples merged out of order, before and between existing hours, keep the arrays sorted', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('a', 10, 1), s('a', 20, 2)]);
    mergeSamples(h, [s('a', 25, 5), s('a', 15, 3), s('a', 5, 4)]);
    assert.deepEqual(
      samplesBetween(h, T0, T0 + 30 * H).map((x) => (x.start - T0) / H),
      [5, 10, 15, 20, 25],
    );
  });

  test('two samples for the same hour in one call are summed (two API keys read as one instant)', () => {
    const h = createHistory('pkg', 'UTC');
    assert.equal(mergeSamples(h, [s('a', 1, 10), s('a', 1, 5)]), 1);
    assert.deepEqual(samplesBetween(h, T0, T0 + 2 * H), [s('a', 1, 15)]);
  });

  test('malformed samples throw RangeError and change nothing', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('a', 0, 10)]);
    const bad: HourSample[] = [
      s('a', 1, -1),
      s('a', 1, 1.5),
      s('a', 1, Number.NaN),
      { login: 'a', start: T0 + 1, bytes: 1 },
      { login: 'a', start: Number.POSITIVE_INFINITY, bytes: 1 },
      s('', 1, 1),
    ];
    for (const b of bad) assert.throws(() => mergeSamples(h, [s('a', 2, 99), b]), RangeError, JSON.stringify(b));
    assert.deepEqual(samplesBetween(h, T0, T0 + 10 * H), [s('a', 0, 10)]);
  });

  test('hour starts need not be whole UTC hours (API zone Asia/Kolkata)', () => {
    const h = createHistory('pkg', 'Asia/Kolkata');
    const start = parseApiHourKey('2026-01-15 00:00:00', 'Asia/Kolkata');
    assert.equal(start, Date.parse('2026-01-14T18:30:00Z'));
    mergeSamples(h, [{ login: 'a', start, bytes: 3 }, { login: 'a', start: start + H, bytes: 4 }]);
    assert.deepEqual(sumBetween(h, start, start + 1), { totalBytes: 3, byLogin: { a: 3 } });
    assert.deepEqual(sumBetween(h, start + 1, start + H + 1), { totalBytes: 4, byLogin: { a: 4 } });
  });

  test('rejects an unknown API time zone', () => {
    assert.throws(() => createHistory('pkg', 'Not/AZone'), /not a known IANA time zone/);
  });
});

describe('mergeHours (columns, as an answer is read)', () => {
  const cols = (login: string, hours: number[], bytes: number[]) => ({ login, starts: hours.map((x) => T0 + x * H), bytes });

  test('gives the history mergeSamples gives for the same hours, in order or not', () => {
    const rows = [s('a', 3, 30), s('a', 1, 10), s('b', 0, 5), s('a', 2, 0), s('b', 4, 7)];
    const byRows = createHistory('pkg', 'UTC');
    const byCols = createHistory('pkg', 'UTC');
    mergeSamples(byRows, [s('a', 1, 9), s('a', 5, 50)]);
    mergeSamples(byCols, [s('a', 1, 9), s('a', 5, 50)]);
    const changedRows = mergeSamples(byRows, rows);
    const changedCols = mergeHours(byCols, [cols('a', [3, 1, 2], [30, 10, 0]), cols('b', [0, 4], [5, 7])]);
    assert.equal(changedCols, changedRows);
    assert.deepEqual(samplesBetween(byCols, T0, T0 + 10 * H), samplesBetween(byRows, T0, T0 + 10 * H));
  });

  test('a new login takes its hours whole, without keeping the caller\'s arrays; two keys read as one instant are summed', () => {
    const h = createHistory('pkg', 'UTC');
    const input = cols('a', [0, 1, 1, 2], [1, 2, 3, 4]);
    assert.equal(mergeHours(h, [cols('b', [0, 1], [5, 6])]), 2);
    mergeHours(h, [input]);
    assert.deepEqual(samplesBetween(h, T0, T0 + 3 * H, 'a'), [s('a', 0, 1), s('a', 1, 5), s('a', 2, 4)]);
    const fresh = cols('c', [0, 1], [7, 8]);
    mergeHours(h, [fresh]);
    fresh.bytes[0] = 999;
    assert.equal(samplesBetween(h, T0, T0 + H, 'c')[0]?.bytes, 7);
  });

  test('malformed columns throw RangeError and change nothing', () => {
    const h = createHistory('pkg', 'UTC');
    mergeHours(h, [cols('a', [0], [1])]);
    for (const bad of [cols('', [1], [1]), cols('a', [1, 2], [1]), cols('a', [1], [-1]), cols('a', [1], [1.5]), { login: 'a', starts: [T0 + 1], bytes: [1] }]) {
      assert.throws(() => mergeHours(h, [cols('z', [3], [3]), bad]), RangeError);
    }
    assert.deepEqual(samplesBetween(h, 0, T0 * 2), [s('a', 0, 1)]);
  });
});

describe('change marks (what a save compares with the disk)', () => {
  const D = 86_400_000;
  const day0 = T0 / D; // 2026-01-15 as a day number

  test('name the UTC days whose hours changed; an hour merged again unchanged is no change', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('a', 1, 10), s('a', 30, 5), s('b', 2, 7)]);
    const m = changeMark(h);
    assert.deepEqual(changedDaysSince(h, m), []);
    assert.deepEqual(changedDaysSince(h, 0), [day0, day0 + 1]);
    mergeSamples(h, [s('a', 1, 10), s('b', 2, 7), s('a', 30, 5)]);
    assert.deepEqual(changedDaysSince(h, m), [], 'the same values again');
    mergeSamples(h, [s('a', 30, 6), s('b', 2, 7)]);
    assert.deepEqual(changedDaysSince(h, m), [day0 + 1]);
    const m2 = changeMark(h);
    mergeSamples(h, [s('b', 2, 0)]);
    assert.deepEqual(changedDaysSince(h, m2), [day0], 'an hour removed');
  });

  test('name the days where coverage was added (only the newly covered part), dropped or uncovered', () => {
    const h = createHistory('pkg', 'UTC');
    addCoverage(h, T0, T0 + 2 * D);
    const m = changeMark(h);
    addCoverage(h, T0 + H, T0 + 3 * D - H); // only [T0 + 2D, T0 + 3D - H) is new
    assert.deepEqual(changedDaysSince(h, m), [day0 + 2]);
    const m2 = changeMark(h);
    uncover(h, T0 + D + H, T0 + D + 2 * H);
    assert.deepEqual(changedDaysSince(h, m2), [day0 + 1]);
    const m3 = changeMark(h);
    uncover(h, -Infinity, T0 - D); // covers nothing there
    assert.deepEqual(changedDaysSince(h, m3), []);
    dropCoverageAfter(h, T0 + D / 2);
    assert.deepEqual(changedDaysSince(h, m3), [day0, day0 + 1, day0 + 2]);
  });

  test('columns merged as an answer is read (mergeHours) mark their days too: a new login, an append, a change', () => {
    const h = createHistory('pkg', 'UTC');
    const m = changeMark(h);
    mergeHours(h, [{ login: 'a', starts: [T0 + H], bytes: [1] }]);
    assert.deepEqual(changedDaysSince(h, m), [day0], 'a login not held yet');
    const m2 = changeMark(h);
    mergeHours(h, [{ login: 'a', starts: [T0 + 30 * H], bytes: [2] }]);
    assert.deepEqual(changedDaysSince(h, m2), [day0 + 1], 'hours past the newest held');
    const m3 = changeMark(h);
    mergeHours(h, [{ login: 'a', starts: [T0 + H, T0 + 30 * H], bytes: [1, 3] }]);
    assert.deepEqual(changedDaysSince(h, m3), [day0 + 1], 'only the day whose hour changed');
  });

  test('restoring a login\'s hours names the days it held and now holds', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('a', 1, 10)]);
    const m = changeMark(h);
    restoreSeries(h, 'a', [T0 + 50 * H], [3]);
    assert.deepEqual(changedDaysSince(h, m), [day0, day0 + 2]);
  });
});

describe('coverage', () => {
  test('coverage from an instant on is forgotten, cutting the interval that straddles it', () => {
    const h = createHistory('pkg', 'UTC');
    assert.equal(coverageEnd(h), null);
    addCoverage(h, 10, 20);
    addCoverage(h, 30, 40);
    addCoverage(h, 50, 60);
    assert.equal(coverageEnd(h), 60);
    dropCoverageAfter(h, 60);
    assert.deepEqual(coverageOf(h), [[10, 20], [30, 40], [50, 60]], 'nothing reaches past 60');
    dropCoverageAfter(h, 35);
    assert.deepEqual(coverageOf(h), [[10, 20], [30, 35]]);
    assert.deepEqual(missingRanges(h, 30, 60), [{ from: 35, to: 60 }]);
    dropCoverageAfter(h, 20);
    assert.deepEqual(coverageOf(h), [[10, 20]]);
    dropCoverageAfter(h, 5);
    assert.deepEqual(coverageOf(h), []);
  });

  test('intervals are merged (overlapping and touching) and kept sorted', () => {
    const h = createHistory('pkg', 'UTC');
    addCoverage(h, 50, 60);
    addCoverage(h, 10, 20);
    addCoverage(h, 30, 40);
    assert.deepEqual(coverageOf(h), [[10, 20], [30, 40], [50, 60]]);
    addCoverage(h, 20, 30); // touches both neighbours
    assert.deepEqual(coverageOf(h), [[10, 40], [50, 60]]);
    addCoverage(h, 35, 55); // overlaps both
    assert.deepEqual(coverageOf(h), [[10, 60]]);
    addCoverage(h, 0, 5);
    addCoverage(h, 70, 80);
    addCoverage(h, 12, 18); // inside: no change
    addCoverage(h, 9, 9); // empty: ignored
    assert.deepEqual(coverageOf(h), [[0, 5], [10, 60], [70, 80]]);
    addCoverage(h, -5, 100);
    assert.deepEqual(coverageOf(h), [[-5, 100]]);
    assert.throws(() => addCoverage(h, Number.NaN, 1), RangeError);
  });

  test('missingRanges returns the uncovered parts in order', () => {
    const h = createHistory('pkg', 'UTC');
    assert.deepEqual(missingRanges(h, 0, 100), [{ from: 0, to: 100 }]);
    addCoverage(h, 10, 20);
    addCoverage(h, 40, 50);
    assert.deepEqual(missingRanges(h, 0, 100), [
      { from: 0, to: 10 },
      { from: 20, to: 40 },
      { from: 50, to: 100 },
    ]);
    assert.deepEqual(missingRanges(h, 12, 18), []);
    assert.deepEqual(missingRanges(h, 10, 20), []);
    assert.deepEqual(missingRanges(h, 15, 45), [{ from: 20, to: 40 }]);
    assert.deepEqual(missingRanges(h, 45, 60), [{ from: 50, to: 60 }]);
    assert.deepEqual(missingRanges(h, 60, 60), []);
    assert.deepEqual(missingRanges(h, 60, 50), []);
  });
});

describe('queries over the model', () => {
  test('samplesBetween is half-open and sorted by start then login; sumBetween per login', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('b', 1, 5), s('a', 1, 6), s('a', 0, 1), s('c', 3, 9), s('b', 2, 7)]);
    assert.deepEqual(samplesBetween(h, T0 + H, T0 + 3 * H), [s('a', 1, 6), s('b', 1, 5), s('b', 2, 7)]);
    assert.deepEqual(samplesBetween(h, T0 + 3 * H, T0 + H), []);
    assert.deepEqual(samplesBetween(h, T0, T0 + 9 * H, 'nobody'), []);
    assert.deepEqual(sumBetween(h, T0, T0 + 3 * H), { totalBytes: 19, byLogin: { a: 7, b: 12 } });
    assert.deepEqual(sumBetween(h, T0 + 4 * H, T0 + 9 * H), { totalBytes: 0, byLogin: {} });
  });

  test('a login named __proto__ is an ordinary login', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [s('__proto__', 0, 5)]);
    const sum = sumBetween(h, T0, T0 + H);
    assert.equal(sum.totalBytes, 5);
    assert.equal(Object.getOwnPropertyDescriptor(sum.byLogin, '__proto__')?.value, 5);
    assert.equal(Object.getPrototypeOf(sum.byLogin), Object.prototype);
  });
});

describe('performance', () => {
  /** Best of three runs, so a busy machine does not fail the test. */
  function bestMs(fn: () => void): number {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      fn();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  }

  test('400 days x 50 logins: 30-day queries and a 31-day merge (timings as diagnostics)', (t) => {
    const DAYS = 400;
    const LOGINS = 50;
    const names = Array.from({ length: LOGINS }, (_, l) => `login${String(l).padStart(2, '0')}`);
    const base = T0 - DAYS * 24 * H;
    const h = createHistory('pkg', 'UTC');
    for (const login of names) {
      const rows: HourSample[] = [];
      for (let k = 0; k < DAYS * 24; k++) rows.push({ login, start: base + k * H, bytes: 1000 + k });
      mergeSamples(h, rows);
    }
    assert.equal(sumBetween(h, base, T0).totalBytes, LOGINS * (1000 * DAYS * 24 + ((DAYS * 24 - 1) * DAYS * 24) / 2));

    const from = T0 - 30 * 24 * H;
    let slice: HourSample[] = [];
    const queryMs = bestMs(() => {
      slice = samplesBetween(h, from, T0);
      sumBetween(h, from, T0);
    });
    assert.equal(slice.length, 30 * 24 * LOGINS);
    assert.deepEqual(slice[0], { login: names[0], start: from, bytes: 1000 + (from - base) / H });
    assert.deepEqual(slice[1], { login: names[1], start: from, bytes: 1000 + (from - base) / H });
    assert.equal(sumBetween(h, from, T0).totalBytes, slice.reduce((acc, x) => acc + x.bytes, 0));
    t.diagnostic(`30-day queries: ${queryMs.toFixed(1)} ms`);

    // A fresh 31-day answer: the last 30 days re-fetched (even hours grown by one) plus one new day.
    const answer: HourSample[] = [];
    for (const login of names) {
      for (let k = 0; k < 31 * 24; k++) {
        const start = from + k * H;
        const old = start < T0 ? 1000 + (start - base) / H : 0;
        answer.push({ login, start, bytes: k % 2 === 0 ? old + 1 : Math.max(old, 1) });
      }
    }
    assert.equal(mergeSamples(h, answer), LOGINS * (15 * 24 + 24)); // even hours of the 30 old days, all of the new day
    const mergeMs = bestMs(() => assert.equal(mergeSamples(h, answer), 0));
    t.diagnostic(`31-day merge: ${mergeMs.toFixed(1)} ms`);
    assert.equal(samplesBetween(h, T0 - H, T0 + 24 * H).length, 25 * LOGINS);
  });
});
