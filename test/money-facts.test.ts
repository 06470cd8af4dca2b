// The money picture: renewal, shortfall and top-up from the package, its forecast and the account's
// answers, and the words every surface shows for them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initialAccountState, type AccountState } from '../src/core/sync/account-state.js';
import { moneyFacts } from '../src/core/sync/money-facts.js';
import { forecastText } from '../src/shared/forecast-text.js';
import { renewalIsSurelyShort, renewalText, spendText, topUpText } from '../src/shared/money-text.js';
import { SOLD_GB_BYTES } from '../src/shared/money.js';
import type { Forecast } from '../src/shared/types.js';
import { FIXTURE_NOW, makePackage } from './support/snapshot-fixture.js';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const DAY = 86_400_000;
const ctx = { now: FIXTURE_NOW, zone: 'UTC' };

function account(over: Partial<AccountState> = {}): AccountState {
  return {
    ...initialAccountState,
    consumption: { okAt: FIXTURE_NOW, value: { packageKey: 'a1b2c3d4e5f6a7b8c9d0', pricePerGb: usd(220), spent: usd(1400), bought: usd(22000), boughtBytes: 100 * SOLD_GB_BYTES, usedBytes: 7e9 } },
    balance: { okAt: FIXTURE_NOW, value: usd(1240) },
    renewal: { okAt: FIXTURE_NOW, value: { price: usd(11000), endsAt: null, days: 30, warning: null } },
    ...over,
  };
}

/** 2 GB a day from FIXTURE_NOW (Jun 10, 12:00 UTC) with 30 GB left: runs out Jun 25, before the Jun 30 expiry. */
const runsOut: Forecast = { kind: 'runs-out', averageDailyBytes: 2e9, runsOutOn: '2026-06-25', runsOutAt: FIXTURE_NOW + 15 * DAY, lastsPastExpiry: false, daysBeforeExpiry: 5, unusedAtExpiryBytes: 0, dailyBudgetBytes: 1.45e9 };
const lasts: Forecast = { kind: 'runs-out', averageDailyBytes: 1e9, runsOutOn: '2026-07-10', runsOutAt: FIXTURE_NOW + 30 * DAY, lastsPastExpiry: true, daysBeforeExpiry: -10, unusedAtExpiryBytes: 9e9, dailyBudgetBytes: 1.45e9 };

