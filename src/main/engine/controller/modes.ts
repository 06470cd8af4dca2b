// Real or demo: the app runs one of them at a time behind one controller face. Entering the demo
// starts the fake API and a controller with its own data; the real one sleeps meanwhile. Storing a
// real key leaves the demo.
import type { Demo } from './demo.js';
import { createControllerSwitch, type ControllerSwitch } from './switch.js';
import type { Controller } from './types.js';
import { createSerial } from '../serial.js';

export interface Modes {
  controller: ControllerSwitch;
  setDemo(on: boolean): Promise<void>;
  inDemo(): boolean;
  close(): Promise<void>;
}

export function createModes(real: Controller, startDemo: () => Promise<Demo>): Modes {
  const sw = createControllerSwitch(real);
  let demo: Demo | null = null;
  // Switches run one at a time (a double click must not start two demos).
  const serial = createSerial();

  function setDemo(on: boolean): Promise<void> {
    return serial(async () => {
      if (on && demo === null) {
        demo = await startDemo();
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
    async setKey(apiKey) {
      // A real key means the user is done with the demo.
      if (demo !== null) await setDemo(false);
      return sw.setKey(apiKey);
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
