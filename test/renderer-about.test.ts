// About's "Open log folder" in real Chromium: the button asks main (over the contract's channel) to
// open the folder, and the window says where the log is, and why the folder did not open if it did not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LOG_FOLDER_OPENED } from './harness/app-under-test.js';
import { startChromiumHarness, type ChromiumHarness } from './harness/chromium.js';
import { assertHealthy, openApp } from './harness/app-window.js';
import { waitUntil } from './support/wait.js';

let h: ChromiumHarness;
before(async () => {
  h = await startChromiumHarness();
});
after(async () => {
  await h?.close();
});

describe('About: Open log folder', () => {
  test('the button asks main to open the log folder, and the window says which file to attach and where', async () => {
    const o = await openApp(h);
    try {
      await o.w.emit('app:navigate', 'about');
      await o.page.locator('#panel-about').waitFor({ state: 'visible' });
      assert.match(await o.page.locator('#panel-about').innerText(), /keeps a log of what it did and what went wrong, without your API key\. If a problem persists, attach it to your report\./);
      await o.page.locator('#about-open-log', { hasText: 'Open log folder' }).click();
      await waitUntil('main to be asked', () => o.app.opened.includes(LOG_FOLDER_OPENED));
      assert.deepEqual(o.app.opened, [LOG_FOLDER_OPENED], 'once, and no URL');
      const status = o.page.locator('#about-log-status');
      await status.filter({ hasText: /\S/ }).waitFor();
      assert.equal(await status.innerText(), `The log is main.log in ${join(o.app.dataDir, 'logs')}.`);
      assert.equal(await status.getAttribute('class'), 'form-status');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });

  test('when the folder cannot be opened, the window says why and still where the log is', async () => {
    const o = await openApp(h, {
      wrap: (handlers) => ({
        ...handlers,
        'app:open-log-folder': async () => ({ folder: '/home/someone/.config/Proxy-Seller Traffic Tray/logs', file: 'main.log', error: 'No application is registered as handling this file' }),
      }),
    });
    try {
      await o.w.emit('app:navigate', 'about');
      await o.page.locator('#about-open-log').click();
      const status = o.page.locator('#about-log-status');
      await status.filter({ hasText: /\S/ }).waitFor();
      assert.equal(
        await status.innerText(),
        'The folder could not be opened (No application is registered as handling this file). The log is main.log in /home/someone/.config/Proxy-Seller Traffic Tray/logs.',
      );
      assert.equal(await status.getAttribute('class'), 'form-status form-status-bad');
      assertHealthy(o.w);
    } finally {
      await o.close();
    }
  });
});
