// The choices of Settings' "Package in the tray" (setting trayPackage): the total, then every
// package by the label every surface uses. Shown only with more than one package. The stored value
// is written by the settings form (settings-validate.ts); this only keeps the options current, so
// it runs before the form is filled.
import type { AppView } from '../shared/ipc.js';
import { byId, el } from './dom.js';

export const TOTAL_CHOICE = 'Total of all packages';

export interface TrayPackageChoice {
  render(view: AppView): void;
}

export function createTrayPackageChoice(): TrayPackageChoice {
  const field = byId('field-trayPackage');
  const select = byId('set-trayPackage', HTMLSelectElement);
  let shown = '';
  return {
    render(view) {
      const packages = view.accounts.flatMap((a) => a.packages.map((p) => ({ id: p.id, label: p.label })));
      const chosen = view.settings.trayPackage;
      // A chosen package that is gone stays listed as such, so the select holds what is stored.
      const gone = chosen !== null && !packages.some((p) => p.id === chosen) ? [{ id: chosen, label: 'A package no longer there (the total is shown)' }] : [];
      const options = [{ id: '', label: TOTAL_CHOICE }, ...packages, ...gone];
      const sig = JSON.stringify(options);
      field.hidden = packages.length < 2 && gone.length === 0;
      // Rebuilt only when the packages change: a rebuild under an open select would close it.
      if (sig === shown) return;
      shown = sig;
      const value = select.value;
      select.replaceChildren(...options.map((o) => el('option', { text: o.label, attrs: { value: o.id } })));
      select.value = options.some((o) => o.id === value) ? value : '';
    },
  };
}
