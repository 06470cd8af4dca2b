// The window's security settings, the page's CSP, and the real preload bundle's exposed API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { bridgeEvents, bridgeMethods } from '../src/shared/ipc.js';
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

test('navigation away from the page is refused', () => {
  const page = 'file:///app/out/renderer/index.html';
  assert.equal(isAllowedNavigation(page, page), true);
  assert.equal(isAllowedNavigation('https://proxy-seller.com/', page), false);
  assert.equal(isAllowedNavigation('file:///etc/passwd', page), false);
  assert.equal(isAllowedNavigation('javascript:alert(1)', page), false);
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
