// Accounts and packages as every face names them: the rules for an account's name, how a package is
// referred to (account + package key), and the words for one. Pure data: no Node, no DOM.

/** What the window, the tray and the CLI show of an account: never its key, only its last four characters. */
export interface AccountSummary {
  id: string;
  /** The user's name for it; '' for the one unnamed account of PROXY_SELLER_API_KEY. */
  name: string;
  default: boolean;
  keyLast4: string | null;
}

export type PackageKind = 'main' | 'sub';

/** One package of one account: the unit the figures, the history and the alerts are kept for. */
export interface PackageRef {
  accountId: string;
  /** The package key; null for an account whose main package is not known yet. */
  packageKey: string | null;
  kind: PackageKind;
}

export const ACCOUNT_NAME_MAX = 40;

/**
 * An account's name as typed: trimmed, 1 to 40 characters, no control characters, not only digits
 * and dots (so it is never mistaken for a package key or a number in a status bar). Throws RangeError
 * with the reason; the message never quotes more than the name itself.
 */
export function validateAccountName(raw: string): string {
  const name = cleanName(raw, 'account', ACCOUNT_NAME_MAX);
  if (name === '') throw new RangeError('The account name is empty.');
  if (/^[\d.]+$/u.test(name)) throw new RangeError('The account name must contain a letter (a name of digits only reads like a figure).');
  return name;
}

/**
 * A name the user gives (an account's, a package's): trimmed and single-spaced, at most `max`
 * characters, no control or formatting characters (RangeError saying which rule it broke).
 */
export function cleanName(raw: string, what: 'account' | 'package', max: number): string {
  const name = raw.trim().replace(/\s+/gu, ' ');
  if (name.length > max) throw new RangeError(`The ${what} name is too long (${name.length} characters; at most ${max}).`);
  if (/[\p{Cc}\p{Cf}]/u.test(name)) throw new RangeError(`The ${what} name contains a control or formatting character.`);
  return name;
}

/** Names compare without case: "Client B" and "client b" are the same account. */
export function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/** "Sub-package 1a2b" for a sub-package the user has not named; the main package is "Main package". */
export function defaultPackageName(kind: PackageKind, packageKey: string | null): string {
  if (kind === 'main') return 'Main package';
  return `Sub-package ${packageKey === null ? '?' : packageKey.slice(-4)}`;
}

/** The key that names a package across accounts (a package key is unique, but it may be unknown yet). */
export function packageId(ref: PackageRef): string {
  return `${ref.accountId}/${ref.kind === 'main' ? 'main' : (ref.packageKey ?? '?')}`;
}

/**
 * How every surface names a package (the tray, the window, the alerts, the CLI): by its name alone
 * with one account; with several, a main package by its account's name and a sub-package after it
 * ("Reseller · Client B").
 */
export function packageLabel(accountName: string, kind: PackageKind, name: string, accountCount: number): string {
  if (accountCount < 2) return name;
  const account = accountName || 'Main account';
  return kind === 'main' ? account : `${account} · ${name}`;
}

/** Two packages with the same label (two clients the API names alike) are told apart by their keys' last four characters. */
export function distinctLabels(items: ReadonlyArray<{ label: string; key: string | null }>): string[] {
  const seen = new Map<string, number>();
  for (const i of items) seen.set(i.label, (seen.get(i.label) ?? 0) + 1);
  return items.map((i) => ((seen.get(i.label) ?? 0) < 2 || !i.key ? i.label : `${i.label} (…${i.key.slice(-4)})`));
}
