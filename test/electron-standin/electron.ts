// A stand-in for the 'electron' module, so the BUILT main process (out/main/index.js) runs in plain
// Node where no Electron binary exists. It has the parts of Electron the app uses, with Electron's
// signatures (typed against electron.d.ts) and the refusals Electron would make (a bitmap of the
// wrong size, a second handler for a channel, a reply that cannot be structured-cloned, an invalid
// menu item, a privileged scheme registered after ready). A BrowserWindow is a page of Debian's
// Chromium behind the real preload bundle; a page of the app's own scheme (app://bundle/...) is
// served by the handler the app gave protocol.handle, every file of it. invoke() reaches the
// handlers the app registered with ipcMain, with the calling frame as Electron's senderFrame.
// Tests read what the app did (tray, windows, notifications, quit, what it printed) from `standin`.
// What it cannot show: Electron's own rendering of trays and notifications, and net.fetch's network
// stack (Node's fetch answers instead, with net.fetch's refusals and its way of cancelling a
// redirect). Like Electron it holds notifications weakly: one the app does not keep can be
// collected, and its click is lost (run the test with a way to force GC to see it).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { preloadInitScript } from '../harness/chromium.js';

/** A preventable event, as Electron passes to 'before-quit', 'close' and 'will-navigate'. */
export interface StandinEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

function preventable(): StandinEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What tests read

export interface ShownNotification {
  options: Electron.NotificationConstructorOptions;
  /** Clicks it, as the user would; throws if the app let it be garbage-collected (Electron drops the click). */
  click(): void;
  /**
   * Presses its button `options.actions[index]` (macOS, Windows), as Electron 45 reports it: the
   * details first, the deprecated index after. Throws for a button it does not have, or when collected.
   */
  action(index: number): void;
}

export interface StandinState {
  /** The app's folder (its package.json names the version and product). */
  appPath: string;
  isPackaged: boolean;
  userData: string;
  browser: Browser | null;
  /** Set once app.whenReady() has resolved; trays, windows and net need it. */
  ready: boolean;
  dark: boolean;
  /** The primary display's scale factor (1 = 100 %). */
  scaleFactor: number;
  online: boolean;
  trays: Tray[];
  windows: BrowserWindow[];
  notifications: ShownNotification[];
  /** What Notification.isSupported() answers (false: a system without a notification server). */
  notificationsSupported: boolean;
  openedExternally: string[];
  /** Folders and files the app asked the OS to open (shell.openPath). */
  openedPaths: string[];
  loginItem: { openAtLogin: boolean };
  /** Where the next save dialog "saves" (a path the test chose); null: the user cancels. */
  saveDialogPath: string | null;
  /** The options of every save dialog the app showed. */
  saveDialogs: Electron.SaveDialogOptions[];
  /** Set when the app finished quitting (after 'will-quit' and 'quit'). */
  quitted: boolean;
  exitCode: number | null;
  /** What Electron would have refused or warned about; a healthy run has none. */
  problems: string[];
}

export interface StandinOptions {
  appPath: string;
  isPackaged: boolean;
  userData: string;
  browser: Browser | null;
}

export const standin: StandinState = blankState({ appPath: '', isPackaged: false, userData: '', browser: null });

function blankState({ appPath, isPackaged, userData, browser }: StandinOptions): StandinState {
  return {
    appPath,
    isPackaged,
    userData,
    browser,
    ready: false,
    dark: false,
    scaleFactor: 1,
    online: true,
    trays: [],
    windows: [],
    notifications: [],
    notificationsSupported: true,
    openedExternally: [],
    openedPaths: [],
    loginItem: { openAtLogin: false },
    saveDialogPath: null,
    saveDialogs: [],
    quitted: false,
    exitCode: null,
    problems: [],
  };
}

