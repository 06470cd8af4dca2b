// Whether polling may run: the user's pause, the holds of the OS and the app (sleep, the demo in
// the real controller's place) and the network. Pure state; the controller
// turns its changes into pausing and resuming the scheduler.
import type { HoldReason } from './types.js';

export interface RunState {
  paused(): boolean;
  online(): boolean;
  /** Only when the user, the OS and the network all allow it. */
  mayPoll(): boolean;
  /** Each returns whether anything changed. */
  setPaused(paused: boolean): boolean;
  setHeld(reason: HoldReason, held: boolean): boolean;
  setOnline(online: boolean): boolean;
}

export function createRunState(): RunState {
  let userPaused = false;
  let online = true;
  const holds = new Set<HoldReason>();
  return {
    paused: () => userPaused,
    online: () => online,
    mayPoll: () => !userPaused && holds.size === 0 && online,
    setPaused(paused) {
      const changed = paused !== userPaused;
      userPaused = paused;
      return changed;
    },
    setHeld(reason, held) {
      if (held === holds.has(reason)) return false;
      if (held) holds.add(reason);
      else holds.delete(reason);
      return true;
    },
    setOnline(value) {
      if (online === value) return false;
      online = value;
      return true;
    },
  };
}
