// The CLI's commands over the history sync (src/core/sync). `runCli` returns the exit code; index.ts wires it to the process.
import { parseArgs } from 'node:util';
import { isProblemError, toProblem } from '../core/api/errors.js';
import { describeRemoved, removeLeftovers } from '../core/fs/leftovers.js';
import { missingRanges } from '../core/history/model.js';
import { validateApiKey } from '../core/secrets/keychain.js';
import { RETENTION_DAYS } from '../core/history/store.js';
import { isFresh } from '../core/sync/snapshot.js';
import { localDayBounds } from '../core/time/local-days.js';
import { isoInZone, systemTimeZone } from '../core/time/zoned.js';
import { longRateLimitUntil, rateLimitEnd, rateLimitedUntilText } from '../shared/rate-limit.js';
import type { Problem } from '../shared/types.js';
import { createContext, type CliContext, type CliIO } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { dayReport, dayText, historyCsv, historyRows, historyText, packageJson, packageText, statusLine } from './reports.js';
import { HELP, UsageError } from './usage.js';
import { errorMessage } from '../shared/error-message.js';
import { datesBetween, localDateOf, parseLocalDate } from '../shared/local-dates.js';
import { SECOND_MS } from '../shared/time-constants.js';

const globalOptions = {
  'data-dir': { type: 'string' },
  'api-tz': { type: 'string' },
  units: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  refresh: { type: 'boolean' },
  'max-age': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  login: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: globalOptions, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

function onlyFlags(values: Values, command: string, allowed: readonly (keyof Values)[]): void {
  const common: readonly (keyof Values)[] = ['data-dir', 'api-tz', 'units', 'help'];
  for (const name of Object.keys(values) as (keyof Values)[]) {
    if (values[name] !== undefined && !common.includes(name) && !allowed.includes(name)) {
      throw new UsageError(`'${command}' does not take --${name}`);
    }
  }
}

function date(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`${what} is required (YYYY-MM-DD)`);
  try {
    return parseLocalDate(value);
  } catch (e) {
    throw new UsageError(`${what}: ${errorMessage(e)}`);
  }
}

function report(io: CliIO, problem: Problem, zone: string): number {
  // A long rate limit says until when, as the tray and the window do.
  const now = io.clock();
  const until = longRateLimitUntil(problem, now);
  const when = until === null ? '' : ` ${rateLimitedUntilText(until, now, zone)}.`;
  io.stderr(`proxy-seller-traffic: ${problem.message}${when} ${problem.action}`);
  return exitCodeFor(problem.kind);
}

/** Runs `work`; on a ProblemError returns its problem (after the state was recorded) instead of throwing. */
async function attempt(work: () => Promise<void>): Promise<Problem | null> {
  try {
    await work();
    return null;
  } catch (e) {
    if (isProblemError(e)) return toProblem(e);
    throw e;
  }
}

function dayIsPartlyHeld(ctx: CliContext, day: string): boolean {
  const { start, end } = localDayBounds(day, ctx.localTimeZone);
  const gaps = missingRanges(ctx.sync.history(), start, end);
  const missing = gaps.reduce((sum, g) => sum + (g.to - g.from), 0);
  return missing < end - start;
}

async function showDay(ctx: CliContext, io: CliIO, day: string, json: boolean, problem: Problem | null, asStatus: boolean): Promise<number> {
  if (problem && !dayIsPartlyHeld(ctx, day)) return report(io, problem, ctx.localTimeZone);
  const state = ctx.sync.state();
  const rep = dayReport({
    history: ctx.sync.history(),
    date: day,
    zone: ctx.localTimeZone,
    pkg: state.package,
    stale: problem !== null,
    updatedAt: state.lastSuccessAt,
  });
  if (json) io.stdout(JSON.stringify(rep));
  else io.stdout(asStatus ? statusLine(rep, state.package, ctx.localTimeZone, ctx.units) : dayText(rep, ctx.units));
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

async function today(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const maxAgeRaw = values['max-age'] ?? '60';
  if (!/^\d+$/.test(maxAgeRaw)) throw new UsageError(`--max-age: expected whole seconds, got '${maxAgeRaw}'`);
  const maxAgeMs = Number(maxAgeRaw) * SECOND_MS;
  const state = ctx.sync.state();
  const now = io.clock();
  const fresh = !values.refresh && state.problem === null && isFresh(state.lastSuccessAt, now, maxAgeMs);
  // While a recorded rate limit holds (the app's or an earlier run's), asking again would only
  // prolong it: the stored figures are shown with it, unless --refresh insists.
  const waiting = !values.refresh && rateLimitEnd(state.problem, now) !== null;
  const problem = fresh ? null : waiting ? state.problem : await attempt(() => ctx.sync.poll({ forcePackage: values.refresh === true }));
  return showDay(ctx, io, localDateOf(io.clock(), ctx.localTimeZone), values.json === true, problem, true);
}

async function day(ctx: CliContext, io: CliIO, values: Values, positionals: string[]): Promise<number> {
  const d = date(positionals[1], 'day');
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}'`);
  const problem = await attempt(() => ctx.sync.ensureDays(d, d));
  return showDay(ctx, io, d, values.json === true, problem, false);
}

