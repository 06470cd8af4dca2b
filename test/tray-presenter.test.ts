// The tray presenter: state priority, title, tooltip, menu and icon spec for every state, from real
// snapshots and real Problems (built by the engine's own toProblem).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  presentTray,
  clockTimeText,
  shorten,
  TOOLTIP_MAX,
  isTrayAction,
  percentLeftFigure,
  MENU_TITLE_MAX,
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
import { type MoneyFacts, type PackageInfo, type Renewal, type Snapshot, type TopUp, NO_MONEY } from '../src/shared/types.js';
import type { Money } from '../src/shared/money.js';
import { FIXTURE_NOW, makePackage, makeSnapshot } from './support/snapshot-fixture.js';
import type { QuotaState } from '../src/shared/quota.js';
import { formatBytes } from '../src/shared/bytes.js';
import { shortDateText } from '../src/shared/local-dates.js';

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
    reservedBytes: 0,
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
    titles: {},
    money: NO_MONEY,
    ...over,
  };
}

type Input = Parameters<typeof presentTray>[0];
const THRESHOLDS = { leftBelowPercent: 10, leftBelowBytes: 500_000_000 };
function input(over: Partial<Input> = {}): Input {
  return { snapshot: snap(), hasKey: true, paused: false, online: true, units: 'GB', now: NOW, intervalMs: INTERVAL, thresholds: THRESHOLDS, figure: 'today', nextCheckAt: null, locale: 'en-US', ...over };
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
      ['Proxy-Seller: 1.24 GB today', 'Left: 6.00 GB of 10.00 GB (60%), expires Jan 1, 2027', 'Updated 3 min ago'].join('\n'),
    );
    assert.deepEqual(labels(m), [
      'Today: 1.24 GB',
      'Yesterday: 3.10 GB',
      'Month to date: 20.00 GB',
      'Left: 6.00 GB of 10.00 GB (60%), expires Jan 1, 2027',
      'Nothing used lately',
      // 10:14 UTC in Berlin: a clock time, so the menu does not change every minute.
      'Updated: 11:14',
      'Top up on proxy-seller.com…',
      'Refresh now',
      'Open details',
      'Settings…',
      'Pause polling',
      'Quit',
    ]);
  });

  test('an expired package says so in the tooltip and the menu', () => {
    const m = presentTray(input({ snapshot: snap({ package: pkg({ expiresAt: NOW - 60_000 }) }) }));
    assert.equal(m.tooltip.split('\n')[1], 'Expired Nov 20: 6.00 GB left unused');
    assert.equal(item(m, 'left').label, 'Expired Nov 20: 6.00 GB left unused');
    assert.equal(m.title, 'Expired');
  });

  test('GiB units in title, tooltip and menu', () => {
    const m = presentTray(input({ units: 'GiB' }));
    assert.equal(m.title, '1.15 GiB');
    assert.ok(m.tooltip.startsWith(`Proxy-Seller: 1.15 GiB today\nLeft: ${formatBytes(6e9, 'GiB')} of 9.31 GiB`), m.tooltip);
    assert.equal(item(m, 'today').label, 'Today: 1.15 GiB');
  });

  test('expiry date is the local date of the snapshot zone, not UTC', () => {
    const kolkata = snap({ localTimeZone: 'Asia/Kolkata', package: pkg({ expiresAt: Date.parse('2026-12-31T19:00:00Z') }) });
    assert.match(item(presentTray(input({ snapshot: kolkata })), 'left').label, /expires Jan 1, 2027$/);
    const utc = snap({ localTimeZone: 'UTC', package: pkg({ expiresAt: Date.parse('2026-12-31T19:00:00Z') }) });
    assert.match(item(presentTray(input({ snapshot: utc })), 'left').label, /expires Dec 31$/);
  });

  test('package without expiry, inactive, and no package', () => {
    const noExpiry = presentTray(input({ snapshot: snap({ package: pkg({ expiresAt: null, active: false }) }) }));
    assert.equal(item(noExpiry, 'left').label, 'Inactive: 6.00 GB of 10.00 GB left');
    assert.equal(noExpiry.title, 'Inactive');
    const none = presentTray(input({ snapshot: snap({ package: null }) }));
    assert.equal(item(none, 'left').label, 'No package info');
    assert.match(none.tooltip, /\nNo package info\n/);
    assert.equal(none.icon.leftFraction, null);
    assert.equal(none.quota, null);
  });

  test('no key: empty title, a clickable "Set your API key…" row first, no figures, refresh disabled', () => {
    const m = presentTray(input({ hasKey: false }));
    assert.equal(m.title, '');
    assert.equal(m.tooltip, 'Proxy-Seller traffic\nNo API key set: choose "Set your API key…"');
    assert.deepEqual(m.menu[0], { id: 'set-key', label: 'Set your API key…', enabled: true });
    assert.ok(isTrayAction('set-key'));
    assert.equal(m.menu.find((i) => i.id === 'top-up'), undefined, 'nothing to top up before there is a key');
    assert.ok(!labels(m).some((l) => /Today|Yesterday|Month|Left|GB/.test(l)), labels(m).join(' | '));
    assert.equal(item(m, 'refresh').enabled, false);
    assert.equal(item(m, 'settings').enabled, true);
    assert.deepEqual(m.icon, { state: 'no-key', quota: null, text: null, leftFraction: null });
  });

  test('no snapshot yet: waiting row, ellipsis title, gauge without figure', () => {
    const m = presentTray(input({ snapshot: null }));
    assert.equal(m.title, '…');
    assert.equal(m.tooltip, 'Proxy-Seller traffic\nWaiting for the first update');
    assert.deepEqual(labels(m).slice(0, 3), ['Waiting for the first update', 'Top up on proxy-seller.com…', 'Refresh now']);
    assert.deepEqual(m.icon, { state: 'normal', quota: null, text: null, leftFraction: null });
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
    assert.deepEqual([m.icon.state, m.icon.quota, m.icon.text], ['error', 'ok', '1.2G'], 'the figure with the "!" badge on top');
  });

  test('a short problem is shown whole', () => {
    const m = presentTray(input({ snapshot: snap({ stale: true, problem: ipProblem() }) }));
    assert.equal(item(m, 'problem').label, 'IP 203.0.113.7 is not allowed to use this API key.');
    assert.match(m.tooltip, /\nNeeds attention: IP 203\.0\.113\.7 is not allowed to use this API key\.$/);
  });

  test('offline: status line and a row even without a problem', () => {
    const m = presentTray(input({ online: false }));
    assert.equal(m.tooltip.split('\n')[2], 'Offline · last good update 11:14');
    assert.equal(item(m, 'problem').label, 'Offline: waiting for the network');
    const t = presentTray(input({ snapshot: snap({ stale: true, problem: transport(), lastSuccessAt: NOW - 2 * HOUR }) }));
    assert.equal(t.state, 'offline');
    assert.equal(item(t, 'problem').label, 'Proxy-Seller could not be reached.');
    assert.equal(item(t, 'updated').label, 'Last good update: 09:17');
  });

  test('stale: status line names the problem or the age', () => {
    const old = presentTray(input({ snapshot: snap({ stale: true, lastSuccessAt: NOW - 26 * HOUR }) }));
    assert.equal(old.tooltip.split('\n')[2], 'Out of date · last good update yesterday 09:17');
    const limited = presentTray(input({ snapshot: snap({ stale: true, problem: toProblem(new RateLimitedError('limit', 30_000)) }) }));
    assert.equal(limited.tooltip.split('\n')[2], 'Out of date: Proxy-Seller rate limit reached.');
  });

  test('a long rate limit names the local time polling resumes, in the tooltip and the menu', () => {
    // Answered 3 min ago (10:14 UTC) asking for 2 h: until 12:14 UTC, 13:14 in Berlin.
    const answered = NOW - 3 * MIN;
    const problem = toProblem(new RateLimitedError('Proxy-Seller rate limit reached (HTTP 429).', 2 * HOUR, [], answered + 2 * HOUR));
    const m = presentTray(input({ snapshot: snap({ stale: true, problem }) }));
    assert.equal(m.state, 'stale');
    assert.equal(m.tooltip.split('\n')[2], 'Rate limited until 13:14 · last good update 11:14');
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
    assert.deepEqual([m.icon.state, m.icon.text], ['paused', '1.2G'], 'the figure with the pause badge');
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
      const actions = m.state === 'no-key' ? ['sep-info', 'refresh', 'open', 'settings', 'toggle-pause', 'sep-quit', 'quit'] : ['sep-info', 'top-up', 'refresh', 'open', 'settings', 'toggle-pause', 'sep-quit', 'quit'];
      assert.deepEqual(ids.slice(-actions.length), actions);
      for (const i of m.menu.slice(0, -actions.length)) assert.equal(i.enabled, i.id === 'set-key', `info row ${i.id} is disabled`);
      for (const i of m.menu) if (i.enabled && i.type !== 'separator') assert.ok(isTrayAction(i.id), `${i.id} is an action`);
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
    assert.deepEqual(m.icon, { state: 'normal', quota: 'ok', text: '1.2G', leftFraction: 0.6 });
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
      presentTray(input({ snapshot: snap({ package: pkg({ usedBytes: 4.3e9, leftBytes: 5.7e9 }) }) })).iconKey,
      presentTray(input({ snapshot: snap({ stale: true }) })).iconKey,
      presentTray(input({ paused: true })).iconKey,
      presentTray(input({ online: false })).iconKey,
      presentTray(input({ hasKey: false })).iconKey,
      presentTray(input({ snapshot: snap({ package: null }) })).iconKey,
    ];
    for (const k of keys) assert.notEqual(k, base);
    assert.equal(new Set(keys).size, keys.length);
  });

  test('the gauge of what is left rounds up: empty only when nothing is left, clamped to 0..1', () => {
    const f = (leftBytes: number, limitBytes = 10e9) =>
      presentTray(input({ snapshot: snap({ package: pkg({ leftBytes, usedBytes: limitBytes - leftBytes, limitBytes }) }) })).icon.leftFraction;
    assert.equal(f(0.01e9), 0.025);
    assert.equal(f(6e9), 0.6);
    assert.equal(f(10e9), 1);
    assert.equal(f(12e9), 1);
    assert.equal(f(0), 0);
    assert.equal(f(-5), 0);
    assert.equal(f(5, 0), null);
  });
});

