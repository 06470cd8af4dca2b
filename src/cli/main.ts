// The CLI's commands over the history sync (src/core/sync). `runCli` returns the exit code; index.ts wires it to the process.
import { isProblemError, toProblem } from '../core/api/errors.js';
import { describeRemoved, removeLeftovers } from '../core/fs/leftovers.js';
import { logins, missingRanges, samplesBetween } from '../core/history/model.js';
import { dayTotal } from '../core/history/queries.js';
import { validateApiKey } from '../core/secrets/keychain.js';
import { AccountError, assertKeyNew, readAccounts } from '../core/accounts/manage.js';
import { stopsSubPackages } from '../core/sync/sub-package-sync.js';
import { RETENTION_DAYS } from '../core/history/store.js';
import { figuresFreshMs, isFresh } from '../core/sync/snapshot.js';
import { localDayBounds } from '../core/time/local-days.js';
import { isoInZone, systemTimeZone } from '../core/time/zoned.js';
import { longRateLimitUntil, rateLimitEnd, rateLimitedUntilText } from '../shared/rate-limit.js';
import { quotaState } from '../shared/quota.js';
import type { ListTitles, Problem } from '../shared/types.js';
import type { PartName } from '../core/sync/account-state.js';
import { titlesFrom } from '../shared/titles.js';
import { openCostCache, type CostRange } from './cost-cache.js';
import { costJson, costText, packageMoneyJson, packageMoneyRows } from './money-report.js';
import { didYouMean, parseCommandLine, type OptionTable, type ParsedValues } from './args.js';
import { BAR_FORMATS, quotaClass, renderBar, shortText, type BarFormat, type StatusView } from './bar-formats.js';
import { createContext, type CliAccount, type CliContext, type CliIO } from './context.js';
import { accountsCommand } from './accounts-command.js';
import { accountDay, packagesJson, packagesText, type PackageDay, type PackageLine } from './packages-report.js';
import type { HistorySync } from '../core/sync/history-sync.js';
import { defaultPackageName, distinctLabels, packageId, packageLabel, type PackageKind } from '../shared/accounts.js';
import { lowThresholdsOf } from '../shared/package-settings.js';
import { totalSnapshot } from '../core/sync/total.js';
import { worstQuotaState } from '../shared/quota.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { cliProblem } from './problem-words.js';
import { metricsOf, renderMetrics, type MetricsInput } from './prometheus.js';
import {
  dailyCsv,
  dailyRows,
  dailyText,
  dayReport,
  dayText,
  forecastJson,
  historyCsv,
  historyRows,
  historyText,
  packageJson,
  packageText,
  statusLine,
  type DayReport,
} from './reports.js';
import { resultValidUntil } from './result-offer.js';
import { HELP, UsageError } from './usage.js';
import { cliVersion } from './version.js';
import { errorMessage } from '../shared/error-message.js';
import { renewalIsShort } from '../shared/money-text.js';
import { addDays, datesBetween, localDateOf, parseLocalDate } from '../shared/local-dates.js';
import { MINUTE_MS, SECOND_MS } from '../shared/time-constants.js';

