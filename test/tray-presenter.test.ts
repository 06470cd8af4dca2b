// The tray presenter: state priority, title, tooltip, menu and icon spec for every state, from real
// snapshots and real Problems (built by the engine's own toProblem).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  presentTray,
  clockTimeText,
  shorten,
  TOOLTIP_MAX,
  type TrayModel,
  type TrayState,
} from '../src/main/tray/presenter.js';
import {
  AccessDeniedError,
  IpNotAllowedError,
  NoKeyError,
  NoPackageError,
  RateLimitedError,
  TransportError,
  toProblem,
} from '../src/core/api/errors.js';
import type { PackageInfo, Snapshot } from '../src/shared/types.js';
import { formatBytes } from '../src/shared/bytes.js';

const NOW = Date.parse('2026-11-20T10:17:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const INTERVAL = 5 * MIN;

function pkg(over: Partial<PackageInfo> = {}): PackageInfo {
  return {
    key: 'res-pkg-1',
    active: true,
    limitBytes: 10e9,
    usedBytes: 4e9,
    leftBytes: 6e9,
    // 23:30 UTC on 31 Dec is already 1 Jan in Berlin: the menu must show the local date.
    expiresAt: Date.parse('2026-12-31T23:30:00Z'),
    autoRenew: null,
    rotationSeconds: null,
    tariffId: null,
    ...over,
  };
}

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    generatedAt: NOW,
    localTimeZone: 'Europe/Berlin',
    apiTimeZone: 'UTC',
    today: { date: '2026-11-20', totalBytes: 1_240_000_000, byLogin: { a: 1_240_000_000 } },
    yesterday: { date: '2026-11-19', totalBytes: 3_100_000_000, byLogin: {} },
    monthToDate: { from: '2026-11-01', to: '2026-11-20', totalBytes: 20_000_000_000, byLogin: {} },
    package: pkg(),
    forecast: { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null },
    lastSuccessAt: NOW - 3 * MIN,
    lastAttemptAt: NOW - 3 * MIN,
    stale: false,
    problem: null,
    syncing: false,
    ...over,
  };
}

type Input = Parameters<typeof presentTray>[0];
function input(over: Partial<Input> = {}): Input {
  return { snapshot: snap(), hasKey: true, paused: false, online: true, units: 'GB', now: NOW, intervalMs: INTERVAL, ...over };
}

const transport = () => toProblem(new TransportError('Timed out talking to Proxy-Seller.', 'timeout'));
const ipProblem = () => toProblem(new IpNotAllowedError('IP not allowed', '203.0.113.7'));

function labels(m: TrayModel): string[] {
  return m.menu.filter((i) => i.type !== 'separator').map((i) => i.label);
}
function item(m: TrayModel, id: string) {
  const found = m.menu.find((i) => i.id === id);
  assert.ok(found, `menu item ${id}`);
  return found;
}

describe('tray state priority', () => {
  const cases: Array<[string, Partial<Input>, TrayState]> = [
    ['healthy snapshot', {}, 'normal'],
    ['no snapshot yet, key stored', { snapshot: null }, 'normal'],
    ['stale snapshot', { snapshot: snap({ stale: true, lastSuccessAt: NOW - 20 * MIN }) }, 'stale'],
    ['passing rate limit (no action needed, not transport) is stale', { snapshot: snap({ stale: true, problem: toProblem(new RateLimitedError('limit', 30_000)) }) }, 'stale'],
    ['paused beats stale', { paused: true, snapshot: snap({ stale: true }) }, 'paused'],
    ['offline (no network) beats paused and stale', { online: false, paused: true, snapshot: snap({ stale: true }) }, 'offline'],
    ['transport fault with no success in twice the interval is offline', { snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: NOW - 2 * INTERVAL - 1 }) }, 'offline'],
    ['transport fault with a success exactly twice the interval ago is only stale', { snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: NOW - 2 * INTERVAL }) }, 'stale'],
    ['transport fault with a success dated ahead of the clock (set back since) is offline', { snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: NOW + 58 * MIN }) }, 'offline'],
    ['transport fault and never a success is offline', { snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: null }) }, 'offline'],
    ['transport fault beats paused when old', { paused: true, snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: NOW - DAY }) }, 'offline'],
    ['a problem that needs the user is error, over offline and paused', { online: false, paused: true, snapshot: snap({ stale: true, problem: ipProblem() }) }, 'error'],
    ['no package is an error', { snapshot: snap({ stale: true, problem: toProblem(new NoPackageError('Tarif not found')), package: null }) }, 'error'],
    ['no key stored beats everything', { hasKey: false, online: false, paused: true, snapshot: snap({ stale: true, problem: ipProblem() }) }, 'no-key'],
    ['the engine saying no-key is no-key too', { snapshot: snap({ stale: true, problem: toProblem(new NoKeyError()) }) }, 'no-key'],
  ];
  for (const [name, over, expected] of cases) {
    test(name, () => {
      assert.equal(presentTray(input(over)).state, expected);
    });
  }
});

