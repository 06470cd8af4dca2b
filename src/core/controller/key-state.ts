// The API key as the app knows it: where it comes from (the environment wins over the keychain),
// what the window may see of it (the last four characters), and storing or removing it. The key
// itself leaves this module only for the API client.
import type { KeyResult, KeyStatus } from '../../shared/ipc.js';
import { KeychainUnavailableError, NoKeyError } from '../api/errors.js';
import { validateApiKey, type SecretStore } from '../secrets/keychain.js';
import { errorMessage } from '../../shared/error-message.js';

export interface KeyState {
  status(): KeyStatus;
  /** Reads the keychain again (at start, and after the key changed). */
  read(): Promise<void>;
  /** The key to call the API with; NoKeyError when there is none. */
  apiKey(): Promise<string>;
  set(raw: string): Promise<KeyResult>;
  remove(): Promise<KeyResult>;
}

export function createKeyState(secrets: SecretStore, envApiKey: string | undefined): KeyState {
  const fromEnv = Boolean(envApiKey);
  let status: KeyStatus = { stored: false, last4: null, fromEnv, keychainError: null, keychainLocked: false };

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
    async set(raw) {
      let apiKey: string;
      try {
        apiKey = validateApiKey(raw);
      } catch (e) {
        return { ok: false, message: errorMessage(e) };
      }
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
