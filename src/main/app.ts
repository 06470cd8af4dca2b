// App lifecycle: single instance, tray first (cached figures), then sync; sleep and network
// handled as states. All decisions live in the controller and the presenters; this is wiring.
import { lowThresholdsOf } from '../shared/package-settings.js';
import { readFile } from 'node:fs/promises';
import { homedir, release } from 'node:os';
import { join } from 'node:path';
import { app, nativeTheme, net, powerMonitor, protocol, screen, shell } from 'electron';
import type { AppView, View } from '../shared/ipc.js';
import { createAppCore } from '../core/app-core.js';
import { autostartFile, setLinuxAutostart } from '../core/autostart.js';
import { realTimers } from '../core/ports.js';
import { createSecretStore, keychainService, type SecretStore } from '../core/secrets/keychain.js';
import { systemTimeZone } from '../core/time/zoned.js';
import { createCsvSaver } from './export.js';
import { EXTERNAL_LINKS, createIpcHandlers } from './ipc/handlers.js';
import { registerIpc, sendEvent } from './ipc/register.js';
import { createAppLog } from './log.js';
import { createNotifier } from './notifications.js';
import { electronSettingsStore } from './settings-store.js';
import { presentTray } from './tray/presenter.js';
import { createTray, drawnTrayIcon, type TrayController, type TrayShown } from './tray/tray.js';
import { resolveTrayStyle, type IconStyle } from './tray/icon.js';
import { APP_SCHEME, createBundleHandler } from './window/app-protocol.js';
import { createDetailsWindow, openExternalSafely, type DetailsWindow } from './window/details-window.js';
import { errorMessage } from '../shared/error-message.js';
import { MINUTE_MS } from '../shared/time-constants.js';

/** How often main asks the OS whether it is online (Electron has no event for it in main). */
const ONLINE_CHECK_MS = 15_000;

