// The chart's buckets in words and in time: what a bucket is called (through the window's one date
// formatter), which bucket "now" falls in, and which bar is still filling. Pure.
import type { Granularity } from '../shared/ipc.js';
import { localDateOf } from '../shared/local-dates.js';
import { HOUR_MS } from '../shared/time-constants.js';
import type { DateFormat } from './format-time.js';

export interface Buckets {
  /** Bucket starts, epoch ms, in order (main's SeriesResponse.buckets). */
  buckets: readonly number[];
  granularity: Granularity;
  /** The user's zone the buckets are local to. */
  timeZone: string;
}

/** A bucket's end: the next one's start (the range's last hour ends an hour on; its last day at the next midnight). */
function bucketEnd(b: Buckets, i: number): number {
  const next = b.buckets[i + 1];
  if (next !== undefined) return next;
  const start = b.buckets[i] ?? 0;
  if (b.granularity === 'hour') return start + HOUR_MS;
  // A day: at most 25 hours; the end is where the local date changes.
  let t = start + 22 * HOUR_MS;
  const date = localDateOf(start, b.timeZone);
  while (localDateOf(t, b.timeZone) === date) t += HOUR_MS / 4;
  return t;
}

/** "11/26/2026, 2:00 PM" for an hour, "11/26/2026" for a day. */
export function bucketLabel(b: Buckets, i: number, fmt: DateFormat): string {
  const start = b.buckets[i];
  if (start === undefined) return '';
  return b.granularity === 'hour' ? fmt.dateTime(start, b.timeZone) : fmt.date(localDateOf(start, b.timeZone));
}

/** The bucket's start as a `<time datetime>` value: the local date for a day, the UTC instant for an hour. */
export function bucketDatetime(b: Buckets, i: number): string {
  const start = b.buckets[i];
  if (start === undefined) return '';
  return b.granularity === 'hour' ? new Date(start).toISOString() : localDateOf(start, b.timeZone);
}

/** Where `now` falls: its bucket and how far into it (0..1); null when the range does not hold it. */
export function nowPosition(b: Buckets, now: number): { index: number; fraction: number } | null {
  const n = b.buckets.length;
  if (n === 0 || now < (b.buckets[0] ?? 0)) return null;
  for (let i = n - 1; i >= 0; i--) {
    const start = b.buckets[i] ?? 0;
    if (start <= now) {
      const end = bucketEnd(b, i);
      return now < end ? { index: i, fraction: (now - start) / (end - start) } : null;
    }
  }
  return null;
}

/** The bucket still filling (now falls in it): its bar is drawn as partial, its words say "so far". */
export function partialIndex(b: Buckets, now: number): number | null {
  return nowPosition(b, now)?.index ?? null;
}
