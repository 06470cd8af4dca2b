// Typed errors a caller can act on. Messages are built from API text and our own words only:
// never from a URL, because every Proxy-Seller URL carries the API key.
import { KEYCHAIN_START_ADVICE, KEYCHAIN_UNLOCK_ADVICE } from '../../shared/keychain-advice.js';
import type { Problem, ProblemKind } from '../../shared/types.js';
import { SECOND_MS } from '../../shared/time-constants.js';

export interface ApiErrorItem {
  message: string;
  code: number | string | null;
}

export type TransportCause =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'http'
  | 'html'
  | 'truncated'
  | 'aborted'
  | 'network';

export abstract class ApiError extends Error {
  abstract readonly kind: ProblemKind;
  /** The API's own error list, when it sent one. */
  readonly errors: readonly ApiErrorItem[];
  constructor(message: string, errors: readonly ApiErrorItem[] = []) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

/** The "Error api key" answer: bad key, IP not allowed, or rate limit; the API does not say which. */
export class AccessDeniedError extends ApiError {
  readonly kind = 'access-denied' as const;
}

export class IpNotAllowedError extends ApiError {
  readonly kind = 'ip-not-allowed' as const;
  constructor(
    message: string,
    readonly ip: string | null,
    errors: readonly ApiErrorItem[] = [],
  ) {
    super(message, errors);
  }
}

export class RateLimitedError extends ApiError {
  readonly kind = 'rate-limited' as const;
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
    errors: readonly ApiErrorItem[] = [],
    /** When the wait ends (epoch ms), fixed when the answer came; null when the server gave none. */
    readonly retryAt: number | null = null,
  ) {
    super(message, errors);
  }
}

/** `Tarif not found`, `not-found`: the account has no residential package (or an unknown one). */
export class NoPackageError extends ApiError {
  readonly kind = 'no-package' as const;
}

/** Any other business error (`status: "error"` with messages), e.g. `key is required`. */
export class RejectedError extends ApiError {
  readonly kind = 'rejected' as const;
}

