// Runs the built CLI (out/cli) as a real process with a given environment, for the CLI test files.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const CLI = resolve(import.meta.dirname, '../../out/cli/proxy-seller-traffic.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One code-cache folder for this test process's CLI runs, never the user's own cache folder. */
const CACHE_DIR = join(tmpdir(), `pst-cli-cache-${process.pid}`);
process.once('exit', () => rmSync(CACHE_DIR, { recursive: true, force: true }));

/**
 * The environment a test run gets: PATH, HOME and the session bus only, its code cache in a temp
 * folder of this process, then `env` (undefined removes).
 */
export function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
    PROXY_SELLER_TRAFFIC_CACHE_DIR: CACHE_DIR,
    ...env,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function runCli(args: readonly string[], env: Record<string, string | undefined>, stdin = ''): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
