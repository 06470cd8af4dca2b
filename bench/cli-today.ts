// Figure `cli-today`: `proxy-seller-traffic today` with a warm 400-day x 50-login history and a
// fresh sync (no request), as a ratio to `node -e 0` measured alternately in the same run. Warm as a
// status bar finds it: the files written a while ago (the app's last poll), the caches made by the
// first runs. Beside it, the run just after a poll: a file changed, so the result cache cannot answer.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHistoryStore } from '../src/core/history/store.js';
import type { History } from '../src/core/history/model.js';
import type { BenchFigure } from './storage-figures.js';
import { median } from './figures.js';
import { RACY_MS } from '../src/cli/result-cache.js';

const CLI = resolve(import.meta.dirname, '../out/cli/proxy-seller-traffic.mjs');

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

/** A data folder as the app leaves it: the history, a fresh sync of the package, the settings. */
async function writeDataDir(dir: string, history: History, now: number): Promise<void> {
  await createHistoryStore({ dataDir: dir, clock: () => now }).save(history);
  const pkg = { key: history.packageKey, active: true, limitBytes: 100e9, usedBytes: 40e9, leftBytes: 60e9, expiresAt: now + 20 * 86_400_000, autoRenew: false, rotationSeconds: null, tariffId: null };
  await writeFile(join(dir, 'sync-state.json'), JSON.stringify({ version: 1, package: pkg, packageFetchedAt: now, lastSuccessAt: now, lastAttemptAt: now, problem: null }));
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ apiTimeZone: history.apiTimeZone }));
}

/**
 * `history` is a 400-day history ending at the real clock's now (the CLI runs on the real clock).
 * The figure, and the run just after a poll in a folder of its own (a table row: the issue sets it no goal).
 */
export async function cliTodayFigures(history: History, runs = 15): Promise<{ figure: BenchFigure; afterPoll: { ratio: number; anchor: string } }> {
  // The bundle is what users run: built when missing (`npm run build` builds it). Never rebuilt when
  // present: the build empties out/cli, and the CLI tests run the bundle while the bench test runs.
  if (!existsSync(CLI)) execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: resolve(import.meta.dirname, '..'), stdio: 'ignore' });
  const base = await mkdtemp(join(tmpdir(), 'pst-bench-cli-'));
  try {
    const now = Date.now();
    const dir = join(base, 'warm');
    const polled = join(base, 'polled');
    await writeDataDir(dir, history, now);
    await writeDataDir(polled, history, now);
    const env = { ...process.env, PROXY_SELLER_API_KEY: 'bench-key-0123456789', PROXY_SELLER_API_URL: 'http://127.0.0.1:9/v1/', PROXY_SELLER_TRAFFIC_CACHE_DIR: join(base, 'cache') };
    const args = [CLI, 'today', '--data-dir', dir, '--max-age', '86400'];
    const polledArgs = [CLI, 'today', '--data-dir', polled, '--max-age', '86400'];
    // Files younger than RACY_MS are never trusted by their stamps (result-cache.ts): a bar's files are older.
    await sleep(RACY_MS + 200);
    // The first run makes the code cache and the zone's, the second keeps its result.
    timeRun(args, env);
    timeRun(args, env);
    timeRun(polledArgs, env);
    timeRun(['-e', '0'], env);
    const cli: number[] = [];
    const afterPoll: number[] = [];
    const bare: number[] = [];
    const touched = join(polled, 'sync-state.json');
    // Interleaved, so a busy moment of the machine weighs on all alike.
    for (let i = 0; i < runs; i++) {
      bare.push(timeRun(['-e', '0'], env));
      cli.push(timeRun(args, env));
      // As the app's poll leaves it: the file's times move, so this run is worked out in full.
      const at = new Date();
      await utimes(touched, at, at);
      afterPoll.push(timeRun(polledArgs, env));
    }
    const b = median(bare);
    const c = median(cli);
    const p = median(afterPoll);
    return {
      figure: { name: 'cli-today', anchor: `node -e 0 (${b.toFixed(0)} ms; today ${c.toFixed(0)} ms)`, ratio: c / b, goal: 1.5 },
      afterPoll: { ratio: p / b, anchor: `node -e 0 (${b.toFixed(0)} ms; today just after a poll ${p.toFixed(0)} ms)` },
    };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
