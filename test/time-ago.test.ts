// "Updated … ago": one rule, two lengths. The tray's tooltip says "2 h ago" (short), the window's
// header "2 h 5 min ago" (long); both say "before a clock change" for an age from the future.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { timeAgo } from '../src/shared/time-ago.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('timeAgo, short (the tray)', () => {
  const cases: Array<[number, string]> = [
    [0, 'just now'],
    [59_999, 'just now'],
    [-30_000, 'just now'],
    [-MIN + 1, 'just now'],
    [-MIN, 'before a clock change'],
    [-58 * MIN, 'before a clock change'],
    [MIN, '1 min ago'],
    [HOUR - 1, '59 min ago'],
    [HOUR, '1 h ago'],
    [DAY - 1, '23 h ago'],
    [DAY, 'yesterday'],
    [2 * DAY - 1, 'yesterday'],
    [2 * DAY, '2 days ago'],
    [5 * DAY + 3 * HOUR, '5 days ago'],
  ];
  for (const [ago, expected] of cases) {
    test(`${ago} ms ago → ${expected}`, () => {
      assert.equal(timeAgo(ago, 'short'), expected);
    });
  }
});

describe('timeAgo, long (the window)', () => {
  const cases: Array<[number, string]> = [
    [20_000, 'just now'],
    [-30_000, 'just now'],
    [-58 * MIN, 'before a clock change'],
    [4 * MIN + 59_000, '4 min ago'],
    [HOUR, '1 h ago'],
    [125 * MIN, '2 h 5 min ago'],
    [DAY + 30 * MIN, '24 h 30 min ago'],
    [2 * DAY - 1, '47 h 59 min ago'],
    [2 * DAY, '2 days ago'],
    [3 * DAY, '3 days ago'],
  ];
  for (const [ago, expected] of cases) {
    test(`${ago} ms ago → ${expected}`, () => {
      assert.equal(timeAgo(ago, 'long'), expected);
    });
  }
});
