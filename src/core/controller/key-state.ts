// The API key as the app knows it: where it comes from (the environment wins over the keychain),
// what the window may see of it (the last four characters), checking a new key with the API, and
// storing or removing it. The key itself leaves this module only for the API client.
import type { KeyResult, KeyStatus } from '../../shared/ipc.js';
import type { Problem } from '../../shared/types.js';
import { createHash } from 'node:crypto';
import { AccessDeniedError, KeychainUnavailableError, NoKeyError, toProblem } from '../api/errors.js';
import { ipFromMessage } from '../api/envelope.js';
import { validateApiKey, type SecretStore } from '../secrets/keychain.js';
import { errorMessage } from '../../shared/error-message.js';

export interface KeyState {
  status(): KeyStatus;
  /** Reads the keychain again (at start, and after the key changed). */
  read(): Promise<void>;
  /** The key to call the API with; NoKeyError when there is none. */
  apiKey(): Promise<string>;
  /**
   * Stores the key; with `check`, only once `check(key)` resolved (it throws the API's error).
   * `check: 'anyway'` stores without asking, but only the very key whose last check could not tell
   * (the "Store anyway" the window offered): a key the API refused outright is never stored so.
   */
  set(raw: string, check?: ((apiKey: string) => Promise<unknown>) | 'anyway'): Promise<KeyResult>;
  remove(): Promise<KeyResult>;
}

/**
 * Whether a key the API did not accept may be stored anyway. Yes when the answer says nothing
 * certain about the key: a fault on the way (network, timeout, 5xx, an unreadable answer), the
 * rate limit, and the access triple, which the API sends alike for a bad key, a disallowed IP and
 * the rate limit (docs: it cannot be told apart). Yes also for "no package": the key was accepted,
 * and the app picks the package up once one is bought. No for a refusal that is certain: this IP
 * not allowed (allow it, then save again) and any other rejection.
 */
export function storeAnywayOffered(problem: Problem): boolean {
  switch (problem.kind) {
    case 'transport':
    case 'malformed':
    case 'rate-limited':
    case 'config':
    case 'access-denied':
    case 'no-package':
      return true;
    case 'ip-not-allowed':
    case 'rejected':
    case 'no-key':
    case 'keychain-unavailable':
      return false;
  }
}

/** Why the key was not stored, in the words of the problem, and what storing it anyway means. */
function refusal(e: unknown): KeyResult {
  const problem = toProblem(e);
  const storeAnyway = storeAnywayOffered(problem);
  const lead =
    problem.kind === 'no-package'
      ? 'The key works, but this account has no residential proxy package.'
      : problem.needsAction
        ? `The key was not stored. ${problem.message}`
        : `The key could not be checked right now. ${problem.message}`;
  // The triple may name the caller's IP among its three messages: the one fact it gives for sure.
  const ip = e instanceof AccessDeniedError ? (e.errors.map((i) => ipFromMessage(i.message)).find((x) => x !== null) ?? null) : null;
  const named = ip === null ? '' : ` The answer names this computer's IP as ${ip}: if the key is right, allow that IP in your Proxy-Seller API settings.`;
  return { ok: false, message: `${lead}${named} ${problem.action}`, problem: ip === null ? problem : { ...problem, ip }, storeAnyway };
}

export function createKeyState(secrets: SecretStore, envApiKey: string | undefined): KeyState {
  const fromEnv = Boolean(envApiKey);
  let status: KeyStatus = { stored: false, last4: null, fromEnv, keychainError: null, keychainLocked: false };
  /** A digest of the candidate whose last check could not tell (never the key itself). */
  let inconclusive: string | null = null;
  const digest = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

  async function read(): Promise<void> {
    try {
      const s = await secrets.status();
      status = { stored: s.stored, last4: s.last4, fromEnv, keychainError: null, keychainLocked: false };
    } catch (e) {
      const text = e instanceof KeychainUnavailableError ? e.message : 'The system keychain could not be read.';
      const locked = e instanceof KeychainUnavailableError && e.locked;
      status = { stored: false, last4: null, fromEnv, keychainError: text, keychainLocked: locked };
    }
  }

  return {
    status: () => status,
    read,
    async apiKey() {
      const apiKey = envApiKey || (await secrets.get());
      if (!apiKey) throw new NoKeyError('No API key is set. Paste your Proxy-Seller API key in Settings.');
      return apiKey;
    },
    async set(raw, check) {
      let apiKey: string;
      try {
        apiKey = validateApiKey(raw);
      } catch (e) {
        return { ok: false, message: errorMessage(e) };
      }
      if (check === 'anyway') {
        if (inconclusive !== digest(apiKey)) return { ok: false, message: 'This key has not been checked with Proxy-Seller yet: save it to check it first.' };
      } else if (check) {
        try {
          await check(apiKey);
        } catch (e) {
          const refused = refusal(e);
          inconclusive = !refused.ok && refused.storeAnyway ? digest(apiKey) : null;
          return refused;
        }
      }
      inconclusive = null;
      try {
        await secrets.set(apiKey);
      } catch (e) {
        return { ok: false, message: e instanceof KeychainUnavailableError ? e.message : 'The key could not be stored in the system keychain.' };
      }
      await read();
      return { ok: true, key: status };
    },
    async remove() {
      try {
        await secrets.delete();
      } catch (e) {
        return { ok: false, message: e instanceof KeychainUnavailableError ? e.message : 'The key could not be removed from the system keychain.' };
      }
      await read();
      return { ok: true, key: status };
    },
  };
}
