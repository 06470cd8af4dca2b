// `proxy-seller-traffic`: wires the CLI to the real process (stdout, stdin, Node's fetch, the system clock).
import { runCli } from './main.js';
import { readSecretFromStdin } from './stdin.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  readStdin: readSecretFromStdin,
  fetch: (url, init) => fetch(url, init),
  clock: () => Date.now(),
});
process.exitCode = code;
