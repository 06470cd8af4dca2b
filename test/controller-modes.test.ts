// Real and demo behind one controller face: switching, key hand-over, and shutting down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppUnderTest, TEST_API_KEY } from './harness/app-under-test.js';
import { waitUntil } from './support/wait.js';
import { createController } from '../src/core/controller/controller.js';
import { createControllerSwitch } from '../src/core/controller/switch.js';
import type { Controller } from '../src/core/controller/types.js';
import { realTimers } from '../src/core/ports.js';

const until = (check: () => boolean, what: string): Promise<true> => waitUntil(what, check, 4_000);

test('demo on and off: the view follows the active controller; a double click starts one demo', async () => {
  const app = await startAppUnderTest();
  try {
    const views: boolean[] = [];
    app.controller.onView((v) => views.push(v.demo));
    await Promise.all([app.handlers['app:set-demo']({ on: true }), app.handlers['app:set-demo']({ on: true })]);
    assert.equal(app.core.inDemo(), true);
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
    assert.equal(app.core.inDemo(), false);
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
    assert.equal(app.core.inDemo(), true, 'still in the demo');
    assert.equal(await app.secrets.get(), null, 'nothing stored');
    const removed = await app.handlers['key:delete'](undefined);
    assert.equal(removed.ok, false);
    assert.match(removed.ok ? '' : removed.message, /built-in key/);
    assert.equal(app.core.inDemo(), true);
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

test('the user\'s own settings are heard at start and on each change, never the demo\'s', async () => {
  const app = await startAppUnderTest({ start: false });
  try {
    const heard: boolean[] = [];
    app.core.onUserSettings(({ settings }) => heard.push(settings.launchAtLogin));
    await app.controller.start();
    assert.deepEqual(heard, [false], 'read at start');
    assert.ok((await app.handlers['settings:update']({ launchAtLogin: true })).ok);
    assert.deepEqual(heard, [false, true]);
    const refused = await app.handlers['settings:update']({ pollIntervalMinutes: -3 });
    assert.equal(refused.ok, false);
    assert.deepEqual(heard, [false, true], 'a refused change is not a change');
    await app.handlers['app:set-demo']({ on: true });
    assert.ok((await app.handlers['settings:update']({ launchAtLogin: false, units: 'GiB' })).ok, 'the demo takes the change');
    assert.equal(app.controller.view().settings.units, 'GiB');
    assert.deepEqual(heard, [false, true], 'the demo\'s settings never reach what follows the user\'s');
  } finally {
    await app.close();
  }
});

/** A controller whose every method records its name: what a switch over it forwards, and where. */
function recordingController(label: string, calls: string[]): Controller & { fire(): void } {
  const real = createController({
    dataDir: '/nonexistent',
    clock: Date.now,
    timers: realTimers,
    random: Math.random,
    fetch: () => Promise.reject(new Error('no network here')),
    secrets: { get: async () => null, set: async () => {}, delete: async () => false, status: async () => ({ stored: false, last4: null }) },
    localTimeZone: () => 'UTC',
    version: 'test',
  });
  const listeners = new Map<string, Set<(v: unknown) => void>>();
  const fake: Record<string, unknown> = {};
  for (const name of Object.keys(real)) {
    fake[name] = name.startsWith('on')
      ? (l: (v: unknown) => void) => {
          const set = listeners.get(name) ?? new Set();
          listeners.set(name, set);
          set.add(l);
          return () => set.delete(l);
        }
      : (...args: unknown[]) => {
          calls.push(`${label}.${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
          return name === 'view' ? { from: label } : `${label}.${name} answered`;
        };
  }
  fake.fire = () => {
    for (const [name, set] of listeners) for (const l of set) l(`${label}:${name}`);
  };
  return fake as unknown as Controller & { fire(): void };
}

test('the switch forwards every controller method to the active one and relays only its events', () => {
  const calls: string[] = [];
  const a = recordingController('a', calls);
  const b = recordingController('b', calls);
  const sw = createControllerSwitch(a);
  const names = Object.keys(a).filter((n) => n !== 'fire');
  const methods = names.filter((n) => !n.startsWith('on'));
  assert.ok(methods.length >= 12 && names.includes('onView') && names.includes('onSettings'));
  const heard: unknown[] = [];
  for (const n of names.filter((n) => n.startsWith('on'))) (sw[n as 'onView'] as (l: (v: unknown) => void) => void)((v) => heard.push(v));
  /** Calls each method through the switch with arguments of its own; returns what came back. */
  const callAll = () => methods.map((n) => (sw as unknown as Record<string, (...a: unknown[]) => unknown>)[n]!(n, 2));
  assert.deepEqual(
    callAll(),
    methods.map((n) => (n === 'view' ? { from: 'a' } : `a.${n} answered`)),
    'each answer comes back through the switch',
  );
  assert.deepEqual(calls, methods.map((n) => `a.${n}(${JSON.stringify(n)},2)`), 'every method reaches a, under its own name, with its arguments');
  a.fire();
  assert.equal(heard.length, names.length - methods.length, 'every event of a is relayed');
  calls.length = 0;
  heard.length = 0;
  sw.switchTo(b);
  assert.deepEqual(heard, [{ from: 'b' }], 'switching pushes the new view');
  assert.deepEqual(callAll(), methods.map((n) => (n === 'view' ? { from: 'b' } : `b.${n} answered`)));
  assert.deepEqual(calls, ['b.view()', ...methods.map((n) => `b.${n}(${JSON.stringify(n)},2)`)], 'now every method reaches b');
  heard.length = 0;
  a.fire();
  assert.deepEqual(heard, [], 'the old controller is no longer heard');
  b.fire();
  assert.equal(heard.length, names.length - methods.length);
});
