// `npm run bench [-- --json] [-- --quick]`: --json writes one JSON object on stdout (the table goes
// to stderr); --quick (or PST_BENCH_QUICK=1) takes few rounds and skips table-only rows, for the
// test that checks the JSON shape (its figures are not to be quoted).
export interface BenchOptions {
  json: boolean;
  quick: boolean;
}

export function benchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  return { json: argv.includes('--json'), quick: argv.includes('--quick') || env.PST_BENCH_QUICK === '1' };
}
