// The Proxy-Seller API client: builds requests, reads answers through the envelope and the parsers,
// retries passing faults. The request URL holds the API key, so it is used for fetch only: every
// error is rebuilt from codes and our own words, and server text is redacted before it is kept.
import type { LoginHours, PackageInfo } from '../../shared/types.js';
import type { Clock, FetchLike, Logger, Random, Sleep, YieldNow } from '../ports.js';
import { realMonotonic, realTimers, silentLogger, yieldToEventLoop } from '../ports.js';
import { classifyApiErrors, readBareError, readEnvelope, unwrapEnvelope } from './envelope.js';
import { AnswerTooLargeError, MalformedResponseError, NoKeyError, RejectedError, TransportError } from './errors.js';
import { isCancelledRedirect, networkFault, redirectRefused, transportMessage } from './network-fault.js';
import { parseConsumption, type Consumption } from './parse-consumption.js';
import { parseTrafficDetailsInSlices } from './parse-details.js';
import { parseLists, type ListInfo } from './parse-lists.js';
import { parseBalance, parseRenewalQuote, type RenewalQuote } from './parse-money-answers.js';
import type { Money } from '../../shared/money.js';
import { parsePackage } from './parse-package.js';
import { parseSubPackages, type SubPackageInfo } from './parse-subpackages.js';
import { createParseReport, type ParseReport } from './parse-report.js';
import { MAX_ANSWER_BYTES, readBodyCapped } from './read-body.js';
import { assertTimeZone } from './parse-values.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { redactSecrets } from './redact.js';
import { abortedError, parseRetryAfter, rateLimitedHttp, realSleep, withRetries, type AttemptOutcome } from './retry.js';
import { DEFAULT_BASE_URL, apiRootUrl, endpointUrl, type ApiVersion } from './url.js';
import { parseLocalDate } from '../../shared/local-dates.js';
import { MINUTE_MS } from '../../shared/time-constants.js';

export { DEFAULT_BASE_URL } from './url.js';
export type { ApiVersion } from './url.js';
export type { Consumption } from './parse-consumption.js';
export type { ListInfo } from './parse-lists.js';
export type { SubPackageInfo } from './parse-subpackages.js';
export type { RenewalQuote } from './parse-money-answers.js';

export interface ApiClientOptions {
  /** Node's fetch in the CLI and tests, Electron's net.fetch in the app. */
  fetch: FetchLike;
  apiKey: string;
  /** Default 'v1'. */
  apiVersion?: ApiVersion;
  /** Replaces the default URL up to and including the version segment; the key follows it. */
  baseUrl?: string;
  /** Zone of the hour keys and expiry stamps. */
  apiTimeZone: string;
  /** Per attempt; default 20 000. */
  timeoutMs?: number;
  /** Retries of 429, edge pages, 5xx and network faults; default 3. */
  maxRetries?: number;
  sleep?: Sleep;
  random?: Random;
  /** For Retry-After HTTP-dates; default Date.now. */
  clock?: Clock;
  /** A Retry-After longer than this (default 60 s) is not waited: RateLimitedError goes to the caller. */
  maxRetryWaitMs?: number;
  /** Warnings (an "error" envelope with data) and retries; never URLs. Default silent. */
  logger?: Logger;
  /** For the User-Agent `proxy-seller-traffic-tray/<version>`. */
  appVersion?: string;
  /** Larger answers are refused unread (AnswerTooLargeError); default MAX_ANSWER_BYTES. */
  maxAnswerBytes?: number;
  /** Lets other work run between slices of a long answer (default: setImmediate). */
  yieldNow?: YieldNow;
  /**
   * The process's limiter, shared by every client it makes (every attempt, retries too, takes a
   * slot). Default: one of this client's own, on the real monotonic clock and timers.
   */
  rateLimiter?: RateLimiter;
}

/** Dates are YYYY-MM-DD and are sent as dd.mm.yyyy. */
export interface TrafficQuery {
  packageKey: string;
  dateStart: string;
  dateEnd: string;
  login?: string;
}

