// Draws the tray icon into an RGBA bitmap: pure, deterministic and fast, so it runs (and is tested) in plain Node.
//
// Byte order of every bitmap here: RGBA, 8 bits per channel, straight (not premultiplied) alpha,
// row-major from the top row, no padding (stride = width * 4). Use toBGRA() for Electron's
// nativeImage.createFromBitmap, and encodePng() (png.ts) for files.
//
// The design. The icon answers "will my traffic last, and is anything wrong?" in two layers:
//
// 1. The main shape says where the package stands (QuotaState), by shape first and colour second, so
//    it reads in a monochrome panel, in a macOS template image and to colour-blind eyes alike:
//      ok        a bold ring gauge of the share *left*, emptying clockwise from 12 o'clock (blue);
//      low       the same gauge with a solid down-pointing triangle in its middle (amber);
//      used up   a thin full ring crossed by a slash, a "no entry" sign (red);
//      expired   an hourglass (violet);
//      inactive  a dashed, hollow ring (grey);
//      unknown   (no package info yet) a thin solid ring (slate).
//    From 24 px (not in macOS templates, whose figure is the title beside the icon) ok and low show
//    the figure instead of the ring, with a bar of the share left below it (low: the triangle at its
//    left end). Used up, expired and inactive keep their shape at every size: no figure can matter
//    more than "nothing can be used".
// 2. Freshness problems sit on top as a badge in the bottom-right corner, cut clear of the main
//    shape by a transparent gap: stale a clock face (amber), offline a hollow ring (grey), needs
//    attention a warning triangle with "!" (red), paused a disc with two bars (grey). Fresh: no badge.
//    No key at all is an icon of its own: "?" (grey square; in monochrome a thin ring around "?").
//
// Styles. 'colour': a rounded square in the quota colour with white (on amber: dark) ink, the badge
//    in its own colour. 'monochrome' (Windows 11, GNOME and KDE panels): the same shapes in one ink
//    following the panel (white on a dark panel, black on a light one), no square. 'template'
//    (macOS): black and alpha only, the system tints it; never a figure.
import { GLYPH_HEIGHT, glyphFor, layoutText, measureText } from './pixel-font.js';
import type { IconSpec, TrayState } from './presenter.js';
import type { QuotaState } from '../../shared/quota.js';
import type { TrayStyleSetting } from '../../shared/settings.js';

export type IconSize = 16 | 20 | 24 | 32 | 48;

export type IconStyle = 'colour' | 'monochrome' | 'template';

