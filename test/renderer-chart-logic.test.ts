// The chart's pure rules, in Node: the one date formatter (locales, zones, DST), where "now" falls,
// the value axis, the tooltip's wording, the legend's names and the table's total cost. The same modules run in the page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDateFormat } from '../src/renderer/format-time.js';
import { bucketDatetime, bucketLabel, nowPosition, partialIndex } from '../src/renderer/buckets.js';
import { valueAxis } from '../src/renderer/chart-axis.js';
import { tooltipContent } from '../src/renderer/chart-tooltip.js';
import { distinctNames as seriesNames } from '../src/shared/titles.js';
import { totalCostNote } from '../src/renderer/total-cost.js';
import { costOfBytes } from '../src/shared/money.js';
import { localDayBounds } from '../src/core/time/local-days.js';

const H = 3_600_000;
const NOON_UTC = Date.parse('2026-11-26T13:00:00Z');

describe('the one date formatter', () => {
  test('dates and times in the user\'s locale, in one numeric style', () => {
    const us = createDateFormat('en-US');
    const de = createDateFormat('de-DE');
    assert.equal(us.date('2026-11-05'), '11/05/2026');
    assert.equal(de.date('2026-11-05'), '05.11.2026');
    assert.equal(createDateFormat('en-GB').date('2026-11-05'), '05/11/2026');
    assert.equal(us.dayMonth('2026-11-05'), '11/05');
    assert.equal(de.dayMonth('2026-11-05'), '05.11.');
    assert.equal(us.dateTime(NOON_UTC, 'Europe/Berlin'), '11/26/2026, 2:00 PM');
    assert.equal(de.dateTime(NOON_UTC, 'Europe/Berlin'), '26.11.2026, 14:00');
    assert.equal(de.range('2026-11-20', '2026-11-26'), '20.11.2026 – 26.11.2026');
    assert.equal(de.range('2026-11-26', '2026-11-26'), '26.11.2026');
  });

  test('instants in the zone given, never the process zone; a local date is that date everywhere', () => {
    const de = createDateFormat('de-DE');
    const t = Date.parse('2026-11-26T23:30:00Z');
    assert.equal(de.dateTime(t, 'Europe/Berlin'), '27.11.2026, 00:30');
    assert.equal(de.dateTime(t, 'America/Los_Angeles'), '26.11.2026, 15:30');
    assert.equal(de.dateTime(t, 'Asia/Kolkata'), '27.11.2026, 05:00');
    // Day 1 of a month at UTC midnight is still that day west of UTC.
    assert.equal(de.date('2026-12-01'), '01.12.2026');
  });

  test('the DST night: 02:00 twice on the 25-hour day, told apart by the instant', () => {
    const de = createDateFormat('de-DE');
    const day = localDayBounds('2026-10-25', 'Europe/Berlin');
    assert.equal((day.end - day.start) / H, 25);
    assert.equal(de.time(day.start + 2 * H, 'Europe/Berlin'), '02:00');
    assert.equal(de.time(day.start + 3 * H, 'Europe/Berlin'), '02:00');
  });

  test('an unknown locale falls back to en-US instead of breaking the window', () => {
    const f = createDateFormat('not a locale!');
    assert.equal(f.locale, 'en-US');
    assert.equal(f.date('2026-11-26'), '11/26/2026');
    assert.equal(createDateFormat(undefined).locale, 'en-US');
  });
});

describe('buckets', () => {
  const zone = 'Europe/Berlin';
  const today = localDayBounds('2026-11-26', zone);
  const hours = { buckets: Array.from({ length: 24 }, (_, i) => today.start + i * H), granularity: 'hour' as const, timeZone: zone };
  const days = { buckets: ['2026-11-24', '2026-11-25', '2026-11-26'].map((d) => localDayBounds(d, zone).start), granularity: 'day' as const, timeZone: zone };

  test('now falls in its hour, that far in; outside the range there is no now', () => {
    assert.deepEqual(nowPosition(hours, today.start + 12.5 * H), { index: 12, fraction: 0.5 });
    assert.equal(nowPosition(hours, today.start - 1), null);
    assert.equal(nowPosition(hours, today.end), null);
    assert.equal(partialIndex(days, today.start + 12.5 * H), 2, "today's bar is the partial one");
    assert.equal(partialIndex(days, today.end + H), null, 'a range before today has none');
  });

  test('a 25-hour last day: now in its 25th hour is still today', () => {
    const dst = localDayBounds('2026-10-25', zone);
    const b = { buckets: [dst.start], granularity: 'day' as const, timeZone: zone };
    const at = nowPosition(b, dst.end - H / 2);
    assert.equal(at?.index, 0);
    assert.ok(Math.abs((at?.fraction ?? 0) - 24.5 / 25) < 1e-9);
  });

  test('labels through the formatter; <time datetime> machine-readable', () => {
    const de = createDateFormat('de-DE');
    assert.equal(bucketLabel(hours, 14, de), '26.11.2026, 14:00');
    assert.equal(bucketLabel(days, 0, de), '24.11.2026');
    assert.equal(bucketDatetime(hours, 0), '2026-11-25T23:00:00.000Z');
    assert.equal(bucketDatetime(days, 0), '2026-11-24');
  });
});

