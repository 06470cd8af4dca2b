// The quota state every surface shows: ok, low, used up, expired, inactive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCritical, percentLeft, percentLeftText, quotaState, QUOTA_STATES, shownPercent } from '../src/shared/quota.js';
import type { PackageInfo } from '../src/shared/types.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const GB = 1e9;
const pkg = (over: Partial<PackageInfo> = {}): PackageInfo => ({
  key: 'k',
  active: true,
  limitBytes: 50 * GB,
  usedBytes: 20 * GB,
  leftBytes: 30 * GB,
  reservedBytes: 0,
  expiresAt: NOW + 10 * 86_400_000,
  autoRenew: false,
  rotationSeconds: null,
  tariffId: null,
  ...over,
});
const DEFAULTS = { leftBelowPercent: 10, leftBelowBytes: GB };

test('no package has no quota state; a healthy one is ok', () => {
  assert.equal(quotaState(null, NOW, DEFAULTS), null);
  assert.equal(quotaState(pkg(), NOW, DEFAULTS), 'ok');
});

test('low below either threshold, and only those the user keeps on', () => {
  assert.equal(quotaState(pkg({ leftBytes: 4.9 * GB }), NOW, DEFAULTS), 'low', '9.8 % left');
  assert.equal(quotaState(pkg({ leftBytes: 5 * GB }), NOW, DEFAULTS), 'ok', 'exactly 10 % is not below it');
  assert.equal(quotaState(pkg({ limitBytes: 1000 * GB, leftBytes: 0.9 * GB }), NOW, { leftBelowPercent: null, leftBelowBytes: GB }), 'low', 'below 1 GB');
  assert.equal(quotaState(pkg({ leftBytes: 0.5 * GB }), NOW, { leftBelowPercent: null, leftBelowBytes: null }), 'ok', 'both thresholds off');
  assert.equal(quotaState(pkg({ limitBytes: 0, leftBytes: 5 * GB }), NOW, { leftBelowPercent: 10, leftBelowBytes: null }), 'ok', 'no limit: no share to be below');
});

test('used up at 0 B (or less) left, expired at the expiry instant, inactive when the API says so', () => {
  assert.equal(quotaState(pkg({ leftBytes: 0, usedBytes: 50 * GB }), NOW, DEFAULTS), 'used-up');
  assert.equal(quotaState(pkg({ leftBytes: -3 * GB, usedBytes: 53 * GB }), NOW, DEFAULTS), 'used-up');
  assert.equal(quotaState(pkg({ expiresAt: NOW }), NOW, DEFAULTS), 'expired');
  assert.equal(quotaState(pkg({ expiresAt: NOW + 1 }), NOW, DEFAULTS), 'ok', 'a millisecond before');
  assert.equal(quotaState(pkg({ active: false }), NOW, DEFAULTS), 'inactive');
  assert.equal(quotaState(pkg({ expiresAt: null }), NOW, DEFAULTS), 'ok', 'no expiry never expires');
});

test('expired wins over inactive and used up; inactive over used up', () => {
  assert.equal(quotaState(pkg({ expiresAt: NOW - 1, active: false, leftBytes: 0 }), NOW, DEFAULTS), 'expired');
  assert.equal(quotaState(pkg({ active: false, leftBytes: 0 }), NOW, DEFAULTS), 'inactive');
});

test('percent left is clamped to 0..100, and critical means nothing can be used', () => {
  assert.equal(percentLeft(pkg()), 60);
  assert.equal(percentLeft(pkg({ leftBytes: -1 })), 0);
  assert.equal(percentLeft(pkg({ limitBytes: 0, leftBytes: 5 })), 0);
  assert.deepEqual(QUOTA_STATES.filter(isCritical), ['used-up', 'expired', 'inactive']);
  assert.equal(isCritical(null), false);
});

test('every surface shows the share left alike: rounded down, so a share under a threshold never reads as at it', () => {
  const at = pkg({ limitBytes: 10 * GB, leftBytes: 2.496 * GB }); // 24.96 %
  assert.equal(percentLeftText(at, 1), '24', 'the tray');
  assert.equal(percentLeftText(at, 0.1), '24.9', 'the window and the notifications');
  assert.equal(quotaState(at, NOW, { leftBelowPercent: 25, leftBelowBytes: null }), 'low');
  assert.equal(percentLeftText(pkg({ leftBytes: 0.0001 * GB }), 1), '1', 'never 0 while something is left');
  assert.equal(percentLeftText(pkg({ leftBytes: 0.0001 * GB }), 0.1), '0.1');
  assert.equal(percentLeftText(pkg({ leftBytes: 49.999 * GB }), 1), '99', 'never 100 while anything is used');
  assert.equal(percentLeftText(pkg({ leftBytes: 50 * GB, usedBytes: 0 }), 0.1), '100');
  assert.equal(percentLeftText(pkg({ leftBytes: 0 }), 0.1), '0');
  assert.equal(shownPercent(33.3, 0.1), 33.3, 'an exact tenth is not pushed down by float error');
});
