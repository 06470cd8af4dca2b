// What a run reads, as the result cache must know it (result-cache.ts): every path the run opens,
// stats or lists through node:fs, stamped *before* the call (a change racing the read then shows as
// a newer stamp, never as old content under a new stamp), and whether the run wrote anything or read
// in a way no path tells (a file descriptor). The launcher observes node:fs itself rather than each
// reader in the core, so a read added anywhere later is seen without anyone remembering to say so.
import type * as Fs from 'node:fs';

export interface ReadLog {
  /** 's:<path>' (followed) or 'l:<path>' (the link itself) -> its stamp when first read. */
  readonly files: Map<string, string>;
  /** The latest mtime or ctime among them (ms): a file changed moments ago may change again unseen. */
  newestMs: number;
  /** Calls seen, reads and writes alike: a render that must read nothing is checked by it. */
  calls: number;
  /** Something was written, or read through a descriptor: the run is not one to keep. */
  unsure: boolean;
}

type StatFs = Pick<typeof Fs, 'statSync' | 'lstatSync'>;

export function newReadLog(): ReadLog {
  return { files: new Map(), newestMs: 0, calls: 0, unsure: false };
}

/**
 * A file as it stands: device, inode, size, mode, mtime and ctime to the nanosecond ('-' when there
 * is none). An atomic replace changes the inode, an edit in place the ctime; a folder's times move
 * when an entry is added, removed or renamed.
 */
export function stampOf(fs: StatFs, path: string, link: boolean): { stamp: string; changedMs: number } {
  try {
    const st = link ? fs.lstatSync(path, { bigint: true, throwIfNoEntry: false }) : fs.statSync(path, { bigint: true, throwIfNoEntry: false });
    if (st === undefined) return { stamp: '-', changedMs: 0 };
    const changed = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
    return { stamp: `${st.dev}:${st.ino}:${st.size}:${st.mode}:${st.mtimeNs}:${st.ctimeNs}`, changedMs: Number(changed / 1_000_000n) };
  } catch (e) {
    return { stamp: `!${(e as NodeJS.ErrnoException).code ?? 'error'}`, changedMs: 0 };
  }
}

/** Adds a file's stamp (once: the first stamp is the one taken before anything of it was read). */
export function noteFile(fs: StatFs, log: ReadLog, path: string, link: boolean): void {
  const id = `${link ? 'l' : 's'}:${path}`;
  if (log.files.has(id)) return;
  const { stamp, changedMs } = stampOf(fs, path, link);
  log.files.set(id, stamp);
  if (changedMs > log.newestMs) log.newestMs = changedMs;
}

// Calls whose first argument is the path read; those of the link itself, not its target.
const READS = ['readFile', 'open', 'stat', 'lstat', 'exists', 'readdir', 'readlink', 'access', 'realpath', 'opendir', 'createReadStream'];
const LINK_READS = new Set(['lstat', 'readlink']);
// Calls that change files, or read through a descriptor no path names.
const UNSURE = [
  'writeFile', 'appendFile', 'rename', 'mkdir', 'mkdtemp', 'unlink', 'rm', 'rmdir', 'copyFile', 'cp', 'link', 'symlink', 'truncate', 'ftruncate',
  'utimes', 'lutimes', 'futimes', 'chmod', 'lchmod', 'fchmod', 'chown', 'lchown', 'fchown', 'write', 'writev', 'createWriteStream',
  'read', 'readv', 'fstat',
];

/** What a path argument names, absolute; null for a descriptor or a FileHandle. */
function pathOf(arg: unknown, resolve: (p: string) => string, fromUrl: (u: URL) => string): string | null {
  if (typeof arg === 'string') return resolve(arg);
  if (Buffer.isBuffer(arg)) return resolve(arg.toString('utf8'));
  if (arg instanceof URL) return fromUrl(arg);
  return null;
}

/** Whether open's flags may write ('r', 'rs', O_RDONLY only read). */
function opensToWrite(flags: unknown): boolean {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & 3) !== 0 || (flags & 0o100) !== 0;
  return /[wax+]/.test(String(flags));
}

type AnyFn = (...args: unknown[]) => unknown;

function wrap(target: Record<string, unknown>, name: string, before: (args: unknown[]) => void, undo: Array<() => void>): void {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    before(args);
    return (original as AnyFn).apply(this, args);
  };
  // realpathSync.native, promisify's custom forms: what callers reach through the function stays.
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    Object.defineProperty(wrapped, key, Object.getOwnPropertyDescriptor(original, key)!);
  }
  target[name] = wrapped;
  undo.push(() => {
    target[name] = original;
  });
}

/**
 * Records into `log` what goes through `fs` (its sync, callback and promise forms) until the returned
 * function is called (once or more). `resolve` makes a relative path absolute (the cwd is part of the cache's key).
 */
export function observeFs(fs: typeof Fs, log: ReadLog, paths: { resolve: (p: string) => string; fromUrl: (u: URL) => string }): () => void {
  const undo: Array<() => void> = [];
  // Stamped through the functions as they were: the wrapped ones would observe the stamping itself.
  const raw: StatFs = { statSync: fs.statSync, lstatSync: fs.lstatSync };
  const targets: Array<[Record<string, unknown>, string]> = [
    [fs as unknown as Record<string, unknown>, 'Sync'],
    [fs as unknown as Record<string, unknown>, ''],
    [fs.promises as unknown as Record<string, unknown>, ''],
  ];
  for (const [target, suffix] of targets) {
    for (const base of READS) {
      const link = LINK_READS.has(base);
      wrap(target, base + suffix, (args) => {
        log.calls += 1;
        const path = pathOf(args[0], paths.resolve, paths.fromUrl);
        if (path === null) log.unsure = true;
        else noteFile(raw, log, path, link);
        if (base === 'open' && opensToWrite(args[1])) log.unsure = true;
      }, undo);
    }
    for (const base of UNSURE) {
      wrap(target, base + suffix, () => {
        log.calls += 1;
        log.unsure = true;
      }, undo);
    }
  }
  return () => {
    for (const u of undo.reverse()) u();
    undo.length = 0;
  };
}
