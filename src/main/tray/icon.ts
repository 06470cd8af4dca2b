// Draws the tray icon into an RGBA bitmap: pure, deterministic and fast, so it runs (and is tested) in plain Node.
//
// Byte order of every bitmap here: RGBA, 8 bits per channel, straight (not premultiplied) alpha,
// row-major from the top row, no padding (stride = width * 4). Use toBGRA() for Electron's
// nativeImage.createFromBitmap, and encodePng() (png.ts) for files.
import { GLYPH_HEIGHT, glyphFor, layoutText, measureText } from './pixel-font.js';
import type { IconSpec, TrayState } from './presenter.js';

export type IconSize = 16 | 20 | 24 | 32 | 48;

export interface IconOptions {
  /** macOS menu bar: black + alpha only; the system tints it. The state is told by shape, the figure by setTitle. */
  template?: boolean;
  /** The panel is dark (Windows/Linux): grey states use a lighter grey so they stay visible. */
  dark?: boolean;
}

export interface IconBitmap {
  width: number;
  height: number;
  /** RGBA, straight alpha, top row first. */
  rgba: Buffer;
}

export type Rgb = readonly [number, number, number];

const WHITE: Rgb = [0xff, 0xff, 0xff];
const BLACK: Rgb = [0, 0, 0];
const INK_ON_AMBER: Rgb = [0x2b, 0x1d, 0x05];
const GREY_ON_LIGHT: Rgb = [0x6b, 0x72, 0x80];
const GREY_ON_DARK: Rgb = [0x86, 0x8e, 0x9b];

/** Background and ink colour per state: the colour alone tells the states apart at a glance. */
export function stateColours(state: TrayState, dark = false): { bg: Rgb; fg: Rgb } {
  const grey = dark ? GREY_ON_DARK : GREY_ON_LIGHT;
  switch (state) {
    case 'normal':
      return { bg: [0x1f, 0x6f, 0xd1], fg: WHITE };
    case 'stale':
      return { bg: [0xf2, 0xa0, 0x1c], fg: INK_ON_AMBER };
    case 'error':
      return { bg: [0xd9, 0x2d, 0x20], fg: WHITE };
    case 'offline':
    case 'no-key':
    case 'paused':
      return { bg: grey, fg: WHITE };
  }
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

// ---- a tiny canvas over the RGBA buffer ----

class Canvas {
  readonly rgba: Buffer;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.rgba = Buffer.alloc(w * h * 4);
  }

  /** Source-over with straight alpha; `a` in 0..1. */
  blend(x: number, y: number, c: Rgb, a: number): void {
    if (a <= 0 || x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const i = (y * this.w + x) * 4;
    const d = this.rgba;
    if (a >= 1) {
      d[i] = c[0];
      d[i + 1] = c[1];
      d[i + 2] = c[2];
      d[i + 3] = 255;
      return;
    }
    const da = d[i + 3]! / 255;
    const oa = a + da * (1 - a);
    const k = (da * (1 - a)) / oa;
    d[i] = Math.round(c[0] * (a / oa) + d[i]! * k);
    d[i + 1] = Math.round(c[1] * (a / oa) + d[i + 1]! * k);
    d[i + 2] = Math.round(c[2] * (a / oa) + d[i + 2]! * k);
    d[i + 3] = Math.round(oa * 255);
  }

  /** Overwrite, alpha included (used to punch holes in template shapes). */
  set(x: number, y: number, c: Rgb, alpha255: number): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const i = (y * this.w + x) * 4;
    this.rgba[i] = c[0];
    this.rgba[i + 1] = c[1];
    this.rgba[i + 2] = c[2];
    this.rgba[i + 3] = alpha255;
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb, a = 1): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.blend(xx, yy, c, a);
  }
}

// 4x4 supersampling for the curved edges: enough for smooth 16 px rings, cheap at these sizes.
const SS = 4;
const SUB: readonly number[] = Array.from({ length: SS }, (_, i) => (i + 0.5) / SS);
const SAMPLES = SS * SS;

/** A rounded square filling the whole icon; only the corner pixels are supersampled. */
function roundedBackground(cv: Canvas, c: Rgb): void {
  const n = cv.w;
  const r = Math.max(3, Math.round(n * 0.2));
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const inCornerX = x < r || x >= n - r;
      const inCornerY = y < r || y >= n - r;
      if (!(inCornerX && inCornerY)) {
        cv.blend(x, y, c, 1);
        continue;
      }
      const ccx = x < r ? r : n - r;
      const ccy = y < r ? r : n - r;
      let hits = 0;
      for (const sy of SUB) {
        for (const sx of SUB) {
          const dx = x + sx - ccx;
          const dy = y + sy - ccy;
          if (dx * dx + dy * dy <= r * r) hits++;
        }
      }
      cv.blend(x, y, c, hits / SAMPLES);
    }
  }
}

