// One JSON file per package: <dataDir>/history/<packageKey>.json. A file that cannot be used is
// moved aside (never deleted) and the app carries on with an empty history and a problem to show.
// A history recorded with another API timezone is not damaged: it is kept as
// <packageKey>.tz-<zone>.json and becomes the package's file again when that zone is used again.
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../ports.js';
import { exists } from '../fs/atomic.js';
import { readJsonFile, setAside, writeJsonFile, type Decoded, type JsonFault } from '../fs/json-file.js';
import type { Aside } from '../fs/json-file.js';
import type { History } from './model.js';
import { createHistory } from './model.js';
import { decodeHistory, encodeHistory } from './codec.js';
import { PACKAGE_KEY_PATTERN } from '../../shared/types.js';
import { HISTORY_DAYS } from '../../shared/limits.js';
import { createKeyedSerial } from '../serial.js';
import { errorMessage } from '../../shared/error-message.js';
import { DAY_MS } from '../../shared/time-constants.js';

export interface HistoryLoad {
  history: History;
  /** One or two sentences for the user when the file could not be used; null when all was well. */
  problem: string | null;
  /** Where an unusable file was moved, if it was. */
  movedTo: string | null;
}

export interface HistoryLoadOptions {
  /**
   * The zone is only a default standing in for a setting that could not be used: a history
   * recorded with another zone stays exactly where it is, and this zone's history is read from and
   * saved to its kept file instead.
   */
  zoneIsFallback?: boolean;
}

export interface HistoryStore {
  load(packageKey: string, apiTimeZone: string, options?: HistoryLoadOptions): Promise<HistoryLoad>;
  save(h: History): Promise<void>;
  fileFor(packageKey: string): string;
  /** Where the history of `packageKey` recorded with `apiTimeZone` is kept while another zone is used. */
  keptFileFor(packageKey: string, apiTimeZone: string): string;
}

