// `npm run dist -- --dir` as far as it goes without an Electron binary: the real electron-builder CLI,
// with the project's two configs, packs the built app around a stand-in Electron distribution (a stub
// executable carrying Electron's fuse wire, so the fuse step runs for real). Then the result is
// checked: what app.asar holds and what is unpacked beside it (and that nothing else ships), the icons
// electron-builder resolves for each platform's packages, the fuses of the release and the e2e build,
// and the packed main process, extracted, started to the welcome against the Electron stand-in.
// Installers (AppImage, deb, dmg, NSIS) need tools this machine cannot fetch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { APP_PAGE_URL } from '../src/main/window/app-protocol.js';
import { writeStandinElectronDist } from './electron-standin/distribution.js';
import { launchStandinBrowser, REPO_ROOT, runMain } from './electron-standin/run-main.js';
import { startFakeApi } from './fake-api/server.js';
import { standin } from './electron-standin/electron.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;
const BUILDER_CLI = join(REPO_ROOT, 'node_modules/electron-builder/cli.js');
const EXECUTABLE = 'proxy-seller-traffic-tray';
const KEY = 'packed-KEY-0123456789abcdef';
const ON = 49; // FuseState.ENABLE ('1')
const OFF = 48; // FuseState.DISABLE ('0')

let tmp: string;