const TAU = Math.PI * 2;
const HALF_DIAGONAL = Math.SQRT1_2 + 1e-9;

// Math.hypot is several times slower in V8.
function dist(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

interface RingStyle {
  track: Rgb;
  trackAlpha: number;
  fill: Rgb;
  fillAlpha: number;
  /** Draw the track as dashes (offline in template mode). */
  dashed?: boolean;
}

/** A ring gauge centred in the icon, filled clockwise from 12 o'clock by `fraction` (null: track only). */
function ring(cv: Canvas, rOut: number, rIn: number, fraction: number | null, s: RingStyle): void {
  const c = cv.w / 2;
  const limit = fraction === null ? 0 : Math.min(1, Math.max(0, fraction)) * TAU;
  const rOut2 = rOut * rOut;
  const rIn2 = rIn * rIn;
  const lo = Math.max(0, Math.floor(c - rOut - 1));
  const hi = Math.min(cv.w, Math.ceil(c + rOut + 1));
  for (let y = lo; y < hi; y++) {
    for (let x = lo; x < hi; x++) {
      // Skip pixels wholly outside the ring or inside its hole (the half-diagonal is under 0.71 px).
      const pd = dist(x + 0.5 - c, y + 0.5 - c);
      if (pd - HALF_DIAGONAL > rOut || pd + HALF_DIAGONAL < rIn) continue;
      if (!s.dashed && pd - HALF_DIAGONAL >= rIn && pd + HALF_DIAGONAL <= rOut) {
        // Wholly on the ring: when the pixel is clear of the fill's start (12 o'clock) and its end, it is
        // all fill or all track, and needs no samples.
        let a = Math.atan2(x + 0.5 - c, c - (y + 0.5));
        if (a < 0) a += TAU;
        const half = Math.asin(Math.min(1, HALF_DIAGONAL / pd)) + 1e-6;
        if (a - half > 0 && a + half < TAU && Math.abs(a - limit) > half) {
          if (a < limit) cv.blend(x, y, s.fill, s.fillAlpha);
          else cv.blend(x, y, s.track, s.trackAlpha);
          continue;
        }
      }
      let fill = 0;
      let track = 0;
      for (const sy of SUB) {
        const dy = y + sy - c;
        for (const sx of SUB) {
          const dx = x + sx - c;
          const d2 = dx * dx + dy * dy;
          if (d2 > rOut2 || d2 < rIn2) continue;
          let a = Math.atan2(dx, -dy);
          if (a < 0) a += TAU;
          if (a < limit) fill++;
          else if (!s.dashed || Math.floor((a / TAU) * 12) % 2 === 0) track++;
        }
      }
      if (track > 0) cv.blend(x, y, s.track, (s.trackAlpha * track) / SAMPLES);
      if (fill > 0) cv.blend(x, y, s.fill, (s.fillAlpha * fill) / SAMPLES);
    }
  }
}

/** A filled disc, supersampled. */
function disc(cv: Canvas, r: number, col: Rgb, alpha: number): void {
  const c = cv.w / 2;
  for (let y = 0; y < cv.h; y++) {
    for (let x = 0; x < cv.w; x++) {
      const pd = dist(x + 0.5 - c, y + 0.5 - c);
      if (pd - HALF_DIAGONAL > r) continue;
      if (pd + HALF_DIAGONAL < r) {
        cv.blend(x, y, col, alpha);
        continue;
      }
      let hits = 0;
      for (const sy of SUB) {
        for (const sx of SUB) {
          const dx = x + sx - c;
          const dy = y + sy - c;
          if (dx * dx + dy * dy <= r * r) hits++;
        }
      }
      cv.blend(x, y, col, (alpha * hits) / SAMPLES);
    }
  }
}

/** Two hands (12 and 3 o'clock) inside the ring: reads as a clock, i.e. "old data". */
function clockHands(cv: Canvas, rIn: number): void {
  const n = cv.w;
  const t = Math.max(1, Math.round(n / 16)); // stroke
  const len = Math.max(2, Math.floor(rIn * 0.85));
  const c0 = Math.floor(n / 2 - t / 2);
  cv.fillRect(c0, c0 - len + t, t, len, BLACK); // up to 12
  cv.fillRect(c0, c0, len - Math.ceil(len / 4), t, BLACK); // right to 3, shorter
}

type SymbolKind = '!' | '?' | 'pause';

/** Scale (px per font pixel) for a state symbol: about half the icon tall, 2 px clear of its area, at least 2. */
function symbolScale(size: number, areaH: number): number {
  return Math.max(2, Math.min(Math.floor((size * 0.55) / GLYPH_HEIGHT), Math.floor((areaH - 4) / GLYPH_HEIGHT)));
}

/** Draw a state symbol centred in the rows [top, top + areaH); `paint` fills (or punches) one rectangle. */
function symbol(
  kind: SymbolKind,
  size: number,
  top: number,
  areaH: number,
  paint: (x: number, y: number, w: number, h: number) => void,
  scale = symbolScale(size, areaH),
): void {
  const s = scale;
  const h = GLYPH_HEIGHT * s;
  const y = top + Math.floor((areaH - h) / 2);
  if (kind === 'pause') {
    const bar = Math.max(2, Math.round(size * 0.14));
    const gap = Math.max(2, Math.round(bar * 0.8));
    const x = Math.floor((size - (2 * bar + gap)) / 2);
    paint(x, y, bar, h);
    paint(x + bar + gap, y, bar, h);
    return;
  }
  const w = glyphFor(kind).width * s;
  layoutText(kind, Math.floor((size - w) / 2), y, s, s, paint);
}

function stateSymbol(state: TrayState): SymbolKind | null {
  if (state === 'error') return '!';
  if (state === 'no-key') return '?';
  if (state === 'paused') return 'pause';
  return null;
}

/** Geometry shared by the coloured icons at 24 px and up: a gauge bar along the bottom, text above it. */
function barGeometry(size: number): { x: number; y: number; w: number; h: number } {
  const h = size >= 48 ? 4 : size >= 32 ? 3 : 2;
  const inset = Math.round(size / 8);
  return { x: inset, y: size - inset - h, w: size - 2 * inset, h };
}

interface TextFit {
  sx: number;
  sy: number;
  gap: number;
  width: number;
}

/** Gap between glyphs: a full font pixel at scale 1, about half of one above (thick strokes need less air). */
function glyphGap(sx: number): number {
  return sx === 1 ? 1 : Math.ceil(sx / 2);
}

/**
 * Integer scales for `text` in a `boxW` x `boxH` box, capped at size/16 so a short figure ("12G") does not
 * balloon; glyphs are drawn 1.5x taller than wide, using the height the wide-and-short text leaves free.
 * Null when even scale 1 does not fit.
 */
function fitText(text: string, size: number, boxW: number, boxH: number): TextFit | null {
  for (let sx = Math.max(1, Math.floor(size / 16)); sx >= 1; sx--) {
    const gap = glyphGap(sx);
    const width = measureText(text, sx, gap);
    if (width > boxW) continue;
    const sy = Math.min(Math.round(sx * 1.5), Math.floor(boxH / GLYPH_HEIGHT));
    if (sy < 1) return null;
    return { sx, sy, gap, width };
  }
  return null;
}

function renderColoured(spec: IconSpec, size: IconSize, dark: boolean): Canvas {
  const cv = new Canvas(size, size);
  const { bg, fg } = stateColours(spec.state, dark);
  roundedBackground(cv, bg);
  const track = mix(bg, fg, 0.32);
  const sym = stateSymbol(spec.state);
  const fraction = spec.state === 'no-key' ? null : spec.usedFraction;

  if (size >= 24) {
    const bar = barGeometry(size);
    const contentH = bar.y - 1;
    const margin = Math.max(1, Math.round(size / 16));
    const fit = sym === null && spec.text !== null ? fitText(spec.text, size, size - 2 * margin, contentH - 2) : null;
    if (sym !== null || fit !== null) {
      if (fraction !== null) {
        cv.fillRect(bar.x, bar.y, bar.w, bar.h, track);
        cv.fillRect(bar.x, bar.y, Math.round(Math.min(1, Math.max(0, fraction)) * bar.w), bar.h, fg);
      }
      const paint = (x: number, y: number, w: number, h: number) => cv.fillRect(x, y, w, h, fg);
      if (sym !== null) {
        // Without a bar the symbol centres in the whole icon.
        const areaH = fraction === null ? size : contentH;
        symbol(sym, size, 0, areaH, paint);
      } else if (fit !== null && spec.text !== null) {
        const h = GLYPH_HEIGHT * fit.sy;
        layoutText(spec.text, Math.floor((size - fit.width) / 2), 1 + Math.ceil((contentH - h) / 2), fit.sx, fit.sy, paint, fit.gap);
      }
      return cv;
    }
  }

  // 16 px, no figure, or a figure too wide: a ring gauge (or the state symbol) on the state colour.
  if (sym !== null) {
    symbol(sym, size, 0, size, (x, y, w, h) => cv.fillRect(x, y, w, h, fg));
    return cv;
  }
  const rOut = size / 2 - Math.max(1.5, size * 0.1);
  const rIn = rOut - Math.max(2.25, size * 0.16);
  ring(cv, rOut, rIn, fraction, { track, trackAlpha: 1, fill: fg, fillAlpha: 1 });
  return cv;
}

function renderTemplate(spec: IconSpec, size: IconSize): Canvas {
  const cv = new Canvas(size, size);
  const rOut = size / 2 - 0.5;
  const sym = stateSymbol(spec.state);
  if (spec.state === 'error') {
    // A solid disc with the '!' cut out: the loudest shape a monochrome icon has.
    disc(cv, rOut, BLACK, 1);
    symbol('!', size, 0, size, (x, y, w, h) => {
      for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) cv.set(xx, yy, BLACK, 0);
    });
    return cv;
  }
  if (sym !== null) {
    // A thin outline with the symbol inside ('?' for no key, bars for paused), clear of the outline.
    const rThin = rOut - Math.max(1.25, size * 0.08);
    const scale = Math.max(2, Math.floor((2 * rThin * 0.75) / GLYPH_HEIGHT));
    ring(cv, rOut, rThin, null, { track: BLACK, trackAlpha: 1, fill: BLACK, fillAlpha: 1 });
    symbol(sym, size, 0, size, (x, y, w, h) => cv.fillRect(x, y, w, h, BLACK), scale);
    return cv;
  }
  const rIn = rOut - Math.max(2.25, size * 0.15);
  const fraction = spec.usedFraction;
  if (spec.state === 'offline') {
    ring(cv, rOut, rIn, null, { track: BLACK, trackAlpha: 1, fill: BLACK, fillAlpha: 1, dashed: true });
    return cv;
  }
  // normal and stale: the gauge. Stale fades it (the macOS cue for "not current") and adds clock hands.
  const stale = spec.state === 'stale';
  ring(cv, rOut, rIn, fraction, { track: BLACK, trackAlpha: 0.28, fill: BLACK, fillAlpha: stale ? 0.6 : 1 });
  if (stale) clockHands(cv, rIn);
  return cv;
}

