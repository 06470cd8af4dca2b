// Electron entry: one instance only, then the app (tray, window, sync) once Electron is ready.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, protocol } from 'electron';
import { startApp } from './app.js';
import { DATA_DIR_ENV } from '../core/paths.js';
import { APP_SCHEME_PRIVILEGES } from './window/app-protocol.js';
import { errorMessage } from '../shared/error-message.js';

const mainDir = dirname(fileURLToPath(import.meta.url));

// Electron accepts this only before it is ready: the page's scheme must be a standard, secure origin.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(() =>
      startApp({
        outDir: dirname(mainDir),
        // Only in development: a packaged app never loads its page from a URL the environment names.
        ...(!app.isPackaged && process.env.ELECTRON_RENDERER_URL ? { devServerUrl: process.env.ELECTRON_RENDERER_URL } : {}),
        // The CLI and e2e tests may point the app at another data folder.
        dataDir: process.env[DATA_DIR_ENV]?.trim() || app.getPath('userData'),
        // Test hooks only on request, and never in a packaged build.
        underTest: !app.isPackaged && process.env.PST_TEST_HOOKS === '1',
      }),
    )
    .catch((e: unknown) => {
      console.error(`Proxy-Seller Traffic Tray could not start: ${errorMessage(e)}`);
      app.exit(1);
    });
}
