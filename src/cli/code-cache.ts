// A V8 code cache for the CLI's bundle, so a status bar calling `today` every few seconds does not
// parse and compile ~700 kB of JavaScript each time. The cache is an optimisation only: whatever is
// wrong with it (missing, damaged, from another build or Node, a folder that cannot be written)
// costs one normal start, never a failure. Synchronous on purpose: it runs before anything else.
// The built-ins are passed in: the launcher requires them (an ES import of node:fs costs more).
import type * as Fs from 'node:fs';
import type * as Path from 'node:path';
import { replaceCacheFile, type CacheFileFs } from './cache-file.js';

export interface CodeCacheDeps {
  fs: CacheFileFs & Pick<typeof Fs, 'readdirSync' | 'readFileSync'>;
  join: typeof Path.join;
  crc32: (data: Uint8Array) => number;
}

const MAGIC = 'pst-code-cache-1';
const NAME_RE = /^cli-.+\.v8cache$/;

/**
 * What a cache must have been made from: this bundle's bytes (length and CRC-32: npm gives every
 * installed file the same mtime, so a stamp would not tell two versions apart) and this Node (V8
 * rejects another version's data too, but its own check is not to be relied on for a foreign file).
 */
export function codeCacheId(deps: CodeCacheDeps, source: Uint8Array, runtime: { version: string; arch: string }): string {
  return `${runtime.version}-${runtime.arch}-${source.length}-${deps.crc32(source).toString(16).padStart(8, '0')}`;
}

/** CommonJS's own wrapper, on the body's first line so that line numbers in stacks stay the file's. */
export function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

export function codeCachePath(deps: CodeCacheDeps, dir: string, id: string): string {
  return deps.join(dir, `cli-${id}.v8cache`);
}

/** The header line: magic, id, payload length and CRC-32, so a torn or foreign file is never handed to V8. */
function header(deps: CodeCacheDeps, id: string, payload: Uint8Array): string {
  return `${MAGIC} ${id} ${payload.length} ${deps.crc32(payload)}\n`;
}

/** The cached data for `id`, or undefined when there is none or it is not exactly what was written for it. */
export function readCodeCache(deps: CodeCacheDeps, path: string, id: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = deps.fs.readFileSync(path);
  } catch {
    return undefined;
  }
  const newline = file.indexOf(10);
  if (newline < 0 || newline > 300) return undefined;
  const [magic, fileId, length, crc, ...rest] = file.subarray(0, newline).toString('latin1').split(' ');
  const payload = file.subarray(newline + 1);
  if (magic !== MAGIC || fileId !== id || rest.length > 0) return undefined;
  if (Number(length) !== payload.length || Number(crc) !== deps.crc32(payload)) return undefined;
  return payload;
}

/**
 * Writes the cache for `id` (temp file and rename: a reader sees the old file or the new one) and
 * removes other builds' caches. `produce` is called only once the temp file could be created, so a
 * folder that cannot be written costs no serialisation. Returns whether the cache was written.
 */
export function writeCodeCache(deps: CodeCacheDeps, dir: string, id: string, produce: () => Uint8Array): boolean {
  const path = codeCachePath(deps, dir, id);
  const written = replaceCacheFile(deps.fs, dir, path, () => {
    const payload = produce();
    return Buffer.concat([Buffer.from(header(deps, id, payload), 'latin1'), payload]);
  });
  if (written) removeOtherCaches(deps, dir, path);
  return written;
}

/** Caches of other builds or Node versions are dead weight once this one is written. */
function removeOtherCaches({ fs, join }: CodeCacheDeps, dir: string, kept: string): void {
  try {
    for (const name of fs.readdirSync(dir)) {
      const path = join(dir, name);
      if (path !== kept && NAME_RE.test(name)) fs.unlinkSync(path);
    }
  } catch {
    // Another process may be cleaning up at the same time; the next write tries again.
  }
}
