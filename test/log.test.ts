// The app's log (src/main/log.ts): real electron-log writing real files in a temp folder, read back.
// What reaches the file and the console, the redaction of the env key and of keys seen in API URLs,
// rotation at the size limit, and opening the folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppLog, createLogRedactor, LOG_FILE, LOG_MAX_BYTES, type AppLogOptions } from '../src/main/log.js';

const KEY = 'log-KEY-0123456789/abc def+x';
const URL_KEY = 'url-KEY-9876543210/zyx';

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pst-log-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function open(options: Partial<AppLogOptions> = {}) {
  const dir = join(root, `run-${++n}`, 'logs');
  const printed: Array<[string, string]> = [];
  const opened: string[] = [];
  const log = createAppLog({
    dir,
    env: {},
    openPath: async (p) => {
      opened.push(p);
      return '';
    },
    console: {
      log: (m: string) => void printed.push(['log', m]),
      warn: (m: string) => void printed.push(['warn', m]),
      error: (m: string) => void printed.push(['error', m]),
    },
    ...options,
  });
  return { log, dir, printed, opened, read: () => readFile(join(dir, LOG_FILE), 'utf8') };
}

/** Every form the key could take in a line: raw, percent-encoded (either case), form-encoded. */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), encodeURIComponent(secret).toLowerCase(), new URLSearchParams({ k: secret }).toString().slice(2)];
}

