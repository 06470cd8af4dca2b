// The headless CLI: one ESM file for plain Node, everything bundled except the native keytar addon.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'src/cli/index.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      external: ['keytar', /^node:/],
      output: { format: 'es', entryFileNames: 'proxy-seller-traffic.mjs', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