/** electron-builder --dir --linux with one of the project's configs, around the stand-in Electron. */
async function pack(config: string, output: string): Promise<string> {
  await run(
    process.execPath,
    [
      BUILDER_CLI,
      '--dir',
      '--linux',
      '--config',
      config,
      `-c.electronDist=${join(tmp, 'electron-dist')}`,
      // The rebuild step fetches Electron's headers; keytar is N-API, so the built addon serves as is.
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
      // Reports the icons electron-builder resolves for the packages (icons.json beside the output).
      '-c.afterPack=./test/electron-standin/icon-report-hook.mjs',
    ],
    { cwd: REPO_ROOT, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', PST_ICON_REPORT: join(output, 'icons.json') }, maxBuffer: 16 << 20 },
  );
  return join(output, 'linux-unpacked');
}

let release: string;
let e2e: string;

before(async () => {
  for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(REPO_ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first.`);
  }
  tmp = await mkdtemp(join(tmpdir(), 'pst-pack-'));
  await writeStandinElectronDist(join(tmp, 'electron-dist'), ELECTRON_VERSION);
  [release, e2e] = await Promise.all([pack('electron-builder.yml', join(tmp, 'dist')), pack('electron-builder.e2e.yml', join(tmp, 'dist-e2e'))]);
});

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the packed app (electron-builder --dir)', () => {
  test('app.asar holds the built bundles, package.json and keytar, and nothing of the sources', () => {
    const files = listPackage(join(release, 'resources/app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/node_modules/keytar/package.json']) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    assert.ok(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(f)), 'the page script is packed');
    const stray = files.filter(
      (f) => /^\/(src|test|bench|scripts|build|resources|\.ci|docs|out\/cli)(\/|$)/.test(f) || /\.(map|ts|mts|cts|tsx)$/.test(f) || /^\/(README|electron-builder)/.test(f),
    );
    assert.deepEqual(stray, [], 'no sources, tests, maps, CLI bundle or build files');
    // Everything but keytar is bundled into out/: no dev dependency (or Electron itself) is shipped.
    const modules = new Set(files.filter((f) => /^\/node_modules\/[^/]+$/.test(f)).map((f) => f.slice('/node_modules/'.length)));
    for (const dev of ['electron', 'electron-store', 'electron-log', 'zod', 'luxon', 'chart.js', 'playwright', 'playwright-core', 'typescript', 'vite']) {
      assert.ok(!modules.has(dev), `${dev} is not shipped`);
    }
    const pkg = JSON.parse(extractFile(join(release, 'resources/app.asar'), 'package.json').toString('utf8')) as { main: string; type: string };
    assert.equal(pkg.main, 'out/main/index.js');
    assert.equal(pkg.type, 'module');
  });

  test('keytar\'s native addon is unpacked beside app.asar, where it can be loaded', async () => {
    const addon = 'node_modules/keytar/build/Release/keytar.node';
    assert.ok(existsSync(join(release, 'resources/app.asar.unpacked', addon)));
    assert.equal((statFile(join(release, 'resources/app.asar'), addon) as { unpacked?: boolean }).unpacked, true);
  });

  test('nothing ships beside app.asar: no tray images (the app draws its tray icon live)', async () => {
    assert.deepEqual((await readdir(join(release, 'resources'))).sort(), ['app.asar', 'app.asar.unpacked']);
    assert.ok(!existsSync(join(release, 'resources/tray')));
  });

  test('the icons the packages need resolve from build/: Linux one PNG per size, Windows the .ico up to 256 px', async () => {
    interface Resolved {
      file: string;
      size: number;
    }
    const report = JSON.parse(await readFile(join(tmp, 'dist/icons.json'), 'utf8')) as { linux: Resolved[]; win: Resolved[] };
    // AppImage and deb install these into the icon theme, each at its size.
    assert.deepEqual(
      report.linux.map((i) => [basename(i.file), i.size]),
      [16, 24, 32, 48, 64, 128, 256, 512].map((s) => [`${s}x${s}.png`, s]),
    );
    assert.ok(report.linux.every((i) => i.file === join(REPO_ROOT, 'build/icons', basename(i.file))), 'from build/icons');
    // NSIS and the .exe take the .ico as is; electron-builder refuses one whose largest image is under 256 px.
    assert.deepEqual(report.win, [{ file: join(REPO_ROOT, 'build/icon.ico'), size: 256 }]);
  });

  test('the executable is named for the app, and the release build\'s fuses are flipped', async () => {
    const wire = await getCurrentFuseWire(join(release, EXECUTABLE));
    assert.equal(wire[FuseV1Options.RunAsNode], OFF, 'cannot be run as plain Node (ELECTRON_RUN_AS_NODE)');
    assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], OFF, 'NODE_OPTIONS is ignored');
    assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], OFF, '--inspect is refused');
    assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], ON, 'only app.asar is loaded');
    assert.equal(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], ON, 'app.asar integrity is checked');
    assert.equal(wire[FuseV1Options.EnableCookieEncryption], ON);
    assert.equal(wire[FuseV1Options.GrantFileProtocolExtraPrivileges], OFF, 'file:// pages get no extra privileges (the page is app://)');
  });

  test('the e2e build differs only in leaving the inspector on (Playwright attaches through it)', async () => {
    const wire = await getCurrentFuseWire(join(e2e, EXECUTABLE));
    const releaseWire = await getCurrentFuseWire(join(release, EXECUTABLE));
    assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], ON);
    for (const fuse of [
      FuseV1Options.RunAsNode,
      FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      FuseV1Options.OnlyLoadAppFromAsar,
      FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      FuseV1Options.EnableCookieEncryption,
      FuseV1Options.GrantFileProtocolExtraPrivileges,
    ]) {
      assert.equal(wire[fuse], releaseWire[fuse], FuseV1Options[fuse]);
    }
    assert.deepEqual(
      listPackage(join(e2e, 'resources/app.asar'), { isPack: false }),
      listPackage(join(release, 'resources/app.asar'), { isPack: false }),
      'the same app inside',
    );
  });

  test('the packed main process, extracted, starts to the welcome (and ignores ELECTRON_RENDERER_URL)', async () => {
    const appDir = join(tmp, 'extracted');
    // extractAll reads unpacked files from app.asar.unpacked, as Electron's asar support does.
    extractAll(join(release, 'resources/app.asar'), appDir);
    // Marks the packed page, to tell it from the repo's out/renderer: the app's handler must serve this one.
    const packedPage = join(appDir, 'out/renderer/index.html');
    await writeFile(packedPage, (await readFile(packedPage, 'utf8')).replace('<body>', '<body data-packed="yes">'));
    const browser = await launchStandinBrowser();
    const api = await startFakeApi({ apiKey: KEY });
    try {
      const main = await runMain({ browser, appDir, packaged: true, env: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:9/', PROXY_SELLER_API_URL: api.baseUrl() } });
      try {
        const page = await main.page();
        await page.locator('#welcome').waitFor({ state: 'visible' });
        assert.equal(main.window().webContents.getURL(), APP_PAGE_URL, 'the app\'s own page, not the URL from the environment');
        assert.equal(await page.locator('body').getAttribute('data-packed'), 'yes', 'served from the packed out/renderer');
        assert.match(main.tray().tooltip, /No API key set/);
        // The packed keytar (loaded from app.asar.unpacked) stores the key.
        assert.equal(await page.locator('[data-banner="keychain"]').count(), 0, 'no keychain problem');
        await page.locator('#welcome-key').fill(KEY);
        await page.locator('#welcome-form button[type="submit"]').click();
        await page.locator('#updated', { hasText: /^Updated/ }).waitFor();
        assert.equal(await main.secrets.get(), KEY);
        // The version comes from the packed package.json (app.getVersion()) into the User-Agent.
        const version = (require('../package.json') as { version: string }).version;
        assert.ok(api.requests.length > 0 && api.requests.every((r) => r.userAgent === `proxy-seller-traffic-tray/${version}`), 'User-Agent names the packed version');
        await main.quit();
        assert.deepEqual(standin.problems, []);
        assert.deepEqual(main.window().webContents.pageProblems, []);
      } finally {
        await main.close();
      }
    } finally {
      await api.close();
      await browser.close();
    }
  });
});
