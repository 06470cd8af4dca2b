// The tray icon renderer: real pixels (the PNG encoder's tests are in icons.test.ts, beside it).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTrayIcon, stateColours, toBGRA, trayBitmapSize, type IconBitmap, type IconSize, type Rgb } from '../src/main/tray/icon.js';
import { measureText } from '../src/main/tray/pixel-font.js';
import { presentTray, type IconSpec, type TrayState } from '../src/main/tray/presenter.js';

const SIZES: readonly IconSize[] = [16, 24, 32, 48];
const STATES: readonly TrayState[] = ['normal', 'stale', 'offline', 'error', 'no-key', 'paused'];
const WHITE: Rgb = [255, 255, 255];

function specFor(state: TrayState, text: string | null = '1.2G', usedFraction: number | null = 0.5): IconSpec {
  const symbolic = state === 'error' || state === 'no-key' || state === 'paused';
  return { state, text: symbolic ? null : text, usedFraction: state === 'no-key' ? null : usedFraction };
}

function px(bm: IconBitmap, x: number, y: number): [number, number, number, number] {
  const i = (y * bm.width + x) * 4;
  return [bm.rgba[i]!, bm.rgba[i + 1]!, bm.rgba[i + 2]!, bm.rgba[i + 3]!];
}

/** Opaque pixels of exactly colour `c` in rows [y0, y1). */
function countColour(bm: IconBitmap, c: Rgb, y0 = 0, y1 = bm.height): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < bm.width; x++) {
      const [r, g, b, a] = px(bm, x, y);
      if (a === 255 && r === c[0] && g === c[1] && b === c[2]) n++;
    }
  }
  return n;
}

describe('renderTrayIcon: sizes and colours', () => {
  test('every state at every size and mode is size x size RGBA', () => {
    for (const size of SIZES) {
      for (const state of STATES) {
        for (const opts of [{}, { dark: true }, { template: true }]) {
          const bm = renderTrayIcon(specFor(state), size, opts);
          assert.equal(bm.width, size);
          assert.equal(bm.height, size);
          assert.equal(bm.rgba.length, size * size * 4);
        }
      }
    }
  });

  test('the colours say the state: blue normal, amber stale, red error, grey offline/no-key/paused', () => {
    const hue = (c: Rgb) => {
      const [r, g, b] = c;
      if (Math.max(r, g, b) - Math.min(r, g, b) < 40) return 'grey';
      if (b > r && b > g) return 'blue';
      if (r > b && g > b && g > r * 0.5) return 'amber';
      if (r > g && r > b) return 'red';
      return 'other';
    };
    assert.equal(hue(stateColours('normal').bg), 'blue');
    assert.equal(hue(stateColours('stale').bg), 'amber');
    assert.equal(hue(stateColours('error').bg), 'red');
    for (const s of ['offline', 'no-key', 'paused'] as const) {
      assert.equal(hue(stateColours(s).bg), 'grey');
      assert.equal(hue(stateColours(s, true).bg), 'grey');
    }
    // On a dark panel the grey is lighter, so it stays visible.
    assert.ok(stateColours('offline', true).bg[0] > stateColours('offline').bg[0]);
  });

  test('a background pixel carries the state colour; corners are transparent', () => {
    for (const size of SIZES) {
      for (const state of STATES) {
        for (const dark of [false, true]) {
          const bm = renderTrayIcon(specFor(state), size, { dark });
          const { bg } = stateColours(state, dark);
          // Left edge, halfway down: inside the rounded square, clear of text, gauge and symbols.
          assert.deepEqual(px(bm, 0, size >> 1), [...bg, 255], `${state} ${size} dark=${dark}`);
          assert.equal(px(bm, 0, 0)[3], 0, 'rounded corner');
        }
      }
    }
  });

  test('all states look different at every size, coloured and template', () => {
    for (const size of SIZES) {
      for (const opts of [{}, { template: true }]) {
        const seen = new Set<string>();
        for (const state of STATES) seen.add(renderTrayIcon(specFor(state), size, opts).rgba.toString('base64'));
        assert.equal(seen.size, STATES.length, `size ${size} ${JSON.stringify(opts)}`);
      }
    }
  });
});

