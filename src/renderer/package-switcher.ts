// "Show: All packages / an account / a package" above the cards and the chart, with more than one
// package: an option group per account. Hidden (and "all") with a single package.
import type { AppView } from '../shared/ipc.js';
import { el } from './dom.js';
import { ALL, choiceOptions, type Choice } from './package-choice.js';

export interface PackageSwitcher {
  /** Refills the options; keeps the choice while it is there. */
  render(view: AppView): void;
  value(): Choice;
  /** Chooses (as the user would) and tells onChange. */
  choose(choice: Choice): void;
}

export function createPackageSwitcher(wrap: HTMLElement, select: HTMLSelectElement, onChange: () => void): PackageSwitcher {
  let known = '';
  /** A choice asked for before its option exists (a notification's package, before the first view): taken up by the next render. */
  let wanted: Choice | null = null;
  select.addEventListener('change', onChange);
  return {
    render(view) {
      const options = choiceOptions(view);
      wrap.hidden = options.length === 0;
      const signature = JSON.stringify(options);
      if (signature === known) return;
      known = signature;
      const before = select.value || ALL;
      const chosen = wanted !== null && options.some((o) => o.value === wanted) ? wanted : before;
      if (chosen === wanted) wanted = null;
      const children: HTMLElement[] = [];
      let group: HTMLOptGroupElement | null = null;
      for (const o of options) {
        const option = el('option', { text: o.label, attrs: { value: o.value } });
        if (o.group === '') {
          children.push(option);
          group = null;
          continue;
        }
        if (group === null || group.label !== o.group) {
          group = el('optgroup');
          // The label attribute is text: an account's name is never parsed.
          group.label = o.group;
          children.push(group);
        }
        group.append(option);
      }
      select.replaceChildren(...children);
      const next = options.some((o) => o.value === chosen) ? chosen : ALL;
      select.value = next;
      // Another choice than before (asked for, or the chosen package gone): told after this render,
      // so the login filter starts again from the lists of what is shown now.
      if (next !== before) queueMicrotask(onChange);
    },
    value: () => (wrap.hidden ? ALL : select.value || ALL),
    choose(choice) {
      if (select.value === choice) return;
      if (![...select.options].some((o) => o.value === choice)) {
        wanted = choice;
        return;
      }
      select.value = choice;
      onChange();
    },
  };
}
