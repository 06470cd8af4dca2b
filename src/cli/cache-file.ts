// A file of the CLI's cache folder written whole or not at all (temp file and rename: a reader sees
// the old file or the new one), for the code cache and the kept results. Synchronous and never
// throwing: a cache that cannot be written only costs the next run its speed.
import type * as Fs from 'node:fs';

export type CacheFileFs = Pick<typeof Fs, 'closeSync' | 'mkdirSync' | 'openSync' | 'renameSync' | 'unlinkSync' | 'writeFileSync'>;

/** Writes what `produce` makes to `path` in `dir`; `produce` is called only once the temp file exists, so a folder that cannot be written costs no work. Whether it was written. */
export function replaceCacheFile(fs: CacheFileFs, dir: string, path: string, produce: () => Uint8Array | string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch {
    return false;
  }
  try {
    try {
      fs.writeFileSync(fd, produce());
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
  } catch {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Gone already, or the folder changed under us: nothing more to undo.
    }
    return false;
  }
  return true;
}