// ---- issue 10: quota beside freshness, the figure setting, the forecast and the new rows ----

const QUOTA_PACKAGES: Array<[QuotaState, PackageInfo]> = [
  ['ok', pkg()],
  // 8 % left: below the 10 % threshold.
  ['low', pkg({ usedBytes: 9.2e9, leftBytes: 0.8e9 })],
  ['used-up', pkg({ usedBytes: 10.5e9, leftBytes: 0 })],
  ['expired', pkg({ expiresAt: NOW - HOUR })],
  ['inactive', pkg({ active: false })],
];

const FRESHNESS: Array<[TrayState, Partial<Input>, Partial<Snapshot>]> = [
  ['normal', {}, {}],
  ['stale', {}, { stale: true, lastSuccessAt: NOW - 20 * MIN }],
  ['offline', { online: false }, { stale: true }],
  ['error', {}, { stale: true, problem: ipProblem() }],
  ['paused', { paused: true }, {}],
];

const QUOTA_WORDS: Record<QuotaState, RegExp> = {
  ok: /^Left: 6\.00 GB of 10\.00 GB \(60%\)/,
  low: /^Running low: 800\.0 MB of 10\.00 GB left \(8%\)/,
  'used-up': /^Used up: 10\.50 GB of 10\.00 GB, over by 500\.0 MB$/,
  expired: /^Expired Nov 20: 6\.00 GB left unused$/,
  inactive: /^Inactive: 6\.00 GB of 10\.00 GB left/,
};

