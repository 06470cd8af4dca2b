// `accounts add NAME | list [--json] | remove NAME | default NAME`: the registry and the keychain
// entries through core/accounts/manage.ts (the app's rules: a key checked with the API before it is
// stored, only in the keychain; a name taken or unknown refused with the names there are).
import { addAccount, readAccounts, removeAccount, setDefaultAccount, summarizeAccounts } from '../core/accounts/manage.js';
import { entryFor, FIRST_ACCOUNT_ID, newAccount } from '../core/accounts/registry.js';
import { isProblemError, toProblem } from '../core/api/errors.js';
import type { Problem } from '../shared/types.js';
import { didYouMean } from './args.js';
import { ENV_ONLY_ACCOUNT, type CliContext, type CliIO } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { UsageError } from './usage.js';
import { errorMessage } from '../shared/error-message.js';
import { withoutAccountSettings } from '../shared/package-settings.js';
import { updateSettings } from '../core/settings/file.js';

const SUBCOMMANDS = ['add', 'list', 'remove', 'default'] as const;

export interface AccountsCommandDeps {
  /** The problem in the CLI's words (cli/problem-words.ts). */
  words: (problem: Problem) => Problem;
  /** Prints the problem and returns its exit code. */
  report: (problem: Problem) => number;
}

/** The accounts as a table, the default marked: `* Main  …1a2b`. */
export function accountsText(rows: ReadonlyArray<{ name: string; default: boolean; keyLast4: string | null }>): string {
  if (rows.length === 0) return 'No accounts yet: add one with `proxy-seller-traffic accounts add NAME` (the key is read from stdin).';
  const width = Math.max('Account'.length, ...rows.map((r) => r.name.length));
  const lines = [`  ${'Account'.padEnd(width)}  Key`, ...rows.map((r) => `${r.default ? '*' : ' '} ${r.name.padEnd(width)}  ${r.keyLast4 === null ? 'no key stored' : `…${r.keyLast4}`}`)];
  return [...lines, '', '* the default account (used without --account)'].join('\n');
}

export async function accountsCommand(ctx: CliContext, io: CliIO, values: { json?: boolean; 'no-check'?: boolean }, positionals: readonly string[], deps: AccountsCommandDeps): Promise<number> {
  const sub = positionals[1];
  if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new UsageError(`accounts: expected ${SUBCOMMANDS.join(', ')}${sub ? `, got '${sub}'${didYouMean(sub, SUBCOMMANDS)}` : ''}`);
  }
  const name = positionals[2];
  if (sub === 'list') {
    if (name !== undefined) throw new UsageError(`unexpected argument '${name}'`);
  } else {
    if (name === undefined) throw new UsageError(`accounts ${sub}: the account's NAME is required`);
    if (positionals.length > 3) throw new UsageError(`unexpected argument '${positionals[3]}' (quote a name with spaces)`);
  }
  if (values.json && sub !== 'list') throw new UsageError(`'accounts ${sub}' does not take --json`);
  if (values['no-check'] && sub !== 'add') throw new UsageError(`'accounts ${sub}' does not take --no-check`);
  const d = ctx.accountsDeps;
  if (ctx.envKey !== undefined) {
    if (sub !== 'list') throw new UsageError(`accounts ${sub}: ${ENV_ONLY_ACCOUNT}`);
    // The one unnamed account, as the app shows it while the variable is set.
    const rows = [{ name: '', default: true, keyLast4: ctx.envKey.slice(-4) }];
    if (values.json) io.stdout(JSON.stringify({ accounts: rows }));
    else io.stdout(`${ENV_ONLY_ACCOUNT} Its key ends in …${ctx.envKey.slice(-4)}.`);
    return EXIT.ok;
  }
  try {
    if (sub === 'list') {
      const { file, problem } = await readAccounts(d);
      if (problem) io.stderr(`proxy-seller-traffic: ${problem}`);
      const rows = (await summarizeAccounts(d, file)).map((a) => ({ name: a.name, default: a.default, keyLast4: a.keyLast4 }));
      io.stdout(values.json ? JSON.stringify({ accounts: rows }) : accountsText(rows));
      return EXIT.ok;
    }
    if (sub === 'add') {
      // The name is checked before the key is asked for (addAccount checks it again under the lock).
      try {
        newAccount((await readAccounts(d)).file, name!);
      } catch (e) {
        if (e instanceof RangeError) throw new UsageError(e.message);
        throw e;
      }
      const raw = await io.readStdin('Proxy-Seller API key: ');
      // A keychain that cannot take the key (locked) says so before the key goes anywhere.
      await d.secretsFor(entryFor(FIRST_ACCOUNT_ID)).status();
      const check = values['no-check']
        ? undefined
        : async (apiKey: string) => {
            try {
              await (await ctx.openClient(apiKey)).getPackage();
            } catch (e) {
              // A key the API took (the account just has no package) is a working key.
              if (!isProblemError(e) || toProblem(e).kind !== 'no-package') throw e;
            }
          };
      const added = await addAccount(d, name!, raw, check ? { check } : {});
      const { file } = await readAccounts(d);
      const last4 = (await summarizeAccounts(d, file)).find((a) => a.id === added.id)?.keyLast4 ?? '????';
      io.stdout(`Account "${added.name}" added; its key (ends in ${last4}) is in the system keychain.${file.defaultId === added.id ? ' It is the default account.' : ''}`);
      return EXIT.ok;
    }
    if (sub === 'remove') {
      const removed = await removeAccount(d, name!);
      // Its packages' own settings go with it (the app does the same).
      const forget = withoutAccountSettings(ctx.settings.packages, removed.id);
      // The account is removed whatever happens here: a failure is said, not the command's.
      if (forget !== null) await updateSettings(ctx.dataDir, io.clock, forget).catch((e: unknown) => io.stderr(`proxy-seller-traffic: the removed account's package settings stay in settings.json: ${errorMessage(e)}`));
      const { file } = await readAccounts(d);
      const next = file.accounts.find((a) => a.id === file.defaultId);
      io.stdout(`Account "${removed.name}" removed and its key deleted from the system keychain; its history stays on disk.${next && next.id !== removed.id ? ` The default account is "${next.name}".` : ''}`);
      return EXIT.ok;
    }
    const made = await setDefaultAccount(d, name!);
    io.stdout(`"${made.name}" is now the default account.`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof Error && e.name === 'AccountError') throw new UsageError(e.message);
    if (!isProblemError(e)) throw e;
    const p = deps.words(toProblem(e));
    if (sub === 'add' && p.kind !== 'keychain-unavailable') {
      io.stderr(`proxy-seller-traffic: the account was not added: ${p.message} ${p.action} (--no-check adds it without asking)`);
      return exitCodeFor(p.kind);
    }
    return deps.report(p);
  }
}
