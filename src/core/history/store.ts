// The history on disk: one folder per package and API zone, <dataDir>/history/<packageKey>.tz-<zone>/,
// holding one segment file per UTC day, <YYYY-MM-DD>.json (codec.ts, version 2).
//
// Why day segments: a steady poll changes the hour under way and the one before, i.e. one or two
// days. A save fingerprints the days changed since it last compared (the model marks each change's
// UTC days; fingerprinting all 400 days cost ~5 ms a save) and writes, each atomically (temp file,
// fsync, rename), only the days that differ from what is on disk: ~25 kB for
// 50 logins instead of the whole 4.8 MB file. A month per file would still be ~370 kB at the end of
// a month; a journal would need compaction and loses everything when its base is damaged. A damaged
// segment loses only its day: it is moved aside (fs/json-file's setAside) and the other days load.
//
// The app, the CLI and the exporter share these folders. A save runs under a lock file
// (fs/lock.ts) and merges: a day segment another process rewrote since this one read it is read
// again and merged three ways with the hours in memory against the day as this process last read or
// wrote it (day-merge.ts: what this process changed since takes its value, the rest the disk's), so
// the last writer never drops the other's hours nor undoes the API's corrections the other fetched.
// pickUp() merges segments another process changed into a history in memory the same way (history
// sync calls it before each poll); a folder whose mtime has not changed costs one stat.
//
// Each zone has its own folder, so switching the API timezone moves nothing: the other zone's
// hours stay where they are and are used again when that zone is. Histories of the old layout (one
// file per package, <packageKey>.json, and <packageKey>.tz-<zone>.json kept for another zone) are
// migrated into folders on first load, merged into what is there, and then removed.
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../ports.js';
import { readJsonFile, setAside, writeJsonFile, type Decoded, type JsonFault } from '../fs/json-file.js';
import type { Aside } from '../fs/json-file.js';
import { withFileLock, type HeldLock, type LockOptions } from '../fs/lock.js';
import type { History } from './model.js';
import { addCoverage, changedDaysSince, changeMark, coverageOf, createHistory, logins, mergeSamples, restoreSeries, seriesOf, uncover } from './model.js';
import { EMPTY_DAY, mergeDay, type DayContent } from './day-merge.js';
import { decodeHistory, decodeSegment, encodeSegment, utcDayBounds, utcDayOf, type DecodedSeries } from './codec.js';
import { dayFingerprints, segmentFingerprint } from './day-fingerprints.js';
import { PACKAGE_KEY_PATTERN, type HourSample } from '../../shared/types.js';
import { HISTORY_DAYS } from '../../shared/limits.js';
import { createKeyedSerial } from '../serial.js';
import { DAY_MS } from '../../shared/time-constants.js';
import { lowerBound } from './sorted.js';

export interface HistoryLoad {
  history: History;
  /** Sentences for the user when a file could not be used (each said once); null when all was well. */
  problem: string | null;
  /** Where an unusable file was moved, if one was (the first). */
  movedTo: string | null;
}

export interface HistoryLoadOptions {
  /**
   * The zone is only a default standing in for a setting that could not be used: the note says that
   * the history of the zone meant is left alone (it is, as each zone has its own folder).
   */
  zoneIsFallback?: boolean;
  /** Read only the days from this instant on (the CLI's `today`); extend() reads more when asked. */
  since?: number;
}

export interface HistoryStore {
  load(packageKey: string, apiTimeZone: string, options?: HistoryLoadOptions): Promise<HistoryLoad>;
  /** Writes the days that changed, merged with what other processes wrote meanwhile; the problems met (a damaged day moved aside). */
  save(h: History): Promise<string[]>;
  /** Reads into `h` the days another process wrote since this one last read or wrote them; the problems met. */
  pickUp(h: History): Promise<string[]>;
  /** Makes sure `h` holds what is on disk from `from` on (after a load with `since`); the problems met. */
  extend(h: History, from: number): Promise<string[]>;
  /** The folder of a package's history recorded with `apiTimeZone`. */
  dirFor(packageKey: string, apiTimeZone: string): string;
  /** The segment file of one UTC day (YYYY-MM-DD). */
  segmentFor(packageKey: string, apiTimeZone: string, day: string): string;
  /** Where the old layout kept the package's history (migrated on load). */
  legacyFileFor(packageKey: string): string;
}

