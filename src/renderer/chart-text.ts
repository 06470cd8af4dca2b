// The chart's text alternative: one summary sentence (read out politely when it changes) and a table
// of every bucket, built only while its <details> is open (a year of hours is a big table). Its
// header and totals row stay in view while the rows scroll (styles.css). Dates through the window's
// one formatter; each row's <time> carries the bucket's machine-readable start.
import type { SeriesResponse } from '../shared/ipc.js';
import { bucketDatetime, bucketLabel, partialIndex } from './buckets.js';
import { el, setText } from './dom.js';
import type { DateFormat } from './format-time.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';

export interface ChartTextInput {
  series: SeriesResponse;
  /** "Today", "Last 7 days", "11/01/2026 – 11/20/2026". */
  rangeName: string;
  /** "all logins" or the login shown. */
  loginName: string;
  units: Units;
  format: DateFormat;
  /** The current time: the bucket it falls in is marked "so far". */
  now: number;
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
  const logins = s.series.length === 1 ? '1 login' : `${s.series.length} logins`;
  return `${head} ${formatBytes(s.totalBytes, units)} in ${span} from ${logins}. ${peakWord}: ${bucketLabel(s, best, input.format)} with ${formatBytes(bestBytes, units)}.`;
}

export interface ChartText {
  render(input: ChartTextInput): void;
}

function bytesCell(tag: 'td' | 'th', bytes: number, units: Units): HTMLTableCellElement {
  // The short figure is what people read; the exact count is one hover (and one attribute) away.
  return el(tag, { text: formatBytes(bytes, units), attrs: { 'data-bytes': String(bytes), title: exactBytes(bytes) } });
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
    thead.replaceChildren(
      el('tr', {}, el('th', { text: when, attrs: { scope: 'col' } }), ...s.series.map((l) => el('th', { text: l.login, attrs: { scope: 'col' } })), el('th', { text: 'Total', attrs: { scope: 'col' } })),
    );
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
      rows.append(el('tr', {}, label, ...cells, bytesCell('td', sum, units)));
    }
    tbody.replaceChildren(rows);
    const totals = s.series.map((l) => bytesCell('td', l.bytes.reduce((a, b) => a + b, 0), units));
    const grand = bytesCell('td', s.totalBytes, units);
    grand.classList.add('grand-total');
    tfoot.replaceChildren(el('tr', {}, el('th', { text: 'Total', attrs: { scope: 'row' } }), ...totals, grand));
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
