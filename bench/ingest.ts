// ingest: reading a 31 d x 50 logins details answer (JSON.parse, envelope, parse + validate, merge
// into a history) against JSON.parse of the same bytes, interleaved in one loop.
import { readEnvelope, unwrapEnvelope } from '../src/core/api/envelope.js';
import { readTrafficDetails } from '../src/core/api/parse-details.js';
import { createHistory, mergeHours } from '../src/core/history/model.js';
import { defaultLogins, generateTraffic, normaliseSeed } from '../test/fake-api/traffic.js';
import { figure, interleave, type FigureSource } from './figures.js';

export const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

/** A details answer as the API sends it: login -> "YYYY-MM-DD HH:00:00" -> bytes. */
export function detailsAnswer(days: number, logins: number): string {
  const seed = normaliseSeed(1);
  const samples = generateTraffic({ seed, logins: defaultLogins(seed, logins), zone: 'UTC', fromMs: NOW - days * DAY, toMs: NOW, nowMs: NOW });
  const data: Record<string, Record<string, number>> = {};
  for (const s of samples) (data[s.login] ??= {})[s.key] = s.bytes;
  return JSON.stringify({ status: 'success', data, errors: [] });
}

export const ingestFigures: FigureSource = async ({ quick }) => {
  const body = detailsAnswer(31, 50);
  const t = interleave(quick ? 3 : 21, () => JSON.parse(body), () => {
    const env = readEnvelope(JSON.parse(body), (x) => x);
    if (!env) throw new Error('bench: not an envelope');
    // As the client reads an answer: per-login columns, merged as they are.
    const { hours } = readTrafficDetails(unwrapEnvelope(env).data, { apiTimeZone: 'UTC', now: NOW });
    mergeHours(createHistory('a1b2c3d4e5f6a7b8c9d0', 'UTC'), hours);
  });
  const mb = (body.length / 1e6).toFixed(2);
  return {
    figures: [figure('ingest', `JSON.parse of the same ${mb} MB answer (31 d x 50 logins), interleaved`, t.ratio, 2.0)],
    rows: [['ingest 31 d x 50 logins answer', `${mb} MB JSON; JSON.parse ${t.anchorMs.toFixed(1)} ms; parse+validate+merge ${t.subjectMs.toFixed(1)} ms; ratio ${t.ratio.toFixed(2)}x (goal <= 2.0x)`]],
  };
};
