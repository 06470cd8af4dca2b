// Where the app keeps its files. The default is the folder Electron's app.getPath('userData')
// gives for this productName, so the CLI (no Electron) and the tray app share one data dir.
import { posix, win32 } from 'node:path';

export const PRODUCT_NAME = 'Proxy-Seller Traffic Tray';
export const DATA_DIR_ENV = 'PROXY_SELLER_TRAFFIC_DATA_DIR';

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

/** Electron's userData: appData (per platform, as Chromium computes it) joined with productName. */
export function defaultDataDir(opts: PlatformInfo): string {
  const { platform, env, homedir } = opts;
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? win32.join(homedir, 'AppData', 'Roaming');
    return win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return posix.join(homedir, 'Library', 'Application Support', PRODUCT_NAME);
  }
  // Linux and the other Unixes: XDG config home, as Chromium's GetXDGDirectory reads it.
  const config = nonEmpty(env.XDG_CONFIG_HOME) ?? posix.join(homedir, '.config');
  return posix.join(config, PRODUCT_NAME);
}

/**
 * The data dir to use: `--data-dir` first, then $PROXY_SELLER_TRAFFIC_DATA_DIR, then the default.
 * A leading `~` means the home folder (a shell does not expand `--data-dir=~/x`); a relative path
 * is taken from `cwd`. An empty `--data-dir` is an error; an empty variable counts as unset.
 */
export function resolveDataDir(opts: PlatformInfo & { flag?: string | undefined; cwd?: string }): string {
  const path = opts.platform === 'win32' ? win32 : posix;
  const cwd = opts.cwd ?? process.cwd();
  if (opts.flag !== undefined) {
    if (opts.flag.trim() === '') throw new RangeError('--data-dir needs a folder path.');
    return absolute(opts.flag, path, cwd, opts.homedir);
  }
  const fromEnv = nonEmpty(opts.env[DATA_DIR_ENV]);
  if (fromEnv !== undefined) return absolute(fromEnv, path, cwd, opts.homedir);
  return defaultDataDir(opts);
}

function absolute(p: string, path: typeof posix, cwd: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || (path === win32 && p.startsWith('~\\'))) return path.join(homedir, p.slice(2));
  return path.resolve(cwd, p);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

export const CACHE_DIR_ENV = 'PROXY_SELLER_TRAFFIC_CACHE_DIR';

/**
 * Where the CLI keeps what can be rebuilt at any time (its code cache): the platform's cache folder,
 * never the data dir (that is the app's, and may be synced or backed up). $PROXY_SELLER_TRAFFIC_CACHE_DIR
 * overrides it; set to "off", nothing is cached.
 */
export function cacheDir(opts: PlatformInfo): string | null {
  const { platform, env, homedir } = opts;
  const given = nonEmpty(env[CACHE_DIR_ENV]);
  if (given === 'off') return null;
  if (given !== undefined) return given;
  if (platform === 'win32') return win32.join(nonEmpty(env.LOCALAPPDATA) ?? win32.join(homedir, 'AppData', 'Local'), PRODUCT_NAME, 'Cache');
  if (platform === 'darwin') return posix.join(homedir, 'Library', 'Caches', PRODUCT_NAME);
  return posix.join(nonEmpty(env.XDG_CACHE_HOME) ?? posix.join(homedir, '.cache'), PRODUCT_NAME);
}
