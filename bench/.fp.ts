import { benchHistory } from './storage-figures.js';
import { historyFingerprints } from '../src/core/history/day-fingerprints.js';
const h = benchHistory(Date.parse('2026-11-26T12:20:00Z'));
for (let i = 0; i < 8; i++) { const t = performance.now(); historyFingerprints(h, 0); console.log((performance.now() - t).toFixed(2)); }