describe('trayBitmapSize: the physical size Windows and Linux show the 1x bitmap at', () => {
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
  test('the figure fits from 24 px: Windows shows it from 150 % scaling', () => {
    const spec: IconSpec = { state: 'normal', text: '1.2', usedFraction: 0.4 };
    const plain = renderTrayIcon({ ...spec, text: null }, trayBitmapSize('win32', 1.5));
    assert.notDeepEqual(renderTrayIcon(spec, trayBitmapSize('win32', 1.5)).rgba, plain.rgba, 'the text is drawn at 24 px');
    assert.deepEqual(renderTrayIcon(spec, trayBitmapSize('win32', 1)).rgba, renderTrayIcon({ ...spec, text: null }, 16).rgba, '16 px: the gauge only');
  });
});

describe('renderTrayIcon: gauge and text', () => {
  test('the bottom gauge bar fills in proportion to usedFraction (24/32/48 px)', () => {
    for (const size of [24, 32, 48] as const) {
      const lowRows = Math.ceil(size * 0.7); // below the figure: only the bar is there
      const fill = (f: number | null) => countColour(renderTrayIcon({ state: 'normal', text: '1.2G', usedFraction: f }, size), WHITE, lowRows);
      const full = fill(1);
      assert.ok(full > size, `a full bar at ${size} px has pixels (${full})`);
      assert.equal(fill(0), 0);
      assert.equal(fill(null), 0);
      const barH = full / Math.round(full / (size >= 48 ? 4 : size >= 32 ? 3 : 2));
      for (const f of [0.1, 0.25, 0.5, 0.75, 0.9]) {
        const got = fill(f);
        assert.ok(Math.abs(got - f * full) <= barH, `size ${size} f=${f}: ${got} of ${full}`);
      }
      // Null draws no track either: the bar area stays background.
      const bg = stateColours('normal').bg;
      assert.ok(countColour(renderTrayIcon({ state: 'normal', text: '1.2G', usedFraction: null }, size), bg, lowRows) >
        countColour(renderTrayIcon({ state: 'normal', text: '1.2G', usedFraction: 0 }, size), bg, lowRows));
    }
  });

  test('the 16 px ring fills in proportion to usedFraction', () => {
    const fill = (f: number) => countColour(renderTrayIcon({ state: 'normal', text: '1.2G', usedFraction: f }, 16), WHITE);
    const full = fill(1);
    assert.ok(full > 20, `full ring has ${full} white pixels`);
    assert.equal(fill(0), 0);
    let last = 0;
    for (const f of [0.25, 0.5, 0.75]) {
      const got = fill(f);
      assert.ok(got > last, 'monotonic');
      assert.ok(Math.abs(got / full - f) < 0.12, `f=${f}: ${got}/${full}`);
      last = got;
    }
  });

  test('16 px draws the gauge only: the figure is not drawn', () => {
    const withText = renderTrayIcon({ state: 'normal', text: '1.2G', usedFraction: 0.3 }, 16);
    const without = renderTrayIcon({ state: 'normal', text: null, usedFraction: 0.3 }, 16);
    assert.ok(withText.rgba.equals(without.rgba));
  });

  test('a figure too wide for the icon falls back to the gauge', () => {
    assert.ok(measureText('88888M', 1) > 24 - 4);
    const wide = renderTrayIcon({ state: 'normal', text: '88888M', usedFraction: 0.3 }, 24);
    const gauge = renderTrayIcon({ state: 'normal', text: null, usedFraction: 0.3 }, 24);
    assert.ok(wide.rgba.equals(gauge.rgba));
  });

  test('the figure is drawn: glyph pixels differ between "1.2G", "12G" and "850M"', () => {
    for (const size of [24, 32, 48] as const) {
      const ink = (text: string, state: TrayState = 'normal') =>
        countColour(renderTrayIcon({ state, text, usedFraction: null }, size), stateColours(state).fg);
      const a = ink('1.2G');
      const b = ink('12G');
      const c = ink('850M');
      assert.ok(a > 0 && b > 0 && c > 0);
      assert.notEqual(a, b, `size ${size}`);
      assert.notEqual(a, c, `size ${size}`);
      // Stale draws dark ink on amber, and the same figure.
      assert.ok(ink('1.2G', 'stale') > 0);
      // An unknown character falls back to '?', it does not vanish.
      assert.ok(ink('1.2X') > ink('1.2'));
    }
  });

  test('error, no-key and paused draw their symbol in the ink colour, and no figure', () => {
    for (const size of SIZES) {
      for (const state of ['error', 'no-key', 'paused'] as const) {
        const bm = renderTrayIcon({ state, text: null, usedFraction: null }, size);
        assert.ok(countColour(bm, stateColours(state).fg) >= 8, `${state} ${size}`);
      }
      // '!' is thinner than '?' and the pause bars.
      const ink = (state: TrayState) => countColour(renderTrayIcon({ state, text: null, usedFraction: null }, size), WHITE);
      assert.ok(ink('error') < ink('paused'));
    }
  });
});

