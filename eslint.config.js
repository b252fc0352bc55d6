import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The layering of ARCHITECTURE.md, enforced: a violation fails `npm run lint` and so `npm test`.
const SQL_OUTSIDE_STORE = {
  selector: "CallExpression[callee.property.name=/^(prepare|exec|pragma|transaction)$/][arguments.length>0]",
  message: 'SQL lives in src-main/store/ repositories: add a named method there and call it.',
};
const LAYERS_BELOW_ENGINE = ['../store/*', '../search/*', '../tags/*', '../library/*', '../embed/*', '../models/*', '../demo/*', '../util/*', '../security/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-renderer/**', 'release/**', 'node_modules/**', 'models/**', 'test-artifacts/**', '.demo-library/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Electron only in its shell; SQLite only in storage.
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts'],
    ignores: ['src-main/electron/**', 'src-main/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'Electron is imported only in src-main/electron/.' },
          { name: 'better-sqlite3', message: 'SQLite is opened only in src-main/store/.' },
        ],
      }],
      'no-restricted-syntax': ['error', SQL_OUTSIDE_STORE],
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'better-sqlite3', message: 'SQLite is opened only in src-main/store/.' }] }],
      'no-restricted-syntax': ['error', SQL_OUTSIDE_STORE],
    },
  },
  {
    // Storage is the bottom of the pipeline: it imports nothing above it.
    files: ['src-main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Electron is imported only in src-main/electron/.' }],
        patterns: [{
          group: ['../search/*', '../tags/*', '../library/*', '../engine/*', '../api/*', '../cli/*', '../web/*', '../electron/*', '../demo/*', '../models/*'],
          message: 'store/ imports nothing above it (see ARCHITECTURE.md).',
        }],
      }],
    },
  },
  {
    // Front ends talk to the engine's facade, never to what lies beneath it.
    // (cli/ may start the web front end: `serve` and `demo` import web/.)
    files: ['src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Electron is imported only in src-main/electron/.' }],
        patterns: [
          { group: LAYERS_BELOW_ENGINE, message: 'cli/ calls the Engine facade (src-main/engine/) and src-shared/ only.' },
          { group: ['../electron/*', '../api/*'], message: 'cli/ drives the engine directly; web mode (web/) wraps the API.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Electron is imported only in src-main/electron/.' }],
        patterns: [
          { group: LAYERS_BELOW_ENGINE, message: 'api/ calls the Engine facade (src-main/engine/) and src-shared/ only.' },
          { group: ['../electron/*', '../web/*', '../cli/*'], message: 'The transports call the API, not the other way round.' },
        ],
      }],
    },
  },
  {
    // The renderer is a browser page: it knows the API contract and nothing of the main side.
    files: ['src-renderer/**/*.ts'],
    ignores: ['src-renderer/**/*.test.ts', 'src-renderer/vite.config.ts'], // tests start a real server; the build runs in Node
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer reaches the app only through the API client (src-shared/api.ts).' }],
        patterns: [
          { group: ['**/src-main/**', 'node:*'], message: 'src-renderer imports only src-shared/ (and its own files).' },
        ],
      }],
    },
  },
);