/** A zone as part of a file name: letters, digits, "_", "+" and "-" as they are, anything else %XX (so "/" is %2F). */
function zoneTag(zone: string): string {
  return zone.replace(/[^A-Za-z0-9_+-]/g, (c) => `%${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Rename without overwriting: `to`, or `to` with -1, -2... before ".json" when taken. */
async function renameNoClobber(from: string, to: string): Promise<string> {
  for (let n = 0; ; n++) {
    const target = n === 0 ? to : to.replace(/\.json$/, `-${n}.json`);
    if (await exists(target)) continue;
    await rename(from, target);
    return target;
  }
}

/** How long the history file keeps hours; also the longest range one query may ask for. */
export const RETENTION_DAYS = HISTORY_DAYS;
const SAFE_KEY = PACKAGE_KEY_PATTERN;

/** What was wrong with an unusable file, after "The traffic history file <path>". */
function faultText(fault: JsonFault): string {
  switch (fault.kind) {
    case 'unreadable':
      return `could not be read (${fault.detail})`;
    case 'empty':
      return 'is not valid JSON (the file is empty)';
    case 'not-json':
      return `is not valid JSON (${fault.detail})`;
    case 'invalid':
      return `is damaged: ${fault.detail}`;
  }
}

export function createHistoryStore(opts: {
  dataDir: string;
  clock: Clock;
  retentionDays?: number;
  /** How an unusable file is moved aside (fs/json-file's; tests pass one that fails). */
  setAside?: (path: string, now: number) => Promise<Aside>;
}): HistoryStore {
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

  /**
   * A file that cannot be used: moved aside, and the history kept for this zone (if any) used in its
   * place. If it cannot even be moved, it is never overwritten: saves go to the zone's kept file
   * (read again at the next start), so neither it nor the new hours are lost.
   */
  async function setAsideAndGoOn(path: string, packageKey: string, apiTimeZone: string, reason: string): Promise<HistoryLoad> {
    const aside = await (opts.setAside ?? setAside)(path, opts.clock());
    const keptPath = keptFileFor(packageKey, apiTimeZone);
    const isKept = path === keptPath;
    if (aside.movedTo !== null) {
      const kept = isKept ? null : await fromKept(packageKey, apiTimeZone, true);
      const problem = kept?.found ? `${reason} It was moved to ${aside.movedTo}; the history kept in ${keptPath} is used.` : `${reason} It was moved to ${aside.movedTo} and a new history was started.`;
      return { history: kept?.found ? kept.history : createHistory(packageKey, apiTimeZone), movedTo: aside.movedTo, problem: kept?.problem ? `${problem} ${kept.problem}` : problem };
    }
    if (isKept) {
      return { history: createHistory(packageKey, apiTimeZone), movedTo: null, problem: `${reason} It could not be moved aside (${aside.stayed}), so it stays at ${path}; a new history was started.` };
    }
    savesTo.set(packageKey, { zone: apiTimeZone, path: keptPath });
    const kept = await fromKept(packageKey, apiTimeZone, false);
    const problem = `${reason} It could not be moved aside (${aside.stayed}), so it stays at ${path}, untouched; the history is kept in ${keptPath} meanwhile.`;
    return { history: kept.history, movedTo: null, problem: kept.problem ? `${problem} ${kept.problem}` : problem };
  }

  function keptFileFor(packageKey: string, apiTimeZone: string): string {
    return fileFor(packageKey).replace(/\.json$/, `.tz-${zoneTag(apiTimeZone)}.json`);
  }

  type FileRead =
    | { kind: 'missing' }
    | { kind: 'ok'; history: History }
    | { kind: 'other-zone'; recordedZone: string }
    | { kind: 'unusable'; reason: string };

  async function readFileAt(path: string, packageKey: string, apiTimeZone: string): Promise<FileRead> {
    // Another zone's history is not damage: the decoder lets it through for the zone handling below.
    const read = await readJsonFile(path, (raw): Decoded<FileRead> => {
      const decoded = decodeHistory(raw, packageKey, apiTimeZone);
      if (decoded.ok) return { ok: true, value: { kind: 'ok', history: decoded.history } };
      if (decoded.kind === 'zone-mismatch') return { ok: true, value: { kind: 'other-zone', recordedZone: decoded.recordedZone } };
      return { ok: false, reason: decoded.detail };
    });
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'missing') return read;
    return { kind: 'unusable', reason: `The traffic history file ${path} ${faultText(read.fault)}.` };
  }

  /** Where save() writes a package's history when it is not the package's file (a fallback zone's). */
  const savesTo = new Map<string, { zone: string; path: string }>();

  /** The history kept for `apiTimeZone`, read where it is (`restore`: made the package's file again). */
  async function fromKept(packageKey: string, apiTimeZone: string, restore: boolean): Promise<HistoryLoad & { found: boolean }> {
    const fresh = createHistory(packageKey, apiTimeZone);
    const kept = keptFileFor(packageKey, apiTimeZone);
    const read = await readFileAt(kept, packageKey, apiTimeZone);
    if (read.kind === 'missing') return { history: fresh, problem: null, movedTo: null, found: false };
    if (read.kind === 'ok') {
      // Not made the package's file again (a fallback zone, or the rename failed): saved where it is.
      const restored = restore && (await rename(kept, fileFor(packageKey)).then(() => true, () => false));
      if (!restored) savesTo.set(packageKey, { zone: apiTimeZone, path: kept });
      return { history: read.history, problem: null, movedTo: null, found: true };
    }
    const reason = read.kind === 'other-zone' ? `The traffic history file ${kept} was recorded with API timezone ${read.recordedZone}, not ${apiTimeZone}.` : read.reason;
    return { ...(await setAsideAndGoOn(kept, packageKey, apiTimeZone, reason)), found: false };
  }

  async function loadNow(packageKey: string, apiTimeZone: string, options: HistoryLoadOptions): Promise<HistoryLoad> {
    const path = fileFor(packageKey);
    savesTo.delete(packageKey);
    const read = await readFileAt(path, packageKey, apiTimeZone);
    if (read.kind === 'ok') return { history: read.history, problem: null, movedTo: null };
    if (read.kind === 'unusable') return setAsideAndGoOn(path, packageKey, apiTimeZone, read.reason);
    if (read.kind === 'missing') {
      const kept = await fromKept(packageKey, apiTimeZone, true);
      return { history: kept.history, problem: kept.problem, movedTo: kept.movedTo };
    }
    const recorded = read.recordedZone;
    if (options.zoneIsFallback) {
      // Hours read in another zone sit at other instants: the fallback zone's hours go to a file of
      // their own, and the history of the zone the user chose is not touched.
      savesTo.set(packageKey, { zone: apiTimeZone, path: keptFileFor(packageKey, apiTimeZone) });
      const kept = await fromKept(packageKey, apiTimeZone, false);
      const note = `The traffic history recorded with API timezone ${recorded} is left as it is (${path}) while ${apiTimeZone} stands in for the API timezone setting; it is used again once the setting is fixed.`;
      return { history: kept.history, problem: kept.problem ? `${note} ${kept.problem}` : note, movedTo: kept.movedTo };
    }
    let keptAs: string;
    try {
      keptAs = await renameNoClobber(path, keptFileFor(packageKey, recorded));
    } catch (e) {
      // It cannot be kept aside: it must not be overwritten either, so this zone saves elsewhere.
      savesTo.set(packageKey, { zone: apiTimeZone, path: keptFileFor(packageKey, apiTimeZone) });
      const kept = await fromKept(packageKey, apiTimeZone, false);
      const note = `The traffic history recorded with API timezone ${recorded} could not be kept aside (${errorMessage(e)}), so it stays at ${path}, untouched; the history for ${apiTimeZone} is kept in ${keptFileFor(packageKey, apiTimeZone)}.`;
      return { history: kept.history, problem: kept.problem ? `${note} ${kept.problem}` : note, movedTo: kept.movedTo };
    }
    const kept = await fromKept(packageKey, apiTimeZone, true);
    const then = kept.found ? `the history recorded with ${apiTimeZone} before is used again.` : `a new history was started for ${apiTimeZone}.`;
    const note = `The traffic history recorded with API timezone ${recorded} was kept as ${keptAs} (it is used again when the API timezone is ${recorded} again); ${then}`;
    return { history: kept.history, problem: kept.problem ? `${note} ${kept.problem}` : note, movedTo: keptAs };
  }

  function load(packageKey: string, apiTimeZone: string, options: HistoryLoadOptions = {}): Promise<HistoryLoad> {
    try {
      fileFor(packageKey); // reject with the clear error now, not from inside the queue
    } catch (e) {
      return Promise.reject(e);
    }
    // In the package's queue: it may rename the files a save is about to write.
    return oneAtATime(packageKey, () => loadNow(packageKey, apiTimeZone, options));
  }

  async function write(h: History): Promise<void> {
    const elsewhere = savesTo.get(h.packageKey);
    const path = elsewhere?.zone === h.apiTimeZone ? elsewhere.path : fileFor(h.packageKey);
    const now = opts.clock();
    // The file keeps the retention span; the history in memory keeps what was asked for (an older
    // day fetched for the CLI or the window stays on screen, it is just not kept on disk).
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeJsonFile(path, encodeHistory(h, now, now - retentionDays * DAY_MS));
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

  return { load, save, fileFor, keptFileFor };
}
