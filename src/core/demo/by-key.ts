// Several demo accounts behind one fetch: each request goes to the demo API of the key in its URL
// (`/personal/api/{version}/{key}/...`), as the real API tells accounts apart. A key none of them
// knows goes to the first, which answers it as the API answers a wrong key.
import type { FetchLike } from '../ports.js';
import type { DemoApi } from './api.js';

export interface KeyedDemoApi {
  apiKey: string;
  api: DemoApi;
}

/** The key segment of a request URL, URL-decoded; null when there is none. */
export function keyOfUrl(url: string): string | null {
  const segs = new URL(url).pathname.split('/');
  if (segs.length < 5 || segs[1] !== 'personal' || segs[2] !== 'api') return null;
  try {
    return decodeURIComponent(segs[4] ?? '');
  } catch {
    return null;
  }
}

export function fetchByKey(apis: readonly KeyedDemoApi[]): FetchLike {
  const first = apis[0];
  if (!first) throw new TypeError('demo: fetchByKey needs at least one API');
  return (url, init) => {
    const key = keyOfUrl(url);
    return (apis.find((a) => a.apiKey === key) ?? first).api.fetch(url, init);
  };
}
