// The demo label under the header: says the figures are generated, and leads back out.
import type { AppView, TrafficApi } from '../shared/ipc.js';
import { byId } from './dom.js';

export interface DemoBar {
  render(view: AppView): void;
}

export function createDemoBar(api: TrafficApi): DemoBar {
  const bar = byId('demo-bar');
  const exit = byId('exit-demo', HTMLButtonElement);
  exit.addEventListener('click', () => {
    exit.disabled = true;
    void api.setDemo({ on: false }).finally(() => {
      exit.disabled = false;
    });
  });
  return {
    render(view) {
      bar.hidden = !view.demo;
    },
  };
}
