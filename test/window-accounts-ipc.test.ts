// The window's channels for several accounts, through the very handler table the app registers
// (payloads checked before the controller sees them), against the fake API over HTTP and the real
// keychain: the chart's series names its package, the CSV of a sub-package names its lists, and the
// account channels refuse what they cannot take without ever echoing a key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IpcPayloadError } from '../src/main/ipc/handlers.js';
import { startAppUnderTest, type AppUnderTest } from './harness/app-under-test.js';
import { waitUntil } from './support/wait.js';
import { addDays, localDateOf } from '../src/shared/local-dates.js';
import { localDayBounds } from '../src/core/time/local-days.js';

const RESELLER_KEY = 'ipc-test-RESELLER-0123456789abcdef';
const SUB = 'aaaa1111bbbb2222cccc';
const ZONE = 'Europe/Berlin';

describe('IPC for several accounts', () => {
  let a: AppUnderTest;
  let resellerId: string;
  before(async () => {
    a = await startAppUnderTest({
      withKey: true,
      localTimeZone: ZONE,
      fakeApi: { otherAccounts: [{ apiKey: RESELLER_KEY, subPackages: [{ key: SUB, logins: ['client-a-1'] }] }] },
      accounts: [{ name: 'Reseller', apiKey: RESELLER_KEY }],
    });
    await waitUntil('every package synced', () => {
      const v = a.controller.view();
      const all = v.accounts.flatMap((x) => x.packages);
      return all.length === 3 && all.every((p) => p.snapshot.lastSuccessAt !== null) && !v.syncing;
    });
    resellerId = a.controller.view().accounts.find((x) => x.name === 'Reseller')!.id;
  });
  after(async () => {
    await a?.close();
  });

  test('the series names its package: a sub-package’s is its own traffic to the byte', async () => {
    const today = localDateOf(a.now(), ZONE);
    const from = addDays(today, -3);
    const series = await a.handlers['traffic:get-series']({ from, to: today, package: `${resellerId}/${SUB}` });
    assert.deepEqual(series.logins, ['client-a-1']);
    const held = a.api.account(RESELLER_KEY).subTrafficBetween(SUB, localDayBounds(from, ZONE).start, localDayBounds(today, ZONE).end);
    assert.equal(series.totalBytes, held.reduce((s, x) => s + x.bytes, 0));
    assert.ok(series.totalBytes > 0);
    const main = await a.handlers['traffic:get-series']({ from, to: today });
    assert.notDeepEqual(main.logins, series.logins, 'without a package: the default account’s main package');
  });

  test('a package that is not there is refused in words; a package that is not text is refused before the controller', async () => {
    const today = localDateOf(a.now(), ZONE);
    await assert.rejects(a.handlers['traffic:get-series']({ from: today, to: today, package: 'nobody/main' }), /There is no such package/);
    await assert.rejects(a.handlers['traffic:get-series']({ from: today, to: today, package: 42 }), (e: unknown) => e instanceof IpcPayloadError && /package/.test(e.message));
    await assert.rejects(a.handlers['traffic:get-series']({ from: today, to: today, package: '' }), IpcPayloadError);
  });

  test('the CSV of a sub-package is its lists’ series', async () => {
    const today = localDateOf(a.now(), ZONE);
    await a.handlers['traffic:export-csv']({ from: today, to: today, package: `${resellerId}/${SUB}` });
    const csv = a.exported.at(-1)!.content;
    const logins = new Set(
      csv
        .split('\r\n')
        .slice(1)
        .filter((l) => l !== '')
        .map((l) => l.split(',')[1]),
    );
    assert.deepEqual([...logins], ['client-a-1']);
    // Named by its package, so it never takes another package's file name.
    assert.match(a.exported.at(-1)!.defaultName, new RegExp(`^traffic-Reseller_Sub-package_${SUB.slice(-4)}-${today}\\.csv$`));
  });

  test('account payloads are checked: unknown fields, wrong types and oversized keys are refused, never quoting the key', async () => {
    await assert.rejects(a.handlers['accounts:add']({ name: 'X', apiKey: 'k', extra: true }), IpcPayloadError);
    await assert.rejects(a.handlers['accounts:add']({ name: 'X', apiKey: 'secret-'.repeat(300) }), (e: unknown) => e instanceof IpcPayloadError && !e.message.includes('secret-'));
    await assert.rejects(a.handlers['accounts:remove']({ accountId: 7 }), IpcPayloadError);
    await assert.rejects(a.handlers['accounts:set-default']({}), IpcPayloadError);
    await assert.rejects(a.handlers['packages:name']({ packageId: `${resellerId}/${SUB}` }), IpcPayloadError, 'the name must be given (null forgets it)');
    const unknown = await a.handlers['accounts:remove']({ accountId: 'nobody' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.ok ? '' : unknown.message, /no such account/);
  });

  test('naming a package through its channel names it in the view; null forgets the name', async () => {
    const id = `${resellerId}/${SUB}`;
    const named = await a.handlers['packages:name']({ packageId: id, name: 'Client A' });
    assert.equal(named.ok, true);
    const find = () => a.controller.view().accounts.flatMap((x) => x.packages).find((p) => p.id === id)!;
    assert.equal(find().name, 'Client A');
    assert.equal(find().label, 'Reseller · Client A');
    await a.handlers['packages:name']({ packageId: id, name: null });
    assert.equal(find().name, 'Sub-package cccc');
  });
});
