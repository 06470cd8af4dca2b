// What the Overview's cards and chart are about when there are several packages: all of them, one
// account's, or one package. Pure: the switcher's options and what a choice shows come from the view.
import type { AppView, PackageView } from '../shared/ipc.js';
import type { Snapshot } from '../shared/types.js';

/** 'all', 'account:<id>', or a PackageView.id. */
export type Choice = string;

export const ALL: Choice = 'all';

export interface ChoiceOption {
  value: Choice;
  /** As the option reads ("All packages", "Reseller (all packages)", "Reseller · Client B"). */
  label: string;
  /** The account it belongs to, for its option group ('' for "All packages"). */
  group: string;
}

/** What a choice shows. */
export interface Chosen {
  choice: Choice;
  /** The figures of the cards: the package's own, or the packages added up. */
  snapshot: Snapshot;
  /** The packages the chart stacks (one: its lists; several: one bar part per package). */
  packages: PackageView[];
  /** The one package chosen; null for a total. */
  single: PackageView | null;
  /** "All packages", "Reseller (all packages)" or the package's label. */
  name: string;
}

export function allPackages(view: AppView): PackageView[] {
  return view.accounts.flatMap((a) => a.packages);
}

/** A switcher is offered once there is more than one package. */
export function hasSeveral(view: AppView): boolean {
  return allPackages(view).length > 1;
}

function accountName(name: string): string {
  return name === '' ? 'Main account' : name;
}

export function choiceOptions(view: AppView): ChoiceOption[] {
  if (!hasSeveral(view)) return [];
  const out: ChoiceOption[] = [{ value: ALL, label: 'All packages', group: '' }];
  const several = view.accounts.length > 1;
  for (const a of view.accounts) {
    const group = accountName(a.name);
    // An account of one package is that package; the whole account only when it has several and is not alone.
    if (several && a.packages.length > 1) out.push({ value: `account:${a.id}`, label: `${group} (all packages)`, group });
    for (const p of a.packages) out.push({ value: p.id, label: p.label, group });
  }
  return out;
}

/**
 * What `choice` shows in this view; a choice that is no longer there (a removed account or package)
 * falls back to all packages, and a single package is simply itself.
 */
export function resolveChoice(view: AppView, choice: Choice): Chosen {
  const packages = allPackages(view);
  if (packages.length <= 1 || view.total === null) {
    const only = packages[0] ?? null;
    // One package: the view's own snapshot (the default account's main package) is that package.
    return { choice: only?.id ?? ALL, snapshot: view.snapshot, packages: only ? [only] : [], single: only, name: only?.label ?? 'Package' };
  }
  const single = packages.find((p) => p.id === choice);
  if (single) return { choice, snapshot: single.snapshot, packages: [single], single, name: single.label };
  if (choice.startsWith('account:')) {
    const account = view.accounts.find((a) => `account:${a.id}` === choice);
    if (account && account.total !== null) return { choice, snapshot: account.total, packages: account.packages, single: null, name: `${accountName(account.name)} (all packages)` };
  }
  return { choice: ALL, snapshot: view.total, packages, single: null, name: 'All packages' };
}
