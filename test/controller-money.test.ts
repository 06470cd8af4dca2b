// The app's core end to end for titles and money: the view the tray and the window get, against the
// fake API over real HTTP, with a real keychain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppUnderTest } from './harness/app-under-test.js';
import { waitUntil } from './support/wait.js';

const AT = Date.UTC(2026, 10, 20, 10, 0, 0);
/** The first poll done, its money parts and alerts included. */
const settled = (app: { controller: { view(): { syncing: boolean; snapshot: { lastSuccessAt: number | null } } } }) =>
  waitUntil('the first poll to finish', () => !app.controller.view().syncing && app.controller.view().snapshot.lastSuccessAt !== null);
const TITLES = { 'alpha-list': 'Client A', 'beta-list': 'SERP DE' };

test('after the first poll the view has the list titles, the price, the spend, the balance and the renewal', async () => {
  const app = await startAppUnderTest({ withKey: true, at: AT, fakeApi: { titles: TITLES, package: { autoRenew: true } } });
  try {
    await settled(app);
    const s = app.controller.view().snapshot;
    assert.deepEqual({ ...s.titles }, { 'alpha-list': 'Client A', 'beta-list': 'SERP DE', 'gamma-list': 'Ads check US' });
    assert.deepEqual(s.money.pricePerGb, { minor: 220, currency: 'USD' });
    assert.deepEqual(s.money.balance, { minor: 1240, currency: 'USD' });
    assert.ok(s.money.spend?.spent !== null && s.money.spend?.bought !== null);
    assert.ok(s.money.renewal !== null && s.money.renewal.short !== null && s.money.renewal.short.minor > 0);
    assert.ok(s.money.monthToDateCost !== null);
  } finally {
    await app.close();
  }
});

test('a manual refresh reads the titles again at once; a poll within the hour does not', async () => {
  const app = await startAppUnderTest({ withKey: true, at: AT, fakeApi: { titles: TITLES } });
  try {
    await settled(app);
    const lists = () => app.api.requests.filter((r) => r.path.endsWith('/resident/lists')).length;
    assert.equal(lists(), 1);
    app.advanceClock(10 * 60_000);
    await app.controller.refresh();
    assert.equal(lists(), 2, 'a manual refresh asks again');
  } finally {
    await app.close();
  }
});

test('the window opening reads a spend older than 15 minutes at once, without a traffic poll', async () => {
  const app = await startAppUnderTest({ withKey: true, at: AT });
  try {
    await settled(app);
    const count = (p: string) => app.api.requests.filter((r) => r.path.endsWith(p)).length;
    const details = count('/resident/traffic/details');
    app.advanceClock(16 * 60_000);
    app.controller.setWindowOpen(true);
    await waitUntil('the spend read again', () => count('/resident/consumption') === 2);
    assert.equal(count('/resident/traffic/details'), details);
    app.controller.setWindowOpen(false);
    app.controller.setWindowOpen(true);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(count('/resident/consumption'), 2, 'opened again within 15 minutes: not read again');
  } finally {
    await app.close();
  }
});

test('a history day file damaged while the app runs is moved aside and said in the window\'s notices', async () => {
  const { readdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const app = await startAppUnderTest({ withKey: true, at: AT });
  try {
    await settled(app);
    const historyDir = join(app.dataDir, 'history');
    const [folder] = (await readdir(historyDir)).filter((n) => !n.endsWith('.lock'));
    assert.ok(folder);
    const days = (await readdir(join(historyDir, folder))).filter((n) => n.endsWith('.json')).sort();
    const last = days.at(-1);
    assert.ok(last);
    await writeFile(join(historyDir, folder, last), '{"version":2,"day":');
    app.advanceClock(60_000);
    await app.controller.refresh();
    await waitUntil('the notice', () => app.controller.view().notices.some((n) => n.includes(last.replace('.json', '')) || /moved aside|unreadable|damaged/i.test(n)));
  } finally {
    await app.close();
  }
});
