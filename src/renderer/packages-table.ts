// The Overview's table of every package (shown with more than one): account, package, limit, used,
// reserved for sub-packages (when any package reserves some), left, share left, runs out, expires and
// the quota state in the package card's words and shapes; the total from the view's own total, with
// why its limit is not the rows' added up. Sortable by any column (a button in each header, so the
// keyboard sorts too; aria-sort says how). A package's name picks it for the cards and the chart.
import type { AppView } from '../shared/ipc.js';
import { exactBytes, formatBytes, type Units } from '../shared/bytes.js';
import { localTimeOf } from '../shared/local-dates.js';
import { el } from './dom.js';
import { packageRows, sortRows, totalNotes, totalRow, type PackageRow, type Sort, type SortKey } from './package-rows.js';
import { ownAlertsMark, percentText, quotaBadge } from './quota-look.js';

export interface PackagesTable {
  render(view: AppView): void;
}

interface Column {
  key: SortKey;
  title: string;
  numeric: boolean;
  /** The header's longer words, where its title is short. */
  hint?: string;
}

const COLUMNS: readonly Column[] = [
  { key: 'account', title: 'Account', numeric: false },
  { key: 'package', title: 'Package', numeric: false },
  { key: 'limit', title: 'Limit', numeric: true },
  { key: 'used', title: 'Used', numeric: true },
  { key: 'reserved', title: 'Reserved', numeric: true, hint: 'Reserved for sub-packages: part of the limit, neither used nor left here' },
  { key: 'left', title: 'Left', numeric: true },
  { key: 'percent', title: '% left', numeric: true },
  { key: 'runsOut', title: 'Runs out', numeric: false },
  { key: 'expires', title: 'Expires', numeric: false },
  { key: 'state', title: 'State', numeric: false },
];

function bytesCell(bytes: number | null, units: Units): HTMLTableCellElement {
  if (bytes === null) return el('td', { class: 'num', text: '–' });
  return el('td', { class: 'num', text: formatBytes(bytes, units), attrs: { 'data-bytes': String(bytes), title: exactBytes(bytes) } });
}

