// A hand-made 3x5 pixel font with just the characters the tray icon needs (figures like "1.2G", "850M", "42%", "9d").
// Digits and most letters are 3 px wide; 'M' needs 5 (a 3 px M reads as H), so the widest figure,
// "999M", is 17 px at scale 1.

export const GLYPH_HEIGHT = 5;

export interface Glyph {
  width: number;
  /** GLYPH_HEIGHT rows, each `width` characters of '#' (ink) or '.' (none). */
  rows: readonly string[];
}

const RAW: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '.': ['.', '.', '.', '.', '#'],
  K: ['#.#', '#.#', '##.', '#.#', '#.#'],
  M: ['#...#', '##.##', '#.#.#', '#...#', '#...#'],
  G: ['.##', '#..', '#.#', '#.#', '.##'],
  T: ['###', '.#.', '.#.', '.#.', '.#.'],
  B: ['##.', '#.#', '##.', '#.#', '##.'],
  // Percent left ("42%") and days or hours left ("9d", "5h"): the trayFigure setting.
  '%': ['#.#', '..#', '.#.', '#..', '#.#'],
  d: ['..#', '..#', '###', '#.#', '###'],
  h: ['#..', '#..', '###', '#.#', '#.#'],
  '?': ['##.', '..#', '.#.', '...', '.#.'],
  '!': ['#', '#', '#', '.', '#'],
};

const GLYPHS: ReadonlyMap<string, Glyph> = new Map(
  Object.entries(RAW).map(([ch, rows]) => [ch, { width: rows[0]?.length ?? 0, rows }] as const),
);

/** The glyph for `ch`, or the '?' glyph for characters the font lacks (so a bad figure shows, not vanishes). */
export function glyphFor(ch: string): Glyph {
  return GLYPHS.get(ch) ?? GLYPHS.get('?')!;
}

/** Width in px of `text` at horizontal scale `sx` with `gap` px between glyphs (default: one font pixel). */
export function measureText(text: string, sx: number, gap = sx): number {
  if (text.length === 0) return 0;
  let ink = 0;
  for (const ch of text) ink += glyphFor(ch).width;
  return ink * sx + (text.length - 1) * gap;
}

/**
 * Call `plot(x, y, w, h)` for every ink rectangle of `text` drawn with its top-left at (x, y), each font
 * pixel becoming an `sx` by `sy` block, glyphs `gap` px apart. The caller fills the rectangles, so the
 * font knows nothing of bitmaps.
 */
export function layoutText(
  text: string,
  x: number,
  y: number,
  sx: number,
  sy: number,
  plot: (x: number, y: number, w: number, h: number) => void,
  gap = sx,
): void {
  let cx = x;
  for (const ch of text) {
    const g = glyphFor(ch);
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const line = g.rows[row] ?? '';
      for (let col = 0; col < g.width; col++) {
        if (line[col] === '#') plot(cx + col * sx, y + row * sy, sx, sy);
      }
    }
    cx += g.width * sx + gap;
  }
}
