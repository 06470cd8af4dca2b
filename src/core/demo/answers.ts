// The answers the Proxy-Seller API gives on its normal paths, as the demo and the test fake send
// them: the JSON envelope (success, or the error lists the docs and the live API show) and the raw
// HTTP answer around it.

export interface ApiErrorItem {
  message: string;
  code: number;
  customData: null;
}

export interface Envelope {
  status: 'success' | 'error';
  data: unknown;
  errors: ApiErrorItem[];
}

export const errorItem = (message: string, code: number): ApiErrorItem => ({ message, code, customData: null });

export const success = (data: unknown): Envelope => ({ status: 'success', data, errors: [] });
export const failure = (...errors: ApiErrorItem[]): Envelope => ({ status: 'error', data: null, errors });

/** A wrong API key: the API names every reason it might have refused, each with code 503. */
export const accessRefused = (): Envelope =>
  failure(errorItem('Error api key', 503), errorItem('IP not allowed', 503), errorItem('Request limit reached', 503));
/** The documented answer to a details request without a usable package key. */
export const keyRequired = (): Envelope =>
  failure(errorItem('key is required', 0), errorItem('not-found', 404), errorItem('not-found (404)', 0));
/** An unknown package key or list login. */
export const notFound = (): Envelope => failure(errorItem('not-found', 404), errorItem('not-found (404)', 0));
export const badRequest = (message: string): Envelope => failure(errorItem(message, 0));

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonAnswer(value: unknown, status = 200): RawAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** The nginx error page in front of the API. */
export const htmlPage = (status: number, title: string, extra: Record<string, string> = {}): RawAnswer => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...extra },
  body: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

/** Never echoes the path: it holds the API key. */
export const notFoundPage = (): RawAnswer => htmlPage(404, 'Not Found');
