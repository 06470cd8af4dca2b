// Day fingerprints (history/day-fingerprints.ts): how a save tells the days that differ from the disk.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { addCoverage, createHistory, mergeSamples, uncover } from '../src/core/history/model.js';
import { dayFingerprints, historyFingerprints, segmentFingerprint } from '../src/core/history/day-fingerprints.js';
import { decodeSegment, encodeSegment, utcDayOf } from '../src/core/history/codec.js';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-01-15T00:00:00Z');

function threeDays() {
  const h = createHistory('pkg', 'UTC');
  mergeSamples(h, [
    { login: 'a', start: T0 + H, bytes: 10 },
    { login: 'a', start: T0 + D + 5 * H, bytes: 2 ** 40 + 3 },
    { login: 'b', start: T0 + D + 5 * H, bytes: 7 },
    { login: 'b', start: T0 + 2 * D + 23 * H, bytes: 1 },
  ]);
  addCoverage(h, T0 + 2 * H, T0 + 2 * D + H);
  return h;
}

describe('day fingerprints', () => {
  test('those of chosen days equal those of the whole history for them; a day with nothing has none', () => {
    const h = threeDays();
    const all = historyFingerprints(h);
    const day0 = T0 / D;
    assert.equal(all.size, 3);
    const some = dayFingerprints(h, [day0 - 1, day0 + 1, day0 + 2]);
    assert.deepEqual([...some.keys()].sort(), [day0 + 1, day0 + 2]);
    assert.equal(some.get(day0 + 1), all.get(day0 + 1));
    assert.equal(some.get(day0 + 2), all.get(day0 + 2));
  });

  test('a day\'s fingerprint equals that of its segment as written and read back', () => {
    const h = threeDays();
    const day1 = T0 / D + 1;
    const seg = decodeSegment(JSON.parse(JSON.stringify(encodeSegment(h, utcDayOf(day1 * D), T0))), 'pkg', utcDayOf(day1 * D));
    assert.ok(seg.ok);
    assert.equal(segmentFingerprint(seg.coverage, seg.series), dayFingerprints(h, [day1]).get(day1));
  });

  test('a changed hour, or changed coverage, changes the day\'s fingerprint', () => {
    const h = threeDays();
    const day1 = T0 / D + 1;
    const before = dayFingerprints(h, [day1]).get(day1);
    mergeSamples(h, [{ login: 'b', start: T0 + D + 5 * H, bytes: 8 }]);
    const afterHour = dayFingerprints(h, [day1]).get(day1);
    assert.notEqual(afterHour, before);
    uncover(h, T0 + D + 3 * H, T0 + D + 4 * H);
    assert.notEqual(dayFingerprints(h, [day1]).get(day1), afterHour);
  });
});
