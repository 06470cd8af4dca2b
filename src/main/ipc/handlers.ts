// The IPC handler table: one entry per contract channel, its payload schema next to what it does,
// every payload validated before the controller sees it. Electron-free, so tests drive the very
// table the app registers.
import { z } from 'zod';
import type { AppView, ExportResult, ExternalLink, InvokeChannel, LogFolderResult, RequestOf, ResponseOf, SeriesRequest, TestNotificationResult } from '../../shared/ipc.js';
import { csvFileName, seriesCsv } from '../../core/export/csv.js';
import type { SettingsPatch } from '../../shared/settings.js';
import type { ListTitles } from '../../shared/types.js';
import { describeFirstIssue } from '../../shared/zod-issues.js';
import type { Controller } from '../../core/controller/types.js';

/** One handler per channel; the payload arrives unvalidated (unknown) and is checked inside. */
export type IpcHandlers = { [C in InvokeChannel]: (payload: unknown) => Promise<ResponseOf<C>> };

/** A payload that does not match its channel's schema. The message names the field, never its value. */
export class IpcPayloadError extends Error {
  constructor(channel: string, detail: string) {
    super(`invalid request on ${channel}: ${detail}`);
    this.name = 'IpcPayloadError';
  }
}

/** The request as a schema parses it: a `void` request arrives as undefined. */
type Request<C extends InvokeChannel> = RequestOf<C> extends void ? undefined : RequestOf<C>;

