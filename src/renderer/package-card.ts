// The first card: where the package stands. What is left (and its share), the forecast with its
// date and pace, the daily budget to the expiry, what would expire unused; coloured by quota state
// and named by a word and a shape, so the state never rests on colour alone. Then the money, each
// line only when its figures are known: the spend and the price per GB, the auto-renewal and whether
// the balance pays it (a warning when it does not), and what a top-up lasting until the expiry costs.
import type { AppView } from '../shared/ipc.js';
import { byId, el } from './dom.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';
import { dailyBudgetText, forecastText, shortDay, type ForecastContext } from '../shared/forecast-text.js';
import { percentLeft, quotaState, shownPercent, type QuotaState } from '../shared/quota.js';
import { relativeDays } from './format-time.js';
import { localDateOf, localTimeOf } from '../shared/local-dates.js';
import { priceText, renewalIsShort, renewalText, spendText, topUpText, type MoneyTextContext } from '../shared/money-text.js';
import type { MoneyFacts } from '../shared/types.js';

export interface PackageCard {
  render(view: AppView): void;
}

/** The word and the shape of each state (the shape is for eyes that cannot tell the colours apart). */
const STATE_LOOK: Record<QuotaState, { word: string; icon: string }> = {
  ok: { word: 'OK', icon: '✓' },
  low: { word: 'Running low', icon: '▲' },
  'used-up': { word: 'Used up', icon: '■' },
  expired: { word: 'Expired', icon: '✕' },
  inactive: { word: 'Inactive', icon: '‖' },
};

/** "24.7 %", "0.4 %", "100 %": to a tenth, as the notifications say it (shared/quota's shownPercent). */
function percentText(p: number): string {
  const shown = shownPercent(p, 0.1);
  return shown === 0 || shown === 100 ? `${shown} %` : `${shown.toFixed(1)} %`;
}

function figure(bytes: number, units: Units): HTMLElement {
  return el('span', { class: 'figure', text: formatBytes(bytes, units), attrs: { title: exactBytes(bytes) } });
}

/** "Spent $14.00 of $220.00 bought · $2.20/GiB", either half alone, or null when neither is known. */
function spendLine(money: MoneyFacts, ctx: MoneyTextContext): HTMLElement | null {
  const spent = spendText(money.spend, ctx, money.spendAsOf);
  const price = money.pricePerGb === null ? '' : priceText(money.pricePerGb, ctx);
  if (spent === '' && price === '') return null;
  return el('p', { class: 'package-spend' }, spent, spent !== '' && price !== '' ? ' · ' : null, price === '' ? null : el('span', { class: 'package-price', text: price }));
}

/** The auto-renewal; when the balance cannot pay it, marked by a word and a shape as well as colour. */
function renewalLine(money: MoneyFacts, ctx: MoneyTextContext): HTMLElement | null {
  const r = money.renewal;
  if (r === null) return null;
  if (!renewalIsShort(r)) return el('p', { class: 'package-renewal', text: `${renewalText(r, ctx)}.` });
  return el(
    'p',
    { class: 'package-renewal package-renewal-short' },
    el('span', { class: 'renewal-icon', text: '▲', attrs: { 'aria-hidden': 'true' } }),
    el('strong', { class: 'renewal-word', text: 'Balance too low: ' }),
    `${renewalText(r, ctx)}.`,
  );
}

