// The tray icon renderer: real pixels (the PNG encoder's tests are in icons.test.ts, beside it).
// Every quota state x freshness state (and no key) at every size, in every style, must look different
// from every other: in the one-ink styles by shape alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  badgeColours,
  quotaColours,
  renderTrayIcon,
  resolveTrayStyle,
  toBGRA,
  trayBitmapSize,
  type IconBitmap,
  type IconOptions,
  type IconSize,
  type Rgb,
} from '../src/main/tray/icon.js';
import { measureText } from '../src/main/tray/pixel-font.js';
import type { IconSpec, TrayState } from '../src/main/tray/presenter.js';
import { QUOTA_STATES, type QuotaState } from '../src/shared/quota.js';

const SIZES: readonly IconSize[] = [16, 20, 24, 32, 48];
const FRESHNESS: readonly TrayState[] = ['normal', 'stale', 'offline', 'error', 'paused'];
const QUOTAS: ReadonlyArray<QuotaState | null> = [...QUOTA_STATES, null];
const STYLES: ReadonlyArray<[string, IconOptions]> = [
  ['colour, light panel', { style: 'colour' }],
  ['colour, dark panel', { style: 'colour', dark: true }],
  ['monochrome, light panel', { style: 'monochrome' }],
  ['monochrome, dark panel', { style: 'monochrome', dark: true }],
  ['macOS template', { style: 'template' }],
];
const WHITE: Rgb = [255, 255, 255];

/** What the presenter gives for a quota state: a figure only where one is drawn, the share left. */
function specFor(state: TrayState, quota: QuotaState | null, text: string | null = '1.2G'): IconSpec {
  if (state === 'no-key') return { state, quota: null, text: null, leftFraction: null };
  const critical = quota === 'used-up' || quota === 'expired' || quota === 'inactive';
  const leftFraction = quota === null ? null : quota === 'used-up' ? 0 : quota === 'low' ? 0.075 : 0.6;
  return { state, quota, text: critical ? null : text, leftFraction };
}

/** Every picture the tray can show, named. */
function allSpecs(text: string | null = '1.2G'): Array<[string, IconSpec]> {
  const out: Array<[string, IconSpec]> = [];
  for (const quota of QUOTAS) for (const state of FRESHNESS) out.push([`${quota ?? 'unknown'} x ${state}`, specFor(state, quota, text)]);
  out.push(['no key', specFor('no-key', null)]);
  return out;
}

function px(bm: IconBitmap, x: number, y: number): [number, number, number, number] {
  const i = (y * bm.width + x) * 4;
  return [bm.rgba[i]!, bm.rgba[i + 1]!, bm.rgba[i + 2]!, bm.rgba[i + 3]!];
}

/** Pixels that differ by more than a rounding step in any channel (alpha-weighted colour). */
function differingPixels(a: IconBitmap, b: IconBitmap, alphaOnly = false): number {
  let n = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    const aa = a.rgba[i + 3]!;
    const ba = b.rgba[i + 3]!;
    if (Math.abs(aa - ba) > 24) {
      n++;
      continue;
    }
    if (alphaOnly) continue;
    for (let c = 0; c < 3; c++) {
      if (Math.abs((a.rgba[i + c]! * aa) / 255 - (b.rgba[i + c]! * ba) / 255) > 24) {
        n++;
        break;
      }
    }
  }
  return n;
}

/** Opaque pixels of exactly colour `c` in rows [y0, y1) and columns [x0, x1). */
function countColour(bm: IconBitmap, c: Rgb, y0 = 0, y1 = bm.height, x0 = 0, x1 = bm.width): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b, a] = px(bm, x, y);
      if (a === 255 && r === c[0] && g === c[1] && b === c[2]) n++;
    }
  }
  return n;
}

function opaque(bm: IconBitmap): number {
  let n = 0;
  for (let i = 3; i < bm.rgba.length; i += 4) if (bm.rgba[i]! >= 128) n++;
  return n;
}

