// How long ago something happened, in words: one rule for the tray and the window, which differ only
// in how much room they have. An age below minus a minute (the clock was set back since) is no age at
// all: "before a clock change", never "-58 min ago".
import { MINUTE_MS } from './time-constants.js';

/**
 * 'short' (the tray's tooltip): "just now", "3 min ago", "2 h ago", "yesterday", "5 days ago".
 * 'long' (the window's header): minutes stay in for two days, "2 h 5 min ago", then "3 days ago".
 */
export type AgoStyle = 'short' | 'long';

export function timeAgo(ageMs: number, style: AgoStyle): string {
  if (ageMs <= -MINUTE_MS) return 'before a clock change';
  const min = Math.floor(Math.max(0, ageMs) / MINUTE_MS);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) {
    if (style === 'long') return min % 60 === 0 ? `${h} h ago` : `${h} h ${min % 60} min ago`;
    return h < 24 ? `${h} h ago` : 'yesterday';
  }
  return `${Math.floor(h / 24)} days ago`;
}
