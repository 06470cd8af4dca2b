// Registers the handler table with Electron. Every call is checked to come from the app's page's main frame.
import { ipcMain, type WebContents } from 'electron';
import type { EventChannel, EventContract, InvokeChannel } from '../../shared/ipc.js';
import type { IpcHandlers } from './handlers.js';
import { isTrustedSender } from './sender.js';

export function registerIpc(handlers: IpcHandlers, pageUrl: () => string | null): () => void {
  const channels = Object.keys(handlers) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const page = pageUrl();
      // As VS Code's validateEvent: the page's main frame itself, not a frame inside it (an iframe
      // can carry the page's URL), and then the page's origin.
      const frame = event.senderFrame;
      if (page === null || frame === null || frame !== event.sender.mainFrame || !isTrustedSender(frame.url, page)) {
        throw new Error(`refused ${channel}: the caller is not the app's page`);
      }
      return handlers[channel](payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

export function sendEvent<C extends EventChannel>(target: WebContents | null | undefined, channel: C, value: EventContract[C]): void {
  if (target && !target.isDestroyed()) target.send(channel, value);
}
