// The API key in the OS keychain. This is the only module that touches keytar, so a drop-in
// (e.g. '@napi-rs/keyring/keytar') replaces it by changing KEYTAR_MODULE. There is never a
// plaintext fallback: if the keychain cannot be used, callers get KeychainUnavailableError.
import { createRequire } from 'node:module';
import { KeychainUnavailableError } from '../api/errors.js';
import { redactSecrets } from '../api/redact.js';
import { errorMessage } from '../../shared/error-message.js';
import type { StoredKey } from '../../shared/types.js';
import { createSerial } from '../serial.js';

export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface SecretStore {
  get(): Promise<string | null>;
  set(apiKey: string): Promise<void>;
  delete(): Promise<boolean>;
  status(): Promise<StoredKey>;
}

export const KEYCHAIN_SERVICE = 'proxy-seller-traffic-tray';
export const KEYCHAIN_ACCOUNT = 'api-key';
/** Written and removed at once to tell a locked Linux keyring from one without a key (see get). */
export const KEYCHAIN_PROBE_ACCOUNT = 'api-key-write-probe';
/** Names another keychain entry (a second account, or tests that must never touch the real key). */
export const KEYCHAIN_SERVICE_ENV = 'PROXY_SELLER_KEYCHAIN_SERVICE';

/** The service name the app and the CLI both use: $PROXY_SELLER_KEYCHAIN_SERVICE, else the default. */
export function keychainService(env: Readonly<Record<string, string | undefined>>): string {
  return env[KEYCHAIN_SERVICE_ENV]?.trim() || KEYCHAIN_SERVICE;
}

const KEYTAR_MODULE = 'keytar';
/**
 * Every keychain call of the process, one at a time: libsecret's async calls from one process at
 * once (two accounts read together, two probes) were seen to hang keytar for good
 * ("g_task_return_boolean: assertion '!task->ever_returned' failed"). They are a few ms each.
 */
const oneAtATime = createSerial();
const MIN_KEY_LENGTH = 8;
const MAX_KEY_LENGTH = 256;

/**
 * Loaded on first use, not at import: keytar is a native CJS addon, and a missing libsecret
 * must surface as our error when the key is needed, not crash the app at start.
 */
function loadKeytar(): KeytarLike {
  const mod: unknown = createRequire(import.meta.url)(KEYTAR_MODULE);
  if (!isKeytarLike(mod)) throw new Error(`${KEYTAR_MODULE} does not have the expected functions`);
  return mod;
}

function isKeytarLike(mod: unknown): mod is KeytarLike {
  if (typeof mod !== 'object' || mod === null) return false;
  const m = mod as Record<string, unknown>;
  return typeof m.getPassword === 'function' && typeof m.setPassword === 'function' && typeof m.deletePassword === 'function';
}

/**
 * Trim and check a key typed or pasted by the user. The key goes into a URL path, so
 * whitespace, control characters and '/' cannot be part of a real one. Messages never quote it.
 */
export function validateApiKey(raw: string): string {
  const key = raw.trim();
  if (key.length === 0) throw new RangeError('The API key is empty.');
  if (/\s/u.test(key)) throw new RangeError('The API key must not contain spaces, tabs or line breaks.');
  if (/\p{Cc}/u.test(key)) throw new RangeError('The API key contains a control character.');
  if (key.includes('/')) throw new RangeError("The API key must not contain '/'.");
  if (key.length < MIN_KEY_LENGTH) {
    throw new RangeError(`The API key is too short (${key.length} characters; at least ${MIN_KEY_LENGTH} expected).`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`The API key is too long (${key.length} characters; at most ${MAX_KEY_LENGTH} allowed).`);
  }
  return key;
}

const PREFIX = 'The system keychain is not available';
const LOCKED_PREFIX = 'The system keychain is locked';

/** Known failure texts from libsecret/GDBus, macOS Security and Windows Credential Manager. */
const CAUSES: ReadonlyArray<{ test: RegExp; cause: string; locked?: true }> = [
  {
    test: /Cannot autolaunch D-Bus/i,
    cause: 'no D-Bus session bus is running (DBUS_SESSION_BUS_ADDRESS is not set and there is no X11 display to start one). Run inside a desktop session, or start one with dbus-run-session.',
  },
  {
    test: /Could not connect|Failed to connect to socket|Connection refused|Error receiving data|Connection closed|Underlying GIOStream/i,
    cause: 'the D-Bus session bus cannot be reached (check DBUS_SESSION_BUS_ADDRESS, or run inside a desktop session).',
  },
  {
    test: /org\.freedesktop\.secrets|ServiceUnknown|NameHasNoOwner|not provided by any \.service files/i,
    cause: 'no Secret Service is running on D-Bus (install and start gnome-keyring).',
  },
  {
    test: /collection\/login|does not exist at path/i,
    cause: 'the Secret Service has no default keyring ("login"). Create one in Passwords and Keys (Seahorse), or start gnome-keyring with --unlock.',
  },
  {
    test: /\blocked\b|prompt|dismissed|cancel/i,
    cause: 'the keyring could not be unlocked (its unlock prompt could not be shown or was dismissed).',
    locked: true,
  },
  {
    test: /User interaction is not allowed|passphrase|authorization|not correct/i,
    cause: 'the macOS keychain is locked or refused access (unlock it in Keychain Access).',
    locked: true,
  },
];