export interface ConsumptionQuery {
  login?: string;
  dateStart?: string;
  dateEnd?: string;
}

export interface TrafficAnswer {
  /** Each login's hours as columns (parse-details' samplesOf gives rows). */
  hours: LoginHours[];
  /**
   * The server's clock when it answered (its HTTP Date header), or null. Hours after it cannot be
   * in the answer, whatever this machine's clock says.
   */
  serverTime: number | null;
  /** Starts of hours the answer held with an unusable value (dropped): not known, to ask again. */
  unreadHours: number[];
}

/** What a call brings back: the envelope's data, and when the server says it answered. */
interface Answer {
  data: unknown;
  serverTime: number | null;
}

export interface ApiClient {
  getPackage(signal?: AbortSignal): Promise<PackageInfo>;
  getTrafficDetails(q: TrafficQuery, signal?: AbortSignal): Promise<TrafficAnswer>;
  getLists(signal?: AbortSignal): Promise<ListInfo[]>;
  /** The account's sub-user packages (resellers, teams); none is an empty list. */
  getSubPackages(signal?: AbortSignal): Promise<SubPackageInfo[]>;
  getConsumption(q?: ConsumptionQuery, signal?: AbortSignal): Promise<Consumption>;
  /** The account's money balance; `currency` stands in when the answer names none. */
  getBalance(currency?: string | null, signal?: AbortSignal): Promise<Money | null>;
  /** What the next residential auto-renewal will cost (every field may be unknown). */
  getRenewalQuote(currency?: string | null, signal?: AbortSignal): Promise<RenewalQuote>;
}

