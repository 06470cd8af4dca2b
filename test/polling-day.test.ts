// A simulated day of polling at the default interval, counting the requests the API receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestsPerSimulatedDay } from './support/polling-day.js';

test('a day at the default 5 min interval: 288 traffic requests, package every 15 min', async () => {
  const day = await requestsPerSimulatedDay();
  assert.equal(day.polls, 288);
  assert.equal(day.details, 288);
  assert.equal(day.package, 96);
  assert.equal(day.total, 384);
});

test('a day at a 15 min interval asks a third as often', async () => {
  const day = await requestsPerSimulatedDay({ intervalMinutes: 15 });
  assert.equal(day.details, 96);
  assert.equal(day.package, 96);
});
