// `GET residentsubuser/packages` data -> the account's sub-user packages. v1 puts them under
// `data.items`, v2 sends a flat array (itemsOf reads both). Each item has the main package's fields
// (its expiry usually the PHP date object) and is read by the same tolerant parser; an item that
// cannot be read (no key, no traffic figures) is dropped and counted, never costing the others.
import type { PackageInfo } from '../../shared/types.js';
import { MalformedResponseError } from './errors.js';
import { parsePackage } from './parse-package.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import { childPath, isRecord, itemsOf } from './parse-values.js';
import { oneLine } from '../../shared/plain-text.js';

/** A sub-user package: the package's figures, plus the name the API gives it, if any. */
export interface SubPackageInfo extends PackageInfo {
  /** A title, name or comment the answer holds (undocumented; most answers have none). */
  apiName: string | null;
}

const NAME_FIELDS = ['title', 'name', 'comment'] as const;
const MAX_NAME = 80;

/** The name as one plain line (control, escape and bidi characters out: it reaches terminals and tray menus). */
function nameOf(item: Record<string, unknown>): string | null {
  for (const f of NAME_FIELDS) {
    const v = item[f];
    const name = typeof v === 'string' ? oneLine(v, MAX_NAME) : '';
    if (name !== '') return name;
  }
  return null;
}

export function parseSubPackages(data: unknown, apiTimeZone: string, report: ParseReport = createParseReport()): SubPackageInfo[] {
  const { items, path } = itemsOf(data, 'sub-user packages');
  report.total(items.length, 'sub-user packages');
  const out: SubPackageInfo[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = childPath(path, i);
    if (!isRecord(item)) {
      report.drop('not an object', at);
      return;
    }
    let pkg: PackageInfo;
    try {
      // Notes about optional fields are the item's own: kept under its path.
      pkg = parsePackage(item, apiTimeZone, prefixed(report, at));
    } catch (e) {
      if (!(e instanceof MalformedResponseError)) throw e;
      report.drop('unreadable', `${at} (${e.path.replace(/^data/, at)})`);
      return;
    }
    if (seen.has(pkg.key)) {
      report.drop('repeated package key', at);
      return;
    }
    seen.add(pkg.key);
    // A sub-package reserves nothing of its own.
    out.push({ ...pkg, reservedBytes: 0, apiName: nameOf(item) });
  });
  if (items.length > 0 && out.length === 0) throw report.nothingUsable();
  return out;
}

/** The report with paths under one item (parsePackage writes `data.<field>`). */
function prefixed(report: ParseReport, at: string): ParseReport {
  const under = (p: string) => (p.startsWith('data.') ? `${at}.${p.slice(5)}` : p === 'data' ? at : p);
  return {
    note: (p, text) => report.note(under(p), text),
    drop: (reason, p) => report.drop(reason, under(p)),
    total: () => undefined,
    get dropped() {
      return report.dropped;
    },
    summary: () => report.summary(),
    nothingUsable: () => report.nothingUsable(),
  };
}
