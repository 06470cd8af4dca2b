// Dependencies the core takes from outside, so tests can pass fakes without monkey-patching.

/** Milliseconds since the epoch: the wall clock, for what is shown and stored. The user or NTP may set it. */
export type Clock = () => number;

/**
 * Milliseconds on a clock that only moves forward and is never set (`performance.now()`): for waits
 * and due times. Its zero is arbitrary. While the system sleeps it stops on Linux and macOS and runs
 * on Windows, like the timers it measures.
 */
export type Monotonic = () => number;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The subset of `fetch` the API client uses: Node's fetch in the CLI and tests, Electron's net.fetch in the app. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
    /** Never followed: the URL holds the API key, and a redirect would hand it to another host. */
    redirect: 'manual';
    /** Nothing cached: a cache entry would be keyed by that URL. */
    cache: 'no-store';
  },
) => Promise<Response>;

/** Random in [0, 1); injected for jitter. */
export type Random = () => number;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const realMonotonic: Monotonic = () => performance.now();

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Gives other work (IPC, timers, the tray) a turn between slices of a long computation. */
export type YieldNow = () => Promise<void>;

/** setImmediate: after pending I/O callbacks, unlike a microtask, which would starve them. */
export const yieldToEventLoop: YieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
