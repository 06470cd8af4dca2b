// The one wording of a package row (shared/package-row-text), used by the tray's menu and the CLI's
// status-bar details: where each package stands, its forecast, and the total's forecast named by the
// package that runs out first among those that can still be used.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstToRunOut, packageRowText, totalForecastRowText, type LabelledRow } from '../src/shared/package-row-text.js';
import type { Forecast } from '../src/shared/types.js';
import { FIXTURE_NOW, makePackage } from './support/snapshot-fixture.js';

const GB = 1e9;
const CTX = { units: 'GB', now: FIXTURE_NOW, zone: 'UTC' } as const;

function runsOut(on: string, at = Date.parse(`${on}T12:00:00Z`)): Forecast {
  return { kind: 'runs-out', averageDailyBytes: 2 * GB, runsOutOn: on, runsOutAt: at, lastsPastExpiry: false, daysBeforeExpiry: null, unusedAtExpiryBytes: null, dailyBudgetBytes: null };
}

const IDLE: Forecast = { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null };

describe('package rows', () => {
  test('a row says what is left and the share, the low state, or the state that leaves nothing to use, then the forecast', () => {
    const pkg = makePackage({ limitBytes: 10 * GB, usedBytes: 2 * GB, leftBytes: 8 * GB });
    assert.equal(packageRowText('Reseller · Client A', { package: pkg, forecast: runsOut('2026-06-14') }, 'ok', CTX), 'Reseller · Client A: 8.00 GB left (80%) · Runs out in 4 days, Jun 14, at 2.00 GB/day');
    assert.equal(packageRowText('B', { package: makePackage({ limitBytes: 10 * GB, usedBytes: 9.5 * GB, leftBytes: 0.5 * GB }), forecast: IDLE }, 'low', CTX), 'B: running low, 500.0 MB left (5%) · Nothing used lately');
    assert.equal(packageRowText('C', { package: makePackage({ leftBytes: 0, usedBytes: 50 * GB }), forecast: runsOut('2026-06-10', FIXTURE_NOW) }, 'used-up', CTX), 'C: used up');
    assert.equal(packageRowText('D', { package: makePackage({ expiresAt: Date.UTC(2026, 5, 3) }), forecast: { kind: 'expired' } }, 'expired', CTX), 'D: expired Jun 3');
    assert.equal(packageRowText('E', { package: null, forecast: { kind: 'no-package' } }, null, CTX), 'E: no package info');
    assert.equal(packageRowText('F'.repeat(60), { package: pkg, forecast: IDLE }, 'ok', CTX, false), `${'F'.repeat(39)}…: 8.00 GB left (80%)`);
  });

  test("the total's forecast is the first package to run out that can still be used, named; a used-up one has run out already", () => {
    const usable = makePackage({ limitBytes: 10 * GB, usedBytes: 4 * GB, leftBytes: 6 * GB });
    const rows: LabelledRow[] = [
      { label: 'Client A', figures: { package: usable, forecast: runsOut('2026-06-20') }, quota: 'ok' },
      { label: 'Client B', figures: { package: makePackage({ leftBytes: 0, usedBytes: 50 * GB }), forecast: runsOut('2026-06-10', FIXTURE_NOW) }, quota: 'used-up' },
      { label: 'Client C', figures: { package: usable, forecast: runsOut('2026-06-15') }, quota: 'low' },
    ];
    assert.equal(firstToRunOut(rows)?.label, 'Client C');
    const total = { package: makePackage(), forecast: runsOut('2026-06-10', FIXTURE_NOW) };
    assert.equal(totalForecastRowText(total, 'ok', rows, CTX), 'Client C: Runs out in 5 days, Jun 15, at 2.00 GB/day');
    // Only the used-up one runs out: no line rather than "Runs out today" for all of it.
    assert.equal(totalForecastRowText(total, 'ok', [rows[1]!], CTX), null);
    // Nothing used lately anywhere: the total's own words, unnamed.
    assert.equal(totalForecastRowText({ package: makePackage(), forecast: IDLE }, 'ok', [{ ...rows[0]!, figures: { package: usable, forecast: IDLE } }], CTX), 'Nothing used lately');
  });
});