/** macOS and Windows through Electron; Linux through an XDG autostart entry. */
async function applyLaunchAtLogin(enabled: boolean): Promise<void> {
  if (process.platform !== 'linux') {
    if (app.getLoginItemSettings().openAtLogin !== enabled) app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const command = process.env.APPIMAGE ? [process.env.APPIMAGE] : app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
  await setLinuxAutostart(enabled, { file: autostartFile(process.env, homedir()), command, name: app.getName() });
}

/** The keychain, telling the log each key it hands out or stores, so no line can show it. */
function toldToLog(secrets: SecretStore, addSecret: (secret: string) => void): SecretStore {
  return {
    ...secrets,
    async get() {
      const key = await secrets.get();
      if (key) addSecret(key);
      return key;
    },
    async set(key) {
      addSecret(key);
      await secrets.set(key);
    },
  };
}

export interface StartOptions {
  outDir: string;
  devServerUrl?: string;
  dataDir: string;
  underTest: boolean;
}

export async function startApp(opts: StartOptions): Promise<void> {
  let quitting = false;
  let closed = false;
  // The app lives in the tray: closing the last window must not quit.
  app.on('window-all-closed', () => {});
  if (process.platform === 'darwin') app.dock?.hide();
  if (process.platform === 'win32') app.setAppUserModelId('com.proxyseller.traffictray');
  // The log file a user can attach to a report (src/main/log.ts), and the console as before.
  const log = createAppLog({
    dir: app.getPath('logs'),
    env: process.env,
    openPath: (path) => shell.openPath(path),
    header: `${app.getName()} ${app.getVersion()} starting (${process.platform} ${process.arch}, Electron ${process.versions.electron ?? '?'})`,
  });

  const core = createAppCore({
    clock: Date.now,
    timers: realTimers,
    random: Math.random,
    // Electron's net.fetch follows the system proxy and PAC settings.
    fetch: (url: string, init: Parameters<typeof net.fetch>[1]) => net.fetch(url, init),
    localTimeZone: systemTimeZone,
    version: app.getVersion(),
    logger: log.logger,
    dataDir: opts.dataDir,
    secrets: toldToLog(createSecretStore({ service: keychainService(process.env) }), log.addSecret),
    // Each further account's key in its own entry of the same service.
    secretsFor: (entry: string) => toldToLog(createSecretStore({ service: keychainService(process.env), account: entry }), log.addSecret),
    settingsStore: electronSettingsStore(opts.dataDir, Date.now),
    ...(process.env.PROXY_SELLER_API_KEY ? { envApiKey: process.env.PROXY_SELLER_API_KEY.trim() } : {}),
    ...(process.env.PROXY_SELLER_API_URL ? { baseUrl: process.env.PROXY_SELLER_API_URL.trim() } : {}),
  });
  const controller = core.controller;

  // How the app starts follows the user's own setting as it changes (the demo's never decides it).
  let launchAtLogin: boolean | null = null;
  core.onUserSettings(({ settings, defaulted }) => {
    // A value that could not be read is no decision of the user's: the entry stays as it is.
    if (defaulted.includes('launchAtLogin') || settings.launchAtLogin === launchAtLogin) return;
    launchAtLogin = settings.launchAtLogin;
    applyLaunchAtLogin(launchAtLogin).catch((e: unknown) => log.logger.warn(`launch at login: ${errorMessage(e)}`));
  });

  // The window's page comes from app://bundle/, served only out of the built renderer folder.
  protocol.handle(APP_SCHEME, createBundleHandler({ rendererDir: join(opts.outDir, 'renderer'), readFile }));
  const window: DetailsWindow = createDetailsWindow({
    outDir: opts.outDir,
    devServerUrl: opts.devServerUrl,
    quitting: () => quitting,
    onVisible: (visible) => controller.setWindowOpen(visible),
  });
  const open = (view?: View, packageId?: string) => window.show(view, packageId);
  const notifier = createNotifier({ platform: process.platform, open, openExternal: openExternalSafely, onError: (m) => log.logger.warn(m) });
  registerIpc(
    createIpcHandlers(controller, { openExternal: openExternalSafely, setDemo: core.setDemo, openLogFolder: log.openFolder, testNotification: async () => notifier.test(), saveCsv: createCsvSaver(log.logger) }),
    () => window.pageUrl(),
  );

  let tray: TrayController | null = null;
  // The user's locale for the tray's dates ("Dec 10"): Intl in main follows the system's.
  const locale = Intl.DateTimeFormat().resolvedOptions().locale;
  // Until the first view brings the user's setting (the view cannot be asked before start()).
  let trayStyle: IconStyle = resolveTrayStyle('auto', process.platform, release());
  /** Where the tray's "Open details" opens the window: the package (or the total) the tray shows. */
  let detailsChoice: string | null = null;
  const render = (view: AppView) => {
    const style = resolveTrayStyle(view.settings.trayStyle, process.platform, release());
    const model = presentTray({
      snapshot: view.snapshot,
      // A keychain that cannot be read may well hold a key: its problem shows, not "set a key".
      hasKey: [view.key, ...view.accounts.map((a) => a.key)].some((k) => k.stored || k.fromEnv || k.keychainError !== null),
      paused: view.paused,
      online: view.online,
      units: view.settings.units,
      now: Date.now(),
      intervalMs: view.settings.pollIntervalMinutes * MINUTE_MS,
      // The shared ones (the total's); each package below brings its own.
      thresholds: lowThresholdsOf(view.settings, null),
      figure: view.settings.trayFigure,
      nextCheckAt: view.nextCheckAt,
      locale,
      packages: view.accounts.flatMap((a) => a.packages).map((p) => ({ ...p, thresholds: lowThresholdsOf(view.settings, p.id) })),
      total: view.total,
      chosen: view.settings.trayPackage,
    });
    tray?.update(model);
    detailsChoice = model.detailsChoice;
    // A new style is a new picture of the same model: drawn at once.
    if (style !== trayStyle) {
      trayStyle = style;
      tray?.redraw();
    }
    sendEvent(window.webContents(), 'app:view-changed', view);
  };

  controller.onView(render);
  controller.onAlert((alert) => notifier.show(alert));

  app.on('second-instance', () => open());
  // Sleep holds polling; the screen lock does not: an unattended overnight job behind a locked
  // screen is exactly when the alerts matter.
  powerMonitor.on('suspend', () => controller.setHeld('sleep', true));
  powerMonitor.on('resume', () => controller.setHeld('sleep', false));
  const onlineTimer = setInterval(() => controller.setOnline(net.isOnline()), ONLINE_CHECK_MS);
  // Refresh the relative "updated N min ago" in the tray once a minute.
  const trayTimer = setInterval(() => render(controller.view()), MINUTE_MS);
  // Quit only after polls and history writes under way have finished (a killed write is harmless,
  // being atomic, but the fetched hours would be lost).
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed) return;
    event.preventDefault();
    clearInterval(onlineTimer);
    clearInterval(trayTimer);
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  // Playwright cannot click a tray: under test (never in a packaged build) it reads and clicks it
  // through globalThis.__testHooks.
  const trayShown: TrayShown & { click(id: string): boolean } = { state: '', quota: null, title: '', tooltip: '', iconKey: '', menuLabels: [], click: (id) => tray?.click(id) ?? false };
  tray = createTray({
    platform: process.platform,
    ...(opts.underTest ? { onShown: (shown: TrayShown) => void Object.assign(trayShown, shown) } : {}),
    // Theme and display scale are read at each redraw: when the picture changes, and when they do.
    iconFor: (spec) => drawnTrayIcon(process.platform, { dark: nativeTheme.shouldUseDarkColors, scaleFactor: screen.getPrimaryDisplay().scaleFactor, style: trayStyle })(spec),
    onAction: (action) => {
      if (action === 'refresh') void controller.refresh();
      else if (action === 'open') open('today', detailsChoice ?? undefined);
      else if (action === 'settings') open('settings');
      else if (action === 'toggle-pause') controller.setPaused(!controller.view().paused);
      // The welcome on the Overview asks for the key.
      else if (action === 'set-key') open('today');
      else if (action === 'top-up') openExternalSafely(EXTERNAL_LINKS['proxy-seller']).catch((e: unknown) => log.logger.warn(`top up: ${errorMessage(e)}`));
      else app.quit();
    },
    // The view that follows the saved setting redraws the tray.
    onChoosePackage: (id) => {
      controller.updateSettings({ trayPackage: id }).catch((e: unknown) => log.logger.warn(`tray package: ${errorMessage(e)}`));
    },
  });

  // Windows can leave a dead icon in the notification area when the process ends with its tray.
  app.on('will-quit', () => tray?.destroy());

  // The icon is drawn for the panel's theme and the display's scale: a change redraws it at once.
  nativeTheme.on('updated', () => tray?.redraw());
  screen.on('display-metrics-changed', (_event, _display, changed) => {
    if (changed.includes('scaleFactor')) tray?.redraw();
  });

  if (opts.underTest) (globalThis as { __testHooks?: unknown }).__testHooks = { tray: trayShown, open, view: () => controller.view() };

  await controller.start();
  controller.setOnline(net.isOnline());
  // PROXY_SELLER_DEMO=1 starts in demo mode (for trying the app, screenshots and e2e runs).
  if (process.env.PROXY_SELLER_DEMO === '1') await core.setDemo(true);
  const first = controller.view();
  // First run (no key: the Overview shows the welcome) or a test: open the window right away.
  if (opts.underTest || (!first.key.stored && !first.key.fromEnv)) open('today');
}

