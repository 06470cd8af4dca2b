// The forecast in words (src/shared/forecast-text.ts), over forecasts the real query computes from a
// real history: each sentence says what the figures say, and none contradicts the package.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PackageInfo } from '../src/shared/types.js';
import { createHistory, mergeSamples, type History } from '../src/core/history/model.js';
import { forecast } from '../src/core/history/queries.js';
import { dailyBudgetText, forecastText, shortDay } from '../src/shared/forecast-text.js';

const H = 3_600_000;
const GB = 1e9;
const ZONE = 'Europe/Berlin';
/** 12:30 in Berlin on Nov 26. */
const NOW = Date.parse('2026-11-26T11:30:00Z');

/** 2.4 GB a day (0.1 GB an hour) for the 14 days before today, in Berlin's days. */
function history(): History {
  const h = createHistory('pkg', 'UTC');
  const from = Date.parse('2026-11-11T23:00:00Z'); // Nov 12 00:00 in Berlin
  const rows = [];
  for (let k = 0; k < 14 * 24; k++) rows.push({ login: 'a', start: from + k * H, bytes: 0.1 * GB });
  mergeSamples(h, rows);
  return h;
}

function pkg(left: number, expiresIso: string | null, extra: Partial<PackageInfo> = {}): PackageInfo {
  const limit = 50 * GB;
  return { key: 'k', active: true, limitBytes: limit, usedBytes: limit - left, leftBytes: left, reservedBytes: 0, expiresAt: expiresIso === null ? null : Date.parse(expiresIso), autoRenew: false, rotationSeconds: null, tariffId: null, ...extra };
}

function words(p: PackageInfo): { headline: string; budget: string } {
  const f = forecast(history(), p, NOW, ZONE);
  const ctx = { units: 'GB' as const, now: NOW, zone: ZONE, package: p };
  return { headline: forecastText(f, ctx), budget: dailyBudgetText(f, ctx) };
}

describe('forecast in words', () => {
  test('runs out before expiry: in how many days, the date and the pace; then how far before expiry and the daily budget', () => {
    // 12.5 h gone at 2.4 GB/day leaves 1.15 GB for today; 21.6 GB more is 9 days: Dec 5.
    const w = words(pkg(22.75 * GB, '2026-12-16T22:59:00Z'));
    assert.equal(w.headline, 'Runs out in 9 days, Dec 5, at 2.40 GB/day.');
    assert.match(w.budget, /^That is 11 days before it expires; up to 1\.11 GB\/day lasts until then\.$/);
  });

  test('runs out today: the clock time it runs out, in the user\'s zone', () => {
    // 0.5 GB left at 0.1 GB/h: five hours from 12:30.
    assert.equal(words(pkg(0.5 * GB, '2026-12-16T22:59:00Z')).headline, 'Runs out today, around 17:30, at 2.40 GB/day.');
  });

  test('runs out tomorrow says so, with the date', () => {
    assert.equal(words(pkg(2 * GB, '2026-12-16T22:59:00Z')).headline, 'Runs out tomorrow, Nov 27, at 2.40 GB/day.');
  });

  test('lasts past expiry: what will expire unused, and the budget that would use it all', () => {
    // Expires Nov 30 23:59 Berlin: 4.48 days at 2.4 GB/day use 10.75 GB of 40 GB.
    const w = words(pkg(40 * GB, '2026-11-30T22:59:00Z'));
    assert.match(w.headline, /^Lasts past expiry at 2\.40 GB\/day: 29\.\d\d GB will expire unused\.$/);
    assert.match(w.budget, /^Up to 8\.\d\d GB\/day would use it all by the expiry\.$/);
  });

  test('used up: no run-out "today, around now" and no budget', () => {
    const w = words(pkg(0, '2026-12-16T22:59:00Z', { usedBytes: 85.43 * GB }));
    assert.equal(w.headline, 'Traffic used up: top up the package to go on.');
    assert.equal(w.budget, '');
  });

  test('expired: renewing is the remedy; "what is left" only when something is', () => {
    assert.equal(words(pkg(12 * GB, '2026-11-20T22:59:00Z')).headline, 'The package expired on Nov 20: renew it to use the 12.00 GB left.');
    const none = words(pkg(0, '2026-11-20T22:59:00Z'));
    assert.equal(none.headline, 'The package expired on Nov 20: renew it to go on.');
    assert.doesNotMatch(none.headline, /what is left/);
    assert.equal(none.budget, '');
  });

  test('inactive: says so instead of a run-out date', () => {
    assert.equal(words(pkg(20 * GB, '2026-12-16T22:59:00Z', { active: false })).headline, 'The package is inactive: no traffic can be used until it is active again.');
  });

  test('no use in the last 7 days: what will expire unused, or nothing more without an expiry', () => {
    const p = pkg(20 * GB, '2026-12-16T22:59:00Z');
    const ctx = { units: 'GB' as const, now: NOW, zone: ZONE, package: p };
    const empty = createHistory('pkg', 'UTC');
    const f = forecast(empty, p, NOW, ZONE);
    assert.equal(f.kind, 'no-usage');
    assert.equal(forecastText(f, ctx), 'No use in the last 7 days: 20.00 GB will expire unused.');
    const noExpiry = { ...p, expiresAt: null };
    assert.equal(forecastText(forecast(empty, noExpiry, NOW, ZONE), { ...ctx, package: noExpiry }), 'No use in the last 7 days.');
    assert.equal(forecastText({ kind: 'no-package' }, { ...ctx, package: null }), '');
  });

  test('dates: month and day, the year only when it is another year', () => {
    assert.equal(shortDay('2026-12-10', '2026-11-26'), 'Dec 10');
    assert.equal(shortDay('2027-01-03', '2026-11-26'), 'Jan 3, 2027');
  });
});
