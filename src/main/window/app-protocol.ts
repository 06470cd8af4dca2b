// The app's own scheme: the window's page is served from app://bundle/ out of out/renderer, not from
// file:// (Electron's checklist: file:// pages get extra privileges, and any file is same-origin).
// Electron-free: the resolution and the handler are plain functions that tests run in Node.
import { join, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before the app is ready: standard (a real origin, so
 * the CSP's 'self' and relative URLs work), secure (a secure context), fetch allowed for its files.
 */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } } as const;

/** What the built renderer holds; any other kind of file is not served. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface BundleFile {
  /** Absolute path inside the renderer folder. */
  path: string;
  contentType: string;
}

/**
 * Which file of the renderer folder an app:// URL names, or null when it names none: another
 * scheme or host, a port or credentials, `..` or `.` segments (also percent-encoded), encoded
 * slashes or backslashes, NUL, an empty segment, or a kind of file the bundle does not hold.
 */
export function resolveBundleFile(url: string, rendererDir: string): BundleFile | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username !== '' || parsed.password !== '') return null;
  const raw = parsed.pathname === '' || parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    // The URL parser removes plain dot segments; what is left here was hidden by encoding.
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  const name = segments.at(-1) ?? '';
  const dot = name.lastIndexOf('.');
  const contentType = dot > 0 ? CONTENT_TYPES[name.slice(dot).toLowerCase()] : undefined;
  if (!contentType) return null;
  const root = resolve(rendererDir);
  const path = join(root, ...segments);
  // A second guard: whatever the segments were, the file is inside the renderer folder.
  if (!path.startsWith(root + sep)) return null;
  return { path, contentType };
}

export interface BundleHandlerDeps {
  rendererDir: string;
  readFile: (path: string) => Promise<Uint8Array>;
}

const notFound = () => new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The protocol.handle handler: GET and HEAD of the renderer's files; 404 for anything else it is asked. */
export function createBundleHandler(deps: BundleHandlerDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    const file = resolveBundleFile(request.url, deps.rendererDir);
    if (!file) return notFound();
    let body: Uint8Array;
    try {
      body = await deps.readFile(file.path);
    } catch {
      // Missing, or a folder: the page asked for something the bundle does not have.
      return notFound();
    }
    const headers = { 'content-type': file.contentType, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
