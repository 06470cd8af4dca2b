// The details window: created on demand, hidden (not closed) when the user closes it, locked down.
import { join } from 'node:path';
import { BrowserWindow, nativeTheme, shell } from 'electron';
import type { View } from '../../shared/ipc.js';
import { sendEvent } from '../ipc/register.js';
import { APP_PAGE_URL } from './app-protocol.js';
import { detailsWindowOptions, isAllowedNavigation } from './security.js';
import { errorMessage } from '../../shared/error-message.js';

export interface DetailsWindow {
  /** Shows the window, on `view` and, when given, at that package (PackageView.id). */
  show(view?: View, packageId?: string): void;
  pageUrl(): string | null;
  webContents(): Electron.WebContents | null;
  destroy(): void;
}

export interface DetailsWindowOptions {
  outDir: string;
  devServerUrl?: string;
  quitting: () => boolean;
  /** The window was shown or hidden (closed): what it shows is read more often while it is open. */
  onVisible?: (visible: boolean) => void;
}

export function createDetailsWindow(opts: DetailsWindowOptions): DetailsWindow {
  let win: BrowserWindow | null = null;
  let loaded = false;
  let pendingView: View | null = null;
  let pendingPackage: string | null = null;
  // The built page comes from the app's scheme (registered in index.ts, served by app.ts).
  const pageUrl = opts.devServerUrl ?? APP_PAGE_URL;

  function create(): BrowserWindow {
    const w = new BrowserWindow(detailsWindowOptions(join(opts.outDir, 'preload', 'index.cjs'), nativeTheme.shouldUseDarkColors));
    const contents = w.webContents;
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, pageUrl)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    w.on('close', (event) => {
      // The app lives in the tray: closing the window hides it.
      if (!opts.quitting()) {
        event.preventDefault();
        w.hide();
      }
    });
    w.on('show', () => opts.onVisible?.(true));
    w.on('hide', () => opts.onVisible?.(false));
    w.on('closed', () => {
      win = null;
      loaded = false;
      opts.onVisible?.(false);
    });
    contents.on('did-finish-load', () => {
      loaded = true;
      if (pendingView) sendEvent(contents, 'app:navigate', pendingView);
      if (pendingPackage) sendEvent(contents, 'app:show-package', pendingPackage);
      pendingView = null;
      pendingPackage = null;
    });
    // A quit during the load may have destroyed it by then.
    w.once('ready-to-show', () => {
      if (!w.isDestroyed()) w.show();
    });
    // Rejects when the load is cut short (a quit while loading, say): a note, not an unhandled rejection.
    w.loadURL(pageUrl).catch((e: unknown) => {
      console.warn(`The details window did not finish loading: ${errorMessage(e)}`);
    });
    return w;
  }

  return {
    show(view, packageId) {
      win ??= create();
      if (view) {
        if (loaded) sendEvent(win.webContents, 'app:navigate', view);
        else pendingView = view;
      }
      if (packageId) {
        if (loaded) sendEvent(win.webContents, 'app:show-package', packageId);
        else pendingPackage = packageId;
      }
      if (loaded) {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
      }
    },
    pageUrl: () => (win ? pageUrl : null),
    webContents: () => win?.webContents ?? null,
    destroy() {
      win?.destroy();
      win = null;
    },
  };
}

export async function openExternalSafely(url: string): Promise<void> {
  // Only the handler table's allow-listed links reach here; https only, as a second guard.
  if (!url.startsWith('https://')) throw new Error('refused to open a non-https link');
  await shell.openExternal(url);
}
