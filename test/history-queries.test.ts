import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Forecast, HourSample, PackageInfo } from '../src/shared/types.js';
import { createHistory, mergeSamples, addCoverage } from '../src/core/history/model.js';
import type { History } from '../src/core/history/model.js';
import { dayTotal, rangeTotal, monthToDate, hourlySeries, forecast } from '../src/core/history/queries.js';
import { buildSeries } from '../src/core/controller/series.js';
import { parseApiHourKey, localDayBounds } from '../src/core/time/local-days.js';
import { localDateOf } from '../src/shared/local-dates.js';

const H = 3_600_000;
const DAY = 24 * H;
const utc = (iso: string): number => Date.parse(iso);

/** The chart's daily buckets as { date, bytes } (all logins, or one). */
function dailyTotals(h: History, from: string, to: string, zone: string, login?: string): Array<{ date: string; bytes: number }> {
  const s = buildSeries({ history: h, from, to, zone, granularity: 'day', stale: false, problem: null, ...(login ? { login } : {}) });
  return s.buckets.map((start, i) => ({ date: localDateOf(start, zone), bytes: s.series.reduce((sum, x) => sum + (x.bytes[i] ?? 0), 0) }));
}

/** One sample per UTC hour from `fromIso` for `hours` hours. */
function hourly(h: History, fromIso: string, hours: number, login = 'a', bytes: (k: number) => number = () => 1): void {
  const rows: HourSample[] = [];
  for (let k = 0; k < hours; k++) rows.push({ login, start: utc(fromIso) + k * H, bytes: bytes(k) });
  mergeSamples(h, rows);
}

describe('local-day totals with UTC API hours', () => {
  const cases: Array<[string, string, number]> = [
    ['Europe/Berlin', '2026-03-29', 23],
    ['Europe/Berlin', '2026-03-28', 24],
    ['Europe/Berlin', '2026-10-25', 25],
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Asia/Kolkata', '2026-03-29', 24],
    ['Pacific/Chatham', '2026-04-05', 25],
    ['Pacific/Chatham', '2026-09-27', 23],
  ];
  for (const [zone, date, hours] of cases) {
    test(`${zone} ${date} holds ${hours} API hours`, () => {
      const h = createHistory('pkg', 'UTC');
      const { start } = localDayBounds(date, zone);
      // Every UTC hour from two days before to two days after.
      const first = Math.floor(start / H) * H - 2 * DAY;
      const rows: HourSample[] = [];
      for (let t = first; t < first + 5 * DAY; t += H) rows.push({ login: 'a', start: t, bytes: 1 });
      mergeSamples(h, rows);
      assert.deepEqual(dayTotal(h, date, zone), { date, totalBytes: hours, byLogin: { a: hours } });
    });
  }

  test('Asia/Kolkata: the UTC hour 18:00 starts 23:30 IST and belongs to that day', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [
      { login: 'a', start: utc('2026-01-14T18:00:00Z'), bytes: 100 }, // 23:30 IST on the 14th
      { login: 'a', start: utc('2026-01-14T19:00:00Z'), bytes: 1 }, // 00:30 IST on the 15th
      { login: 'b', start: utc('2026-01-15T18:00:00Z'), bytes: 10 }, // 23:30 IST on the 15th
      { login: 'b', start: utc('2026-01-15T19:00:00Z'), bytes: 1000 }, // 00:30 IST on the 16th
    ]);
    assert.deepEqual(dayTotal(h, '2026-01-14', 'Asia/Kolkata'), { date: '2026-01-14', totalBytes: 100, byLogin: { a: 100 } });
    assert.deepEqual(dayTotal(h, '2026-01-15', 'Asia/Kolkata'), { date: '2026-01-15', totalBytes: 11, byLogin: { a: 1, b: 10 } });
    assert.equal(dayTotal(h, '2026-01-15', 'UTC').totalBytes, 1010);
  });

  test('Pacific/Chatham (+13:45): the UTC hour 10:00 starts 23:45 local and belongs to that day', () => {
    const h = createHistory('pkg', 'UTC');
    mergeSamples(h, [
      { login: 'a', start: utc('2026-01-14T10:00:00Z'), bytes: 7 },
      { login: 'a', start: utc('2026-01-14T11:00:00Z'), bytes: 5 },
    ]);
    assert.equal(dayTotal(h, '2026-01-14', 'Pacific/Chatham').totalBytes, 7);
    assert.equal(dayTotal(h, '2026-01-15', 'Pacific/Chatham').totalBytes, 5);
  });
});

