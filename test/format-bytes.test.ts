// Byte wording (src/shared/bytes.ts): rounded with steady decimals, exact counts, the chart axis, form
// fields and the tray icon's figure, in both unit systems.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axisScale, bytesToUnitField, exactAndShort, exactBytes, formatBytes, shortFigure, unitBytes } from '../src/shared/bytes.js';

test('decimal units, rounded with steady decimals', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1000), '1.0 kB');
  assert.equal(formatBytes(3_900_000), '3.9 MB');
  assert.equal(formatBytes(4_880_000), '4.9 MB');
  assert.equal(formatBytes(1_240_000_000), '1.24 GB');
  assert.equal(formatBytes(1_999_000_000), '2.00 GB', 'rounds, never truncates');
  assert.equal(formatBytes(8e9), '8.00 GB');
  assert.equal(formatBytes(999_960_000), '1.00 GB', 'a value rounding up to the next unit moves to it');
  assert.equal(formatBytes(1.5e12), '1.50 TB');
  assert.equal(formatBytes(-2_500_000), '-2.5 MB');
});

test('binary units', () => {
  assert.equal(formatBytes(1024 ** 3, 'GiB'), '1.00 GiB');
  assert.equal(formatBytes(1_234_567_890, 'GiB'), '1.15 GiB');
  assert.equal(formatBytes(8e9, 'GiB'), '7.45 GiB');
  assert.equal(formatBytes(1536, 'GiB'), '1.5 KiB');
});

test('non-finite input does not print NaN', () => {
  assert.equal(formatBytes(Number.NaN), '–');
});

describe('bytes', () => {
  test('exact counts grouped by thousands, with the short form', () => {
    assert.equal(exactBytes(1_234_567_890), '1 234 567 890 B');
    assert.equal(exactBytes(999), '999 B');
    assert.equal(exactBytes(0), '0 B');
    assert.equal(exactAndShort(1_234_567_890, 'GB'), '1 234 567 890 B (1.23 GB)');
    assert.equal(exactAndShort(1_234_567_890, 'GiB'), '1 234 567 890 B (1.15 GiB)');
  });

  test('the axis counts in the unit of its largest bar', () => {
    assert.deepEqual(axisScale(189e6, 'GB'), { divisor: 1e6, unit: 'MB' });
    assert.deepEqual(axisScale(4.2e9, 'GB'), { divisor: 1e9, unit: 'GB' });
    assert.deepEqual(axisScale(4.2e9, 'GiB'), { divisor: 1024 ** 3, unit: 'GiB' });
    assert.deepEqual(axisScale(0, 'GB'), { divisor: 1, unit: 'B' });
  });

  test('form fields show GB/GiB with up to 3 decimals; null is empty', () => {
    assert.equal(bytesToUnitField(1e9, 'GB'), '1');
    assert.equal(bytesToUnitField(2e9, 'GiB'), '1.863');
    assert.equal(unitBytes('GB'), 1e9);
    assert.equal(unitBytes('GiB'), 1024 ** 3);
    assert.equal(bytesToUnitField(null, 'GB'), '');
  });
});

describe('shortFigure', () => {
  const GiB = 1024 ** 3;
  const cases: Array<[number, 'GB' | 'GiB', string]> = [
    [0, 'GB', '0'],
    [512, 'GB', '512B'],
    [999, 'GB', '999B'],
    [1000, 'GB', '1.0K'],
    [850e6, 'GB', '850M'],
    [999e6, 'GB', '999M'],
    [999.6e6, 'GB', '1.0G'],
    [1.24e9, 'GB', '1.2G'],
    [9.94e9, 'GB', '9.9G'],
    [9.96e9, 'GB', '10G'],
    [12.4e9, 'GB', '12G'],
    [999e9, 'GB', '999G'],
    [999.5e9, 'GB', '1.0T'],
    [1.5e12, 'GB', '1.5T'],
    [5e18, 'GB', '999T'],
    [1023, 'GiB', '1.0K'],
    [1000, 'GiB', '1.0K'],
    [999, 'GiB', '999B'],
    [850 * 1024 ** 2, 'GiB', '850M'],
    [1000 * 1024 ** 2, 'GiB', '1.0G'],
    [GiB, 'GiB', '1.0G'],
    [1.24e9, 'GiB', '1.2G'],
    [12.4 * GiB, 'GiB', '12G'],
    [1.5 * 1024 ** 4, 'GiB', '1.5T'],
    [-1, 'GB', '?'],
    [Number.NaN, 'GB', '?'],
  ];
  for (const [bytes, units, expected] of cases) {
    test(`${bytes} (${units}) → ${expected}`, () => {
      assert.equal(shortFigure(bytes, units), expected);
    });
  }

  test('never longer than 4 characters, from 1 byte to a petabyte', () => {
    for (const units of ['GB', 'GiB'] as const) {
      for (let e = 0; e <= 15.5; e += 0.01) {
        const f = shortFigure(10 ** e, units);
        assert.ok(f.length <= 4, `${10 ** e} ${units} → ${f}`);
      }
    }
  });
});
