// Builds `window.trafficApi` from the contract: one method per invoke channel, one subscription per
// event channel. Listeners receive the value only; the renderer never sees ipcRenderer or an event.
import { bridgeEvents, bridgeMethods, type TrafficApi } from '../shared/ipc.js';

/** The part of Electron's ipcRenderer the bridge uses (a shim stands in for it in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, value: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, value: unknown) => void): unknown;
}

export function createBridge(ipc: IpcRendererLike): TrafficApi {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(bridgeMethods)) {
    api[name] = (request?: unknown) => (request === undefined ? ipc.invoke(channel) : ipc.invoke(channel, request));
  }
  for (const [name, channel] of Object.entries(bridgeEvents)) {
    api[name] = (listener: (value: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a function`);
      const forward = (_event: unknown, value: unknown) => listener(value);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }
  return Object.freeze(api) as TrafficApi;
}
