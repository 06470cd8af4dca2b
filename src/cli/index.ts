// The CLI's body: wires the CLI to the real process (stdout, stdin, Node's fetch, the system clock,
// signals). Built to out/cli/cli-body.cjs and started by launcher.ts, which compiles it through a
// code cache; `main` sets the exit code and resolves when the command is done.
import * as fs from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../core/paths.js';
import { hostTimeZone } from '../core/time/host-zone.js';
import { systemTimeZone } from '../core/time/zoned.js';
import { declareHostTimeZone } from '../shared/local-dates.js';
import type { SecretStore } from '../core/secrets/keychain.js';
import { keychainSecretsFor } from './context.js';
import { runCli } from './main.js';
import type { KeptRun } from './result-cache.js';
import type { ResultOffer } from './result-offer.js';
import { readSecretFromStdin } from './stdin.js';

/**
 * The system's zone without an Intl formatter when the cache knows it (~10 ms of a status bar's
 * `today`), declared as the zone of this process's Date: its key is this process's own TZ.
 */
function localTimeZone(): string {
  const zone = hostTimeZone({
    fs,
    join,
    cacheDir: cacheDir({ platform: process.platform, env: process.env, homedir: homedir() }),
    platform: process.platform,
    env: process.env,
    nodeVersion: process.version,
    intlZone: systemTimeZone,
  });
  declareHostTimeZone(zone);
  return zone;
}

function scriptPath(): string {
  const arg = process.argv[1] ?? '';
  try {
    return fs.realpathSync(arg);
  } catch {
    return arg;
  }
}

/** A keychain entry that says when it is used: an output that depended on the keychain is not one to keep. */
function watched(store: SecretStore, used: () => void): SecretStore {
  return {
    get: () => (used(), store.get()),
    set: (apiKey) => (used(), store.set(apiKey)),
    delete: () => (used(), store.delete()),
    status: () => (used(), store.status()),
  };
}

/**
 * Runs the command line. With `offer` (the launcher keeps results: result-cache.ts), a run that may be
 * answered again is returned: it printed only to stdout, exited 0, asked neither the network nor the
 * keychain, and its command offered to render again (result-offer.ts) at a moment the clock is set to.
 */
export async function main(options: { offer?: boolean } = {}): Promise<KeptRun | null> {
  let pinned: number | null = null;
  let printed = '';
  let clean = true;
  let offer: ResultOffer | null = null;
  const clock = (): number => pinned ?? Date.now();
  const keychain = keychainSecretsFor(process.env);
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => {
      printed += `${text}\n`;
      process.stdout.write(`${text}\n`);
    },
    stderr: (text) => {
      clean = false;
      process.stderr.write(`${text}\n`);
    },
    readStdin: readSecretFromStdin,
    fetch: (url, init) => {
      clean = false;
      return fetch(url, init);
    },
    clock,
    onTerminate: (listener) => {
      process.once('SIGTERM', listener);
      process.once('SIGINT', listener);
    },
    self: { node: process.execPath, script: scriptPath() },
    localTimeZone,
    ...(options.offer
      ? {
          secretsFor: (entry: string) => watched(keychain(entry), () => (clean = false)),
          offerResult: (o: ResultOffer) => (offer = o),
        }
      : {}),
  });
  process.exitCode = code;
  // Set by the callback during the run (TypeScript cannot see it there).
  const made = offer as ResultOffer | null;
  if (made === null || code !== 0 || !clean) return null;
  return {
    stdout: printed,
    validUntil: made.validUntil,
    async renderAt(at) {
      let text = '';
      let quiet = true;
      pinned = at;
      try {
        const c = await made.render({ stdout: (t) => (text += `${t}\n`), stderr: () => (quiet = false) });
        return c === 0 && quiet && clean ? text : null;
      } finally {
        pinned = null;
      }
    },
  };
}