describe('every quota x freshness state, at every size and style, has a picture of its own', () => {
  for (const size of SIZES) {
    for (const [name, opts] of STYLES) {
      test(`${size} px, ${name}: pairwise distinct${opts.style === 'colour' ? '' : ' by shape alone (alpha)'}`, () => {
        const drawn = allSpecs().map(([n, spec]) => [n, renderTrayIcon(spec, size, opts)] as const);
        // At least a badge's worth of pixels apart: one stray pixel is not "looks different".
        const minDiff = size <= 20 ? 4 : 6;
        for (const [n, bm] of drawn) {
          assert.equal(bm.width, size);
          assert.equal(bm.rgba.length, size * size * 4);
          assert.ok(opaque(bm) > size, `${n}: something is drawn`);
        }
        for (let i = 0; i < drawn.length; i++) {
          for (let j = i + 1; j < drawn.length; j++) {
            const d = differingPixels(drawn[i]![1], drawn[j]![1], opts.style !== 'colour');
            assert.ok(d >= minDiff, `${drawn[i]![0]} and ${drawn[j]![0]} differ in only ${d} pixels`);
          }
        }
      });
    }
  }
});

describe('colours (the colour style) say the quota state; badges say the freshness', () => {
  const hue = (c: Rgb) => {
    const [r, g, b] = c;
    if (Math.max(r, g, b) - Math.min(r, g, b) < 40) return 'grey';
    if (b > r && b > g) return r > g ? 'violet' : 'blue';
    if (r > b && g > b && g > r * 0.5) return 'amber';
    if (r > g && r > b) return b > g * 1.5 ? 'violet' : 'red';
    return 'other';
  };

  test('ok blue, low amber, used up red, expired violet, inactive grey; unknown a slate of its own', () => {
    assert.deepEqual(QUOTA_STATES.map((q) => hue(quotaColours(q).bg)), ['blue', 'amber', 'red', 'violet', 'grey']);
    assert.notDeepEqual(quotaColours(null).bg, quotaColours('inactive').bg);
    assert.ok(quotaColours('inactive', true).bg[0] > quotaColours('inactive').bg[0], 'a lighter grey on a dark panel');
  });

  test('badges: stale amber, error red, offline and paused grey (told apart by shape: a hollow ring, bars, a triangle)', () => {
    assert.equal(hue(badgeColours('stale').bg), 'amber');
    assert.equal(hue(badgeColours('error').bg), 'red');
    assert.equal(hue(badgeColours('offline').bg), 'grey');
    assert.equal(hue(badgeColours('paused').bg), 'grey');
  });

  test('a pixel on the left edge carries the quota colour; the corners are transparent', () => {
    for (const size of SIZES) {
      for (const quota of QUOTAS) {
        for (const dark of [false, true]) {
          const bm = renderTrayIcon(specFor('stale', quota), size, { dark });
          assert.deepEqual(px(bm, 0, size >> 1), [...quotaColours(quota, dark).bg, 255], `${quota} ${size} dark=${dark}`);
          assert.equal(px(bm, 0, 0)[3], 0, 'rounded corner');
        }
      }
    }
  });

  test('a badge is cut clear of the main shape: a transparent gap beside it, none without a badge', () => {
    for (const size of SIZES) {
      const d = size >= 48 ? 17 : size >= 32 ? 12 : size >= 24 ? 9 : size >= 20 ? 8 : 7;
      const row = size - Math.ceil(d / 2);
      const cornerR = Math.max(3, Math.round(size * 0.2));
      // Along the row through the badge's middle, from the icon's middle to where the rounded corner begins.
      const gapIn = (bm: IconBitmap) => {
        for (let x = size >> 1; x < size - cornerR; x++) if (px(bm, x, row)[3] < 255) return true;
        return false;
      };
      for (const state of ['stale', 'offline', 'error', 'paused'] as const) assert.ok(gapIn(renderTrayIcon(specFor(state, 'expired'), size)), `${state} ${size}`);
      assert.equal(gapIn(renderTrayIcon(specFor('normal', 'expired'), size)), false, `fresh ${size}: no gap`);
    }
  });
});

