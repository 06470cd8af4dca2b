// The login filter: "All logins" and every login the history knows.
import { el } from './dom.js';

export interface LoginFilter {
  /** '' = all logins. */
  value(): string;
  setLogins(logins: readonly string[]): void;
}

export function createLoginFilter(select: HTMLSelectElement, onChange: () => void): LoginFilter {
  let known = '';
  select.addEventListener('change', onChange);
  return {
    value: () => select.value,
    setLogins(logins) {
      const chosen = select.value;
      // Keep a chosen login even if it dropped out of the list, so the view does not jump.
      const list = chosen !== '' && !logins.includes(chosen) ? [...logins, chosen] : [...logins];
      const signature = list.join('\n');
      if (signature === known) return;
      known = signature;
      select.replaceChildren(el('option', { text: 'All logins', attrs: { value: '' } }), ...list.map((l) => el('option', { text: l, attrs: { value: l } })));
      select.value = chosen;
    },
  };
}