describe('the value axis', () => {
  test('an empty range: 0 to 1 GB in whole steps, not 0.2 B ticks', () => {
    assert.deepEqual(valueAxis(0, 'GB'), { divisor: 1e9, unit: 'GB', max: 1, stepSize: 1 });
    assert.deepEqual(valueAxis(0, 'GiB'), { divisor: 2 ** 30, unit: 'GiB', max: 1, stepSize: 1 });
  });

  test('bytes are counted whole; larger units keep their decimals', () => {
    assert.deepEqual(valueAxis(3, 'GB'), { divisor: 1, unit: 'B', precision: 0 });
    assert.deepEqual(valueAxis(1.5e9, 'GB'), { divisor: 1e9, unit: 'GB' });
    assert.deepEqual(valueAxis(2048, 'GiB'), { divisor: 1024, unit: 'KiB' });
  });
});

describe('the tooltip', () => {
  test('leads with the rounded figure, then the exact bytes, then each list with traffic, by its title (a deleted list by its login)', () => {
    const zone = 'Europe/Berlin';
    const days = ['2026-11-25', '2026-11-26'].map((d) => localDayBounds(d, zone).start);
    const input = {
      buckets: days,
      granularity: 'day' as const,
      timeZone: zone,
      series: [
        { login: 'alpha-list', bytes: [1_000_000_000, 240_000_000] },
        { login: 'beta-list', bytes: [0, 5] },
      ],
      // beta-list has no list any more; "constructor" is no title of anything.
      titles: { 'alpha-list': 'Main scraper', constructor: 'x' },
      units: 'GB' as const,
      now: days[1]! + 10 * H,
      format: createDateFormat('en-US'),
    };
    assert.deepEqual(tooltipContent(input, 0), {
      title: '11/25/2026',
      total: '1.00 GB',
      exact: '1 000 000 000 B',
      logins: [{ title: 'Main scraper', login: 'alpha-list', series: 0, figure: '1.00 GB', exact: '1 000 000 000 B' }],
    });
    const today = tooltipContent(input, 1);
    assert.equal(today.title, '11/26/2026 (so far)');
    assert.equal(today.total, '240.0 MB');
    assert.equal(today.exact, '240 000 005 B');
    assert.deepEqual(today.logins.map((l) => `${l.title} ${l.login} ${l.figure}`), ['Main scraper alpha-list 240.0 MB', 'null beta-list 5 B']);
  });
});

describe('the legend’s names', () => {
  test('a list by its title, a list without one (deleted) by its login, and two lists sharing a title with their logins', () => {
    const titles = { a: 'Main scraper', b: 'Shop', c: 'Shop', constructor: 'no' };
    assert.deepEqual(seriesNames(['a', 'b', 'c', 'deleted', 'constructor'], titles), ['Main scraper', 'Shop (b)', 'Shop (c)', 'deleted', 'no']);
    assert.deepEqual(seriesNames(['toString'], {}), ['toString'], 'no inherited property is a title');
  });
});

describe('the table’s total cost', () => {
  const ctx = { now: 0, zone: 'UTC', locale: 'en-US' };
  const price = { minor: 220, currency: 'USD' };
  test('is the cost of the total bytes; its note says what the rounded rows add up to when that differs', () => {
    // Three rows of about $0.005 of traffic: each rounds up to $0.01; their total bytes cost $0.02 (not $0.03).
    const third = Math.ceil(2 ** 30 / 440); // just over $0.005 of traffic
    const rows = [third, third, third].map((b) => costOfBytes(b, price));
    assert.deepEqual(rows.map((r) => r.minor), [1, 1, 1]);
    const total = costOfBytes(3 * third, price);
    assert.equal(total.minor, 2);
    assert.equal(totalCostNote(total, rows, price, 'the rows', ctx), '$0.02: the total bytes at $2.20/GiB; the rows, each rounded to the cent, add up to $0.03.');
  });
  test('says only the rule when the rows add up to it', () => {
    const total = costOfBytes(2 * 2 ** 30, price);
    assert.equal(totalCostNote(total, [costOfBytes(2 ** 30, price), costOfBytes(2 ** 30, price)], price, 'the lists', ctx), '$4.40: the total bytes at $2.20/GiB.');
  });
});
