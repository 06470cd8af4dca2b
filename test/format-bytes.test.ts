// Byte formatting: rounded, steady decimals, both unit systems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes } from '../src/shared/format.js';

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
