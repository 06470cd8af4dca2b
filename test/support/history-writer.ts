// A process that shares a history folder with others (the app, the CLI): for hours first..last it
// loads nothing new, adds its login's hour, saves, and prints "saved <k>" once the save returned.
// Run: node --import tsx test/support/history-writer.ts <dataDir> <login> <first> <last> [<offset>]
// Hour k holds k + 1 + offset bytes (offset 0 unless given).
import { createHistoryStore } from '../../src/core/history/store.js';
import { addCoverage, mergeSamples } from '../../src/core/history/model.js';

const [dataDir, login, first, last, offset = '0'] = process.argv.slice(2);
if (!dataDir || !login || first === undefined || last === undefined) throw new Error('usage: history-writer <dataDir> <login> <first> <last>');
export const WRITER_KEY = 'a1b2c3d4e5f6a7b8c9d0';
const BASE = Date.parse('2026-01-10T00:00:00Z');
const H = 3_600_000;
const store = createHistoryStore({ dataDir, clock: () => BASE + 200 * H, lock: { staleMs: 2_000 } });
const { history, problem } = await store.load(WRITER_KEY, 'UTC');
if (problem) process.stdout.write(`problem ${problem}\n`);
for (let k = Number(first); k <= Number(last); k++) {
  mergeSamples(history, [{ login, start: BASE + k * H, bytes: k + 1 + Number(offset) }]);
  addCoverage(history, BASE + k * H, BASE + (k + 1) * H);
  await store.save(history);
  process.stdout.write(`saved ${k}\n`);
}
