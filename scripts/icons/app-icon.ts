// The application icon (installer, dock, taskbar, launcher), drawn from one geometry at any size from
// 16 to 1024 px. Same visual language as the tray icon: the "normal" blue rounded square with a white
// usage-gauge ring, and hourly-traffic bars inside it. Pure and deterministic: same size, same bytes.
//
// Shapes are signed distance functions in pixel units, anti-aliased by coverage = clamp(0.5 - d): crisp
// at 16 px, smooth at 1024 px, no supersampling. Small sizes get more weight (thicker ring, no bars, less
// margin) so the icon still reads; the drawing itself is the same everywhere.
import type { IconBitmap, Rgb } from '../../src/main/tray/icon.js';
import { BRAND_BLUE } from '../../src/main/tray/icon.js';

export const APP_ICON_MIN = 16;
export const APP_ICON_MAX = 1024;

/** Share of the gauge drawn filled: a plain "in use, not full" reading. */
export const APP_ICON_GAUGE = 0.7;

const BRAND: Rgb = BRAND_BLUE;
const WHITE: Rgb = [0xff, 0xff, 0xff];
const BLACK: Rgb = [0, 0, 0];

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)];
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Coverage of a pixel by a shape whose signed distance (in px) at the pixel centre is `d`. */
function coverage(d: number): number {
  return clamp01(0.5 - d);
}

/** Signed distance to a rounded rectangle centred at (cx, cy) with half sizes hw, hh and corner radius r. */
function roundedRectSdf(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - (hw - r);
  const qy = Math.abs(y - cy) - (hh - r);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - r;
}

const TAU = Math.PI * 2;

/**
 * Signed distance to an arc of a ring (mid radius `rm`, stroke width `w`) from 12 o'clock clockwise over
 * `turn` (0..1) of a circle, with round caps; turn >= 1 is the whole ring.
 */
function arcSdf(x: number, y: number, cx: number, cy: number, rm: number, w: number, turn: number): number {
  const dx = x - cx;
  const dy = y - cy;
  const ringD = Math.abs(Math.sqrt(dx * dx + dy * dy) - rm) - w / 2;
  if (turn >= 1) return ringD;
  let a = Math.atan2(dx, -dy); // clockwise from 12 o'clock
  if (a < 0) a += TAU;
  const end = turn * TAU;
  if (a <= end) return ringD;
  // Outside the swept angle: the distance to the nearer round cap.
  const ex = cx + rm * Math.sin(end);
  const ey = cy - rm * Math.cos(end);
  const sx = cx;
  const sy = cy - rm;
  const dEnd = Math.sqrt((x - ex) ** 2 + (y - ey) ** 2);
  const dStart = Math.sqrt((x - sx) ** 2 + (y - sy) ** 2);
  return Math.min(dEnd, dStart) - w / 2;
}

interface Bar {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  r: number;
}

/** Everything the drawing needs at one size, in pixels. */
interface Geometry {
  size: number;
  /** The rounded square ("body"). */
  left: number;
  top: number;
  side: number;
  corner: number;
  shadow: { dy: number; blur: number; alpha: number } | null;
  /** Gauge ring: centre, mid radius, stroke width. */
  cx: number;
  cy: number;
  rm: number;
  stroke: number;
  bars: Bar[];
}

/** Margin around the body: tight at small sizes (every pixel counts), Apple's 100/1024 grid from 128 px. */
function margin(size: number): number {
  if (size <= 24) return 1;
  if (size <= 32) return 2;
  if (size <= 48) return 3;
  if (size < 128) return Math.round(size * 0.0625);
  return size * (100 / 1024);
}

function geometry(size: number): Geometry {
  const m = margin(size);
  const side = size - 2 * m;
  // 0 at 16 px, 1 from 128 px: small icons get a bolder ring.
  const detail = clamp01((Math.log2(size) - 4) / 3);
  const outer = side * lerp(0.42, 0.35, detail);
  const stroke = side * lerp(0.2, 0.1, detail);
  const cx = size / 2;
  const cy = size / 2;
  const rm = outer - stroke / 2;
  const inner = outer - stroke;

  // Three rising bars (hour-by-hour traffic) inside the ring, from 48 px where they stay apart.
  const bars: Bar[] = [];
  if (size >= 48) {
    const snap = size < 128 ? Math.round : (v: number) => v;
    const width = inner * 1.1;
    const height = inner * 1.0;
    const barW = width * 0.25;
    const gap = (width - 3 * barW) / 2;
    const baseline = snap(cy + height / 2);
    const heights = [0.46, 0.72, 1];
    heights.forEach((h, i) => {
      const x0 = snap(cx - width / 2 + i * (barW + gap));
      const x1 = snap(cx - width / 2 + i * (barW + gap) + barW);
      bars.push({ x0, x1, top: snap(baseline - height * h), bottom: baseline, r: (x1 - x0) * 0.28 });
    });
  }

  return {
    size,
    left: m,
    top: m,
    side,
    corner: side * 0.225,
    // A soft shadow under the body where there is room for one (macOS icons have it in their grid).
    shadow: size >= 64 ? { dy: size * 0.012, blur: size * 0.028, alpha: 0.32 } : null,
    cx,
    cy,
    rm,
    stroke,
    bars,
  };
}

