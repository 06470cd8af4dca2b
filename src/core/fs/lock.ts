// A lock shared by processes (the app, the CLI, the exporter) over one folder of files: a lock file
// created with O_EXCL holding who took it (pid, host, time, a token). A holder that died (kill -9,
// a crash) or that has held it longer than any write takes is stale: its lock is moved away under a
// name of our own and checked to be the one judged stale before it is removed, so two processes
// recovering at once never remove a live lock. Released only by the holder (the token).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';

export interface LockOptions {
  /** A lock older than this is stale even if its process lives (its pid was reused). */
  staleMs?: number;
  /** How long to wait for a live holder before giving up with an error. */
  timeoutMs?: number;
  /** Whether a process of this host runs; default: signal 0. */
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

interface Holder {
  pid: number;
  host: string;
  at: number;
  token: string;
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return errorCode(e) === 'EPERM';
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const v = JSON.parse(text) as Partial<Holder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.at === 'number' && typeof v.token === 'string') return v as Holder;
  } catch {
    // Half written (its writer died between create and write) or damaged: judged by its age.
  }
  return null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function tryCreate(path: string, holder: Holder): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(holder), 'utf8');
  } finally {
    await fh.close();
  }
  return true;
}

/** Runs `work` holding the lock file `path` (created, with its folder, when free). */
export async function withFileLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const isAlive = options.isAlive ?? processIsAlive;
  const now = options.now ?? Date.now;
  const host = hostname();
  const token = randomUUID();
  const started = now();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, { pid: process.pid, host, at: now(), token })) break;
    let text: string;
    let mtime: number;
    try {
      [text, mtime] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const holder = parseHolder(text);
    const age = now() - (holder?.at ?? mtime);
    const dead = holder !== null && holder.host === host && holder.pid !== process.pid && !isAlive(holder.pid);
    if (dead || age > staleMs) {
      await removeStale(path, text, token);
      continue;
    }
    if (now() - started > timeoutMs) {
      throw new LockTimeoutError(`${path} is held by process ${holder?.pid ?? 'unknown'} (for ${Math.round(age / 1000)} s); try again later`);
    }
    await sleep(Math.min(50, 5 + attempt * 5) * (0.5 + Math.random()));
  }
  try {
    return await work();
  } finally {
    await release(path, token);
  }
}

/** Moves the stale lock away and removes it; one that turns out to be another's fresh lock is put back. */
async function removeStale(path: string, judged: string, token: string): Promise<void> {
  const moved = `${path}.stale-${token}`;
  try {
    await rename(path, moved);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return; // another process recovered it first
    throw e;
  }
  const text = await readFile(moved, 'utf8').catch(() => judged);
  if (text !== judged) {
    // A holder took the lock between our read and our move: give it back unless a third took it since.
    await link(moved, path).catch(() => {});
  }
  await unlink(moved).catch(() => {});
}

async function release(path: string, token: string): Promise<void> {
  try {
    const holder = parseHolder(await readFile(path, 'utf8'));
    // Taken from us as stale (we held it past staleMs): it is the new holder's now.
    if (holder?.token === token) await unlink(path);
  } catch {
    // Gone already.
  }
}
