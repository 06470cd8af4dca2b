import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hourStartInZone, zonedToEpoch } from '../src/core/time/zoned.js';
import { localDayBounds, apiDateWindow, surelyCovered, parseApiHourKey } from '../src/core/time/local-days.js';
import { addDays, datesBetween, daysBetween, isLocalDate, localDateOf, localDateTimeOf, localDayStarts, localTimeOf, monthStart, parseLocalDate, zoneOffsetMs } from '../src/shared/local-dates.js';

const H = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);

describe('localDayBounds', () => {
  const cases: Array<[string, string, string, number]> = [
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00Z', 23],
    ['Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00Z', 25],
    ['Europe/Berlin', '2026-01-15', '2026-01-14T23:00:00Z', 24],
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00Z', 23],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00Z', 25],
    ['Asia/Kolkata', '2026-01-15', '2026-01-14T18:30:00Z', 24],
    ['Pacific/Chatham', '2026-01-15', '2026-01-14T10:15:00Z', 24], // +13:45 in southern summer
    ['Pacific/Chatham', '2026-07-15', '2026-07-14T11:15:00Z', 24], // +12:45 in winter
    ['Pacific/Chatham', '2026-04-05', '2026-04-04T10:15:00Z', 25], // DST ends 03:45 -> 02:45
    ['Pacific/Chatham', '2026-09-27', '2026-09-26T11:15:00Z', 23], // DST starts 02:45 -> 03:45
    ['UTC', '2026-01-15', '2026-01-15T00:00:00Z', 24],
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00Z', 23], // midnight skipped: the day starts 01:00
    ['America/Santiago', '2026-04-04', '2026-04-04T03:00:00Z', 25], // 23:00-24:00 happens twice
  ];
  for (const [zone, date, startIso, hours] of cases) {
    test(`${zone} ${date} starts ${startIso} and lasts ${hours} h`, () => {
      const b = localDayBounds(date, zone);
      assert.equal(b.start, utc(startIso));
      assert.equal(b.end - b.start, hours * H);
      // Consecutive days tile the timeline.
      assert.equal(localDayBounds(addDays(date, 1), zone).start, b.end);
      assert.equal(localDateOf(b.start, zone), date);
      assert.equal(localDateOf(b.end - 1, zone), date);
      assert.equal(localDateOf(b.end, zone), addDays(date, 1));
    });
  }

  test('rejects bad dates and zones with RangeError', () => {
    assert.throws(() => localDayBounds('2026-02-30', 'UTC'), RangeError);
    assert.throws(() => localDayBounds('2026-01-15', 'Mars/Olympus'), /not a known IANA time zone/);
    assert.throws(() => localDateOf(0, 'Nowhere/Land'), RangeError);
    assert.throws(() => localDateOf(Number.NaN, 'UTC'), RangeError);
  });
});

describe('localDateOf', () => {
  test('an instant falls on different dates in different zones', () => {
    const t = utc('2026-01-14T18:45:00Z');
    assert.equal(localDateOf(t, 'UTC'), '2026-01-14');
    assert.equal(localDateOf(t, 'Asia/Kolkata'), '2026-01-15');
    assert.equal(localDateOf(t, 'Pacific/Chatham'), '2026-01-15');
    assert.equal(localDateOf(t, 'America/New_York'), '2026-01-14');
    assert.equal(localDateOf(utc('2026-01-15T04:59:59Z'), 'America/New_York'), '2026-01-14');
  });
});

