// Where requests go. The API key is a path segment, so every URL built here is a secret:
// it goes to fetch and nowhere else (no messages, no logs).

export type ApiVersion = 'v1' | 'v2';

export const DEFAULT_BASE_URL: Readonly<Record<ApiVersion, string>> = {
  v1: 'https://proxy-seller.com/personal/api/v1/',
  v2: 'https://proxy-seller.com/personal/api/v2/',
};

/**
 * `{baseUrl}/{encodeURIComponent(apiKey)}/`. `baseUrl` stands for everything up to and including the
 * version segment; a missing trailing slash is added. Throws a TypeError (naming the base URL only,
 * which holds no key) when it is not an http(s) URL without query or fragment.
 */
export function apiRootUrl(baseUrl: string, apiKey: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(`API base URL "${baseUrl}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`API base URL "${baseUrl}" must start with https:// or http://`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new TypeError(`API base URL "${baseUrl}" must not have a query or fragment`);
  }
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${encodeURIComponent(apiKey)}/`;
}

/** An endpoint under the root, e.g. `resident/traffic/details`. */
export function endpointUrl(root: string, path: string): string {
  return root + path.replace(/^\/+/, '');
}
