// Files a crash or a kill leaves behind in the data folder: temp files of interrupted atomic writes
// (ours, and electron-store's), lock files a process was killed in the middle of moving away
// (fs/lock.ts: between its rename and its unlink), and the copies of unreadable files moved aside. All would pile up
// for ever; at start they are pruned, and the caller logs what went.
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../shared/bytes.js';
import { HOUR_MS } from '../../shared/time-constants.js';

/** A temp file younger than this may belong to a write under way in another process (the CLI). */
export const TEMP_MAX_AGE_MS = HOUR_MS;
/** Moved-aside copies kept per original file, newest first. */
export const ASIDE_KEPT = 5;
/**
 * Only the folders this app writes: the data folder is Electron's userData, which also holds
 * Chromium's caches and other programs' files, none of them ours to walk or remove.
 */
const OWN_FOLDERS = ['', 'history', 'demo', 'demo/history'];
/** One-off API zones (`--api-tz`) keep their files under api-tz/<zone>/. */
const ZONE_FOLDERS = 'api-tz';

/** `.settings.json.1234.1764000000000.tmp` (fs/atomic.ts) or `settings.json.tmp-1764000000abcdef` (electron-store). */
const TEMP_RE = /^\..+\.\d+\.\d+\.tmp$|\.tmp-\d{10}[a-f0-9]{6}$/;
/** `<dir>.lock.stale-<uuid>` or `<dir>.lock.release-<uuid>` (fs/lock.ts's private names, their mtime the lock's last beat). */
const LOCK_MOVED_RE = /\.lock\.(?:stale|release)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `<name>.corrupt-<ISO stamp>[-n]` (moveAside) or `<name>.before-repair-<ISO stamp>` (settings repair). */
const ASIDE_RE = /^(.+)\.(?:corrupt|before-repair)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)(?:-(\d+))?$/;

export interface Removed {
  path: string;
  bytes: number;
  why: 'temp' | 'aside';
}

export interface LeftoversOptions {
  now: number;
  tempMaxAgeMs?: number;
  asideKept?: number;
}

interface Aside {
  path: string;
  stamp: string;
  n: number;
}

/**
 * Removes this app's temp files older than an hour and all but the newest moved-aside copies of
 * each file, under `dataDir`. Never throws for a file it cannot read or remove (it is left for the
 * next start); a missing folder removes nothing.
 */
export async function removeLeftovers(dataDir: string, opts: LeftoversOptions): Promise<Removed[]> {
  const maxAge = opts.tempMaxAgeMs ?? TEMP_MAX_AGE_MS;
  const kept = opts.asideKept ?? ASIDE_KEPT;
  const removed: Removed[] = [];

  async function remove(path: string, why: Removed['why']): Promise<void> {
    try {
      const { size } = await stat(path);
      await unlink(path);
      removed.push({ path, bytes: size, why });
    } catch {
      // Gone already, or not ours to remove: nothing to report.
    }
  }

  async function sweep(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const asides = new Map<string, Aside[]>();
    for (const e of entries) {
      const path = join(dir, e.name);
      if (!e.isFile()) continue;
      if (TEMP_RE.test(e.name) || LOCK_MOVED_RE.test(e.name)) {
        try {
          if (opts.now - (await stat(path)).mtimeMs > maxAge) await remove(path, 'temp');
        } catch {
          // Removed meanwhile by its writer.
        }
        continue;
      }
      const m = ASIDE_RE.exec(e.name);
      if (m !== null) {
        const list = asides.get(m[1] as string) ?? [];
        list.push({ path, stamp: m[2] as string, n: Number(m[3] ?? 0) });
        asides.set(m[1] as string, list);
      }
    }
    for (const list of asides.values()) {
      // The stamp is when it was moved (the file's own mtime is the original's), so it orders them.
      list.sort((a, b) => (a.stamp === b.stamp ? b.n - a.n : a.stamp < b.stamp ? 1 : -1));
      for (const old of list.slice(kept)) await remove(old.path, 'aside');
    }
  }

  const folders = OWN_FOLDERS.map((f) => join(dataDir, f));
  try {
    for (const zone of await readdir(join(dataDir, ZONE_FOLDERS), { withFileTypes: true })) {
      if (zone.isDirectory()) folders.push(join(dataDir, ZONE_FOLDERS, zone.name), join(dataDir, ZONE_FOLDERS, zone.name, 'history'));
    }
  } catch {
    // No one-off zones.
  }
  // A history is a folder of day segments per package and zone (history/store.ts): swept too.
  for (const folder of folders.filter((f) => f.endsWith('history'))) {
    try {
      for (const e of await readdir(folder, { withFileTypes: true })) if (e.isDirectory()) folders.push(join(folder, e.name));
    } catch {
      // No history yet.
    }
  }
  for (const folder of folders) await sweep(folder);
  return removed;
}

/** One log line for what was removed, or null when nothing was. */
export function describeRemoved(removed: readonly Removed[], dataDir: string): string | null {
  if (removed.length === 0) return null;
  const part = (why: Removed['why'], one: string, many: string): string | null => {
    const list = removed.filter((r) => r.why === why);
    if (list.length === 0) return null;
    const bytes = list.reduce((s, r) => s + r.bytes, 0);
    const names = list.map((r) => r.path.slice(dataDir.length).replace(/^[/\\]/, ''));
    const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    return `${list.length} ${list.length === 1 ? one : many} (${formatBytes(bytes)}: ${shown})`;
  };
  const parts = [
    part('temp', 'temp file left by an interrupted write', 'temp files left by interrupted writes'),
    part('aside', `moved-aside copy beyond the newest ${ASIDE_KEPT}`, `moved-aside copies beyond the newest ${ASIDE_KEPT} of each file`),
  ];
  return `Removed from ${dataDir}: ${parts.filter((p) => p !== null).join('; ')}.`;
}
