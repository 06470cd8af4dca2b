// The spike rule's input from a real History: medians over the hours the history knows (a covered
// hour without traffic is 0, an hour it lacks is left out), today's hours, local days with DST.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addCoverage, createHistory, mergeSamples, type History } from '../src/core/history/model.js';
import { listHours, SPIKE_MIN_KNOWN_HOURS } from '../src/core/alerts/list-hours.js';
import { localDayBounds } from '../src/core/time/local-days.js';

const H = 3_600_000;
const MB = 1e6;

/** Hours [from, to) of `login` with `bytes` each. */
function fill(h: History, login: string, from: number, to: number, bytes: number | ((start: number, k: number) => number)): void {
  const samples = [];
  for (let t = from, k = 0; t < to; t += H, k++) samples.push({ login, start: t, bytes: typeof bytes === 'number' ? bytes : bytes(t, k) });
  mergeSamples(h, samples);
}

describe('listHours', () => {
  const zone = 'UTC';
  const now = Date.parse('2026-06-10T12:30:00Z');
  const todayStart = Date.parse('2026-06-10T00:00:00Z');
  const weekStart = todayStart - 7 * 24 * H;

  test('a covered week: the median of all 168 hours, zeros included; today\'s hours apart', () => {
    const h = createHistory('pkg', 'UTC');
    addCoverage(h, weekStart, now);
    // alpha: 100 MB every hour; beta: 50 MB in 80 of the 168 hours (the rest covered, so 0).
    fill(h, 'alpha', weekStart, todayStart, 100 * MB);
    fill(h, 'beta', weekStart, weekStart + 80 * H, 50 * MB);
    fill(h, 'alpha', todayStart, todayStart + 13 * H, (_t, k) => (k === 10 ? 2e9 : 90 * MB));
    const out = listHours(h, now, zone);
    assert.deepEqual(out.map((l) => [l.login, l.medianBytes, l.today.length]), [
      ['alpha', 100 * MB, 13],
      ['beta', 0, 0],
    ]);
    assert.deepEqual(out[0]?.today[10], { start: todayStart + 10 * H, bytes: 2e9 });
  });

  test('hours the history lacks are left out, not taken as 0', () => {
    const h = createHistory('pkg', 'UTC');
    // Only the last two days before today are known (coverage), 30 MB an hour on 30 of their 48 hours.
    addCoverage(h, todayStart - 48 * H, now);
    fill(h, 'alpha', todayStart - 48 * H, todayStart - 18 * H, 30 * MB);
    const [alpha] = listHours(h, now, zone);
    assert.equal(alpha?.medianBytes, 30 * MB, 'if the 5 unknown days counted as 0, the median would be 0');
  });

  test('hours with traffic count as known even where coverage is missing', () => {
    const h = createHistory('pkg', 'UTC');
    fill(h, 'alpha', weekStart, weekStart + 30 * H, 20 * MB);
    assert.equal(listHours(h, now, zone)[0]?.medianBytes, 20 * MB);
  });

  test(`fewer than ${SPIKE_MIN_KNOWN_HOURS} known hours: no median (nothing to compare with)`, () => {
    const h = createHistory('pkg', 'UTC');
    addCoverage(h, todayStart - 23 * H, now);
    fill(h, 'alpha', todayStart - 23 * H, todayStart, 20 * MB);
    fill(h, 'alpha', todayStart, todayStart + H, 5e9);
    const [alpha] = listHours(h, now, zone);
    assert.equal(alpha?.medianBytes, null);
    assert.deepEqual(alpha?.today, [{ start: todayStart, bytes: 5e9 }]);
  });

  test('DST: the week in Berlin holding the 23-hour day has 167 hours (84 busy ones are the majority)', () => {
    const berlin = 'Europe/Berlin';
    const nowB = Date.parse('2026-04-01T10:00:00Z'); // Wed Apr 1; the week back holds Sun Mar 29 (23 h)
    const start = localDayBounds('2026-03-25', berlin).start;
    const end = localDayBounds('2026-04-01', berlin).start;
    assert.equal((end - start) / H, 167);
    const h = createHistory('pkg', 'UTC');
    addCoverage(h, start, nowB);
    fill(h, 'alpha', start, start + 84 * H, 10 * MB);
    assert.equal(listHours(h, nowB, berlin)[0]?.medianBytes, 10 * MB, '84 of 167: the median is a busy hour');
    // The same 84 busy hours in a 168-hour week: the median falls between 0 and 10 MB.
    const h2 = createHistory('pkg', 'UTC');
    addCoverage(h2, weekStart, now);
    fill(h2, 'alpha', weekStart, weekStart + 84 * H, 10 * MB);
    assert.equal(listHours(h2, now, zone)[0]?.medianBytes, 5 * MB);
  });

  test('today is the local day: in Tokyo, 20:00 UTC yesterday is already today', () => {
    const tokyo = 'Asia/Tokyo';
    const h = createHistory('pkg', 'UTC');
    const nowT = Date.parse('2026-06-10T02:00:00Z'); // 11:00 on Jun 10 in Tokyo
    fill(h, 'alpha', Date.parse('2026-06-09T14:00:00Z'), nowT, 1 * MB); // from 23:00 Jun 9 Tokyo
    const [alpha] = listHours(h, nowT, tokyo);
    assert.equal(alpha?.today[0]?.start, Date.parse('2026-06-09T15:00:00Z'), 'the first hour of Jun 10 in Tokyo');
    assert.equal(alpha?.today.length, 11);
  });
});
