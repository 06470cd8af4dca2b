// Where requests go. The API key is a path segment, so every URL built here is a secret:
// it goes to fetch and nowhere else (no messages, no logs).
import { ConfigError } from './errors.js';

export type ApiVersion = 'v1' | 'v2';

export const DEFAULT_BASE_URL: Readonly<Record<ApiVersion, string>> = {
  v1: 'https://proxy-seller.com/personal/api/v1/',
  v2: 'https://proxy-seller.com/personal/api/v2/',
};

/** Loopback hosts, where plain http never leaves the machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  // The URL parser has already normalised 127.1, 0x7f.0.0.1 and the like to dotted decimal.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Checks an API base URL (PROXY_SELLER_API_URL, or the demo's) and returns it with a trailing
 * slash. Throws ConfigError naming the base URL only (it holds no key): not a URL, not http(s),
 * a query or fragment, or plain http to a host other than loopback (the key is in every path, so
 * it would cross the network in clear text).
 */
export function checkBaseUrl(baseUrl: string): string {
  // Only the origin is ever quoted: a pasted URL may carry the key in its path, or a password.
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ConfigError('The API base URL is not a URL.');
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(`The API base URL (${parsed.protocol}…) must start with https:// (or http:// for this machine only).`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new ConfigError(`The API base URL (${origin}/…) must not have a query or fragment.`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError('The API base URL must not hold a user name or password.');
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new ConfigError(
      `The API base URL (${origin}/…) uses plain http to ${parsed.hostname}: the API key is part of every request path and would travel unencrypted. Use https://, or http:// only for localhost, 127.0.0.0/8 or ::1.`,
    );
  }
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

/** `{baseUrl}/{encodeURIComponent(apiKey)}/`; `baseUrl` is everything up to and including the version segment. */
export function apiRootUrl(baseUrl: string, apiKey: string): string {
  return `${checkBaseUrl(baseUrl)}${encodeURIComponent(apiKey)}/`;
}

/** An endpoint under the root, e.g. `resident/traffic/details`. */
export function endpointUrl(root: string, path: string): string {
  return root + path.replace(/^\/+/, '');
}