/** Replace every occurrence of the secret, so no message can carry it even by accident. */
function unavailable(e: unknown, secret: string | null): KeychainUnavailableError {
  if (e instanceof KeychainUnavailableError) return e;
  // The same redaction as for server text: every encoded form of the key, too.
  const detail = redactSecrets(errorMessage(e), secret ? [secret] : []);
  const known = CAUSES.find((c) => c.test.test(detail));
  if (known?.locked) return new KeychainUnavailableError(`${LOCKED_PREFIX}: ${known.cause}`, { locked: true });
  if (known) return new KeychainUnavailableError(`${PREFIX}: ${known.cause}`);
  // Unknown failure: our words plus the library's text, trimmed to one line.
  const line = detail.split('\n')[0]?.slice(0, 200) ?? '';
  return new KeychainUnavailableError(`${PREFIX}: ${line || 'the keychain call failed for an unknown reason.'}`);
}

function loadFailure(e: unknown): KeychainUnavailableError {
  const detail = errorMessage(e).split('\n')[0]?.slice(0, 200) ?? '';
  const hint = /libsecret/i.test(detail)
    ? ' Install libsecret (on Debian/Ubuntu: apt-get install libsecret-1-0).'
    : ' Reinstall the app; on Linux, libsecret must be installed.';
  return new KeychainUnavailableError(`${PREFIX}: the keychain library (${KEYTAR_MODULE}) could not be loaded (${detail}).${hint}`);
}

export interface SecretStoreOptions {
  loadKeytar?: () => KeytarLike;
  service?: string;
  account?: string;
  /** Where a lookup can answer "nothing" for a locked keyring: Linux (default: this process's platform). */
  platform?: NodeJS.Platform;
}

export function createSecretStore(opts: SecretStoreOptions = {}): SecretStore {
  const load = opts.loadKeytar ?? loadKeytar;
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const account = opts.account ?? KEYCHAIN_ACCOUNT;
  const platform = opts.platform ?? process.platform;
  let keytar: KeytarLike | null = null;

  function lib(): KeytarLike {
    if (keytar) return keytar;
    try {
      keytar = load();
    } catch (e) {
      throw loadFailure(e);
    }
    return keytar;
  }

  /** Run one keychain call; every failure becomes KeychainUnavailableError without the secret. */
  async function call<T>(fn: (k: KeytarLike) => Promise<T>, secret: string | null): Promise<T> {
    const k = lib();
    try {
      return await oneAtATime(() => fn(k));
    } catch (e) {
      throw unavailable(e, secret);
    }
  }

  async function lookup(): Promise<string | null> {
    const value = await call((k) => k.getPassword(service, account), null);
    return value === null || value === '' ? null : value;
  }

  /**
   * libsecret answers a lookup in a locked keyring whose unlock prompt cannot open (no display, a
   * dismissed prompt) with nothing, exactly as if no key were stored; only a write fails there
   * ("Cannot create an item in a locked collection"). So on Linux "nothing" is checked with a
   * throwaway entry, written and removed at once: a failure is the locked keychain, thrown.
   */
  async function get(): Promise<string | null> {
    const value = await lookup();
    if (value !== null || platform !== 'linux') return value;
    // The global Web Crypto: importing node:crypto would cost every CLI start.
    const probe = `probe-${crypto.randomUUID()}`;
    await call((k) => k.setPassword(service, KEYCHAIN_PROBE_ACCOUNT, probe), probe);
    await call((k) => k.deletePassword(service, KEYCHAIN_PROBE_ACCOUNT), null).catch(() => false);
    // The probe's prompt may have unlocked the keyring just now: read once more.
    return lookup();
  }

  return {
    get,
    async set(apiKey: string): Promise<void> {
      const key = validateApiKey(apiKey);
      await call((k) => k.setPassword(service, account, key), key);
    },
    delete: () => call((k) => k.deletePassword(service, account), null),
    async status(): Promise<StoredKey> {
      const key = await get();
      return key === null ? { stored: false, last4: null } : { stored: true, last4: key.slice(-4) };
    },
  };
}
