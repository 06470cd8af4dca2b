// Pictures of the tray in each state, as the presenter and the icon renderer produce them, on a
// light and a dark panel (test-results/screenshots/tray-states-*.png, for people to look at and for
// the README). The test also checks the states come out distinct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { renderTrayIcon } from '../src/main/tray/icon.js';
import { encodePng } from '../scripts/icons/png.js';
import { presentTray, type TrayModel } from '../src/main/tray/presenter.js';
import { toProblem, IpNotAllowedError, TransportError } from '../src/core/api/errors.js';
import { FIXTURE_NOW, makeSnapshot } from './support/snapshot-fixture.js';

const OUT = resolve(import.meta.dirname, '../test-results/screenshots');
const INTERVAL = 5 * 60_000;

function models(): Array<[string, TrayModel]> {
  const base = { hasKey: true, paused: false, online: true, units: 'GB' as const, now: FIXTURE_NOW, intervalMs: INTERVAL };
  const fresh = makeSnapshot({ lastSuccessAt: FIXTURE_NOW - 60_000, stale: false, problem: null });
  return [
    ['normal', presentTray({ ...base, snapshot: fresh })],
    ['stale', presentTray({ ...base, snapshot: makeSnapshot({ lastSuccessAt: FIXTURE_NOW - 3 * INTERVAL, stale: true, problem: null }) })],
    ['offline', presentTray({ ...base, online: false, snapshot: makeSnapshot({ stale: true, problem: toProblem(new TransportError('unreachable', 'dns')) }) })],
    ['error', presentTray({ ...base, snapshot: makeSnapshot({ stale: true, problem: toProblem(new IpNotAllowedError('IP not allowed', '203.0.113.7')) }) })],
    ['paused', presentTray({ ...base, paused: true, snapshot: fresh })],
    ['no-key', presentTray({ ...base, hasKey: false, snapshot: null })],
  ];
}

/** Icons side by side on a panel colour, alpha-blended, with a gap between them. */
function strip(icons: Array<{ rgba: Uint8Array; width: number; height: number }>, panel: readonly [number, number, number]) {
  const pad = 12;
  const size = icons[0]!.width;
  const width = pad + icons.length * (size + pad);
  const height = size + 2 * pad;
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set([panel[0], panel[1], panel[2], 255], i * 4);
  icons.forEach((icon, n) => {
    const x0 = pad + n * (size + pad);
    for (let y = 0; y < icon.height; y++) {
      for (let x = 0; x < icon.width; x++) {
        const s = (y * icon.width + x) * 4;
        const d = ((y + pad) * width + x0 + x) * 4;
        const a = icon.rgba[s + 3]! / 255;
        for (let c = 0; c < 3; c++) out[d + c] = Math.round(icon.rgba[s + c]! * a + out[d + c]! * (1 - a));
      }
    }
  });
  return { rgba: out, width, height };
}

test('tray states, drawn and distinct, saved as pictures', async () => {
  const list = models();
  assert.deepEqual(list.map(([, m]) => m.state), ['normal', 'stale', 'offline', 'error', 'paused', 'no-key']);
  assert.equal(new Set(list.map(([, m]) => m.iconKey)).size, list.length, 'each state draws a different picture');
  await mkdir(OUT, { recursive: true });
  const variants = [
    { name: 'tray-states-light', panel: [236, 236, 236] as const, dark: false, template: false },
    { name: 'tray-states-dark', panel: [32, 33, 36] as const, dark: true, template: false },
    { name: 'tray-states-macos-template', panel: [246, 246, 246] as const, dark: false, template: true },
  ];
  for (const v of variants) {
    const icons = list.map(([, m]) => renderTrayIcon(m.icon, 48, { dark: v.dark, template: v.template }));
    const img = strip(icons, v.panel);
    const png = encodePng(img.rgba, img.width, img.height);
    await writeFile(join(OUT, `${v.name}.png`), png);
    // A valid PNG of the right size whose pixels differ from a blank panel.
    assert.equal(png.readUInt32BE(16), img.width);
    assert.equal(png.readUInt32BE(20), img.height);
    const idat = png.indexOf('IDAT');
    assert.ok(idat > 0 && inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))).length > 0);
  }
  // The tooltips are what Windows and Linux users read: one per state, for the README.
  const tooltips = list.map(([name, m]) => `${name}: ${m.tooltip.replace(/\n/g, ' | ')}`).join('\n');
  await writeFile(join(OUT, 'tray-tooltips.txt'), `${tooltips}\n`);
  for (const [, m] of list) assert.ok(m.tooltip.length <= 127);
});
