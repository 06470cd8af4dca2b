// The total of several packages (core/sync/total.ts): figures that add up, the state it gives, freshness.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { totalSnapshot } from '../src/core/sync/total.js';
import { quotaState } from '../src/shared/quota.js';
import { makePackage, makeSnapshot, FIXTURE_NOW } from './support/snapshot-fixture.js';

const T = { leftBelowPercent: 10, leftBelowBytes: null };
const DAY = 86_400_000;

describe('totalSnapshot', () => {
  test('one package is its own total', () => {
    assert.equal(totalSnapshot([{ label: 'a', snapshot: makeSnapshot() }], FIXTURE_NOW), null);
  });

  test("every package expired: the total is expired, not used up; an expired package's left counts for nothing", () => {
    const gone = (key: string) => makeSnapshot({ package: makePackage({ key, expiresAt: FIXTURE_NOW - DAY, leftBytes: 5e9, usedBytes: 45e9 }) });
    const total = totalSnapshot([{ label: 'a', snapshot: gone('k1') }, { label: 'b', snapshot: gone('k2') }], FIXTURE_NOW)!;
    assert.equal(total.package!.leftBytes, 0);
    assert.equal(total.package!.usedBytes + total.package!.leftBytes, total.package!.limitBytes);
    assert.equal(quotaState(total.package, FIXTURE_NOW, T), 'expired');
  });

  test('one expired, one live: the live one decides, its left only', () => {
    const total = totalSnapshot(
      [
        { label: 'old', snapshot: makeSnapshot({ package: makePackage({ key: 'k1', expiresAt: FIXTURE_NOW - DAY, leftBytes: 5e9, usedBytes: 45e9 }) }) },
        { label: 'new', snapshot: makeSnapshot({ package: makePackage({ key: 'k2', leftBytes: 30e9, usedBytes: 20e9 }) }) },
      ],
      FIXTURE_NOW,
    )!;
    assert.equal(total.package!.leftBytes, 30e9);
    assert.equal(total.package!.limitBytes, 45e9 + 20e9 + 30e9);
    assert.equal(quotaState(total.package, FIXTURE_NOW, T), 'ok');
  });

  test("as fresh as the oldest package; stale when any is; its problem named by the package", () => {
    const total = totalSnapshot(
      [
        { label: 'Personal', snapshot: makeSnapshot({ lastSuccessAt: FIXTURE_NOW - 60_000 }) },
        { label: 'Reseller', snapshot: makeSnapshot({ lastSuccessAt: FIXTURE_NOW - 3_600_000, stale: true, problem: { kind: 'transport', message: 'No answer.', action: 'Wait.', needsAction: false } }) },
      ],
      FIXTURE_NOW,
    )!;
    assert.equal(total.lastSuccessAt, FIXTURE_NOW - 3_600_000);
    assert.equal(total.stale, true);
    assert.equal(total.problem?.message, 'Reseller: No answer.');
  });

  test('the forecast is the first package to run out among those with traffic left: a used-up one ran out already', () => {
    const runsOut = (on: string) => ({ kind: 'runs-out' as const, averageDailyBytes: 2e9, runsOutOn: on, runsOutAt: Date.parse(`${on}T12:00:00Z`), lastsPastExpiry: false, daysBeforeExpiry: null, unusedAtExpiryBytes: null, dailyBudgetBytes: null });
    const usedUp = makeSnapshot({ package: makePackage({ key: 'k1', leftBytes: 0, usedBytes: 50e9 }), forecast: runsOut('2026-06-01') });
    const later = makeSnapshot({ package: makePackage({ key: 'k2', leftBytes: 30e9, usedBytes: 20e9 }), forecast: runsOut('2026-06-20') });
    const total = totalSnapshot([{ label: 'used', snapshot: usedUp }, { label: 'live', snapshot: later }], FIXTURE_NOW)!;
    assert.equal(total.forecast.kind === 'runs-out' && total.forecast.runsOutOn, '2026-06-20');
    // Every package used up: the first of them still (the total's state says used up).
    const both = totalSnapshot([{ label: 'used', snapshot: usedUp }, { label: 'also', snapshot: makeSnapshot({ package: makePackage({ key: 'k3', leftBytes: 0, usedBytes: 5e9 }), forecast: runsOut('2026-06-05') }) }], FIXTURE_NOW)!;
    assert.equal(both.forecast.kind === 'runs-out' && both.forecast.runsOutOn, '2026-06-01');
    // A used-up one beside an idle one with traffic left: no use lately, not the used-up one's date.
    const idle = makeSnapshot({ package: makePackage({ key: 'k4', leftBytes: 30e9, usedBytes: 20e9 }), forecast: { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null } });
    assert.equal(totalSnapshot([{ label: 'used', snapshot: usedUp }, { label: 'idle', snapshot: idle }], FIXTURE_NOW)!.forecast.kind, 'no-usage');
    // An inactive package's traffic cannot be used: its date is none of the total's.
    const inactive = makeSnapshot({ package: makePackage({ key: 'k5', leftBytes: 10e9, usedBytes: 1e9, active: false }), forecast: runsOut('2026-05-01') });
    const withInactive = totalSnapshot([{ label: 'off', snapshot: inactive }, { label: 'live', snapshot: later }], FIXTURE_NOW)!;
    assert.equal(withInactive.forecast.kind === 'runs-out' && withInactive.forecast.runsOutOn, '2026-06-20');
  });
});
