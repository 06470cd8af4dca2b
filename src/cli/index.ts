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
import { runCli } from './main.js';
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

export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    readStdin: readSecretFromStdin,
    fetch: (url, init) => fetch(url, init),
    clock: () => Date.now(),
    onTerminate: (listener) => {
      process.once('SIGTERM', listener);
      process.once('SIGINT', listener);
    },
    self: { node: process.execPath, script: scriptPath() },
    localTimeZone,
  });
  process.exitCode = code;
}