describe('quota is a state of its own, beside freshness', () => {
  for (const [quota, p] of QUOTA_PACKAGES) {
    for (const [state, over, snapOver] of FRESHNESS) {
      test(`${quota} x ${state}: icon, title, tooltip and menu agree`, () => {
        const m = presentTray(input({ ...over, snapshot: snap({ package: p, ...snapOver }) }));
        assert.equal(m.state, state);
        assert.equal(m.quota, quota);
        assert.deepEqual([m.icon.state, m.icon.quota], [state, quota]);
        assert.match(item(m, 'left').label, QUOTA_WORDS[quota]);
        const critical = quota === 'used-up' || quota === 'expired' || quota === 'inactive';
        // The icon draws the quota's own shape, never a figure, when nothing can be used; the title says it in a word.
        assert.equal(m.icon.text, critical ? null : '1.2G');
        assert.equal(m.title, critical ? { 'used-up': 'Used up', expired: 'Expired', inactive: 'Inactive' }[quota] : '1.24 GB');
        // The tooltip names the quota state too (an error gives its room to the problem unless nothing can be used).
        const line2 = m.tooltip.split('\n')[1]!;
        if (state !== 'error' || critical) assert.match(line2, QUOTA_WORDS[quota]);
        // Nothing says "runs out" about a package that cannot be used any more.
        if (critical) assert.equal(m.menu.find((i) => i.id === 'forecast'), undefined);
        // Never "just now" beside figures that are out of date.
        if (state === 'stale' || state === 'offline' || state === 'error') {
          for (const text of [m.tooltip, ...labels(m)]) assert.doesNotMatch(text, /just now|Updated \d/, text);
        }
        assert.ok(m.tooltip.length <= TOOLTIP_MAX, m.tooltip);
      });
    }
  }

  test('the thresholds are the user\'s: "low" follows leftBelowPercent and leftBelowBytes, off when null', () => {
    const eightPercent = snap({ package: pkg({ usedBytes: 9.2e9, leftBytes: 0.8e9 }) });
    assert.equal(presentTray(input({ snapshot: eightPercent })).quota, 'low');
    assert.equal(presentTray(input({ snapshot: eightPercent, thresholds: { leftBelowPercent: 5, leftBelowBytes: null } })).quota, 'ok');
    assert.equal(presentTray(input({ snapshot: eightPercent, thresholds: { leftBelowPercent: null, leftBelowBytes: 1e9 } })).quota, 'low');
    assert.equal(presentTray(input({ snapshot: eightPercent, thresholds: { leftBelowPercent: null, leftBelowBytes: null } })).quota, 'ok');
  });

  test('every quota x freshness pair has its own icon key', () => {
    const keys = new Set<string>();
    for (const [, p] of QUOTA_PACKAGES) for (const [, over, snapOver] of FRESHNESS) keys.add(presentTray(input({ ...over, snapshot: snap({ package: p, ...snapOver }) })).iconKey);
    assert.equal(keys.size, QUOTA_PACKAGES.length * FRESHNESS.length);
  });
});