describe('an API zone other than UTC', () => {
  test('hour keys read in Asia/Kolkata land on the right local day', () => {
    const h = createHistory('pkg', 'Asia/Kolkata');
    const rows = [
      ['2026-01-15 00:00:00', 1], // 2026-01-14T18:30Z
      ['2026-01-15 05:00:00', 2], // 2026-01-14T23:30Z
      ['2026-01-15 06:00:00', 4], // 2026-01-15T00:30Z
    ] as const;
    mergeSamples(
      h,
      rows.map(([key, bytes]) => ({ login: 'a', start: parseApiHourKey(key, h.apiTimeZone), bytes })),
    );
    assert.equal(dayTotal(h, '2026-01-14', 'UTC').totalBytes, 3);
    assert.equal(dayTotal(h, '2026-01-15', 'UTC').totalBytes, 4);
    assert.equal(dayTotal(h, '2026-01-15', 'Asia/Kolkata').totalBytes, 7);
    assert.deepEqual(hourlySeries(h, '2026-01-14', '2026-01-14', 'UTC'), [
      { start: utc('2026-01-14T18:30:00Z'), bytes: 1 },
      { start: utc('2026-01-14T23:30:00Z'), bytes: 2 },
    ]);
  });

  test('hour keys read in Europe/Berlin across its spring DST day', () => {
    const h = createHistory('pkg', 'Europe/Berlin');
    const rows: HourSample[] = [];
    for (let hr = 0; hr < 24; hr++) {
      if (hr === 2) continue; // 02:00 does not exist that night, so the API would not send it
      rows.push({ login: 'a', start: parseApiHourKey(`2026-03-29 ${String(hr).padStart(2, '0')}:00:00`, 'Europe/Berlin'), bytes: 1 });
    }
    mergeSamples(h, rows);
    assert.equal(dayTotal(h, '2026-03-29', 'Europe/Berlin').totalBytes, 23);
    // In UTC the same hours straddle two dates: 23:00Z on the 28th is 00:00 CET.
    assert.equal(dayTotal(h, '2026-03-28', 'UTC').totalBytes, 1);
    assert.equal(dayTotal(h, '2026-03-29', 'UTC').totalBytes, 22);
  });
});

