// What the fake answers besides the happy path: the envelope errors and edge failures the real
// API (or the CDN in front of it) is known to produce, and the queue that decides which applies.
// The happy path and the ordinary refusals (a wrong key, an unknown package) are the core's
// (src/core/demo), which the demo answers with too.
import { accessRefused, errorItem as err, failure, htmlPage as html, jsonAnswer, keyRequired, success, type Envelope, type RawAnswer } from '../../src/core/demo/answers.js';
import type { Endpoint } from '../../src/core/demo/api.js';

export type { ApiVersion } from '../../src/core/api/url.js';
export type { Endpoint } from '../../src/core/demo/api.js';

export type ScenarioKind =
  | 'ok'
  | 'slow' // wait `delayMs` before answering (stops if the client goes away)
  | 'html-502' // HTTP 502 with an HTML body (edge/CDN)
  | 'http-500-json' // HTTP 500 with a non-envelope JSON body
  | 'truncated' // HTTP 200, JSON cut off mid-way (a prefix of the normal answer)
  | 'not-json' // HTTP 200 text/plain "OK"
  | 'rate-limit-429' // HTTP 429 with Retry-After: `retryAfter` (seconds or HTTP-date), small HTML body
  | 'rate-limit-envelope' // 200 envelope with only "Request limit reached" code 503
  | 'access-triple' // 200 envelope: Error api key / IP not allowed / Request limit reached, each 503
  | 'ip-not-allowed' // 200 envelope, single `IP not allowed ${ip}`; ip '' gives bare "IP not allowed"
  | 'tarif-not-found' // 200 envelope error "Tarif not found" code 0
  | 'not-found' // 200 envelope: key is required(0), not-found(404), not-found (404)(0)
  | 'warning' // status "error", errors [], data = the normal data (a client must use it)
  | 'wrong-shape' // 200 success envelope whose data has the wrong shape
  | 'errors' // 200 envelope with the given `errors` (message, code), e.g. "Error auth." or code 2
  | 'bare-error' // `status` HTTP (default 200) with JSON { message, code } and no envelope (the PHP SDK knows it)
  | 'deep-error'; // 200 envelope whose one error message is an object nested `depth` deep (default 10,000)

export interface Scenario {
  kind: ScenarioKind;
  /** Default: all endpoints. */
  endpoint?: Endpoint;
  /** Apply to the next N matching requests, then fall back to the one below / 'ok'. Default: until changed. */
  times?: number;
  delayMs?: number;
  retryAfter?: string | number;
  ip?: string;
  errors?: Array<{ message: string; code: number | string }>;
  depth?: number;
  /** HTTP status for 'bare-error'. */
  status?: number;
}

export const DEFAULT_DELAY_MS = 2_000;
export const DEFAULT_RETRY_AFTER = 5;
export const DEFAULT_BLOCKED_IP = '203.0.113.7';

// ---------- envelopes ----------

export const rateLimitEnvelope = (): Envelope => failure(err('Request limit reached', 503));
export const ipNotAllowed = (ip: string): Envelope =>
  failure(err(ip === '' ? 'IP not allowed' : `IP not allowed ${ip}`, 503));
export const tarifNotFound = (): Envelope => failure(err('Tarif not found', 0));

/** The normal data in a non-success envelope with no errors: the API's "warning". */
export const asWarning = (e: Envelope): Envelope => (e.status === 'success' ? { ...e, status: 'error' } : e);

/** Data the client must reject: same endpoint, wrong shape. */
export function wrongShape(endpoint: Endpoint, normal: unknown): Envelope {
  switch (endpoint) {
    case 'details':
      return success('no traffic data');
    case 'package': {
      const base = typeof normal === 'object' && normal !== null ? normal : {};
      // Both spellings, so the bad value is seen whichever the client reads first.
      return success({ ...base, traffic_limit: 'abc', trafficLimit: 'abc' });
    }
    case 'lists':
      return success({ items: 'none' });
    case 'consumption':
      return success({ used_bytes: { value: 1 }, lists: 'none' });
    case 'balance':
      return success({ summ: { value: 'many' } });
    case 'renewal':
      return success('renewal');
    case 'subpackages':
      return success({ items: 'none' });
  }
}