const runsOut = (over: Partial<Extract<Snapshot['forecast'], { kind: 'runs-out' }>> = {}): Snapshot['forecast'] => ({
  kind: 'runs-out',
  averageDailyBytes: 2.6e9,
  runsOutOn: '2026-11-29',
  runsOutAt: Date.parse('2026-11-29T12:00:00Z'),
  lastsPastExpiry: false,
  daysBeforeExpiry: 33,
  unusedAtExpiryBytes: 0,
  dailyBudgetBytes: 0.14e9,
  ...over,
});

describe('the figure setting (trayFigure)', () => {
  const cases: Array<[Input['figure'], Partial<Snapshot>, string | null, string]> = [
    ['today', {}, '1.2G', '1.24 GB'],
    ['left', {}, '6.0G', '6.00 GB left'],
    ['percent-left', {}, '60%', '60% left'],
    ['days-left', { forecast: runsOut() }, '9d', '9 days left'],
    ['days-left', { forecast: runsOut({ runsOutOn: '2026-11-21', runsOutAt: Date.parse('2026-11-21T08:00:00Z') }) }, '1d', '1 day left'],
    // Runs out today at 19:00 Berlin (18:00 UTC), 7 h 43 min from now: hours, rounded up.
    ['days-left', { forecast: runsOut({ runsOutOn: '2026-11-20', runsOutAt: Date.parse('2026-11-20T18:00:00Z') }) }, '8h', '8 h left'],
    // It lasts past the expiry (1 Jan in Berlin): the days until then are what is left to use it.
    // Runs out at the very end of Nov 29 (its instant is Nov 30, 00:00 Berlin): as many days as the menu's "Nov 29".
    ['days-left', { forecast: runsOut({ runsOutAt: Date.parse('2026-11-29T23:00:00Z') }) }, '9d', '9 days left'],
    // Expires today at 14:00 Berlin (it is 11:17) but would run out tonight: usable for 2 h 43 min, not until the run-out.
    [
      'days-left',
      { package: pkg({ expiresAt: Date.parse('2026-11-20T13:00:00Z') }), forecast: runsOut({ runsOutOn: '2026-11-20', runsOutAt: Date.parse('2026-11-20T20:00:00Z'), daysBeforeExpiry: 0, unusedAtExpiryBytes: 0.7e9 }) },
      '3h',
      '3 h left',
    ],
    ['days-left', { forecast: runsOut({ runsOutOn: '2027-02-01', runsOutAt: Date.parse('2027-02-01T12:00:00Z'), lastsPastExpiry: true, unusedAtExpiryBytes: 420e9 }) }, '42d', '42 days left'],
    ['days-left', { forecast: { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: 6e9, dailyBudgetBytes: 0.14e9 } }, '42d', '42 days left'],
    // No pace and no expiry: no figure to give; the gauge shows what is left, the title says today's use.
    ['days-left', { package: pkg({ expiresAt: null }), forecast: { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: null, dailyBudgetBytes: null } }, null, '1.24 GB today'],
    ['left', { package: null, forecast: { kind: 'no-package' } }, null, '1.24 GB today'],
  ];
  for (const [figure, over, text, title] of cases) {
    test(`${figure}${over.forecast ? ` (${over.forecast.kind})` : ''}: icon "${text}", title "${title}"`, () => {
      const m = presentTray(input({ figure, snapshot: snap(over) }));
      assert.equal(m.icon.text, text);
      assert.equal(m.title, title);
    });
  }

  test('the share left is the same figure everywhere: 0 % only when nothing is left, 100 % only when nothing is used', () => {
    const p = (leftBytes: number) => percentLeftFigure(pkg({ leftBytes, usedBytes: 10e9 - leftBytes }));
    assert.deepEqual([p(0), p(0.03e9), p(0.8e9), p(9.96e9), p(10e9)], [0, 1, 8, 99, 100]);
    const m = presentTray(input({ figure: 'percent-left', snapshot: snap({ package: pkg({ leftBytes: 0.03e9, usedBytes: 9.97e9 }) }) }));
    assert.equal(m.icon.text, '1%');
    assert.match(item(m, 'left').label, /\(1%\)/);
  });

  test('a different figure is a different icon key', () => {
    const keys = (['today', 'left', 'percent-left', 'days-left'] as const).map((figure) => presentTray(input({ figure, snapshot: snap({ forecast: runsOut() }) })).iconKey);
    assert.equal(new Set(keys).size, 4);
  });
});

