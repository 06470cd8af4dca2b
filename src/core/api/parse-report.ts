// What a parser had to leave out or guess. Parsers fill one per answer; the client logs it as ONE
// line, so a thousand bad hours cost one log line, not a thousand.
import { MalformedResponseError } from './errors.js';

export interface ParseReport {
  /** A field that is not essential could not be read; `text` says what was used instead. */
  note(path: string, text: string): void;
  /** One item (an hour, a list) was dropped; `reason` is a short category such as "off the hour". */
  drop(reason: string, path: string): void;
  /** How many items the answer held in all (kept and dropped), and what they are ("hours"). */
  total(count: number, noun: string): void;
  readonly dropped: number;
  /** The one log line, or null when nothing was dropped or guessed. */
  summary(): string | null;
  /** Items were present and every one was dropped: the typed error to throw. */
  nothingUsable(): MalformedResponseError;
}

interface Reason {
  count: number;
  first: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function createParseReport(): ParseReport {
  const notes: string[] = [];
  const reasons = new Map<string, Reason>();
  let dropped = 0;
  let total = 0;
  let noun = 'items';
  let firstPath = 'data';

  function dropLine(): string {
    const parts = [...reasons].map(([reason, r]) => `${fmt(r.count)} ${reason} (first: ${r.first})`);
    return `dropped ${fmt(dropped)} of ${fmt(Math.max(total, dropped))} ${noun}: ${parts.join(', ')}`;
  }

  return {
    note(path, text) {
      notes.push(`${path}: ${text}`);
    },
    drop(reason, path) {
      if (dropped === 0) firstPath = path;
      dropped++;
      const r = reasons.get(reason);
      if (r === undefined) reasons.set(reason, { count: 1, first: path });
      else r.count++;
    },
    total(count, what) {
      total = count;
      noun = what;
    },
    get dropped() {
      return dropped;
    },
    summary() {
      const parts = [...notes];
      if (dropped > 0) parts.push(dropLine());
      return parts.length === 0 ? null : parts.join('; ');
    },
    nothingUsable() {
      return new MalformedResponseError(`Unexpected Proxy-Seller answer: nothing usable, ${dropLine()}.`, firstPath);
    },
  };
}
