// The package: limit, used, left and expiry, a progress bar of use, and the forecast.
import type { AppView } from '../shared/ipc.js';
import { byId, el, setText } from './dom.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';
import { forecastText } from '../shared/forecast-text.js';
import { relativeDays } from './format-time.js';
import { localDateOf, localDateTimeOf } from '../shared/local-dates.js';

export interface PackageCard {
  render(view: AppView): void;
}

function stat(label: string, bytes: number, units: Units): HTMLElement {
  return el('div', { class: 'package-stat' }, el('dt', { text: label }), el('dd', { text: formatBytes(bytes, units), attrs: { title: exactBytes(bytes) } }));
}

export function createPackageCard(): PackageCard {
  const body = byId('package-body');
  const state = byId('package-state');

  return {
    render(view) {
      const s = view.snapshot;
      const pkg = s.package;
      const units = view.settings.units;
      if (!pkg) {
        state.hidden = true;
        const text = s.problem?.kind === 'no-package' ? 'This account has no residential proxy package.' : 'No package data yet.';
        body.replaceChildren(el('p', { class: 'muted', text }));
        return;
      }
      const expired = pkg.expiresAt !== null && pkg.expiresAt < s.generatedAt;
      state.hidden = false;
      setText(state, expired ? 'Expired' : pkg.active ? 'Active' : 'Inactive');
      state.className = `badge ${expired || !pkg.active ? 'badge-bad' : 'badge-good'}`;

      const pct = pkg.limitBytes > 0 ? Math.min(100, Math.max(0, (pkg.usedBytes / pkg.limitBytes) * 100)) : 0;
      const pctText = `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)}%`;
      const fill = el('div', { class: 'meter-fill' });
      fill.style.width = `${pct}%`;
      const meter = el(
        'div',
        {
          class: `meter${pct >= 90 ? ' meter-danger' : pct >= 75 ? ' meter-warn' : ''}`,
          attrs: {
            role: 'progressbar',
            'aria-label': 'Package traffic used',
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-valuenow': String(Math.round(pct * 10) / 10),
            'aria-valuetext': `${formatBytes(pkg.usedBytes, units)} of ${formatBytes(pkg.limitBytes, units)} used (${pctText}), ${formatBytes(pkg.leftBytes, units)} left`,
          },
        },
        fill,
      );

      // null: none given, or one the API sent in a form that could not be read.
      let expiry = 'Expiry unknown';
      if (pkg.expiresAt !== null) {
        const when = localDateTimeOf(pkg.expiresAt, s.localTimeZone);
        const rel = relativeDays(s.today.date, localDateOf(pkg.expiresAt, s.localTimeZone));
        expiry = `${expired ? 'Expired' : 'Expires'} ${when} (${rel})${pkg.autoRenew ? ', renews automatically' : ''}`;
      }

      body.replaceChildren(
        el('dl', { class: 'package-stats' }, stat('Limit', pkg.limitBytes, units), stat('Used', pkg.usedBytes, units), stat('Left', pkg.leftBytes, units)),
        el('div', { class: 'meter-row' }, meter, el('span', { class: 'meter-pct', text: `${pctText} used`, attrs: { 'aria-hidden': 'true' } })),
        el('p', { class: 'package-expiry', text: expiry }),
        el('p', { class: 'forecast', text: forecastText(s.forecast, units) }),
        el('p', { class: 'package-key muted', text: `Package ${pkg.key}` }),
      );
    },
  };
}
