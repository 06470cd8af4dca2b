// The reseller the window tests set up beside the harness's own key: its main package and two
// sub-packages (each with its own lists), and the helpers to wait for their rows and find its id.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppUnderTest } from '../harness/app-under-test.js';
import { AT } from '../harness/app-window.js';
import { waitUntil } from './wait.js';

export const RESELLER_KEY = 'ui-test-RESELLER-fedcba9876543210';
export const RESELLER = 'Reseller';
export const SUB_A = 'aaaa1111bbbb2222cccc';
export const SUB_B = 'dddd3333eeee4444ffff';
const DAY = 86_400_000;

/** The reseller's account for the fake API; Client B's limit as the test needs it. */
export function resellerAccount(subBLimitBytes: number) {
  return {
    apiKey: RESELLER_KEY,
    package: { key: '9999aaaa8888bbbb7777', limitBytes: 200e9, expiresAt: AT + 20 * DAY, active: true, autoRenew: false },
    subPackages: [
      { key: SUB_A, limitBytes: 30e9, expiresAt: AT + 10 * DAY, logins: ['client-a-1', 'client-a-2'] },
      { key: SUB_B, limitBytes: subBLimitBytes, expiresAt: AT + 25 * DAY, logins: ['client-b-1'] },
    ],
  };
}

/** Waits until every package's figures are in the table (the first poll covers them all). */
export async function tableReady(page: Page, rows = 4): Promise<void> {
  await page.locator('#packages-card').waitFor({ state: 'visible' });
  await waitUntil('every package row has its figures', async () => (await page.locator('#packages-table tbody tr td[data-bytes]').count()) >= rows * 3, 10_000);
}

/** The account id the app gave an account (accounts.json). */
export async function accountIdOf(app: AppUnderTest, name: string): Promise<string> {
  const file = JSON.parse(await readFile(join(app.dataDir, 'accounts.json'), 'utf8')) as { accounts: Array<{ id: string; name: string }> };
  const a = file.accounts.find((x) => x.name === name);
  assert.ok(a, `${name} is in accounts.json`);
  return a.id;
}
