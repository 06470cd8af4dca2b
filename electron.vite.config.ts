// electron-vite: src/main, src/preload, src/renderer by convention, emitted to out/{main,preload,renderer}.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// keytar is a native addon: it stays outside the bundle (and unpacked from asar by electron-builder).
// Everything else is bundled, electron-store included (ESM-only).
const mainExternal = ['electron', 'keytar', /^node:/];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      target: 'node22',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
        external: mainExternal,
      },
    },
  },
  preload: {
    // A sandboxed preload can only require('electron'): one CommonJS file, everything inlined.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