export function createPackageCard(): PackageCard {
  const card = byId('package-card');
  const body = byId('package-body');
  const state = byId('package-state');

  return {
    render(view) {
      const s = view.snapshot;
      const pkg = s.package;
      const units = view.settings.units;
      if (!pkg) {
        state.hidden = true;
        card.removeAttribute('data-quota');
        const text = s.problem?.kind === 'no-package' ? 'This account has no residential proxy package.' : 'No package data yet.';
        body.replaceChildren(el('p', { class: 'muted', text }));
        return;
      }
      const quota = quotaState(pkg, s.generatedAt, view.settings.alerts) ?? 'ok';
      const look = STATE_LOOK[quota];
      card.dataset.quota = quota;
      state.hidden = false;
      state.className = `badge quota-badge quota-${quota}`;
      state.replaceChildren(el('span', { class: 'quota-icon', text: look.icon, attrs: { 'aria-hidden': 'true' } }), ` ${look.word}`);

      const left = Math.max(0, pkg.leftBytes);
      const pLeft = percentLeft(pkg);
      const over = pkg.limitBytes > 0 ? Math.max(0, pkg.usedBytes - pkg.limitBytes) : 0;
      const ctx: ForecastContext = { units, now: s.generatedAt, zone: s.localTimeZone, package: pkg, locale: navigator.language, renewalShort: renewalIsShort(s.money.renewal) };

      // The answer first: what is left, in bytes and as a share.
      const hero =
        left <= 0
          ? el('p', { class: 'package-left' }, figure(0, units), el('span', { class: 'package-left-word', text: ' left: used up' }))
          : el(
              'p',
              { class: 'package-left' },
              figure(left, units),
              el('span', { class: 'package-left-word', text: ' left' }),
              pkg.limitBytes > 0 ? el('span', { class: 'package-left-pct', text: ` · ${percentText(pLeft)} left` }) : null,
            );

      // The meter shows what is left, as the tray's gauge does; full use never reads past 100 %.
      const fill = el('div', { class: 'meter-fill' });
      fill.style.width = `${pLeft}%`;
      const usedPct = pkg.limitBytes > 0 ? Math.min(100, (pkg.usedBytes / pkg.limitBytes) * 100) : 0;
      const usedLine =
        over > 0
          ? `${formatBytes(pkg.usedBytes, units)} used of ${formatBytes(pkg.limitBytes, units)}: over the limit by ${formatBytes(over, units)}`
          : `${formatBytes(pkg.usedBytes, units)} of ${formatBytes(pkg.limitBytes, units)} used (${percentText(usedPct)})`;
      const meter = el(
        'div',
        {
          class: 'meter',
          attrs: {
            role: 'meter',
            'aria-label': 'Package traffic left',
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-valuenow': String(Math.floor(pLeft * 10) / 10),
            'aria-valuetext': `${formatBytes(left, units)} left (${percentText(pLeft)}); ${usedLine}`,
          },
        },
        fill,
      );

      const moneyCtx: MoneyTextContext = { now: s.generatedAt, zone: s.localTimeZone, locale: navigator.language };
      const renewal = renewalLine(s.money, moneyCtx);
      // null: none given, or one the API sent in a form that could not be read.
      let expiry = 'Expiry unknown';
      if (pkg.expiresAt !== null) {
        const today = s.today.date;
        const date = localDateOf(pkg.expiresAt, s.localTimeZone);
        const when = `${shortDay(date, today, navigator.language)}, ${localTimeOf(pkg.expiresAt, s.localTimeZone)}`;
        // The renewal line, when there is one, says when it renews (it may be before the expiry, when the traffic runs out).
        expiry = `${quota === 'expired' ? 'Expired' : 'Expires'} ${when} (${relativeDays(today, date)})${pkg.autoRenew && renewal === null ? ', renews automatically' : ''}`;
      }

      const budget = dailyBudgetText(s.forecast, ctx);
      const parts: Array<HTMLElement | null> = [
        hero,
        el('p', { class: 'forecast', text: forecastText(s.forecast, ctx) }),
        budget ? el('p', { class: 'forecast-budget', text: budget }) : null,
        el('div', { class: 'meter-row' }, meter),
        el('p', { class: `package-used${over > 0 ? ' package-over' : ''}`, text: `${usedLine}.` }),
        el('p', { class: 'package-expiry', text: expiry }),
        renewal,
        spendLine(s.money, moneyCtx),
        s.money.topUp === null ? null : el('p', { class: 'package-topup', text: `${topUpText(s.money.topUp, moneyCtx)}.` }),
        el('p', { class: 'package-key muted', text: `Package ${pkg.key}` }),
      ];
      body.replaceChildren(...parts.filter((e): e is HTMLElement => e !== null));
    },
  };
}
