// The chart's text alternative: one summary sentence (read out politely when it changes) and a table
// of every bucket, built only while its <details> is open (a year of hours is a big table). Its
// header and totals row stay in view while the rows scroll (styles.css). Dates through the window's
// one formatter; each row's <time> carries the bucket's machine-readable start. With a price per GB
// the table has a cost column (each row's bytes at that price) and a cost row (each list's); the
// total's cost is the cost of the total bytes, and says so when the rows, each rounded to the cent,
// add up to another figure.
import type { SeriesResponse } from '../shared/ipc.js';
import type { ListTitles } from '../shared/types.js';
import { costOfBytes, moneyText, type Money } from '../shared/money.js';
import { priceText, type MoneyTextContext } from '../shared/money-text.js';
import { totalCostNote } from './total-cost.js';
import { titleOf } from '../shared/titles.js';
import { bucketDatetime, bucketLabel, partialIndex } from './buckets.js';
import { el, setText } from './dom.js';
import type { DateFormat } from './format-time.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';

export interface ChartTextInput {
  series: SeriesResponse;
  /** "Today", "Last 7 days", "11/01/2026 – 11/20/2026". */
  rangeName: string;
  /** "all logins" or the list shown. */
  loginName: string;
  /** The lists' titles by login: a column is headed by its list's title, the login small beside it. */
  titles: ListTitles;
  /** The price per GB (2^30 bytes); null: no cost column. */
  pricePerGb: Money | null;
  units: Units;
  format: DateFormat;
  /** The current time: the bucket it falls in is marked "so far". */
  now: number;
  /** What the stacked parts are: lists (one package) or packages (a total of several). */
  parts?: 'login' | 'package';
}

/** The sentence that says what the chart shows. */
export function summarySentence(input: ChartTextInput): string {
  const { series: s, units } = input;
  // A range holding now counts only what has begun, "so far": at 12:30 today is 13 hours, not 24.
  const current = partialIndex(s, input.now);
  const n = current === null ? s.buckets.length : current + 1;
  const unitWord = s.granularity === 'hour' ? (n === 1 ? 'hour' : 'hours') : n === 1 ? 'day' : 'days';
  const span = `${n} ${unitWord}${current === null ? '' : ' so far'}`;
  const head = `${input.rangeName}, ${input.loginName}:`;
  if (s.totalBytes === 0) return `${head} no traffic in ${span}.`;
  let best = -1;
  let bestBytes = -1;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const l of s.series) sum += l.bytes[i] ?? 0;
    if (sum > bestBytes) {
      bestBytes = sum;
      best = i;
    }
  }
  const peakWord = s.granularity === 'hour' ? 'Busiest hour' : 'Busiest day';
  const part = input.parts ?? 'login';
  const logins = s.series.length === 1 ? `1 ${part}` : `${s.series.length} ${part}s`;
  return `${head} ${formatBytes(s.totalBytes, units)} in ${span} from ${logins}. ${peakWord}: ${bucketLabel(s, best, input.format)} with ${formatBytes(bestBytes, units)}.`;
}

export interface ChartText {
  render(input: ChartTextInput): void;
}

function bytesCell(tag: 'td' | 'th', bytes: number, units: Units): HTMLTableCellElement {
  // The short figure is what people read; the exact count is one hover (and one attribute) away.
  return el(tag, { text: formatBytes(bytes, units), attrs: { 'data-bytes': String(bytes), title: exactBytes(bytes) } });
}

/** A column's head: the title first, the login small beside it; the login alone without a title. */
function listHead(titles: ListTitles, login: string): HTMLTableCellElement {
  const title = titleOf(titles, login);
  const attrs = { scope: 'col', 'data-login': login };
  if (title === null) return el('th', { text: login, attrs });
  return el('th', { attrs }, el('span', { class: 'list-title', text: title }), ' ', el('small', { class: 'list-login', text: login }));
}

function costCell(cost: Money, ctx: MoneyTextContext): HTMLTableCellElement {
  return el('td', { class: 'cost', text: moneyText(cost, ctx.locale), attrs: { 'data-minor': String(cost.minor) } });
}

