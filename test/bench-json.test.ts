// `npm run bench -- --json` (in its quick mode: few rounds, no context rows): one JSON object on
// stdout with every figure this bench module set produces, each with its anchor, ratio and goal.
// No timed assertions: the figures of a quick run are not to be quoted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '..');

const Output = z.object({
  figures: z.array(z.object({ name: z.string(), project: z.literal('proxy-seller-traffic-tray'), anchor: z.string().min(1), ratio: z.number().positive().nullable(), goal: z.number().positive().nullable() }).strict()),
}).strict();

test('bench --json writes one object naming every figure: ingest, the four chart views, renderer gzip, the poll writes, the CLI\'s today', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/index.ts', '--json', '--quick'], { cwd: ROOT, timeout: 120_000, maxBuffer: 1 << 20 });
  const out = Output.parse(JSON.parse(stdout));
  const byName = new Map(out.figures.map((f) => [f.name, f]));
  for (const name of ['ingest', 'chart-7200', 'chart-8760', 'chart-14d-50', 'chart-400d-50', 'renderer-gzip-kb', 'poll-write-bytes', 'poll-write-ms', 'cli-today']) assert.ok(byName.has(name), `${name} in ${[...byName.keys()].join(', ')}`);
  for (const name of ['ingest', 'chart-7200', 'chart-8760', 'chart-14d-50', 'chart-400d-50', 'poll-write-bytes', 'poll-write-ms', 'cli-today']) assert.equal(typeof byName.get(name)?.ratio, 'number', `${name} measured`);
  assert.equal(byName.get('ingest')?.goal, 2);
  assert.equal(byName.get('chart-8760')?.goal, 2.5);
  assert.equal(byName.get('chart-400d-50')?.goal, 3);
  assert.equal(byName.get('renderer-gzip-kb')?.goal, 100);
  assert.equal(byName.get('cli-today')?.goal, 1.5);
  assert.equal(out.figures.length, byName.size, 'each name once');
});