/** A new "process": fresh state, no handlers, no listeners. */
export function resetStandin(opts: StandinOptions): void {
  Object.assign(standin, blankState(opts));
  app.removeAllListeners();
  ipcMain.removeAllListeners();
  invokeHandlers.clear();
  privilegedSchemes.clear();
  protocolHandlers.clear();
  powerMonitor.removeAllListeners();
  nativeTheme.removeAllListeners();
  screen.removeAllListeners();
}

function refuse(message: string): never {
  standin.problems.push(message);
  throw new Error(message);
}

function requireReady(what: string): void {
  if (!standin.ready) refuse(`Cannot create ${what} before app is ready`);
}

// ---------------------------------------------------------------------------------------------
// app

function appPackage(): { version: string; productName: string } {
  return JSON.parse(readFileSync(join(standin.appPath, 'package.json'), 'utf8')) as { version: string; productName: string };
}

class App extends EventEmitter {
  readonly dock = undefined;
  get isPackaged(): boolean {
    return standin.isPackaged;
  }
  #quitting = false;

  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    // Electron is ready after the entry module has run.
    return new Promise((ok) =>
      setImmediate(() => {
        standin.ready = true;
        ok();
      }),
    );
  }
  isReady(): boolean {
    return standin.ready;
  }
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    if (name === 'userData') return standin.userData;
    // As Electron on Linux and Windows (macOS: ~/Library/Logs/<name>); it is not created until used.
    if (name === 'logs') return join(standin.userData, 'logs');
    return refuse(`app.getPath('${name}') is not part of the stand-in`);
  }
  getVersion(): string {
    return appPackage().version;
  }
  getName(): string {
    return appPackage().productName;
  }
  getAppPath(): string {
    return standin.appPath;
  }
  setAppUserModelId(_id: string): void {}
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { ...standin.loginItem };
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    standin.loginItem.openAtLogin = settings.openAtLogin ?? false;
  }
  /** As Electron: 'before-quit', then each window's 'close' (either may cancel), 'will-quit', 'quit'. */
  quit(): void {
    if (this.#quitting) return;
    const before = preventable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const w of [...standin.windows]) {
      if (w.isDestroyed()) continue;
      w.close();
      if (!w.isDestroyed()) return;
    }
    this.#quitting = true;
    const will = preventable();
    this.emit('will-quit', will);
    if (will.defaultPrevented) {
      this.#quitting = false;
      return;
    }
    this.emit('quit', preventable(), 0);
    standin.quitted = true;
    this.#quitting = false;
  }
  exit(code = 0): void {
    standin.exitCode = code;
    for (const w of standin.windows) w.destroy();
  }
}

export const app = new App();

// ---------------------------------------------------------------------------------------------
// protocol: privileged schemes (before ready only) and their handlers (after ready)

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const privilegedSchemes = new Map<string, Electron.Privileges>();
const protocolHandlers = new Map<string, ProtocolHandler>();

/** The schemes the app registered as privileged (before ready), with their privileges. */
export function privilegedSchemesRegistered(): Record<string, Electron.Privileges> {
  return Object.fromEntries(privilegedSchemes);
}

export const protocol = {
  registerSchemesAsPrivileged(schemes: Electron.CustomScheme[]): void {
    // Electron: "protocol.registerSchemesAsPrivileged should be called before app is ready".
    if (standin.ready) refuse('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const s of schemes) privilegedSchemes.set(s.scheme, { ...s.privileges });
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!standin.ready) refuse('protocol.handle() can only be used after app is ready');
    if (protocolHandlers.has(scheme)) refuse(`Failed to register protocol: ${scheme}`);
    protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolHandlers.has(scheme);
  },
};

// Chromium here will not load an unknown scheme, so a page of a handled standard scheme is opened
// at a stand-in origin (app://bundle/x as http://bundle.app.localhost/x; *.localhost is a secure
// context), and every request to it is answered by the app's handler with the app:// URL. Whatever
// the app or a test reads (getURL, frame URLs, will-navigate) is mapped back to app://.
const STANDIN_HOST_SUFFIX = '.localhost';

