// A real polybar (Debian's) under its own Xvfb draws the CLI's `today --format polybar` from a
// custom/script module against the fake API: the text in the ok colour, then, with the IP refused,
// in the error colour (the module stays on the bar). What polybar drew is read back from Xvfb's
// framebuffer file (-fbdir) and saved as test-results/screenshots/polybar.png for the README.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeApi, type FakeApi } from './fake-api/server.js';
import { CLI, cliEnv } from './support/cli-run.js';
import { COLOURS } from '../src/cli/bar-formats.js';
import { countColour, encodePng, readXwd, type Image } from './support/xwd.js';

const POLYBAR = '/usr/bin/polybar';
const KEY = 'polybar-SECRET-key-0042';
const OUT = resolve(import.meta.dirname, '../test-results/screenshots');
const WIDTH = 480;
const HEIGHT = 30;
const BACKGROUND = '#1e1e2e';

function xvfbPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'Xvfb'))) return join(dir, 'Xvfb');
  return null;
}
const XVFB = xvfbPath();
const skip = !existsSync(POLYBAR) ? `${POLYBAR} not installed (Debian package 'polybar')` : XVFB === null ? "Xvfb not installed (Debian package 'xvfb')" : false;

let api: FakeApi;
let dir: string;
let xvfb: ChildProcess | null = null;
let polybar: ChildProcess | null = null;
let polybarLog = '';

/** Its own Xvfb: the one with-keyring.sh starts keeps no framebuffer file to read. */
async function startXvfb(fbdir: string): Promise<string> {
  const child = spawn(XVFB!, ['-displayfd', '3', '-screen', '0', `${WIDTH}x${HEIGHT}x24`, '-fbdir', fbdir, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  xvfb = child;
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const display = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start: ${log}`)), 15_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      clearTimeout(timer);
      done(`:${d.toString().trim()}`);
    });
    child.once('exit', () => fail(new Error(`Xvfb exited: ${log}`)));
  });
  return display;
}

async function screen(fbdir: string): Promise<Image> {
  return readXwd(await readFile(join(fbdir, 'Xvfb_screen0')));
}

async function untilDrawn(fbdir: string, colour: string, what: string): Promise<Image> {
  const end = Date.now() + 30_000;
  for (;;) {
    const img = await screen(fbdir);
    // Text of a few characters covers well over 50 pixels in its colour.
    if (countColour(img, colour) > 50) return img;
    if (Date.now() > end) assert.fail(`polybar did not draw ${what} (${colour}); its log:\n${polybarLog}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a real polybar drawing the CLI', { skip }, () => {
  before(async () => {
    assert.ok(existsSync(CLI), `build the CLI first: npm run build (missing ${CLI})`);
    api = await startFakeApi({ apiKey: KEY, now: () => Date.now(), historyDays: 10, logins: ['list-alpha'] });
    dir = await mkdtemp(join(tmpdir(), 'pst-polybar-'));
  });
  after(async () => {
    for (const child of [polybar, xvfb]) {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('polybar shows the figures in the ok colour, then the refused IP in the error colour, the module still there', async () => {
    const fbdir = join(dir, 'fb');
    await mkdir(fbdir);
    const display = await startXvfb(fbdir);
    const config = join(dir, 'config.ini');
    // --max-age 0: every run asks the API, so the change of state shows within the interval.
    await writeFile(
      config,
      [
        '[bar/traffic]',
        `width = ${WIDTH}`,
        `height = ${HEIGHT}`,
        `background = ${BACKGROUND}`,
        'foreground = #cdd6f4',
        'font-0 = DejaVu Sans:size=12;3',
        'padding = 2',
        'modules-left = traffic',
        '',
        '[module/traffic]',
        'type = custom/script',
        `exec = "${process.execPath}" "${CLI}" today --format polybar --max-age 0`,
        'interval = 1',
        '',
      ].join('\n'),
    );
    polybar = spawn(POLYBAR, [`--config=${config}`, 'traffic'], {
      env: cliEnv({
        DISPLAY: display,
        TZ: 'UTC',
        PROXY_SELLER_API_URL: api.baseUrl('v1'),
        PROXY_SELLER_API_KEY: KEY,
        PROXY_SELLER_TRAFFIC_DATA_DIR: join(dir, 'data'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    polybar.stdout!.on('data', (d: Buffer) => (polybarLog += d.toString()));
    polybar.stderr!.on('data', (d: Buffer) => (polybarLog += d.toString()));

    const ok = await untilDrawn(fbdir, COLOURS.ok, 'the figures');
    assert.ok(countColour(ok, BACKGROUND, 2) > (WIDTH * HEIGHT) / 2, 'the bar itself is drawn');
    await mkdir(OUT, { recursive: true });
    await writeFile(join(OUT, 'polybar.png'), encodePng(ok));

    api.setScenario({ kind: 'ip-not-allowed', ip: '198.51.100.23' });
    const refused = await untilDrawn(fbdir, COLOURS.bad, 'the refused IP');
    assert.equal(countColour(refused, COLOURS.ok), 0, 'no ok-coloured text left');
    await writeFile(join(OUT, 'polybar-error.png'), encodePng(refused));
    assert.ok(!polybarLog.includes(KEY));
  });
});
