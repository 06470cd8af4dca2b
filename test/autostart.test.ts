// Launch at login on Linux: the XDG autostart entry, written and removed for real in a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autostartEntry, autostartFile, setLinuxAutostart } from '../src/core/autostart.js';

test('the entry starts the app, quoting paths with spaces', () => {
  const entry = autostartEntry(['/opt/Proxy-Seller Traffic Tray/proxy-seller-traffic-tray'], 'Proxy-Seller Traffic Tray');
  assert.match(entry, /^\[Desktop Entry\]\nType=Application\n/);
  assert.match(entry, /\nExec="\/opt\/Proxy-Seller Traffic Tray\/proxy-seller-traffic-tray"\n/);
  assert.match(autostartEntry(['/a/b$c'], 'x'), /Exec="\/a\/b\\\$c"/);
  assert.match(autostartEntry(['/usr/bin/electron', '/home/me/app'], 'x'), /Exec=\/usr\/bin\/electron \/home\/me\/app\n/);
});

test('the file goes to $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
  assert.equal(autostartFile({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/me'), '/x/cfg/autostart/proxy-seller-traffic-tray.desktop');
  assert.equal(autostartFile({}, '/home/me'), '/home/me/.config/autostart/proxy-seller-traffic-tray.desktop');
});

test('turning it on writes the entry; off removes it; off twice is fine', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pst-autostart-'));
  try {
    const file = autostartFile({ XDG_CONFIG_HOME: dir }, '/nowhere');
    await setLinuxAutostart(true, { file, command: ['/opt/app/run'], name: 'Proxy-Seller Traffic Tray' });
    assert.match(await readFile(file, 'utf8'), /Exec=\/opt\/app\/run/);
    await setLinuxAutostart(false, { file, command: [], name: '' });
    await assert.rejects(stat(file), { code: 'ENOENT' });
    await setLinuxAutostart(false, { file, command: [], name: '' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
