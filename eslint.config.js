// Flat config: TypeScript rules everywhere, plus the boundaries the architecture relies on.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The shipped code never reaches into the tests (the fake API, the harness, the stand-in). Each block
// below that sets no-restricted-imports repeats this pattern: a later block replaces the rule's
// options for its files, it does not add to them.
const noTestImports = { group: ['**/test/**', 'test/**'], message: 'src never imports test code: put what the app needs in src (e.g. src/core/demo).' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tmp/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noTestImports] }],
    },
  },
  {
    // The core and the CLI run in plain Node (CLI, tests, the exporter): no Electron in them.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The CLI runs without Electron; the Electron adapters live in src/main.' }], patterns: [noTestImports] },
      ],
    },
  },
  {
    // The core knows nothing of Electron, of its adapters (src/main) or of the window (src/renderer).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/core runs without Electron; put this in src/main.' }],
          patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'src/core imports neither src/main nor src/renderer.' }, noTestImports],
        },
      ],
    },
  },
  {
    // Shared code crosses into the renderer: no Node, no Electron.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', 'fs', 'path'], message: 'src/shared must stay free of Node and Electron.' }, noTestImports] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', '**/main/**'], message: 'The renderer reaches main only through the preload bridge.' }, noTestImports] },
      ],
    },
  },
);
