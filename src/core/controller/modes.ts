// Real or demo: the app runs one of them at a time behind one controller face. Entering the demo
// starts the fake API and a controller with its own data; the real one sleeps meanwhile. Storing a
// real key leaves the demo.
import type { Settings } from '../settings/schema.js';
import type { Demo } from './demo.js';
import { createControllerSwitch, type ControllerSwitch } from './switch.js';
import type { Controller } from './types.js';
import { createSerial } from '../serial.js';
import type { Logger } from '../ports.js';

export interface Modes {
  controller: ControllerSwitch;
  setDemo(on: boolean): Promise<void>;
  inDemo(): boolean;
  close(): Promise<void>;
}

/** `startDemo` gets the user's settings, for what the demo takes over from them. */
export function createModes(real: Controller, startDemo: (userSettings: Settings) => Promise<Demo>, log?: Logger): Modes {
  const sw = createControllerSwitch(real, log);
  let demo: Demo | null = null;
  // Switches run one at a time (a double click must not start two demos).
  const serial = createSerial();

  function setDemo(on: boolean): Promise<void> {
    return serial(async () => {
      if (on && demo === null) {
        demo = await startDemo(real.view().settings);
        real.setHeld('demo', true);
        sw.switchTo(demo.controller);
      } else if (!on && demo !== null) {
        const leaving = demo;
        demo = null;
        sw.switchTo(real);
        real.setHeld('demo', false);
        await leaving.close();
      }
    });
  }

  const controller: ControllerSwitch = {
    ...sw,
    async setKey(apiKey, options) {
      // A real key means the user is done with the demo, once it is stored: a key that is refused
      // (a typo, a locked keychain) keeps the demo running and the message on screen.
      const result = await real.setKey(apiKey, options);
      if (result.ok && demo !== null) await setDemo(false);
      return result;
    },
    async deleteKey() {
      if (demo !== null) return { ok: false, message: 'The demo runs on a built-in key; there is no key of yours to remove. Exit the demo first.' };
      return real.deleteKey();
    },
  };
  return {
    controller,
    setDemo,
    inDemo: () => demo !== null,
    close() {
      // Shutting down: stop the demo without waking the real controller (that would fetch).
      return serial(async () => {
        const leaving = demo;
        demo = null;
        await leaving?.close();
        await real.stop();
      });
    },
  };
}