describe('tray text per state', () => {
  test('normal: title, tooltip and menu', () => {
    const m = presentTray(input());
    assert.equal(m.title, '1.24 GB');
    assert.equal(
      m.tooltip,
      ['Proxy-Seller: 1.24 GB today', 'Left 6.00 GB of 10.00 GB (expires 2027-01-01)', 'Updated 3 min ago'].join('\n'),
    );
    assert.deepEqual(labels(m), [
      'Today: 1.24 GB',
      'Yesterday: 3.10 GB',
      'Month to date: 20.00 GB',
      'Left: 6.00 GB of 10.00 GB (expires 2027-01-01)',
      // 10:14 UTC in Berlin: a clock time, so the menu does not change every minute.
      'Updated: 11:14',
      'Refresh now',
      'Open details',
      'Settings…',
      'Pause polling',
      'Quit',
    ]);
  });

  test('an expired package says so in the tooltip and the menu', () => {
    const m = presentTray(input({ snapshot: snap({ package: pkg({ expiresAt: NOW - 60_000 }) }) }));
    assert.match(m.tooltip.split('\n')[1]!, /\(expired 2026-11-20\)$/);
    assert.match(item(m, 'left').label, /\(expired 2026-11-20\)$/);
  });

  test('GiB units in title, tooltip and menu', () => {
    const m = presentTray(input({ units: 'GiB' }));
    assert.equal(m.title, '1.15 GiB');
    assert.ok(m.tooltip.startsWith(`Proxy-Seller: 1.15 GiB today\nLeft ${formatBytes(6e9, 'GiB')} of 9.31 GiB`), m.tooltip);
    assert.equal(item(m, 'today').label, 'Today: 1.15 GiB');
  });

  test('expiry date is the local date of the snapshot zone, not UTC', () => {
    const kolkata = snap({ localTimeZone: 'Asia/Kolkata', package: pkg({ expiresAt: Date.parse('2026-12-31T19:00:00Z') }) });
    assert.match(item(presentTray(input({ snapshot: kolkata })), 'left').label, /expires 2027-01-01/);
    const utc = snap({ localTimeZone: 'UTC', package: pkg({ expiresAt: Date.parse('2026-12-31T19:00:00Z') }) });
    assert.match(item(presentTray(input({ snapshot: utc })), 'left').label, /expires 2026-12-31/);
  });

  test('package without expiry, inactive, and no package', () => {
    const noExpiry = presentTray(input({ snapshot: snap({ package: pkg({ expiresAt: null, active: false }) }) }));
    assert.equal(item(noExpiry, 'left').label, 'Left: 6.00 GB of 10.00 GB, inactive');
    const none = presentTray(input({ snapshot: snap({ package: null }) }));
    assert.equal(item(none, 'left').label, 'No package info');
    assert.match(none.tooltip, /\nNo package info\n/);
    assert.equal(none.icon.usedFraction, null);
  });

  test('no key: empty title, a first row pointing to Settings, no figures, refresh disabled', () => {
    const m = presentTray(input({ hasKey: false }));
    assert.equal(m.title, '');
    assert.equal(m.tooltip, 'Proxy-Seller traffic\nNo API key set — open Settings');
    assert.equal(m.menu[0]?.label, 'No API key set — open Settings');
    assert.equal(m.menu[0]?.enabled, false);
    assert.ok(!labels(m).some((l) => /Today|Yesterday|Month|Left|GB/.test(l)), labels(m).join(' | '));
    assert.equal(item(m, 'refresh').enabled, false);
    assert.equal(item(m, 'settings').enabled, true);
    assert.deepEqual(m.icon, { state: 'no-key', text: null, usedFraction: null });
  });

  test('no snapshot yet: waiting row, ellipsis title, gauge without figure', () => {
    const m = presentTray(input({ snapshot: null }));
    assert.equal(m.title, '…');
    assert.equal(m.tooltip, 'Proxy-Seller traffic\nWaiting for the first update');
    assert.deepEqual(labels(m).slice(0, 2), ['Waiting for the first update', 'Refresh now']);
    assert.deepEqual(m.icon, { state: 'normal', text: null, usedFraction: null });
  });

  test('error: the problem row first, shortened to 60 characters; tooltip gives it the room', () => {
    const problem = toProblem(new AccessDeniedError('Error api key'));
    const m = presentTray(input({ snapshot: snap({ stale: true, problem }) }));
    assert.equal(m.state, 'error');
    const row = m.menu[0];
    assert.equal(row?.id, 'problem');
    assert.equal(row?.enabled, false);
    assert.ok(row && row.label.length <= 60 && row.label.endsWith('…'), row?.label);
    assert.ok(problem.message.startsWith(row.label.slice(0, -1)));
    assert.equal(m.title, '1.24 GB');
    assert.ok(m.tooltip.startsWith('Proxy-Seller: 1.24 GB today\nNeeds attention: Proxy-Seller refused the request: the API key is wrong'), m.tooltip);
    assert.equal(m.icon.text, null, 'the error icon draws its "!" and no figure');
  });

  test('a short problem is shown whole', () => {
    const m = presentTray(input({ snapshot: snap({ stale: true, problem: ipProblem() }) }));
    assert.equal(item(m, 'problem').label, 'IP 203.0.113.7 is not allowed to use this API key.');
    assert.match(m.tooltip, /\nNeeds attention: IP 203\.0\.113\.7 is not allowed to use this API key\.$/);
  });

  test('offline: status line and a row even without a problem', () => {
    const m = presentTray(input({ online: false }));
    assert.equal(m.tooltip.split('\n')[2], 'Offline · updated 3 min ago');
    assert.equal(item(m, 'problem').label, 'Offline: waiting for the network');
    const t = presentTray(input({ snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: NOW - 2 * HOUR }) }));
    assert.equal(t.state, 'offline');
    assert.equal(item(t, 'problem').label, 'Proxy-Seller could not be reached.');
    assert.equal(item(t, 'updated').label, 'Updated: 09:17');
  });

  test('stale: status line names the problem or the age', () => {
    const old = presentTray(input({ snapshot: snap({ stale: true, lastSuccessAt: NOW - 26 * HOUR }) }));
    assert.equal(old.tooltip.split('\n')[2], 'Out of date · updated yesterday');
    const limited = presentTray(input({ snapshot: snap({ stale: true, problem: toProblem(new RateLimitedError('limit', 30_000)) }) }));
    assert.equal(limited.tooltip.split('\n')[2], 'Out of date: Proxy-Seller rate limit reached.');
  });

  test('a long rate limit names the local time polling resumes, in the tooltip and the menu', () => {
    // Answered 3 min ago (10:14 UTC) asking for 2 h: until 12:14 UTC, 13:14 in Berlin.
    const answered = NOW - 3 * MIN;
    const problem = toProblem(new RateLimitedError('Proxy-Seller rate limit reached (HTTP 429).', 2 * HOUR, [], answered + 2 * HOUR));
    const m = presentTray(input({ snapshot: snap({ stale: true, problem }) }));
    assert.equal(m.state, 'stale');
    assert.equal(m.tooltip.split('\n')[2], 'Rate limited until 13:14 · updated 3 min ago');
    assert.equal(item(m, 'problem').label, 'Rate limited until 13:14');
    assert.ok(m.tooltip.length <= TOOLTIP_MAX);
    // The same instant an hour later (or after a restart): the same clock time.
    const later = presentTray(input({ now: NOW + HOUR, snapshot: snap({ generatedAt: NOW + HOUR, stale: true, problem }) }));
    assert.equal(item(later, 'problem').label, 'Rate limited until 13:14');
    // Not today in Berlin: the date as well.
    const overnight = toProblem(new RateLimitedError('limit', 20 * HOUR, [], answered + 20 * HOUR));
    const night = presentTray(input({ snapshot: snap({ stale: true, problem: overnight }) }));
    assert.equal(item(night, 'problem').label, 'Rate limited until 2026-11-21 07:14');
    // Once the time has passed (the retry is under way) the plain message is back.
    const past = presentTray(input({ now: answered + 2 * HOUR, snapshot: snap({ stale: true, problem }) }));
    assert.equal(item(past, 'problem').label, 'Proxy-Seller rate limit reached.');
  });

  test('a rate limit of an hour or less keeps the plain message', () => {
    const problem = toProblem(new RateLimitedError('limit', HOUR, [], NOW + HOUR));
    const m = presentTray(input({ snapshot: snap({ stale: true, problem }) }));
    assert.equal(m.tooltip.split('\n')[2], 'Out of date: Proxy-Seller rate limit reached.');
    assert.equal(item(m, 'problem').label, 'Proxy-Seller rate limit reached.');
  });

  test('paused: status line and the toggle reads Resume', () => {
    const m = presentTray(input({ paused: true }));
    assert.equal(m.tooltip.split('\n')[2], 'Paused · updated 3 min ago');
    assert.equal(item(m, 'toggle-pause').label, 'Resume polling');
    assert.equal(presentTray(input()).menu.find((i) => i.id === 'toggle-pause')?.label, 'Pause polling');
    assert.equal(m.icon.text, null);
  });

  test('syncing: "Updating…" and Refresh disabled; never updated', () => {
    const m = presentTray(input({ snapshot: snap({ syncing: true }) }));
    assert.equal(item(m, 'updated').label, 'Updating…');
    assert.equal(item(m, 'refresh').enabled, false);
    assert.equal(m.tooltip.split('\n')[2], 'Updating…');
    assert.equal(item(presentTray(input()), 'refresh').enabled, true);
    const never = presentTray(input({ snapshot: snap({ lastSuccessAt: null, stale: true }) }));
    assert.equal(item(never, 'updated').label, 'Never updated');
  });

  test('menu ids: actions enabled and unique, info rows disabled, two separators', () => {
    const all: TrayModel[] = [
      presentTray(input()),
      presentTray(input({ hasKey: false })),
      presentTray(input({ snapshot: null })),
      presentTray(input({ online: false, paused: true })),
      presentTray(input({ snapshot: snap({ stale: true, problem: ipProblem() }) })),
    ];
    for (const m of all) {
      const ids = m.menu.map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length, `unique ids: ${ids.join(',')}`);
      assert.equal(m.menu.filter((i) => i.type === 'separator').length, 2);
      for (const id of ['open', 'settings', 'toggle-pause', 'quit']) assert.equal(item(m, id).enabled, true, id);
      assert.deepEqual(ids.slice(-7), ['sep-info', 'refresh', 'open', 'settings', 'toggle-pause', 'sep-quit', 'quit']);
      for (const i of m.menu.slice(0, -7)) assert.equal(i.enabled, false, `info row ${i.id} is disabled`);
    }
  });

  test('every tooltip fits Windows: at most 127 characters, 5 lines, 120 per line', () => {
    const long = { kind: 'rejected' as const, needsAction: true, message: `Proxy-Seller rejected the request: ${'x'.repeat(300)}`, action: 'a' };
    const models = [
      presentTray(input()),
      presentTray(input({ hasKey: false })),
      presentTray(input({ snapshot: null })),
      presentTray(input({ snapshot: snap({ stale: true, problem: long }) })),
      presentTray(input({ snapshot: snap({ stale: true, problem: { ...long, kind: 'malformed', needsAction: false } }) })),
      presentTray(input({ snapshot: snap({ stale: true, problem: toProblem(new AccessDeniedError('e')) }) })),
      presentTray(input({ units: 'GiB', snapshot: snap({ package: pkg({ active: false, limitBytes: 999e12, leftBytes: 998e12 }) }) })),
    ];
    for (const m of models) {
      assert.ok(m.tooltip.length <= TOOLTIP_MAX, `${m.tooltip.length}: ${m.tooltip}`);
      const lines = m.tooltip.split('\n');
      assert.ok(lines.length <= 5);
      for (const l of lines) assert.ok(l.length > 0 && l.length <= 120, l);
    }
  });
});

