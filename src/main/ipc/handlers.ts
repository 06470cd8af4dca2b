// The IPC handler table: one handler per contract channel, each validating its payload before the
// controller sees it. Electron-free, so tests drive the very table the app registers.
import { z } from 'zod';
import type { ExternalLink, InvokeChannel, ResponseOf } from '../../shared/ipc.js';
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

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const none = z.undefined();

export const payloadSchemas = {
  'app:get-view': none,
  'traffic:get-series': z
    .object({
      from: date,
      to: date,
      login: z.string().min(1).max(200).optional(),
      granularity: z.enum(['hour', 'day', 'auto']).optional(),
    })
    .strict(),
  'sync:refresh': none,
  // The settings patch is checked field by field by the settings module (with messages per field);
  // here only its outer shape.
  'settings:update': z.record(z.string(), z.unknown()),
  'key:set': z.object({ apiKey: z.string().max(1024) }).strict(),
  'key:delete': none,
  'key:test': none,
  'polling:set-paused': z.object({ paused: z.boolean() }).strict(),
  'app:open-external': z.object({ link: z.enum(['api-settings', 'proxy-seller']) }).strict(),
  'app:set-demo': z.object({ on: z.boolean() }).strict(),
} as const satisfies Record<InvokeChannel, z.ZodType>;

function parse<C extends InvokeChannel>(channel: C, payload: unknown): z.infer<(typeof payloadSchemas)[C]> {
  const result = payloadSchemas[channel].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'payload';
    throw new IpcPayloadError(channel, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data as z.infer<(typeof payloadSchemas)[C]>;
}

export const EXTERNAL_LINKS: Record<ExternalLink, string> = {
  'api-settings': 'https://proxy-seller.com/personal/api/',
  'proxy-seller': 'https://proxy-seller.com/',
};

export interface HandlerDeps {
  openExternal: (url: string) => Promise<void>;
  setDemo: (on: boolean) => Promise<void>;
}

export function createIpcHandlers(controller: Controller, deps: HandlerDeps): IpcHandlers {
  return {
    'app:get-view': async (p) => (parse('app:get-view', p), controller.view()),
    'traffic:get-series': async (p) => {
      const { login, granularity, from, to } = parse('traffic:get-series', p);
      return controller.series({ from, to, ...(login ? { login } : {}), ...(granularity ? { granularity } : {}) });
    },
    'sync:refresh': async (p) => (parse('sync:refresh', p), controller.refresh()),
    'settings:update': async (p) => controller.updateSettings(parse('settings:update', p)),
    'key:set': async (p) => controller.setKey(parse('key:set', p).apiKey),
    'key:delete': async (p) => (parse('key:delete', p), controller.deleteKey()),
    'key:test': async (p) => (parse('key:test', p), controller.testConnection()),
    'polling:set-paused': async (p) => controller.setPaused(parse('polling:set-paused', p).paused),
    'app:open-external': async (p) => deps.openExternal(EXTERNAL_LINKS[parse('app:open-external', p).link]),
    'app:set-demo': async (p) => deps.setDemo(parse('app:set-demo', p).on),
  };
}
