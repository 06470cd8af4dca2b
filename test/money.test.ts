// Money: exact cents from the API's strings, and the arithmetic every surface shares.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMoney } from '../src/core/api/parse-money.js';
import { costOfBytes, moneyDecimal, moneyText, soldGbFor, subtractMoney, timesMoney, SOLD_GB_BYTES } from '../src/shared/money.js';

const usd = (minor: number) => ({ minor, currency: 'USD' });

describe('parseMoney: the API writes amounts as text, read exactly', () => {
  test('the documented forms: "$14", "$2.20", "$220"', () => {
    assert.deepEqual(parseMoney('$14'), usd(1400));
    assert.deepEqual(parseMoney('$2.20'), usd(220));
    assert.deepEqual(parseMoney('$220'), usd(22000));
    assert.deepEqual(parseMoney('$0.07'), usd(7));
    assert.deepEqual(parseMoney('$3.5'), usd(350));
  });

  test('other currencies and decimal commas, if they ever come', () => {
    assert.deepEqual(parseMoney('€3,50'), { minor: 350, currency: 'EUR' });
    assert.deepEqual(parseMoney('3,50 €'), { minor: 350, currency: 'EUR' });
    assert.deepEqual(parseMoney('1.234,50 €'), { minor: 123450, currency: 'EUR' });
    assert.deepEqual(parseMoney('$1,234.50'), usd(123450));
    assert.deepEqual(parseMoney('$1,234'), usd(123400));
    assert.deepEqual(parseMoney('12.40 USD'), usd(1240));
    assert.deepEqual(parseMoney('EUR 7'), { minor: 700, currency: 'EUR' });
    assert.deepEqual(parseMoney('1 234,5 ₽'), { minor: 123450, currency: 'RUB' });
    assert.deepEqual(parseMoney('-$3.50'), usd(-350));
  });

  test('a bare number takes the currency given, and is never read through a float', () => {
    assert.deepEqual(parseMoney(12.4, 'USD'), usd(1240));
    assert.deepEqual(parseMoney('12.40'), { minor: 1240, currency: null });
    assert.deepEqual(parseMoney(0.1 + 0.2, 'USD'), usd(30), '0.30000000000000004 rounds to the cent');
    assert.deepEqual(parseMoney('9007199254740.99', 'USD'), usd(900719925474099));
  });

  test('more than two decimals round half up to the cent', () => {
    assert.deepEqual(parseMoney('$2.205'), usd(221));
    assert.deepEqual(parseMoney('$2.2049'), usd(220));
  });

  test('one mark before exactly three digits is read only for dollars (the US way); elsewhere it could be either, so unknown', () => {
    assert.deepEqual(parseMoney('$1,234'), usd(123400));
    assert.deepEqual(parseMoney('$2.205'), usd(221));
    for (const ambiguous of ['€1.234', '€0,123', '1.234 ₽', '$0,123', '0,123']) assert.equal(parseMoney(ambiguous), null, ambiguous);
    assert.deepEqual(parseMoney('€1.234,00'), { minor: 123400, currency: 'EUR' });
  });

  test('what cannot be read exactly is unknown (null), never a guess', () => {
    for (const bad of ['', 'free', '$', '$1,23,4', '1.2.3,4,5', '$12$', '12 USD EUR', '1e3', NaN, Infinity, 1e21, null, undefined, {}, [], true, '99999999999999999999']) {
      assert.equal(parseMoney(bad as unknown), null, `${String(bad)} must be unknown`);
    }
  });
});

describe('money arithmetic', () => {
  test('decimal strings with two places for JSON; symbols for people', () => {
    assert.equal(moneyDecimal(usd(1400)), '14.00');
    assert.equal(moneyDecimal(usd(7)), '0.07');
    assert.equal(moneyDecimal(usd(-350)), '-3.50');
    assert.equal(moneyText(usd(1400)), '$14.00');
    assert.equal(moneyText({ minor: 350, currency: 'EUR' }), '€3.50');
    assert.equal(moneyText({ minor: 350, currency: 'EUR' }, 'de-DE'), '3,50\u00a0€');
    assert.equal(moneyText({ minor: 1240, currency: null }), '12.40');
    assert.equal(moneyText(usd(900719925474099)), '$9,007,199,254,740.99', 'exact at the largest amounts');
  });

  test('cost of bytes at a price per Proxy-Seller GB (2^30 bytes), to the cent: the docs\' own example', () => {
    // 6,836,179,461 bytes at $2.20/GB is the docs' "$14".
    assert.deepEqual(costOfBytes(6836179461, usd(220)), usd(1401));
    assert.deepEqual(costOfBytes(SOLD_GB_BYTES * 6, usd(220)), usd(1320));
    assert.deepEqual(costOfBytes(0, usd(220)), usd(0));
    assert.deepEqual(costOfBytes(Number.MAX_SAFE_INTEGER, usd(220)), usd(Math.round((Number.MAX_SAFE_INTEGER / SOLD_GB_BYTES) * 220)));
  });

  test('subtraction only within one currency; whole multiples; sold GB round up', () => {
    assert.deepEqual(subtractMoney(usd(11000), usd(1240)), usd(9760));
    assert.deepEqual(subtractMoney(usd(100), { minor: 40, currency: null }), usd(60));
    assert.equal(subtractMoney(usd(100), { minor: 40, currency: 'EUR' }), null);
    assert.deepEqual(timesMoney(usd(220), 6), usd(1320));
    assert.equal(soldGbFor(1), 1);
    assert.equal(soldGbFor(SOLD_GB_BYTES), 1);
    assert.equal(soldGbFor(SOLD_GB_BYTES + 1), 2);
    assert.equal(soldGbFor(0), 0);
  });
});