const OPTIONS = {
  'data-dir': { type: 'string', value: 'DIR' },
  'api-tz': { type: 'string', value: 'an IANA zone, e.g. UTC' },
  units: { type: 'string', value: 'GB or GiB' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  refresh: { type: 'boolean' },
  'max-age': { type: 'string', value: 'SECONDS' },
  from: { type: 'string', value: 'YYYY-MM-DD' },
  to: { type: 'string', value: 'YYYY-MM-DD' },
  login: { type: 'string', value: 'LOGIN' },
  daily: { type: 'boolean' },
  format: { type: 'string', value: BAR_FORMATS.join(', ') },
  short: { type: 'boolean' },
  'no-check': { type: 'boolean' },
  listen: { type: 'string', value: 'HOST:PORT' },
  account: { type: 'string', value: 'NAME' },
  all: { type: 'boolean' },
  package: { type: 'string', value: 'KEY' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies OptionTable;

type Values = ParsedValues<typeof OPTIONS>;
type Flag = keyof typeof OPTIONS;

const COMMANDS: Record<string, readonly Flag[]> = {
  today: ['json', 'refresh', 'max-age', 'format', 'short', 'all', 'package'],
  day: ['json'],
  history: ['from', 'to', 'login', 'daily', 'json', 'csv'],
  package: ['json', 'refresh'],
  packages: ['json', 'refresh', 'max-age', 'all'],
  cost: ['from', 'to', 'json', 'refresh'],
  metrics: ['refresh', 'max-age'],
  serve: ['listen'],
  key: ['no-check'],
  accounts: ['json', 'no-check'],
};

function onlyFlags(values: Values, command: string, allowed: readonly Flag[]): void {
  const common: readonly Flag[] = ['data-dir', 'api-tz', 'units', 'account', 'help', 'version'];
  for (const name of Object.keys(values) as Flag[]) {
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

function words(ctx: CliContext, problem: Problem): Problem {
  return cliProblem(problem, { customBaseUrl: ctx.baseUrl !== undefined });
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

/** Some of the day is known: hours the history covers, or traffic it holds (the hour under way is never covered). */
function dayIsPartlyHeld(ctx: CliContext, day: string, sync: HistorySync = ctx.sync): boolean {
  const { start, end } = localDayBounds(day, ctx.localTimeZone);
  if (samplesBetween(sync.history(), start, end).length > 0) return true;
  const gaps = missingRanges(sync.history(), start, end);
  const missing = gaps.reduce((sum, g) => sum + (g.to - g.from), 0);
  return missing < end - start;
}

function noFuture(ctx: CliContext, io: CliIO, day: string, what: string): void {
  const today = localDateOf(io.clock(), ctx.localTimeZone);
  if (day > today) throw new UsageError(`${what} ${day} is in the future (today is ${today} in ${ctx.localTimeZone})`);
}

/** The API's answer for a day past what the history keeps may be empty for want of records, not of traffic. */
function tooOldNote(ctx: CliContext, io: CliIO, from: string, bytes: number): void {
  const oldest = addDays(localDateOf(io.clock(), ctx.localTimeZone), -RETENTION_DAYS);
  if (from < oldest && bytes === 0) {
    io.stderr(`proxy-seller-traffic: ${from} is more than ${RETENTION_DAYS} days ago and the API returned no traffic for it: it may no longer keep that day, so 0 B may not mean no use.`);
  }
}

/** The account's list titles as held (read hourly at most: accountParts). */
/** The list titles an account holds (the chosen one's for a context, as a CliAccount's). */
function titles(of: Pick<CliAccount, 'account'>): ListTitles {
  return titlesFrom(of.account.state().lists?.value ?? []);
}

/**
 * The parts of the account's answers a command shows, each at its own cadence (titles hourly, the
 * spend every 15 minutes, balance and renewal quote hourly: account-sync.ts, shared with the app),
 * so a status bar calling every few seconds does not ask for them each time; `force` (--refresh)
 * asks now. Not asked while the traffic could not be read (a refused key, a rate limit): what is
 * held is shown, and no request adds to the trouble. A part that fails keeps its last value.
 */
async function accountParts(ctx: CliContext, parts: readonly PartName[], o: { force: boolean; problem: Problem | null }, of: CliAccount = ctx.chosen): Promise<void> {
  if (o.problem !== null || parts.length === 0) return;
  await of.account.refresh({ client: () => of.openClient(), pkg: of.sync.state().package, force: o.force, wantSpend: parts.includes('consumption'), parts });
}

function showDay(ctx: CliContext, io: CliIO, day: string, json: boolean, problem: Problem | null, form: 'status' | 'short' | 'day'): number {
  if (problem && !dayIsPartlyHeld(ctx, day)) return report(io, problem, ctx.localTimeZone);
  const state = ctx.sync.state();
  const rep = syncDayReport(ctx, io, { sync: ctx.sync, id: ctx.packageId, problem, titles: titles(ctx) }, day);
  if (json) io.stdout(JSON.stringify(rep));
  else if (form === 'status') io.stdout(statusLine(rep, state.package, ctx.localTimeZone, ctx.units));
  else if (form === 'short') io.stdout(`${shortText(statusView(ctx, io, problem))}${problem ? ' (stale)' : ''}`);
  else io.stdout(dayText(rep, ctx.units));
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

function statusView(ctx: CliContext, io: CliIO, problem: Problem | null): StatusView {
  const now = io.clock();
  const today = localDateOf(now, ctx.localTimeZone);
  const state = ctx.sync.state();
  const held = problem === null || dayIsPartlyHeld(ctx, today);
  return {
    todayBytes: held ? dayTotal(ctx.sync.history(), today, ctx.localTimeZone).totalBytes : null,
    pkg: state.package,
    quota: quotaState(state.package, now, lowThresholdsOf(ctx.settings, ctx.packageId)),
    forecast: ctx.sync.snapshot().forecast,
    problem,
    stale: problem !== null,
    updatedAt: state.lastSuccessAt,
    now,
    zone: ctx.localTimeZone,
    units: ctx.units,
  };
}

/**
 * How old a package's sync may be and still be shown without asking: --max-age, else the app's poll
 * interval (what the tray shows is no older), so a status bar over a reseller's many packages asks
 * for each at most once per interval, whoever synced it last (the app or an earlier run).
 */
function maxAge(ctx: CliContext, values: Values): number {
  const raw = values['max-age'];
  if (raw === undefined) return ctx.settings.pollIntervalMinutes * MINUTE_MS;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--max-age: expected whole seconds, got '${raw}'`);
  return Number(raw) * SECOND_MS;
}

/**
 * Whether the figures must be asked for: not while a sync younger than --max-age (default: the poll
 * interval) stands, nor while a recorded rate limit holds (the app's or an earlier run's: asking
 * again would only prolong it); --refresh always asks.
 */
function pollDue(ctx: CliContext, sync: HistorySync, values: Values, now: number): boolean {
  if (values.refresh) return true;
  const state = sync.state();
  const fresh = state.problem === null && isFresh(state.lastSuccessAt, now, maxAge(ctx, values));
  return !fresh && rateLimitEnd(state.problem, now) === null;
}

/** A sync younger than --max-age (default: the poll interval) is reused; a recorded rate limit is waited out (its problem shown); else one poll. */
async function currentFigures(ctx: CliContext, io: CliIO, values: Values, sync: HistorySync = ctx.sync): Promise<Problem | null> {
  const problem = pollDue(ctx, sync, values, io.clock()) ? await attempt(() => sync.poll({ forcePackage: values.refresh === true })) : sync.state().problem;
  return problem === null ? null : words(ctx, problem);
}

function barFormat(values: Values): BarFormat | null {
  const raw = values.format;
  if (raw === undefined) return null;
  const f = BAR_FORMATS.find((name) => name === raw.toLowerCase());
  if (f === undefined) throw new UsageError(`--format: expected ${BAR_FORMATS.join(', ')}, got '${raw}'${didYouMean(raw, BAR_FORMATS)}`);
  if (values.json || values.short) throw new UsageError(`--format cannot be used with --${values.json ? 'json' : 'short'}`);
  return f;
}

async function today(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const format = barFormat(values);
  if (values.json && values.short) throw new UsageError('--json and --short cannot be used together');
  if (values.all) return todayAll(ctx, io, values, format);
  if (values.package !== undefined) {
    const found = await packageSync(ctx, values.package);
    // The package could not be looked up (the API down, the key refused): that problem, with its exit code.
    if ('problem' in found) {
      if (format !== null) {
        io.stdout(setupFailureBar(format, io, found.problem));
        return EXIT.ok;
      }
      return report(io, words(ctx, found.problem), ctx.localTimeZone);
    }
    ctx = { ...ctx, sync: found.sync, packageId: found.id };
  }
  const problem = await currentFigures(ctx, io, values);
  // Only the JSON names lists: the status line, --short and the bars never ask for titles.
  if (values.json) await accountParts(ctx, ['lists'], { force: values.refresh === true, problem });
  if (format !== null) {
    // The state is in the output: a bar hides (waybar) or freezes (polybar) a module that fails.
    io.stdout(renderBar(format, statusView(ctx, io, problem), io.self));
    return EXIT.ok;
  }
  return showDay(ctx, io, localDateOf(io.clock(), ctx.localTimeZone), values.json === true, problem, values.short ? 'short' : 'status');
}

/**
 * A `today` that only read what is held may be answered again by the launcher while nothing it read
 * changes (result-offer.ts). Not --json: its figures move by the millisecond and its titles hourly.
 */
function offerToday(ctx: CliContext, io: CliIO, values: Values): void {
  const state = ctx.sync.state();
  if (io.offerResult === undefined || values.json || state.problem !== null || state.lastSuccessAt === null) return;
  io.offerResult({
    validUntil: resultValidUntil({
      now: io.clock(),
      lastSuccessAt: state.lastSuccessAt,
      maxAgeMs: maxAge(ctx, values),
      staleAfterMs: figuresFreshMs(ctx.settings.pollIntervalMinutes * MINUTE_MS),
      expiresAt: state.package?.expiresAt ?? null,
    }),
    render: (out) => today(ctx, { ...io, ...out }, values),
  });
}

/** `today --format` when even the setup failed: the bar still shows the module, and why. */
function setupFailureBar(format: BarFormat, io: CliIO, problem: Problem): string {
  const zone = systemTimeZone();
  const view: StatusView = { todayBytes: null, pkg: null, quota: null, forecast: { kind: 'no-package' }, problem, stale: true, updatedAt: null, now: io.clock(), zone, units: 'GB' };
  return renderBar(format, view, io.self);
}

async function day(ctx: CliContext, io: CliIO, values: Values, positionals: string[]): Promise<number> {
  const d = date(positionals[1], 'day');
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}'`);
  noFuture(ctx, io, d, 'day');
  const found = await attempt(() => ctx.sync.ensureDays(d, d));
  const problem = found === null ? null : words(ctx, found);
  await accountParts(ctx, ['lists'], { force: false, problem });
  if (problem === null) tooOldNote(ctx, io, d, dayTotal(ctx.sync.history(), d, ctx.localTimeZone).totalBytes);
  return showDay(ctx, io, d, values.json === true, problem, 'day');
}

/** A --login neither in the history nor among the account's lists is a typo, not a silent empty range. */
async function checkLogin(ctx: CliContext, login: string): Promise<void> {
  const inHistory = logins(ctx.sync.history());
  if (inHistory.includes(login)) return;
  let lists: string[];
  try {
    lists = (await (await ctx.openClient()).getLists()).map((l) => l.login);
  } catch (e) {
    // The lists cannot be read now: the login may be right, the range is shown as it is.
    if (isProblemError(e)) return;
    throw e;
  }
  if (lists.includes(login)) return;
  const known = [...new Set([...inHistory, ...lists])].sort();
  throw new UsageError(
    `--login: '${login}' is neither in the history nor among the account's lists${didYouMean(login, known)}; known: ${known.length === 0 ? 'none' : known.join(', ')}`,
  );
}

async function history(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const from = date(values.from, '--from');
  const to = date(values.to, '--to');
  if (to < from) throw new UsageError(`--to (${to}) is before --from (${from})`);
  noFuture(ctx, io, to, '--to');
  // One call may not ask for years (a request per month of range); the history keeps RETENTION_DAYS.
  if (datesBetween(from, to).length > RETENTION_DAYS) throw new UsageError(`the range is limited to ${RETENTION_DAYS} days`);
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be used together');
  const found = await attempt(() => ctx.sync.ensureDays(from, to));
  const problem = found === null ? null : words(ctx, found);
  if (problem) {
    const held = [from, to].some((d) => dayIsPartlyHeld(ctx, d));
    if (!held) return report(io, problem, ctx.localTimeZone);
  }
  if (values.login !== undefined) await checkLogin(ctx, values.login);
  await accountParts(ctx, ['lists'], { force: false, problem });
  const zone = ctx.localTimeZone;
  if (values.daily) {
    const rows = dailyRows(ctx.sync.history(), from, to, zone, titles(ctx), values.login);
    if (problem === null) tooOldNote(ctx, io, from, rows.reduce((s, r) => s + r.bytes, 0));
    if (values.json) io.stdout(JSON.stringify({ from, to, timeZone: zone, stale: problem !== null, rows }));
    else if (values.csv) io.stdout(dailyCsv(rows));
    else io.stdout(dailyText(rows, ctx.units));
  } else {
    const rows = historyRows(ctx.sync.history(), from, to, zone, titles(ctx), values.login);
    if (problem === null) tooOldNote(ctx, io, from, rows.reduce((s, r) => s + r.bytes, 0));
    if (values.json) io.stdout(JSON.stringify({ from, to, timeZone: zone, stale: problem !== null, rows }));
    else if (values.csv) io.stdout(historyCsv(rows));
    else io.stdout(historyText(rows, ctx.units));
  }
  return problem ? report(io, problem, zone) : EXIT.ok;
}

async function packageCommand(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const found = await attempt(() => ctx.sync.poll({ forcePackage: true }));
  const problem = found === null ? null : words(ctx, found);
  await accountParts(ctx, ['consumption', 'balance', 'renewal'], { force: values.refresh === true, problem });
  const snap = ctx.sync.snapshot();
  const pkg = snap.package;
  if (!pkg) return report(io, problem ?? toProblem(new Error('no package')), ctx.localTimeZone);
  const zone = ctx.localTimeZone;
  const fetchedAt = ctx.sync.state().packageFetchedAt;
  if (values.json) {
    io.stdout(
      JSON.stringify({
        ...packageJson(pkg, zone),
        forecast: forecastJson(snap.forecast, pkg),
        ...packageMoneyJson(snap.money),
        // The money figures are part of it: a balance or spend read long ago makes it stale too.
        stale: problem !== null || snap.money.balanceAsOf !== null || snap.money.spendAsOf !== null,
        updatedAt: fetchedAt === null ? null : isoInZone(fetchedAt, zone),
      }),
    );
  } else {
    const money = packageMoneyRows(snap.money, { now: snap.generatedAt, zone });
    io.stdout(packageText(pkg, snap.forecast, zone, ctx.units, problem !== null, fetchedAt, snap.generatedAt, money, renewalIsShort(snap.money.renewal)));
  }
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

/** `metrics`: the figures for node_exporter's textfile collector; printed (proxy_seller_up 0) whatever the sync did. */
async function metrics(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const scopes = await allPackages(ctx, io, values);
  for (const s of scopes) if (s.kind === 'main') await accountParts(ctx, ['lists', 'consumption', 'balance', 'renewal'], { force: values.refresh === true, problem: s.problem }, s.account);
  const inputs: MetricsInput[] = scopes.map((s) => ({
    ...metricsOf(s.sync.snapshot()),
    account: s.account.name,
    packageKey: s.key ?? s.sync.state().package?.key ?? null,
    up: s.problem === null && s.sync.state().lastSuccessAt !== null,
  }));
  io.stdout(renderMetrics(inputs).trimEnd());
  reportScopes(ctx, io, scopes);
  return EXIT.ok;
}

/** The range of `cost`: both dates or neither (the package's whole period); not ahead of today, nor older than the history keeps. */
function costRange(ctx: CliContext, io: CliIO, values: Values): CostRange {
  if (values.from === undefined && values.to === undefined) return { from: null, to: null };
  if (values.from === undefined || values.to === undefined) {
    throw new UsageError(`give both --from and --to, or neither (the package's whole period); --${values.from === undefined ? 'from' : 'to'} is missing`);
  }
  const from = date(values.from, '--from');
  const to = date(values.to, '--to');
  if (to < from) throw new UsageError(`--to (${to}) is before --from (${from})`);
  noFuture(ctx, io, to, '--to');
  const oldest = addDays(localDateOf(io.clock(), ctx.localTimeZone), -RETENTION_DAYS);
  if (from < oldest) throw new UsageError(`--from ${from} is more than ${RETENTION_DAYS} days ago (the oldest day kept is ${oldest})`);
  return { from, to };
}

/** `cost`: resident/consumption for the range, at most every 15 minutes per range (cost-cache.ts); --refresh asks now. */
async function cost(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const range = costRange(ctx, io, values);
  const now = io.clock();
  const { cache, problem: unreadable } = await openCostCache(ctx.dataDir, now);
  if (unreadable) io.stderr(`proxy-seller-traffic: ${unreadable}`);
  let entry = values.refresh ? null : cache.fresh(range, now);
  let problem: Problem | null = null;
  if (entry === null) {
    try {
      const asked = range.from === null ? {} : { dateStart: range.from, dateEnd: range.to };
      const consumption = await (await ctx.openClient()).getConsumption(asked);
      entry = { from: range.from, to: range.to, at: io.clock(), consumption };
      await cache.put(entry);
      // The whole period's answer is the account's spend too: nothing asks for it again within 15 minutes.
      if (range.from === null) await ctx.account.noteConsumption(consumption, ctx.sync.state().package?.key ?? null);
    } catch (e) {
      if (!isProblemError(e)) throw e;
      problem = words(ctx, toProblem(e));
      // The API cannot be asked: an older answer for the range is shown, with why it is not newer.
      entry = cache.held(range);
    }
  }
  await accountParts(ctx, ['lists'], { force: values.refresh === true, problem });
  if (entry === null) return report(io, problem ?? toProblem(new Error('no answer')), ctx.localTimeZone);
  if (values.json) {
    io.stdout(JSON.stringify(costJson(range, entry.consumption, titles(ctx))));
    // The JSON keeps its documented fields; that it is an older answer is said beside it.
    if (problem) io.stderr(`proxy-seller-traffic: these figures were read ${isoInZone(entry.at, ctx.localTimeZone).slice(0, 16).replace('T', ' ')} (stale).`);
  } else {
    io.stdout(costText(range, entry.consumption, titles(ctx), ctx.units, { now, zone: ctx.localTimeZone }));
    if (problem) io.stdout(`Read ${isoInZone(entry.at, ctx.localTimeZone).slice(0, 16).replace('T', ' ')} (stale)`);
  }
  return problem ? report(io, problem, ctx.localTimeZone) : EXIT.ok;
}

async function keySet(ctx: CliContext, io: CliIO, values: Values): Promise<void> {
  const raw = await io.readStdin('Proxy-Seller API key: ');
  let apiKey: string;
  try {
    apiKey = validateApiKey(raw);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
  // A keychain that cannot take the key (locked) says so before the key goes anywhere.
  await ctx.secrets.status();
  // One key, one account: the same key under two accounts would count its packages twice.
  if (!ctx.envKey) {
    try {
      await assertKeyNew(ctx.accountsDeps, (await readAccounts(ctx.accountsDeps)).file, apiKey, ctx.chosen.id);
    } catch (e) {
      if (e instanceof AccountError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (!values['no-check']) {
    // Asked before storing: a refused key must not replace a working one.
    try {
      await (await ctx.openClient(apiKey)).getPackage();
    } catch (e) {
      if (!isProblemError(e)) throw e;
      const p = words(ctx, toProblem(e));
      // A key the API took (the account just has no package) is a working key.
      if (p.kind !== 'no-package') {
        io.stderr(`proxy-seller-traffic: the key was not stored: ${p.message} ${p.action} (--no-check stores it without asking)`);
        throw Object.assign(new Error('key refused'), { exitCode: exitCodeFor(p.kind) });
      }
    }
  }
  await ctx.secrets.set(apiKey);
  const status = await ctx.secrets.status();
  io.stdout(`API key stored in the system keychain (ends in ${status.last4 ?? '????'}).`);
}

async function key(ctx: CliContext, io: CliIO, values: Values, positionals: string[]): Promise<number> {
  const sub = positionals[1];
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}'`);
  if (sub !== 'set' && values['no-check']) throw new UsageError(`'key ${sub ?? ''}' does not take --no-check`.replace(' \'', "'"));
  let code: number = EXIT.ok;
  const problem = await attempt(async () => {
    if (sub === 'set') {
      try {
        await keySet(ctx, io, values);
      } catch (e) {
        if (e instanceof Error && 'exitCode' in e && typeof e.exitCode === 'number') code = e.exitCode;
        else throw e;
      }
    } else if (sub === 'delete') {
      const removed = await ctx.secrets.delete();
      io.stdout(removed ? 'API key removed from the system keychain.' : 'No API key was stored.');
    } else if (sub === 'status') {
      const status = await ctx.secrets.status();
      io.stdout(status.stored ? `An API key is stored in the system keychain (ends in ${status.last4}).` : 'No API key is stored in the system keychain.');
      if (ctx.envKey) io.stdout('PROXY_SELLER_API_KEY is set and takes precedence.');
      if (!status.stored) code = EXIT.access;
    } else {
      throw new UsageError(`key: expected set, delete or status${sub ? `, got '${sub}'${didYouMean(sub, ['set', 'delete', 'status'])}` : ''}`);
    }
  });
  return problem ? report(io, words(ctx, problem), ctx.localTimeZone) : code;
}

/** One package of one account, for the commands over several (packages, today --all, metrics). */
interface PackageScope {
  account: CliAccount;
  kind: PackageKind;
  key: string | null;
  name: string;
  sync: HistorySync;
  /** Why its figures are stale or missing (in the CLI's words); null when they are current. */
  problem: Problem | null;
  /** As the app labels it ("Reseller · Client B" with several accounts, its name with one). */
  label: string;
}

function packageName(a: CliAccount, kind: PackageKind, key: string | null, apiName: string | null = null): string {
  return (key === null ? undefined : a.packageNames[key]) ?? apiName ?? defaultPackageName(kind, key);
}

/** The scope's package as settings name it (PackageView.id). */
function scopeId(s: PackageScope): string {
  return packageId({ accountId: s.account.id, kind: s.kind, packageKey: s.key });
}

function scopeLabel(s: PackageScope): string {
  return s.label;
}

/** The account's files read; what was wrong with them said once. */
async function openAccount(io: CliIO, a: CliAccount): Promise<void> {
  for (const p of await a.init()) io.stderr(`proxy-seller-traffic: ${p}`);
}

/** The list of sub-packages read again when due (15 minutes) or forced; a failure keeps the list held. */
async function refreshSubList(a: CliAccount, force: boolean): Promise<Problem | null> {
  const list = await a.subList();
  return attempt(async () => {
    await list.refresh(await a.openClient(), { force });
  });
}

/**
 * An account's packages with current figures: the main package (a sync younger than --max-age is
 * reused), then the list of sub-packages when due (the app's 15 minutes and sub-packages.json),
 * then each sub-package in its own folder. All draw on the account's own limiter. While the key
 * fails the main package the sub-packages are not asked (they would fail alike) and carry its problem.
 */
async function accountPackages(ctx: CliContext, io: CliIO, values: Values, a: CliAccount): Promise<Array<Omit<PackageScope, 'label'>>> {
  await openAccount(io, a);
  const mainProblem = await currentFigures(ctx, io, values, a.sync);
  const key = a.sync.state().package?.key ?? null;
  const out: Array<Omit<PackageScope, 'label'>> = [{ account: a, kind: 'main', key, name: packageName(a, 'main', key), sync: a.sync, problem: mainProblem }];
  // A main package gone or answered oddly does not stop its sub-packages (the app's rule); the key or the network does.
  const stops = mainProblem !== null && stopsSubPackages(mainProblem.kind);
  if (!stops) {
    const listProblem = await refreshSubList(a, values.refresh === true);
    if (listProblem) io.stderr(`proxy-seller-traffic: the sub-user packages of ${a.name ? `"${a.name}"` : 'the account'} could not be listed (the list held is used): ${words(ctx, listProblem).message}`);
  }
  for (const info of (await a.subList()).state().packages) {
    const sync = await a.subSync(info.key);
    const problem = stops ? mainProblem : await currentFigures(ctx, io, values, sync);
    out.push({ account: a, kind: 'sub', key: info.key, name: packageName(a, 'sub', info.key, info.apiName), sync, problem });
  }
  return out;
}

/** Every package of the accounts of the run, one account after another. */
async function allPackages(ctx: CliContext, io: CliIO, values: Values): Promise<PackageScope[]> {
  const out: Array<Omit<PackageScope, 'label'>> = [];
  for (const a of ctx.accounts) out.push(...(await accountPackages(ctx, io, values, a)));
  // Labelled as the app labels them (shared/accounts), two alike told apart by their keys.
  const labels = distinctLabels(out.map((s) => ({ label: packageLabel(s.account.name, s.kind, s.name, ctx.accounts.length), key: s.sync.state().package?.key ?? s.key })));
  return out.map((s, i) => ({ ...s, label: labels[i]! }));
}

/** Each problem once on stderr, named by its package (a sub-package carrying its account's problem is not said again); the first one's exit code. */
function reportScopes(ctx: CliContext, io: CliIO, scopes: readonly PackageScope[]): number {
  let code: number = EXIT.ok;
  const said = new Set<string>();
  for (const s of scopes) {
    if (s.problem === null) continue;
    const id = `${s.account.id}\n${s.problem.kind}\n${s.problem.message}`;
    if (said.has(id)) continue;
    said.add(id);
    const c = report(io, { ...s.problem, message: `${scopeLabel(s)}: ${s.problem.message}` }, ctx.localTimeZone);
    if (code === EXIT.ok) code = c;
  }
  return code;
}

/** The sync of `--package KEY` in the chosen account: its main package or one of its sub-packages. */
async function packageSync(ctx: CliContext, key: string): Promise<{ sync: HistorySync; id: string } | { problem: Problem }> {
  const a = ctx.chosen;
  // The main package's key is known once its package was read: read it first if it never was.
  if (a.sync.state().package === null) {
    const problem = await attempt(() => a.sync.poll());
    if (problem !== null && stopsSubPackages(problem.kind)) return { problem };
  }
  if (a.sync.state().package?.key === key) return { sync: a.sync, id: packageId({ accountId: a.id, kind: 'main', packageKey: key }) };
  // The list read when due (its figures move with it), or at once for a key it does not hold yet.
  const list = await a.subList();
  const known = () => list.state().packages.some((p) => p.key === key);
  let problem = await refreshSubList(a, false);
  if (!known() && problem === null && list.state().fetchedAt !== null) problem = await refreshSubList(a, true);
  if (known()) return { sync: await a.subSync(key), id: packageId({ accountId: a.id, kind: 'sub', packageKey: key }) };
  // The list could not be read: that is the problem to tell (with its exit code), not the key.
  if (problem !== null) return { problem };
  const keys = [a.sync.state().package?.key, ...list.state().packages.map((p) => p.key)].filter((k): k is string => typeof k === 'string');
  throw new UsageError(`--package: '${key}' is not a package of ${a.name ? `the account "${a.name}"` : 'the account'}${didYouMean(key, keys)}; its packages: ${keys.length === 0 ? 'none known yet' : keys.join(', ')}`);
}


/** One package's day as its sync holds it, stale when it has a problem, its state by its own thresholds. */
function syncDayReport(ctx: CliContext, io: CliIO, of: { sync: HistorySync; id: string; problem: Problem | null; titles: ListTitles }, day: string): DayReport {
  const state = of.sync.state();
  return dayReport({
    history: of.sync.history(),
    date: day,
    zone: ctx.localTimeZone,
    pkg: state.package,
    stale: of.problem !== null,
    updatedAt: state.lastSuccessAt,
    quota: quotaState(state.package, io.clock(), lowThresholdsOf(ctx.settings, of.id)),
    problem: of.problem,
    forecast: of.sync.snapshot().forecast,
    titles: of.titles,
  });
}

function packageDay(ctx: CliContext, io: CliIO, s: PackageScope, day: string): PackageDay {
  const rep = syncDayReport(ctx, io, { sync: s.sync, id: scopeId(s), problem: s.problem, titles: titles(s.account) }, day);
  return { kind: s.kind, name: s.name, ...rep };
}

/** The first problem that needs the user, else the first at all, named by its package. */
function firstProblem(scopes: readonly PackageScope[]): Problem | null {
  const pick = scopes.find((s) => s.problem?.needsAction) ?? scopes.find((s) => s.problem !== null);
  return pick?.problem ? { ...pick.problem, message: `${scopeLabel(pick)}: ${pick.problem.message}` } : null;
}

/** Several packages added up (core/sync/total.ts: nothing counted twice); null for one package. */
function scopesTotal(ctx: CliContext, io: CliIO, scopes: readonly PackageScope[]) {
  const now = io.clock();
  const total = totalSnapshot(
    scopes.map((s) => ({ label: scopeLabel(s), snapshot: s.sync.snapshot() })),
    now,
  );
  const quota = worstQuotaState(scopes.map((s) => quotaState(s.sync.state().package, now, lowThresholdsOf(ctx.settings, scopeId(s)))));
  return total === null ? null : { total, quota, problem: firstProblem(scopes) };
}

/** `today --all --format`: every package added up, the worst state of them, the first problem. */
function totalStatusView(ctx: CliContext, io: CliIO, scopes: readonly PackageScope[]): StatusView {
  const one = scopes.length === 1 ? scopes[0]! : null;
  if (one !== null) return statusView({ ...ctx, sync: one.sync, packageId: scopeId(one) }, io, one.problem);
  const now = io.clock();
  const day = localDateOf(now, ctx.localTimeZone);
  const t = scopesTotal(ctx, io, scopes)!;
  const held = scopes.every((s) => s.problem === null || dayIsPartlyHeld(ctx, day, s.sync));
  const packages = scopes.map((s) => {
    const snap = s.sync.snapshot();
    return { label: scopeLabel(s), figures: { package: snap.package, forecast: snap.forecast }, quota: quotaState(snap.package, now, lowThresholdsOf(ctx.settings, scopeId(s))) };
  });
  return {
    todayBytes: held ? scopes.reduce((sum, s) => sum + dayTotal(s.sync.history(), day, ctx.localTimeZone).totalBytes, 0) : null,
    pkg: t.total.package,
    // The worst package's state colours the bar; the text says the total's own.
    quota: t.quota,
    shownQuota: quotaState(t.total.package, now, lowThresholdsOf(ctx.settings, null)),
    forecast: t.total.forecast,
    packages,
    problem: t.problem,
    stale: t.problem !== null,
    updatedAt: t.total.lastSuccessAt,
    now,
    zone: ctx.localTimeZone,
    units: ctx.units,
  };
}

/**
 * `today --all`: every package of every account. --json: `{"accounts":[{"name", ...the today fields
 * (its packages added up), "packages":[{"kind","name", ...its today fields}]}]}`; --format and
 * --short: all of them added up; the text: a line per package.
 */
async function todayAll(ctx: CliContext, io: CliIO, values: Values, format: BarFormat | null): Promise<number> {
  if (values.package !== undefined) throw new UsageError('--package and --all cannot be used together');
  const scopes = await allPackages(ctx, io, values);
  if (format !== null) {
    io.stdout(renderBar(format, totalStatusView(ctx, io, scopes), io.self));
    return EXIT.ok;
  }
  const day = localDateOf(io.clock(), ctx.localTimeZone);
  if (values.json) {
    for (const s of scopes) if (s.kind === 'main') await accountParts(ctx, ['lists'], { force: values.refresh === true, problem: s.problem }, s.account);
    const accounts = ctx.accounts.map((a) => {
      const mine = scopes.filter((s) => s.account === a);
      const t = scopesTotal(ctx, io, mine);
      const total =
        t === null
          ? null
          : {
              package: packageJson(t.total.package, ctx.localTimeZone),
              forecast: forecastJson(t.total.forecast, t.total.package),
              quota: quotaClass(t.quota),
              problem: t.problem === null ? null : { kind: t.problem.kind, message: t.problem.message },
            };
      return accountDay(a.name, mine.map((s) => packageDay(ctx, io, s, day)), total);
    });
    io.stdout(JSON.stringify({ accounts }));
  } else if (values.short) {
    const v = totalStatusView(ctx, io, scopes);
    io.stdout(`${shortText(v)}${v.problem ? ' (stale)' : ''}`);
  } else {
    io.stdout(scopes.map((s) => `${scopeLabel(s)}: ${statusLine(packageDay(ctx, io, s, day), s.sync.state().package, ctx.localTimeZone, ctx.units)}`).join('\n'));
  }
  return reportScopes(ctx, io, scopes);
}

/** `packages`: the chosen account's packages, or every account's with --all (limit, used, reserved, left, runs out, expires). */
async function packagesCommand(ctx: CliContext, io: CliIO, values: Values): Promise<number> {
  const scopes = await allPackages(ctx, io, values);
  const lines: PackageLine[] = scopes.map((s) => ({ account: s.account.name, kind: s.kind, name: s.name, pkg: s.sync.state().package, forecast: s.sync.snapshot().forecast, stale: s.problem !== null }));
  io.stdout(values.json ? JSON.stringify(packagesJson(lines, ctx.localTimeZone)) : packagesText(lines, ctx.units, ctx.localTimeZone));
  return reportScopes(ctx, io, scopes);
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let format: BarFormat | null = null;
  try {
    const { values, positionals } = parseCommandLine(argv, OPTIONS);
    const command = positionals[0];
    if (values.version) {
      io.stdout(`proxy-seller-traffic ${cliVersion()}`);
      return EXIT.ok;
    }
    if (values.help || command === 'help') {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (command === undefined) {
      // Nothing asked: the usage goes where errors go, so a script's output stays empty.
      io.stderr(HELP);
      return EXIT.usage;
    }
    const flags = COMMANDS[command];
    if (!flags) throw new UsageError(`unknown command '${command}'${didYouMean(command, Object.keys(COMMANDS)) || ' (try --help)'}`);
    onlyFlags(values, command, flags);
    if (command === 'today') format = barFormat(values);
    if (command !== 'day' && command !== 'key' && command !== 'accounts' && positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    if (values.all && values.account !== undefined) throw new UsageError('--all and --account cannot be used together');
    if (command === 'accounts' && values.account !== undefined) throw new UsageError("'accounts' takes the account's name as its argument, not --account");
    if (command === 'serve' && values['api-tz'] !== undefined) throw new UsageError("'serve' takes the API timezone from the settings, not --api-tz");
    if (command === 'serve' && values.account !== undefined) throw new UsageError("'serve' exports every account's packages (each labelled with its account), not one chosen with --account");
    // Loaded only for `serve`: the exporter brings the HTTP server and the app's controller, which
    // every other command (a status bar's `today` every few seconds) would load for nothing.
    const exporter = command === 'serve' ? await import('./serve.js') : null;
    const listen = exporter === null ? null : exporter.parseListen(values.listen ?? exporter.DEFAULT_LISTEN);
    // `metrics` covers every package of every account unless --account names one.
    const all = values.all === true || (command === 'metrics' && values.account === undefined);
    const ctx = await createContext(
      { dataDir: values['data-dir'], apiTz: values['api-tz'], units: values.units, recentOnly: command === 'today', ...(values.account === undefined ? {} : { account: values.account }), all },
      io,
    );
    for (const p of ctx.settingsProblems) io.stderr(`proxy-seller-traffic: ${p}`);
    if (exporter !== null && listen !== null) {
      return await exporter.serve({ listen, dataDir: ctx.dataDir, secretsFor: ctx.accountsDeps.secretsFor, envApiKey: ctx.envKey, baseUrl: ctx.baseUrl, version: cliVersion(), io });
    }
    if (command !== 'key' && command !== 'accounts') await openAccount(io, ctx.chosen);
    // A status bar's `today` every few seconds that only reads what is held writes nothing, so it
    // sweeps nothing either (a walk of the data folder, ~6 ms of a ~150 ms run): the leftovers of
    // interrupted writes go with the next run that writes (a poll) or the app's start.
    const readsOnly = command === 'today' && !values.all && values.package === undefined && !pollDue(ctx, ctx.sync, values, io.clock());
    if (!readsOnly) {
      const leftovers = describeRemoved(await removeLeftovers(ctx.dataDir, { now: io.clock() }), ctx.dataDir);
      if (leftovers) io.stderr(`proxy-seller-traffic: ${leftovers}`);
    }
    switch (command) {
      case 'today': {
        const code = await today(ctx, io, values);
        if (readsOnly && code === EXIT.ok) offerToday(ctx, io, values);
        return code;
      }
      case 'day':
        return await day(ctx, io, values, positionals);
      case 'history':
        return await history(ctx, io, values);
      case 'package':
        return await packageCommand(ctx, io, values);
      case 'metrics':
        return await metrics(ctx, io, values);
      case 'cost':
        return await cost(ctx, io, values);
      case 'packages':
        return await packagesCommand(ctx, io, values);
      case 'accounts':
        return await accountsCommand(ctx, io, values, positionals, { words: (p) => words(ctx, p), report: (p) => report(io, p, ctx.localTimeZone) });
      default:
        return await key(ctx, io, values, positionals);
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'CancelledError') {
      io.stderr('proxy-seller-traffic: cancelled; nothing was changed.');
      return EXIT.cancelled;
    }
    if (format !== null) {
      // A bar module must stay visible whatever failed: the reason goes into its text.
      const problem: Problem =
        e instanceof UsageError || (e instanceof Error && e.name === 'AccountError')
          ? { kind: 'config', needsAction: true, message: e.message, action: 'Fix the command line or the environment of the bar.' }
          : isProblemError(e)
            ? toProblem(e)
            : { kind: 'transport', needsAction: false, message: `Unexpected error: ${e instanceof Error ? e.name : 'error'}.`, action: 'Try again; if this persists, report it.' };
      io.stdout(setupFailureBar(format, io, problem));
      return EXIT.ok;
    }
    if (e instanceof UsageError || (e instanceof Error && e.name === 'AccountError')) {
      io.stderr(`proxy-seller-traffic: ${e.message}`);
      return EXIT.usage;
    }
    if (isProblemError(e)) return report(io, toProblem(e), systemTimeZone());
    // Unknown failures: say what, never how (a stack could carry a URL).
    io.stderr(`proxy-seller-traffic: unexpected error: ${e instanceof Error ? e.name : 'error'}${e instanceof Error && !/https?:/.test(e.message) ? `: ${e.message}` : ''}`);
    return EXIT.failure;
  }
}
