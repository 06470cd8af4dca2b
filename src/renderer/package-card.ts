// The first card: where the package stands. What is left (and its share), the forecast with its
// date and pace, the daily budget to the expiry, what would expire unused; coloured by quota state
// and named by a word and a shape, so the state never rests on colour alone. Then the money, each
// line only when its figures are known: the spend and the price per GB, the auto-renewal and whether
// the balance pays it (a warning when it does not), and what a top-up lasting until the expiry costs.
import type { AppView } from '../shared/ipc.js';
import { byId, el, setText } from './dom.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';
import { dailyBudgetText, forecastText, shortDay, type ForecastContext } from '../shared/forecast-text.js';
import { percentLeft, quotaState, worstQuotaState } from '../shared/quota.js';
import { lowThresholdsOf, packageSettings } from '../shared/package-settings.js';
import { STATE_LOOK, ownAlertsMark, percentText } from './quota-look.js';
import { allPackages, type Chosen } from './package-choice.js';
import { relativeDays } from './format-time.js';
import { localDateOf, localTimeOf } from '../shared/local-dates.js';
import { priceText, renewalIsShort, renewalText, spendText, topUpText, type MoneyTextContext } from '../shared/money-text.js';
import type { MoneyFacts } from '../shared/types.js';

export interface PackageCard {
  render(view: AppView, chosen: Chosen): void;
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

/** The label of the package whose forecast the total took (the one that runs out first), if any. */
function firstToRunOut(chosen: Chosen): string | null {
  const f = chosen.snapshot.forecast;
  if (f.kind !== 'runs-out') return null;
  const p = chosen.packages.find((x) => x.snapshot.forecast.kind === 'runs-out' && x.snapshot.forecast.runsOutAt === f.runsOutAt);
  return p?.label ?? null;
}

/** `onOwnAlerts`: the "own alerts" mark of a package with settings of its own opens them in Settings. */
export function createPackageCard(onOwnAlerts: (packageId: string) => void): PackageCard {
  const card = byId('package-card');
  const ownMark = byId('package-own');
  let markFor = '';
  const body = byId('package-body');
  const state = byId('package-state');
  const title = byId('package-title');

  return {
    render(view, chosen) {
      const s = chosen.snapshot;
      const pkg = s.package;
      // A total (all packages, or one account's) is several packages: no key, no money but the month's cost.
      const total = chosen.single === null && allPackages(view).length > 1;
      setText(title, allPackages(view).length > 1 ? chosen.name : 'Package');
      // One package with settings of its own says so, also when it is the only one (they apply); a
      // total has none of its own.
      const single = chosen.single;
      const own = single !== null && packageSettings(view.settings, single.id).own ? single : null;
      const mark = own === null ? '' : `${own.id}\n${own.label}`;
      if (mark !== markFor) {
        markFor = mark;
        ownMark.replaceChildren(...(own === null ? [] : [ownAlertsMark(own.label, () => onOwnAlerts(own.id))]));
      }
      card.dataset.total = String(total);
      const units = view.settings.units;
      if (!pkg) {
        state.hidden = true;
        card.removeAttribute('data-quota');
        const text = s.problem?.kind === 'no-package' ? 'This account has no residential proxy package.' : 'No package data yet.';
        body.replaceChildren(el('p', { class: 'muted', text }));
        return;
      }
      // One package by its own thresholds; a total is as bad as its worst package (as the tray and the table's total row).
      const quota =
        (chosen.single !== null || chosen.packages.length < 2
          ? quotaState(pkg, s.generatedAt, lowThresholdsOf(view.settings, chosen.single?.id ?? chosen.packages[0]?.id ?? null))
          : worstQuotaState(chosen.packages.map((p) => quotaState(p.snapshot.package, s.generatedAt, lowThresholdsOf(view.settings, p.id))))) ?? 'ok';
      const look = STATE_LOOK[quota];
      card.dataset.quota = quota;
      state.hidden = false;
      state.className = `badge quota-badge quota-${quota}`;
      state.replaceChildren(el('span', { class: 'quota-icon', text: look.icon, attrs: { 'aria-hidden': 'true' } }), ` ${look.word}`);

      const left = Math.max(0, pkg.leftBytes);
      const pLeft = percentLeft(pkg);
      const reserved = Math.max(0, pkg.reservedBytes);
      // What the main package reserved for its sub-packages is neither used nor left here.
      const over = pkg.limitBytes > 0 ? Math.max(0, pkg.usedBytes + reserved - pkg.limitBytes) : 0;
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
          ? `${formatBytes(pkg.usedBytes, units)} used${reserved > 0 ? ` and ${formatBytes(reserved, units)} reserved` : ''} of ${formatBytes(pkg.limitBytes, units)}: over the limit by ${formatBytes(over, units)}`
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
        expiry = `${quota === 'expired' ? 'Expired' : total ? 'First expiry' : 'Expires'} ${when} (${relativeDays(today, date)})${pkg.autoRenew && renewal === null ? ', renews automatically' : ''}`;
      }

      // The total's forecast is the package that runs out first: say which.
      const first = total ? firstToRunOut(chosen) : null;
      const forecast = `${first ? `First to run out: ${first}. ` : ''}${forecastText(s.forecast, ctx)}`;
      // A daily budget is one package's: the total's would be that package's, not the total's.
      const budget = total ? null : dailyBudgetText(s.forecast, ctx);
      const parts: Array<HTMLElement | null> = [
        hero,
        el('p', { class: 'forecast', text: forecast }),
        budget ? el('p', { class: 'forecast-budget', text: budget }) : null,
        el('div', { class: 'meter-row' }, meter),
        el('p', { class: `package-used${over > 0 ? ' package-over' : ''}`, text: `${usedLine}.` }),
        reserved > 0
          ? el('p', { class: 'package-reserved' }, 'Reserved for sub-packages: ', figure(reserved, units), ` (used + left + reserved = ${formatBytes(pkg.limitBytes, units)}).`)
          : null,
        total ? el('p', { class: 'package-total-note muted', text: `${chosen.packages.length} packages added up: the limit is what they used and can still use.` }) : null,
        el('p', { class: 'package-expiry', text: expiry }),
        renewal,
        spendLine(s.money, moneyCtx),
        s.money.topUp === null ? null : el('p', { class: 'package-topup', text: `${topUpText(s.money.topUp, moneyCtx)}.` }),
        total ? null : el('p', { class: 'package-key muted', text: `Package ${pkg.key}` }),
      ];
      body.replaceChildren(...parts.filter((e): e is HTMLElement => e !== null));
    },
  };
}
