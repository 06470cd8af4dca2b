// The CLI's body: wires the CLI to the real process (stdout, stdin, Node's fetch, the system clock,
// signals). Built to out/cli/cli-body.cjs and started by launcher.ts, which compiles it through a
// code cache; `main` sets the exit code and resolves when the command is done.
import { realpathSync } from 'node:fs';
import { runCli } from './main.js';
import { readSecretFromStdin } from './stdin.js';

function scriptPath(): string {
  const arg = process.argv[1] ?? '';
  try {
    return realpathSync(arg);
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
  });
  process.exitCode = code;
}