describe('ranges and series', () => {
  function twoLogins(): History {
    const h = createHistory('pkg', 'UTC');
    hourly(h, '2026-01-30T00:00:00Z', 3 * 24, 'a', (k) => (k % 24 === 5 ? 10 : 0)); // 10 at 05:00 each day
    hourly(h, '2026-01-31T05:00:00Z', 2, 'b', () => 3); // 05:00 and 06:00 on the 31st
    return h;
  }

  test('rangeTotal includes both end dates; monthToDate starts on the 1st', () => {
    const h = twoLogins();
    assert.deepEqual(rangeTotal(h, '2026-01-30', '2026-01-31', 'UTC'), {
      from: '2026-01-30',
      to: '2026-01-31',
      totalBytes: 26,
      byLogin: { a: 20, b: 6 },
    });
    assert.equal(rangeTotal(h, '2026-01-31', '2026-01-31', 'UTC').totalBytes, 16);
    assert.deepEqual(monthToDate(h, utc('2026-02-01T23:00:00Z'), 'UTC'), {
      from: '2026-02-01',
      to: '2026-02-01',
      totalBytes: 10,
      byLogin: { a: 10 },
    });
    assert.equal(monthToDate(h, utc('2026-01-31T23:00:00Z'), 'UTC').totalBytes, 26);
    // 2026-02-01 00:30 in Kolkata is still in January in UTC; its month is February.
    assert.equal(monthToDate(h, utc('2026-01-31T19:00:00Z'), 'Asia/Kolkata').from, '2026-02-01');
    assert.throws(() => rangeTotal(h, '2026-01-31', '2026-01-30', 'UTC'), /ends before it starts/);
    assert.throws(() => rangeTotal(h, '2026-01-31', '2026-02-30', 'UTC'), RangeError);
  });

  test('hourlySeries sums logins, skips empty hours, keeps order, filters by login', () => {
    const h = twoLogins();
    assert.deepEqual(hourlySeries(h, '2026-01-31', '2026-01-31', 'UTC'), [
      { start: utc('2026-01-31T05:00:00Z'), bytes: 13 },
      { start: utc('2026-01-31T06:00:00Z'), bytes: 3 },
    ]);
    assert.deepEqual(hourlySeries(h, '2026-01-30', '2026-02-01', 'UTC', 'b'), [
      { start: utc('2026-01-31T05:00:00Z'), bytes: 3 },
      { start: utc('2026-01-31T06:00:00Z'), bytes: 3 },
    ]);
    assert.equal(hourlySeries(h, '2026-01-30', '2026-02-01', 'UTC').length, 4);
    assert.deepEqual(hourlySeries(h, '2026-01-30', '2026-02-01', 'UTC', 'nobody'), []);
  });

  test('daily buckets list every date, zeros included, in the local zone', () => {
    const h = twoLogins();
    assert.deepEqual(dailyTotals(h, '2026-01-29', '2026-02-02', 'UTC'), [
      { date: '2026-01-29', bytes: 0 },
      { date: '2026-01-30', bytes: 10 },
      { date: '2026-01-31', bytes: 16 },
      { date: '2026-02-01', bytes: 10 },
      { date: '2026-02-02', bytes: 0 },
    ]);
    assert.deepEqual(dailyTotals(h, '2026-01-31', '2026-02-01', 'UTC', 'b'), [
      { date: '2026-01-31', bytes: 6 },
      { date: '2026-02-01', bytes: 0 },
    ]);
    // New York: 05:00Z is midnight EST, so each 05:00Z hour opens its own local day.
    assert.deepEqual(dailyTotals(h, '2026-01-30', '2026-02-01', 'America/New_York'), [
      { date: '2026-01-30', bytes: 10 },
      { date: '2026-01-31', bytes: 16 },
      { date: '2026-02-01', bytes: 10 },
    ]);
    // Honolulu (-10): 05:00Z is 19:00 the day before.
    assert.deepEqual(dailyTotals(h, '2026-01-29', '2026-01-31', 'Pacific/Honolulu'), [
      { date: '2026-01-29', bytes: 10 },
      { date: '2026-01-30', bytes: 16 },
      { date: '2026-01-31', bytes: 10 },
    ]);
  });

  test('daily buckets over a DST week in Berlin', () => {
    const h = createHistory('pkg', 'UTC');
    hourly(h, '2026-10-23T00:00:00Z', 5 * 24);
    assert.deepEqual(
      dailyTotals(h, '2026-10-24', '2026-10-26', 'Europe/Berlin').map((d) => d.bytes),
      [24, 25, 24],
    );
  });
});

