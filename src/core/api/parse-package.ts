// `GET resident/package` data -> PackageInfo. Snake_case first (the docs), camelCase second (one SDK).
// Only the package key (it fetches the hours) and the traffic figures are essential; any other field
// that cannot be read gets a default and a note in the report, so it never costs the user the figures.
import type { PackageInfo } from '../../shared/types.js';
import { parseExpiry } from './parse-expiry.js';
import { PACKAGE_KEY_PATTERN } from '../../shared/types.js';
import { MalformedResponseError } from './errors.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import {
  assertTimeZone,
  describe,
  isRecord,
  malformed,
  pick,
  readCount,
  readOptionalBool,
  readOptionalCount,
  readOptionalInt,
  readOptionalText,
} from './parse-values.js';

/** A reader that may throw MalformedResponseError; its failure becomes `fallback` and `note`. */
function lenient<T>(report: ParseReport, path: string, fallback: T, note: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof MalformedResponseError)) throw e;
    report.note(path, note);
    return fallback;
  }
}

export function parsePackage(data: unknown, apiTimeZone: string, report: ParseReport = createParseReport()): PackageInfo {
  assertTimeZone(apiTimeZone);
  if (!isRecord(data)) throw malformed('data', 'an object with the package fields', data);
  const p = (snake: string, camel: string) => pick(data, 'data', snake, camel);

  const keyField = p('package_key', 'packageKey');
  // A number is read as its decimal text, as before; a string is trimmed.
  const raw = keyField.value;
  const key = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : raw;
  if (key === undefined || key === null || key === '') {
    throw new MalformedResponseError(
      'Proxy-Seller sent the residential package without its package key (data.package_key), so its hourly traffic cannot be fetched.',
      keyField.path,
    );
  }
  // It names the history file, so only letters, digits, '-' and '_' (documented: 20 hex characters).
  if (typeof key !== 'string' || !PACKAGE_KEY_PATTERN.test(key)) {
    throw new MalformedResponseError(
      `Proxy-Seller sent a package key that is not one (${describe(key)} at ${keyField.path}; expected letters, digits, "-" or "_").`,
      keyField.path,
    );
  }

  const limitF = p('traffic_limit', 'trafficLimit');
  const usedF = p('traffic_usage', 'trafficUsage');
  const leftF = p('traffic_left', 'trafficLeft');
  const limitBytes = readCount(limitF.value, limitF.path);
  const usedBytes = readCount(usedF.value, usedF.path);
  // Not every source lists traffic_left (a v1-era SDK sample): limit minus usage then, and also when
  // it is unreadable, since the two figures it derives from were read.
  // Sub-user packages reserve traffic from the main package (traffic_limit_sub; "may be null"):
  // left is what remains after them. Not every source lists traffic_left (a v1-era SDK sample):
  // limit minus usage minus what is reserved then, and also when it is unreadable.
  const reservedF = p('traffic_limit_sub', 'trafficLimitSub');
  const givenReserved = lenient(report, reservedF.path, null, 'traffic reserved for sub-user packages not readable; worked out from the other figures', () => readOptionalCount(reservedF.value, reservedF.path));
  const derivedLeft = Math.max(0, limitBytes - usedBytes - (givenReserved ?? 0));
  const givenLeft = lenient(report, leftF.path, null, 'traffic left not readable; using limit minus usage', () => readOptionalCount(leftF.value, leftF.path));
  const leftBytes = givenLeft ?? derivedLeft;
  // What is reserved is what the three figures leave: so used + left + reserved is the limit on
  // every screen, whatever the _sub field says (it is kept as a note when it disagrees).
  const reservedBytes = givenLeft === null ? (givenReserved ?? 0) : Math.max(0, limitBytes - usedBytes - givenLeft);
  if (givenLeft !== null && givenReserved !== null && givenReserved !== reservedBytes) {
    report.note(reservedF.path, `traffic_limit_sub (${givenReserved}) does not match limit - usage - left (${reservedBytes}); using the latter`);
  }

  // The API answers "Tarif not found" when there is no package, so a package sent without a readable
  // is_active is most likely a live one; assuming inactive would show "Inactive" and mute the
  // running-low alerts for a package that serves traffic. Expiry is judged from expired_at anyway.
  const activeF = p('is_active', 'isActive');
  const active = lenient(report, activeF.path, true, 'is_active not readable; assuming active', () => readOptionalBool(activeF.value, activeF.path));
  if (activeF.value === undefined || activeF.value === null) report.note(activeF.path, 'is_active not given; assuming active');

  const expiryF = p('expired_at', 'expiredAt');
  const renewF = p('auto_renew', 'autoRenew');
  const rotationF = p('rotation', 'rotation');
  const tarifF = p('tarif_id', 'tarifId');

  return {
    key,
    active: active ?? true,
    limitBytes,
    usedBytes,
    leftBytes,
    reservedBytes,
    expiresAt: parseExpiry(expiryF.value, apiTimeZone, expiryF.path, report),
    autoRenew: lenient(report, renewF.path, null, 'auto_renew not readable; left unknown', () => readOptionalBool(renewF.value, renewF.path)),
    rotationSeconds: lenient(report, rotationF.path, null, 'rotation not readable; left unknown', () => readOptionalInt(rotationF.value, rotationF.path)),
    tariffId: lenient(report, tarifF.path, null, 'tarif_id not readable; left unknown', () => readOptionalText(tarifF.value, tarifF.path)),
  };
}
