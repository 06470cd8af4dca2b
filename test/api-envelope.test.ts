import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessDeniedError,
  ConfigError,
  IpNotAllowedError,
  NoPackageError,
  RateLimitedError,
  RejectedError,
  TransportError,
  type ApiErrorItem,
} from '../src/core/api/errors.js';
import { classifyApiErrors, ipFromMessage, readEnvelope, unwrapEnvelope } from '../src/core/api/envelope.js';
import { redactSecrets } from '../src/core/api/redact.js';
import { backoffMs, parseRetryAfter, withRetries, type AttemptOutcome } from '../src/core/api/retry.js';
import { apiRootUrl, checkBaseUrl, DEFAULT_BASE_URL, endpointUrl } from '../src/core/api/url.js';
import { networkFault } from '../src/core/api/network-fault.js';

const item = (message: string, code: number | null = 503): ApiErrorItem => ({ message, code });
const noRedact = (s: string): string => s;

describe('classifyApiErrors', () => {
  test('the access triple is AccessDenied and keeps all three messages', () => {
    const items = [item('Error api key'), item('IP not allowed'), item('Request limit reached')];
    const e = classifyApiErrors(items);
    assert.ok(e instanceof AccessDeniedError);
    assert.deepEqual(e.errors, items);
    for (const m of ['Error api key', 'IP not allowed', 'Request limit reached']) assert.ok(e.message.includes(m));
  });

  test('"Error api key" alone is AccessDenied too', () => {
    assert.ok(classifyApiErrors([item('Error api key')]) instanceof AccessDeniedError);
  });

  test('IP not allowed alone: the IP is parsed (IPv4, IPv6) or null', () => {
    const cases: Array<[string, string | null]> = [
      ['IP not allowed 203.0.113.7', '203.0.113.7'],
      ['IP not allowed 2001:db8::42', '2001:db8::42'],
      ['IP not allowed: [2001:db8::]', '2001:db8::'],
      ['IP not allowed', null],
      ['IP not allowed for you', null],
      ['IP not allowed 999.1.1.1', null],
    ];
    for (const [message, ip] of cases) {
      const e = classifyApiErrors([item(message)]);
      assert.ok(e instanceof IpNotAllowedError, message);
      assert.equal(e.ip, ip, message);
      if (ip !== null) assert.ok(e.message.includes(ip));
    }
    assert.equal(ipFromMessage('Error api key'), null);
  });

  test('an IP from customData is used when the text names none', () => {
    const env = readEnvelope(
      { status: 'error', data: null, errors: [{ message: 'IP not allowed', code: 503, customData: { ip: '198.51.100.2' } }] },
      noRedact,
    );
    assert.ok(env);
    assert.throws(() => unwrapEnvelope(env), (e: unknown) => e instanceof IpNotAllowedError && e.ip === '198.51.100.2');
  });

  test('"Request limit reached" alone is RateLimited with no wait', () => {
    const e = classifyApiErrors([item('Request limit reached')]);
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.retryAfterMs, null);
  });

  test('Tarif not found and not-found without "key is required" are NoPackage', () => {
    assert.ok(classifyApiErrors([item('Tarif not found', 0)]) instanceof NoPackageError);
    assert.ok(classifyApiErrors([item('not-found', 404), item('not-found (404)', 0)]) instanceof NoPackageError);
    assert.ok(classifyApiErrors([item('not-found (404)', 0)]) instanceof NoPackageError);
  });

  test('access errors the server helper knows: "Error auth." messages and codes 2 and 3 are AccessDenied', () => {
    for (const items of [
      [item('Error auth. Key not found', 0)],
      [item('error auth.', null)],
      [item('Access denied', 2)],
      [item('Forbidden', 3)],
      [{ message: 'Forbidden', code: '3' }],
    ]) {
      const e = classifyApiErrors(items);
      assert.ok(e instanceof AccessDeniedError, JSON.stringify(items));
      assert.deepEqual(e.errors, items);
    }
    // Only at the start: a message that merely mentions it stays Rejected.
    assert.ok(classifyApiErrors([item('Unknown Error auth. thing', 0)]) instanceof RejectedError);
  });

  test('"IP address is not allowed" (third-party fixture) is IP not allowed, with its IP when given', () => {
    const bare = classifyApiErrors([item('IP address is not allowed', 0)]);
    assert.ok(bare instanceof IpNotAllowedError);
    assert.equal(bare.ip, null);
    const withIp = classifyApiErrors([item('IP address is not allowed 198.51.100.9', 0)]);
    assert.ok(withIp instanceof IpNotAllowedError);
    assert.equal(withIp.ip, '198.51.100.9');
  });

  test('anything else, e.g. the "key is required" triple, is Rejected with the messages joined', () => {
    const e = classifyApiErrors([item('key is required', 0), item('not-found', 404), item('not-found (404)', 0)]);
    assert.ok(e instanceof RejectedError);
    assert.equal(e.message, 'key is required; not-found; not-found (404)');
    assert.ok(classifyApiErrors([item('Something new', 7)]) instanceof RejectedError);
    // IP + an unrelated message is not "IP alone".
    assert.ok(classifyApiErrors([item('IP not allowed 1.2.3.4'), item('Other')]) instanceof RejectedError);
    assert.ok(classifyApiErrors([]) instanceof RejectedError);
  });
});

