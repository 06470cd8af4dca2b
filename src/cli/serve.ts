// `serve`: a long-running exporter. The app's own controller (src/core/controller) runs the sync and
// its scheduler, so the polling, backoff and rate limiting are the app's; /metrics is rendered from
// its snapshot in memory and never calls the API. On SIGTERM the controller stops first-class: the
// requests under way are cancelled and what they fetched is written before the process exits.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { redactSecrets } from '../core/api/redact.js';
import { createController } from '../core/controller/controller.js';
import type { Logger } from '../core/ports.js';
import { realTimers } from '../core/ports.js';
import type { SecretStore } from '../core/secrets/keychain.js';
import { systemTimeZone } from '../core/time/zoned.js';
import type { AppView } from '../shared/ipc.js';
import { entryFor, FIRST_ACCOUNT_ID } from '../core/accounts/registry.js';
import { errorMessage } from '../shared/error-message.js';
import type { CliIO } from './context.js';
import { EXIT } from './exit-codes.js';
import { CONTENT_TYPE, metricsOf, renderMetrics, type MetricsInput } from './prometheus.js';
import { UsageError } from './usage.js';

export const DEFAULT_LISTEN = '127.0.0.1:9464';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`, `0.0.0.0:9464`; port 0 picks a free one. */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  if (!m || port > 65535 || (m[1] !== undefined && isIP(host) !== 6)) {
    throw new UsageError(`--listen: expected HOST:PORT (e.g. ${DEFAULT_LISTEN} or [::1]:9464), got '${value}'`);
  }
  return { host, port };
}

/** Every package of every account in the view, labelled with its account's name and its key. */
export function viewMetrics(view: AppView): MetricsInput[] {
  return view.accounts.flatMap((a) => a.packages.map((p) => ({ ...metricsOf(p.snapshot), account: a.name, packageKey: p.snapshot.package?.key ?? (p.kind === 'sub' ? p.id.slice(p.id.indexOf('/') + 1) : null) })));
}

export interface ServeOptions {
  listen: ListenAddress;
  dataDir: string;
  /** The keychain entry of one account. */
  secretsFor: (entry: string) => SecretStore;
  envApiKey?: string;
  baseUrl?: string;
  version: string;
  io: CliIO;
}

/** Every line through the redactor: the env key, and the keychain's once it was read. */
function stderrLogger(io: CliIO, secrets: () => string[]): Logger {
  const line = (level: string) => (msg: string) => io.stderr(`proxy-seller-traffic serve: ${level}: ${redactSecrets(msg, secrets())}`);
  return { debug() {}, info: line('info'), warn: line('warn'), error: line('error') };
}

function answer(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

export async function serve(options: ServeOptions): Promise<number> {
  const { io } = options;
  const known = new Set<string>(options.envApiKey ? [options.envApiKey] : []);
  const log = stderrLogger(io, () => [...known]);
  // Each account's key, once read, is redacted from every line.
  const secretsFor = (entry: string): SecretStore => {
    const inner = options.secretsFor(entry);
    return {
      ...inner,
      async get() {
        const key = await inner.get();
        if (key) known.add(key);
        return key;
      },
    };
  };
  const secrets = secretsFor(entryFor(FIRST_ACCOUNT_ID));
  const controller = createController({
    dataDir: options.dataDir,
    clock: io.clock,
    timers: realTimers,
    random: Math.random,
    fetch: io.fetch,
    secrets,
    secretsFor,
    localTimeZone: systemTimeZone,
    version: options.version,
    logger: log,
    ...(options.envApiKey ? { envApiKey: options.envApiKey } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'Only GET.\n');
    if (path === '/metrics') return answer(res, 200, renderMetrics(viewMetrics(controller.view())), CONTENT_TYPE);
    if (path === '/') return answer(res, 200, 'proxy-seller-traffic exporter: see /metrics\n');
    return answer(res, 404, 'Not found: the metrics are at /metrics\n');
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listen.port, options.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    io.stderr(`proxy-seller-traffic: cannot listen on ${options.listen.host}:${options.listen.port}: ${errorMessage(e)}`);
    return EXIT.failure;
  }

  const starting = controller.start();
  let stopping: Promise<void> | null = null;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      stopping ??= (async () => {
        io.stderr('proxy-seller-traffic serve: stopping (letting writes under way finish)');
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        // A start under way first reads its files; stop() then lets the first poll finish its writes.
        await starting.catch(() => {});
        await controller.stop();
        await closed;
        resolve();
      })();
    };
    io.onTerminate(stop);
  });

  try {
    await starting;
  } catch (e) {
    server.close();
    io.stderr(`proxy-seller-traffic: the exporter could not start: ${errorMessage(e)}`);
    return EXIT.failure;
  }
  // The exporter shows the spend as an open window does: it may be 15 minutes old at most.
  controller.setWindowOpen(true);
  for (const notice of controller.view().notices) io.stderr(`proxy-seller-traffic: ${notice}`);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  io.stderr(`proxy-seller-traffic serve: metrics at http://${host}:${address.port}/metrics`);
  await stopped;
  io.stderr('proxy-seller-traffic serve: stopped');
  return EXIT.ok;
}
