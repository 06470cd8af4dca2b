// Chart buckets over the history: DST days, half-hour zones, daily sums, the login filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSeries, chooseGranularity } from '../src/core/controller/series.js';
import { createHistory, mergeSamples } from '../src/core/history/model.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { localDateTimeOf } from '../src/shared/local-dates.js';

const wallClocks = (buckets: number[], zone: string) => buckets.map((b) => localDateTimeOf(b, zone));

const H = 3_600_000;

function hourly(apiZone: string, from: number, to: number, logins: string[]) {
  const h = createHistory('pkg', apiZone);
  const samples = [];
  for (let t = from; t < to; t += H) for (const [i, login] of logins.entries()) samples.push({ login, start: t, bytes: 1000 * (i + 1) });
  mergeSamples(h, samples);
  return h;
}

test('a 25-hour DST day in Berlin has 25 hourly buckets, each hour once', () => {
  const day = localDayBounds('2026-10-25', 'Europe/Berlin');
  const h = hourly('UTC', day.start - 5 * H, day.end + 5 * H, ['a']);
  const s = buildSeries({ history: h, from: '2026-10-25', to: '2026-10-25', zone: 'Europe/Berlin', granularity: 'hour', stale: false, problem: null });
  assert.equal(s.buckets.length, 25);
  assert.equal(s.totalBytes, 25 * 1000);
  // Local labels: 02:00 appears twice (CEST, then CET).
  assert.equal(wallClocks(s.buckets, 'Europe/Berlin').filter((l) => l.endsWith(' 02:00')).length, 2);
  assert.deepEqual(s.series.map((x) => x.bytes.every((b) => b === 1000)), [true]);
});

test('a 23-hour DST day in New York has 23 buckets', () => {
  const day = localDayBounds('2026-03-08', 'America/New_York');
  const h = hourly('UTC', day.start, day.end, ['a']);
  const s = buildSeries({ history: h, from: '2026-03-08', to: '2026-03-08', zone: 'America/New_York', granularity: 'hour', stale: false, problem: null });
  assert.equal(s.buckets.length, 23);
  assert.equal(wallClocks(s.buckets, 'America/New_York').some((l) => l.endsWith(' 02:00')), false, '02:00 does not exist that day');
});

test('Kolkata with UTC hour keys: buckets start at :30 local, the day holds the hours starting in it', () => {
  const day = localDayBounds('2026-11-26', 'Asia/Kolkata');
  const h = hourly('UTC', Date.parse('2026-11-25T12:00:00Z'), Date.parse('2026-11-27T12:00:00Z'), ['a', 'b']);
  const s = buildSeries({ history: h, from: '2026-11-26', to: '2026-11-26', zone: 'Asia/Kolkata', granularity: 'hour', stale: false, problem: null });
  assert.equal(s.buckets.length, 24);
  assert.ok(wallClocks(s.buckets, 'Asia/Kolkata').every((l) => l.endsWith(':30')));
  assert.ok(s.buckets[0]! >= day.start && s.buckets.at(-1)! < day.end);
  assert.equal(s.totalBytes, 24 * 3000);
});

test('Chatham (+13:45) with UTC keys: buckets at :45', () => {
  const h = hourly('UTC', Date.parse('2026-11-24T00:00:00Z'), Date.parse('2026-11-28T00:00:00Z'), ['a']);
  const s = buildSeries({ history: h, from: '2026-11-26', to: '2026-11-26', zone: 'Pacific/Chatham', granularity: 'hour', stale: false, problem: null });
  assert.equal(s.buckets.length, 24);
  assert.ok(wallClocks(s.buckets, 'Pacific/Chatham').every((l) => l.endsWith(':45')));
});

test('days: one bucket per local date, zeros included; the login filter keeps one series', () => {
  const from = localDayBounds('2026-11-01', 'Europe/Berlin').start;
  const h = hourly('UTC', from, from + 10 * 24 * H, ['a', 'b']);
  const s = buildSeries({ history: h, from: '2026-10-30', to: '2026-11-15', zone: 'Europe/Berlin', granularity: 'day', stale: false, problem: null });
  assert.equal(s.buckets.length, 17);
  const a = s.series.find((x) => x.login === 'a')!;
  assert.deepEqual(a.bytes.slice(0, 2), [0, 0]);
  assert.equal(a.bytes[2], 24 * 1000);
  assert.equal(s.totalBytes, 10 * 24 * 3000);
  const onlyB = buildSeries({ history: h, from: '2026-10-30', to: '2026-11-15', zone: 'Europe/Berlin', login: 'b', granularity: 'day', stale: false, problem: null });
  assert.deepEqual(onlyB.series.map((x) => x.login), ['b']);
  assert.deepEqual(onlyB.logins, ['a', 'b'], 'the filter still lists every login');
});

test('auto granularity: hours up to 14 days, days beyond', () => {
  assert.equal(chooseGranularity('2026-11-01', '2026-11-14', 'auto'), 'hour');
  assert.equal(chooseGranularity('2026-11-01', '2026-11-15', 'auto'), 'day');
  assert.equal(chooseGranularity('2026-11-01', '2026-11-30', 'hour'), 'hour');
});
