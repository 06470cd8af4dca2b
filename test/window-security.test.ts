// The window's security settings, its app:// scheme and sender checks, the page's CSP, and the real
// preload bundle's exposed API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { bridgeEvents, bridgeMethods } from '../src/shared/ipc.js';
import { isTrustedSender } from '../src/main/ipc/sender.js';
import { APP_PAGE_URL, APP_SCHEME_PRIVILEGES, createBundleHandler, resolveBundleFile } from '../src/main/window/app-protocol.js';
import { CONTENT_SECURITY_POLICY, detailsWindowOptions, isAllowedNavigation, secureWebPreferences } from '../src/main/window/security.js';

const root = resolve(import.meta.dirname, '..');

test('the window is sandboxed and isolated, with no Node in the page', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.deepEqual(detailsWindowOptions('/p.cjs', false).webPreferences, secureWebPreferences('/p.cjs'));
});

test('navigation away from the page (app://bundle/index.html) is refused', () => {
  const page = APP_PAGE_URL;
  assert.equal(page, 'app://bundle/index.html');
  assert.equal(isAllowedNavigation(page, page), true);
  assert.equal(isAllowedNavigation(`${page}#settings`, page), true, 'a fragment stays on the page');
  assert.equal(isAllowedNavigation('app://bundle/other.html', page), false);
  assert.equal(isAllowedNavigation('app://other/index.html', page), false);
  assert.equal(isAllowedNavigation('https://proxy-seller.com/', page), false);
  assert.equal(isAllowedNavigation('file:///app/out/renderer/index.html', page), false, 'not even the built page as a file');
  assert.equal(isAllowedNavigation('file:///etc/passwd', page), false);
  assert.equal(isAllowedNavigation('javascript:alert(1)', page), false);
});

test('a sender is trusted only at the page\'s own origin (app://bundle), whatever a custom scheme\'s URL.origin says', () => {
  const page = APP_PAGE_URL;
  assert.equal(isTrustedSender(page, page), true);
  assert.equal(isTrustedSender('app://bundle/', page), true);
  // URL.origin is 'null' for every app:// URL: another host must not pass as the same origin.
  assert.equal(isTrustedSender('app://other/index.html', page), false);
  assert.equal(isTrustedSender('app://bundle:8080/index.html', page), false);
  assert.equal(isTrustedSender('app://user:pw@bundle/index.html', page), false);
  assert.equal(isTrustedSender('other://bundle/index.html', page), false);
  assert.equal(isTrustedSender('http://bundle/index.html', page), false);
  assert.equal(isTrustedSender('file:///app/out/renderer/index.html', page), false);
  assert.equal(isTrustedSender('about:blank', page), false);
  assert.equal(isTrustedSender('about:srcdoc', page), false);
  assert.equal(isTrustedSender(null, page), false);
  assert.equal(isTrustedSender('not a url', page), false);
});

