import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { defaultDataDir, resolveDataDir, DATA_DIR_ENV, PRODUCT_NAME } from '../src/core/paths.js';

const NAME = 'Proxy-Seller Traffic Tray';

describe('defaultDataDir (Electron userData for the productName)', () => {
  test('the product name matches package.json productName', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { productName?: string };
    assert.equal(pkg.productName, PRODUCT_NAME);
    assert.equal(PRODUCT_NAME, NAME);
  });

  test('linux: XDG_CONFIG_HOME when set, else ~/.config', () => {
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x/conf' }, homedir: '/home/u' }), `/x/conf/${NAME}`);
    assert.equal(defaultDataDir({ platform: 'linux', env: {}, homedir: '/home/u' }), `/home/u/.config/${NAME}`);
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homedir: '/home/u' }), `/home/u/.config/${NAME}`);
    assert.equal(defaultDataDir({ platform: 'freebsd', env: {}, homedir: '/usr/home/u' }), `/usr/home/u/.config/${NAME}`);
  });

  test('darwin: ~/Library/Application Support, XDG ignored', () => {
    assert.equal(
      defaultDataDir({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/x' }, homedir: '/Users/u' }),
      `/Users/u/Library/Application Support/${NAME}`,
    );
  });

  test('win32: %APPDATA%, else ~\\AppData\\Roaming', () => {
    assert.equal(
      defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, homedir: 'C:\\Users\\u' }),
      `C:\\Users\\u\\AppData\\Roaming\\${NAME}`,
    );
    assert.equal(defaultDataDir({ platform: 'win32', env: {}, homedir: 'C:\\Users\\u' }), `C:\\Users\\u\\AppData\\Roaming\\${NAME}`);
  });
});

describe('resolveDataDir', () => {
  const base = { platform: 'linux' as const, homedir: '/home/u', cwd: '/work/here' };

  test('--data-dir wins over the variable and the default', () => {
    assert.equal(resolveDataDir({ ...base, flag: '/a/b', env: { [DATA_DIR_ENV]: '/env/dir' } }), '/a/b');
  });

  test('the variable wins over the default; an empty one is ignored', () => {
    assert.equal(resolveDataDir({ ...base, env: { [DATA_DIR_ENV]: '/env/dir' } }), '/env/dir');
    assert.equal(resolveDataDir({ ...base, env: { [DATA_DIR_ENV]: '' } }), `/home/u/.config/${NAME}`);
    assert.equal(resolveDataDir({ ...base, env: {} }), `/home/u/.config/${NAME}`);
  });

  test('relative paths resolve from cwd, ~ from home', () => {
    assert.equal(resolveDataDir({ ...base, flag: 'data', env: {} }), '/work/here/data');
    assert.equal(resolveDataDir({ ...base, flag: '~/d', env: {} }), '/home/u/d');
    assert.equal(resolveDataDir({ ...base, flag: '~', env: {} }), '/home/u');
    assert.equal(resolveDataDir({ ...base, env: { [DATA_DIR_ENV]: '../up' } }), '/work/up');
  });

  test('an empty --data-dir is an error', () => {
    assert.throws(() => resolveDataDir({ ...base, flag: ' ', env: {} }), /--data-dir needs a folder path/);
  });

  test('win32 paths use backslashes', () => {
    assert.equal(
      resolveDataDir({ platform: 'win32', homedir: 'C:\\Users\\u', cwd: 'C:\\w', flag: 'd', env: {} }),
      'C:\\w\\d',
    );
    assert.equal(resolveDataDir({ platform: 'win32', homedir: 'C:\\Users\\u', cwd: 'C:\\w', flag: '~\\d', env: {} }), 'C:\\Users\\u\\d');
  });
});
