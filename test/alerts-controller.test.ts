// The spike alert end to end: the core as the app builds it, polling the fake Proxy-Seller API over
// HTTP, with a runaway hour put into the fake's traffic: exactly one alert per list per local day,
// naming the list by its title (the login where the list has none); and the renewal alert from the
// fake's balance and renewal quote.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppUnderTest, type AppUnderTest } from './harness/app-under-test.js';
import { offersTopUp } from '../src/core/alerts/rules.js';
import { waitUntil } from './support/wait.js';

const H = 3_600_000;
const AT = Date.parse('2026-11-26T11:30:00Z'); // 12:30 in Berlin

/** The fake's hour key (its hour keys are in UTC) of the hour holding `t`. */
function hourKey(t: number): string {
  const start = new Date(Math.floor(t / H) * H).toISOString();
  return `${start.slice(0, 10)} ${start.slice(11, 13)}:00:00`;
}

describe('spike alerts from the fake API\'s traffic', () => {
  let app: AppUnderTest;
  const spikes = () => app.alerts.filter((a) => a.id === 'spike').map((a) => a.title);

  before(async () => {
    app = await startAppUnderTest({ withKey: true, at: AT, localTimeZone: 'Europe/Berlin', logins: ['alpha-list', 'beta-list', 'gamma-list'], fakeApi: { titles: { 'alpha-list': 'Client A scraper', 'beta-list': '' } } });
    // The fake's own traffic (up to ~150 MB an hour) stays far below this floor: only the runaway hours count.
    const r = await app.controller.updateSettings({ alerts: { spikeFactor: 5, spikeFloorBytes: 20e9 } });
    assert.equal(r.ok, true);
    await app.controller.refresh();
  });
  after(async () => app?.close());

  test('a runaway hour on two lists: one alert each, and no more that day however it goes on', async () => {
    assert.deepEqual(spikes(), [], 'none before');
    app.api.setVariants({ detailsJunk: { 'alpha-list': { [hourKey(app.now())]: 50e9 }, 'beta-list': { [hourKey(app.now())]: 30e9 } } });
    assert.equal((await app.controller.refresh()).ok, true);
    assert.deepEqual(spikes().sort(), ['Traffic spike on Client A scraper', 'Traffic spike on beta-list']);
    const alpha = app.alerts.find((a) => a.title === 'Traffic spike on Client A scraper');
    assert.match(alpha?.body ?? '', /^Client A scraper \(alpha-list\) used 50\.00 GB in the hour from 12:00, \d+x its median hour of the last 7 days \(.+\)\./);
    assert.match(app.alerts.find((a) => a.title === 'Traffic spike on beta-list')?.body ?? '', /^beta-list used 30\.00 GB/, 'a list without a title: its login');
    assert.equal(alpha?.view, 'today');

    await app.controller.refresh();
    // An hour later, an even bigger hour on the same lists: still the same day.
    app.advanceClock(H);
    app.api.setVariants({ detailsJunk: { 'alpha-list': { [hourKey(app.now() - H)]: 50e9, [hourKey(app.now())]: 90e9 }, 'beta-list': { [hourKey(app.now() - H)]: 30e9 } } });
    await app.controller.refresh();
    assert.equal(spikes().length, 2, 'once per list per day');
  });

  test('the next local day, a runaway hour alerts again, once', async () => {
    app.advanceClock(24 * H);
    app.api.setVariants({ detailsJunk: { 'alpha-list': { [hourKey(app.now())]: 60e9 } } });
    await app.controller.refresh();
    await app.controller.refresh();
    assert.deepEqual(spikes().sort(), ['Traffic spike on Client A scraper', 'Traffic spike on Client A scraper', 'Traffic spike on beta-list']);
  });
});

describe('the renewal alert from the fake API\'s balance and renewal quote', () => {
  // Ends on Nov 28 (the fake's calendar is UTC), with traffic enough to last until then: it renews on its expiry.
  const RENEWS_NOV_28 = { autoRenew: true, expiresAt: Date.parse('2026-11-28T20:00:00Z'), limitBytes: 5e12 };
  const count = (app: AppUnderTest) => app.alerts.filter((a) => a.id === 'renewal-short').length;

  test('two days before an auto-renewal the balance cannot pay: one notification; a top-up that pays it clears it; short again, warned again', async () => {
    // The renewal is 2 local days away, within the default 3.
    const app = await startAppUnderTest({ withKey: true, at: AT, localTimeZone: 'Europe/Berlin', fakeApi: { package: RENEWS_NOV_28 } });
    try {
      await waitUntil('the first poll to finish', () => !app.controller.view().syncing && app.controller.view().snapshot.lastSuccessAt !== null);
      await app.controller.refresh();
      const alert = app.alerts.find((a) => a.id === 'renewal-short');
      assert.ok(alert, `a renewal alert among ${app.alerts.map((a) => a.id).join(', ')}`);
      assert.equal(alert.title, 'Balance too low for the auto-renewal in 2 days');
      assert.match(alert.body, /^Auto-renewal on Nov 28 needs \$[\d,]+\.\d\d; balance \$12\.40, short by \$[\d,]+\.\d\d\. Top up the balance before then/);
      assert.equal(alert.view, 'package');
      assert.equal(offersTopUp(alert), true, 'the notification offers the top-up page');
      await app.controller.refresh();
      assert.equal(count(app), 1, 'once, however often it polls');

      app.api.setMoney({ balance: 100000 });
      await app.controller.refresh();
      assert.equal(count(app), 1, 'a balance that pays it says nothing');
      app.api.setMoney({ balance: 1 });
      await app.controller.refresh();
      assert.equal(count(app), 2, 'spent again before the renewal: warned again');
      assert.match(app.alerts.filter((a) => a.id === 'renewal-short')[1]?.body ?? '', /; balance \$1\.00, short by/);
    } finally {
      await app.close();
    }
  });

  test('auto-renew off, or an account without money answers: no renewal alert', async () => {
    for (const fakeApi of [{ package: { ...RENEWS_NOV_28, autoRenew: false } }, { package: RENEWS_NOV_28, variants: { noMoney: true } }]) {
      const app = await startAppUnderTest({ withKey: true, at: AT, localTimeZone: 'Europe/Berlin', fakeApi });
      try {
        await waitUntil('the first poll to finish', () => !app.controller.view().syncing && app.controller.view().snapshot.lastSuccessAt !== null);
        await app.controller.refresh();
        assert.equal(count(app), 0, JSON.stringify(fakeApi));
      } finally {
        await app.close();
      }
    }
  });
});
