// The CLI's system zone without an Intl formatter (core/time/host-zone.ts) and the Date-based wall
// clock of a declared host zone (shared/local-dates.ts, core/time/local-days.ts, core/time/zoned.ts):
// the same answers as Intl and Luxon, DST days (23 and 25 hours, midnight skipped or repeated) and
// :30/:45 zones included.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostTimeZone, hostZoneKey, type HostZoneDeps } from '../src/core/time/host-zone.js';
import { declareHostTimeZone, localDateOf, localTimeOf, zoneOffsetMs, addDays, datesBetween } from '../src/shared/local-dates.js';
import { localDayBounds } from '../src/core/time/local-days.js';
import { isoInZone } from '../src/core/time/zoned.js';

describe('the system zone, kept in the cache folder', () => {
  let dir: string;
  let asked: number;
  const deps = (over: Partial<HostZoneDeps> = {}): HostZoneDeps => ({
    fs,
    join,
    cacheDir: join(dir, 'cache'),
    platform: 'linux',
    env: { TZ: undefined },
    nodeVersion: 'v20.0.0',
    intlZone: () => {
      asked++;
      return 'Europe/Berlin';
    },
    localtimePath: join(dir, 'localtime'),
    ...over,
  });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pst-host-zone-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    asked = 0;
    await rm(join(dir, 'cache'), { recursive: true, force: true });
    await rm(join(dir, 'localtime'), { force: true });
  });

  test('asks Intl once, then answers from the cache while TZ, /etc/localtime and Node stay the same', async () => {
    asked = 0;
    await symlink('/usr/share/zoneinfo/Europe/Berlin', join(dir, 'localtime'));
    assert.equal(hostTimeZone(deps()), 'Europe/Berlin');
    assert.equal(hostTimeZone(deps()), 'Europe/Berlin');
    assert.equal(asked, 1);
    const kept = JSON.parse(await readFile(join(dir, 'cache', 'host-zone.json'), 'utf8')) as unknown;
    assert.deepEqual(kept, { entries: [['v20.0.0|TZ=(unset)|link:/usr/share/zoneinfo/Europe/Berlin', 'Europe/Berlin']] });
  });

  test('runs with TZ set and without it (a status bar and a shell) keep their answers side by side, the newest 8', async () => {
    asked = 0;
    await symlink('/usr/share/zoneinfo/Europe/Berlin', join(dir, 'localtime'));
    const tokyo = deps({ env: { TZ: 'Asia/Tokyo' }, intlZone: () => (asked++, 'Asia/Tokyo') });
    for (let i = 0; i < 3; i++) {
      assert.equal(hostTimeZone(deps()), 'Europe/Berlin');
      assert.equal(hostTimeZone(tokyo), 'Asia/Tokyo');
    }
    assert.equal(asked, 2);
    for (let i = 0; i < 8; i++) hostTimeZone(deps({ env: { TZ: `Etc/GMT-${i}` } }));
    assert.equal(asked, 10);
    hostTimeZone(deps());
    assert.equal(asked, 11, 'the oldest entry made room');
  });

  test('another TZ, another /etc/localtime link or file, or another Node asks Intl again', async () => {
    asked = 0;
    await symlink('/usr/share/zoneinfo/Europe/Berlin', join(dir, 'localtime'));
    hostTimeZone(deps());
    hostTimeZone(deps({ env: { TZ: 'Asia/Tokyo' } }));
    assert.equal(asked, 2, 'TZ set');
    hostTimeZone(deps({ nodeVersion: 'v22.0.0' }));
    assert.equal(asked, 3, 'another Node');
    await rm(join(dir, 'localtime'));
    await symlink('/usr/share/zoneinfo/Asia/Tokyo', join(dir, 'localtime'));
    hostTimeZone(deps());
    assert.equal(asked, 4, 'the link moved');
    await rm(join(dir, 'localtime'));
    await writeFile(join(dir, 'localtime'), 'TZif, a copy of a zone file');
    hostTimeZone(deps());
    assert.equal(asked, 5, 'a file instead of a link');
    hostTimeZone(deps());
    assert.equal(asked, 5);
    await writeFile(join(dir, 'localtime'), 'TZif, another zone copied over it');
    hostTimeZone(deps());
    assert.equal(asked, 6, 'the file rewritten');
  });

  test('a damaged or foreign cache file is asked past and rewritten; an unwritable folder only costs the question', async () => {
    asked = 0;
    await symlink('/usr/share/zoneinfo/Europe/Berlin', join(dir, 'localtime'));
    const key = hostZoneKey(deps());
    fs.mkdirSync(join(dir, 'cache'));
    for (const text of ['{"entries":', JSON.stringify({ entries: [[key, '../../etc/passwd']] }), JSON.stringify({ entries: [[key, 42]] }), JSON.stringify({ entries: {} }), '[]', 'null']) {
      await writeFile(join(dir, 'cache', 'host-zone.json'), text);
      assert.equal(hostTimeZone(deps()), 'Europe/Berlin', text);
    }
    assert.equal(asked, 6);
    assert.equal(hostTimeZone(deps()), 'Europe/Berlin');
    assert.equal(asked, 6, 'rewritten good');
    await writeFile(join(dir, 'blocked'), 'a file where the folder would go');
    assert.equal(hostTimeZone(deps({ cacheDir: join(dir, 'blocked', 'cache') })), 'Europe/Berlin');
  });

  test('Windows keeps its zone in the registry: Intl every time, nothing written; no cache folder: the same', async () => {
    asked = 0;
    assert.equal(hostZoneKey(deps({ platform: 'win32' })), null);
    hostTimeZone(deps({ platform: 'win32' }));
    hostTimeZone(deps({ platform: 'win32' }));
    hostTimeZone(deps({ cacheDir: null }));
    assert.equal(asked, 3);
    assert.equal(fs.existsSync(join(dir, 'cache')), false);
  });
});

