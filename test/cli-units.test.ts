// The CLI's pure pieces: compact bytes, the near-name suggestion, the command-line wording of
// problems, and the bars' escaping and length limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactBytes } from '../src/shared/bytes.js';
import { distance, nearest, parseCommandLine } from '../src/cli/args.js';
import { cliProblem } from '../src/cli/problem-words.js';
import { barText, TEXT_MAX, tmux, waybar, xbar, type StatusView } from '../src/cli/bar-formats.js';
import type { PackageInfo, Problem } from '../src/shared/types.js';

const PKG: PackageInfo = { key: 'k', active: true, limitBytes: 50e9, usedBytes: 42e9, leftBytes: 8e9, reservedBytes: 0, expiresAt: null, autoRenew: null, rotationSeconds: null, tariffId: null };

function view(patch: Partial<StatusView> = {}): StatusView {
  return { todayBytes: 1.24e9, pkg: PKG, quota: 'ok', forecast: { kind: 'no-package' }, problem: null, stale: false, updatedAt: null, now: 0, zone: 'UTC', units: 'GB', ...patch };
}

test('compact bytes keep three digits at most and one decimal from the unit up', () => {
  assert.equal(compactBytes(1.24e9, 'GB'), '1.24G');
  assert.equal(compactBytes(8e9, 'GB'), '8.0G');
  assert.equal(compactBytes(125e9, 'GB'), '125G');
  assert.equal(compactBytes(999.6e6, 'GB'), '1.0G', 'rounding up moves to the next unit');
  assert.equal(compactBytes(512, 'GB'), '512B');
  assert.equal(compactBytes(2 ** 30, 'GiB'), '1.0Gi');
});

test('a swapped pair of letters is one edit; near names are suggested, far ones not', () => {
  assert.equal(distance('todya', 'today'), 1);
  assert.equal(nearest('todya', ['today', 'day', 'history']), 'today');
  assert.equal(nearest('xyz', ['today', 'day']), null);
});

test('the command line is read by its own rules: --x=value, -h, -- ends the options', () => {
  const table = { from: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  assert.deepEqual(parseCommandLine(['history', '--from=2026-01-01', '-h', '--', '--json'], table), { values: { from: '2026-01-01', help: true }, positionals: ['history', '--json'] });
  assert.throws(() => parseCommandLine(['--json', '--json'], table), /--json is given twice/);
});

test('problems are worded for a command line: no "retry by itself", no "HTTP error" for a 200', () => {
  const p: Problem = { kind: 'transport', needsAction: false, message: 'Proxy-Seller answered with an HTTP error (HTTP 200, not JSON).', action: 'Check your connection; it will retry by itself.' };
  const w = cliProblem(p, { customBaseUrl: false });
  assert.equal(w.message, 'Proxy-Seller answered HTTP 200 but not with JSON.');
  assert.equal(w.action, 'Check your connection; then try again.');
  const unknown = cliProblem({ ...p, action: 'It will retry by itself; if this persists, report it.' }, { customBaseUrl: false });
  assert.equal(unknown.action, 'Try again; if this persists, report it.');
});

test('bar text stays within 40 characters; markup and bar syntax in it are escaped', () => {
  const problem: Problem = { kind: 'rejected', needsAction: true, message: 'a <b> & c | d', action: 'x' };
  const v = view({ todayBytes: 123.4e12, pkg: { ...PKG, leftBytes: 999.9e12 }, problem });
  assert.ok(barText(v).length <= TEXT_MAX, barText(v));
  const w = JSON.parse(waybar(v)) as { tooltip: string };
  assert.match(w.tooltip, /a &lt;b&gt; &amp; c \| d/);
  const title = xbar(v, { node: '/n', script: '/s' }).split('\n');
  assert.ok(title.some((l) => l.includes('a <b> & c ¦ d')), 'a | in a detail would start xbar parameters');
  assert.match(tmux(view({ problem: { ...problem, kind: 'no-key' } })), /^#\[fg=#f05050\]/);
});

test('over several packages the text says what is left in total; the worst state goes to the class, and to the text only when it is the whole story', () => {
  const total = { ...PKG, key: 'total' };
  const some = view({ pkg: total, quota: 'expired', shownQuota: 'ok', packages: [] });
  assert.equal(barText(some), '1.24G · 8.0G left');
  assert.deepEqual((JSON.parse(waybar(some)) as { class: string[] }).class, ['critical']);
  const every = view({ pkg: { ...total, leftBytes: 0, expiresAt: 1 }, quota: 'expired', shownQuota: 'expired', packages: [], now: 10 });
  assert.equal(barText(every), '1.24G · expired');
});
