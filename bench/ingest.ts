// Figure `ingest`: reading a 31-day x 50-login traffic/details answer (envelope, hour keys, values)
// and merging it into an empty history, as a ratio to JSON.parse of the same bytes. The two are
// timed alternately in one loop, so a busy machine slows both alike.
import { readEnvelope, unwrapEnvelope } from '../src/core/api/envelope.js';
import { readTrafficDetails } from '../src/core/api/parse-details.js';
import { createHistory, mergeHours } from '../src/core/history/model.js';
import { defaultLogins, generateTraffic, normaliseSeed } from '../test/fake-api/traffic.js';

export interface IngestFigure {
  name: 'ingest';
  anchor: string;
  ratio: number;
  goal: number;
  detail: string;
}

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

/** A details answer as the API sends it: login -> "YYYY-MM-DD HH:00:00" -> bytes. */
export function detailsAnswerText(days: number, logins: number, now = NOW): string {
  const seed = normaliseSeed(1);
  const samples = generateTraffic({ seed, logins: defaultLogins(seed, logins), zone: 'UTC', fromMs: now - days * 24 * HOUR, toMs: now, nowMs: now });
  const data: Record<string, Record<string, number>> = {};
  for (const s of samples) (data[s.login] ??= {})[s.key] = s.bytes;
  return JSON.stringify({ status: 'success', data, errors: [] });
}

/** What the app does with the answer's text: parse, read the envelope and the hours, merge. */
export function ingestAnswer(body: string, now = NOW): number {
  const env = readEnvelope(JSON.parse(body), (t) => t);
  if (!env) throw new Error('bench: not an envelope');
  const { hours } = readTrafficDetails(unwrapEnvelope(env).data, { apiTimeZone: 'UTC', now });
  return mergeHours(createHistory('a1b2c3d4e5f6a7b8c9d0', 'UTC'), hours);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export function ingestFigure(rounds = 21): IngestFigure {
  const body = detailsAnswerText(31, 50);
  const plain: number[] = [];
  const ingest: number[] = [];
  ingestAnswer(body);
  JSON.parse(body);
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so neither always runs right after the other's garbage.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const t = performance.now();
      if (which === 0) JSON.parse(body);
      else ingestAnswer(body);
      (which === 0 ? plain : ingest).push(performance.now() - t);
    }
  }
  const p = median(plain);
  const g = median(ingest);
  return {
    name: 'ingest',
    anchor: `JSON.parse of the same ${(body.length / 1e6).toFixed(2)} MB answer (${p.toFixed(1)} ms)`,
    ratio: g / p,
    goal: 2,
    detail: `31 d x 50 logins: parse+validate+merge ${g.toFixed(1)} ms`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ingestFigure());
