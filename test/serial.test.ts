// One task at a time, in call order; a failure reaches its caller and does not stop the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyedSerial, createSerial } from '../src/core/serial.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('tasks run one at a time in call order; a failed one does not block the next', async () => {
  const serial = createSerial();
  const log: string[] = [];
  const task = (name: string, fail = false) => async () => {
    log.push(`${name} start`);
    await tick();
    log.push(`${name} end`);
    if (fail) throw new Error(name);
    return name;
  };
  const a = serial(task('a'));
  const b = serial(task('b', true));
  const c = serial(task('c'));
  assert.equal(await a, 'a');
  await assert.rejects(b, /b/);
  assert.equal(await c, 'c');
  assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
});

test('keyed: one queue per key, keys run side by side', async () => {
  const serial = createKeyedSerial();
  const log: string[] = [];
  const task = (name: string) => async () => {
    log.push(`${name} start`);
    await tick();
    log.push(`${name} end`);
  };
  await Promise.all([serial('x', task('x1')), serial('y', task('y1')), serial('x', task('x2'))]);
  assert.ok(log.indexOf('x1 end') < log.indexOf('x2 start'), 'same key waits');
  assert.ok(log.indexOf('y1 start') < log.indexOf('x1 end'), 'other keys do not');
});
