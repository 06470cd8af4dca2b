// A V8 code cache for the CLI's bundle, so a status bar calling `today` every few seconds does not
// parse and compile ~700 kB of JavaScript each time. The cache is an optimisation only: whatever is
// wrong with it (missing, damaged, from another build or Node, a folder that cannot be written)
// costs one normal start, never a failure. Synchronous on purpose: it runs before anything else.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = 'pst-code-cache-1';
const NAME_RE = /^cli-.+\.v8cache$/;

/**
 * What a cache must have been made from: this bundle's bytes (length and CRC-32: npm gives every
 * installed file the same mtime, so a stamp would not tell two versions apart) and this Node (V8
 * rejects another version's data too, but its own check is not to be relied on for a foreign file).
 */
export function codeCacheId(source: Uint8Array, runtime: { version: string; arch: string }): string {
  return `${runtime.version}-${runtime.arch}-${source.length}-${crc32(source).toString(16).padStart(8, '0')}`;
}

/** CommonJS's own wrapper, on the body's first line so that line numbers in stacks stay the file's. */
export function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

export function codeCachePath(dir: string, id: string): string {
  return join(dir, `cli-${id}.v8cache`);
}

/** The header line: magic, id, payload length and CRC-32, so a torn or foreign file is never handed to V8. */
function header(id: string, payload: Uint8Array): string {
  return `${MAGIC} ${id} ${payload.length} ${crc32(payload)}\n`;
}

/** The cached data for `id`, or undefined when there is none or it is not exactly what was written for it. */
export function readCodeCache(path: string, id: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  const newline = file.indexOf(10);
  if (newline < 0 || newline > 300) return undefined;
  const [magic, fileId, length, crc, ...rest] = file.subarray(0, newline).toString('latin1').split(' ');
  const payload = file.subarray(newline + 1);
  if (magic !== MAGIC || fileId !== id || rest.length > 0) return undefined;
  if (Number(length) !== payload.length || Number(crc) !== crc32(payload)) return undefined;
  return payload;
}

/**
 * Writes the cache for `id` (temp file and rename: a reader sees the old file or the new one) and
 * removes other builds' caches. `produce` is called only once the temp file could be created, so a
 * folder that cannot be written costs no serialisation. Returns whether the cache was written.
 */
export function writeCodeCache(dir: string, id: string, produce: () => Uint8Array): boolean {
  const path = codeCachePath(dir, id);
  const temp = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(temp, 'wx', 0o600);
  } catch {
    return false;
  }
  try {
    try {
      const payload = produce();
      writeFileSync(fd, Buffer.concat([Buffer.from(header(id, payload), 'latin1'), payload]));
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Gone already, or the folder changed under us: nothing more to undo.
    }
    return false;
  }
  removeOtherCaches(dir, path);
  return true;
}

/** Caches of other builds or Node versions are dead weight once this one is written. */
function removeOtherCaches(dir: string, kept: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path !== kept && NAME_RE.test(name)) unlinkSync(path);
    }
  } catch {
    // Another process may be cleaning up at the same time; the next write tries again.
  }
}