describe('one-ink styles', () => {
  test('monochrome follows the panel: black ink on a light panel, white on a dark one; the template is black', () => {
    for (const size of SIZES) {
      for (const [, spec] of allSpecs()) {
        for (const [opts, ink] of [[{ style: 'monochrome' }, 0], [{ style: 'monochrome', dark: true }, 255], [{ style: 'template' }, 0]] as const) {
          const bm = renderTrayIcon(spec, size, opts);
          for (let i = 0; i < bm.rgba.length; i += 4) {
            if (bm.rgba[i + 3] === 0) continue;
            assert.deepEqual([bm.rgba[i], bm.rgba[i + 1], bm.rgba[i + 2]], [ink, ink, ink], `${JSON.stringify(opts)} ${size}`);
          }
        }
      }
    }
  });

  test('the template never draws the figure (it goes beside the icon via setTitle); monochrome does from 24 px', () => {
    const a = renderTrayIcon(specFor('normal', 'ok', '1.2G'), 32, { style: 'template' });
    const b = renderTrayIcon(specFor('normal', 'ok', '850M'), 32, { style: 'template' });
    assert.ok(a.rgba.equals(b.rgba));
    const m1 = renderTrayIcon(specFor('normal', 'ok', '1.2G'), 24, { style: 'monochrome' });
    const m2 = renderTrayIcon(specFor('normal', 'ok', '850M'), 24, { style: 'monochrome' });
    assert.ok(!m1.rgba.equals(m2.rgba));
  });

  test('the template gauge empties with what is left', () => {
    const ink = (leftFraction: number) => opaque(renderTrayIcon({ state: 'normal', quota: 'ok', text: null, leftFraction }, 32, { style: 'template' }));
    assert.ok(ink(0.25) < ink(0.5) && ink(0.5) < ink(1));
  });
});

describe('the key fact at every size', () => {
  test('16 and 20 px: a bold ring of what is left, in proportion; no figure', () => {
    for (const size of [16, 20] as const) {
      const fill = (f: number) => countColour(renderTrayIcon({ state: 'normal', quota: 'ok', text: '1.2G', leftFraction: f }, size), WHITE);
      const full = fill(1);
      assert.ok(full > 2 * size, `a full ring at ${size} px has ${full} white pixels`);
      assert.equal(fill(0), 0);
      let last = 0;
      for (const f of [0.25, 0.5, 0.75]) {
        const got = fill(f);
        assert.ok(got > last, 'empties as less is left');
        assert.ok(Math.abs(got / full - f) < 0.12, `${size} px f=${f}: ${got}/${full}`);
        last = got;
      }
      const withText = renderTrayIcon({ state: 'normal', quota: 'ok', text: '1.2G', leftFraction: 0.3 }, size);
      const without = renderTrayIcon({ state: 'normal', quota: 'ok', text: null, leftFraction: 0.3 }, size);
      assert.ok(withText.rgba.equals(without.rgba), `${size} px: the gauge only`);
    }
  });

  test('from 24 px: the figure, with a bar of what is left below it in proportion', () => {
    for (const size of [24, 32, 48] as const) {
      const lowRows = Math.ceil(size * 0.72); // below the figure: only the bar is there
      const fill = (f: number | null) => countColour(renderTrayIcon({ state: 'normal', quota: 'ok', text: '1.2G', leftFraction: f }, size), WHITE, lowRows);
      const full = fill(1);
      assert.ok(full > size, `a full bar at ${size} px has pixels (${full})`);
      assert.equal(fill(0), 0);
      assert.equal(fill(null), 0);
      const barH = size >= 48 ? 4 : size >= 32 ? 3 : 2;
      for (const f of [0.1, 0.5, 0.9]) assert.ok(Math.abs(fill(f) - f * full) <= barH, `size ${size} f=${f}`);
      const ink = (text: string) => countColour(renderTrayIcon({ state: 'normal', quota: 'ok', text, leftFraction: null }, size), WHITE);
      assert.ok(ink('1.2G') > 0 && ink('1.2G') !== ink('12G') && ink('1.2G') !== ink('850M'));
      // The trayFigure setting's figures: percent, days and hours have their glyphs.
      assert.ok(ink('42%') !== ink('42') && ink('9d') !== ink('9') && ink('5h') !== ink('5'));
      // An unknown character falls back to '?', it does not vanish.
      assert.ok(ink('1.2X') > ink('1.2'));
    }
  });

  test('used up, expired and inactive draw their shape at every size, never a figure', () => {
    for (const size of SIZES) {
      for (const quota of ['used-up', 'expired', 'inactive'] as const) {
        const a = renderTrayIcon({ state: 'normal', quota, text: '1.2G', leftFraction: 0 }, size);
        const b = renderTrayIcon({ state: 'normal', quota, text: null, leftFraction: 0 }, size);
        assert.ok(a.rgba.equals(b.rgba), `${quota} ${size}`);
      }
    }
  });

  test('a figure too wide for the icon falls back to the gauge', () => {
    assert.ok(measureText('88888M', 1) > 24 - 4);
    const wide = renderTrayIcon({ state: 'normal', quota: 'ok', text: '88888M', leftFraction: 0.3 }, 24);
    const gauge = renderTrayIcon({ state: 'normal', quota: 'ok', text: null, leftFraction: 0.3 }, 24);
    assert.ok(wide.rgba.equals(gauge.rgba));
  });

  test('low and ok differ by shape even with the same share left (the triangle)', () => {
    for (const size of SIZES) {
      for (const text of [null, '1.2G']) {
        const ok = renderTrayIcon({ state: 'normal', quota: 'ok', text, leftFraction: 0.1 }, size, { style: 'monochrome' });
        const low = renderTrayIcon({ state: 'normal', quota: 'low', text, leftFraction: 0.1 }, size, { style: 'monochrome' });
        assert.ok(differingPixels(ok, low, true) >= 3, `${size} ${text}`);
      }
    }
  });
});