function toChromiumUrl(url: string): string {
  const u = new URL(url);
  const scheme = u.protocol.slice(0, -1);
  if (!protocolHandlers.has(scheme)) return url;
  if (privilegedSchemes.get(scheme)?.standard !== true) refuse(`the stand-in loads only standard schemes: '${scheme}' was not registered as privileged and standard`);
  if (u.hostname === '') refuse(`${url}: a standard scheme's URL needs a host`);
  return `http://${u.hostname}.${scheme}${STANDIN_HOST_SUFFIX}${u.port ? `:${u.port}` : ''}${u.pathname}${u.search}${u.hash}`;
}

function fromChromiumUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'http:' || !u.hostname.endsWith(STANDIN_HOST_SUFFIX)) return url;
  const name = u.hostname.slice(0, -STANDIN_HOST_SUFFIX.length);
  const dot = name.lastIndexOf('.');
  const scheme = name.slice(dot + 1);
  if (dot <= 0 || !protocolHandlers.has(scheme)) return url;
  return `${scheme}://${name.slice(0, dot)}${u.port ? `:${u.port}` : ''}${u.pathname}${u.search}${u.hash}`;
}

/** Answers a request to a stand-in origin with the app's protocol handler; false if it is not one. */
async function serveFromProtocol(route: Route, url: string): Promise<boolean> {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':')));
  const handler = protocolHandlers.get(scheme);
  if (!handler || url === route.request().url()) return false;
  const request = route.request();
  let response: Response;
  try {
    response = await handler(new Request(url, { method: request.method(), headers: await request.allHeaders() }));
    if (!(response instanceof Response)) throw new TypeError('the handler did not return a Response');
  } catch (e) {
    // Electron fails the request (net::ERR_FAILED) and prints the error.
    standin.problems.push(`protocol handler for '${scheme}' failed on ${url}: ${String(e)}`);
    await route.abort('failed');
    return true;
  }
  await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
  return true;
}

// ---------------------------------------------------------------------------------------------
// WebFrameMain: one object per frame, as Electron hands out (so identity comparisons hold)

const framesMain = new WeakMap<Frame, WebFrameMain>();

