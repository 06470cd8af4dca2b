// "Export CSV": the file is built from the same series the chart draws (buildSeries over a history).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSeries } from '../src/core/controller/series.js';
import { createHistory, mergeSamples } from '../src/core/history/model.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { csvField, csvFileName, csvTextField, seriesCsv } from '../src/core/export/csv.js';

const H = 3_600_000;

function historyOf(from: number, to: number, logins: string[]) {
  const h = createHistory('pkg', 'UTC');
  const samples = [];
  for (let t = from; t < to; t += H) for (const [i, login] of logins.entries()) samples.push({ login, start: t, bytes: 1000 * (i + 1) });
  mergeSamples(h, samples);
  return h;
}

/** A minimal RFC 4180 reader, to check the file reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field, '', 'the file ends with a line break');
  return rows;
}

test('a 25-hour DST day in Berlin: 25 hourly rows per login, 02:00 twice with its own offset, CRLF lines', () => {
  const day = localDayBounds('2026-10-25', 'Europe/Berlin');
  const history = historyOf(day.start - 3 * H, day.end + 3 * H, ['a']);
  const series = buildSeries({ history, from: '2026-10-25', to: '2026-10-25', zone: 'Europe/Berlin', granularity: 'hour', stale: false, problem: null });
  const csv = seriesCsv(series);
  assert.ok(csv.startsWith('start,login,bytes,title\r\n'));
  assert.ok(!/[^\r]\n/.test(csv), 'every line ends with CRLF');
  const rows = parseCsv(csv);
  assert.deepEqual(rows[0], ['start', 'login', 'bytes', 'title']);
  const body = rows.slice(1);
  assert.equal(body.length, 25);
  assert.deepEqual(body[0], ['2026-10-25T00:00:00+02:00', 'a', '1000', '']);
  assert.deepEqual(body.slice(2, 4).map((r) => r[0]), ['2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00']);
  assert.deepEqual(body[24], ['2026-10-25T23:00:00+01:00', 'a', '1000', '']);
  assert.equal(body.reduce((sum, r) => sum + Number(r[2]), 0), series.totalBytes);
});

test('daily buckets start at local midnight; zero days are in the file; rows go by start, then login', () => {
  const from = localDayBounds('2026-11-02', 'America/New_York').start;
  const history = historyOf(from, from + 24 * H, ['b-list', 'a-list']);
  const series = buildSeries({ history, from: '2026-11-01', to: '2026-11-03', zone: 'America/New_York', granularity: 'day', stale: false, problem: null });
  const rows = parseCsv(seriesCsv(series, { 'b-list': 'Shop EU' })).slice(1);
  assert.deepEqual(rows, [
    ['2026-11-01T00:00:00-04:00', 'a-list', '0', ''],
    ['2026-11-01T00:00:00-04:00', 'b-list', '0', 'Shop EU'],
    ['2026-11-02T00:00:00-05:00', 'a-list', String(24 * 2000), ''],
    ['2026-11-02T00:00:00-05:00', 'b-list', String(24 * 1000), 'Shop EU'],
    ['2026-11-03T00:00:00-05:00', 'a-list', '0', ''],
    ['2026-11-03T00:00:00-05:00', 'b-list', '0', 'Shop EU'],
  ]);
});

test('a login with a comma, a quote or a line break is quoted (quotes doubled) and reads back whole', () => {
  const start = Date.parse('2026-11-26T10:00:00Z');
  const csv = seriesCsv({ timeZone: 'UTC', buckets: [start], series: [{ login: 'shop, "eu"\nnight', bytes: [5] }, { login: 'plain', bytes: [7] }] });
  assert.ok(csv.includes('"shop, ""eu""\nnight"'));
  assert.deepEqual(parseCsv(csv).slice(1), [
    ['2026-11-26T10:00:00Z', 'plain', '7', ''],
    ['2026-11-26T10:00:00Z', 'shop, "eu"\nnight', '5', ''],
  ]);
  assert.equal(csvField('alpha-list'), 'alpha-list');
});

test('titles go in the last column: a comma, a quote or a line break is quoted and reads back whole; the first three columns are as before', () => {
  const start = Date.parse('2026-11-26T10:00:00Z');
  const series = { timeZone: 'UTC', buckets: [start], series: [{ login: 'a', bytes: [5] }, { login: 'b', bytes: [7] }, { login: 'c', bytes: [9] }] };
  const csv = seriesCsv(series, { a: 'Shop, "EU"\nnight', b: 'Plain title' });
  assert.ok(csv.includes('2026-11-26T10:00:00Z,a,5,"Shop, ""EU""\nnight"\r\n'));
  assert.deepEqual(parseCsv(csv), [
    ['start', 'login', 'bytes', 'title'],
    ['2026-11-26T10:00:00Z', 'a', '5', 'Shop, "EU"\nnight'],
    ['2026-11-26T10:00:00Z', 'b', '7', 'Plain title'],
    ['2026-11-26T10:00:00Z', 'c', '9', ''],
  ]);
  const without = parseCsv(seriesCsv(series)).map((r) => r.slice(0, 3));
  assert.deepEqual(parseCsv(csv).map((r) => r.slice(0, 3)), without);
});

test('a title that a spreadsheet would run as a formula (= + - @, tab, CR) is written as text with a leading apostrophe', () => {
  for (const title of ['=HYPERLINK("http://x","y")', '+1', '-5% promo', '@SUM(A1)', '\tTab', '\rCR']) {
    const field = csvTextField(title);
    const [cell] = parseCsv(`${field}\r\n`)[0]!;
    assert.equal(cell, `'${title}`, title);
  }
  const csv = seriesCsv({ timeZone: 'UTC', buckets: [0], series: [{ login: 'a', bytes: [1] }] }, { a: '=1+2' });
  assert.equal(parseCsv(csv)[1]![3], "'=1+2");
  // Only where it starts: a title with such a sign inside is left as it is.
  assert.equal(csvTextField('Shop -EU'), 'Shop -EU');
  assert.equal(csvTextField('a=b'), 'a=b');
});

test('a range without traffic is the header alone', () => {
  assert.equal(seriesCsv({ timeZone: 'UTC', buckets: [0, H], series: [] }), 'start,login,bytes,title\r\n');
});

test('the proposed file name names the range and a filesystem-safe login', () => {
  assert.equal(csvFileName({ from: '2026-11-20', to: '2026-11-26' }), 'traffic-2026-11-20-to-2026-11-26.csv');
  assert.equal(csvFileName({ from: '2026-11-26', to: '2026-11-26', login: 'eu/shop:1' }), 'traffic-2026-11-26-eu_shop_1.csv');
  // With several packages the file names its package, so two packages' exports never share a name.
  assert.equal(csvFileName({ from: '2026-11-26', to: '2026-11-26' }, 'Reseller · Client B'), 'traffic-Reseller_Client_B-2026-11-26.csv');
});