describe('envelope', () => {
  test('success gives data; non-envelopes give null', () => {
    const env = readEnvelope({ status: 'success', data: { a: 1 }, errors: [] }, noRedact);
    assert.ok(env);
    assert.deepEqual(unwrapEnvelope(env), { data: { a: 1 }, warning: null });
    assert.equal(readEnvelope({ message: 'Server Error' }, noRedact), null);
    assert.equal(readEnvelope([], noRedact), null);
    assert.equal(readEnvelope({ status: 'weird', data: 1 }, noRedact), null);
  });

  test('status "error" with empty or absent errors and non-null data is a warning: the data is used', () => {
    for (const errors of [[], undefined]) {
      const env = readEnvelope({ status: 'error', data: { x: 1 }, errors }, noRedact);
      assert.ok(env);
      const u = unwrapEnvelope(env);
      assert.deepEqual(u.data, { x: 1 });
      assert.ok(u.warning !== null);
    }
    // An empty PHP array is data too.
    const env = readEnvelope({ status: 'error', data: [], errors: [] }, noRedact);
    assert.ok(env);
    assert.deepEqual(unwrapEnvelope(env).data, []);
  });

  test('status "error" with errors throws even when data is present', () => {
    const env = readEnvelope({ status: 'error', data: { x: 1 }, errors: [{ message: 'Tarif not found', code: 0 }] }, noRedact);
    assert.ok(env);
    assert.throws(() => unwrapEnvelope(env), NoPackageError);
  });

  test('a message nested 10,000 deep is described, not serialised: a typed error, no stack overflow', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { m: deep };
    const env = readEnvelope({ status: 'error', data: null, errors: [{ message: deep, code: 7 }, { message: ['x'], code: 8 }] }, noRedact);
    assert.ok(env);
    assert.deepEqual(env.errors, [
      { message: '(a message that is not text: an object)', code: 7 },
      { message: '(a message that is not text: an array of 1)', code: 8 },
    ]);
    assert.throws(() => unwrapEnvelope(env), (e: unknown) => e instanceof RejectedError && e.message.includes('not text'));
  });

  test('server text is redacted as it is read', () => {
    const env = readEnvelope(
      { status: 'error', data: null, errors: [{ message: 'bad path /api/v1/K3Y/x', code: 'K3Y' }] },
      (s) => redactSecrets(s, ['K3Y']),
    );
    assert.deepEqual(env?.errors, [{ message: 'bad path /api/v1/***/x', code: '***' }]);
  });
});

describe('redactSecrets', () => {
  const key = 'SECRET-abc/123+xyz';
  test('raw, encodeURIComponent, encodeURI, form and JSON-escaped forms, any case of escapes', () => {
    const text = [
      key,
      encodeURIComponent(key),
      encodeURIComponent(key).toLowerCase(),
      encodeURI(key),
      'SECRET-abc%2F123%2Bxyz',
      'SECRET-abc\\/123+xyz',
    ].join(' | ');
    const out = redactSecrets(text, [key]);
    assert.equal(out, '*** | *** | *** | *** | *** | ***');
  });
  test('several secrets; empty ones ignored; text without secrets unchanged', () => {
    assert.equal(redactSecrets('a pw1 b k2 c', ['pw1', '', 'k2']), 'a *** b *** c');
    assert.equal(redactSecrets('nothing here', ['']), 'nothing here');
    assert.equal(redactSecrets('a.b', ['.']), 'a***b');
  });
});