describe('shorten', () => {
  test('keeps short text, cuts long text at a word with an ellipsis', () => {
    assert.equal(shorten('short text', 60), 'short text');
    const s = shorten('one two three four five six seven eight nine ten eleven twelve thirteen', 30);
    assert.ok(s.length <= 30 && s.endsWith('…'), s);
    assert.equal(s, 'one two three four five six…');
    assert.equal(shorten('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });
});

describe('icon spec and iconKey', () => {
  test('figure and gauge come from today and the package', () => {
    const m = presentTray(input());
    assert.deepEqual(m.icon, { state: 'normal', text: '1.2G', usedFraction: 0.4 });
  });

  test('equal input gives an equal key', () => {
    assert.equal(presentTray(input()).iconKey, presentTray(input({ snapshot: snap() })).iconKey);
  });

  test('as minutes pass only the tooltip changes: not the icon key, not the menu (no rebuild under the pointer)', () => {
    const a = presentTray(input());
    const b = presentTray(input({ now: NOW + 7 * MIN }));
    assert.notEqual(a.tooltip, b.tooltip);
    assert.deepEqual(a.menu, b.menu);
    assert.equal(a.iconKey, b.iconKey);
  });

  test('the menu\'s update time: today a clock time, then "yesterday", then the date, in the user\'s zone', () => {
    const zone = 'Europe/Berlin';
    const now = Date.parse('2026-11-20T10:17:00Z');
    assert.equal(clockTimeText(Date.parse('2026-11-20T06:05:00Z'), now, zone), '07:05');
    assert.equal(clockTimeText(Date.parse('2026-11-19T23:05:00Z'), now, zone), '00:05', 'the 19th in UTC, today in Berlin');
    assert.equal(clockTimeText(Date.parse('2026-11-19T22:59:00Z'), now, zone), 'yesterday 23:59');
    assert.equal(clockTimeText(Date.parse('2026-11-19T22:30:00Z'), Date.parse('2026-11-19T23:30:00Z'), 'UTC'), '22:30');
    assert.equal(clockTimeText(Date.parse('2026-11-19T10:00:00Z'), now, zone), 'yesterday 11:00');
    assert.equal(clockTimeText(Date.parse('2026-11-17T10:00:00Z'), now, zone), '2026-11-17 11:00');
    // Across the spring DST change in Berlin: 01:30 UTC is 03:30 local summer time.
    assert.equal(clockTimeText(Date.parse('2026-03-29T01:30:00Z'), Date.parse('2026-03-29T09:00:00Z'), zone), '03:30');
  });

  test('small traffic ticks inside one figure and gauge step keep the key', () => {
    const a = presentTray(input());
    const b = presentTray(input({ snapshot: snap({ today: { date: '2026-11-20', totalBytes: 1_241_000_000, byLogin: {} }, package: pkg({ usedBytes: 4.01e9 }) }) }));
    assert.equal(a.iconKey, b.iconKey);
  });

  test('the key changes when the picture does', () => {
    const base = presentTray(input()).iconKey;
    const keys = [
      presentTray(input({ snapshot: snap({ today: { date: '2026-11-20', totalBytes: 1.36e9, byLogin: {} } }) })).iconKey,
      presentTray(input({ snapshot: snap({ package: pkg({ usedBytes: 4.3e9 }) }) })).iconKey,
      presentTray(input({ snapshot: snap({ stale: true }) })).iconKey,
      presentTray(input({ paused: true })).iconKey,
      presentTray(input({ online: false })).iconKey,
      presentTray(input({ hasKey: false })).iconKey,
      presentTray(input({ snapshot: snap({ package: null }) })).iconKey,
    ];
    for (const k of keys) assert.notEqual(k, base);
    assert.equal(new Set(keys).size, keys.length);
  });

  test('gauge rounds down: full only when the package is used up, clamped to 0..1', () => {
    const f = (usedBytes: number, limitBytes = 10e9) =>
      presentTray(input({ snapshot: snap({ package: pkg({ usedBytes, limitBytes }) }) })).icon.usedFraction;
    assert.equal(f(9.99e9), 0.975);
    assert.equal(f(10e9), 1);
    assert.equal(f(12e9), 1);
    assert.equal(f(0), 0);
    assert.equal(f(-5), 0);
    assert.equal(f(5, 0), null);
  });
});
