// Which zone names this runtime knows (shared/time-zone.ts): canonical names answered from
// Intl.supportedValuesOf, the rest (aliases, other spellings, UTC) as a formatter takes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidTimeZone } from '../src/shared/time-zone.js';

test('canonical zones, UTC, aliases and other spellings are valid; made-up names and paths are not', () => {
  for (const zone of ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/UTC', 'GMT', 'Asia/Calcutta', 'Asia/Kolkata', 'US/Eastern', 'europe/berlin', 'utc']) {
    assert.equal(isValidTimeZone(zone), true, zone);
  }
  for (const zone of ['Mars/Olympus_Mons', '', 'Europe/', '../etc/passwd', 'Europe/Berlin ', 'CEST']) {
    assert.equal(isValidTimeZone(zone), false, zone);
  }
});
