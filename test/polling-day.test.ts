// A simulated day of polling at the default interval, counting the requests the API receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestsPerSimulatedDay } from './support/polling-day.js';

test('a day at the default 5 min interval: 288 traffic requests, package every 15 min', async () => {
  const day = await requestsPerSimulatedDay();
  assert.equal(day.polls, 288);
  // One more on the first day: the poll that fetches yesterday once more asks it apart from today,
  // to learn what date_end means (today's hours in that answer or not).
  assert.equal(day.details, 289);
  assert.equal(day.package, 96);
  assert.equal(day.total, 385);
});

test('a steady day (the second): 288 traffic requests, each for what can still change', async () => {
  const start = Date.parse('2026-11-25T00:00:00Z');
  const day = await requestsPerSimulatedDay({ start, days: 2, measureFrom: start + 24 * 3_600_000 });
  assert.equal(day.polls, 288);
  assert.equal(day.details, 288);
  assert.equal(day.package, 96);
  // Today's hours at each poll, and yesterday twice (at the API's midnight and once more later):
  // about 3,500 login-hours of 3 logins, at most ~40 bytes each.
  assert.ok(day.detailsBytes < 3 * 4_000 * 40, `${day.detailsBytes} bytes`);
});

test('a day at a 15 min interval asks a third as often', async () => {
  const day = await requestsPerSimulatedDay({ intervalMinutes: 15 });
  assert.equal(day.details, 97, 'one more to learn what date_end means, as at 5 minutes');
  assert.equal(day.package, 96);
});
