// `proxy-seller-traffic` (out/cli/proxy-seller-traffic.mjs): answers a status bar's `today` from the
// result cache when nothing it depends on changed (result-cache.ts); otherwise compiles the bundled
// CLI (out/cli/cli-body.cjs) through a V8 code cache and runs it. Kept to Node built-ins and two small
// modules, as all of it runs before the cache can help. Node 20 has no code cache for ES modules,
// hence the body is a CommonJS script run by vm.Script; a startup snapshot (--snapshot-blob)
// would need a flag on node's own command line, which a `bin` run by a status bar does not get.
import { createRequire, Module } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../core/paths.js';
import { codeCacheId, codeCachePath, readCodeCache, wrapCommonJs, writeCodeCache, type CodeCacheDeps } from './code-cache.js';
import { newReadLog, noteFile, observeFs, stampOf } from './read-log.js';
import { answerFromCache, confirmWindow, keepResult, readsAreKeepable, resultKey, resultPath, type KeptRun, type ResultCacheDeps, type ResultEntry } from './result-cache.js';

// Built-ins through require: an ES import of node:fs builds its ES facade, which reads every export
// and so loads fs streams (a few ms) that nothing here uses.
const builtin = createRequire(import.meta.url);
const fs = builtin('node:fs') as typeof import('node:fs');
const { homedir } = builtin('node:os') as typeof import('node:os');
const { dirname, join, resolve } = builtin('node:path') as typeof import('node:path');

interface Body {
  main: (options: { offer: boolean }) => Promise<KeptRun | null>;
}

const startedAt = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const bodyPath = join(here, 'cli-body.cjs');
const dir = cacheDir({ platform: process.platform, env: process.env, homedir: homedir() });

// Only a `today` is ever kept (result-offer.ts): any other command line skips the cache at once. Not
// on Windows: its zone is in the registry, which no file stamp tells has changed (host-zone.ts).
const results = dir !== null && process.platform !== 'win32' && process.argv.includes('today') ? resultCache(dir) : null;
const answer = results === null ? null : answerFromCache(results.deps, results.path, results.key, startedAt);
if (answer !== null) process.stdout.write(answer);
else await runBody();

/** The cache's key and file for this run: its inputs (result-cache.ts RunInputs) hashed. */
function resultCache(folder: string): { deps: ResultCacheDeps; key: string; path: string } {
  const { createHash } = builtin('node:crypto') as typeof import('node:crypto');
  const deps: ResultCacheDeps = { fs, join, sha256: (text) => createHash('sha256').update(text).digest('hex') };
  const build = [fileURLToPath(import.meta.url), bodyPath].map((p) => stampOf(fs, p, false).stamp);
  const key = resultKey(deps, {
    argv: process.argv,
    cwd: process.cwd(),
    env: process.env,
    node: { version: process.version, platform: process.platform, arch: process.arch },
    stdoutIsTty: process.stdout.isTTY === true,
    build,
  });
  return { deps, key, path: resultPath(deps, folder, key) };
}

async function runBody(): Promise<void> {
  // Loaded here: an answer from the result cache needs neither.
  const { constants, Script } = builtin('node:vm') as typeof import('node:vm');
  const { crc32 } = builtin('node:zlib') as typeof import('node:zlib');
  const deps: CodeCacheDeps = { fs, join, crc32 };
  const source = fs.readFileSync(bodyPath);
  const id = codeCacheId(deps, source, process);
  const cached = dir === null ? undefined : readCodeCache(deps, codeCachePath(deps, dir, id), id);

  const script = new Script(wrapCommonJs(source.toString('utf8')), {
    filename: bodyPath,
    cachedData: cached,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // A real module in require's cache: the chunks loaded later (serve.cjs) require the body back for
  // what they share with it, and must get this instance, not a second copy of the CLI.
  const bodyRequire = createRequire(bodyPath);
  const module = new Module(bodyPath);
  module.filename = bodyPath;
  module.loaded = true;
  bodyRequire.cache[bodyPath] = module;
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, bodyRequire, module, bodyPath, here);
  const body = module.exports as Partial<Body>;
  if (typeof body.main !== 'function') throw new Error(`${bodyPath} is not the CLI's body`);

  if (results === null || dir === null) await body.main({ offer: false });
  else await keepIfExact(body.main, results, dir);

  // Made after the run, so the functions this command compiled are in it; only when there was none
  // that V8 took (a new build or Node, a damaged file): an up-to-date cache is never rewritten.
  if (dir !== null && (cached === undefined || script.cachedDataRejected === true)) writeCodeCache(deps, dir, id, () => script.createCachedData());
}

/**
 * Runs the body with node:fs observed; keeps its output when the body offers it, the run read only
 * files settled for RACY_MS, wrote nothing, and rendering again across the window (with nothing read)
 * gives the same output.
 */
async function keepIfExact(run: Body['main'], cache: { deps: ResultCacheDeps; key: string; path: string }, folder: string): Promise<void> {
  const log = newReadLog();
  // The zone Date reads at start, through no fs call: its file (and the link to it) as they stand.
  noteFile(fs, log, '/etc/localtime', false);
  const stop = observeFs(fs, log, { resolve, fromUrl: fileURLToPath });
  let entry: Omit<ResultEntry, 'v'> | null = null;
  try {
    const kept = await run({ offer: true });
    if (kept === null || !readsAreKeepable(log, startedAt)) return;
    const from = Date.now();
    const calls = log.calls;
    if (!(await confirmWindow(kept, from)) || log.calls !== calls || log.unsure) return;
    entry = { key: cache.key, from, until: kept.validUntil, stdout: kept.stdout, files: [...log.files] };
  } finally {
    stop();
  }
  // Written once the observing stopped: the cache's own files are no input of the run.
  keepResult(cache.deps, folder, cache.path, entry, Date.now());
}
