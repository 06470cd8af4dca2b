// The headless CLI: ESM for plain Node, everything bundled except the native keytar addon.
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
      // Commands other than a cached `today` import their modules lazily (main.ts): those and the
      // modules they share with the entry become chunks beside it.
      output: { format: 'es', entryFileNames: 'proxy-seller-traffic.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : '') },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
