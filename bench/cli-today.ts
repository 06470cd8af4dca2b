// Figure `cli-today`: `proxy-seller-traffic today` with a warm 400-day x 50-login history and a
// fresh sync (no request), as a ratio to `node -e 0` measured alternately in the same run.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHistoryStore } from '../src/core/history/store.js';
import type { History } from '../src/core/history/model.js';
import type { BenchFigure } from './storage-figures.js';
import { median } from './figures.js';

const CLI = resolve(import.meta.dirname, '../out/cli/proxy-seller-traffic.mjs');

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

/** `history` is a 400-day history ending at the real clock's now (the CLI runs on the real clock). */
export async function cliTodayFigure(history: History, runs = 15): Promise<BenchFigure> {
  // The bundle is what users run: built when missing (`npm run build` builds it). Never rebuilt when
  // present: the build empties out/cli, and the CLI tests run the bundle while the bench test runs.
  if (!existsSync(CLI)) execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: resolve(import.meta.dirname, '..'), stdio: 'ignore' });
  const dir = await mkdtemp(join(tmpdir(), 'pst-bench-cli-'));
  try {
    const now = Date.now();
    await createHistoryStore({ dataDir: dir, clock: () => now }).save(history);
    const pkg = { key: history.packageKey, active: true, limitBytes: 100e9, usedBytes: 40e9, leftBytes: 60e9, expiresAt: now + 20 * 86_400_000, autoRenew: false, rotationSeconds: null, tariffId: null };
    await writeFile(join(dir, 'sync-state.json'), JSON.stringify({ version: 1, package: pkg, packageFetchedAt: now, lastSuccessAt: now, lastAttemptAt: now, problem: null }));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ apiTimeZone: history.apiTimeZone }));
    const env = { ...process.env, PROXY_SELLER_API_KEY: 'bench-key-0123456789', PROXY_SELLER_API_URL: 'http://127.0.0.1:9/v1/' };
    const args = [CLI, 'today', '--data-dir', dir, '--max-age', '86400'];
    timeRun(args, env);
    timeRun(['-e', '0'], env);
    const cli: number[] = [];
    const bare: number[] = [];
    // Interleaved, so a busy moment of the machine weighs on both alike.
    for (let i = 0; i < runs; i++) {
      bare.push(timeRun(['-e', '0'], env));
      cli.push(timeRun(args, env));
    }
    const c = median(cli);
    const b = median(bare);
    return { name: 'cli-today', anchor: `node -e 0 (${b.toFixed(0)} ms; today ${c.toFixed(0)} ms)`, ratio: c / b, goal: 1.5 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
