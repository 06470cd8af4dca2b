// electron-builder.yml and electron-builder.e2e.yml, read by electron-builder's own loader (the code
// the CLI runs: `extends` resolution, defaults) and validated against its v26 schema, then checked
// setting by setting. File patterns are checked with electron-builder's own matcher on real paths.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher.js';
import { convertIcon, getPngSize } from 'app-builder-lib/out/util/iconConverter.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger, setPrinter } from 'builder-util';

const root = resolve(import.meta.dirname, '..');

interface PackageJson {
  productName: string;
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** target name -> arches, from a platform's `target` list (strings or { target, arch }). */
function targetsOf(platform: { target?: unknown } | null | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const list = Array.isArray(platform?.target) ? platform.target : [platform?.target];
  for (const t of list) {
    if (typeof t === 'string') out.set(t, []);
    else if (t !== null && typeof t === 'object' && 'target' in t && typeof t.target === 'string') {
      const arch = 'arch' in t ? t.arch : [];
      out.set(t.target, (Array.isArray(arch) ? arch : [arch]).map(String));
    }
  }
  return out;
}

/** The `files` patterns after electron-builder's normalisation ([{ filter: [...] }]). */
function filePatterns(cfg: Configuration): string[] {
  const sets = Array.isArray(cfg.files) ? cfg.files : [cfg.files];
  return sets.flatMap((s) => (s !== null && typeof s === 'object' && 'filter' in s && Array.isArray(s.filter) ? s.filter : []));
}

describe('electron-builder configuration', () => {
  let cfg: Configuration;
  let e2e: Configuration;
  let pkg: PackageJson;

  before(async () => {
    // The loader logs "loaded configuration" lines; keep the test output clean.
    setPrinter(() => {});
    cfg = await getConfig(root, null, null);
    e2e = await getConfig(root, 'electron-builder.e2e.yml', null);
    pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson;
  });

  test('both files pass electron-builder v26 schema validation', async () => {
    const installed = createRequire(import.meta.url)('electron-builder/package.json') as { version: string };
    assert.match(installed.version, /^26\./, 'electron-builder must stay on v26 (v27 renames keys)');
    assert.match(pkg.devDependencies['electron-builder'] ?? '', /^\^?26\./);
    await validateConfiguration(cfg, new DebugLogger(false));
    await validateConfiguration(e2e, new DebugLogger(false));
  });

  test('identity: appId is the AppUserModelID app.ts sets, productName is package.json\'s', async () => {
    assert.equal(cfg.appId, 'com.proxyseller.traffictray');
    const appTs = await readFile(join(root, 'src/main/app.ts'), 'utf8');
    const ids = [...appTs.matchAll(/setAppUserModelId\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]);
    assert.deepEqual(ids, [cfg.appId]);
    assert.equal(cfg.productName, pkg.productName);
    assert.equal(cfg.productName, 'Proxy-Seller Traffic Tray');
  });

  test('directories: output dist, build resources build', () => {
    assert.deepEqual(cfg.directories, { output: 'dist', buildResources: 'build' });
  });

  test('files: the built bundles and package.json; no sources, tests, maps or CLI', async () => {
    const patterns = filePatterns(cfg);
    assert.ok(patterns.includes('out/**'));
    assert.ok(patterns.includes('package.json'));
    const filter = new FileMatcher(root, '/', (s) => s, patterns).createFilter();
    const fileStat = await stat(join(root, 'package.json'));
    const dirStat = await stat(join(root, 'src'));
    const included = (p: string, dir = false) => filter(join(root, p), dir ? dirStat : fileStat);
    for (const p of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js']) {
      assert.ok(included(p), `${p} is packed`);
    }
    assert.ok(included('out', true) && included('out/main', true));
    for (const p of [
      'out/main/index.js.map',
      'out/renderer/assets/index-abc.js.map',
      'out/cli/proxy-seller-traffic.mjs',
      'src/main/app.ts',
      'test/cli.test.ts',
      'scripts/generate-icons.ts',
      'bench/index.ts',
      'build/icon.png',
      'resources/tray/trayTemplate.png',
      'electron-builder.yml',
      'README.md',
    ]) {
      assert.ok(!included(p), `${p} is not packed`);
    }
    // The app entry point package.json names is one of the packed files.
    assert.ok(included(pkg.main));
  });

  test('keytar ships as a production dependency, unpacked from app.asar', () => {
    assert.ok(pkg.dependencies.keytar, 'keytar must be in dependencies so electron-builder copies it');
    assert.notEqual(cfg.asar, false);
    const unpack = Array.isArray(cfg.asarUnpack) ? cfg.asarUnpack : [cfg.asarUnpack ?? ''];
    const filter = new FileMatcher(root, '/', (s) => s, unpack).createFilter();
    const st = { isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false } as Parameters<typeof filter>[1];
    assert.ok(filter(join(root, 'node_modules/keytar/build/Release/keytar.node'), st));
    assert.ok(filter(join(root, 'node_modules/keytar/lib/keytar.js'), st));
    assert.ok(!filter(join(root, 'node_modules/luxon/build/node/luxon.js'), st));
    assert.ok(!filter(join(root, 'out/main/index.js'), st));
    // N-API binary, fetched per target arch (universal Mac, Windows arm64): rebuild on, from prebuilds.
    assert.equal(cfg.npmRebuild, true);
    assert.equal(cfg.buildDependenciesFromSource, false);
  });

  test('nothing ships beside app.asar: no extra resources, no tray images (the app draws its tray icon live)', () => {
    assert.equal(cfg.extraResources, undefined);
    assert.equal(cfg.extraFiles, undefined);
    assert.equal(existsSync(join(root, 'resources')), false);
  });

  test('each platform\'s icon is there, as electron-builder resolves it: the .icns master, the .ico, the Linux set', async () => {
    const roots = [join(root, 'build'), root];
    // macOS: electron-builder makes the .icns from the PNG master and wants at least 512 px.
    const master = await getPngSize(join(root, cfg.mac?.icon ?? ''));
    assert.deepEqual(master, { width: 1024, height: 1024 });
    const outDir = join(root, 'dist/.icon-test-unused');
    const ico = await convertIcon({ sources: [cfg.win?.icon ?? ''], fallbackSources: [], roots, format: 'ico', outDir });
    assert.deepEqual(ico, { icons: [{ file: join(root, 'build/icon.ico'), size: 256 }], isFallback: false });
    const set = await convertIcon({ sources: [cfg.linux?.icon ?? ''], fallbackSources: [], roots, format: 'set', outDir });
    assert.equal(set.isFallback, false);
    assert.deepEqual(set.icons.map((i) => i.size), [16, 24, 32, 48, 64, 128, 256, 512]);
    assert.equal(existsSync(outDir), false, 'nothing had to be converted');
  });

  test('fuses: exactly the hardened set', () => {
    assert.deepEqual(cfg.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  test('the e2e config extends the release config, flips only the inspect fuse, and writes elsewhere', async () => {
    assert.equal(e2e.extends, './electron-builder.yml');
    assert.equal(e2e.electronFuses?.enableNodeCliInspectArguments, true);
    assert.equal(e2e.directories?.output, 'dist-e2e');
    const { extends: _extends, ...rest } = e2e;
    const back = {
      ...rest,
      electronFuses: { ...rest.electronFuses, enableNodeCliInspectArguments: false },
      directories: { ...rest.directories, output: cfg.directories?.output },
    };
    assert.deepEqual(back, cfg);
    assert.match(pkg.scripts['dist:e2e'] ?? '', /electron-builder --config electron-builder\.e2e\.yml/);
  });

  test('macOS: universal dmg + zip, menu-bar app, hardened runtime, minimal entitlements', async () => {
    const mac = cfg.mac;
    assert.ok(mac);
    assert.deepEqual(Object.fromEntries(targetsOf(mac)), { dmg: ['universal'], zip: ['universal'] });
    assert.equal(mac.category, 'public.app-category.utilities');
    assert.equal(mac.hardenedRuntime, true);
    assert.equal(mac.gatekeeperAssess, false);
    assert.equal(mac.notarize, false);
    assert.deepEqual(mac.extendInfo, { LSUIElement: true });
    assert.equal(mac.icon, 'build/icon.png');
    assert.equal(mac.entitlements, 'build/entitlements.mac.plist');
    assert.equal(mac.entitlementsInherit, 'build/entitlements.mac.plist');
    const plist = await readFile(join(root, 'build/entitlements.mac.plist'), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<(\w+)\/>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(keys, [
      ['com.apple.security.cs.allow-jit', 'true'],
      ['com.apple.security.cs.allow-unsigned-executable-memory', 'true'],
    ]);
  });

  test('Windows: NSIS for x64 and arm64, an assisted per-user installer', () => {
    assert.deepEqual(Object.fromEntries(targetsOf(cfg.win)), { nsis: ['x64', 'arm64'] });
    assert.equal(cfg.win?.icon, 'build/icon.ico');
    const nsis = cfg.nsis;
    assert.ok(nsis);
    assert.equal(nsis.oneClick, false);
    assert.equal(nsis.perMachine, false);
    assert.equal(nsis.selectPerMachineByDefault, false);
    assert.equal(nsis.allowToChangeInstallationDirectory, true);
  });

  test('Linux: AppImage + deb, Utility, libsecret and the Electron libraries as deb dependencies', () => {
    const linux = cfg.linux;
    assert.ok(linux);
    assert.deepEqual([...targetsOf(linux).keys()], ['AppImage', 'deb']);
    assert.equal(linux.category, 'Utility');
    assert.equal(linux.icon, 'build/icons');
    assert.ok(linux.maintainer && /<[^>]+@[^>]+>/.test(linux.maintainer), 'deb needs a maintainer with an address');
    assert.ok(linux.synopsis);
    assert.match(linux.description ?? '', /independent/i);
    assert.match(linux.description ?? '', /not made by/i);
    const depends = cfg.deb?.depends ?? [];
    for (const d of ['libsecret-1-0', 'libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1']) {
      assert.ok(depends.includes(d), `deb depends on ${d}`);
    }
  });

  test('npm scripts: dist builds first, icons runs the generator', () => {
    assert.equal(pkg.scripts.dist, 'npm run build && electron-builder');
    assert.match(pkg.scripts['dist:e2e'] ?? '', /^npm run build && /);
    assert.equal(pkg.scripts.icons, 'node --import tsx scripts/generate-icons.ts');
  });
});
