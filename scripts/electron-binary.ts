// Where the Electron binary is, without require('electron'): since Electron 45 that require starts
// a download when the binary is missing, which fails (and hangs) on machines without internet.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function electronBinary(root = resolve(import.meta.dirname, '..')): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const full = join(dist, relative);
  return existsSync(full) ? full : null;
}
