// Overview / Settings / About as a tab list: real buttons, arrow keys, Home/End.
import type { View } from '../shared/ipc.js';
import { byId } from './dom.js';

export type Tab = 'overview' | 'settings' | 'about';

export interface Tabs {
  show(tab: Tab, focus?: boolean): void;
  current(): Tab;
}

const ORDER: readonly Tab[] = ['overview', 'settings', 'about'];

/** The tab a navigation request from main (tray menu) opens. */
export function tabForView(view: View): Tab {
  return view === 'settings' ? 'settings' : view === 'about' ? 'about' : 'overview';
}

export function createTabs(onShow: (tab: Tab) => void): Tabs {
  let current: Tab = 'overview';
  const tab = (t: Tab) => byId(`tab-${t}`, HTMLButtonElement);
  const panel = (t: Tab) => byId(`panel-${t}`);

  function show(next: Tab, focus = false): void {
    current = next;
    for (const t of ORDER) {
      const selected = t === next;
      tab(t).setAttribute('aria-selected', String(selected));
      tab(t).tabIndex = selected ? 0 : -1;
      panel(t).hidden = !selected;
    }
    if (focus) tab(next).focus();
    onShow(next);
  }

  for (const t of ORDER) {
    const b = tab(t);
    b.addEventListener('click', () => show(t));
    b.addEventListener('keydown', (e) => {
      const i = ORDER.indexOf(t);
      let to: Tab | undefined;
      if (e.key === 'ArrowRight') to = ORDER[(i + 1) % ORDER.length];
      else if (e.key === 'ArrowLeft') to = ORDER[(i + ORDER.length - 1) % ORDER.length];
      else if (e.key === 'Home') to = ORDER[0];
      else if (e.key === 'End') to = ORDER[ORDER.length - 1];
      if (to) {
        e.preventDefault();
        show(to, true);
      }
    });
  }

  return { show, current: () => current };
}
