// Pictures of the tray in every quota x freshness state, as the presenter and the icon renderer
// produce them, at the real sizes (Windows 16/20/24/32 px, Linux 24/48 px, macOS 16 pt template at
// 1x and 2x), in each style on its panel (test-results/screenshots/tray-states-*.png, for people to
// look at and for the README), plus one magnified sheet of the small sizes. The test also checks that
// the states come out distinct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { renderTrayIcon, type IconOptions, type IconSize } from '../src/main/tray/icon.js';
import { encodePng } from '../scripts/icons/png.js';
import { presentTray, type TrayInput, type TrayModel } from '../src/main/tray/presenter.js';
import { toProblem, IpNotAllowedError, TransportError } from '../src/core/api/errors.js';
import { QUOTA_STATES, type QuotaState } from '../src/shared/quota.js';
import type { PackageInfo, Snapshot } from '../src/shared/types.js';
import { FIXTURE_NOW, makePackage, makeSnapshot } from './support/snapshot-fixture.js';

const OUT = resolve(import.meta.dirname, '../test-results/screenshots');
const INTERVAL = 5 * 60_000;
const SIZES: readonly IconSize[] = [16, 20, 24, 32, 48];

const PACKAGES: Record<QuotaState, PackageInfo> = {
  ok: makePackage(),
  low: makePackage({ usedBytes: 46e9, leftBytes: 4e9 }),
  'used-up': makePackage({ usedBytes: 50e9, leftBytes: 0 }),
  expired: makePackage({ expiresAt: FIXTURE_NOW - 3_600_000 }),
  inactive: makePackage({ active: false }),
};

const FRESHNESS: Array<[string, Partial<TrayInput>, Partial<Snapshot>]> = [
  ['fresh', {}, { lastSuccessAt: FIXTURE_NOW - 60_000, stale: false, problem: null }],
  ['stale', {}, { lastSuccessAt: FIXTURE_NOW - 3 * INTERVAL, stale: true, problem: null }],
  ['offline', { online: false }, { stale: true, problem: toProblem(new TransportError('unreachable', 'dns')) }],
  ['needs attention', {}, { stale: true, problem: toProblem(new IpNotAllowedError('IP not allowed', '203.0.113.7')) }],
  ['paused', { paused: true }, { lastSuccessAt: FIXTURE_NOW - 60_000, stale: false, problem: null }],
];

/** Rows: the quota states and "no package info yet"; columns: the freshness states; then no key. */
function models(): { rows: Array<[string, TrayModel[]]>; noKey: TrayModel } {
  const base: TrayInput = {
    snapshot: null,
    hasKey: true,
    paused: false,
    online: true,
    units: 'GB',
    now: FIXTURE_NOW,
    intervalMs: INTERVAL,
    thresholds: { leftBelowPercent: 10, leftBelowBytes: 1e9 },
    figure: 'today',
    nextCheckAt: FIXTURE_NOW + INTERVAL,
    locale: 'en-US',
  };
  const row = (pkg: PackageInfo | null) => FRESHNESS.map(([, over, snap]) => presentTray({ ...base, ...over, snapshot: makeSnapshot({ package: pkg, ...snap }) }));
  return {
    rows: [...QUOTA_STATES.map((q) => [q, row(PACKAGES[q])] as [string, TrayModel[]]), ['no package info', row(null)]],
    noKey: presentTray({ ...base, hasKey: false }),
  };
}

type Bitmap = { rgba: Uint8Array; width: number; height: number };

/** A sheet: per size a block of icons (rows x columns, no key at the end of the first row) on the panel colour. */
function sheet(grid: TrayModel[][], sizes: readonly IconSize[], opts: IconOptions, panel: readonly [number, number, number], zoom = 1): Bitmap {
  const pad = 6;
  const cols = Math.max(...grid.map((r) => r.length));
  const blockW = (s: number) => cols * (s + pad);
  const width = (pad + sizes.reduce((a, s) => a + blockW(s) + pad, 0)) * zoom;
  const height = (pad + grid.length * (Math.max(...sizes) + pad)) * zoom;
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set([panel[0], panel[1], panel[2], 255], i * 4);
  let x0 = pad;
  for (const size of sizes) {
    grid.forEach((row, r) => {
      row.forEach((m, c) => {
        const icon = renderTrayIcon(m.icon, size, opts);
        const ox = x0 + c * (size + pad);
        const oy = pad + r * (Math.max(...sizes) + pad);
        for (let y = 0; y < size * zoom; y++) {
          for (let x = 0; x < size * zoom; x++) {
            const s = (Math.floor(y / zoom) * size + Math.floor(x / zoom)) * 4;
            const d = ((oy * zoom + y) * width + ox * zoom + x) * 4;
            const a = icon.rgba[s + 3]! / 255;
            for (let k = 0; k < 3; k++) out[d + k] = Math.round(icon.rgba[s + k]! * a + out[d + k]! * (1 - a));
          }
        }
      });
    });
    x0 += blockW(size) + pad;
  }
  return { rgba: out, width, height };
}

async function save(name: string, img: Bitmap): Promise<void> {
  const png = encodePng(img.rgba, img.width, img.height);
  await writeFile(join(OUT, `${name}.png`), png);
  // A valid PNG of the right size.
  assert.equal(png.readUInt32BE(16), img.width);
  assert.equal(png.readUInt32BE(20), img.height);
  const idat = png.indexOf('IDAT');
  assert.ok(idat > 0 && inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))).length > 0);
}

test('tray states, every quota x freshness at real sizes in each style, drawn and distinct, saved as pictures', async () => {
  const { rows, noKey } = models();
  const grid = rows.map(([, r], i) => (i === 0 ? [...r, noKey] : r));
  const all = grid.flat();
  assert.equal(new Set(all.map((m) => m.iconKey)).size, all.length, 'each state draws a different picture');
  for (const [q, r] of rows) for (const m of r) assert.equal(m.quota ?? 'no package info', q);
  await mkdir(OUT, { recursive: true });
  const light = [236, 236, 236] as const;
  const dark = [32, 33, 36] as const;
  await save('tray-states-light', sheet(grid, SIZES, { style: 'colour' }, light));
  await save('tray-states-dark', sheet(grid, SIZES, { style: 'colour', dark: true }, dark));
  await save('tray-states-mono-light', sheet(grid, SIZES, { style: 'monochrome' }, light));
  await save('tray-states-mono-dark', sheet(grid, SIZES, { style: 'monochrome', dark: true }, dark));
  await save('tray-states-macos-template', sheet(grid, [16, 32], { style: 'template' }, [246, 246, 246]));
  // The small sizes magnified, for reading the shapes.
  await save('tray-states-zoom', sheet(grid, [16, 24], { style: 'colour' }, light, 4));
  await save('tray-states-zoom-mono', sheet(grid, [16, 24], { style: 'monochrome', dark: true }, dark, 4));
  // The tooltips and the titles are what Windows, Linux and macOS users read: one per state, for the README.
  const lines: string[] = [];
  rows.forEach(([q, r]) => r.forEach((m, i) => lines.push(`${q} x ${FRESHNESS[i]![0]}: [${m.title}] ${m.tooltip.replace(/\n/g, ' | ')}`)));
  lines.push(`no key: [${noKey.title}] ${noKey.tooltip.replace(/\n/g, ' | ')}`);
  await writeFile(join(OUT, 'tray-tooltips.txt'), `${lines.join('\n')}\n`);
  for (const m of all) assert.ok(m.tooltip.length <= 127);
});
