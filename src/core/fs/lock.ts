// A lock shared by processes (the app, the CLI, the exporter) over one folder of files: a lock file
// created with O_EXCL holding who took it (pid, host, times, a token).
//
// The holder beats: every beatMs it rewrites its record in place (a new `beat` and times), so a long
// hold (a first save or a migration of 400 days, a slow disk) never looks stale. A holder is stale:
// - on this host, when its process is gone, or when it has not beaten for staleMs by the host's
//   monotonic clock (shared by its processes, blind to the wall clock being set back or forward);
// - on another host (a shared folder), when its record has not changed for staleMs as this process
//   watched it: the two hosts' clocks are never compared, so a skewed clock neither takes a live lock
//   nor keeps a dead one for ever;
// - a record never finished (its writer died between create and write), when the file's mtime is
//   older than staleMs, or it has not changed for staleMs as watched.
// A stale lock is moved away under a name of our own and checked to be the very file judged stale
// before it is removed; one that turns out to be another's fresh lock is given back. Whoever creates
// the lock reads it back before trusting it, and the holder can check it still holds it
// (HeldLock.assertHeld, also done at each beat) before each write: a holder taken over while it
// stalled (a laptop asleep) then stops writing instead of overwriting its successor's files.
// Released only by the holder: moved to a private name, checked, removed (or given back).
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { link, mkdir, open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';

export interface LockOptions {
  /** A holder not heard from (no beat) for this long is stale. */
  staleMs?: number;
  /** How often a holder beats; default staleMs / 5. */
  beatMs?: number;
  /** How long to wait for a live holder before giving up with a LockTimeoutError. */
  timeoutMs?: number;
  /** Whether a process of this host runs; default: signal 0. */
  isAlive?: (pid: number) => boolean;
  /** The wall clock (shown in the record; ages of unfinished records by their file's mtime). */
  now?: () => number;
  /** This host's monotonic clock in ms, the same for all its processes (default: process.hrtime). */
  monotonic?: () => number;
}

/** What the work under the lock can ask of it. */
export interface HeldLock {
  /** Throws LockLostError if another process has taken the lock over (judged this one stale). */
  assertHeld(): Promise<void>;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

export class LockLostError extends Error {
  override name = 'LockLostError';
}

interface Holder {
  pid: number;
  host: string;
  /** Wall-clock time of the last beat (for people reading the file). */
  at: number;
  /** The host's monotonic clock at the last beat. */
  mono?: number;
  beat?: number;
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

const hrtimeMs = (): number => Number(process.hrtime.bigint() / 1_000_000n);

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

/** The record, padded so that every beat rewrites the same number of bytes in place. */
function record(holder: Holder, width: number): string {
  return JSON.stringify(holder).padEnd(width);
}
/** Room for the times to grow a digit or two between beats. */
const PAD = 32;

async function tryCreate(path: string, holder: Holder): Promise<{ fh: FileHandle; width: number; ino: number } | null> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return null;
    throw e;
  }
  try {
    const width = JSON.stringify(holder).length + PAD;
    await fh.write(record(holder, width), 0, 'utf8');
    return { fh, width, ino: (await fh.stat()).ino };
  } catch (e) {
    await fh.close();
    await unlink(path).catch(() => {});
    throw e;
  }
}

/** The inode at `path`, or null when there is none. */
async function inoAt(path: string): Promise<number | null> {
  try {
    return (await stat(path)).ino;
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Runs `work` holding the lock file `path` (created, with its folder, when free). */
export async function withFileLock<T>(path: string, work: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const beatMs = options.beatMs ?? Math.max(10, Math.floor(staleMs / 5));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const isAlive = options.isAlive ?? processIsAlive;
  const now = options.now ?? Date.now;
  const mono = options.monotonic ?? hrtimeMs;
  const host = hostname();
  // The global Web Crypto, loaded when first used: importing node:crypto costs every CLI start.
  const token = crypto.randomUUID();
  const started = mono();
  // The record last seen and since when (by our monotonic clock): unchanged for staleMs is stale.
  let seen: { text: string; ino: number; since: number } | null = null;
  let beat = 0;
  const holderNow = (): Holder => ({ pid: process.pid, host, at: now(), mono: mono(), beat, token });
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let held: { fh: FileHandle; width: number; ino: number };
  for (let attempt = 0; ; attempt++) {
    const created = await tryCreate(path, holderNow());
    if (created !== null) {
      // Read back: a recovery that judged an older lock stale may have moved ours away meanwhile.
      if ((await inoAt(path)) === created.ino) {
        held = created;
        break;
      }
      await created.fh.close();
      continue;
    }
    let text: string;
    let st: { mtimeMs: number; ino: number };
    try {
      [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const t = mono();
    if (seen === null || seen.text !== text || seen.ino !== st.ino) seen = { text, ino: st.ino, since: t };
    const unchangedFor = t - seen.since;
    const holder = parseHolder(text);
    let stale: boolean;
    let heldFor: number;
    if (holder === null) {
      heldFor = Math.max(0, now() - st.mtimeMs);
      stale = heldFor > staleMs || unchangedFor > staleMs;
    } else if (holder.host === host) {
      const lastBeat = holder.mono === undefined ? null : t - holder.mono;
      heldFor = Math.max(0, lastBeat ?? unchangedFor);
      const dead = holder.pid !== process.pid && !isAlive(holder.pid);
      // A beat ahead of our monotonic clock was made before this host restarted.
      stale = dead || (lastBeat === null ? unchangedFor > staleMs : lastBeat > staleMs || lastBeat < -staleMs);
    } else {
      heldFor = unchangedFor;
      stale = unchangedFor > staleMs;
    }
    if (stale) {
      await removeStale(path, text, st.ino, token);
      seen = null;
      continue;
    }
    if (t - started > timeoutMs) {
      const who = holder === null ? 'a process that has not finished writing it' : `process ${holder.pid}${holder.host === host ? '' : ` on ${holder.host}`}`;
      throw new LockTimeoutError(`${path} is held by ${who} (last sign of life ${Math.round(heldFor / 1000)} s ago); try again later`);
    }
    await sleep(Math.min(50, 5 + attempt * 5) * (0.5 + Math.random()));
  }

  let lost = false;
  const stillHeld = async (): Promise<boolean> => {
    if (!lost) lost = (await inoAt(path).catch(() => null)) !== held.ino;
    return !lost;
  };
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(async () => {
      if (!(await stillHeld())) return;
      beat++;
      // In place, through our own handle: the file we created, never one another process made.
      await held.fh.write(record(holderNow(), held.width), 0, 'utf8');
    }).catch(() => {});
  }, beatMs);
  timer.unref();
  try {
    return await work({
      async assertHeld() {
        if (!(await stillHeld())) throw new LockLostError(`${path} was taken over by another process (this one was judged stale); nothing more is written under it`);
      },
    });
  } finally {
    clearInterval(timer);
    await beating;
    await held.fh.close().catch(() => {});
    if (!lost) await release(path, held.ino, token);
  }
}

/**
 * Moves the lock judged stale (`judged`, inode `ino`) away and removes it. A file that turns out to
 * be another's fresh lock is given back; if a third process took the lock in the gap, the one moved
 * has lost it, and its holder learns so at its next check (assertHeld, its beat).
 */
async function removeStale(path: string, judged: string, ino: number, token: string): Promise<void> {
  const moved = `${path}.stale-${token}`;
  try {
    await rename(path, moved);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return; // another process recovered it first
    throw e;
  }
  await giveBackUnless(moved, path, async () => {
    const [text, st] = await Promise.all([readFile(moved, 'utf8'), stat(moved)]);
    return text === judged && st.ino === ino;
  });
}

/** Removes `moved` if `ours()` says so; else links it back to `path` (when nothing is there now) first. */
async function giveBackUnless(moved: string, path: string, ours: () => Promise<boolean>): Promise<void> {
  const remove = await ours().catch(() => true);
  if (!remove) {
    await link(moved, path).catch((e: unknown) => {
      // EEXIST: a third process took the lock in the gap; the moved one's holder has lost it.
      if (errorCode(e) !== 'EEXIST') throw e;
    });
  }
  await unlink(moved).catch(() => {});
}

/** Removes our lock: moved to a private name first, so a successor's lock is never removed in its place. */
async function release(path: string, ino: number, token: string): Promise<void> {
  if ((await inoAt(path).catch(() => null)) !== ino) return; // taken over: the new holder's now
  const mine = `${path}.release-${token}`;
  try {
    await rename(path, mine);
  } catch {
    return; // gone already
  }
  await giveBackUnless(mine, path, async () => (await stat(mine)).ino === ino);
}