/** A channel's schema and what it does; the schema must parse to exactly the contract's request. */
interface Entry<C extends InvokeChannel> {
  schema: z.ZodType<Request<C>>;
  run: (request: Request<C>) => Promise<ResponseOf<C>>;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Channels whose schema parses to something else than their contract's request (must be none). */
type Disagreeing<T extends { [C in InvokeChannel]: Entry<C> }> = {
  [C in InvokeChannel]: Same<z.output<T[C]['schema']>, Request<C>> extends true ? never : C;
}[InvokeChannel];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const none = z.undefined();
const isObject = (v: unknown): v is SettingsPatch => typeof v === 'object' && v !== null && !Array.isArray(v);

export const EXTERNAL_LINKS: Record<ExternalLink, string> = {
  'api-settings': 'https://proxy-seller.com/personal/api/',
  'proxy-seller': 'https://proxy-seller.com/',
  // Where residential traffic is bought (a notification's "Top up").
  'top-up': 'https://proxy-seller.com/residential-proxy/',
};

export interface HandlerDeps {
  openExternal: (url: string) => Promise<void>;
  setDemo: (on: boolean) => Promise<void>;
  /** Opens the log folder in the file manager (src/main/log.ts); the renderer names no path. */
  openLogFolder: () => Promise<LogFolderResult>;
  /** Shows a test notification through the alerts' path (src/main/notifications.ts). */
  testNotification: () => Promise<TestNotificationResult>;
  /** Asks where to save (proposing `defaultName`) and writes `content` there (src/main/export.ts). */
  saveCsv: (defaultName: string, content: string, rows: number) => Promise<ExportResult>;
}

const seriesRequest = z
  .object({
    from: date,
    to: date,
    package: z.string().min(1).max(200).optional(),
    login: z.string().min(1).max(200).optional(),
    granularity: z.enum(['hour', 'day', 'auto']).optional(),
  })
  .strict();

/** The request without its undefined fields (exactOptionalPropertyTypes). */
function cleanSeriesRequest({ package: pkg, login, granularity, from, to }: z.output<typeof seriesRequest>): SeriesRequest {
  return { from, to, ...(pkg ? { package: pkg } : {}), ...(login ? { login } : {}), ...(granularity ? { granularity } : {}) };
}

/** The titles of the package a request names (its lists'), for the CSV's last column. */
function titlesFor(view: AppView, id: string | undefined): ListTitles {
  if (id === undefined) return view.snapshot.titles;
  return view.accounts.flatMap((a) => a.packages).find((p) => p.id === id)?.snapshot.titles ?? {};
}

/** The package's label when there are several (a single package's file keeps its plain name). */
function labelFor(view: AppView, id: string | undefined): string | undefined {
  const all = view.accounts.flatMap((a) => a.packages);
  if (all.length < 2) return undefined;
  const pkg = id === undefined ? all.find((p) => p.snapshot === view.snapshot) : all.find((p) => p.id === id);
  if (pkg === undefined) return undefined;
  // A name of no filename-safe letters ("Клиент Б") would give every such package the same file: its key's end tells them apart.
  const key = pkg.snapshot.package?.key;
  return /[A-Za-z0-9]/.test(pkg.label) || key === undefined ? pkg.label : `${pkg.label} ${key.slice(-4)}`;
}

const accountId = z.string().min(1).max(100);

function table(controller: Controller, deps: HandlerDeps) {
  return {
    'app:get-view': { schema: none, run: async () => controller.view() },
    'traffic:get-series': { schema: seriesRequest, run: (request) => controller.series(cleanSeriesRequest(request)) },
    // The same series the chart draws, built into CSV here in main.
    'traffic:export-csv': {
      schema: seriesRequest,
      run: async (request) => {
        const clean = cleanSeriesRequest(request);
        const series = await controller.series(clean);
        const rows = series.buckets.length * series.series.length;
        // The titles the window names the lists by go in the last column.
        const view = controller.view();
        return deps.saveCsv(csvFileName(clean, labelFor(view, clean.package)), seriesCsv(series, titlesFor(view, clean.package)), rows);
      },
    },
    'sync:refresh': { schema: none, run: () => controller.refresh() },
    // The settings module checks the patch field by field (with a message per field); here only
    // that it is an object.
    'settings:update': { schema: z.custom<SettingsPatch>(isObject, 'expected an object of settings'), run: (patch) => controller.updateSettings(patch) },
    'key:set': {
      schema: z.object({ apiKey: z.string().max(1024), check: z.boolean().optional() }).strict(),
      run: ({ apiKey, check }) => controller.setKey(apiKey, { check: check ?? true }),
    },
    'key:delete': { schema: none, run: () => controller.deleteKey() },
    'key:test': { schema: none, run: () => controller.testConnection() },
    'polling:set-paused': { schema: z.object({ paused: z.boolean() }).strict(), run: async ({ paused }) => controller.setPaused(paused) },
    'app:open-external': { schema: z.object({ link: z.enum(['api-settings', 'proxy-seller', 'top-up']) }).strict(), run: ({ link }) => deps.openExternal(EXTERNAL_LINKS[link]) },
    'app:set-demo': { schema: z.object({ on: z.boolean() }).strict(), run: ({ on }) => deps.setDemo(on) },
    'app:open-log-folder': { schema: none, run: () => deps.openLogFolder() },
    'notifications:test': { schema: none, run: () => deps.testNotification() },
    // The name is checked by the accounts module (its message is the user's); here only its size.
    'accounts:add': {
      schema: z.object({ name: z.string().max(200), apiKey: z.string().max(1024) }).strict(),
      run: ({ name, apiKey }) => controller.addAccount(name, apiKey),
    },
    'accounts:remove': { schema: z.object({ accountId }).strict(), run: ({ accountId: id }) => controller.removeAccount(id) },
    'accounts:set-default': { schema: z.object({ accountId }).strict(), run: ({ accountId: id }) => controller.setDefaultAccount(id) },
    'packages:name': {
      schema: z.object({ packageId: z.string().min(1).max(200), name: z.string().max(200).nullable() }).strict(),
      run: ({ packageId, name }) => controller.namePackage(packageId, name),
    },
  } satisfies { [C in InvokeChannel]: Entry<C> };
}

// Fails to compile when a schema and its contract disagree in either direction.
const schemasAgree: [Disagreeing<ReturnType<typeof table>>] extends [never] ? true : false = true;
void schemasAgree;

/** Validates first, then runs: the one place a payload becomes a request. */
function handle<C extends InvokeChannel>(channel: C, entry: Entry<C>): (payload: unknown) => Promise<ResponseOf<C>> {
  return async (payload) => {
    const result = entry.schema.safeParse(payload);
    if (!result.success) {
      throw new IpcPayloadError(channel, describeFirstIssue(result.error, { root: 'payload' }));
    }
    return entry.run(result.data);
  };
}

export function createIpcHandlers(controller: Controller, deps: HandlerDeps): IpcHandlers {
  const entries = table(controller, deps);
  const handlers = {} as Record<InvokeChannel, unknown>;
  for (const channel of Object.keys(entries) as InvokeChannel[]) {
    handlers[channel] = handle(channel, entries[channel] as Entry<typeof channel>);
  }
  return handlers as IpcHandlers;
}