export class WebFrameMain {
  readonly #frame: Frame;
  /** The document's URL as Chromium last reported it (document.open() can change it in place). */
  #committed: string | null = null;
  constructor(frame: Frame) {
    this.#frame = frame;
  }
  /** Reads the frame's current document URL; false once the frame is gone (senderFrame is then null). */
  async refresh(): Promise<boolean> {
    // Playwright's frame.url() follows navigations only; Electron's frame.url is the document's.
    const href = await this.#frame.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href).catch(() => null);
    this.#committed = href;
    return href !== null;
  }
  static of(frame: Frame): WebFrameMain {
    let f = framesMain.get(frame);
    if (!f) {
      f = new WebFrameMain(frame);
      framesMain.set(frame, f);
    }
    return f;
  }
  get url(): string {
    return fromChromiumUrl(this.#committed ?? this.#frame.url());
  }
  get parent(): WebFrameMain | null {
    const p = this.#frame.parentFrame();
    return p ? WebFrameMain.of(p) : null;
  }
  get frames(): WebFrameMain[] {
    return this.#frame.childFrames().map((c) => WebFrameMain.of(c));
  }
}

// ---------------------------------------------------------------------------------------------
// ipcMain: invoke handlers, as Electron keeps them (one per channel)

type InvokeHandler = (event: { sender: WebContents; senderFrame: WebFrameMain | null }, ...args: unknown[]) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();

class IpcMain extends EventEmitter {
  handle(channel: string, handler: InvokeHandler): void {
    if (invokeHandlers.has(channel)) refuse(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    invokeHandlers.delete(channel);
  }
}

export const ipcMain = new IpcMain();

/**
 * What ipcRenderer.invoke does in Electron: the handler runs with the calling frame as senderFrame
 * (the main frame or one inside the page), its reply is structured-cloned (so a function or class
 * instance fails as in Electron), and a thrown error reaches the page as "Error invoking remote
 * method '<channel>': <error>".
 */
export async function invokeFromFrame(sender: WebContents, frame: WebFrameMain | null, channel: string, args: unknown[]): Promise<unknown> {
  // A closed window's renderer is gone in Electron; here its page may still be closing.
  if (sender.isDestroyed()) throw new Error('the window is closed');
  const handler = invokeHandlers.get(channel);
  if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
  let reply: unknown;
  try {
    reply = await handler({ sender, senderFrame: frame }, ...structuredClone(args));
  } catch (e) {
    // Electron prints every failed handler in main, then rejects the renderer's promise.
    console.error(`Error occurred in handler for '${channel}':`, e);
    throw new Error(`Error invoking remote method '${channel}': ${String(e)}`);
  }
  try {
    return structuredClone(reply);
  } catch (e) {
    return refuse(`Error invoking remote method '${channel}': the reply cannot be cloned (${String(e)})`);
  }
}

// ---------------------------------------------------------------------------------------------
// BrowserWindow and its webContents, as a Chromium page

export class WebContents extends EventEmitter {
  page: Page | null = null;
  #context: BrowserContext | null = null;
  #destroyed = false;
  #queue: Promise<unknown> = Promise.resolve();
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  permissionHandler: ((wc: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  readonly session = {
    setPermissionRequestHandler: (handler: WebContents['permissionHandler']) => {
      this.permissionHandler = handler;
    },
  };
  /** Page console errors, page errors and CSP violations. */
  readonly pageProblems: string[] = [];

  constructor(private readonly preload: string | undefined) {
    super();
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  getURL(): string {
    return this.page ? fromChromiumUrl(this.page.url()) : '';
  }
  /** The page's top frame (the same object on every read, as in Electron). */
  get mainFrame(): WebFrameMain {
    const page = this.page ?? refuse('webContents.mainFrame before the page exists');
    return WebFrameMain.of(page.mainFrame());
  }
  /** main → renderer, delivered in order to the preload's listeners. */
  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) refuse(`send('${channel}') on a destroyed webContents`);
    const values = structuredClone(args);
    const page = this.page;
    if (!page) return;
    this.#queue = this.#queue
      .then(() => page.evaluate(([c, v]) => (globalThis as unknown as { __ipcEmit(c: string, v: unknown): number }).__ipcEmit(c, v), [channel, values[0]] as const))
      .catch(() => undefined);
  }

  async loadURL(url: string): Promise<void> {
    const browser = standin.browser ?? refuse('the stand-in has no browser');
    this.#context = await browser.newContext({ viewport: { width: 980, height: 760 }, locale: 'en-US', colorScheme: standin.dark ? 'dark' : 'light' });
    const page = await this.#context.newPage();
    this.page = page;
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageProblems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.pageProblems.push(`page error: ${e.message}`));
    await page.exposeBinding('__ipcInvoke', async (source, channel: string, ...args: unknown[]) => {
      const frame = WebFrameMain.of(source.frame);
      return invokeFromFrame(this, (await frame.refresh()) ? frame : null, channel, args);
    });
    if (this.preload) await page.addInitScript({ content: preloadInitScript(readFileSync(this.preload, 'utf8')) });
    // Navigations leave the page only if no 'will-navigate' listener prevents them.
    await page.route('**/*', async (route) => {
      const request = route.request();
      const target = fromChromiumUrl(request.url());
      if (request.isNavigationRequest() && request.frame() === page.mainFrame() && page.url() !== 'about:blank') {
        const event = preventable();
        this.emit('will-navigate', event, target);
        // A 204 answer leaves Chromium on the current page, as Electron's preventDefault does.
        if (event.defaultPrevented) return route.fulfill({ status: 204 });
      }
      if (await serveFromProtocol(route, target)) return;
      return route.continue();
    });
    await page.goto(toChromiumUrl(url), { waitUntil: 'load' });
    this.emit('did-finish-load');
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.#context?.close().catch(() => undefined);
  }
}

export class BrowserWindow extends EventEmitter {
  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly webContents: WebContents;
  #visible = false;
  #destroyed = false;
  #minimized = false;

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    requireReady('BrowserWindow');
    this.options = options;
    const prefs = options.webPreferences ?? {};
    // The app's windows must be sandboxed and isolated; the stand-in only runs such a preload.
    if (prefs.preload !== undefined && (prefs.sandbox !== true || prefs.contextIsolation === false || prefs.nodeIntegration === true)) {
      refuse('the stand-in only runs sandboxed, context-isolated windows without Node integration');
    }
    this.webContents = new WebContents(prefs.preload);
    this.#visible = options.show !== false;
    standin.windows.push(this);
  }