describe('wall clock in a zone (src/shared/local-dates.ts: the window reads it too)', () => {
  test('the local time and date-time of an instant, never the process zone', () => {
    const t = utc('2026-11-26T23:30:00Z');
    assert.equal(localTimeOf(t, 'UTC'), '23:30');
    assert.equal(localTimeOf(t, 'Asia/Kolkata'), '05:00');
    assert.equal(localDateTimeOf(t, 'Pacific/Chatham'), '2026-11-27 13:15');
    // Midnight is 00:00, not 24:00.
    assert.equal(localDateTimeOf(utc('2026-11-26T23:00:00Z'), 'Europe/Berlin'), '2026-11-27 00:00');
  });

  test('both hours of a DST fold keep their wall time; the gap is skipped', () => {
    assert.equal(localTimeOf(utc('2026-10-25T00:30:00Z'), 'Europe/Berlin'), '02:30');
    assert.equal(localTimeOf(utc('2026-10-25T01:30:00Z'), 'Europe/Berlin'), '02:30');
    assert.equal(localTimeOf(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin'), '03:00');
  });

  test('years below 1000 keep four digits; instants beyond year 9999 or before year 1 are refused', () => {
    assert.equal(localDateOf(utc('0999-06-01T12:00:00Z'), 'UTC'), '0999-06-01');
    assert.throws(() => localDateOf(utc('+010000-01-02T00:00:00Z'), 'UTC'), /out of range/);
    assert.throws(() => localDateOf(utc('-000005-01-02T00:00:00Z'), 'UTC'), /out of range/);
    assert.throws(() => localTimeOf(Number.POSITIVE_INFINITY, 'UTC'), /is not an instant/);
  });

  test('an unknown zone is named in the error', () => {
    assert.throws(() => localTimeOf(0, 'Nowhere/Land'), /"Nowhere\/Land" is not a known IANA time zone/);
  });
});

describe('local day starts among instants (the chart\'s day ticks)', () => {
  const hours = (fromIso: string, n: number, step = H): number[] => Array.from({ length: n }, (_, i) => utc(fromIso) + i * step);
  const starts = (instants: number[], zone: string) => localDayStarts(instants, zone).map((d) => [d.index, d.date]);

  test('Berlin hours over both DST nights: a day start at each local midnight, 23- and 25-hour days included', () => {
    assert.deepEqual(starts(hours('2026-03-27T23:00:00Z', 72), 'Europe/Berlin'), [[0, '2026-03-28'], [24, '2026-03-29'], [47, '2026-03-30'], [71, '2026-03-31']]);
    assert.deepEqual(starts(hours('2026-10-23T22:00:00Z', 74), 'Europe/Berlin'), [[0, '2026-10-24'], [24, '2026-10-25'], [49, '2026-10-26'], [73, '2026-10-27']]);
  });

  test('a range starting mid-day starts with its first instant; none, one and :30 zones', () => {
    assert.deepEqual(starts(hours('2026-01-15T10:00:00Z', 20), 'Asia/Kolkata'), [[0, '2026-01-15'], [9, '2026-01-16']]); // 18:30Z is midnight
    assert.deepEqual(starts([], 'UTC'), []);
    assert.deepEqual(starts([utc('2026-01-15T10:00:00Z')], 'Pacific/Chatham'), [[0, '2026-01-15']]);
  });

  test('as localDateOf says per instant, over a year of hours and more than a year of days, in zones whose rules are odd', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Pacific/Apia'];
    // Casablanca pauses DST over Ramadan (two changes weeks apart); Apia skipped 2011-12-30 altogether.
    const runs = [hours('2025-01-01T00:00:00Z', 8760), hours('2011-06-01T00:00:00Z', 6000), hours('2024-02-01T00:30:00Z', 4000, H / 2), hours('2025-01-01T00:00:00Z', 400, 24 * H)];
    for (const zone of zones) {
      for (const run of runs) {
        const want: Array<[number, string]> = [];
        run.forEach((t, i) => {
          const date = localDateOf(t, zone);
          if (i === 0 || date !== localDateOf(run[i - 1] ?? 0, zone)) want.push([i, date]);
        });
        assert.deepEqual(starts(run, zone), want, `${zone} from ${new Date(run[0] ?? 0).toISOString()}`);
      }
    }
  });

  test('the zone\'s UTC offset at an instant, east and west, :30 and :45, DST or not', () => {
    assert.equal(zoneOffsetMs(utc('2026-01-15T12:00:00Z'), 'Europe/Berlin'), 1 * H);
    assert.equal(zoneOffsetMs(utc('2026-07-15T12:00:00Z'), 'Europe/Berlin'), 2 * H);
    assert.equal(zoneOffsetMs(utc('2026-01-15T12:00:00Z'), 'America/St_Johns'), -3.5 * H);
    assert.equal(zoneOffsetMs(utc('2026-01-15T12:00:00Z'), 'Pacific/Chatham'), 13.75 * H);
    assert.equal(zoneOffsetMs(utc('2026-01-15T12:00:00Z'), 'UTC'), 0);
    assert.throws(() => zoneOffsetMs(0, 'Nowhere/Land'), /"Nowhere\/Land" is not a known IANA time zone/);
  });
});

describe('hourStartInZone', () => {
  test('whole hours on the zone\'s wall clock: a :30 or :45 offset moves them off the UTC hour', () => {
    const t = utc('2026-01-15T10:47:12Z');
    assert.equal(hourStartInZone(t, 'UTC'), utc('2026-01-15T10:00:00Z'));
    assert.equal(hourStartInZone(t, 'Asia/Kolkata'), utc('2026-01-15T10:30:00Z'));
    assert.equal(hourStartInZone(t, 'Pacific/Chatham'), utc('2026-01-15T10:15:00Z')); // +13:45
    assert.equal(hourStartInZone(utc('2026-01-15T10:00:00Z'), 'UTC'), utc('2026-01-15T10:00:00Z'));
  });
});

describe('calendar dates', () => {
  test('parseLocalDate accepts real dates and names what is wrong with others', () => {
    assert.equal(parseLocalDate('2024-02-29'), '2024-02-29');
    assert.equal(parseLocalDate('2026-12-31'), '2026-12-31');
    assert.throws(() => parseLocalDate('2026-02-29'), /2026-02 has no day 29/);
    assert.throws(() => parseLocalDate('2100-02-29'), /has no day 29/);
    assert.throws(() => parseLocalDate('2026-13-01'), /month 13 does not exist/);
    assert.throws(() => parseLocalDate('2026-00-10'), /month 0/);
    assert.throws(() => parseLocalDate('2026-04-31'), RangeError);
    assert.throws(() => parseLocalDate('2026-01-00'), RangeError);
    for (const bad of ['', '2026-1-01', '20260101', '2026-01-15T00:00', ' 2026-01-15', '15.01.2026']) {
      assert.throws(() => parseLocalDate(bad), /not a date in the form YYYY-MM-DD/, bad);
    }
  });

  test('addDays crosses months, years and leap days', () => {
    assert.equal(addDays('2026-01-31', 1), '2026-02-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-28', 2), '2026-03-30'); // no DST effect: pure calendar
    assert.equal(addDays('2026-01-15', 0), '2026-01-15');
    assert.equal(addDays('2026-01-15', -365), '2025-01-15');
    assert.throws(() => addDays('2026-01-15', 1.5), RangeError);
  });

  test('monthStart and datesBetween', () => {
    assert.equal(monthStart('2026-02-17'), '2026-02-01');
    assert.equal(monthStart('2026-02-01'), '2026-02-01');
    assert.throws(() => monthStart('2026-02-30'), RangeError);
    assert.deepEqual(datesBetween('2024-02-27', '2024-03-01'), ['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    assert.deepEqual(datesBetween('2026-01-15', '2026-01-15'), ['2026-01-15']);
    assert.deepEqual(datesBetween('2026-01-16', '2026-01-15'), []);
    assert.equal(datesBetween('2026-01-01', '2026-12-31').length, 365);
  });

  test('daysBetween counts calendar days either way; isLocalDate answers without throwing', () => {
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2); // a DST night changes nothing
    assert.equal(daysBetween('2026-11-26', '2025-11-26'), -365);
    assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
    assert.equal(daysBetween('0050-01-01', '0050-03-01'), 59); // no Date.UTC 1950 misreading
    assert.throws(() => daysBetween('2026-02-30', '2026-03-01'), /has no day 30/);
    assert.equal(isLocalDate('2024-02-29'), true);
    assert.equal(isLocalDate('2026-02-29'), false);
    assert.equal(isLocalDate('2026-1-5'), false);
  });
});

describe('API date window', () => {
  test('apiDateWindow asks from the date of the first instant to the last, plus a date unless date_end is known inclusive', () => {
    const from = utc('2026-01-15T00:00:00Z');
    const to = utc('2026-01-16T00:00:00Z');
    assert.deepEqual(apiDateWindow(from, to, 'UTC', 'inclusive'), { dateStart: '2026-01-15', dateEnd: '2026-01-15' });
    assert.deepEqual(apiDateWindow(from, to, 'UTC', 'unknown'), { dateStart: '2026-01-15', dateEnd: '2026-01-16' });
    assert.deepEqual(apiDateWindow(from, to, 'UTC', 'exclusive'), { dateStart: '2026-01-15', dateEnd: '2026-01-16' });
    // The local Kolkata day 2026-01-15 spans two UTC dates.
    const k = localDayBounds('2026-01-15', 'Asia/Kolkata');
    assert.deepEqual(apiDateWindow(k.start, k.end, 'UTC', 'inclusive'), { dateStart: '2026-01-14', dateEnd: '2026-01-15' });
    assert.deepEqual(apiDateWindow(k.start, k.end, 'UTC', 'unknown'), { dateStart: '2026-01-14', dateEnd: '2026-01-16' });
    // Read in a non-UTC API zone.
    assert.deepEqual(apiDateWindow(utc('2026-01-15T03:00:00Z'), utc('2026-01-15T04:00:00Z'), 'America/New_York', 'inclusive'), {
      dateStart: '2026-01-14',
      dateEnd: '2026-01-14',
    });
  });

  test('surelyCovered reaches the start of the end date, or its end when date_end is known inclusive', () => {
    assert.deepEqual(surelyCovered('2026-01-14', '2026-01-16', 'UTC', 'unknown'), {
      from: utc('2026-01-14T00:00:00Z'),
      to: utc('2026-01-16T00:00:00Z'),
    });
    assert.deepEqual(surelyCovered('2026-01-14', '2026-01-16', 'UTC', 'inclusive'), {
      from: utc('2026-01-14T00:00:00Z'),
      to: utc('2026-01-17T00:00:00Z'),
    });
    assert.deepEqual(surelyCovered('2026-03-28', '2026-03-30', 'Europe/Berlin', 'exclusive'), {
      from: utc('2026-03-27T23:00:00Z'),
      to: utc('2026-03-29T22:00:00Z'),
    });
    const same = surelyCovered('2026-01-14', '2026-01-14', 'UTC', 'unknown');
    assert.equal(same.to, same.from);
    const backwards = surelyCovered('2026-01-14', '2026-01-10', 'UTC', 'inclusive');
    assert.equal(backwards.to, backwards.from);
  });

  test('a window and its sure coverage contain the requested range, whatever date_end means', () => {
    for (const zone of ['UTC', 'Asia/Kolkata', 'Pacific/Chatham', 'America/New_York']) {
      for (const meaning of ['unknown', 'inclusive', 'exclusive'] as const) {
        const from = utc('2026-03-08T06:10:00Z');
        const to = utc('2026-03-09T01:00:00Z');
        const w = apiDateWindow(from, to, zone, meaning);
        const c = surelyCovered(w.dateStart, w.dateEnd, zone, meaning);
        assert.ok(c.from <= from && c.to >= to, `${zone} ${meaning}`);
      }
    }
  });
});

describe('parseApiHourKey', () => {
  test('UTC keys, with a space or a T', () => {
    assert.equal(parseApiHourKey('2026-01-15 13:00:00', 'UTC'), utc('2026-01-15T13:00:00Z'));
    assert.equal(parseApiHourKey('2026-01-15T13:00:00', 'Etc/UTC'), utc('2026-01-15T13:00:00Z'));
    assert.equal(parseApiHourKey('2024-02-29 23:00:00', 'GMT'), utc('2024-02-29T23:00:00Z'));
  });

  test('keys read as wall time in a non-UTC API zone', () => {
    assert.equal(parseApiHourKey('2026-01-15 00:00:00', 'Asia/Kolkata'), utc('2026-01-14T18:30:00Z'));
    assert.equal(parseApiHourKey('2026-01-15 00:00:00', 'Europe/Moscow'), utc('2026-01-14T21:00:00Z'));
    assert.equal(parseApiHourKey('2026-01-15 00:00:00', 'Pacific/Chatham'), utc('2026-01-14T10:15:00Z'));
    assert.equal(parseApiHourKey('2026-07-15 12:00:00', 'Europe/Berlin'), utc('2026-07-15T10:00:00Z'));
    // Memoised answers are the same answers.
    assert.equal(parseApiHourKey('2026-01-15 00:00:00', 'Asia/Kolkata'), utc('2026-01-14T18:30:00Z'));
    // Same key, different zone: the memo must not mix zones.
    assert.equal(parseApiHourKey('2026-01-15 00:00:00', 'America/New_York'), utc('2026-01-15T05:00:00Z'));
  });

  test('DST gaps move forward, folds read as the earlier instant', () => {
    assert.equal(parseApiHourKey('2026-03-29 02:00:00', 'Europe/Berlin'), utc('2026-03-29T01:00:00Z'));
    assert.equal(parseApiHourKey('2026-03-29 03:00:00', 'Europe/Berlin'), utc('2026-03-29T01:00:00Z'));
    assert.equal(parseApiHourKey('2026-10-25 02:00:00', 'Europe/Berlin'), utc('2026-10-25T00:00:00Z'));
    assert.equal(parseApiHourKey('2026-10-25 03:00:00', 'Europe/Berlin'), utc('2026-10-25T02:00:00Z'));
    assert.equal(parseApiHourKey('2026-11-01 01:30:00', 'America/New_York'), utc('2026-11-01T05:30:00Z'));
    assert.equal(parseApiHourKey('2026-04-05 02:45:00', 'Pacific/Chatham'), utc('2026-04-04T13:00:00Z'));
  });

  test('bad keys throw RangeError in both the fast and the zoned path', () => {
    const bad = [
      '',
      '2026-01-15',
      '2026-01-15 13:00',
      '2026-01-15 24:00:00',
      '2026-01-15 13:60:00',
      '2026-01-15 13:00:60',
      '2026-01-15 13:00:30',
      '2026-02-30 00:00:00',
      '2026-13-01 00:00:00',
      '2026-00-01 00:00:00',
      ' 2026-01-15 13:00:00',
      '2026-01-15 13:00:00Z',
      '2026-01-15 13:00:00+00:00',
      '2026/01/15 13:00:00',
      '15.01.2026 13:00:00',
      '2026-1-5 1:00:00',
      '2026-01-15  13:00:00',
    ];
    for (const zone of ['UTC', 'Europe/Berlin']) {
      for (const key of bad) {
        assert.throws(() => parseApiHourKey(key, zone), RangeError, `${JSON.stringify(key)} in ${zone}`);
        // A failed key is not memoised as good.
        assert.throws(() => parseApiHourKey(key, zone), RangeError);
      }
    }
    assert.throws(() => parseApiHourKey('2026-01-15 13:00:00', 'Not/AZone'), /not a known IANA time zone/);
  });

  test('the memoised zoned path agrees with the zone rules for a 31-day answer', () => {
    const keys: string[] = [];
    for (let d = 1; d <= 31; d++) {
      for (let hr = 0; hr < 24; hr++) keys.push(`2026-08-${String(d).padStart(2, '0')} ${String(hr).padStart(2, '0')}:00:00`);
    }
    for (const zone of ['UTC', 'Asia/Kolkata']) {
      for (let login = 0; login < 3; login++) {
        for (const k of keys) {
          const [date, time] = k.split(' ') as [string, string];
          const [y, m, d] = date.split('-').map(Number) as [number, number, number];
          const hr = Number(time.slice(0, 2));
          assert.equal(parseApiHourKey(k, zone), zonedToEpoch(zone, y, m, d, hr), `${zone} ${k}`);
        }
      }
    }
  });
});
