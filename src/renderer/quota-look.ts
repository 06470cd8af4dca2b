// How a quota state looks on every part of the window (the package card, the packages table): a
// word and a shape beside the colour, so the state never rests on colour alone.
import { shownPercent, type QuotaState } from '../shared/quota.js';
import { el } from './dom.js';

/** The word and the shape of each state (the shape is for eyes that cannot tell the colours apart). */
export const STATE_LOOK: Record<QuotaState, { word: string; icon: string }> = {
  ok: { word: 'OK', icon: '✓' },
  low: { word: 'Running low', icon: '▲' },
  'used-up': { word: 'Used up', icon: '■' },
  expired: { word: 'Expired', icon: '✕' },
  inactive: { word: 'Inactive', icon: '‖' },
};

/** "24.7 %", "0.4 %", "100 %": to a tenth, as the notifications say it (shared/quota's shownPercent). */
export function percentText(p: number): string {
  const shown = shownPercent(p, 0.1);
  return shown === 0 || shown === 100 ? `${shown} %` : `${shown.toFixed(1)} %`;
}

/** The state's badge: its shape, then its word. */
export function quotaBadge(state: QuotaState): HTMLElement {
  const look = STATE_LOOK[state];
  return el('span', { class: `badge quota-badge quota-${state}` }, el('span', { class: 'quota-icon', text: look.icon, attrs: { 'aria-hidden': 'true' } }), ` ${look.word}`);
}
