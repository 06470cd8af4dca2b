// One JSON file per package: <dataDir>/history/<packageKey>.json. A file that cannot be used is
// moved aside (never deleted) and the app carries on with an empty history and a problem to show.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../ports.js';
import { moveAside, writeJsonAtomic } from '../fs/atomic.js';
import type { History } from './model.js';
import { createHistory } from './model.js';
import { decodeHistory, encodeHistory } from './codec.js';
import { PACKAGE_KEY_PATTERN } from '../../../shared/types.js';
import { createKeyedSerial } from '../serial.js';

export interface HistoryLoad {
  history: History;
  /** One or two sentences for the user when the file could not be used; null when all was well. */
  problem: string | null;
  /** Where an unusable file was moved, if it was. */
  movedTo: string | null;
}

export interface HistoryStore {
  load(packageKey: string, apiTimeZone: string): Promise<HistoryLoad>;
  save(h: History): Promise<void>;
  fileFor(packageKey: string): string;
}

const DAY_MS = 86_400_000;
/** How long the history file keeps hours; also the longest range one query may ask for. */
export const RETENTION_DAYS = 400;
const SAFE_KEY = PACKAGE_KEY_PATTERN;

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createHistoryStore(opts: { dataDir: string; clock: Clock; retentionDays?: number }): HistoryStore {
  const retentionDays = opts.retentionDays ?? RETENTION_DAYS;
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) throw new RangeError(`retentionDays must be > 0, got ${retentionDays}`);
  const dir = join(opts.dataDir, 'history');
  // Saves of one package run one after another, so two never race on the same temp file.
  const oneAtATime = createKeyedSerial();

  function fileFor(packageKey: string): string {
    if (typeof packageKey !== 'string' || !SAFE_KEY.test(packageKey)) {
      throw new RangeError(
        `package key ${JSON.stringify(String(packageKey).slice(0, 80))} cannot name a history file: use 1 to 64 letters, digits, "_" or "-"`,
      );
    }
    return join(dir, `${packageKey}.json`);
  }

  async function setAside(path: string, reason: string, fresh: History): Promise<HistoryLoad> {
    try {
      const movedTo = await moveAside(path, opts.clock());
      return { history: fresh, movedTo, problem: `${reason} It was moved to ${movedTo} and a new history was started.` };
    } catch (e) {
      return {
        history: fresh,
        movedTo: null,
        problem: `${reason} It could not be moved aside (${errorText(e)}), so it stays at ${path}; a new history was started.`,
      };
    }
  }

  async function load(packageKey: string, apiTimeZone: string): Promise<HistoryLoad> {
    const path = fileFor(packageKey);
    const fresh = createHistory(packageKey, apiTimeZone);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return { history: fresh, problem: null, movedTo: null };
      return setAside(path, `The traffic history file ${path} could not be read (${errorText(e)}).`, fresh);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return setAside(path, `The traffic history file ${path} is not valid JSON (${errorText(e)}).`, fresh);
    }
    const decoded = decodeHistory(raw, packageKey, apiTimeZone);
    if (decoded.ok) return { history: decoded.history, problem: null, movedTo: null };
    if (decoded.kind === 'zone-mismatch') {
      // Hours read in another zone sit at other instants: mixing them would misplace traffic.
      return setAside(path, `The traffic history was recorded with API timezone ${decoded.recordedZone}; starting fresh for ${apiTimeZone}.`, fresh);
    }
    return setAside(path, `The traffic history file ${path} is damaged: ${decoded.detail}.`, fresh);
  }

  async function write(h: History): Promise<void> {
    const path = fileFor(h.packageKey);
    const now = opts.clock();
    // The file keeps the retention span; the history in memory keeps what was asked for (an older
    // day fetched for the CLI or the window stays on screen, it is just not kept on disk).
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeJsonAtomic(path, encodeHistory(h, now, now - retentionDays * DAY_MS));
  }

  function save(h: History): Promise<void> {
    const key = h.packageKey;
    try {
      fileFor(key); // reject with the clear error now, not from inside the queue
    } catch (e) {
      return Promise.reject(e);
    }
    return oneAtATime(key, () => write(h));
  }

  return { load, save, fileFor };
}