/** YYYY-MM-DD -> dd.mm.yyyy, as the API's docs write dates. Throws RangeError for a non-date. */
export function toApiDate(date: string): string {
  parseLocalDate(date);
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

type Method = 'GET' | 'POST';

interface RawAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const apiKey = opts.apiKey.trim();
  if (apiKey === '') throw new NoKeyError();
  assertTimeZone(opts.apiTimeZone);
  const version: ApiVersion = opts.apiVersion ?? 'v1';
  const root = apiRootUrl(opts.baseUrl ?? DEFAULT_BASE_URL[version], apiKey);
  const secrets = [opts.apiKey, apiKey];
  const redact = (text: string): string => redactSecrets(text, secrets);

  const timeoutMs = opts.timeoutMs ?? 20_000;
  const maxRetries = opts.maxRetries ?? 3;
  const maxRetryWaitMs = opts.maxRetryWaitMs ?? MINUTE_MS;
  const clock = opts.clock ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const userAgent = `proxy-seller-traffic-tray/${opts.appVersion ?? 'dev'}`;
  const limiter = opts.rateLimiter ?? createRateLimiter({ monotonic: realMonotonic, timers: realTimers });
  const maxAnswerBytes = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const yieldNow = opts.yieldNow ?? yieldToEventLoop;

  function interpret(path: string, ans: RawAnswer): AttemptOutcome<Answer> {
    const { status } = ans;
    // A Retry-After date is the server's: measured against its Date, this machine's clock may be off.
    const date = Date.parse(ans.headers.get('date') ?? '');
    const serverTime = Number.isFinite(date) ? date : null;
    if (status === 429) {
      const at = clock();
      const wait = parseRetryAfter(ans.headers.get('retry-after'), serverTime ?? at);
      return { kind: 'retry', error: rateLimitedHttp(wait, at), retryAfterMs: wait };
    }
    const ok = status >= 200 && status < 300;
    const serverWait = status >= 500 ? parseRetryAfter(ans.headers.get('retry-after'), serverTime ?? clock()) : null;
    const retryable = (error: TransportError): AttemptOutcome<Answer> => ({ kind: 'retry', error, retryAfterMs: serverWait });

    // The body is redacted before anything reads it: a server echoing the key (in an error page, a
    // message, a value a parser quotes and clips) can then never carry it into a message.
    const body = redact(ans.text).trim();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      const contentType = ans.headers.get('content-type') ?? '';
      if (body.startsWith('<') || /html/i.test(contentType)) {
        return retryable(new TransportError(transportMessage('html', `HTTP ${status}`), 'html', status));
      }
      if (body.startsWith('{') || body.startsWith('[') || (ok && body === '')) {
        return retryable(new TransportError(transportMessage('truncated', `HTTP ${status}`), 'truncated', status));
      }
      const error = new TransportError(transportMessage('http', ok ? `HTTP ${status}, not JSON` : `HTTP ${status}`), 'http', status);
      // A 4xx without an envelope will not change on a retry; 408 (timeout) and 5xx may.
      if (!ok && status < 500 && status !== 408) throw error;
      return retryable(error);
    }

    const envelope = readEnvelope(json, redact);
    // A bare `{ message, code }` is a business error all the same: on a 2xx always; on another
    // status when it is one the API is known to send (a framework's "Server Error" page stays a
    // passing fault).
    const bare = envelope === null ? readBareError(json, redact) : null;
    if (bare !== null) {
      const error = classifyApiErrors([bare]);
      if (ok || !(error instanceof RejectedError)) throw error;
    }
    if (envelope === null) {
      if (!ok) {
        const error = new TransportError(transportMessage('http', `HTTP ${status}`), 'http', status);
        if (status < 500 && status !== 408) throw error;
        return retryable(error);
      }
      throw new MalformedResponseError(
        `Unexpected Proxy-Seller answer for ${path}: JSON without the { status, data, errors } envelope.`,
        'status',
      );
    }
    // Business answers (an envelope, whatever the HTTP status) are final: unwrap throws their error.
    const { data, warning } = unwrapEnvelope(envelope);
    if (warning !== null) logger.warn(`${path}: ${warning}`);
    return { kind: 'done', value: { data, serverTime } };
  }

  async function attempt(method: Method, path: string, body: object | undefined, signal?: AbortSignal): Promise<AttemptOutcome<Answer>> {
    if (signal?.aborted) throw abortedError();
    // Before the timeout starts: time spent queued for a slot is not the server's slowness.
    await limiter.acquire(signal);
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, timeoutMs);
    const onAbort = (): void => ctrl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Raced against fetch and the body read, so a fetch that ignores its signal still times out.
    const aborted = new Promise<never>((_, reject) => {
      ctrl.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
    aborted.catch(() => {});
    const timeoutFault = (): AttemptOutcome<Answer> => ({
      kind: 'retry',
      error: new TransportError(transportMessage('timeout', `no answer within ${timeoutMs} ms`), 'timeout'),
      retryAfterMs: null,
    });

    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': userAgent };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      let res: Response;
      try {
        const pending = opts.fetch(endpointUrl(root, path), {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: ctrl.signal,
          redirect: 'manual',
          cache: 'no-store',
        });
        pending.catch(() => {});
        res = await Promise.race([pending, aborted]);
      } catch (e) {
        // The thrown error may quote the URL: only its codes survive (networkFault).
        if (signal?.aborted) throw abortedError();
        if (timedOut) return timeoutFault();
        if (isCancelledRedirect(e)) throw redirectRefused(null);
        return { kind: 'retry', error: networkFault(e), retryAfterMs: null };
      }
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) throw redirectRefused(res.status || null);
      let text: string;
      try {
        const reading = readBodyCapped(res, maxAnswerBytes, path);
        reading.catch(() => {});
        text = await Promise.race([reading, aborted]);
      } catch (e) {
        // Asking again gets the same answer: the caller may ask for less instead.
        if (e instanceof AnswerTooLargeError) throw e;
        if (signal?.aborted) throw abortedError();
        if (timedOut) return timeoutFault();
        return {
          kind: 'retry',
          error: new TransportError(transportMessage('truncated', `HTTP ${res.status}, body cut off`), 'truncated', res.status),
          retryAfterMs: null,
        };
      }
      return interpret(path, { status: res.status, headers: res.headers, text });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function call(method: Method, path: string, body: object | undefined, signal?: AbortSignal): Promise<Answer> {
    return withRetries(() => attempt(method, path, body, signal), {
      maxRetries,
      maxRetryWaitMs,
      sleep: opts.sleep ?? realSleep,
      random: opts.random ?? Math.random,
      signal,
      onRetry: (error, index, waitMs) => logger.info(`${path}: ${error.message} Retry ${index + 1}/${maxRetries} in ${Math.round(waitMs)} ms.`),
    });
  }

  /**
   * Runs a parser with a fresh report and logs what it dropped or guessed as ONE line. Parser
   * messages quote server text (logins, keys of the answer): redacted like the rest. Anything but a
   * typed error from a parser is a bug meeting odd data: it leaves as a malformed answer, by name only.
   */
  async function parse<T>(path: string, fn: (report: ParseReport) => T | Promise<T>): Promise<T> {
    const report = createParseReport();
    let value: T;
    try {
      value = await fn(report);
    } catch (e) {
      if (e instanceof MalformedResponseError) throw new MalformedResponseError(redact(e.message), redact(e.path));
      const name = e instanceof Error ? e.name : 'error';
      throw new MalformedResponseError(`Unexpected Proxy-Seller answer for ${path}: it could not be read (${name}).`, 'data');
    }
    const line = report.summary();
    if (line !== null) logger.warn(redact(`${path}: ${line}`));
    return value;
  }

  return {
    async getPackage(signal) {
      const { data } = await call('GET', 'resident/package', undefined, signal);
      return parse('resident/package', (report) => parsePackage(data, opts.apiTimeZone, report));
    },

    async getTrafficDetails(q, signal) {
      if (q.packageKey.trim() === '') throw new RangeError('getTrafficDetails needs the package key (from getPackage)');
      const body: Record<string, string> = {
        packageKey: q.packageKey,
        date_start: toApiDate(q.dateStart),
        date_end: toApiDate(q.dateEnd),
      };
      if (q.login !== undefined) body.login = q.login;
      const { data, serverTime } = await call('POST', 'resident/traffic/details', body, signal);
      // "Two days ahead" counts from the later clock: a machine clock set back must not drop real hours.
      const now = Math.max(clock(), serverTime ?? -Infinity);
      const read = await parse('resident/traffic/details', (report) =>
        parseTrafficDetailsInSlices(data, { apiTimeZone: opts.apiTimeZone, now, report, ...(q.login === undefined ? {} : { login: q.login }) }, yieldNow),
      );
      return { ...read, serverTime };
    },

    async getLists(signal) {
      const { data } = await call('GET', 'resident/lists', undefined, signal);
      return parse('resident/lists', (report) => parseLists(data, report));
    },

    async getSubPackages(signal) {
      const { data } = await call('GET', 'residentsubuser/packages', undefined, signal);
      return parse('residentsubuser/packages', (report) => parseSubPackages(data, opts.apiTimeZone, report));
    },

    async getConsumption(q = {}, signal) {
      const body: Record<string, string> = {};
      if (q.login !== undefined) body.login = q.login;
      if (q.dateStart !== undefined) body.date_start = toApiDate(q.dateStart);
      if (q.dateEnd !== undefined) body.date_end = toApiDate(q.dateEnd);
      const { data } = await call('POST', 'resident/consumption', body, signal);
      return parse('resident/consumption', (report) => parseConsumption(data, report));
    },

    async getBalance(currency = null, signal) {
      const { data } = await call('GET', 'balance/get', undefined, signal);
      return parse('balance/get', () => parseBalance(data, currency));
    },

    async getRenewalQuote(currency = null, signal) {
      const { data } = await call('GET', 'autoprolong/calc/resident', undefined, signal);
      return parse('autoprolong/calc/resident', (report) => parseRenewalQuote(data, opts.apiTimeZone, currency, report));
    },
  };
}
