// Text of others (list titles, the API's messages) made safe for one line of plain text: a tray
// menu row, a tooltip, a notification. Pure; one home, so every surface clips the same way.

// Control characters (a newline would split a notification's title; a tab a menu row) and the
// bidirectional overrides and isolates, which could make a title read backwards into the figures
// beside it. Both are removed; every other character is kept as written.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` on one line (whitespace runs, newlines included, become one space; unsafe characters go),
 * cut to at most `max` characters at a word boundary where one is near, ending in '…'. Never splits
 * a character outside the BMP (an emoji) in two.
 */
export function oneLine(text: string, max: number): string {
  const t = text.replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  // Counted in UTF-16 units as the length limits (Windows tooltips) are, cut at a whole character.
  let cut = '';
  for (const c of t) {
    if (cut.length + c.length > max - 1) break;
    cut += c;
  }
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.—-]+$/, '')}…`;
}
