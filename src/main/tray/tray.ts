// The Electron tray: a thin adapter that shows a TrayModel. All decisions live in presenter.ts and
// icon.ts (tested in Node); this file only calls Electron, and cannot run outside it.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { renderTrayIcon, toBGRA, trayBitmapSize, type IconStyle } from './icon.js';
import { iconKeyOf, isTrayAction, packageChoiceOf, type IconSpec, type MenuItemModel, type TrayAction, type TrayModel } from './presenter.js';

export interface TrayController {
  update(model: TrayModel): void;
  /** Draws the current icon again (the OS theme or the display scale changed). */
  redraw(): void;
  destroy(): void;
  /** Runs a menu item's action by id, as a click would; false when no enabled item has that id. */
  click(id: string): boolean;
}

/** What the tray shows, in words (the app's test hooks read it: Playwright cannot see a tray). */
export interface TrayShown {
  state: string;
  quota: string | null;
  title: string;
  tooltip: string;
  iconKey: string;
  menuLabels: string[];
}

/**
 * The default `iconFor`. macOS: a template image at 16 pt with a 32 px representation for Retina
 * (NSImage picks it). Windows and Linux use only the 1x bitmap, so it is drawn at the display's
 * physical size (trayBitmapSize), in `style` ('colour' or 'monochrome': resolveTrayStyle).
 * Electron's bitmaps are premultiplied BGRA, hence toBGRA.
 */
export function drawnTrayIcon(platform: NodeJS.Platform, opts: { dark?: boolean; scaleFactor?: number; style?: IconStyle } = {}): (spec: IconSpec) => NativeImage {
  const dark = opts.dark ?? false;
  const style = opts.style === 'template' ? 'colour' : (opts.style ?? 'colour');
  return (spec) => {
    if (platform === 'darwin') {
      const one = renderTrayIcon(spec, 16, { style: 'template' });
      const two = renderTrayIcon(spec, 32, { style: 'template' });
      const image = nativeImage.createFromBitmap(toBGRA(one.rgba), { width: one.width, height: one.height, scaleFactor: 1 });
      image.addRepresentation({ scaleFactor: 2, width: two.width, height: two.height, buffer: toBGRA(two.rgba) });
      image.setTemplateImage(true);
      return image;
    }
    const size = trayBitmapSize(platform === 'win32' ? 'win32' : 'linux', opts.scaleFactor ?? 1);
    const bitmap = renderTrayIcon(spec, size, { dark, style });
    return nativeImage.createFromBitmap(toBGRA(bitmap.rgba), { width: bitmap.width, height: bitmap.height, scaleFactor: 1 });
  };
}

/** Runs what a menu item does: an action, or a package row's choice; false when it does nothing. */
function runItem(id: string, onAction: (a: TrayAction) => void, onChoosePackage?: (id: string | null) => void): boolean {
  if (isTrayAction(id)) {
    onAction(id);
    return true;
  }
  const choice = packageChoiceOf(id);
  if (choice === undefined || !onChoosePackage) return false;
  onChoosePackage(choice);
  return true;
}

function toTemplate(items: readonly MenuItemModel[], onAction: (a: TrayAction) => void, onChoosePackage?: (id: string | null) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const id = item.id;
    const acts = isTrayAction(id) || packageChoiceOf(id) !== undefined;
    return {
      id,
      // Electron reads '&' as a mnemonic on every platform and drops it; '&&' shows one ('R&D team').
      label: item.label.replaceAll('&', '&&'),
      enabled: item.enabled,
      type: item.type ?? 'normal',
      ...(item.checked === undefined ? {} : { checked: item.checked }),
      ...(acts ? { click: () => void runItem(id, onAction, onChoosePackage) } : {}),
    };
  });
}

export function createTray(opts: {
  platform: NodeJS.Platform;
  onAction: (a: TrayAction) => void;
  /** A package row chosen in the menu: the package id to show, null for the total (setting trayPackage). */
  onChoosePackage?: (id: string | null) => void;
  iconFor: (spec: IconSpec) => NativeImage;
  /** Told what the tray shows after each update (only the app's test hooks listen). */
  onShown?: (shown: TrayShown) => void;
}): TrayController {
  const { platform, onAction } = opts;
  const placeholder: IconSpec = { state: 'normal', quota: null, text: null, leftFraction: null };
  // One tray for the app's life: Linux panels show a second icon for every Tray created.
  const tray = new Tray(opts.iconFor(placeholder));
  let icon = placeholder;
  let iconKey = iconKeyOf(placeholder);
  let title: string | null = null;
  let tooltip: string | null = null;
  let menuSig = '';
  let items: readonly MenuItemModel[] = [];

  // Windows: a left click opens the details; the menu is on right click. macOS and Linux show the menu.
  if (platform === 'win32') tray.on('click', () => onAction('open'));

  return {
    update(model) {
      // Electron throws on a destroyed tray; a late view (while quitting) must not.
      if (tray.isDestroyed()) return;
      if (model.iconKey !== iconKey) {
        // Every setImage repaints the panel (and on Linux re-sends the icon over D-Bus): only on change.
        tray.setImage(opts.iconFor(model.icon));
        icon = model.icon;
        iconKey = model.iconKey;
      }
      if (platform === 'darwin' && model.title !== title) {
        tray.setTitle(model.title, { fontType: 'monospacedDigit' });
        title = model.title;
      }
      if (model.tooltip !== tooltip) {
        tray.setToolTip(model.tooltip);
        tooltip = model.tooltip;
      }
      const sig = JSON.stringify(model.menu);
      if (sig !== menuSig) {
        // Linux (StatusNotifierItem) only shows a changed menu when it is set again.
        tray.setContextMenu(Menu.buildFromTemplate(toTemplate(model.menu, onAction, opts.onChoosePackage)));
        menuSig = sig;
        items = model.menu;
      }
      opts.onShown?.({
        state: model.state,
        quota: model.quota,
        title: model.title,
        tooltip: model.tooltip,
        iconKey: model.iconKey,
        menuLabels: model.menu.filter((i) => i.type !== 'separator').map((i) => i.label),
      });
    },
    redraw() {
      if (!tray.isDestroyed()) tray.setImage(opts.iconFor(icon));
    },
    destroy() {
      tray.destroy();
      items = [];
    },
    click(id) {
      const item = items.find((i) => i.id === id);
      if (!item || !item.enabled) return false;
      return runItem(id, onAction, opts.onChoosePackage);
    },
  };
}