describe('sizes and styles per platform', () => {
  test('Windows: the small-icon size of each scaling step (16, 20, 24, 32 px), the next size up between', () => {
    const at = (scale: number) => trayBitmapSize('win32', scale);
    assert.deepEqual([1, 1.25, 1.5, 1.75, 2, 2.5, 3].map(at), [16, 20, 24, 32, 32, 48, 48]);
  });
  test('Linux: 24 px panels, 48 px on a 2x display', () => {
    const at = (scale: number) => trayBitmapSize('linux', scale);
    assert.deepEqual([1, 1.25, 1.5, 2, 3].map(at), [24, 32, 48, 48, 48]);
  });
  test('a scale factor that makes no sense is taken as 1', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(trayBitmapSize('win32', bad), 16);
  });
  test('trayStyle "auto": monochrome on Linux and Windows 11, colour on Windows 10; macOS always the template; a choice wins', () => {
    assert.equal(resolveTrayStyle('auto', 'linux', '6.8.0-45-generic'), 'monochrome');
    assert.equal(resolveTrayStyle('auto', 'win32', '10.0.22631'), 'monochrome');
    assert.equal(resolveTrayStyle('auto', 'win32', '10.0.19045'), 'colour');
    assert.equal(resolveTrayStyle('auto', 'win32', 'odd'), 'colour');
    assert.equal(resolveTrayStyle('colour', 'linux', '6.8.0'), 'colour');
    assert.equal(resolveTrayStyle('monochrome', 'win32', '10.0.19045'), 'monochrome');
    for (const s of ['auto', 'colour', 'monochrome'] as const) assert.equal(resolveTrayStyle(s, 'darwin', '24.0.0'), 'template');
  });
});

describe('determinism, BGRA', () => {
  test('same input, same bytes', () => {
    for (const size of SIZES) {
      for (const [, opts] of STYLES) {
        for (const [, spec] of allSpecs()) assert.ok(renderTrayIcon(spec, size, opts).rgba.equals(renderTrayIcon({ ...spec }, size, { ...opts }).rgba));
      }
    }
  });

  test('toBGRA swaps red and blue and premultiplies alpha', () => {
    const rgba = Buffer.from([10, 20, 30, 255, 255, 0, 0, 128, 1, 2, 3, 0, 200, 100, 50, 51]);
    assert.deepEqual([...toBGRA(rgba)], [30, 20, 10, 255, 0, 0, 128, 128, 0, 0, 0, 0, 10, 20, 40, 51]);
    assert.throws(() => toBGRA(Buffer.alloc(5)), RangeError);
  });
});
