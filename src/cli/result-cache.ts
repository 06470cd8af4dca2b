// A status bar runs `today` every few seconds, and most runs would print what the last one printed.
// The launcher answers such a run from the last one's output before it loads the CLI's body, but only
// when the answer is exactly what a run would print: the same command line and environment, the same
// build and Node, every file the run read as it was (read-log.ts), and a moment inside the window the
// run gave (result-offer.ts), which the output was rendered again at the end of. Whatever is wrong
// with an entry (missing, damaged, foreign, from another key) costs one normal run, never a failure.
// Synchronous and built-ins only: it runs before anything else.
import type * as Fs from 'node:fs';
import { replaceCacheFile, type CacheFileFs } from './cache-file.js';
import type { ReadLog } from './read-log.js';
import { stampOf } from './read-log.js';

export interface ResultCacheDeps {
  fs: CacheFileFs & Pick<typeof Fs, 'lstatSync' | 'readdirSync' | 'readFileSync' | 'statSync'>;
  join: (...parts: string[]) => string;
  /** SHA-256 of the text, in hex: the key names the API key without holding it. */
  sha256: (text: string) => string;
}

/** The process a run's output depends on, besides its files and the clock. */
export interface RunInputs {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  node: { version: string; platform: string; arch: string };
  /** Whether stdout is a terminal (a bar's pipe and a shell may one day be answered differently). */
  stdoutIsTty: boolean;
  /** Stamps of the launcher and the body as they are run: a new build is a new key. */
  build: readonly string[];
}

/**
 * Variables the CLI reads (or that change how Node reads its clock and files), besides every
 * PROXY_SELLER_* one. A test checks every variable the sources name is covered.
 */
export const KEY_ENV = [
  'HOME', 'USERPROFILE', 'TZ', 'TZDIR', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'APPDATA', 'LOCALAPPDATA',
  'LANG', 'LANGUAGE', 'LC_ALL', 'LC_TIME', 'LC_NUMERIC', 'LC_MESSAGES', 'NODE_OPTIONS', 'NODE_ICU_DATA',
] as const;

const ENTRY_VERSION = 1;
const NAME_RE = /^today-[0-9a-f]{32}\.json$/;
/** A file changed this recently may change again within its timestamps' resolution, unseen. */
export const RACY_MS = 2_000;
/** How far apart the output is rendered again across the window, beside its very end. */
export const CONFIRM_STEP_MS = 10_000;
/** Entries of command lines no longer run go after a day. */
const PRUNE_AFTER_MS = 86_400_000;

/** The key of a run: a hash of everything it depends on but its files and the clock. */
export function resultKey(deps: Pick<ResultCacheDeps, 'sha256'>, inputs: RunInputs): string {
  const env = Object.keys(inputs.env)
    .filter((name) => name.startsWith('PROXY_SELLER_') || (KEY_ENV as readonly string[]).includes(name))
    .sort()
    .map((name) => [name, inputs.env[name]]);
  return deps.sha256(JSON.stringify([ENTRY_VERSION, inputs.argv, inputs.cwd, env, inputs.node, inputs.stdoutIsTty, inputs.build]));
}

export function resultPath(deps: Pick<ResultCacheDeps, 'join'>, dir: string, key: string): string {
  return deps.join(dir, `today-${key.slice(0, 32)}.json`);
}

export interface ResultEntry {
  v: typeof ENTRY_VERSION;
  key: string;
  /** The window [from, until) in which the output stands. */
  from: number;
  until: number;
  stdout: string;
  /** Each file read (read-log.ts ids) and its stamp then. */
  files: Array<[string, string]>;
}

function isEntry(raw: unknown): raw is ResultEntry {
  if (typeof raw !== 'object' || raw === null) return false;
  const e = raw as Record<string, unknown>;
  return (
    e['v'] === ENTRY_VERSION &&
    typeof e['key'] === 'string' &&
    Number.isSafeInteger(e['from']) &&
    Number.isSafeInteger(e['until']) &&
    typeof e['stdout'] === 'string' &&
    Array.isArray(e['files']) &&
    e['files'].every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && /^[sl]:/.test(f[0]) && typeof f[1] === 'string')
  );
}

/** The output to print for this run, or null when the entry is missing, foreign, out of its window, or any file it read has changed. */
export function answerFromCache(deps: ResultCacheDeps, path: string, key: string, now: number): string | null {
  let raw: unknown;
  try {
    raw = JSON.parse(deps.fs.readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  if (!isEntry(raw) || raw.key !== key || now < raw.from || now >= raw.until) return null;
  for (const [id, stamp] of raw.files) {
    if (stampOf(deps.fs, id.slice(2), id[0] === 'l').stamp !== stamp) return null;
  }
  return raw.stdout;
}

/** A finished run the body offers to keep (index.ts): what it printed, and how to print it at another moment. */
export interface KeptRun {
  stdout: string;
  validUntil: number;
  /** The output rendered with the clock at `at`, from memory; null when that run would not be clean (exit code, stderr). */
  renderAt: (at: number) => Promise<string | null>;
}

/**
 * Whether the output stands from `from` to the window's end: rendered again every CONFIRM_STEP_MS and
 * a millisecond before the end, it is the same each time (the figures move with time in steps, each
 * one way, so no change hides between two samples that agree).
 */
export async function confirmWindow(run: KeptRun, from: number): Promise<boolean> {
  if (run.validUntil <= from) return false;
  const times: number[] = [];
  for (let t = from; t < run.validUntil - 1; t += CONFIRM_STEP_MS) times.push(t);
  times.push(run.validUntil - 1);
  for (const at of times) {
    if ((await run.renderAt(at)) !== run.stdout) return false;
  }
  return true;
}

/** Whether a run's reads allow keeping it: nothing written or read blind, and no file changed too recently to trust its stamp. */
export function readsAreKeepable(log: ReadLog, startedAt: number): boolean {
  return !log.unsure && log.newestMs < startedAt - RACY_MS;
}

/** Writes the entry (temp file and rename: a reader sees the old entry or the new one); entries unused for a day go. Never throws. */
export function keepResult(deps: ResultCacheDeps, dir: string, path: string, entry: Omit<ResultEntry, 'v'>, now: number): boolean {
  const written = replaceCacheFile(deps.fs, dir, path, () => JSON.stringify({ v: ENTRY_VERSION, ...entry }));
  if (written) pruneEntries(deps, dir, path, now);
  return written;
}

function pruneEntries(deps: ResultCacheDeps, dir: string, kept: string, now: number): void {
  try {
    for (const name of deps.fs.readdirSync(dir)) {
      const path = deps.join(dir, name);
      if (path === kept || !NAME_RE.test(name)) continue;
      const st = deps.fs.statSync(path, { throwIfNoEntry: false });
      if (st !== undefined && now - st.mtimeMs > PRUNE_AFTER_MS) deps.fs.unlinkSync(path);
    }
  } catch {
    // Another run may be pruning too; the next write tries again.
  }
}
