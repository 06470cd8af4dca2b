// `proxy-seller-traffic` (out/cli/proxy-seller-traffic.mjs): compiles the bundled CLI
// (out/cli/cli-body.cjs) through a V8 code cache and runs it. Kept to Node built-ins and two small
// modules, as all of it runs before the cache can help. Node 20 has no code cache for ES modules,
// hence the body is a CommonJS script run by vm.Script; a startup snapshot (--snapshot-blob)
// would need a flag on node's own command line, which a `bin` run by a status bar does not get.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, Script } from 'node:vm';
import { cacheDir } from '../core/paths.js';
import { codeCacheId, codeCachePath, readCodeCache, wrapCommonJs, writeCodeCache } from './code-cache.js';

interface Body {
  main: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const bodyPath = join(here, 'cli-body.cjs');
const source = readFileSync(bodyPath);
const dir = cacheDir({ platform: process.platform, env: process.env, homedir: homedir() });
const id = codeCacheId(source, process);
const cached = dir === null ? undefined : readCodeCache(codeCachePath(dir, id), id);

const script = new Script(wrapCommonJs(source.toString('utf8')), {
  filename: bodyPath,
  cachedData: cached,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const module = { exports: {} as Partial<Body> };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bodyPath), module, bodyPath, here);
if (typeof module.exports.main !== 'function') throw new Error(`${bodyPath} is not the CLI's body`);
await module.exports.main();

// Made after the run, so the functions this command compiled are in it; only when there was none
// that V8 took (a new build or Node, a damaged file): an up-to-date cache is never rewritten.
if (dir !== null && (cached === undefined || script.cachedDataRejected === true)) writeCodeCache(dir, id, () => script.createCachedData());
