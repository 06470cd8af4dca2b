// A sync problem worded for a command line: the core words its actions for the app, which retries
// by itself; a script or a status bar has to be told to run again. Pure.
import type { Problem } from '../shared/types.js';

export interface ProblemWordsContext {
  /** PROXY_SELLER_API_URL is set: a not-found answer most likely means its path is wrong. */
  customBaseUrl: boolean;
}

export function cliProblem(problem: Problem, ctx: ProblemWordsContext): Problem {
  // A command line has no "Details" to open: the technical text follows the sentence.
  const detail = problem.detail ? `: ${problem.detail.replace(/\.$/, '')}.` : '';
  // "answered with an HTTP error (HTTP 200, not JSON)" contradicts itself: 200 is no error.
  let message = `${detail ? problem.message.replace(/\.$/, '') : problem.message}${detail}`.replace(/answered with an HTTP error \(HTTP (2\d\d), not JSON\)/, 'answered HTTP $1 but not with JSON');
  let action = problem.action.replace(/^It will retry by itself; if this persists/, 'Try again; if this persists').replace(/; it will retry by itself\./, '; then try again.');
  if (ctx.customBaseUrl && /\bHTTP 404\b/.test(message)) {
    message = `${message.replace(/\.$/, '')}: nothing is at that address.`;
    action = 'Check PROXY_SELLER_API_URL: it must end with the version segment, e.g. https://proxy-seller.com/personal/api/v1/';
  }
  return { ...problem, message, action };
}

/** A few words for a status bar's text. */
export function problemLabel(problem: Problem): string {
  switch (problem.kind) {
    case 'no-key':
      return 'no key';
    case 'keychain-unavailable':
      return 'keychain locked';
    case 'access-denied':
      return 'access refused';
    case 'ip-not-allowed':
      return 'IP not allowed';
    case 'rate-limited':
      return 'rate limited';
    case 'no-package':
      return 'no package';
    case 'rejected':
      return 'request rejected';
    case 'transport':
      return 'offline';
    case 'malformed':
      return 'bad answer';
    case 'config':
      return 'setup error';
  }
}