/** How long the history keeps hours (whole UTC days); also the longest range one query may ask for. */
export const RETENTION_DAYS = HISTORY_DAYS;
const SAFE_KEY = PACKAGE_KEY_PATTERN;
const SEGMENT_RE = /^(\d{4}-\d\d-\d\d)\.json$/;
/** Segment files read at once (a 400-day load opens 400). */
const READ_BATCH = 64;

/** A zone as part of a file name: letters, digits, "_", "+" and "-" as they are, anything else %XX (so "/" is %2F). */
function zoneTag(zone: string): string {
  return zone.replace(/[^A-Za-z0-9_+-]/g, (c) => `%${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function untag(tag: string): string {
  return tag.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

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

/** A file's identity as last seen: a rename over it (another process's write) changes it. */
function signature(s: { size: number; mtimeMs: number; ino: number }): string {
  return `${s.size}/${s.mtimeMs}/${s.ino}`;
}

async function signatureOf(path: string): Promise<string | null> {
  try {
    return signature(await stat(path));
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** What this store knows of the disk behind one history in memory. */
/** A day as on disk. `fp` is computed from `base` when a save first compares the day: a run that only reads (the CLI's `today`) never pays for it. */
interface DiskDay {
  sig: string;
  base: DayContent;
  fp?: number | undefined;
}

function diskFingerprint(d: DiskDay): number | undefined {
  if (!('fp' in d)) d.fp = segmentFingerprint(d.base.coverage, d.base.series);
  return d.fp;
}

interface Tracked {
  dir: string;
  /** The first UTC day read from disk ('' when all were). */
  sinceDay: string;
  /**
   * Per day on disk: its file's signature, the content itself (the base of a three-way merge), as
   * last read or written, and the content's fingerprint once a save needed it (diskFingerprint).
   */
  disk: Map<string, DiskDay>;
  /** The folder's signature after our last read or write: unchanged means no segment changed. */
  dirSig: string | null;
  /** Days whose damaged file could not be moved aside: never overwritten. */
  blocked: Set<string>;
  prunedBefore: string;
  /** The history's change mark (model.ts) when a save last compared it with the disk: older changes are on disk. */
  seenMark: number;
  /** Days whose disk state changed outside a save (merged, or moved aside): compared again at the next save. */
  recheck: Set<string>;
}

type SegmentRead = { kind: 'ok'; day: string; sig: string; coverage: Array<[number, number]>; series: Map<string, DecodedSeries> } | { kind: 'missing' } | { kind: 'problem'; text: string; movedTo: string | null; day: string };

export function createHistoryStore(opts: {
  dataDir: string;
  clock: Clock;
  retentionDays?: number;
  /** How an unusable file is moved aside (fs/json-file's; tests pass one that fails). */
  setAside?: (path: string, now: number) => Promise<Aside>;
  lock?: LockOptions;
}): HistoryStore {
  const retentionDays = opts.retentionDays ?? RETENTION_DAYS;
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) throw new RangeError(`retentionDays must be > 0, got ${retentionDays}`);
  const root = join(opts.dataDir, 'history');
  // Work on one folder runs one task at a time in this process; the lock file orders processes.
  const oneAtATime = createKeyedSerial();
  const tracked = new WeakMap<History, Tracked>();
  const moveAside = opts.setAside ?? setAside;

  function checkKey(packageKey: string): void {
    if (typeof packageKey !== 'string' || !SAFE_KEY.test(packageKey)) {
      throw new RangeError(
        `package key ${JSON.stringify(String(packageKey).slice(0, 80))} cannot name a history file: use 1 to 64 letters, digits, "_" or "-"`,
      );
    }
  }
  function dirFor(packageKey: string, apiTimeZone: string): string {
    checkKey(packageKey);
    return join(root, `${packageKey}.tz-${zoneTag(apiTimeZone)}`);
  }
  const segmentFor = (packageKey: string, apiTimeZone: string, day: string): string => join(dirFor(packageKey, apiTimeZone), `${day}.json`);
  function legacyFileFor(packageKey: string): string {
    checkKey(packageKey);
    return join(root, `${packageKey}.json`);
  }
  const lockFor = (dir: string) => withFileLockAt(`${dir}.lock`);
  function withFileLockAt(path: string) {
    return <T>(work: (lock: HeldLock) => Promise<T>) => withFileLock(path, work, opts.lock);
  }

  function track(h: History): Tracked {
    let t = tracked.get(h);
    if (t === undefined) {
      t = { dir: dirFor(h.packageKey, h.apiTimeZone), sinceDay: '', disk: new Map(), dirSig: null, blocked: new Set(), prunedBefore: '', seenMark: 0, recheck: new Set() };
      tracked.set(h, t);
    }
    return t;
  }

  /** Reads one day's segment; a damaged one is moved aside (or, failing that, blocked). */
  async function readSegment(h: History, t: Tracked, day: string): Promise<SegmentRead> {
    const path = join(t.dir, `${day}.json`);
    const sig = await signatureOf(path).catch(() => 'unreadable');
    if (sig === null) return { kind: 'missing' };
    const read = await readJsonFile(path, (raw): Decoded<{ coverage: Array<[number, number]>; series: Map<string, DecodedSeries> }> => {
      const d = decodeSegment(raw, h.packageKey, day);
      if (!d.ok) return { ok: false, reason: d.detail };
      if (d.apiTimeZone !== h.apiTimeZone) return { ok: false, reason: `it was recorded with API timezone ${d.apiTimeZone}, not ${h.apiTimeZone}` };
      return { ok: true, value: { coverage: d.coverage, series: d.series } };
    });
    if (read.kind === 'missing') return read;
    if (read.kind === 'ok') return { kind: 'ok', day, sig, ...read.value };
    const reason = `The traffic history file ${path} ${faultText(read.fault)}.`;
    const aside = await moveAside(path, opts.clock());
    t.disk.delete(day);
    // The next save writes the day again from memory (a save now would anyway).
    t.recheck.add(day);
    if (aside.movedTo !== null) return { kind: 'problem', day, movedTo: aside.movedTo, text: `${reason} It was moved to ${aside.movedTo}; the other days of the history are kept.` };
    t.blocked.add(day);
    return { kind: 'problem', day, movedTo: null, text: `${reason} It could not be moved aside (${aside.stayed}), so it stays at ${path}, untouched, and that day is not saved until it can be; the other days are kept.` };
  }

  /** Segment days in the folder from `fromDay` (inclusive) to `toDay` (exclusive, '' for no end). */
  async function segmentDays(dir: string, fromDay: string, toDay = ''): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return [];
      throw e;
    }
    const days: string[] = [];
    for (const n of names) {
      const m = SEGMENT_RE.exec(n);
      if (m !== null && (m[1] as string) >= fromDay && (toDay === '' || (m[1] as string) < toDay)) days.push(m[1] as string);
    }
    return days.sort();
  }

  async function readSegments(h: History, t: Tracked, days: string[]): Promise<{ reads: Array<Extract<SegmentRead, { kind: 'ok' }>>; problems: string[]; movedTo: string | null }> {
    const reads: Array<Extract<SegmentRead, { kind: 'ok' }>> = [];
    const problems: string[] = [];
    let movedTo: string | null = null;
    for (let k = 0; k < days.length; k += READ_BATCH) {
      for (const r of await Promise.all(days.slice(k, k + READ_BATCH).map((d) => readSegment(h, t, d)))) {
        if (r.kind === 'ok') reads.push(r);
        else if (r.kind === 'problem') {
          problems.push(r.text);
          movedTo ??= r.movedTo;
        }
      }
    }
    return { reads, problems, movedTo };
  }

  /** Installs segments into an empty history, oldest first, as one array per login. */
  function install(h: History, t: Tracked, reads: ReadonlyArray<Extract<SegmentRead, { kind: 'ok' }>>): void {
    const perLogin = new Map<string, { starts: number[]; bytes: number[] }>();
    for (const r of reads) {
      for (const [login, s] of r.series) {
        let acc = perLogin.get(login);
        if (acc === undefined) perLogin.set(login, (acc = { starts: [], bytes: [] }));
        for (let k = 0; k < s.starts.length; k++) {
          acc.starts.push(s.starts[k] as number);
          acc.bytes.push(s.bytes[k] as number);
        }
      }
      for (const [a, b] of r.coverage) addCoverage(h, a, b);
      t.disk.set(r.day, { sig: r.sig, base: { coverage: r.coverage, series: r.series } });
    }
    for (const [login, s] of perLogin) restoreSeries(h, login, s.starts, s.bytes);
  }

  /**
   * Merges a segment another process wrote into `h`, three ways against the day as this process last
   * read or wrote it (day-merge.ts); the disk's content becomes the new base. Returns the merged day.
   */
  function mergeInto(h: History, t: Tracked, r: Extract<SegmentRead, { kind: 'ok' }>): DayContent {
    const mine = dayContent(h, r.day);
    const merged = mergeDay(t.disk.get(r.day)?.base ?? EMPTY_DAY, mine, r);
    applyDay(h, r.day, mine, merged);
    // Where this process's hours won, the merged day differs from the disk's: the next save writes it.
    t.recheck.add(r.day);
    t.disk.set(r.day, { sig: r.sig, base: { coverage: r.coverage, series: r.series } });
    return merged;
  }

  /** The old layout's files of `packageKey` in the history folder. */
  async function legacyFiles(packageKey: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(root);
    } catch {
      return [];
    }
    return names.filter((n) => n === `${packageKey}.json` || (n.startsWith(`${packageKey}.tz-`) && n.endsWith('.json'))).sort();
  }

  /**
   * Moves the old layout's files of `packageKey` into folders (merged with what is there), then
   * removes them. Under the package's migration lock: two processes starting at once on an old
   * history must not both migrate it (the second would find the file gone half way).
   */
  async function migrateLegacy(packageKey: string): Promise<{ problems: string[]; movedTo: string | null }> {
    if ((await legacyFiles(packageKey)).length === 0) return { problems: [], movedTo: null };
    return withFileLockAt(join(root, `${packageKey}.migrate.lock`))(() => migrateLegacyLocked(packageKey));
  }

  async function migrateLegacyLocked(packageKey: string): Promise<{ problems: string[]; movedTo: string | null }> {
    const problems: string[] = [];
    let movedTo: string | null = null;
    // Read again under the lock: another process may have migrated them meanwhile.
    for (const name of await legacyFiles(packageKey)) {
      const path = join(root, name);
      const read = await readJsonFile(path, (raw): Decoded<History> => {
        const zone = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['apiTimeZone'] : undefined;
        if (typeof zone !== 'string') return { ok: false, reason: 'apiTimeZone: expected a time zone' };
        let d;
        try {
          d = decodeHistory(raw, packageKey, zone);
        } catch (e) {
          return { ok: false, reason: `apiTimeZone: ${e instanceof Error ? e.message : String(e)}` };
        }
        return d.ok ? { ok: true, value: d.history } : { ok: false, reason: d.kind === 'corrupt' ? d.detail : 'unreachable' };
      });
      if (read.kind === 'missing') continue;
      if (read.kind === 'ok') {
        problems.push(...(await saveNow(read.value)));
        await unlink(path).catch((e: unknown) => {
          if (errorCode(e) !== 'ENOENT') throw e;
        });
        continue;
      }
      const aside = await moveAside(path, opts.clock());
      const reason = `The traffic history file ${path} ${faultText(read.fault)}.`;
      if (aside.movedTo !== null) {
        movedTo ??= aside.movedTo;
        problems.push(`${reason} It was moved to ${aside.movedTo}; the history goes on without it.`);
      } else problems.push(`${reason} It could not be moved aside (${aside.stayed}), so it stays at ${path}, untouched.`);
    }
    return { problems, movedTo };
  }

  /** The zones other than `apiTimeZone` that `packageKey` has a history folder for. */
  async function otherZones(packageKey: string, apiTimeZone: string): Promise<Array<{ zone: string; dir: string }>> {
    const names = await readdir(root, { withFileTypes: true }).catch(() => []);
    const prefix = `${packageKey}.tz-`;
    return names
      .filter((e) => e.isDirectory() && e.name.startsWith(prefix) && untag(e.name.slice(prefix.length)) !== apiTimeZone)
      .map((e) => ({ zone: untag(e.name.slice(prefix.length)), dir: join(root, e.name) }));
  }

  async function loadNow(packageKey: string, apiTimeZone: string, options: HistoryLoadOptions): Promise<HistoryLoad> {
    const migrated = await migrateLegacy(packageKey);
    const problems = [...migrated.problems];
    let movedTo = migrated.movedTo;
    const h = createHistory(packageKey, apiTimeZone);
    const t = track(h);
    let dirStat;
    try {
      dirStat = await stat(t.dir);
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') throw e;
    }
    if (dirStat !== undefined && !dirStat.isDirectory()) {
      // Something else where the folder belongs: kept aside as any unusable file is.
      const aside = await moveAside(t.dir, opts.clock());
      movedTo ??= aside.movedTo;
      problems.push(`The traffic history folder ${t.dir} is not a folder. ${aside.movedTo !== null ? `It was moved to ${aside.movedTo} and a new history was started.` : `It could not be moved aside (${aside.stayed}), so it stays there and the history is not saved.`}`);
      dirStat = undefined;
    }
    const others = await otherZones(packageKey, apiTimeZone);
    for (const o of others) {
      if (options.zoneIsFallback) {
        problems.push(`The traffic history recorded with API timezone ${o.zone} is left as it is (${o.dir}) while ${apiTimeZone} stands in for the API timezone setting; it is used again once the setting is fixed.`);
      } else if (dirStat === undefined) {
        problems.push(`The traffic history recorded with API timezone ${o.zone} is kept in ${o.dir} (it is used again when the API timezone is ${o.zone} again); a new history was started for ${apiTimeZone}.`);
      }
    }
    t.sinceDay = options.since === undefined ? '' : utcDayOf(options.since);
    // Taken before reading: a segment written while we read is then news to pickUp().
    const dirSig = await signatureOf(t.dir).catch(() => null);
    const read = await readSegments(h, t, await segmentDays(t.dir, t.sinceDay));
    install(h, t, read.reads);
    // What was just installed is what is on disk.
    t.seenMark = changeMark(h);
    t.dirSig = dirSig;
    problems.push(...read.problems);
    movedTo ??= read.movedTo;
    return { history: h, problem: problems.length === 0 ? null : problems.join(' '), movedTo };
  }

  function load(packageKey: string, apiTimeZone: string, options: HistoryLoadOptions = {}): Promise<HistoryLoad> {
    let dir: string;
    try {
      dir = dirFor(packageKey, apiTimeZone); // reject with the clear error now, not from inside the queue
    } catch (e) {
      return Promise.reject(e);
    }
    return oneAtATime(dir, () => loadNow(packageKey, apiTimeZone, options));
  }

  /** Reads the segments changed on disk since last seen (from `t.sinceDay` on) into `h`. */
  async function pickUpNow(h: History, t: Tracked): Promise<string[]> {
    const dirSig = await signatureOf(t.dir).catch(() => null);
    if (dirSig !== null && dirSig === t.dirSig) return [];
    const changed: string[] = [];
    for (const day of await segmentDays(t.dir, t.sinceDay)) {
      const sig = await signatureOf(join(t.dir, `${day}.json`)).catch(() => null);
      if (sig !== null && sig !== t.disk.get(day)?.sig && !t.blocked.has(day)) changed.push(day);
    }
    const read = await readSegments(h, t, changed);
    for (const r of read.reads) mergeInto(h, t, r);
    t.dirSig = dirSig;
    return read.problems;
  }

  async function saveNow(h: History): Promise<string[]> {
    const t = track(h);
    const now = opts.clock();
    const keepFrom = utcDayOf(now - retentionDays * DAY_MS);
    const keepFromDay = Math.floor(utcDayBounds(keepFrom).from / DAY_MS);
    // Only the days changed since the last save (or merged with the disk) can differ from the disk.
    const mark = changeMark(h);
    const recheck = [...t.recheck];
    const candidates = new Set(changedDaysSince(h, t.seenMark).filter((d) => d >= keepFromDay));
    for (const day of recheck) if (day >= keepFrom) candidates.add(Math.floor(utcDayBounds(day).from / DAY_MS));
    const fps = dayFingerprints(h, [...candidates].sort((a, b) => a - b));
    const dirty = new Set<string>();
    for (const d of candidates) {
      const day = utcDayOf(d * DAY_MS);
      // A day the history no longer holds (its coverage dropped) has no fingerprint: written as it is now.
      const onDisk = t.disk.get(day);
      if ((onDisk === undefined ? undefined : diskFingerprint(onDisk)) !== fps.get(d)) dirty.add(day);
    }
    for (const day of t.blocked) dirty.delete(day);
    const compared = (): void => {
      t.seenMark = mark;
      for (const day of recheck) t.recheck.delete(day);
    };
    if (dirty.size === 0 && t.prunedBefore === keepFrom) {
      compared();
      return [];
    }
    const problems: string[] = [];
    await lockFor(t.dir)(async (lock) => {
      // Whether others changed the folder since we last looked: then pickUp() must still look.
      const othersWrote = t.dirSig === null || (await signatureOf(t.dir).catch(() => null)) !== t.dirSig;
      for (const day of [...dirty].sort()) {
        const path = join(t.dir, `${day}.json`);
        const sig = await signatureOf(path);
        let merged: DayContent | null = null;
        if (sig !== null && sig !== t.disk.get(day)?.sig) {
          // Written by another process since we read it (or never read): merged with ours.
          const r = await readSegment(h, t, day);
          if (r.kind === 'ok') merged = mergeInto(h, t, r);
          else if (r.kind === 'problem') problems.push(r.text);
          if (t.blocked.has(day)) continue;
        }
        const seg = encodeSegment(h, day, now);
        // Taken with the segment, before any await: the base is what this write puts on disk.
        const base = merged ?? dayContent(h, day);
        const empty = seg.coverage.length === 0 && Object.keys(seg.logins).length === 0;
        if (empty) {
          await unlink(path).catch((e: unknown) => {
            if (errorCode(e) !== 'ENOENT') throw e;
          });
          t.disk.delete(day);
          continue;
        }
        // Taken over as stale meanwhile (this process stalled): the new holder's writes are not overwritten.
        await lock.assertHeld();
        await writeJsonFile(path, seg);
        t.disk.set(day, { sig: (await signatureOf(path)) ?? '', base });
      }
      if (t.prunedBefore !== keepFrom) {
        for (const day of await segmentDays(t.dir, '', keepFrom)) {
          await unlink(join(t.dir, `${day}.json`)).catch(() => {});
          t.disk.delete(day);
        }
        t.prunedBefore = keepFrom;
      }
      // Our own writes changed the folder: only a later change by another process is news.
      if (!othersWrote) t.dirSig = await signatureOf(t.dir).catch(() => null);
    });
    compared();
    return problems;
  }

  function save(h: History): Promise<string[]> {
    let dir: string;
    try {
      dir = dirFor(h.packageKey, h.apiTimeZone); // reject with the clear error now, not from inside the queue
    } catch (e) {
      return Promise.reject(e);
    }
    return oneAtATime(dir, () => saveNow(h));
  }

  function pickUp(h: History): Promise<string[]> {
    const t = tracked.get(h);
    if (t === undefined) return Promise.resolve([]);
    return oneAtATime(t.dir, () => pickUpNow(h, t));
  }

  function extend(h: History, from: number): Promise<string[]> {
    const t = tracked.get(h);
    if (t === undefined || t.sinceDay === '' || utcDayOf(from) >= t.sinceDay) return Promise.resolve([]);
    return oneAtATime(t.dir, async () => {
      const fromDay = utcDayOf(from);
      const read = await readSegments(h, t, await segmentDays(t.dir, fromDay, t.sinceDay));
      for (const r of read.reads) mergeInto(h, t, r);
      t.sinceDay = fromDay;
      return read.problems;
    });
  }

  return { load, save, pickUp, extend, dirFor, segmentFor, legacyFileFor };
}

/** What `h` holds of one UTC day (copies): its hours per login and its coverage clipped to the day. */
function dayContent(h: History, day: string): DayContent {
  const { from, to } = utcDayBounds(day);
  const series = new Map<string, DecodedSeries>();
  for (const login of logins(h)) {
    const s = seriesOf(h, login);
    if (s === undefined) continue;
    const a = lowerBound(s.starts, from);
    const b = lowerBound(s.starts, to);
    if (a < b) series.set(login, { starts: s.starts.slice(a, b), bytes: s.bytes.slice(a, b) });
  }
  const coverage: Array<[number, number]> = [];
  for (const [a, b] of coverageOf(h)) if (b > from && a < to) coverage.push([Math.max(a, from), Math.min(b, to)]);
  return { coverage, series };
}

/** Makes `h` hold `next` for the UTC day it now holds as `now` (both from dayContent's view). */
function applyDay(h: History, day: string, now: DayContent, next: DayContent): void {
  const changes: HourSample[] = [];
  for (const login of new Set([...now.series.keys(), ...next.series.keys()])) {
    const was = new Map<number, number>();
    const had = now.series.get(login);
    if (had !== undefined) for (let k = 0; k < had.starts.length; k++) was.set(had.starts[k] as number, had.bytes[k] as number);
    const will = next.series.get(login);
    if (will !== undefined) {
      for (let k = 0; k < will.starts.length; k++) {
        const start = will.starts[k] as number;
        const bytes = will.bytes[k] as number;
        if (was.get(start) !== bytes) changes.push({ login, start, bytes });
        was.delete(start);
      }
    }
    // An hour `next` does not hold: removed (an hour merged as 0 is removed).
    for (const start of was.keys()) changes.push({ login, start, bytes: 0 });
  }
  if (changes.length > 0) mergeSamples(h, changes);
  const { from, to } = utcDayBounds(day);
  const same = now.coverage.length === next.coverage.length && now.coverage.every(([a, b], k) => next.coverage[k]?.[0] === a && next.coverage[k]?.[1] === b);
  if (!same) {
    uncover(h, from, to);
    for (const [a, b] of next.coverage) addCoverage(h, a, b);
  }
}
