// `proxy-seller-traffic` (out/cli/proxy-seller-traffic.mjs): compiles the bundled CLI
// (out/cli/cli-body.cjs) through a V8 code cache and runs it. Kept to Node built-ins and two small
// modules, as all of it runs before the cache can help. Node 20 has no code cache for ES modules,
// hence the body is a CommonJS script run by vm.Script; a startup snapshot (--snapshot-blob)
// would need a flag on node's own command line, which a `bin` run by a status bar does not get.
import { createRequire, Module } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../core/paths.js';
import { codeCacheId, codeCachePath, readCodeCache, wrapCommonJs, writeCodeCache, type CodeCacheDeps } from './code-cache.js';

// Built-ins through require: an ES import of node:fs builds its ES facade, which reads every export
// and so loads fs streams (a few ms) that nothing here uses.
const builtin = createRequire(import.meta.url);
const fs = builtin('node:fs') as typeof import('node:fs');
const { homedir } = builtin('node:os') as typeof import('node:os');
const { dirname, join } = builtin('node:path') as typeof import('node:path');
const { constants, Script } = builtin('node:vm') as typeof import('node:vm');
const { crc32 } = builtin('node:zlib') as typeof import('node:zlib');
const deps: CodeCacheDeps = { fs, join, crc32 };

interface Body {
  main: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const bodyPath = join(here, 'cli-body.cjs');
const source = fs.readFileSync(bodyPath);
const dir = cacheDir({ platform: process.platform, env: process.env, homedir: homedir() });
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
await body.main();

// Made after the run, so the functions this command compiled are in it; only when there was none
// that V8 took (a new build or Node, a damaged file): an up-to-date cache is never rewritten.
if (dir !== null && (cached === undefined || script.cachedDataRejected === true)) writeCodeCache(deps, dir, id, () => script.createCachedData());
