// One Controller face over whichever controller is active (the real one, or the demo's), so the
// IPC handlers, the tray and the notifications stay bound to one object while the app switches.
import type { AppView } from '../../shared/ipc.js';
import type { Alert } from '../alerts/rules.js';
import type { Controller } from './types.js';

export interface ControllerSwitch extends Controller {
  current(): Controller;
  /** Makes `next` the active controller (already started) and pushes its view. */
  switchTo(next: Controller): void;
}

export function createControllerSwitch(initial: Controller): ControllerSwitch {
  let active = initial;
  const views = new Set<(view: AppView) => void>();
  const alerts = new Set<(alert: Alert) => void>();
  let detach: Array<() => void> = [];

  function attach(c: Controller): void {
    for (const off of detach) off();
    detach = [c.onView((v) => views.forEach((l) => l(v))), c.onAlert((a) => alerts.forEach((l) => l(a)))];
  }
  attach(active);

  return {
    current: () => active,
    switchTo(next) {
      active = next;
      attach(next);
      const v = next.view();
      views.forEach((l) => l(v));
    },
    start: () => active.start(),
    stop: () => active.stop(),
    view: () => active.view(),
    onView(listener) {
      views.add(listener);
      return () => views.delete(listener);
    },
    onAlert(listener) {
      alerts.add(listener);
      return () => alerts.delete(listener);
    },
    refresh: () => active.refresh(),
    series: (r) => active.series(r),
    updateSettings: (p) => active.updateSettings(p),
    setKey: (k) => active.setKey(k),
    deleteKey: () => active.deleteKey(),
    testConnection: () => active.testConnection(),
    setPaused: (p) => active.setPaused(p),
    setHeld: (reason, held) => active.setHeld(reason, held),
    setOnline: (o) => active.setOnline(o),
  };
}