const ICON_SIZES: readonly IconSize[] = [16, 20, 24, 32, 48];

/**
 * The pixel size to draw the tray icon at on Windows and Linux. Both take only the 1x bitmap of a
 * nativeImage (Windows turns it into the tray's HICON, Linux sends it over D-Bus) and scale it to
 * the panel, so on a scaled display the icon must be drawn at the physical size: Windows' small
 * icon is 16 px at 100 % (20 at 125 %, 24 at 150 %, 32 at 200 %), Linux panels use 24 px at 1x.
 * The next size up is drawn when the exact one is not offered: shrinking blurs less than growing.
 */
export function trayBitmapSize(platform: 'win32' | 'linux', scaleFactor: number): IconSize {
  const base = platform === 'win32' ? 16 : 24;
  const scale = Number.isFinite(scaleFactor) && scaleFactor > 0 ? scaleFactor : 1;
  const wanted = Math.round(base * scale);
  return ICON_SIZES.find((s) => s >= wanted) ?? 48;
}

/** Draw the tray icon for `spec` at `size` px square. Same input, same bytes. */
export function renderTrayIcon(spec: IconSpec, size: IconSize, opts: IconOptions = {}): IconBitmap {
  const cv = opts.template ? renderTemplate(spec, size) : renderColoured(spec, size, opts.dark ?? false);
  return { width: cv.w, height: cv.h, rgba: cv.rgba };
}

/**
 * RGBA (straight alpha) to premultiplied BGRA: the byte layout of Skia's N32 bitmaps on little-endian
 * machines, which `nativeImage.createFromBitmap` and `addRepresentation({ buffer, width, height })` copy
 * as-is (Electron reads them as kN32 + kPremul). Without premultiplying, soft edges would glow.
 */
export function toBGRA(rgba: Uint8Array): Buffer {
  if (rgba.length % 4 !== 0) throw new RangeError('RGBA buffer length must be a multiple of 4');
  const out = Buffer.alloc(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]!;
    out[i] = Math.round((rgba[i + 2]! * a) / 255);
    out[i + 1] = Math.round((rgba[i + 1]! * a) / 255);
    out[i + 2] = Math.round((rgba[i]! * a) / 255);
    out[i + 3] = a;
  }
  return out;
}