export interface IconOptions {
  /** Default 'colour'. */
  style?: IconStyle;
  /** The panel is dark (Windows/Linux): monochrome ink turns white, greys turn lighter. */
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
const BLUE: Rgb = [0x1f, 0x6f, 0xd1];
const AMBER: Rgb = [0xf2, 0xa0, 0x1c];
const RED: Rgb = [0xd9, 0x2d, 0x20];
const VIOLET: Rgb = [0x7a, 0x3d, 0xb8];
const SLATE: Rgb = [0x4f, 0x64, 0x7c];

/** The brand blue (the app icon uses it too). */
export const BRAND_BLUE: Rgb = BLUE;

/** Square and ink colours of the colour style, per quota state (null: no package info yet). */
export function quotaColours(quota: QuotaState | null, dark = false): { bg: Rgb; fg: Rgb } {
  switch (quota) {
    case 'ok':
      return { bg: BLUE, fg: WHITE };
    case 'low':
      return { bg: AMBER, fg: INK_ON_AMBER };
    case 'used-up':
      return { bg: RED, fg: WHITE };
    case 'expired':
      return { bg: VIOLET, fg: WHITE };
    case 'inactive':
      return { bg: dark ? GREY_ON_DARK : GREY_ON_LIGHT, fg: WHITE };
    case null:
      return { bg: SLATE, fg: WHITE };
  }
}

export type BadgeKind = 'stale' | 'offline' | 'error' | 'paused';

/** The corner badge for a freshness state; null when the figures are fresh (and for no-key, an icon of its own). */
export function badgeOf(state: TrayState): BadgeKind | null {
  return state === 'stale' || state === 'offline' || state === 'error' || state === 'paused' ? state : null;
}

/** Disc and mark colours of a badge in the colour style. */
export function badgeColours(kind: BadgeKind, dark = false): { bg: Rgb; fg: Rgb } {
  const grey = dark ? GREY_ON_DARK : GREY_ON_LIGHT;
  switch (kind) {
    case 'stale':
      return { bg: AMBER, fg: INK_ON_AMBER };
    case 'offline':
      return { bg: grey, fg: grey };
    case 'error':
      return { bg: RED, fg: WHITE };
    case 'paused':
      return { bg: grey, fg: WHITE };
  }
}

/** No key: a grey square (colour style). */
export function noKeyColours(dark = false): { bg: Rgb; fg: Rgb } {
  return { bg: dark ? GREY_ON_DARK : GREY_ON_LIGHT, fg: WHITE };
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

/**
 * The style a trayStyle setting means on this platform. macOS: always the template (the menu bar
 * tints it). 'auto' is monochrome where the panel's own icons are (Linux: GNOME and KDE; Windows 11,
 * build 22000 and later) and colour on older Windows, whose notification area is coloured.
 */
export function resolveTrayStyle(setting: TrayStyleSetting, platform: NodeJS.Platform, osRelease: string): IconStyle {
  if (platform === 'darwin') return 'template';
  if (setting !== 'auto') return setting;
  if (platform === 'win32') return Number(osRelease.split('.')[2] ?? 0) >= 22000 ? 'monochrome' : 'colour';
  return 'monochrome';
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

  /** Take away `amount` (0..1) of the pixel's coverage: cuts a gap or a mark out of what is drawn. */
  erase(x: number, y: number, amount: number): void {
    if (amount <= 0 || x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const i = (y * this.w + x) * 4 + 3;
    this.rgba[i] = Math.round(this.rgba[i]! * (1 - Math.min(1, amount)));
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

/** How much of pixel (x, y) lies inside `inside(px, py)`, 0..1, by 4x4 samples. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (const sy of SUB) for (const sx of SUB) if (inside(x + sx, y + sy)) hits++;
  return hits / SAMPLES;
}

/** Paint (or, with `erase`, cut out) the pixels of a shape given by its bounding box and an inside test. */
function shape(cv: Canvas, box: { x0: number; y0: number; x1: number; y1: number }, inside: (px: number, py: number) => boolean, col: Rgb, alpha: number, erase = false): void {
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(cv.h, Math.ceil(box.y1)); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(cv.w, Math.ceil(box.x1)); x++) {
      const c = coverage(x, y, inside);
      if (c <= 0) continue;
      if (erase) cv.erase(x, y, c);
      else cv.blend(x, y, col, alpha * c);
    }
  }
}

function discAt(cv: Canvas, cx: number, cy: number, r: number, col: Rgb, alpha = 1, erase = false): void {
  shape(cv, { x0: cx - r - 1, y0: cy - r - 1, x1: cx + r + 1, y1: cy + r + 1 }, (px, py) => (px - cx) ** 2 + (py - cy) ** 2 <= r * r, col, alpha, erase);
}

function annulusAt(cv: Canvas, cx: number, cy: number, rOut: number, rIn: number, col: Rgb, alpha = 1): void {
  shape(cv, { x0: cx - rOut - 1, y0: cy - rOut - 1, x1: cx + rOut + 1, y1: cy + rOut + 1 }, (px, py) => {
    const d2 = (px - cx) ** 2 + (py - cy) ** 2;
    return d2 <= rOut * rOut && d2 >= rIn * rIn;
  }, col, alpha);
}

/** A straight stroke of width `w` from (x0, y0) to (x1, y1), square ends. */
function stroke(cv: Canvas, x0: number, y0: number, x1: number, y1: number, w: number, col: Rgb, alpha = 1): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const half = w / 2;
  shape(cv, { x0: Math.min(x0, x1) - w, y0: Math.min(y0, y1) - w, x1: Math.max(x0, x1) + w, y1: Math.max(y0, y1) + w }, (px, py) => {
    const t = ((px - x0) * dx + (py - y0) * dy) / len2;
    if (t < 0 || t > 1) return false;
    const qx = x0 + t * dx - px;
    const qy = y0 + t * dy - py;
    return qx * qx + qy * qy <= half * half;
  }, col, alpha);
}

/** A solid triangle pointing down, `th` rows tall, centred on column cx, its top row at `top`: pixel-exact. */
function downTriangle(cv: Canvas, cx: number, top: number, th: number, col: Rgb, alpha = 1): number {
  const w = 2 * th - 1;
  for (let i = 0; i < th; i++) cv.fillRect(cx - (th - 1) + i, top + i, w - 2 * i, 1, col, alpha);
  return w;
}

/** An hourglass: two solid triangles meeting at a neck, with a cap bar above and below. Pixel-exact. */
function hourglass(cv: Canvas, size: number, col: Rgb, alpha = 1): void {
  const h = Math.round(size * 0.72) - (Math.round(size * 0.72) % 2);
  const w = Math.round(size * 0.56) | 1;
  const cap = Math.max(1, Math.round(size / 16));
  const neck = Math.max(1, Math.round(size / 16)) | 1;
  const x0 = Math.floor((size - w) / 2);
  const y0 = Math.floor((size - h) / 2);
  cv.fillRect(x0 - cap, y0, w + 2 * cap, cap, col, alpha);
  cv.fillRect(x0 - cap, y0 + h - cap, w + 2 * cap, cap, col, alpha);
  const inner = h - 2 * cap;
  const halfRows = inner / 2;
  for (let i = 0; i < inner; i++) {
    // Distance from the neck, 0 at the middle rows, 1 at the caps.
    const t = Math.abs(i + 0.5 - halfRows) / halfRows;
    let rowW = Math.round(neck + (w - neck) * t);
    if ((rowW - w) % 2 !== 0) rowW++;
    rowW = Math.min(w, rowW);
    cv.fillRect(x0 + (w - rowW) / 2, y0 + cap + i, rowW, 1, col, alpha);
  }
}

type SymbolKind = '!' | '?';

/** Scale (px per font pixel) for a symbol: about half the icon tall, at least 2. */
function symbolScale(size: number): number {
  return Math.max(2, Math.floor((size * 0.55) / GLYPH_HEIGHT));
}

/** Draw a symbol centred in the icon; `paint` fills (or punches) one rectangle. */
function symbol(kind: SymbolKind, size: number, paint: (x: number, y: number, w: number, h: number) => void, scale = symbolScale(size)): void {
  const h = GLYPH_HEIGHT * scale;
  const w = glyphFor(kind).width * scale;
  layoutText(kind, Math.floor((size - w) / 2), Math.floor((size - h) / 2), scale, scale, paint);
}

// ---- geometry ----

interface Badge {
  /** The badge's box: left/top column and row, diameter in px. */
  x: number;
  y: number;
  d: number;
  /** Transparent gap around it. */
  gap: number;
}

function badgeGeometry(size: number): Badge {
  const d = size >= 48 ? 17 : size >= 32 ? 12 : size >= 24 ? 9 : size >= 20 ? 8 : 7;
  return { x: size - d, y: size - d, d, gap: size >= 32 ? 2 : 1 };
}

/** Inside the triangle pointing up that fills the badge's box, grown by `grow` px on every side. */
function inWarning(b: Badge, grow: number): (px: number, py: number) => boolean {
  const cx = b.x + b.d / 2;
  const base = b.y + b.d + grow;
  const apex = b.y - grow * 2;
  const halfBase = b.d / 2 + grow * 1.6;
  return (px, py) => py <= base && py >= apex && Math.abs(px - cx) <= (halfBase * (py - apex)) / (base - apex);
}

/** Cut the badge and a gap around it out of what is drawn, then draw the badge. */
function drawBadge(cv: Canvas, kind: BadgeKind, style: IconStyle, ink: Rgb, dark: boolean): void {
  const b = badgeGeometry(cv.w);
  const r = b.d / 2;
  const cx = b.x + r;
  const cy = b.y + r;
  const box = { x0: b.x - 3 * b.gap, y0: b.y - 3 * b.gap, x1: cv.w, y1: cv.h };
  const coloured = style === 'colour';
  const { bg, fg } = coloured ? badgeColours(kind, dark) : { bg: ink, fg: ink };
  const t = Math.max(1, Math.round(b.d / 7));
  // The mark: in ink on the coloured badge, cut out of the badge in one-ink styles.
  const mark = (x: number, y: number, w: number, h: number) => {
    if (coloured) cv.fillRect(x, y, w, h, fg);
    else for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) cv.erase(xx, yy, 1);
  };
  const mid = b.x + Math.floor((b.d - t) / 2);
  if (kind === 'error') {
    // A warning triangle, the one badge that is not round: "!" must not pass for a clock at 16 px.
    shape(cv, box, inWarning(b, b.gap), BLACK, 1, true);
    shape(cv, box, inWarning(b, 0), bg, 1);
    const dotY = b.y + b.d - 1 - t;
    const top = b.y + Math.max(2, Math.round(b.d * 0.3));
    mark(mid, top, t, Math.max(1, dotY - top - t));
    mark(mid, dotY, t, t);
    return;
  }
  discAt(cv, cx, cy, r + b.gap, BLACK, 1, true);
  if (kind === 'offline') {
    // Hollow: the one badge with nothing inside.
    annulusAt(cv, cx, cy, r, r - Math.max(1.3, b.d * 0.2), bg);
    return;
  }
  discAt(cv, cx, cy, r, bg);
  const midY = b.y + Math.floor((b.d - t) / 2);
  if (kind === 'paused') {
    const h = Math.max(3, Math.round(b.d * 0.46));
    const gap = Math.max(1, Math.round(b.d / 7));
    const x = b.x + Math.floor((b.d - (2 * t + gap)) / 2);
    const y = b.y + Math.floor((b.d - h) / 2);
    mark(x, y, t, h);
    mark(x + t + gap, y, t, h);
  } else {
    // stale: clock hands to 12 and to 3.
    const up = Math.max(2, Math.round(b.d * 0.34));
    const right = Math.max(2, Math.round(b.d * 0.28));
    mark(mid, midY - up + t, t, up);
    mark(mid, midY, right, t);
  }
}

/** Gauge radii: bold (ok, low) or thin (used up, inactive, unknown); the square's margin in the colour style. */
function radii(size: number, style: IconStyle, bold: boolean): { rOut: number; rIn: number } {
  const rOut = style === 'colour' ? size / 2 - Math.max(1.5, size * 0.1) : size / 2 - 0.5;
  const w = bold ? Math.max(3, size * 0.2) : Math.max(1.5, size * 0.1);
  return { rOut, rIn: rOut - w };
}

/** The main shape for a quota state, without a figure (16 and 20 px, templates, and whenever no figure fits). */
function quotaShape(cv: Canvas, spec: IconSpec, style: IconStyle, ink: Rgb, track: Rgb, trackAlpha: number): void {
  const size = cv.w;
  const c = size / 2;
  switch (spec.quota) {
    case 'ok':
    case 'low': {
      const { rOut, rIn } = radii(size, style, true);
      ring(cv, rOut, rIn, spec.leftFraction, { track, trackAlpha, fill: ink, fillAlpha: 1 });
      if (spec.quota === 'low') {
        const th = Math.max(3, Math.round(rIn * 0.7));
        downTriangle(cv, Math.floor(c), Math.floor(c - th / 2), th, ink);
      }
      return;
    }
    case 'used-up': {
      const { rOut, rIn } = radii(size, style, false);
      ring(cv, rOut, rIn, null, { track: ink, trackAlpha: 1, fill: ink, fillAlpha: 1 });
      const k = rOut * Math.SQRT1_2;
      stroke(cv, c - k, c + k, c + k, c - k, Math.max(2, size * 0.13), ink);
      return;
    }
    case 'expired':
      hourglass(cv, size, ink);
      return;
    case 'inactive': {
      const { rOut, rIn } = radii(size, style, false);
      ring(cv, rOut, rIn, null, { track: ink, trackAlpha: 1, fill: ink, fillAlpha: 1, dashed: true });
      return;
    }
    case null: {
      const { rOut, rIn } = radii(size, style, false);
      ring(cv, rOut, rIn, null, { track: ink, trackAlpha: 1, fill: ink, fillAlpha: 1 });
      return;
    }
  }
}

/** Geometry of the figure layout (24 px and up): the bar of the share left along the bottom. */
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

/** The figure with the bar of the share left below it; false (nothing drawn) when it does not fit. */
function figureLayout(cv: Canvas, spec: IconSpec, withBadge: boolean, ink: Rgb, track: Rgb, trackAlpha: number): boolean {
  const size = cv.w;
  if (spec.text === null || size < 24) return false;
  const bar = barGeometry(size);
  const badge = badgeGeometry(size);
  // Rows the text may use: above the bar, and above the badge when there is one.
  const bottom = withBadge ? Math.min(bar.y - 1, badge.y - badge.gap) : bar.y - 1;
  const margin = Math.max(1, Math.round(size / 16));
  const fit = fitText(spec.text, size, size - 2 * margin, bottom - 2);
  if (fit === null) return false;
  const h = GLYPH_HEIGHT * fit.sy;
  const paint = (x: number, y: number, w: number, hh: number) => cv.fillRect(x, y, w, hh, ink);
  layoutText(spec.text, Math.floor((size - fit.width) / 2), 1 + Math.ceil((bottom - 1 - h) / 2), fit.sx, fit.sy, paint, fit.gap);
  let x = bar.x;
  const end = withBadge ? badge.x - badge.gap - 1 : bar.x + bar.w;
  if (spec.quota === 'low') {
    const th = bar.h + 1;
    x += downTriangle(cv, x + th - 1, bar.y + bar.h - th, th, ink) + 1;
  }
  if (spec.leftFraction !== null && spec.quota !== null && end > x) {
    const w = end - x;
    cv.fillRect(x, bar.y, w, bar.h, track, trackAlpha);
    cv.fillRect(x, bar.y, Math.round(Math.min(1, Math.max(0, spec.leftFraction)) * w), bar.h, ink);
  }
  return true;
}

function render(spec: IconSpec, size: IconSize, style: IconStyle, dark: boolean): Canvas {
  const cv = new Canvas(size, size);
  const oneInk = style !== 'colour';
  const ink: Rgb = style === 'template' ? BLACK : style === 'monochrome' ? (dark ? WHITE : BLACK) : WHITE;
  if (spec.state === 'no-key') {
    if (oneInk) {
      const { rOut, rIn } = radii(size, style, false);
      ring(cv, rOut, rIn, null, { track: ink, trackAlpha: 1, fill: ink, fillAlpha: 1 });
      symbol('?', size, (x, y, w, h) => cv.fillRect(x, y, w, h, ink), Math.max(2, Math.floor((2 * rIn * 0.75) / GLYPH_HEIGHT)));
    } else {
      const { bg, fg } = noKeyColours(dark);
      roundedBackground(cv, bg);
      symbol('?', size, (x, y, w, h) => cv.fillRect(x, y, w, h, fg));
    }
    return cv;
  }
  let fg = ink;
  let track: Rgb = ink;
  let trackAlpha = 0.3;
  if (!oneInk) {
    const colours = quotaColours(spec.quota, dark);
    roundedBackground(cv, colours.bg);
    fg = colours.fg;
    track = mix(colours.bg, colours.fg, 0.32);
    trackAlpha = 1;
  }
  const badge = badgeOf(spec.state);
  const figure = style !== 'template' && (spec.quota === 'ok' || spec.quota === 'low' || spec.quota === null) && figureLayout(cv, spec, badge !== null, fg, track, trackAlpha);
  if (!figure) quotaShape(cv, spec, style, fg, track, trackAlpha);
  if (badge !== null) drawBadge(cv, badge, style, ink, dark);
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
  const cv = render(spec, size, opts.style ?? 'colour', opts.dark ?? false);
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