/** Premultiplied float RGBA: layers composite without rounding until the end. */
class Layers {
  readonly px: Float64Array;
  constructor(readonly size: number) {
    this.px = new Float64Array(size * size * 4);
  }

  over(i: number, c: Rgb, a: number): void {
    if (a <= 0) return;
    const p = this.px;
    const k = 1 - a;
    p[i] = c[0] * a + p[i]! * k;
    p[i + 1] = c[1] * a + p[i + 1]! * k;
    p[i + 2] = c[2] * a + p[i + 2]! * k;
    p[i + 3] = a + p[i + 3]! * k;
  }

  /** Straight-alpha 8-bit RGBA, as icon.ts bitmaps are. */
  toRgba(): Buffer {
    const out = Buffer.alloc(this.size * this.size * 4);
    const p = this.px;
    for (let i = 0; i < out.length; i += 4) {
      const a = p[i + 3]!;
      if (a <= 0) continue;
      out[i] = Math.round(p[i]! / a);
      out[i + 1] = Math.round(p[i + 1]! / a);
      out[i + 2] = Math.round(p[i + 2]! / a);
      out[i + 3] = Math.round(a * 255);
    }
    return out;
  }
}

// Gradient ends around the tray's blue: lighter at the top, deeper at the bottom.
const TOP = mixRgb(BRAND, WHITE, 0.16);
const BOTTOM = mixRgb(BRAND, BLACK, 0.22);
const TRACK_ALPHA = 0.3;

/** Draw the app icon at `size` x `size` px (16..1024). Same size, same bytes. */
export function renderAppIcon(size: number): IconBitmap {
  if (!Number.isInteger(size) || size < APP_ICON_MIN || size > APP_ICON_MAX) {
    throw new RangeError(`app icon size must be an integer ${APP_ICON_MIN}..${APP_ICON_MAX}, got ${size}`);
  }
  const g = geometry(size);
  const layers = new Layers(size);
  const hw = g.side / 2;
  const bcx = g.left + hw;
  const bcy = g.top + hw;

  // Only pixels within a pixel of the ring need its (atan2-based) distance; only the bars' box needs theirs.
  const ringNear = g.rm + g.stroke / 2 + 1;
  const ringFar = Math.max(0, g.rm - g.stroke / 2 - 1);
  const barsBox = g.bars.length === 0 ? null : { x0: g.bars[0]!.x0 - 1, x1: g.bars[g.bars.length - 1]!.x1 + 1, top: Math.min(...g.bars.map((b) => b.top)) - 1, bottom: g.bars[0]!.bottom + 1 };

  for (let y = 0; y < size; y++) {
    const py = y + 0.5;
    const grad = clamp01((py - g.top) / g.side);
    const body = mixRgb(TOP, BOTTOM, grad);
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const i = (y * size + x) * 4;
      const dBody = roundedRectSdf(px, py, bcx, bcy, hw, hw, g.corner);

      // Only where the body does not cover the pixel fully (it would hide the shadow anyway).
      if (g.shadow !== null && dBody > -0.5) {
        // A smooth falloff from the body's offset outline: close to a Gaussian blur, at no cost.
        const ds = roundedRectSdf(px, py - g.shadow.dy, bcx, bcy, hw, hw, g.corner);
        const t = clamp01(0.5 - ds / (2 * g.shadow.blur));
        layers.over(i, BLACK, g.shadow.alpha * t * t * (3 - 2 * t));
      }

      const cb = coverage(dBody);
      if (cb <= 0) continue;
      layers.over(i, body, cb);

      const r = Math.sqrt((px - g.cx) ** 2 + (py - g.cy) ** 2);
      if (r < ringNear && r > ringFar) {
        const track = coverage(arcSdf(px, py, g.cx, g.cy, g.rm, g.stroke, 1));
        if (track > 0) layers.over(i, WHITE, TRACK_ALPHA * Math.min(track, cb));
        const fill = coverage(arcSdf(px, py, g.cx, g.cy, g.rm, g.stroke, APP_ICON_GAUGE));
        if (fill > 0) layers.over(i, WHITE, Math.min(fill, cb));
      }

      if (barsBox !== null && px > barsBox.x0 && px < barsBox.x1 && py > barsBox.top && py < barsBox.bottom) {
        for (const b of g.bars) {
          // Rounded at the top only: the lower half of each bar is a plain rectangle.
          const bw = (b.x1 - b.x0) / 2;
          const bh = (b.bottom - b.top) / 2;
          const mid = (b.x0 + b.x1) / 2;
          const rounded = roundedRectSdf(px, py, mid, b.top + bh, bw, bh, b.r);
          const square = roundedRectSdf(px, py, mid, b.bottom - bh / 2, bw, bh / 2, 0);
          const c = coverage(Math.min(rounded, square));
          if (c > 0) layers.over(i, WHITE, c);
        }
      }
    }
  }
  return { width: size, height: size, rgba: layers.toRgba() };
}