  async loadFile(filePath: string): Promise<void> {
    await this.loadURL(pathToFileURL(filePath).href);
  }
  async loadURL(url: string): Promise<void> {
    await this.webContents.loadURL(url);
    // Electron emits ready-to-show once the page has painted for the first time (never for a
    // window destroyed meanwhile, e.g. by a quit during the load).
    if (!this.#destroyed) this.emit('ready-to-show');
  }
  #alive(what: string): void {
    if (this.#destroyed) refuse(`BrowserWindow.${what}(): Object has been destroyed`);
  }
  show(): void {
    this.#alive('show');
    const was = this.#visible;
    this.#visible = true;
    this.#minimized = false;
    // Electron emits 'show' and 'hide' when the visibility changes.
    if (!was) this.emit('show');
  }
  hide(): void {
    this.#alive('hide');
    const was = this.#visible;
    this.#visible = false;
    if (was) this.emit('hide');
  }
  focus(): void {
    this.#alive('focus');
  }
  restore(): void {
    this.#alive('restore');
    this.#minimized = false;
  }
  isMinimized(): boolean {
    this.#alive('isMinimized');
    return this.#minimized;
  }
  isVisible(): boolean {
    return this.#visible && !this.#destroyed;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  /** As the user closing it: 'close' may cancel; otherwise the window goes and 'closed' follows. */
  close(): void {
    if (this.#destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#visible = false;
    void this.webContents.destroy();
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------------
// nativeImage: bitmaps checked for size as Electron does

export interface Representation {
  scaleFactor: number;
  width: number;
  height: number;
  bitmap: Buffer;
}

export class NativeImage {
  readonly representations: Representation[] = [];
  template = false;

  addRepresentation(options: Electron.AddRepresentationOptions): void {
    const { width = 0, height = 0, scaleFactor = 1, buffer } = options;
    if (!buffer) refuse('nativeImage.addRepresentation: only raw bitmaps are part of the stand-in');
    // Electron tries PNG, then JPEG, then a raw premultiplied BGRA bitmap of width × height.
    if (width <= 0 || height <= 0 || buffer.length < width * height * 4) refuse(`nativeImage.addRepresentation: a ${buffer.length}-byte buffer is not a ${width}×${height} bitmap`);
    this.representations.push({ scaleFactor, width, height, bitmap: Buffer.from(buffer) });
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  isEmpty(): boolean {
    return this.representations.length === 0;
  }
}

export const nativeImage = {
  createFromBitmap(buffer: Buffer, options: Electron.CreateFromBitmapOptions): NativeImage {
    const { width, height, scaleFactor = 1 } = options;
    // Electron: "invalid buffer size" unless the buffer is exactly width × height × 4 bytes.
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || buffer.length !== width * height * 4) {
      refuse(`nativeImage.createFromBitmap: invalid buffer size (${buffer.length} bytes for ${width}×${height})`);
    }
    const image = new NativeImage();
    image.representations.push({ scaleFactor, width, height, bitmap: Buffer.from(buffer) });
    return image;
  },
};

// ---------------------------------------------------------------------------------------------
// Tray and Menu

export interface StandinMenuItem {
  id: string | undefined;
  label: string;
  type: NonNullable<Electron.MenuItemConstructorOptions['type']>;
  enabled: boolean;
  checked: boolean;
  click: (() => void) | null;
}

export class Menu {
  constructor(readonly items: StandinMenuItem[]) {}

  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): Menu {
    const types = new Set(['normal', 'separator', 'submenu', 'checkbox', 'radio', 'header', 'palette']);
    // Electron: every item needs an own 'label' or 'role' key, or type 'separator'.
    template.forEach((t, i) => {
      if (!(Object.hasOwn(t, 'label') || Object.hasOwn(t, 'role') || t.type === 'separator')) {
        refuse(`Invalid template for MenuItem: must have at least one of label, role or type (item ${i})`);
      }
    });
    const items = template.map((t, i): StandinMenuItem => {
      const type = t.type ?? 'normal';
      if (!types.has(type)) refuse(`menu item ${i}: unknown type '${type}'`);
      if (t.checked !== undefined && type !== 'checkbox' && type !== 'radio') standin.problems.push(`menu item ${i}: 'checked' on a ${type} item is ignored by Electron`);
      const click = t.click;
      return {
        id: t.id,
        label: t.label ?? '',
        type,
        enabled: t.enabled ?? true,
        checked: t.checked ?? false,
        click: click ? () => click(undefined as never, undefined, undefined as never) : null,
      };
    });
    // Electron drops leading, trailing and doubled separators.
    const kept = items.filter((item, i) => item.type !== 'separator' || (i > 0 && i < items.length - 1 && items[i - 1]!.type !== 'separator'));
    return new Menu(kept.at(-1)?.type === 'separator' ? kept.slice(0, -1) : kept);
  }
}

export class Tray extends EventEmitter {
  image: NativeImage;
  /** Every image set, the first included. */
  readonly images: NativeImage[] = [];
  title = '';
  tooltip = '';
  menu: Menu | null = null;
  menusSet = 0;
  #destroyed = false;

  constructor(image: NativeImage | string) {
    super();
    requireReady('Tray');
    if (!(image instanceof NativeImage) || image.isEmpty()) refuse('new Tray() needs a non-empty image');
    this.image = image;
    this.images.push(image);
    standin.trays.push(this);
  }
  setImage(image: NativeImage | string): void {
    if (this.#destroyed) refuse('setImage on a destroyed tray');
    if (!(image instanceof NativeImage) || image.isEmpty()) refuse('tray.setImage() needs a non-empty image');
    this.image = image;
    this.images.push(image);
  }
  setTitle(title: string, _options?: Electron.TitleOptions): void {
    if (this.#destroyed) refuse('setTitle on a destroyed tray');
    this.title = title;
  }
  setToolTip(toolTip: string): void {
    if (this.#destroyed) refuse('setToolTip on a destroyed tray');
    this.tooltip = toolTip;
  }
  setContextMenu(menu: Menu | null): void {
    if (this.#destroyed) refuse('setContextMenu on a destroyed tray');
    this.menu = menu;
    this.menusSet++;
  }
  /** The user picks an item from the tray's menu (by id, or by the start of its label). */
  pick(idOrLabel: string): void {
    const item = this.menu?.items.find((i) => i.id === idOrLabel || (i.label !== '' && i.label.startsWith(idOrLabel)));
    if (!item) throw new Error(`no tray menu item '${idOrLabel}' in: ${this.menu?.items.map((i) => i.label).join(' | ')}`);
    if (!item.enabled) throw new Error(`tray menu item '${item.label}' is disabled`);
    if (!item.click) throw new Error(`tray menu item '${item.label}' does nothing`);
    item.click();
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  destroy(): void {
    this.#destroyed = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Notification, shell, nativeTheme, net, powerMonitor

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return standin.notificationsSupported;
  }
  constructor(readonly options: Electron.NotificationConstructorOptions = {}) {
    super();
  }
  show(): void {
    // Electron keeps no strong reference to a shown notification (nor may this closure).
    const ref = new WeakRef(this);
    const options = this.options;
    standin.notifications.push({
      options,
      click: () => {
        const n = ref.deref();
        if (!n) throw new Error(`the notification '${options.title ?? ''}' was garbage-collected: Electron drops its click`);
        n.emit('click', preventable());
      },
      action: (index) => {
        const n = ref.deref();
        if (!n) throw new Error(`the notification '${options.title ?? ''}' was garbage-collected: Electron drops its action`);
        if (options.actions?.[index]?.type !== 'button') throw new Error(`the notification '${options.title ?? ''}' has no button ${index}`);
        n.emit('action', { ...preventable(), actionIndex: index, selectionIndex: -1 }, index, -1);
      },
    });
  }
  close(): void {}
}

export const shell = {
  async openExternal(url: string): Promise<void> {
    standin.openedExternally.push(url);
  },
  /** As Electron: '' when opened, else the error text (a path that does not exist cannot be opened). */
  async openPath(path: string): Promise<string> {
    if (!existsSync(path)) return `Failed to open path`;
    standin.openedPaths.push(path);
    return '';
  },
};

export const dialog = {
  /** As Electron's: (options) or (window, options); answers with the path the test set (or a cancel). */
  async showSaveDialog(
    windowOrOptions: BrowserWindow | Electron.SaveDialogOptions,
    maybeOptions?: Electron.SaveDialogOptions,
  ): Promise<Electron.SaveDialogReturnValue> {
    if (!standin.ready) refuse('dialog.showSaveDialog() before the app is ready');
    const options = windowOrOptions instanceof BrowserWindow ? maybeOptions : windowOrOptions;
    if (!options) return refuse('dialog.showSaveDialog(window) without options');
    standin.saveDialogs.push(options);
    const path = standin.saveDialogPath;
    return path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path };
  },
};

class NativeTheme extends EventEmitter {
  get shouldUseDarkColors(): boolean {
    return standin.dark;
  }
}

export const nativeTheme = new NativeTheme();

export const net = {
  /**
   * Node's fetch (or the app's protocol handler for its own scheme), with net.fetch's refusals
   * (before ready; data: and blob: URLs) and its redirect
   * handling: with redirect 'manual' or 'error' Electron does not hand back the 3xx answer, it
   * rejects ('Redirect was cancelled' / 'Attempted to redirect, ...'), and nothing is followed.
   */
  async fetch(input: string, init?: RequestInit): Promise<Response> {
    if (!standin.ready) throw new Error('net module can only be used after app is ready');
    const scheme = new URL(input).protocol;
    if (scheme === 'data:' || scheme === 'blob:') throw new TypeError(`net.fetch does not support ${scheme} URLs`);
    // A scheme the app handles is answered by its protocol.handle handler, as in Electron.
    const handler = protocolHandlers.get(scheme.slice(0, -1));
    if (handler) return handler(new Request(input, init));
    const policy = init?.redirect ?? 'follow';
    const res = await fetch(input, policy === 'follow' ? init : { ...init, redirect: 'manual' });
    const redirected = res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400 && res.headers.has('location'));
    if (policy === 'manual' && redirected) throw new Error('Redirect was cancelled');
    if (policy === 'error' && redirected) throw new Error("Attempted to redirect, but redirect policy was 'error'");
    return res;
  },
  isOnline(): boolean {
    return standin.online;
  },
};

export const powerMonitor = new EventEmitter();

class Screen extends EventEmitter {
  getPrimaryDisplay(): { id: number; scaleFactor: number } {
    if (!standin.ready) refuse("The 'screen' module can't be used before the app 'ready' event");
    return { id: 1, scaleFactor: standin.scaleFactor };
  }
}

export const screen = new Screen();

const electron = { app, ipcMain, protocol, BrowserWindow, nativeImage, Menu, Tray, Notification, shell, dialog, nativeTheme, net, powerMonitor, screen };
export default electron;
