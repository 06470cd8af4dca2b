// The layer rules in eslint.config.js fire: ESLint's own Node API on snippets placed in each folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function importMessages(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { startFakeApi } from '${from}';\nexport const x = startFakeApi;\n`, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('no file in src may import test code, whichever layer it is in', async () => {
  for (const [file, from] of [
    ['src/core/controller/x.ts', '../../../test/fake-api/server.js'],
    ['src/core/x.ts', '../../test/harness/app-under-test.js'],
    ['src/cli/x.ts', '../../test/fake-api/server.js'],
    ['src/main/x.ts', '../../test/electron-standin/run-main.js'],
    ['src/preload/x.ts', '../../test/fake-api/server.js'],
    ['src/shared/x.ts', '../../test/fake-api/scenarios.js'],
    ['src/renderer/x.ts', '../../test/fake-api/server.js'],
    ['src/x.ts', '../test/fake-api/server.js'],
  ]) {
    const messages = await importMessages(file as string, from as string);
    assert.equal(messages.length, 1, `${file} importing ${from}: ${JSON.stringify(messages)}`);
    assert.match(messages[0] ?? '', /src never imports test code/);
  }
});

test('the layer rules still hold beside it, and src\'s own imports pass', async () => {
  assert.match((await importMessages('src/core/x.ts', '../main/app.js'))[0] ?? '', /src\/core imports neither src\/main nor src\/renderer/);
  assert.match((await importMessages('src/cli/x.ts', 'electron'))[0] ?? '', /The CLI runs without Electron/);
  assert.match((await importMessages('src/shared/x.ts', 'node:fs'))[0] ?? '', /src\/shared must stay free of Node and Electron/);
  assert.deepEqual(await importMessages('src/core/controller/x.ts', '../demo/api.js'), []);
  // Tests may import each other (and src) freely.
  assert.deepEqual(await importMessages('test/x.test.ts', './fake-api/server.js'), []);
});