describe('the app log', () => {
  test('writes each line with its time and level to main.log; debug only there, the rest to the console as before', async () => {
    const { log, dir, printed, read } = open({ header: 'Proxy-Seller Traffic Tray 1.2.3 starting' });
    assert.equal(log.folder, dir);
    assert.equal(log.file, join(dir, 'main.log'));
    log.logger.debug('a detail');
    log.logger.info('resident/package: retrying');
    log.logger.warn('a history file was moved aside');
    log.logger.error('sync failed: boom');
    const lines = (await read()).trimEnd().split('\n');
    assert.equal(lines.length, 5);
    const at = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\] /;
    assert.ok(lines.every((l) => at.test(l)), lines.join('\n'));
    assert.deepEqual(
      // electron-log pads the level to one width.
      lines.map((l) => l.replace(at, '').replace(/\] +/, '] ')),
      ['[info] Proxy-Seller Traffic Tray 1.2.3 starting', '[debug] a detail', '[info] resident/package: retrying', '[warn] a history file was moved aside', '[error] sync failed: boom'],
    );
    assert.deepEqual(printed, [
      ['log', 'resident/package: retrying'],
      ['warn', 'a history file was moved aside'],
      ['error', 'sync failed: boom'],
    ]);
    if (process.platform !== 'win32') assert.equal((await stat(log.file)).mode & 0o777, 0o600, 'only the user reads it');
  });

  test('the key from PROXY_SELLER_API_KEY never reaches the file or the console, in any encoded form', async () => {
    const { log, printed, read } = open({ env: { PROXY_SELLER_API_KEY: `  ${KEY}\n` } });
    for (const f of forms(KEY)) {
      log.logger.info(`said: ${f}.`);
      log.logger.warn(`warned: ${f}.`);
      log.logger.error(`failed: ${f}.`);
      log.logger.debug(`detail: ${f}.`);
    }
    const text = await read();
    const shown = printed.map(([, m]) => m).join('\n');
    for (const f of forms(KEY)) {
      assert.ok(!text.includes(f), `the file holds ${f}`);
      assert.ok(!shown.includes(f), `the console got ${f}`);
    }
    assert.equal(text.match(/\*\*\*/g)?.length, 16, 'each line is there, masked');
  });

  test('a key seen in an API URL is masked there, and in every later line that quotes it bare', async () => {
    const { log, read } = open();
    const url = `https://proxy-seller.com/personal/api/v1/${encodeURIComponent(URL_KEY)}/resident/package`;
    log.logger.warn(`GET ${url} failed`);
    log.logger.info(`the server said: unknown key ${URL_KEY}`);
    // The old docs' form without /personal/, and v2.
    const old = `https://proxy-seller.com/api/v2/${encodeURIComponent('other-KEY-aaaa')}/`;
    log.logger.error(`at ${old}`);
    log.logger.info('other-KEY-aaaa again');
    const text = await read();
    for (const f of [...forms(URL_KEY), 'other-KEY-aaaa']) assert.ok(!text.includes(f), `the file holds ${f}`);
    assert.match(text, /GET https:\/\/proxy-seller\.com\/personal\/api\/v1\/\*\*\*\/resident\/package failed/);
    assert.match(text, /unknown key \*\*\*/);
    assert.match(text, /at https:\/\/proxy-seller\.com\/api\/v2\/\*\*\*\//);
  });

  test('a key in a URL is masked in its own line however many were seen before; a key the keychain gave is masked everywhere', async () => {
    const redact = createLogRedactor({});
    for (let i = 0; i < 40; i++) assert.equal(redact(`GET https://proxy-seller.com/personal/api/v1/flood-KEY-${i}/x`), 'GET https://proxy-seller.com/personal/api/v1/***/x');
    assert.equal(redact('GET https://proxy-seller.com/personal/api/v1/REAL-KEY-0123456789/resident/package'), 'GET https://proxy-seller.com/personal/api/v1/***/resident/package', 'past the remembered ones too');
    const { log, read } = open();
    log.addSecret('keychain-KEY-0123456789abcdef');
    log.logger.error('the server echoed keychain-KEY-0123456789abcdef in its error');
    const text = await read();
    assert.ok(!text.includes('keychain-KEY-0123456789abcdef'), text);
    assert.match(text, /echoed \*\*\* in its error/);
  });

  test('with PROXY_SELLER_API_URL set, the segment after it is the key, whatever the path', () => {
    const redact = createLogRedactor({ PROXY_SELLER_API_URL: ' http://127.0.0.1:8080/proxy ' });
    assert.equal(redact('GET http://127.0.0.1:8080/proxy/secret-KEY-1/resident/package'), 'GET http://127.0.0.1:8080/proxy/***/resident/package');
    assert.equal(redact('then secret-KEY-1 again'), 'then *** again');
    assert.equal(redact('http://127.0.0.1:8080/other/not-a-key/'), 'http://127.0.0.1:8080/other/not-a-key/', 'another path is not taken for one');
    assert.equal(redact('nothing to hide'), 'nothing to hide');
  });

  test(`past ${LOG_MAX_BYTES} bytes the file becomes main.old.log and a new one begins`, async () => {
    const { log, dir } = open();
    const line = 'x'.repeat(999);
    for (let i = 0; i * 1000 < LOG_MAX_BYTES + 50_000; i++) log.logger.debug(`${i} ${line}`);
    const old = await stat(join(dir, 'main.old.log'));
    const current = await stat(join(dir, 'main.log'));
    assert.ok(old.size > LOG_MAX_BYTES && old.size < LOG_MAX_BYTES + 2_000, `old: ${old.size}`);
    assert.ok(current.size > 0 && current.size < 100_000, `current: ${current.size}`);
  });

  test('Open log folder makes the folder if nothing was logged yet and opens it; the OS\'s refusal comes back', async () => {
    const { log, dir, opened } = open();
    assert.equal(existsSync(dir), false);
    assert.deepEqual(await log.openFolder(), { folder: dir, file: 'main.log', error: null });
    assert.deepEqual(opened, [dir]);
    assert.equal(existsSync(dir), true);

    const refused = open({ openPath: async () => 'No application is registered as handling this file' });
    assert.deepEqual(await refused.log.openFolder(), { folder: refused.dir, file: 'main.log', error: 'No application is registered as handling this file' });
  });
});
