// Snapshot fixtures: a plausible healthy state, with whatever a test cares about overridden.
import { type PackageInfo, type Problem, type Snapshot, NO_MONEY } from '../../src/shared/types.js';
import { toProblem } from '../../src/core/api/errors.js';

export const FIXTURE_NOW = Date.UTC(2026, 5, 10, 12, 0, 0); // 2026-06-10 12:00 UTC

/** A healthy active package: 50 GB, 30 GB left, expires 2026-06-30 23:59:59 UTC. */
export function makePackage(overrides: Partial<PackageInfo> = {}): PackageInfo {
  return {
    key: 'a1b2c3d4e5f6a7b8c9d0',
    active: true,
    limitBytes: 50e9,
    usedBytes: 20e9,
    leftBytes: 30e9,
    reservedBytes: 0,
    expiresAt: Date.UTC(2026, 5, 30, 23, 59, 59),
    autoRenew: false,
    rotationSeconds: 0,
    tariffId: '1',
    ...overrides,
  };
}

/** A fresh snapshot at FIXTURE_NOW in UTC with 1 GB used today and `makePackage()`. */
export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const now = overrides.generatedAt ?? FIXTURE_NOW;
  return {
    generatedAt: now,
    localTimeZone: 'UTC',
    apiTimeZone: 'UTC',
    today: { date: '2026-06-10', totalBytes: 1e9, byLogin: { main: 1e9 } },
    yesterday: { date: '2026-06-09', totalBytes: 2e9, byLogin: { main: 2e9 } },
    monthToDate: { from: '2026-06-01', to: '2026-06-10', totalBytes: 20e9, byLogin: { main: 20e9 } },
    package: makePackage(),
    forecast: { kind: 'runs-out', averageDailyBytes: 2e9, runsOutOn: '2026-06-25', runsOutAt: Date.parse('2026-06-25T12:00:00Z'), lastsPastExpiry: false, daysBeforeExpiry: null, unusedAtExpiryBytes: null, dailyBudgetBytes: null },
    lastSuccessAt: now,
    lastAttemptAt: now,
    stale: false,
    problem: null,
    syncing: false,
    titles: {},
    money: NO_MONEY,
    ...overrides,
  };
}

/** The Problem the engine would show for `error`. */
export function problemFrom(error: unknown): Problem {
  return toProblem(error);
}
