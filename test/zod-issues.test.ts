// The one formatter of zod refusals: where (a dotted path, [n] for array items) and what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { describeFirstIssue, firstMessage, issueFields, issuePath } from '../src/shared/zod-issues.js';

test('a path reads as dotted names with [n] for array items; the empty path is the root word', () => {
  assert.equal(issuePath(['logins', 'alpha', 't', 3]), 'logins.alpha.t[3]');
  assert.equal(issuePath([0, 'bytes']), '[0].bytes');
  assert.equal(issuePath([]), 'the top level');
  assert.equal(issuePath([], 'payload'), 'payload');
});

test('the first issue of a zod or zod/mini refusal reads "where: what", with a prefix when given', () => {
  const classic = z.object({ t: z.array(z.number()) }).safeParse({ t: [1, 'x'] });
  assert.ok(!classic.success);
  assert.equal(describeFirstIssue(classic.error, { prefix: ['logins', 'alpha'] }), 'logins.alpha.t[1]: Invalid input: expected number, received string');
  const mini = zm.object({ paused: zm.boolean() }).safeParse(5);
  assert.ok(!mini.success);
  assert.equal(describeFirstIssue(mini.error, { root: 'payload' }), 'payload: Invalid input: expected object, received number');
  assert.equal(describeFirstIssue({ issues: [] }), 'it does not have the expected shape');
});

test('each bad field keeps its first message; the field alone gives its rule', () => {
  const schema = z.object({ a: z.number({ error: 'must be a number' }).int({ error: 'must be whole' }), b: z.object({ c: z.boolean({ error: 'must be true or false' }) }) });
  const r = schema.safeParse({ a: 'x', b: { c: 1 } });
  assert.ok(!r.success);
  assert.deepEqual(issueFields(r.error), { a: 'must be a number', 'b.c': 'must be true or false' });
  assert.deepEqual(issueFields({ issues: [{ path: [], message: 'Invalid input' }] }), { settings: 'Invalid input' });
  const one = schema.shape.a.safeParse(1.5);
  assert.ok(!one.success);
  assert.equal(firstMessage(one.error), 'must be whole');
});
