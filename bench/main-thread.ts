// The longest the main thread holds still while the client reads one large answer over HTTP and
// the engine merges it: the figure behind "no single parse or merge blocks for more than ~100 ms".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '../src/core/api/client.js';
import { mergeHoursInSlices } from '../src/core/history/merge-sliced.js';
import { createHistory } from '../src/core/history/model.js';
import { yieldToEventLoop } from '../src/core/ports.js';

export async function longestBlock(body: string, now: number): Promise<{ blockMs: number; parseMs: number }> {
  const server = createServer((_q, r) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  const blocks: number[] = [];
  try {
    for (let run = 0; run < 5; run++) {
      let last = performance.now();
      let max = 0;
      const beat = setInterval(() => {
        const t = performance.now();
        max = Math.max(max, t - last);
        last = t;
      }, 1);
      const client = createApiClient({ fetch, apiKey: 'bench-key-0123456789', baseUrl: url, apiTimeZone: 'UTC', clock: () => now, maxRetries: 0 });
      const { hours } = await client.getTrafficDetails({ packageKey: 'k', dateStart: '2026-10-20', dateEnd: '2026-11-27' });
      await mergeHoursInSlices(createHistory('a1b2c3d4e5f6a7b8c9d0', 'UTC'), hours, yieldToEventLoop);
      clearInterval(beat);
      blocks.push(max);
    }
  } finally {
    server.close();
  }
  const parses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    JSON.parse(body);
    parses.push(performance.now() - t);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return { blockMs: median(blocks), parseMs: median(parses) };
}
