// Real and demo behind one controller face: switching, key hand-over, and shutting down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppUnderTest, TEST_API_KEY } from './harness/app-under-test.js';
import { waitUntil } from './support/wait.js';

const until = (check: () => boolean, what: string): Promise<true> => waitUntil(what, check, 4_000);

test('demo on and off: the view follows the active controller; a double click starts one demo', async () => {
  const app = await startAppUnderTest();
  try {
    const views: boolean[] = [];
    app.controller.onView((v) => views.push(v.demo));
    await Promise.all([app.handlers['app:set-demo']({ on: true }), app.handlers['app:set-demo']({ on: true })]);
    assert.equal(app.modes.inDemo(), true);
    assert.equal(app.controller.view().demo, true);
    await until(() => app.controller.view().snapshot.lastSuccessAt !== null, 'the demo to sync');
    assert.ok(app.controller.view().snapshot.today.totalBytes > 0);
    await app.handlers['app:set-demo']({ on: false });
    assert.equal(app.controller.view().demo, false);
    assert.ok(views.includes(true) && views.at(-1) === false);
    await assert.rejects(app.handlers['app:set-demo']({ on: 'yes' }));
  } finally {
    await app.close();
  }
});

test('closing while in the demo does not wake the real account', async () => {
  const app = await startAppUnderTest({ withKey: true });
  await until(() => app.controller.view().snapshot.lastSuccessAt !== null && !app.controller.view().syncing, 'first sync');
  await app.handlers['app:set-demo']({ on: true });
  const before = app.api.requests.length;
  await app.close();
  assert.equal(app.api.requests.length, before, 'no real request on the way out');
});

test('a real key leaves the demo and lands in the keychain', async () => {
  const app = await startAppUnderTest();
  try {
    await app.handlers['app:set-demo']({ on: true });
    const r = await app.handlers['key:set']({ apiKey: TEST_API_KEY });
    assert.equal(r.ok, true);
    assert.equal(app.modes.inDemo(), false);
    assert.equal(await app.secrets.get(), TEST_API_KEY);
  } finally {
    await app.close();
  }
});

test('a key the app refuses keeps the demo running and says why; the demo has no key of the user\'s to remove', async () => {
  const app = await startAppUnderTest();
  try {
    await app.handlers['app:set-demo']({ on: true });
    const bad = await app.handlers['key:set']({ apiKey: 'x' });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.message, /too short/);
    assert.equal(app.modes.inDemo(), true, 'still in the demo');
    assert.equal(await app.secrets.get(), null, 'nothing stored');
    const removed = await app.handlers['key:delete'](undefined);
    assert.equal(removed.ok, false);
    assert.match(removed.ok ? '' : removed.message, /built-in key/);
    assert.equal(app.modes.inDemo(), true);
  } finally {
    await app.close();
  }
});

test('the demo shows figures and notifies as the user chose, but never takes over launch at login', async () => {
  const app = await startAppUnderTest();
  try {
    const saved = await app.handlers['settings:update']({ units: 'GiB', notificationsEnabled: false, launchAtLogin: true, alerts: { leftBelowPercent: 25 } });
    assert.ok(saved.ok);
    await app.handlers['app:set-demo']({ on: true });
    const s = app.controller.view().settings;
    assert.equal(app.controller.view().demo, true);
    assert.equal(s.units, 'GiB');
    assert.equal(s.notificationsEnabled, false);
    assert.equal(s.alerts.leftBelowPercent, 25);
    assert.equal(s.launchAtLogin, false, 'the demo\'s own default, which the app does not apply');
    await app.handlers['app:set-demo']({ on: false });
    assert.equal(app.controller.view().settings.launchAtLogin, true, 'the user\'s setting is untouched');
  } finally {
    await app.close();
  }
});