describe('Retry-After and backoff', () => {
  const now = Date.UTC(2026, 0, 20, 12, 0, 0);
  test('seconds, HTTP-date, past date, junk', () => {
    assert.equal(parseRetryAfter('5', now), 5000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter(new Date(now + 42_000).toUTCString(), now), 42_000);
    assert.equal(parseRetryAfter('Tue, 20 Jan 2026 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter('-3', now), null);
    assert.equal(parseRetryAfter('', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });
  test('exponential from 1 s with jitter, capped', () => {
    assert.equal(backoffMs(0, () => 0.5), 1000);
    assert.equal(backoffMs(1, () => 0.5), 2000);
    assert.equal(backoffMs(2, () => 0), 3000);
    assert.equal(backoffMs(2, () => 0.999999), 5000);
    assert.equal(backoffMs(20, () => 0.5), 30_000);
  });
  test('withRetries: waits, gives up after maxRetries with the last error, honours long Retry-After at once', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => void waits.push(ms);
    let calls = 0;
    const fail = async (): Promise<AttemptOutcome<number>> => {
      calls++;
      return { kind: 'retry', error: new TransportError(`t${calls}`, 'http', 502), retryAfterMs: null };
    };
    await assert.rejects(withRetries(fail, { maxRetries: 2, maxRetryWaitMs: 60_000, sleep, random: () => 0.5 }), /t3/);
    assert.equal(calls, 3);
    assert.deepEqual(waits, [1000, 2000]);

    calls = 0;
    const long = async (): Promise<AttemptOutcome<number>> => {
      calls++;
      return { kind: 'retry', error: new RateLimitedError('r', 120_000), retryAfterMs: 120_000 };
    };
    await assert.rejects(withRetries(long, { maxRetries: 3, maxRetryWaitMs: 60_000, sleep, random: () => 0.5 }), RateLimitedError);
    assert.equal(calls, 1);
  });
});

describe('URLs', () => {
  test('v1, v2, custom base; the key is one encoded path segment', () => {
    assert.equal(endpointUrl(apiRootUrl(DEFAULT_BASE_URL.v1, 'abc'), 'resident/package'), 'https://proxy-seller.com/personal/api/v1/abc/resident/package');
    assert.equal(apiRootUrl(DEFAULT_BASE_URL.v2, 'a/b+c d'), 'https://proxy-seller.com/personal/api/v2/a%2Fb%2Bc%20d/');
    assert.equal(apiRootUrl('http://127.0.0.1:9/x/v1', 'k'), 'http://127.0.0.1:9/x/v1/k/');
    assert.throws(() => apiRootUrl('ftp://x/', 'k'), ConfigError);
    assert.throws(() => apiRootUrl('not a url', 'k'), ConfigError);
  });

  test('plain http is refused for any host but loopback, where the key cannot cross a network', () => {
    for (const ok of ['http://localhost:8080/v1/', 'http://LOCALHOST/v1', 'http://127.0.0.1/v1/', 'http://127.9.8.7:1/v1/', 'http://127.1/v1/', 'http://[::1]:9/v1/']) {
      assert.match(apiRootUrl(ok, 'k'), /\/k\/$/, ok);
    }
    for (const bad of ['http://proxy-seller.com/personal/api/v1/', 'http://10.0.0.1/v1/', 'http://128.0.0.1/v1/', 'http://localhost.evil.com/v1/', 'http://[::2]/v1/', 'http://0.0.0.0/v1/']) {
      assert.throws(
        () => apiRootUrl(bad, 'SECRETKEY'),
        (e: unknown) => e instanceof ConfigError && /plain http/.test(e.message) && /https:\/\//.test(e.message) && !e.message.includes('SECRETKEY'),
        bad,
      );
    }
    assert.equal(checkBaseUrl('https://example.com/api/v1'), 'https://example.com/api/v1/', 'https goes anywhere');
  });

  test('a user name or password in the base URL is refused and never quoted', () => {
    assert.throws(
      () => checkBaseUrl('https://me:hunter2@example.com/v1/'),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('hunter2'),
    );
    assert.throws(
      () => checkBaseUrl('ftp://me:hunter2@example.com/v1/'),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('hunter2'),
    );
  });

  test('a base URL pasted with the key in its path never quotes the path', () => {
    for (const bad of ['http://example.com/personal/api/v1/SECRETKEY123/', 'https://example.com/v1/SECRETKEY123/?x=1', 'ftp://example.com/SECRETKEY123', 'not a url SECRETKEY123']) {
      assert.throws(() => checkBaseUrl(bad), (e: unknown) => e instanceof ConfigError && !e.message.includes('SECRETKEY123'), bad);
    }
  });
});

describe('network faults', () => {
  const undici = (code: string): Error => {
    const e = new TypeError('fetch failed');
    (e as { cause?: unknown }).cause = Object.assign(new Error(`connect ${code} https://x/personal/api/v1/SECRET/`), { code });
    return e;
  };
  test('codes map to causes; the original text (with the URL) is dropped', () => {
    const cases: Array<[unknown, string]> = [
      [undici('ECONNREFUSED'), 'refused'],
      [undici('ENOTFOUND'), 'dns'],
      [undici('EAI_AGAIN'), 'dns'],
      [undici('ECONNRESET'), 'reset'],
      [undici('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls'],
      [undici('CERT_HAS_EXPIRED'), 'tls'],
      [undici('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
      [undici('UND_ERR_CONNECT_TIMEOUT'), 'timeout'],
      [new Error('net::ERR_CONNECTION_REFUSED https://x/SECRET/'), 'refused'],
      [new Error('net::ERR_CERT_AUTHORITY_INVALID'), 'tls'],
      [new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'SECRET'), 'refused'],
      [new Error('something https://x/SECRET/'), 'network'],
      ['a string', 'network'],
    ];
    for (const [err, cause] of cases) {
      const t = networkFault(err);
      assert.equal(t.cause, cause, String(err));
      assert.ok(!JSON.stringify(t).includes('SECRET') && !t.message.includes('SECRET') && !String(t.stack).includes('SECRET'));
    }
  });
});
