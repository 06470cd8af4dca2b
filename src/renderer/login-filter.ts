// The login filter: "All logins" and every login the history knows, by title with the login beside
// it, small (two lists may share a title). The select is a customisable one (styles.css, Chromium
// 135+), whose options show their markup; as text (its label, what a screen reader says, and a
// plain select's look) an option reads "Title (login)", as listLabel writes it.
import { el } from './dom.js';
import type { ListTitles } from '../shared/types.js';
import { listLabel, titleOf } from '../shared/titles.js';

function option(titles: ListTitles, login: string): HTMLOptionElement {
  const title = titleOf(titles, login);
  if (title === null) return el('option', { text: login, attrs: { value: login } });
  // The brackets are hidden in the picker, where the login is small instead.
  return el(
    'option',
    { attrs: { value: login } },
    el('span', { class: 'list-title', text: title }),
    el('span', { class: 'list-sep', text: ' (' }),
    el('small', { class: 'list-login', text: login }),
    el('span', { class: 'list-sep', text: ')' }),
  );
}

export interface LoginFilter {
  /** '' = all logins. */
  value(): string;
  setLogins(logins: readonly string[], titles: ListTitles): void;
  /** Back to all logins (another package was chosen: its lists are others). */
  reset(): void;
}

export function createLoginFilter(select: HTMLSelectElement, onChange: () => void): LoginFilter {
  let known = '';
  select.addEventListener('change', onChange);
  return {
    value: () => select.value,
    setLogins(logins, titles) {
      const chosen = select.value;
      // Keep a chosen login even if it dropped out of the list, so the view does not jump.
      const list = chosen !== '' && !logins.includes(chosen) ? [...logins, chosen] : [...logins];
      const names = list.map((l) => listLabel(titles, l));
      const signature = `${list.join('\n')}\n\n${names.join('\n')}`;
      if (signature === known) return;
      known = signature;
      select.replaceChildren(el('option', { text: 'All logins', attrs: { value: '' } }), ...list.map((l) => option(titles, l)));
      select.value = chosen;
    },
    reset() {
      known = '';
      select.replaceChildren(el('option', { text: 'All logins', attrs: { value: '' } }));
      select.value = '';
    },
  };
}
