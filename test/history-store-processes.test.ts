// The app, the CLI and the exporter as real processes sharing one history folder: saves merge under
// the lock, and a process killed (SIGKILL) in the middle of its writes loses no hour it had saved
// and leaves no file the next process cannot read.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHistoryStore } from '../src/core/history/store.js';
import { samplesBetween } from '../src/core/history/model.js';

const WRITER = resolve(import.meta.dirname, 'support/history-writer.ts');
const KEY = 'a1b2c3d4e5f6a7b8c9d0';
const BASE = Date.parse('2026-01-10T00:00:00Z');
const H = 3_600_000;
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

interface Run {
  saved: number[];
  done: Promise<number | null>;
  kill: () => void;
  onSaved: (k: number, fn: () => void) => void;
}

function writer(dataDir: string, login: string, first: number, last: number, offset = 0): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, login, String(first), String(last), String(offset)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const saved: number[] = [];
  const waits: Array<[number, () => void]> = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const m = /^saved (\d+)$/.exec(line);
      if (m) {
        const k = Number(m[1]);
        saved.push(k);
        for (const [at, fn] of waits) if (at === k) fn();
      } else if (line.startsWith('problem')) throw new Error(line);
    }
  });
  return {
    saved,
    done: new Promise((r) => child.on('exit', (code) => r(code))),
    kill: () => child.kill('SIGKILL'),
    onSaved: (k, fn) => waits.push([k, fn]),
  };
}

async function onDisk(dataDir: string) {
  const loaded = await createHistoryStore({ dataDir, clock: () => BASE + 200 * H }).load(KEY, 'UTC');
  return { problem: loaded.problem, hours: samplesBetween(loaded.history, 0, Number.MAX_SAFE_INTEGER) };
}

describe('processes sharing a history folder', () => {
  test('two processes saving at the same time: every hour of both lands', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-procs-'));
    dirs.push(dataDir);
    // Same days (hours 0..59 span three UTC days), so they write the same segment files.
    const a = writer(dataDir, 'app', 0, 59);
    const b = writer(dataDir, 'cli', 0, 59);
    assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
    const { problem, hours } = await onDisk(dataDir);
    assert.equal(problem, null);
    for (const login of ['app', 'cli']) {
      assert.deepEqual(hours.filter((s) => s.login === login).map((s) => s.start), Array.from({ length: 60 }, (_, k) => BASE + k * H), login);
    }
  });

  test('two processes fetching the same login\'s same hours: every hour lands once, with one of their values, never summed or lost', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-procs-'));
    dirs.push(dataDir);
    const a = writer(dataDir, 'shared', 0, 47);
    const b = writer(dataDir, 'shared', 0, 47, 1_000);
    assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
    const { problem, hours } = await onDisk(dataDir);
    assert.equal(problem, null);
    assert.deepEqual(hours.map((s) => s.start), Array.from({ length: 48 }, (_, k) => BASE + k * H));
    for (const s of hours) {
      const k = (s.start - BASE) / H;
      assert.ok(s.bytes === k + 1 || s.bytes === k + 1_001, `hour ${k}: ${s.bytes}`);
    }
  });

  test('a process killed with SIGKILL in the middle of its saves loses no saved hour, corrupts nothing, and its lock does not block the next', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pst-procs-'));
    dirs.push(dataDir);
    const other = writer(dataDir, 'app', 0, 79);
    const victim = writer(dataDir, 'cli', 0, 79);
    await new Promise<void>((r) => victim.onSaved(15, r));
    // Killed at an arbitrary point of its next writes (its lock, a temp file or a rename under way).
    victim.kill();
    assert.equal(await victim.done, null);
    assert.equal(await other.done, 0);
    // The next process (restarted CLI) goes on from where the killed one stopped.
    const next = writer(dataDir, 'cli', victim.saved.length, 79);
    assert.equal(await next.done, 0);
    const { problem, hours } = await onDisk(dataDir);
    assert.equal(problem, null, 'no damaged segment');
    assert.deepEqual(hours.filter((s) => s.login === 'app').length, 80);
    assert.deepEqual(hours.filter((s) => s.login === 'cli').map((s) => s.start), Array.from({ length: 80 }, (_, k) => BASE + k * H));
    const names = await readdir(join(dataDir, 'history', `${KEY}.tz-UTC`));
    assert.ok(names.every((n) => /^\d{4}-\d\d-\d\d\.json$/.test(n) || n.endsWith('.tmp')), names.join(', '));
  });
});
