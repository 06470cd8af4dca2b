// The named durations every module counts in (src/shared/time-constants.ts), checked against literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../src/shared/time-constants.js';

test('a second, a minute, an hour and a 24-hour day in milliseconds', () => {
  assert.equal(SECOND_MS, 1_000);
  assert.equal(MINUTE_MS, 60_000);
  assert.equal(HOUR_MS, 3_600_000);
  assert.equal(DAY_MS, 86_400_000);
});