describe('menu: forecast, top up, set the key, next check, rate limit', () => {
  test('runs out in N days, on a date in the user\'s locale, at the daily pace', () => {
    const m = presentTray(input({ snapshot: snap({ forecast: runsOut() }) }));
    assert.equal(item(m, 'forecast').label, 'Runs out in 9 days, Nov 29, at 2.60 GB/day');
    const tomorrow = presentTray(input({ snapshot: snap({ forecast: runsOut({ runsOutOn: '2026-11-21', runsOutAt: Date.parse('2026-11-21T08:00:00Z') }) }) }));
    assert.equal(item(tomorrow, 'forecast').label, 'Runs out tomorrow, Nov 21, at 2.60 GB/day');
    const german = presentTray(input({ locale: 'de-DE', snapshot: snap({ forecast: runsOut() }) }));
    assert.equal(item(german, 'forecast').label, `Runs out in 9 days, ${shortDateText('2026-11-29', '2026-11-20', 'de-DE')}, at 2.60 GB/day`);
    assert.notEqual(shortDateText('2026-11-29', '2026-11-20', 'de-DE'), 'Nov 29');
    assert.equal(shortDateText('2027-01-03', '2026-11-20', 'en-US'), 'Jan 3, 2027', 'another year is named');
    assert.equal(shortDateText('2026-11-29', '2026-11-20', 'not a locale!'), 'Nov 29', 'a locale Intl refuses falls back');
  });

  test('runs out today: "around" the local clock time', () => {
    const m = presentTray(input({ snapshot: snap({ forecast: runsOut({ runsOutOn: '2026-11-20', runsOutAt: Date.parse('2026-11-20T18:00:00Z') }) }) }));
    assert.equal(item(m, 'forecast').label, 'Runs out today, around 19:00');
  });

  test('lasts past expiry: what will expire unused; no use lately: the same', () => {
    const past = presentTray(input({ snapshot: snap({ forecast: runsOut({ lastsPastExpiry: true, unusedAtExpiryBytes: 420e9, runsOutOn: '2027-03-01' }) }) }));
    assert.equal(item(past, 'forecast').label, 'Lasts past expiry: 420.00 GB will expire unused');
    const idle = presentTray(input({ snapshot: snap({ forecast: { kind: 'no-usage', averageDailyBytes: 0, unusedAtExpiryBytes: 6e9, dailyBudgetBytes: 0.14e9 } }) }));
    assert.equal(item(idle, 'forecast').label, 'Nothing used lately: 6.00 GB will expire unused');
    const none = presentTray(input({ snapshot: snap({ package: null, forecast: { kind: 'no-package' } }) }));
    assert.equal(none.menu.find((i) => i.id === 'forecast'), undefined);
  });

  test('"Top up on proxy-seller.com…" is an enabled action whenever there is a key', () => {
    for (const over of [{}, { paused: true }, { online: false }, { snapshot: null }, { snapshot: snap({ package: pkg({ leftBytes: 0, usedBytes: 10e9 }) }) }] as Array<Partial<Input>>) {
      const row = item(presentTray(input(over)), 'top-up');
      assert.deepEqual(row, { id: 'top-up', label: 'Top up on proxy-seller.com…', enabled: true });
    }
    assert.ok(isTrayAction('top-up'));
  });

  test('the next check time, in the user\'s zone; none while paused or checking', () => {
    const at = Date.parse('2026-11-20T10:22:00Z');
    assert.equal(item(presentTray(input({ nextCheckAt: at })), 'next-check').label, 'Next check: 11:22');
    assert.equal(item(presentTray(input({ nextCheckAt: Date.parse('2026-11-20T23:30:00Z') })), 'next-check').label, 'Next check: tomorrow 00:30');
    assert.equal(presentTray(input({ nextCheckAt: null })).menu.find((i) => i.id === 'next-check'), undefined);
    assert.equal(presentTray(input({ nextCheckAt: at, paused: true })).menu.find((i) => i.id === 'next-check'), undefined);
    assert.equal(presentTray(input({ nextCheckAt: at, snapshot: snap({ syncing: true }) })).menu.find((i) => i.id === 'next-check'), undefined);
  });

  test('a long rate limit is the first row, with the next check at its end', () => {
    const answered = NOW - 3 * MIN;
    const problem = toProblem(new RateLimitedError('limit', 2 * HOUR, [], answered + 2 * HOUR));
    const m = presentTray(input({ nextCheckAt: answered + 2 * HOUR, snapshot: snap({ stale: true, problem }) }));
    assert.equal(m.menu[0]?.label, 'Rate limited until 13:14');
    assert.equal(item(m, 'next-check').label, 'Next check: 13:14');
  });
});

