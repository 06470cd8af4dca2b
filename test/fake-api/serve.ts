// Run the fake Proxy-Seller API on its own, e.g. for a manual demo of the app or the CLI:
//   node --import tsx test/fake-api/serve.ts --port 8080 --key demo-key [--seed 1] [--zone UTC] [--days 60]
// The key can also come from FAKE_API_KEY. It is never printed: requests are shown with '{key}'.
import { startFakeApi } from './server.js';

function args(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq !== -1) out.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        out.set(a.slice(2), next);
        i++;
      } else out.set(a.slice(2), 'true');
    }
  }
  return out;
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number`);
    process.exit(2);
  }
  return n;
}

const a = args(process.argv.slice(2));
if (a.has('help')) {
  console.log('usage: serve.ts [--port 8080] [--key KEY | env FAKE_API_KEY] [--seed N] [--zone IANA] [--days N] [--quiet]');
  process.exit(0);
}
const apiKey = a.get('key') ?? process.env.FAKE_API_KEY ?? 'demo-key';
const quiet = a.has('quiet');
const zone = a.get('zone');
const seed = num(a.get('seed'), 'seed');
const historyDays = num(a.get('days'), 'days');

const api = await startFakeApi({
  apiKey,
  port: num(a.get('port'), 'port') ?? 8080,
  ...(zone === undefined ? {} : { hourKeyTimeZone: zone }),
  ...(seed === undefined ? {} : { seed }),
  ...(historyDays === undefined ? {} : { historyDays }),
  onRequest: (e) => {
    if (!quiet) console.error(`${new Date(e.at).toISOString()} ${e.method} ${e.path} -> ${e.status || 'aborted'}`);
  },
});

console.log(api.baseUrl('v1'));
console.error(`fake Proxy-Seller API listening (v2: ${api.baseUrl('v2')}); the key you gave is the only one accepted. Ctrl+C stops.`);

const stop = (): void => {
  void api.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