async function history(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const from = date(values.from, '--from');
  const to = date(values.to, '--to');
  if (to < from) throw new UsageError(`--to (${to}) is before --from (${from})`);
  // One call may not ask for years (a request per month of range); the history keeps RETENTION_DAYS.
  if (datesBetween(from, to).length > RETENTION_DAYS) throw new UsageError(`the range is limited to ${RETENTION_DAYS} days`);
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be used together');
  const problem = await attempt(() => ctx.sync.ensureDays(from, to));
  if (problem) {
    const held = [from, to].some((d) => dayIsPartlyHeld(ctx, d));
    if (!held) return report(io, problem, ctx.localTimeZone);
  }
  const rows = historyRows(ctx.sync.history(), from, to, ctx.localTimeZone, values.login);
  if (values.json) io.stdout(JSON.stringify({ from, to, timeZone: ctx.localTimeZone, stale: problem !== null, rows }));
  else if (values.csv) io.stdout(historyCsv(rows));
  else io.stdout(historyText(rows, ctx.units));
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

async function packageCommand(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const problem = await attempt(() => ctx.sync.poll({ forcePackage: true }));
  const snap = ctx.sync.snapshot();
  const pkg = snap.package;
  if (!pkg) return report(io, problem ?? toProblem(new Error('no package')), ctx.localTimeZone);
  const zone = ctx.localTimeZone;
  const fetchedAt = ctx.sync.state().packageFetchedAt;
  if (values.json) {
    io.stdout(
      JSON.stringify({
        ...packageJson(pkg, zone),
        forecast: snap.forecast,
        stale: problem !== null,
        updatedAt: fetchedAt === null ? null : isoInZone(fetchedAt, zone),
      }),
    );
  } else io.stdout(packageText(pkg, snap.forecast, zone, ctx.units, problem !== null, snap.generatedAt));
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

async function key(ctx: CliContext, io: CliIO, positionals: string[]): Promise<number> {
  const sub = positionals[1];
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}'`);
  const problem = await attempt(async () => {
    if (sub === 'set') {
      const raw = await io.readStdin('Proxy-Seller API key: ');
      let apiKey: string;
      try {
        apiKey = validateApiKey(raw);
      } catch (e) {
        throw new UsageError(errorMessage(e));
      }
      await ctx.secrets.set(apiKey);
      const status = await ctx.secrets.status();
      io.stdout(`API key stored in the system keychain (ends in ${status.last4 ?? '????'}).`);
    } else if (sub === 'delete') {
      const removed = await ctx.secrets.delete();
      io.stdout(removed ? 'API key removed from the system keychain.' : 'No API key was stored.');
    } else if (sub === 'status') {
      const status = await ctx.secrets.status();
      io.stdout(status.stored ? `An API key is stored in the system keychain (ends in ${status.last4}).` : 'No API key is stored in the system keychain.');
      if (io.env.PROXY_SELLER_API_KEY) io.stdout('PROXY_SELLER_API_KEY is set and takes precedence.');
    } else {
      throw new UsageError(`key: expected set, delete or status${sub ? `, got '${sub}'` : ''}`);
    }
  });
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    const command = positionals[0];
    if (values.help || command === undefined || command === 'help') {
      io.stdout(HELP);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    const allowed: Record<string, readonly (keyof Values)[]> = {
      today: ['json', 'refresh', 'max-age'],
      day: ['json'],
      history: ['from', 'to', 'login', 'json', 'csv'],
      package: ['json'],
      key: [],
    };
    const flags = allowed[command];
    if (!flags) throw new UsageError(`unknown command '${command}' (try --help)`);
    onlyFlags(values, command, flags);
    if (command !== 'day' && command !== 'key' && positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const ctx = await createContext({ dataDir: values['data-dir'], apiTz: values['api-tz'], units: values.units }, io);
    for (const p of ctx.settingsProblems) io.stderr(`proxy-seller-traffic: ${p}`);
    const leftovers = describeRemoved(await removeLeftovers(ctx.dataDir, { now: io.clock() }), ctx.dataDir);
    if (leftovers) io.stderr(`proxy-seller-traffic: ${leftovers}`);
    if (command !== 'key') for (const p of await ctx.sync.init()) io.stderr(`proxy-seller-traffic: ${p}`);
    switch (command) {
      case 'today':
        return await today(ctx, io, values);
      case 'day':
        return await day(ctx, io, values, positionals);
      case 'history':
        return await history(ctx, io, values);
      case 'package':
        return await packageCommand(ctx, io, values);
      default:
        return await key(ctx, io, positionals);
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'CancelledError') {
      io.stderr('proxy-seller-traffic: cancelled; nothing was changed.');
      return EXIT.cancelled;
    }
    if (e instanceof UsageError) {
      io.stderr(`proxy-seller-traffic: ${e.message}`);
      return EXIT.usage;
    }
    if (isProblemError(e)) return report(io, toProblem(e), systemTimeZone());
    // Unknown failures: say what, never how (a stack could carry a URL).
    io.stderr(`proxy-seller-traffic: unexpected error: ${e instanceof Error ? e.name : 'error'}${e instanceof Error && !/https?:/.test(e.message) ? `: ${e.message}` : ''}`);
    return EXIT.failure;
  }
}