describe('paused with stale figures', () => {
  test('the tray says "last good update" as the window does, never "updated 3 h ago" as if current', () => {
    const old = snap({ stale: true, lastSuccessAt: NOW - 3 * HOUR });
    const m = presentTray(input({ paused: true, snapshot: old }));
    assert.equal(m.state, 'paused');
    assert.match(m.tooltip, /last good update 08:17/i);
    assert.doesNotMatch(m.tooltip, /updated 3 h ago/);
    assert.equal(item(m, 'updated').label, 'Last good update: 08:17');
  });
});

describe('titles and money in the menu (snapshots from the shared fixture)', () => {
  const usd = (minor: number): Money => ({ minor, currency: 'USD' });
  const at = (over: Partial<Snapshot> = {}) => input({ now: FIXTURE_NOW, snapshot: makeSnapshot(over) });
  const money = (over: Partial<MoneyFacts> = {}): MoneyFacts => ({
    ...NO_MONEY,
    pricePerGb: usd(220),
    spend: { pricePerGb: usd(220), spent: usd(1400), bought: usd(22000), boughtBytes: 100 * 2 ** 30, usedBytes: 6.4 * 2 ** 30 },
    monthToDateCost: usd(4100),
    balance: usd(1240),
    spendUpdatedAt: FIXTURE_NOW,
    ...over,
  });
  const short: Renewal = { on: '2026-06-25', trafficUsedUp: true, price: usd(11000), balance: usd(1240), short: usd(9760), balanceAsOf: null };
  const topUp: TopUp = { until: '2026-06-30', soldGb: 6, bytes: 6 * 2 ** 30, cost: usd(1320), pricePerGb: usd(220) };
  const today = (byLogin: Record<string, number>) => ({ date: '2026-06-10', totalBytes: Object.values(byLogin).reduce((a, b) => a + b, 0), byLogin });

  test('the day\'s top lists by title under "Today", busiest first; the login where a list has none; the rest in one row that adds up', () => {
    const m = presentTray(
      at({
        today: today({ '437e7d9ca1050bab': 0.8e9, b2: 0.3e9, c3: 0.2e9, d4: 0.05e9, e5: 0.01e9, idle: 0 }),
        titles: { '437e7d9ca1050bab': 'Client A scraper', c3: 'SERP DE', idle: 'Idle list' },
      }),
    );
    const rows = labels(m);
    const at0 = rows.indexOf('Today: 1.36 GB');
    assert.deepEqual(rows.slice(at0, at0 + 5), ['Today: 1.36 GB', '   Client A scraper: 800.0 MB', '   b2: 300.0 MB', '   SERP DE: 200.0 MB', '   2 other lists: 60.0 MB']);
    assert.ok(!rows.some((l) => l.includes('Idle list')), 'a list without traffic today is not named');
    // Four lists fit as they are: a "1 other list" row would be no shorter.
    const four = labels(presentTray(at({ today: today({ a: 4e9, b: 3e9, c: 2e9, d: 1e9 }) })));
    assert.deepEqual(four.filter((l) => l.startsWith('   ')), ['   a: 4.00 GB', '   b: 3.00 GB', '   c: 2.00 GB', '   d: 1.00 GB']);
  });

  test('one list is the whole day: no row repeats "Today"', () => {
    const m = presentTray(at({ titles: { main: 'Main' } }));
    assert.ok(!labels(m).some((l) => l.startsWith('   ')), labels(m).join(' | '));
  });

  test('a title is the user\'s text: one line, no bidi overrides, clipped so the menu stays narrow', () => {
    const long = 'Client A: the scraper that runs every night for the marketing team\nand more';
    const m = presentTray(at({ today: today({ x1: 2e9, x2: 1e9 }), titles: { x1: long, x2: 'evil\u202Etxt.exe' } }));
    const row = item(m, 'list-1').label;
    assert.ok(row.length <= 3 + MENU_TITLE_MAX + ': 2.00 GB'.length, row);
    assert.match(row, /^ {3}Client A: the scraper that…: 2\.00 GB$/);
    assert.equal(item(m, 'list-2').label, '   eviltxt.exe: 1.00 GB');
  });

  test('money rows where known: the month\'s cost at its price, the renewal marked when short, the top-up hint; no package spend (its period is not the month\'s)', () => {
    const m = presentTray(
      at({ package: makePackage({ autoRenew: true }), money: money({ renewal: short, topUp }) }),
    );
    assert.equal(item(m, 'month').label, 'Month to date: 20.00 GB · $41.00 at $2.20/GiB');
    assert.equal(m.menu.find((i) => i.id === 'spend'), undefined);
    assert.equal(item(m, 'renewal').label, '⚠ Auto-renews on Jun 25 (traffic used up) for $110.00; balance $12.40, short by $97.60');
    assert.equal(item(m, 'top-up-hint').label, 'To last until Jun 30 at this pace, add about 6 GiB (about $13.20 at $2.20/GiB)');
    // The balance cannot pay the renewal: running out is running out, and the renewal row says why.
    assert.equal(item(m, 'forecast').label, 'Runs out in 15 days, Jun 25, at 2.00 GB/day');
    // A balance that pays it: running out means renewing, and the forecast row says so.
    const pays = presentTray(at({ package: makePackage({ autoRenew: true }), money: money({ renewal: { ...short, balance: usd(20000), short: usd(0) } }) }));
    assert.equal(item(pays, 'forecast').label, 'Renews in 15 days, Jun 25 (traffic used up), at 2.00 GB/day');
    const ids = m.menu.map((i) => i.id);
    assert.deepEqual(ids.slice(0, ids.indexOf('updated')), ['today', 'yesterday', 'month', 'left', 'forecast', 'renewal', 'top-up-hint']);
    for (const i of m.menu.slice(0, ids.indexOf('sep-info'))) assert.equal(i.enabled, false, `${i.id} is an info row`);
  });

  test('a renewal the balance pays is not marked', () => {
    const pays: Renewal = { on: '2026-06-30', trafficUsedUp: false, price: usd(11000), balance: usd(20000), short: usd(0), balanceAsOf: null };
    const m = presentTray(at({ package: makePackage({ autoRenew: true }), money: money({ renewal: pays }) }));
    assert.equal(item(m, 'renewal').label, 'Auto-renews on Jun 30 for $110.00; balance $200.00 pays it');
  });

  test('an account without money shows the rest and no money row at all', () => {
    const m = presentTray(at());
    assert.equal(item(m, 'month').label, 'Month to date: 20.00 GB');
    for (const id of ['spend', 'renewal', 'top-up-hint']) assert.equal(m.menu.find((i) => i.id === id), undefined, id);
    assert.ok(!labels(m).some((l) => l.includes('$')), labels(m).join(' | '));
    assert.ok(!m.tooltip.includes('$'));
    // A price known but no spend, no renewal: only what is known.
    const partial = presentTray(at({ money: { ...NO_MONEY, pricePerGb: usd(220), monthToDateCost: usd(4100) } }));
    assert.equal(item(partial, 'month').label, 'Month to date: 20.00 GB · $41.00 at $2.20/GiB');
    assert.equal(partial.menu.find((i) => i.id === 'spend'), undefined);
  });

  test('the tooltip names a renewal the balance cannot pay, and still fits Windows', () => {
    const m = presentTray(at({ package: makePackage({ autoRenew: true }), money: money({ renewal: short }) }));
    assert.deepEqual(m.tooltip.split('\n'), ['Proxy-Seller: 1.00 GB today', 'Left: 30.00 GB of 50.00 GB (60%)', 'Auto-renewal Jun 25: short by $97.60', 'Updated just now']);
    assert.ok(m.tooltip.length <= TOOLTIP_MAX);
    const paid = presentTray(at({ package: makePackage({ autoRenew: true }), money: money({ renewal: { ...short, balance: usd(20000), short: usd(0), balanceAsOf: null } }) }));
    assert.deepEqual(paid.tooltip.split('\n').slice(1), ['Left: 30.00 GB of 50.00 GB (60%), expires Jun 30', 'Updated just now'], 'a renewal that is paid is no news');
    // No room beside a long status: the status stays whole, the renewal line goes.
    const long = { kind: 'rejected' as const, needsAction: false, message: `Proxy-Seller rejected the request: ${'x'.repeat(60)}`, action: 'a' };
    const crowded = presentTray(at({ stale: true, problem: long, package: makePackage({ autoRenew: true }), money: money({ renewal: short }) }));
    assert.ok(crowded.tooltip.length <= TOOLTIP_MAX, crowded.tooltip);
    assert.ok(!crowded.tooltip.includes('Auto-renewal'), crowded.tooltip);
  });
});
