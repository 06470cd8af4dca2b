// `GET resident/package` data -> PackageInfo. Snake_case first (the docs), camelCase second (one SDK).
import type { PackageInfo } from '../../../shared/types.js';
import { parseExpiry } from './parse-expiry.js';
import { PACKAGE_KEY_PATTERN } from '../../../shared/types.js';
import {
  assertTimeZone,
  isRecord,
  malformed,
  pick,
  readCount,
  readOptionalBool,
  readOptionalCount,
  readOptionalInt,
  readOptionalText,
} from './parse-values.js';

export function parsePackage(data: unknown, apiTimeZone: string): PackageInfo {
  assertTimeZone(apiTimeZone);
  if (!isRecord(data)) throw malformed('data', 'an object with the package fields', data);
  const p = (snake: string, camel: string) => pick(data, 'data', snake, camel);

  const keyField = p('package_key', 'packageKey');
  const key = readOptionalText(keyField.value, keyField.path);
  if (key === null) throw malformed(keyField.path, 'the package key (a non-empty string)', keyField.value);
  // It names the history file, so only letters, digits, '-' and '_' (documented: 20 hex characters).
  if (!PACKAGE_KEY_PATTERN.test(key)) throw malformed(keyField.path, 'a package key of letters, digits, "-" or "_"', key);

  const limitF = p('traffic_limit', 'trafficLimit');
  const usedF = p('traffic_usage', 'trafficUsage');
  const leftF = p('traffic_left', 'trafficLeft');
  const limitBytes = readCount(limitF.value, limitF.path);
  const usedBytes = readCount(usedF.value, usedF.path);
  // Not every source lists traffic_left; derive it when absent rather than refuse the package.
  const leftBytes = readOptionalCount(leftF.value, leftF.path) ?? Math.max(0, limitBytes - usedBytes);

  const activeF = p('is_active', 'isActive');
  const active = readOptionalBool(activeF.value, activeF.path);
  if (active === null) throw malformed(activeF.path, 'a boolean (true/false, 1/0)', activeF.value);

  const expiryF = p('expired_at', 'expiredAt');
  const renewF = p('auto_renew', 'autoRenew');
  const rotationF = p('rotation', 'rotation');
  const tarifF = p('tarif_id', 'tarifId');

  return {
    key,
    active,
    limitBytes,
    usedBytes,
    leftBytes,
    expiresAt: parseExpiry(expiryF.value, apiTimeZone, expiryF.path),
    autoRenew: readOptionalBool(renewF.value, renewF.path),
    rotationSeconds: readOptionalInt(rotationF.value, rotationF.path),
    tariffId: readOptionalText(tarifF.value, tarifF.path),
  };
}