describe("a declared host zone's wall clock, read through Date, is Intl's and Luxon's", () => {
  const savedTz = process.env.TZ;
  after(() => {
    declareHostTimeZone(null);
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  // Midnight skipped (Sao Paulo 2018, Santiago, Havana), midnight repeated (Havana and Beirut fall
  // back to the day before), half-hour DST (Lord Howe), :30 and :45 zones, a zone south of the equator.
  const ZONES = ['Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC', 'Etc/UTC'];
  const YEARS = [2018, 2026];
  const HOUR = 3_600_000;

  function both<T>(zone: string, f: () => T): { host: T; intl: T } {
    declareHostTimeZone(zone);
    const host = f();
    declareHostTimeZone(null);
    return { host, intl: f() };
  }

  test('the declaration is trusted: a zone declared is read through Date, so only the zone of this process may be', () => {
    process.env.TZ = 'Asia/Tokyo';
    const { host, intl } = both('Europe/Berlin', () => localTimeOf(Date.UTC(2026, 0, 1), 'Europe/Berlin'));
    assert.deepEqual({ host, intl }, { host: '09:00', intl: '01:00' });
  });

  test('a local mean time, its offset in seconds: Berlin in 1850, Monrovia in 1960', () => {
    for (const [zone, year] of [['Europe/Berlin', 1850], ['Africa/Monrovia', 1960]] as const) {
      process.env.TZ = zone;
      const from = Date.UTC(year, 0, 1);
      const walls = both(zone, () => {
        const out: string[] = [];
        for (let t = from; t < from + 40 * 24 * HOUR; t += HOUR / 2) out.push(`${localDateOf(t, zone)} ${localTimeOf(t, zone)} ${zoneOffsetMs(t, zone)} ${isoInZone(t, zone)}`);
        return out;
      });
      assert.deepEqual(walls.host, walls.intl, zone);
      assert.equal(zoneOffsetMs(from, zone) % 60_000 !== 0, true, `${zone}: an offset of seconds`);
      const days = both(zone, () => datesBetween(`${year}-01-01`, `${year}-02-01`).map((d) => localDayBounds(d, zone)));
      assert.deepEqual(days.host, days.intl, `${zone}: day bounds`);
    }
  });

  for (const zone of ZONES) {
    test(zone, () => {
      process.env.TZ = zone;
      assert.equal(-new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset() * 60_000 || 0, zoneOffsetMs(Date.UTC(2026, 6, 1), zone), 'TZ took effect');
      for (const year of YEARS) {
        const from = Date.UTC(year, 0, 1) - 14 * HOUR;
        const to = Date.UTC(year + 1, 0, 1) + 14 * HOUR;
        const walls = both(zone, () => {
          const out: string[] = [];
          for (let t = from; t < to; t += HOUR / 2) out.push(`${localDateOf(t, zone)} ${localTimeOf(t, zone)} ${zoneOffsetMs(t, zone)}`);
          return out;
        });
        assert.deepEqual(walls.host, walls.intl, `${zone} ${year}: wall clock and offset every 30 minutes`);
        const isos = both(zone, () => {
          const out: string[] = [];
          for (let t = from; t < to; t += 3 * HOUR) out.push(isoInZone(t, zone), isoInZone(t + 1234, zone));
          return out;
        });
        assert.deepEqual(isos.host, isos.intl, `${zone} ${year}: ISO 8601 every 3 hours`);
        const dates = datesBetween(`${year}-01-01`, addDays(`${year}-12-31`, 1));
        const days = both(zone, () => dates.map((d) => localDayBounds(d, zone)));
        assert.deepEqual(days.host, days.intl, `${zone} ${year}: every local day's bounds`);
        const lengths = new Set(days.host.map((b) => (b.end - b.start) / HOUR));
        if (zone === 'Europe/Berlin') assert.deepEqual([...lengths].sort(), [23, 24, 25], 'DST days are 23 and 25 hours');
      }
    });
  }
});