export function createChartText(sentence: HTMLElement, details: HTMLDetailsElement, table: HTMLTableElement): ChartText {
  let last: ChartTextInput | null = null;
  let built: ChartTextInput | null = null;

  function buildTable(input: ChartTextInput): void {
    const { series: s, units } = input;
    const thead = table.tHead ?? table.createTHead();
    const tbody = table.tBodies[0] ?? table.createTBody();
    const tfoot = table.tFoot ?? table.createTFoot();
    const when = s.granularity === 'hour' ? 'Hour (local)' : 'Day (local)';
    const price = input.pricePerGb;
    const ctx: MoneyTextContext = { now: input.now, zone: s.timeZone, locale: input.format.locale };
    const costHead = price === null ? null : el('th', { class: 'cost', text: 'Cost', attrs: { scope: 'col', title: `At ${priceText(price, ctx)}` } });
    thead.replaceChildren(
      el('tr', {}, el('th', { text: when, attrs: { scope: 'col' } }), ...s.series.map((l) => listHead(input.titles, l.login)), el('th', { text: 'Total', attrs: { scope: 'col' } }), costHead),
    );
    const rowCosts: Money[] = [];
    const rows = document.createDocumentFragment();
    const partial = partialIndex(s, input.now);
    for (let i = 0; i < s.buckets.length; i++) {
      let sum = 0;
      const cells: HTMLTableCellElement[] = [];
      for (const l of s.series) {
        const b = l.bytes[i] ?? 0;
        sum += b;
        cells.push(bytesCell('td', b, units));
      }
      const time = el('time', { text: bucketLabel(s, i, input.format), attrs: { datetime: bucketDatetime(s, i) } });
      const label = el('th', { attrs: { scope: 'row' } }, time, i === partial ? ' (so far)' : null);
      let cost: HTMLTableCellElement | null = null;
      if (price !== null) {
        const c = costOfBytes(sum, price);
        rowCosts.push(c);
        cost = costCell(c, ctx);
      }
      rows.append(el('tr', {}, label, ...cells, bytesCell('td', sum, units), cost));
    }
    tbody.replaceChildren(rows);
    const listBytes = s.series.map((l) => l.bytes.reduce((a, b) => a + b, 0));
    const totals = listBytes.map((b) => bytesCell('td', b, units));
    const grand = bytesCell('td', s.totalBytes, units);
    grand.classList.add('grand-total');
    if (price === null) {
      tfoot.replaceChildren(el('tr', {}, el('th', { text: 'Total', attrs: { scope: 'row' } }), ...totals, grand));
    } else {
      // One rule: every cost is its own bytes at the price, to the cent. The total's is the total
      // bytes', so it can differ by a cent or so from the rounded rows; its title says by how much.
      const total = costOfBytes(s.totalBytes, price);
      const listCosts = listBytes.map((b) => costOfBytes(b, price));
      const byRows = costCell(total, ctx);
      byRows.classList.add('grand-cost');
      byRows.title = totalCostNote(total, rowCosts, price, 'the rows', ctx);
      const byLists = costCell(total, ctx);
      byLists.classList.add('grand-cost');
      byLists.title = totalCostNote(total, listCosts, price, 'the lists', ctx);
      tfoot.replaceChildren(
        el('tr', { class: 'total-row' }, el('th', { text: 'Total', attrs: { scope: 'row' } }), ...totals, grand, byRows),
        el('tr', { class: 'cost-row' }, el('th', { text: 'Cost', attrs: { scope: 'row' } }), ...listCosts.map((c) => costCell(c, ctx)), byLists, el('td', { attrs: { 'aria-hidden': 'true' } })),
      );
    }
    built = input;
  }

  details.addEventListener('toggle', () => {
    if (details.open && last && built !== last) buildTable(last);
  });

  return {
    render(input) {
      last = input;
      setText(sentence, summarySentence(input));
      if (details.open) buildTable(input);
    },
  };
}
