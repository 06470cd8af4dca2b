// A failed fetch -> TransportError built from error codes only. Node's undici and Electron's net put
// the request URL (and so the API key) into some messages and causes: none of that text is kept.
import { TransportError, type TransportCause } from './errors.js';

const CODE_RE = /^[A-Z][A-Z0-9_]{1,63}$/;
const CHROMIUM_RE = /\bnet::(ERR_[A-Z0-9_]{1,60})\b/;

/** Error codes found on the error, its cause chain and aggregated errors (depth-limited). */
export function errorCodes(e: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number): void => {
    if (depth > 5 || typeof x !== 'object' || x === null || seen.has(x)) return;
    seen.add(x);
    const rec = x as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof rec.code === 'string' && CODE_RE.test(rec.code)) out.push(rec.code);
    if (typeof rec.message === 'string') {
      const m = CHROMIUM_RE.exec(rec.message);
      if (m?.[1] !== undefined) out.push(m[1]);
    }
    visit(rec.cause, depth + 1);
    if (Array.isArray(rec.errors)) for (const inner of rec.errors) visit(inner, depth + 1);
  };
  visit(e, 0);
  return out;
}

function causeOfCode(code: string): TransportCause | null {
  if (/^(ECONNREFUSED|ERR_CONNECTION_REFUSED)$/.test(code)) return 'refused';
  if (/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED)$/.test(code)) return 'dns';
  if (/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT)$/.test(code)) return 'timeout';
  if (/^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_CONNECTION_ABORTED|ERR_EMPTY_RESPONSE)$/.test(code)) return 'reset';
  if (
    /CERT|^ERR_TLS_|^ERR_SSL_|^UNABLE_TO_(VERIFY|GET)_|SELF_SIGNED|^EPROTO$|^ERR_BAD_SSL_CLIENT_AUTH_CERT$/.test(code)
  ) return 'tls';
  return null;
}

const WHAT: Record<TransportCause, string> = {
  timeout: 'timed out',
  dns: 'could not be resolved (DNS)',
  refused: 'refused the connection',
  reset: 'dropped the connection',
  tls: 'failed the TLS (certificate) check',
  http: 'answered with an HTTP error',
  html: 'answered with a web page instead of JSON',
  truncated: 'sent a cut-off answer',
  aborted: 'request was cancelled',
  network: 'could not be reached',
};

export function transportMessage(cause: TransportCause, detail?: string): string {
  const base = cause === 'aborted' ? 'The request to Proxy-Seller was cancelled' : `Proxy-Seller ${WHAT[cause]}`;
  return detail === undefined ? `${base}.` : `${base} (${detail}).`;
}

/** The TransportError for a thrown fetch/body error; the original error is dropped, codes kept. */
export function networkFault(e: unknown): TransportError {
  const codes = errorCodes(e);
  let cause: TransportCause = 'network';
  for (const c of codes) {
    const mapped = causeOfCode(c);
    if (mapped !== null) {
      cause = mapped;
      break;
    }
  }
  const code = codes[0];
  return new TransportError(transportMessage(cause, code), cause);
}

/**
 * Electron's net.fetch never hands back a 3xx answer under redirect 'manual': it rejects with this
 * message (Node's fetch returns the answer instead). Either way the redirect was not followed.
 */
export function isCancelledRedirect(e: unknown): boolean {
  return e instanceof Error && e.message === 'Redirect was cancelled';
}

/** Not retried and not followed: the request URL holds the key. */
export function redirectRefused(status: number | null): TransportError {
  return new TransportError(transportMessage('http', `redirected (HTTP ${status ?? '3xx'}), not followed because the request URL holds the API key`), 'http', status);
}
