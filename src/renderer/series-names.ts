// What the chart's legend calls each list: its title (a list without one, a deleted list, by its
// login), with the login added when two lists of the chart share a title, so they stay apart.
import type { ListTitles } from '../shared/types.js';
import { listLabel, listName } from '../shared/titles.js';

export function seriesNames(logins: readonly string[], titles: ListTitles): string[] {
  const names = logins.map((l) => listName(titles, l));
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? listLabel(titles, logins[i] ?? '') : n));
}