describe('renderTrayIcon: macOS template', () => {
  test('only black pixels, told apart by alpha; something is drawn', () => {
    for (const size of SIZES) {
      for (const state of STATES) {
        const bm = renderTrayIcon(specFor(state), size, { template: true });
        let opaque = 0;
        let clear = 0;
        for (let i = 0; i < bm.rgba.length; i += 4) {
          assert.equal(bm.rgba[i]! | bm.rgba[i + 1]! | bm.rgba[i + 2]!, 0, `${state} ${size}: non-black pixel`);
          if (bm.rgba[i + 3] === 255) opaque++;
          if (bm.rgba[i + 3] === 0) clear++;
        }
        assert.ok(opaque > 0 && clear > 0, `${state} ${size}`);
      }
    }
  });

  test('the gauge shows usedFraction and the error disc is the heaviest shape', () => {
    const opaque = (spec: IconSpec) => {
      const bm = renderTrayIcon(spec, 32, { template: true });
      let n = 0;
      for (let i = 3; i < bm.rgba.length; i += 4) if (bm.rgba[i] === 255) n++;
      return n;
    };
    const q = opaque({ state: 'normal', text: null, usedFraction: 0.25 });
    const h = opaque({ state: 'normal', text: null, usedFraction: 0.5 });
    const f = opaque({ state: 'normal', text: null, usedFraction: 1 });
    assert.ok(q < h && h < f);
    assert.ok(Math.abs(h / f - 0.5) < 0.1, `${h}/${f}`);
    assert.ok(opaque({ state: 'error', text: null, usedFraction: 0.5 }) > f);
  });

  test('the figure is never drawn in a template (it goes beside the icon via setTitle)', () => {
    const a = renderTrayIcon({ state: 'normal', text: '1.2G', usedFraction: 0.5 }, 32, { template: true });
    const b = renderTrayIcon({ state: 'normal', text: '850M', usedFraction: 0.5 }, 32, { template: true });
    assert.ok(a.rgba.equals(b.rgba));
  });
});

describe('renderTrayIcon: determinism, BGRA', () => {
  test('same input, same bytes', () => {
    for (const size of SIZES) {
      for (const state of STATES) {
        for (const opts of [{}, { template: true }, { dark: true }]) {
          const a = renderTrayIcon(specFor(state), size, opts);
          const b = renderTrayIcon({ ...specFor(state) }, size, { ...opts });
          assert.ok(a.rgba.equals(b.rgba));
        }
      }
    }
  });

  test('toBGRA swaps red and blue and premultiplies alpha', () => {
    const rgba = Buffer.from([10, 20, 30, 255, 255, 0, 0, 128, 1, 2, 3, 0, 200, 100, 50, 51]);
    assert.deepEqual([...toBGRA(rgba)], [30, 20, 10, 255, 0, 0, 128, 128, 0, 0, 0, 0, 10, 20, 40, 51]);
    assert.throws(() => toBGRA(Buffer.alloc(5)), RangeError);
  });
});

describe('presenter and renderer together', () => {
  test('the model of every state renders at the platform sizes', () => {
    const base = {
      snapshot: null,
      hasKey: true,
      paused: false,
      online: true,
      units: 'GB' as const,
      now: 0,
      intervalMs: 300_000,
    };
    const models = [presentTray(base), presentTray({ ...base, hasKey: false }), presentTray({ ...base, paused: true }), presentTray({ ...base, online: false })];
    for (const m of models) {
      for (const size of [16, 24] as const) assert.equal(renderTrayIcon(m.icon, size).rgba.length, size * size * 4);
    }
  });
});