// ---------- raw answers ----------

export const badGatewayPage = (): RawAnswer => html(502, 'Bad Gateway');
export const tooManyRequestsPage = (retryAfter: string | number): RawAnswer =>
  html(429, 'Too Many Requests', { 'retry-after': String(retryAfter) });
export const serverErrorJson = (): RawAnswer => jsonAnswer({ message: 'Server Error', exception: 'RuntimeException' }, 500);
export const plainOk = (): RawAnswer => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' });

/** A prefix of a JSON answer, cut inside the data so it is never valid JSON. */
export function truncate(a: RawAnswer): RawAnswer {
  const cut = Math.max(1, Math.min(a.body.length - 1, Math.floor(a.body.length / 2)));
  return { ...a, body: a.body.slice(0, cut) };
}

/** The canned answer for kinds that do not depend on the request; null for the rest. */
export function cannedAnswer(s: Scenario): RawAnswer | null {
  switch (s.kind) {
    case 'html-502':
      return badGatewayPage();
    case 'http-500-json':
      return serverErrorJson();
    case 'not-json':
      return plainOk();
    case 'rate-limit-429':
      return tooManyRequestsPage(s.retryAfter ?? DEFAULT_RETRY_AFTER);
    case 'rate-limit-envelope':
      return jsonAnswer(rateLimitEnvelope());
    case 'access-triple':
      return jsonAnswer(accessRefused());
    case 'ip-not-allowed':
      return jsonAnswer(ipNotAllowed(s.ip ?? DEFAULT_BLOCKED_IP));
    case 'tarif-not-found':
      return jsonAnswer(tarifNotFound());
    case 'not-found':
      return jsonAnswer(keyRequired());
    case 'errors':
      return jsonAnswer({ status: 'error', data: null, errors: (s.errors ?? []).map((e) => ({ ...e, customData: null })) });
    case 'bare-error': {
      const e = s.errors?.[0] ?? { message: 'Error api key', code: 503 };
      return { status: s.status ?? 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: e.message, code: e.code }) };
    }
    case 'deep-error': {
      // Written out by hand: JSON.stringify itself would overflow the stack on this.
      const depth = s.depth ?? 10_000;
      const message = `${'{"m":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
      return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"status":"error","data":null,"errors":[{"message":${message},"code":7}]}` };
    }
    case 'ok':
    case 'slow':
    case 'truncated':
    case 'warning':
    case 'wrong-shape':
      return null;
  }
}

// ---------- the queue ----------

interface Active {
  scenario: Scenario;
  remaining: number; // Infinity for "until changed"
}

/**
 * A stack of scenarios: the newest one matching the endpoint applies. Counted ones drop out when
 * used up, uncovering what was below; an uncounted one hides everything below it for its endpoints
 * for good, so those are dropped at once.
 */
export class ScenarioQueue {
  private stack: Active[] = [];

  push(s: Scenario): void {
    const scenario = { ...s };
    const times = s.times;
    if (times !== undefined) {
      if (!(times > 0)) return;
      this.stack.push({ scenario, remaining: Math.floor(times) });
      return;
    }
    this.stack = this.stack.filter((a) => s.endpoint !== undefined && a.scenario.endpoint !== s.endpoint);
    this.stack.push({ scenario, remaining: Infinity });
  }

  /** The scenario for one request to `endpoint`; counts it against `times`. */
  take(endpoint: Endpoint): Scenario {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const a = this.stack[i];
      if (!a || (a.scenario.endpoint !== undefined && a.scenario.endpoint !== endpoint)) continue;
      a.remaining -= 1;
      if (a.remaining <= 0) this.stack.splice(i, 1);
      return a.scenario;
    }
    return { kind: 'ok' };
  }

  reset(): void {
    this.stack = [];
  }
}