describe('forecast', () => {
  const GB = 1_000_000_000;
  const NOW = utc('2026-01-15T12:00:00Z'); // noon: half of today is left
  const pkg = (leftBytes: number, expiresIso: string | null): PackageInfo => ({
    key: 'pkg',
    active: true,
    limitBytes: 100 * GB,
    usedBytes: 100 * GB - leftBytes,
    leftBytes,
    reservedBytes: 0,
    expiresAt: expiresIso === null ? null : utc(expiresIso),
    autoRenew: false,
    rotationSeconds: null,
    tariffId: null,
  });
  /** `perDay` GB each day of the 7 before today, spread over 4 hours; coverage from `coveredFrom`. */
  function history(perDay: number, coveredFrom = '2026-01-01T00:00:00Z'): History {
    const h = createHistory('pkg', 'UTC');
    for (let d = 1; d <= 7; d++) hourly(h, new Date(utc('2026-01-15T08:00:00Z') - d * DAY).toISOString(), 4, 'a', () => (perDay * GB) / 4);
    addCoverage(h, utc(coveredFrom), NOW);
    return h;
  }

  /** The fields the forecast has always had (the tests below check the newer ones on their own). */
  const basic = (f: Forecast) =>
    f.kind === 'runs-out' ? { kind: f.kind, averageDailyBytes: f.averageDailyBytes, runsOutOn: f.runsOutOn, lastsPastExpiry: f.lastsPastExpiry } : f.kind === 'no-usage' ? { kind: f.kind, averageDailyBytes: f.averageDailyBytes } : f;

  test('no package', () => {
    assert.deepEqual(forecast(history(1), null, NOW, 'UTC'), { kind: 'no-package' });
  });

  test('an expired package forecasts nothing: what is left cannot be used', () => {
    assert.deepEqual(forecast(history(2), pkg(40 * GB, '2026-01-15T11:59:59Z'), NOW, 'UTC'), { kind: 'expired' });
    assert.equal(forecast(history(2), pkg(40 * GB, '2026-01-15T12:00:01Z'), NOW, 'UTC').kind, 'runs-out', 'a second before expiry it still runs');
  });

  test('runs out before expiry, counting what is left of today', () => {
    const h = history(2); // 2 GB a day
    // 5 GB left: 1 GB today (half a day), then 2 GB on the 16th and 17th.
    assert.deepEqual(basic(forecast(h, pkg(5 * GB, '2026-02-01T00:00:00Z'), NOW, 'UTC')), {
      kind: 'runs-out',
      averageDailyBytes: 2 * GB,
      runsOutOn: '2026-01-17',
      lastsPastExpiry: false,
    });
    // Just a little more than that lasts into the 18th.
    assert.equal((forecast(h, pkg(5 * GB + 1, null), NOW, 'UTC') as { runsOutOn: string }).runsOutOn, '2026-01-18');
    // Less than today's remaining share runs out today, as does nothing left.
    assert.equal((forecast(h, pkg(GB, null), NOW, 'UTC') as { runsOutOn: string }).runsOutOn, '2026-01-15');
    assert.equal((forecast(h, pkg(0, null), NOW, 'UTC') as { runsOutOn: string }).runsOutOn, '2026-01-15');
  });

  test('today does not count toward the average', () => {
    const h = history(2);
    hourly(h, '2026-01-15T09:00:00Z', 1, 'a', () => 500 * GB);
    const f = forecast(h, pkg(5 * GB, null), NOW, 'UTC');
    assert.equal(f.kind === 'runs-out' && f.averageDailyBytes, 2 * GB);
  });

  test('lasts past expiry', () => {
    const f = forecast(history(1), pkg(50 * GB, '2026-01-31T23:59:59Z'), NOW, 'UTC');
    // 0.5 GB today, then 49.5 days -> 50 more days.
    assert.deepEqual(basic(f), { kind: 'runs-out', averageDailyBytes: GB, runsOutOn: '2026-03-06', lastsPastExpiry: true });
    // Running out on the expiry's own local date is not past it.
    const onThe31st = forecast(history(1), pkg(16.5 * GB, '2026-01-31T23:59:59Z'), NOW, 'UTC');
    assert.deepEqual(basic(onThe31st), { kind: 'runs-out', averageDailyBytes: GB, runsOutOn: '2026-01-31', lastsPastExpiry: false });
    // The expiry's date is read in the local zone: 23:59:59Z on the 31st is already Feb 1 in Kolkata.
    const kolkataNow = utc('2026-01-15T06:30:00Z'); // noon IST
    const inKolkata = forecast(history(1), pkg(17.5 * GB, '2026-01-31T23:59:59Z'), kolkataNow, 'Asia/Kolkata');
    assert.equal(inKolkata.kind, 'runs-out');
    assert.equal(inKolkata.kind === 'runs-out' && inKolkata.runsOutOn, '2026-02-01');
    assert.equal(inKolkata.kind === 'runs-out' && inKolkata.lastsPastExpiry, false);
  });

  test('no usage when the covered days hold no traffic, or there is no history at all', () => {
    const h = createHistory('pkg', 'UTC');
    assert.deepEqual(forecast(h, pkg(5 * GB, null), NOW, 'UTC'), { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null });
    addCoverage(h, utc('2026-01-01T00:00:00Z'), NOW);
    hourly(h, '2026-01-15T09:00:00Z', 1, 'a', () => GB); // today only
    assert.deepEqual(forecast(h, pkg(5 * GB, null), NOW, 'UTC'), { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null });
    // With an expiry, all that is left expires unused; the budget spreads it over the time to expiry (5 GB over 2.5 days).
    const unused = forecast(h, pkg(5 * GB, '2026-01-18T00:00:00Z'), NOW, 'UTC');
    assert.deepEqual(unused, { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: 5 * GB, dailyBudgetBytes: 2 * GB });
  });

  test('with fewer than 7 days of history the average is over the days covered', () => {
    // Covered from the start of the 12th: three full days (12th, 13th, 14th) at 3 GB each.
    const h = createHistory('pkg', 'UTC');
    for (const day of ['2026-01-12', '2026-01-13', '2026-01-14']) hourly(h, `${day}T10:00:00Z`, 3, 'a', () => GB);
    addCoverage(h, utc('2026-01-12T00:00:00Z'), NOW);
    const f = forecast(h, pkg(30 * GB, null), NOW, 'UTC');
    assert.equal(f.kind === 'runs-out' && f.averageDailyBytes, 3 * GB);
    // A covered day without traffic counts as a zero day.
    const h2 = createHistory('pkg', 'UTC');
    hourly(h2, '2026-01-14T10:00:00Z', 3, 'a', () => GB);
    addCoverage(h2, utc('2026-01-13T00:00:00Z'), NOW);
    const f2 = forecast(h2, pkg(30 * GB, null), NOW, 'UTC');
    assert.equal(f2.kind === 'runs-out' && f2.averageDailyBytes, 1.5 * GB);
  });

  test('days are local days: a Kolkata user averages IST days', () => {
    const h = createHistory('pkg', 'UTC');
    // 19:00Z is 00:30 IST the next day: these land on IST Jan 8..14, one GB each.
    for (let d = 7; d <= 13; d++) hourly(h, `2026-01-${String(d).padStart(2, '0')}T19:00:00Z`, 1, 'a', () => GB);
    addCoverage(h, utc('2026-01-01T00:00:00Z'), utc('2026-01-16T00:00:00Z'));
    const f = forecast(h, pkg(10 * GB, '2026-06-01T00:00:00Z'), utc('2026-01-15T06:30:00Z'), 'Asia/Kolkata');
    assert.deepEqual(basic(f), { kind: 'runs-out', averageDailyBytes: GB, runsOutOn: '2026-01-25', lastsPastExpiry: false });
  });

  test('when within the day it runs out, how many days before expiry, what expires unused, and the daily budget', () => {
    const h = history(2);
    // 5 GB at 2 GB a day from noon: 1 GB today, 2 GB each on the 16th and 17th, so the last byte goes at the end of the 17th.
    const early = forecast(h, pkg(5 * GB, '2026-02-01T00:00:00Z'), NOW, 'UTC');
    assert.ok(early.kind === 'runs-out');
    assert.equal(early.runsOutAt, utc('2026-01-18T00:00:00Z'));
    assert.equal(early.daysBeforeExpiry, 15, 'Jan 17 to Feb 1');
    assert.equal(early.unusedAtExpiryBytes, 0, 'nothing is left to expire');
    assert.equal(early.dailyBudgetBytes, (5 * GB) / 16.5, '5 GB over the 16.5 days to expiry');
    // 0.6 GB left runs out today: 0.6 of today's remaining 1 GB share, so at 12:00 + 0.6 * 12 h.
    const today = forecast(h, pkg(0.6 * GB, null), NOW, 'UTC');
    assert.ok(today.kind === 'runs-out');
    assert.equal(today.runsOutOn, '2026-01-15');
    assert.equal(today.runsOutAt, utc('2026-01-15T19:12:00Z'));
    assert.equal(today.daysBeforeExpiry, null);
    assert.equal(today.unusedAtExpiryBytes, null);
    assert.equal(today.dailyBudgetBytes, null);
    // Lasting past expiry: 50 GB at 1 GB a day, 16.5 days (less a second) to expiry, so about 33.5 GB expire unused.
    const late = forecast(history(1), pkg(50 * GB, '2026-01-31T23:59:59Z'), NOW, 'UTC');
    assert.ok(late.kind === 'runs-out');
    assert.equal(late.runsOutAt, utc('2026-03-06T12:00:00Z'), 'half of the 6th (0.5 + 49 days, then half a day)');
    assert.equal(late.daysBeforeExpiry, -34, 'it would run out 34 days after the expiry date');
    assert.ok(Math.abs((late.unusedAtExpiryBytes ?? 0) - 33.5 * GB) < 0.001 * GB, `unused ${late.unusedAtExpiryBytes}`);
    // Running out on the expiry's date but after its hour: what the hours between would use expires unused.
    const sameDay = forecast(h, pkg(1 * GB + 2 * GB + (2 * GB * 20) / 24, '2026-01-17T09:00:00Z'), NOW, 'UTC');
    assert.ok(sameDay.kind === 'runs-out');
    assert.equal(sameDay.runsOutOn, '2026-01-17');
    assert.equal(sameDay.runsOutAt, utc('2026-01-17T20:00:00Z'));
    assert.equal(sameDay.lastsPastExpiry, false, 'the same local date is not past it');
    assert.equal(sameDay.daysBeforeExpiry, 0);
    assert.ok(Math.abs((sameDay.unusedAtExpiryBytes ?? 0) - (2 * GB * 11) / 24) < 1000, `11 h of use expire unused: ${sameDay.unusedAtExpiryBytes}`);
    // A DST day of 25 hours: the last day's share is of its own length.
    const berlin = createHistory('pkg', 'UTC');
    for (let d = 1; d <= 7; d++) hourly(berlin, new Date(utc('2026-10-24T08:00:00Z') - d * DAY).toISOString(), 4, 'a', () => GB / 4);
    addCoverage(berlin, utc('2026-10-10T00:00:00Z'), utc('2026-10-24T22:00:00Z'));
    // Oct 24 at 23:00 Berlin (21:00Z): 1/24 of the day left (0.0417 GB), then 0.5 of Oct 25 (25 h): 12.5 h after its start.
    const dst = forecast(berlin, pkg(GB / 24 + 0.5 * GB, null), utc('2026-10-24T21:00:00Z'), 'Europe/Berlin');
    assert.ok(dst.kind === 'runs-out');
    assert.equal(dst.runsOutOn, '2026-10-25');
    assert.ok(Math.abs(dst.runsOutAt - (utc('2026-10-24T22:00:00Z') + 12.5 * 3_600_000)) < 1000, new Date(dst.runsOutAt).toISOString());
  });
});