/** `onPick`: a package's name picks it for the cards; `onOwnAlerts`: its "own alerts" mark opens them in Settings. */
export function createPackagesTable(root: HTMLElement, onPick: (packageId: string) => void, onOwnAlerts: (packageId: string) => void): PackagesTable {
  const table = root.querySelector('table');
  const notes = root.querySelector('.packages-notes');
  if (!table || !(notes instanceof HTMLElement)) throw new Error('#packages-card needs its table and notes');
  let sort: Sort | null = null;
  let view: AppView | null = null;
  /** What was last drawn: a view push that changes nothing keeps the table (and the focus in it). */
  let painted = '';

  function stateCell(row: PackageRow): HTMLTableCellElement {
    const cell = el('td', { class: 'state' }, row.state === null ? el('span', { class: 'muted', text: 'No data yet' }) : quotaBadge(row.state));
    if (row.stale && view) {
      const zone = view.snapshot.localTimeZone;
      const since = row.lastSuccessAt === null ? 'never updated' : `last good update ${localTimeOf(row.lastSuccessAt, zone)}`;
      cell.append(' ', el('span', { class: 'badge badge-stale', text: 'Stale', attrs: { title: `The figures may be out of date (${since})` } }));
    }
    return cell;
  }

  function rowElement(row: PackageRow, columns: readonly Column[], units: Units, total: boolean): HTMLTableRowElement {
    const cells: HTMLTableCellElement[] = [];
    for (const c of columns) {
      switch (c.key) {
        case 'account':
          cells.push(total ? el('th', { text: 'Total', attrs: { scope: 'row' } }) : el('td', { text: row.account }));
          break;
        case 'package': {
          if (total) {
            cells.push(el('td', { class: 'muted', text: 'All packages' }));
            break;
          }
          const pick = el('button', { class: 'link-button', text: row.name, attrs: { type: 'button', title: `Show ${row.label} in the cards and the chart` } });
          pick.addEventListener('click', () => onPick(row.id));
          cells.push(el('td', {}, pick, row.own ? ' ' : null, row.own ? ownAlertsMark(row.label, () => onOwnAlerts(row.id)) : null));
          break;
        }
        case 'percent':
          cells.push(el('td', { class: 'num', text: row.percent === null ? '–' : percentText(row.percent) }));
          break;
        case 'runsOut':
          cells.push(el('td', { text: row.runsOut.text }));
          break;
        case 'expires':
          cells.push(el('td', { text: row.expires.text }));
          break;
        case 'state':
          cells.push(stateCell(row));
          break;
        case 'reserved':
          // A sub-package reserves nothing: blank rather than a 0 that reads like a figure.
          cells.push(row.reserved === null || (row.kind === 'sub' && !total) ? el('td', { class: 'num muted', text: '' }) : bytesCell(row.reserved, units));
          break;
        case 'used': {
          // Used past the limit says by how much, as the CLI and the tray do: the row still adds up.
          const cell = bytesCell(row.used, units);
          if (row.used !== null && row.limit !== null && row.used > row.limit) cell.append(el('span', { class: 'muted', text: ` (over by ${formatBytes(row.used - row.limit, units)})` }));
          cells.push(cell);
          break;
        }
        default:
          cells.push(bytesCell(row[c.key], units));
      }
    }
    const attrs: Record<string, string> = { 'data-package': row.id };
    if (row.state) attrs['data-quota'] = row.state;
    if (row.stale) attrs['data-stale'] = 'true';
    return el('tr', { class: total ? 'packages-total' : '', attrs }, ...cells);
  }

  function header(columns: readonly Column[]): HTMLTableRowElement {
    return el(
      'tr',
      {},
      ...columns.map((c) => {
        const sorted = sort?.key === c.key ? sort.direction : null;
        const button = el(
          'button',
          { class: 'sort-button', attrs: { type: 'button', 'data-sort': c.key, ...(c.hint ? { title: c.hint } : {}) } },
          c.title,
          el('span', { class: 'sort-mark', text: sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : '', attrs: { 'aria-hidden': 'true' } }),
        );
        button.addEventListener('click', () => {
          sort = { key: c.key, direction: sort?.key === c.key && sort.direction === 'ascending' ? 'descending' : 'ascending' };
          paint();
        });
        return el('th', { class: c.numeric ? 'num' : '', attrs: { scope: 'col', 'aria-sort': sorted ?? 'none' } }, button);
      }),
    );
  }

  /** A selector for the table's focused button, found again in a new drawing of it (a header's, or a row's by its package). */
  function focusedButton(): string | null {
    const active = document.activeElement;
    if (!(active instanceof HTMLButtonElement) || !table!.contains(active)) return null;
    if (active.dataset.sort !== undefined) return `button[data-sort="${CSS.escape(active.dataset.sort)}"]`;
    const id = active.closest('tr')?.dataset.package;
    const kind = active.hasAttribute('data-own-alerts') ? '[data-own-alerts]' : '.link-button';
    return id === undefined ? null : `tr[data-package="${CSS.escape(id)}"] button${kind}`;
  }

  function paint(): void {
    if (!view) return;
    const locale = navigator.language;
    const units = view.settings.units;
    const rows = packageRows(view, locale);
    // The reserved column only where some main package reserves traffic.
    const columns = COLUMNS.filter((c) => c.key !== 'reserved' || rows.some((r) => (r.reserved ?? 0) > 0));
    const total = totalRow(view, rows, locale);
    const noted = totalNotes(view);
    const signature = JSON.stringify([rows, total, noted, sort, units]);
    if (signature === painted) return;
    painted = signature;
    const thead = el('thead', {}, header(columns));
    const tbody = el('tbody', {}, ...sortRows(rows, sort).map((r) => rowElement(r, columns, units, false)));
    const tfoot = el('tfoot', {}, total ? rowElement(total, columns, units, true) : null);
    // Every repaint (a sort, or new figures from a poll) draws the table anew: the button the
    // keyboard was on keeps the focus, so Enter goes on sorting, or picking, where it was.
    const focused = focusedButton();
    table!.replaceChildren(el('caption', { class: 'visually-hidden', text: 'Every package of every account' }), thead, tbody, tfoot);
    if (focused !== null) table!.querySelector<HTMLButtonElement>(focused)?.focus();
    notes!.replaceChildren(...noted.map((n) => el('p', { class: 'hint', text: n })));
  }

  return {
    render(next) {
      view = next;
      root.hidden = next.accounts.flatMap((a) => a.packages).length < 2;
      if (!root.hidden) paint();
    },
  };
}