test('app:// URLs resolve to files inside out/renderer only, with their content type', () => {
  const dir = resolve('/opt/app/out/renderer');
  assert.deepEqual(resolveBundleFile('app://bundle/index.html', dir), { path: join(dir, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.deepEqual(resolveBundleFile('app://bundle/', dir), { path: join(dir, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.deepEqual(resolveBundleFile('app://bundle', dir), { path: join(dir, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.deepEqual(resolveBundleFile('app://bundle/assets/index-Ab1_.js?v=1#x', dir), { path: join(dir, 'assets', 'index-Ab1_.js'), contentType: 'text/javascript; charset=utf-8' });
  assert.equal(resolveBundleFile('app://bundle/styles.css', dir)?.contentType, 'text/css; charset=utf-8');
  assert.equal(resolveBundleFile('app://bundle/icon.SVG', dir)?.contentType, 'image/svg+xml');
  assert.equal(resolveBundleFile('app://bundle/my%20file.png', dir)?.path, join(dir, 'my file.png'));
  // The URL parser folds plain and encoded dot segments at the root away: what is left stays inside.
  assert.equal(resolveBundleFile('app://bundle/../../../etc/passwd.js', dir)?.path, join(dir, 'etc', 'passwd.js'));
  assert.equal(resolveBundleFile('app://bundle/%2e%2e/preload/index.js', dir)?.path, join(dir, 'preload', 'index.js'));
  assert.equal(resolveBundleFile('app://bundle/assets/%2e%2e/%2e%2e/main/index.js', dir)?.path, join(dir, 'main', 'index.js'));
  for (const refused of [
    'app://bundle/%2E%2E%2Fpackage.json',
    'app://bundle/assets%2F..%2F..%2Fmain%2Findex.js',
    'app://bundle/..%5C..%5Cmain%5Cindex.js',
    'app://bundle/a%00.js',
    'app://bundle//etc/passwd.js',
    'app://bundle/%E0%A4%A.js',
    'app:///etc/passwd.js',
    'app://other/index.html',
    'app://bundle:1/index.html',
    'app://u:p@bundle/index.html',
    'file:///opt/app/out/renderer/index.html',
    'http://bundle/index.html',
    'app://bundle/secret.txt',
    'app://bundle/index.js.map',
    'app://bundle/assets',
    'app://bundle/.env',
    'not a url',
  ]) {
    assert.equal(resolveBundleFile(refused, dir), null, refused);
  }
});

test('the protocol handler serves the renderer folder\'s files and answers 404 for anything else', async () => {
  const root = await mkdtemp(join(tmpdir(), 'pst-bundle-'));
  try {
    const dir = join(root, 'renderer');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><p>page</p>');
    await writeFile(join(dir, 'assets', 'index-1.js'), 'export {};');
    // Beside the renderer folder, as out/preload and out/main are: never served.
    await writeFile(join(root, 'secret.js'), 'the preload');
    const handle = createBundleHandler({ rendererDir: dir, readFile });

    const page = await handle(new Request('app://bundle/index.html'));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await page.text(), '<!doctype html><p>page</p>');
    const js = await handle(new Request('app://bundle/assets/index-1.js'));
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await js.text(), 'export {};');
    const head = await handle(new Request('app://bundle/index.html', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');

    for (const url of ['app://bundle/%2e%2e/secret.js', 'app://bundle/..%2Fsecret.js', 'app://bundle/missing.js', 'app://bundle/assets', 'app://evil/index.html']) {
      const res = await handle(new Request(url));
      assert.equal(res.status, 404, url);
      assert.doesNotMatch(await res.text(), /the preload/, url);
    }
    // A directory named like a file is not a file.
    await mkdir(join(dir, 'folder.js'));
    assert.equal((await handle(new Request('app://bundle/folder.js'))).status, 404);
    assert.equal((await handle(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }))).status, 405);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('the app\'s scheme is registered standard and secure, with fetch, as the CSP\'s \'self\' needs', () => {
  assert.deepEqual(APP_SCHEME_PRIVILEGES, { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
});

function cspOf(html: string): string | null {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  return m?.[1] ?? null;
}

test('the page (source and build) carries exactly the CSP, and no inline script or style', async () => {
  for (const file of ['src/renderer/index.html', 'out/renderer/index.html']) {
    const html = await readFile(resolve(root, file), 'utf8');
    assert.equal(cspOf(html), CONTENT_SECURITY_POLICY, file);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${file}: inline script`);
    assert.doesNotMatch(html, /<style\b|\sstyle="/i, `${file}: inline style`);
  }
});

test('the real preload bundle exposes exactly the contract, forwarding values only', async () => {
  const code = await readFile(resolve(root, 'out/preload/index.cjs'), 'utf8');
  const exposed: Record<string, unknown> = {};
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, (event: unknown, value: unknown) => void>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (invoked.push([channel, args]), 'answer'),
      on: (channel: string, l: (event: unknown, value: unknown) => void) => listeners.set(channel, l),
      removeListener: (channel: string) => listeners.delete(channel),
    },
  };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`preload required ${name}`);
    return electron;
  };
  vm.runInNewContext(code, { require, module: { exports: {} }, exports: {} });
  assert.deepEqual(required, ['electron'], 'a sandboxed preload can only require electron');
  assert.deepEqual(Object.keys(exposed), ['trafficApi']);
  const api = exposed.trafficApi as Record<string, (...a: unknown[]) => unknown>;
  assert.deepEqual(Object.keys(api).sort(), [...Object.keys(bridgeMethods), ...Object.keys(bridgeEvents)].sort());
  assert.ok(Object.isFrozen(api));

  assert.equal(await api.getView!(), 'answer');
  await api.getSeries!({ from: '2026-11-01', to: '2026-11-02' });
  assert.deepEqual(invoked, [
    ['app:get-view', []],
    ['traffic:get-series', [{ from: '2026-11-01', to: '2026-11-02' }]],
  ]);

  const got: unknown[] = [];
  const off = api.onNavigate!((v: unknown) => got.push(v)) as () => void;
  listeners.get('app:navigate')!({ sender: 'the raw IPC event' }, 'settings');
  assert.deepEqual(got, ['settings'], 'the listener sees the value, never the event');
  off();
  assert.equal(listeners.has('app:navigate'), false);
});
