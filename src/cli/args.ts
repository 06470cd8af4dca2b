// The command line read by the CLI's own rules, so every mistake gets one line in the tool's words
// (Node's parseArgs words its errors for programmers, and cannot suggest a near name).
import { UsageError } from './usage.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value looks like, for "--from needs a value (YYYY-MM-DD)". */
  value?: string;
}

export type OptionTable = Record<string, OptionSpec>;

export type ParsedValues<T extends OptionTable> = { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean };

export interface Parsed<T extends OptionTable> {
  values: ParsedValues<T>;
  positionals: string[];
}

/** Edit distance counting a swap of two neighbours as one edit ("todya"), for "did you mean". */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The nearest of `names` to a mistyped one (two edits at most, fewer for short names), or null. */
export function nearest(typed: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.max(1, Math.floor(typed.length / 3)));
  for (const name of names) {
    const d = distance(typed.toLowerCase(), name);
    if (d <= bestDistance && (best === null || d < bestDistance)) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

export function didYouMean(typed: string, names: readonly string[], prefix = ''): string {
  const near = nearest(typed, names);
  return near === null ? '' : ` (did you mean '${prefix}${near}'?)`;
}

export function parseCommandLine<T extends OptionTable>(argv: readonly string[], table: T): Parsed<T> {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const names = Object.keys(table);
  const byShort = new Map(Object.entries(table).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const long = byShort.get(arg.slice(1));
      if (long === undefined) throw new UsageError(`unknown option '${arg}' (try --help)`);
      name = long;
    }
    const spec = table[name];
    if (spec === undefined) throw new UsageError(`unknown option '--${name}'${didYouMean(name, names, '--') || ' (try --help)'}`);
    if (values[name] !== undefined) throw new UsageError(`--${name} is given twice`);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    const next = argv[i + 1];
    const value = inline ?? (next !== undefined && !next.startsWith('--') ? next : undefined);
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
    if (inline === undefined) i++;
    values[name] = value;
  }
  return { values: values as ParsedValues<T>, positionals };
}