describe('money facts', () => {
  test('auto-renew that the traffic triggers first: it renews on the run-out day, and the balance is short', () => {
    const m = moneyFacts({ account: account(), pkg: makePackage({ autoRenew: true }), forecast: runsOut, monthToDateBytes: 20e9, now: FIXTURE_NOW, zone: 'UTC' });
    assert.deepEqual(m.renewal, { on: '2026-06-25', trafficUsedUp: true, price: usd(11000), balance: usd(1240), short: usd(9760), balanceAsOf: null });
    assert.equal(renewalText(m.renewal!, ctx), 'Auto-renews on Jun 25 (traffic used up) for $110.00; balance $12.40, short by $97.60');
    assert.equal(forecastText(runsOut, { units: 'GB', now: FIXTURE_NOW, zone: 'UTC', package: makePackage({ autoRenew: true }) }), 'Renews in 15 days, Jun 25 (traffic used up), at 2.00 GB/day.');
  });

  test('auto-renew on the expiry when the traffic lasts; a balance that pays it says so', () => {
    const m = moneyFacts({ account: account({ balance: { okAt: FIXTURE_NOW, value: usd(20000) } }), pkg: makePackage({ autoRenew: true }), forecast: lasts, monthToDateBytes: 0, now: FIXTURE_NOW, zone: 'UTC' });
    assert.deepEqual(m.renewal, { on: '2026-06-30', trafficUsedUp: false, price: usd(11000), balance: usd(20000), short: usd(0), balanceAsOf: null });
    assert.equal(renewalText(m.renewal!, ctx), 'Auto-renews on Jun 30 for $110.00; balance $200.00 pays it');
    assert.equal(m.topUp, null, 'it lasts: no top-up');
  });

  test('without auto-renew there is no renewal; the top-up to last until the expiry is priced in whole GB', () => {
    const m = moneyFacts({ account: account(), pkg: makePackage({ autoRenew: false }), forecast: runsOut, monthToDateBytes: 20e9, now: FIXTURE_NOW, zone: 'UTC' });
    assert.equal(m.renewal, null);
    // 20.5 days to the expiry (Jun 30 23:59:59) at 2 GB/day is 41 GB; 30 GB are left: 11 GB more, 10.24 sold GB: 11 of them.
    assert.deepEqual(m.topUp, { until: '2026-06-30', soldGb: 11, bytes: 11 * SOLD_GB_BYTES, cost: usd(2420), pricePerGb: usd(220) });
    assert.equal(topUpText(m.topUp!, ctx), 'To last until Jun 30 at this pace, add about 11 GiB (about $24.20 at $2.20/GiB)');
    assert.deepEqual(m.monthToDateCost, usd(Math.round((20e9 / SOLD_GB_BYTES) * 220)));
    assert.equal(spendText(m.spend, ctx), 'Spent $14.00 of $220.00 bought');
  });

  test('every money figure is optional: an account without them says nothing false', () => {
    const m = moneyFacts({ account: initialAccountState, pkg: makePackage({ autoRenew: true }), forecast: runsOut, monthToDateBytes: 20e9, now: FIXTURE_NOW, zone: 'UTC' });
    assert.equal(m.pricePerGb, null);
    assert.equal(m.monthToDateCost, null);
    assert.equal(m.spend, null);
    assert.deepEqual(m.renewal, { on: '2026-06-25', trafficUsedUp: true, price: null, balance: null, short: null, balanceAsOf: null });
    assert.equal(renewalText(m.renewal!, ctx), 'Auto-renews on Jun 25 (traffic used up)');
    assert.equal(m.topUp?.cost, null);
    assert.equal(topUpText(m.topUp!, ctx), 'To last until Jun 30 at this pace, add about 11 GiB');
    assert.equal(spendText(null, ctx), '');
  });

  test('the spend of another package (renewed since under a new key) is not shown as this one\'s', () => {
    const m = moneyFacts({ account: account(), pkg: makePackage({ key: 'ffffeeeeddddccccbbbb' }), forecast: lasts, monthToDateBytes: 0, now: FIXTURE_NOW, zone: 'UTC' });
    assert.equal(m.spend, null);
    assert.deepEqual(m.pricePerGb, usd(220), 'the price is the account\'s');
  });

  test('balance in another currency than the price: no shortfall is claimed', () => {
    const m = moneyFacts({ account: account({ balance: { okAt: FIXTURE_NOW, value: { minor: 500, currency: 'EUR' } } }), pkg: makePackage({ autoRenew: true }), forecast: lasts, monthToDateBytes: 0, now: FIXTURE_NOW, zone: 'UTC' });
    assert.equal(m.renewal?.short, null);
    assert.equal(renewalText(m.renewal!, ctx), 'Auto-renews on Jun 30 for $110.00; balance €5.00');
  });

  test('a balance or spend read long ago (past twice its interval) says when; a fresh one says nothing of it', () => {
    const hour = 3_600_000;
    const old = account({ balance: { okAt: FIXTURE_NOW - 3 * hour, value: usd(1240) }, consumption: { ...account().consumption!, okAt: FIXTURE_NOW - 3 * DAY } });
    const m = moneyFacts({ account: old, pkg: makePackage({ autoRenew: true }), forecast: runsOut, monthToDateBytes: 0, now: FIXTURE_NOW, zone: 'UTC' });
    assert.equal(m.balanceAsOf, FIXTURE_NOW - 3 * hour);
    assert.equal(m.spendAsOf, FIXTURE_NOW - 3 * DAY);
    assert.equal(renewalText(m.renewal!, ctx), 'Auto-renews on Jun 25 (traffic used up) for $110.00; balance $12.40 (as of Jun 10), short by $97.60');
    assert.equal(spendText(m.spend, ctx, m.spendAsOf), 'Spent $14.00 of $220.00 bought (as of Jun 7)');
    assert.equal(renewalIsSurelyShort(m.renewal), false, 'no alert from a balance hours old');
    const fresh = moneyFacts({ account: account(), pkg: makePackage({ autoRenew: true }), forecast: runsOut, monthToDateBytes: 0, now: FIXTURE_NOW + hour, zone: 'UTC' });
    assert.equal(fresh.balanceAsOf, null);
    assert.equal(renewalIsSurelyShort(fresh.renewal), true);
  });

  test('an expired or inactive package has no renewal date to promise', () => {
    for (const pkg of [makePackage({ autoRenew: true, active: false })]) {
      assert.equal(moneyFacts({ account: account(), pkg, forecast: lasts, monthToDateBytes: 0, now: FIXTURE_NOW, zone: 'UTC' }).renewal, null);
    }
    assert.equal(moneyFacts({ account: account(), pkg: makePackage({ autoRenew: true }), forecast: { kind: 'expired' }, monthToDateBytes: 0, now: FIXTURE_NOW, zone: 'UTC' }).renewal, null);
  });
});
