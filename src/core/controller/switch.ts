// One Controller face over whichever controller is active (the real one, or the demo's), so the
// IPC handlers, the tray and the notifications stay bound to one object while the app switches.
// Nothing here names a controller method: every method goes to the active controller, and every
// event (an `on...` method) is relayed from it, so a method added to Controller needs no change here.
import type { Logger } from '../ports.js';
import { createListeners, type Listeners } from '../listeners.js';
import type { Controller } from './types.js';

export interface ControllerSwitch extends Controller {
  current(): Controller;
  /** Makes `next` the active controller (already started) and pushes its view. */
  switchTo(next: Controller): void;
}

type EventName = Extract<keyof Controller, `on${string}`>;
type Subscribe = (listener: (value: unknown) => void) => () => void;
type Method = (...args: unknown[]) => unknown;

const isEvent = (name: keyof Controller): name is EventName => /^on[A-Z]/.test(name);

export function createControllerSwitch(initial: Controller, log?: Logger): ControllerSwitch {
  let active = initial;
  // A controller is a plain object: its own keys are its methods.
  const names = Object.keys(initial) as Array<keyof Controller>;
  const relays = new Map<EventName, Listeners<unknown>>(names.filter(isEvent).map((name) => [name, createListeners<unknown>(name, log)]));
  let detach: Array<() => void> = [];

  function attach(c: Controller): void {
    for (const off of detach) off();
    detach = [...relays].map(([name, relay]) => (c[name] as Subscribe)((value) => relay.emit(value)));
  }
  attach(active);

  const face: Record<string, unknown> = {};
  for (const name of names) {
    const relay = isEvent(name) ? relays.get(name) : undefined;
    face[name] = relay ? relay.add : (...args: unknown[]) => (active[name] as Method)(...args);
  }
  return {
    ...(face as unknown as Controller),
    current: () => active,
    switchTo(next) {
      active = next;
      attach(next);
      relays.get('onView')?.emit(next.view());
    },
  };
}
