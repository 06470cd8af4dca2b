// The one way this app reads and writes a JSON file it owns (history, sync state, alert state,
// settings). The behaviour, for every such file:
//
// - Missing (no file, or no folder yet): the store's default, and no problem.
// - Read, parsed and accepted by the store's decoder (a zod schema or a decode function): its value.
//   A UTF-8 BOM (a Windows editor's) is not an error.
// - Anything else is unusable: it cannot be read (a folder in its place, no permission, an I/O
//   error), it is empty or not JSON, or it is JSON the decoder refuses (damaged, an older or newer
//   format, another program's file). It is moved aside as `<name>.corrupt-<ISO stamp>[-n]`
//   (fs/atomic's moveAside: never deleted, never over an earlier copy), the default is used, and
//   a problem sentence says what was wrong and where the file went. Loading never throws for the
//   state of the file: the caller shows the problem (the app as a notice, the CLI on stderr).
// - When it cannot even be moved aside, it stays where it is, the default is used, and the problem
//   says so. A later write of sync or alert state replaces it (both are rebuilt from the API); the
//   history, which is not, saves beside it instead and never overwrites it (history/store.ts).
// - Writes are atomic (temp file, fsync, rename; mode 0600): a crash leaves the old file or the new.
//
// The wording of the problem is the store's (it knows what the file holds and what starting fresh
// means); faultReason() gives the standard clause for it.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { moveAside, writeFileAtomic } from './atomic.js';
import { errorMessage } from '../../shared/error-message.js';
import { describeFirstIssue } from '../../shared/zod-issues.js';

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A zod schema, or a function saying what the parsed JSON is or why it is not usable. */
export type Decoder<T> = z.ZodType<T> | ((raw: unknown) => Decoded<T>);

/** Why a file was unusable. `detail` is a clause: an error message, or the decoder's reason. */
export type JsonFault =
  | { kind: 'unreadable'; detail: string }
  | { kind: 'empty' }
  | { kind: 'not-json'; detail: string }
  | { kind: 'invalid'; detail: string };

export type JsonRead<T> = { kind: 'missing' } | { kind: 'ok'; value: T } | { kind: 'fault'; fault: JsonFault };

/** Where an unusable file went: moved aside, or left in place because the move failed. */
export type Aside = { movedTo: string } | { movedTo: null; stayed: string };

export interface JsonLoad<T> {
  value: T;
  /** What was wrong with the file and what was done about it; null when all was well. */
  problem: string | null;
  /** Where an unusable file was moved, if it was. */
  movedTo: string | null;
}

export interface JsonLoadOptions<T> {
  decode: Decoder<T>;
  /** The value when the file is missing or unusable: a fresh one each call. */
  fallback: () => T;
  /** Stamps the moved-aside copy. */
  clock: () => number;
  /** The problem sentence for an unusable file and where it went. */
  describe: (fault: JsonFault, aside: Aside, path: string) => string;
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** The first zod issue as `path: message` ("(root)" for the top level). */
export function zodReason(error: z.ZodError): string {
  return describeFirstIssue(error, { root: '(root)' });
}

function decodeWith<T>(decode: Decoder<T>, raw: unknown): Decoded<T> {
  if (typeof decode === 'function') return decode(raw);
  const parsed = decode.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: zodReason(parsed.error) };
}

/** Parse the text of a JSON file: a BOM is accepted; an empty file and non-JSON are faults. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; fault: JsonFault } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, fault: { kind: 'empty' } };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    return { ok: false, fault: { kind: 'not-json', detail: errorMessage(e) } };
  }
}

/** Read and decode `path`, changing nothing on disk. Never throws. */
export async function readJsonFile<T>(path: string, decode: Decoder<T>): Promise<JsonRead<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    // ENOTDIR: a file where a folder on the path should be is unusable, not missing.
    if (errorCode(e) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'fault', fault: { kind: 'unreadable', detail: errorMessage(e) } };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { kind: 'fault', fault: parsed.fault };
  const decoded = decodeWith(decode, parsed.value);
  return decoded.ok ? { kind: 'ok', value: decoded.value } : { kind: 'fault', fault: { kind: 'invalid', detail: decoded.reason } };
}

/** Move an unusable file aside; a failed move is an outcome, not an error. */
export async function setAside(path: string, now: number): Promise<Aside> {
  try {
    return { movedTo: await moveAside(path, now) };
  } catch (e) {
    return { movedTo: null, stayed: errorMessage(e) };
  }
}

/** The standard clause for a fault: "the file is empty", "not valid JSON: ...", or the detail. */
export function faultReason(fault: JsonFault): string {
  switch (fault.kind) {
    case 'empty':
      return 'the file is empty';
    case 'not-json':
      return `not valid JSON: ${fault.detail}`;
    case 'unreadable':
    case 'invalid':
      return fault.detail;
  }
}

/** The standard clause for where it went: "it was moved to X" or "it could not be moved aside (...), so it stays at P". */
export function asideClause(aside: Aside, path: string): string {
  return aside.movedTo !== null ? `it was moved to ${aside.movedTo}` : `it could not be moved aside (${aside.stayed}), so it stays at ${path}`;
}

/** Read `path` as the header describes: the value, or the fallback with the problem. Never throws. */
export async function loadJsonFile<T>(path: string, opts: JsonLoadOptions<T>): Promise<JsonLoad<T>> {
  const read = await readJsonFile(path, opts.decode);
  if (read.kind === 'ok') return { value: read.value, problem: null, movedTo: null };
  if (read.kind === 'missing') return { value: opts.fallback(), problem: null, movedTo: null };
  const aside = await setAside(path, opts.clock());
  return { value: opts.fallback(), problem: opts.describe(read.fault, aside, path), movedTo: aside.movedTo };
}

/** Write `value` as JSON atomically; `indent` for a file people edit (ends with a newline then). */
export async function writeJsonFile(path: string, value: unknown, options: { indent?: number } = {}): Promise<void> {
  const text = options.indent === undefined ? JSON.stringify(value) : `${JSON.stringify(value, null, options.indent)}\n`;
  await writeFileAtomic(path, text);
}
