// The app's log: a file a user can attach to a report (electron-log, main.log in the folder Electron
// keeps for logs, app.getPath('logs')), and the console as before. Every line is redacted first, with
// the same redaction as server text: the key from PROXY_SELLER_API_KEY, and any key seen in an API
// URL (remembered, so a later line quoting it bare is masked too). The CLI keeps its stderr.
//
// electron-log/node rather than electron-log/main: the main entry registers its own IPC channels
// (outside the contract and its sender check) and sends every line to the windows; the file is the
// same one it would pick.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import electronLog from 'electron-log/node';
import { redactSecrets } from '../core/api/redact.js';
import type { Logger } from '../core/ports.js';
import type { LogFolderResult } from '../shared/ipc.js';
import { errorMessage } from '../shared/error-message.js';

export const LOG_FILE = 'main.log';
/** Past this the file becomes main.old.log (replacing the one before) and a new one begins. */
export const LOG_MAX_BYTES = 1024 * 1024;
/** Keys learnt from URLs, at most (a log line with a URL is rare; this only bounds a flood). */
const MAX_LEARNT = 32;
const MASK = '***';

/** The path segment after /api/v1/ or /api/v2/ (the default URLs and the old docs' form) is the key. */
const API_URL_KEY = /\/api\/v[12]\/([^/?#\s"'<>]+)/gi;

export interface AppLogOptions {
  /** app.getPath('logs'). */
  dir: string;
  /** PROXY_SELLER_API_KEY and PROXY_SELLER_API_URL are read from it. */
  env: Readonly<Record<string, string | undefined>>;
  /** shell.openPath: resolves to '' when opened, else Electron's error text. */
  openPath: (path: string) => Promise<string>;
  /** Written at the top of each run's lines in the file (the app's version, say). */
  header?: string;
  /** Default: the process console (Electron's stdout and stderr). */
  console?: Pick<Console, 'log' | 'warn' | 'error'>;
}

export interface AppLog {
  /** The core's Logger port: debug goes to the file only, the rest to the file and the console. */
  logger: Logger;
  folder: string;
  file: string;
  /** Opens the folder in the file manager (making it first if nothing was logged yet). */
  openFolder(): Promise<LogFolderResult>;
  /** Masks this secret in every later line (the app tells it the key it reads from the keychain). */
  addSecret(secret: string): void;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface LogRedactor {
  (text: string): string;
  /** A secret to mask in every later line (the key read from or stored in the keychain). */
  add(secret: string): void;
}

/**
 * A redactor that knows the env key up front, is told the keychain's key, and learns each key it
 * sees in an API URL. A key in the line at hand is always masked; only how many are remembered for
 * later lines is bounded.
 */
export function createLogRedactor(env: Readonly<Record<string, string | undefined>>): LogRedactor {
  const secrets = new Set<string>();
  const add = (secret: string) => {
    const s = secret.trim();
    if (s !== '' && s !== MASK) secrets.add(s);
  };
  const envKey = env.PROXY_SELLER_API_KEY?.trim();
  if (envKey) add(envKey);
  const patterns = [API_URL_KEY];
  const base = env.PROXY_SELLER_API_URL?.trim();
  // A configured base URL is followed by the key, whatever its path.
  if (base) patterns.push(new RegExp(`${escapeRegExp(base.endsWith('/') ? base : `${base}/`)}([^/?#\\s"'<>]+)`, 'gi'));
  let learnt = 0;
  const redact = (text: string) => {
    const inLine = new Set<string>();
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        const segment = m[1] ?? '';
        if (segment === '' || segment === MASK || secrets.has(segment)) continue;
        inLine.add(segment);
        inLine.add(decoded(segment));
        if (learnt < MAX_LEARNT) {
          learnt++;
          add(segment);
          add(decoded(segment));
        }
      }
    }
    return redactSecrets(text, [...secrets, ...inLine]);
  };
  return Object.assign(redact, { add });
}

let instances = 0;

export function createAppLog(opts: AppLogOptions): AppLog {
  const folder = opts.dir;
  const file = join(folder, LOG_FILE);
  const out = opts.console ?? console;
  const redact = createLogRedactor(opts.env);

  // One electron-log instance of our own, writing the file only (the console is written below, as
  // before: info to stdout, warnings and errors to stderr, debug nowhere).
  const log = electronLog.create({ logId: `proxy-seller-traffic-tray-${++instances}` });
  log.transports.console.level = false;
  if (log.transports.ipc) log.transports.ipc.level = false;
  log.transports.file.level = 'debug';
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.resolvePathFn = () => file;
  // Only the user reads it: it names the account's lists and what went wrong.
  log.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  if (opts.header) log.info(redact(opts.header));

  const logger: Logger = {
    debug: (m) => log.debug(redact(m)),
    info: (m) => {
      const line = redact(m);
      log.info(line);
      out.log(line);
    },
    warn: (m) => {
      const line = redact(m);
      log.warn(line);
      out.warn(line);
    },
    error: (m) => {
      const line = redact(m);
      log.error(line);
      out.error(line);
    },
  };

  return {
    logger,
    folder,
    file,
    addSecret: redact.add,
    async openFolder() {
      try {
        await mkdir(folder, { recursive: true });
        const error = await opts.openPath(folder);
        return { folder, file: LOG_FILE, error: error === '' ? null : error };
      } catch (e) {
        return { folder, file: LOG_FILE, error: errorMessage(e) };
      }
    },
  };
}