/** Timeout, DNS, refused, TLS, 5xx, HTML or truncated body. */
export class TransportError extends ApiError {
  readonly kind = 'transport' as const;
  constructor(
    message: string,
    override readonly cause: TransportCause,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The answer was JSON but not of the documented shape. `path` says where. */
export class MalformedResponseError extends ApiError {
  readonly kind = 'malformed' as const;
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/**
 * An answer larger than the client reads from one response (JSON.parse of it would hold the main
 * process too long). Asking for a shorter span helps if the account simply has many lists.
 */
export class AnswerTooLargeError extends MalformedResponseError {
  constructor(
    path: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `Proxy-Seller's answer for ${path} is larger than the ${Math.round(limitBytes / 1_000_000)} MB this app reads from one answer${bytes > limitBytes ? ` (${(bytes / 1_000_000).toFixed(1)} MB)` : ''}.`,
      'data',
    );
  }
}

/** The configuration cannot work (e.g. PROXY_SELLER_API_URL is not an https URL): the user must fix it. */
export class ConfigError extends Error {
  readonly kind = 'config' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** No API key stored or given. */
export class NoKeyError extends Error {
  readonly kind = 'no-key' as const;
  constructor(message = 'No Proxy-Seller API key is set.') {
    super(message);
    this.name = 'NoKeyError';
  }
}

/** The OS keychain cannot be reached (no Secret Service on Linux, locked, missing library). */
export class KeychainUnavailableError extends Error {
  readonly kind = 'keychain-unavailable' as const;
  /** Reachable but locked (or its unlock prompt cannot open): unlocking it is the remedy. */
  readonly locked: boolean;
  constructor(message: string, opts: { locked?: boolean } = {}) {
    super(message);
    this.name = 'KeychainUnavailableError';
    this.locked = opts.locked ?? false;
  }
}

/** The errors toProblem() words for the user: what a sync, the key or the settings can fail with. */
export type ProblemError = ApiError | NoKeyError | KeychainUnavailableError | ConfigError;

export function isProblemError(e: unknown): e is ProblemError {
  return e instanceof ApiError || e instanceof NoKeyError || e instanceof KeychainUnavailableError || e instanceof ConfigError;
}

/** Passing faults are retried with backoff; the others need the user and are retried slowly. */
export function isTransient(e: unknown): boolean {
  return e instanceof TransportError || e instanceof MalformedResponseError || e instanceof RateLimitedError;
}

/** "45 s", "12 min", "3 h", "2.5 h": a wait in the unit a person reads. */
function waitText(ms: number): string {
  const secs = Math.ceil(ms / SECOND_MS);
  if (secs <= 120) return `${secs} s`;
  if (secs < 2 * 3600) return `${Math.round(secs / 60)} min`;
  const hours = Math.round(secs / 360) / 10;
  return `${hours} h`;
}

/** Turn any error into a Problem the UI and CLI can show. Unknown errors become transport faults. */
export function toProblem(e: unknown): Problem {
  if (e instanceof AccessDeniedError) {
    return {
      kind: e.kind,
      needsAction: true,
      message:
        'Proxy-Seller refused the request: the API key is wrong, this IP is not allowed, or the request limit was reached (the API does not say which).',
      action:
        'Check the API key, add this IP to the allowed list in your Proxy-Seller API settings, or wait a minute.',
    };
  }
  if (e instanceof IpNotAllowedError) {
    return {
      kind: e.kind,
      needsAction: true,
      ...(e.ip ? { ip: e.ip } : {}),
      message: e.ip ? `IP ${e.ip} is not allowed to use this API key.` : 'This IP is not allowed to use this API key.',
      action: e.ip
        ? `Add ${e.ip} in your Proxy-Seller API settings (allowed IPs).`
        : 'Add this IP in your Proxy-Seller API settings (allowed IPs).',
    };
  }
  if (e instanceof RateLimitedError) {
    return {
      kind: e.kind,
      needsAction: false,
      ...(e.retryAfterMs === null ? {} : { retryAfterMs: e.retryAfterMs }),
      ...(e.retryAt === null ? {} : { retryAt: e.retryAt }),
      message: 'Proxy-Seller rate limit reached.',
      action: e.retryAfterMs === null ? 'Wait a minute and try again.' : `Wait ${waitText(e.retryAfterMs)} and try again.`,
    };
  }
  if (e instanceof NoPackageError) {
    return {
      kind: e.kind,
      needsAction: true,
      message: 'This account has no residential proxy package.',
      action: 'Buy or renew a residential package on proxy-seller.com.',
    };
  }
  if (e instanceof RejectedError) {
    // The API's own words are for the details: they are rarely a sentence a user can act on.
    return {
      kind: e.kind,
      needsAction: true,
      message: 'Proxy-Seller refused the request.',
      action: 'Check the settings; if it persists, report it with the details.',
      detail: `Proxy-Seller said: ${e.message}`,
    };
  }
  if (e instanceof AnswerTooLargeError) {
    return { kind: e.kind, needsAction: false, message: e.message, action: 'If this persists, report it.' };
  }
  if (e instanceof MalformedResponseError) {
    return {
      kind: e.kind,
      needsAction: false,
      message: "Proxy-Seller's answer was not in the form this app reads.",
      action: 'If this persists, the API may have changed: report it with the details.',
      detail: e.path === '' || e.message.includes(e.path) ? e.message : `${e.message} (at ${e.path})`,
    };
  }
  if (e instanceof NoKeyError) {
    return { kind: e.kind, needsAction: true, message: e.message, action: 'Set your API key (proxy-seller.com → Profile → API).' };
  }
  if (e instanceof KeychainUnavailableError) {
    return {
      kind: e.kind,
      needsAction: true,
      message: e.message,
      action: e.locked ? KEYCHAIN_UNLOCK_ADVICE : KEYCHAIN_START_ADVICE,
    };
  }
  if (e instanceof ConfigError) {
    return { kind: e.kind, needsAction: true, message: e.message, action: 'Fix PROXY_SELLER_API_URL, or unset it to use proxy-seller.com.' };
  }
  if (e instanceof TransportError) return transportProblem(e);
  // Not a network fault: say so (by the error's name only; its text could quote a URL).
  const name = e instanceof Error ? e.name : 'error';
  return { kind: 'transport', needsAction: false, message: `The sync failed unexpectedly (${name}).`, action: 'It will retry by itself; if this persists, report it.' };
}

/**
 * A transport fault in plain words with the remedy that fits it: a server in trouble is not the
 * user's connection. The technical text (error code, status) goes to `detail`.
 */
function transportProblem(e: TransportError): Problem {
  const base = { kind: 'transport' as const, needsAction: false, detail: e.message };
  const status = e.status;
  if (status !== null && status >= 500) {
    return { ...base, message: `Proxy-Seller's API is having trouble (HTTP ${status}).`, action: 'Nothing to do on your side: the fault is at Proxy-Seller.' };
  }
  switch (e.cause) {
    case 'timeout':
    case 'dns':
    case 'refused':
    case 'reset':
    case 'network':
      return { ...base, message: 'Proxy-Seller could not be reached.', action: 'Check your internet connection (and any proxy or firewall).' };
    case 'tls':
      return {
        ...base,
        message: 'The secure connection to Proxy-Seller could not be checked.',
        action: 'A proxy, antivirus or captive portal may be in the way, or the system clock may be wrong.',
      };
    case 'aborted':
      return { ...base, message: 'The request to Proxy-Seller was cancelled.', action: 'Nothing to do.' };
    case 'http':
    case 'html':
    case 'truncated':
      return {
        ...base,
        message: status === null || status < 400 ? 'Proxy-Seller sent an answer this app cannot read.' : `Proxy-Seller answered with an error (HTTP ${status}).`,
        action: 'If this persists, report it with the details.',
      };
  }
}
