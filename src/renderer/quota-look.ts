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

/**
 * The mark of a package with alert settings of its own (settings.packages): a small button that
 * opens them in Settings. Its visible words are short; its name says what it is and does.
 */
export function ownAlertsMark(label: string, open: () => void): HTMLButtonElement {
  const b = el(
    'button',
    { class: 'badge badge-own', attrs: { type: 'button', 'data-own-alerts': 'true', 'aria-label': `Own alerts: ${label} has alert settings of its own. Open them in Settings.`, title: 'This package has alert settings of its own (Settings → Alerts)' } },
    el('span', { class: 'own-icon', text: '◆', attrs: { 'aria-hidden': 'true' } }),
    ' own alerts',
  );
  b.addEventListener('click', open);
  return b;
}
