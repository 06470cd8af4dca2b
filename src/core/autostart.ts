// Launch at login on Linux: an XDG autostart entry (~/.config/autostart/<id>.desktop).
// Electron's app.setLoginItemSettings covers only macOS and Windows.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './fs/atomic.js';

export const AUTOSTART_ID = 'proxy-seller-traffic-tray';

/** Desktop Entry spec: arguments with spaces or quotes are quoted, `"`, `` ` ``, `$` and `\` escaped. */
function quoteExecArg(arg: string): string {
  return /[\s"'`$\\]/.test(arg) ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
}

export function autostartEntry(command: readonly string[], name: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name}`,
    'Comment=Residential proxy traffic from the Proxy-Seller API (independent app)',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartFile(env: NodeJS.ProcessEnv, homedir: string): string {
  const configHome = env.XDG_CONFIG_HOME?.trim() || join(homedir, '.config');
  return join(configHome, 'autostart', `${AUTOSTART_ID}.desktop`);
}

/**
 * Writes or removes the entry. `command` is what starts the app: the AppImage path when run from
 * one (APPIMAGE), else the executable (and, unpackaged, the app folder).
 */
export async function setLinuxAutostart(enabled: boolean, opts: { file: string; command: readonly string[]; name: string }): Promise<void> {
  if (enabled) await writeFileAtomic(opts.file, autostartEntry(opts.command, opts.name));
  else await rm(opts.file, { force: true });
}
