// The three-way merge of one UTC day between processes (history/day-merge.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_DAY, mergeDay, type DayContent } from '../src/core/history/day-merge.js';

const H = 3_600_000;
const day = (coverage: Array<[number, number]>, series: Record<string, Array<[number, number]>>): DayContent => ({
  coverage,
  series: new Map(Object.entries(series).map(([login, hours]) => [login, { starts: hours.map(([s]) => s), bytes: hours.map(([, b]) => b) }])),
});

describe('three-way merge of a day', () => {
  test('an hour this process changed since the base takes its value; any other hour takes the disk\'s', () => {
    const base = day([], { l: [[0, 200], [H, 5]] });
    const mine = day([], { l: [[0, 150], [H, 5]] });
    const disk = day([], { l: [[0, 200], [H, 7]], other: [[2 * H, 1]] });
    assert.deepEqual(mergeDay(base, mine, disk), day([], { l: [[0, 150], [H, 7]], other: [[2 * H, 1]] }));
  });

  test('an hour this process removed stays removed; one the disk removed is removed', () => {
    const base = day([], { gone: [[0, 999]], l: [[H, 3]] });
    const mine = day([], { l: [[H, 3]] });
    const disk = day([], { gone: [[0, 999]] });
    assert.deepEqual(mergeDay(base, mine, disk), day([], {}));
  });

  test('coverage: what this process added is added, what it dropped is dropped, the rest is the disk\'s', () => {
    const base = day([[0, 10 * H]], {});
    const mine = day([[0, 4 * H], [5 * H, 12 * H]], {}); // dropped [4h, 5h), added [10h, 12h)
    const disk = day([[0, 8 * H], [20 * H, 22 * H]], {}); // the other dropped [8h, 10h), added [20h, 22h)
    assert.deepEqual(mergeDay(base, mine, disk).coverage, [[0, 4 * H], [5 * H, 8 * H], [10 * H, 12 * H], [20 * H, 22 * H]]);
  });

  test('with no base (a day this process never read) its hours and coverage join the disk\'s', () => {
    const mine = day([[0, H]], { a: [[0, 1]] });
    const disk = day([[H, 2 * H]], { b: [[0, 2]] });
    assert.deepEqual(mergeDay(EMPTY_DAY, mine, disk), day([[0, 2 * H]], { a: [[0, 1]], b: [[0, 2]] }));
  });
});
