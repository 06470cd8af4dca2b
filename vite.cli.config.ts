// The headless CLI for plain Node, everything bundled except the native keytar addon, in two files:
// the body (all of the CLI, one CommonJS script: src/cli/index.ts) and the small ES-module launcher
// that package.json's `bin` names (src/cli/launcher.ts), which runs the body through a code cache.
import { resolve } from 'node:path';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const OUT = 'out/cli';

function cliBuild(entry: string, format: 'es' | 'cjs', file: string, emptyOutDir: boolean, extra: Pick<InlineConfig, 'plugins'> = {}): InlineConfig {
  return {
    ...extra,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: resolve(import.meta.dirname, entry),
      outDir: OUT,
      emptyOutDir,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: {
        external: ['keytar', /^node:/],
        output: { format, entryFileNames: file, chunkFileNames: '[name].cjs', ...(format === 'es' ? { banner: '#!/usr/bin/env node' } : {}) },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  };
}

/** Builds the launcher once the body is written. */
function launcher(): Plugin {
  return {
    name: 'cli-launcher',
    apply: 'build',
    async closeBundle() {
      await build(cliBuild('src/cli/launcher.ts', 'es', 'proxy-seller-traffic.mjs', false));
    },
  };
}

export default defineConfig(cliBuild('src/cli/index.ts', 'cjs', 'cli-body.cjs', true, { plugins: [launcher()] }));
