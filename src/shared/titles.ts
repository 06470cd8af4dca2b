// A list's name where a login would show: its title, else the login itself (a deleted list, or one
// without a title). One home, so the tray, the window, the notifications and the CLI agree.
import type { ListTitles } from './types.js';

/** The title of `login`'s list, or null. Own properties only: a login named "constructor" has no title by accident. */
export function titleOf(titles: ListTitles, login: string): string | null {
  return Object.hasOwn(titles, login) ? (titles[login] ?? null) : null;
}

/** The title, or the login when the list has none. */
export function listName(titles: ListTitles, login: string): string {
  return titleOf(titles, login) ?? login;
}

/** "Main scraper (437e7d9ca1050bab)" or "437e7d9ca1050bab": where the login must stay recognisable in one line of text. */
export function listLabel(titles: ListTitles, login: string): string {
  const title = titleOf(titles, login);
  return title === null ? login : `${title} (${login})`;
}

/** The titles from pairs, safe for any login (Object.fromEntries defines own properties). */
export function titlesFrom(pairs: Iterable<readonly [string, string]>): ListTitles {
  return Object.fromEntries([...pairs].filter(([login, title]) => login !== '' && title.trim() !== ''));
}

/** Each list's name (listName), with the login added where two of them share a title, so they stay apart. */
export function distinctNames(logins: readonly string[], titles: ListTitles): string[] {
  const names = logins.map((l) => listName(titles, l));
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? listLabel(titles, logins[i] ?? '') : n));
}
