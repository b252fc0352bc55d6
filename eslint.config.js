import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The layering of ARCHITECTURE.md, enforced: a violation fails `npm run lint` and so `npm test`
// (tests/layering.test.ts runs each rule against a probe). no-restricted-imports covers static
// imports and re-exports; dynamic import() and require() of the same modules are caught by
// no-restricted-syntax, and so is every way of reaching SQLite's statement methods.

const TS = ['**/*.ts', '**/*.cts', '**/*.mts'];
const BELOW_FACADE = ['store', 'search', 'tags', 'library', 'embed', 'models', 'demo', 'util', 'security'];
const NATIVE_ENGINE_MODULES = ['hnswlib-node', 'onnxruntime-node', 'sharp', 'heic-decode'];

const folder = (names) => `(^|/)(${names.join('|')})/`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const moduleOrSubpath = (names) => `^(${names.map(escape).join('|')})(/.*)?$`;

const ELECTRON = { regex: moduleOrSubpath(['electron']), message: 'Electron is imported only in src-main/electron/.' };
const SQLITE = { regex: moduleOrSubpath(['better-sqlite3']), message: 'SQLite is opened only in src-main/store/.' };
const RAW_DB = { regex: '(^|/)store/database(\\.js)?$', message: 'The raw connection stays in src-main/store/: call a repository.' };
const NODE = { regex: `^(node:.*|${builtinModules.map(escape).join('|')})(/.*)?$`, message: 'Browser code: no Node built-ins.' };

/** no-restricted-imports with these patterns (static imports and re-exports). */
const imports = (...patterns) => ['error', { patterns }];

/** no-restricted-syntax: dynamic import() / require() of what `patterns` forbid, plus `extra` selectors. */
function syntax(patterns, extra = []) {
  const dynamic = patterns.flatMap((p) => [
    { selector: `ImportExpression[source.value=/${p.regex.replaceAll('/', '\\/')}/]`, message: p.message },
    { selector: `CallExpression[arguments.0.value=/${p.regex.replaceAll('/', '\\/')}/]`, message: p.message },
  ]);
  return ['error', ...dynamic, ...extra];
}

const STATEMENT_METHODS = '/^(prepare|exec|pragma|transaction)$/';
const SQL_MESSAGE = 'SQL lives in src-main/store/ repositories: add a named method there and call it.';
const SQL_OUTSIDE_STORE = [
  `MemberExpression[property.name=${STATEMENT_METHODS}]`,
  `MemberExpression[computed=true][property.value=${STATEMENT_METHODS}]`,
  `MemberExpression[computed=true][property.type='TemplateLiteral']`,
  `ObjectPattern > Property[key.name=${STATEMENT_METHODS}]`,
].map((selector) => ({ selector, message: SQL_MESSAGE }));

const BELOW = { regex: folder(BELOW_FACADE), message: 'api/ and cli/ call the Engine facade (src-main/engine/) and src-shared/ only.' };
const NATIVES = { regex: moduleOrSubpath(NATIVE_ENGINE_MODULES), message: 'The engine owns the native modules: call the Engine facade.' };
const MAIN_SIDE = { regex: '(^|/)src-main/', message: 'src-renderer and src-shared import no src-main code (types travel through src-shared).' };

export default tseslint.config(
  { ignores: ['dist/**', 'dist-renderer/**', 'release/**', 'node_modules/**', 'models/**', 'test-artifacts/**', '.demo-library/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] }, globals: { ...globals.browser } },
  },
  {
    // Everywhere in the main side and the contract: no Electron, no SQLite, no raw connection.
    files: TS.flatMap((g) => [`src-main/${g}`, `src-shared/${g}`]),
    ignores: ['src-main/electron/**', 'src-main/store/**'],
    rules: {
      'no-restricted-imports': imports(ELECTRON, SQLITE, RAW_DB),
      'no-restricted-syntax': syntax([ELECTRON, SQLITE, RAW_DB], SQL_OUTSIDE_STORE),
    },
  },
  {
    files: TS.map((g) => `src-main/electron/${g}`),
    rules: {
      'no-restricted-imports': imports(SQLITE, RAW_DB),
      'no-restricted-syntax': syntax([SQLITE, RAW_DB], SQL_OUTSIDE_STORE),
    },
  },
  {
    // Storage is the bottom of the pipeline: beside its own files, only vector encoding, the error base
    // and util/compiled-script (where a worker's compiled file lives), which import nothing of ours.
    files: TS.map((g) => `src-main/store/${g}`),
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ELECTRON,
          { regex: '^\\.\\./(?!embed/vectors(\\.js)?$|errors(\\.js)?$|util/compiled-script(\\.js)?$)', message: 'store/ imports nothing above it (see ARCHITECTURE.md).' },
        ],
      }],
      'no-restricted-syntax': syntax([ELECTRON]),
    },
  },
  {
    files: TS.map((g) => `src-main/api/${g}`),
    rules: {
      'no-restricted-imports': imports(ELECTRON, SQLITE, RAW_DB, BELOW, NATIVES, { regex: folder(['electron', 'web', 'cli']), message: 'The transports call the API, not the other way round.' }),
      'no-restricted-syntax': syntax([ELECTRON, SQLITE, RAW_DB, BELOW, NATIVES], SQL_OUTSIDE_STORE),
    },
  },
  {
    // (cli/ may start the web front end: `serve` and `demo` import web/.)
    files: TS.map((g) => `src-main/cli/${g}`),
    rules: {
      'no-restricted-imports': imports(ELECTRON, SQLITE, RAW_DB, BELOW, NATIVES, { regex: folder(['electron', 'api']), message: 'cli/ drives the engine directly; web mode (web/) wraps the API.' }),
      'no-restricted-syntax': syntax([ELECTRON, SQLITE, RAW_DB, BELOW, NATIVES], SQL_OUTSIDE_STORE),
    },
  },
  {
    // The contract and the renderer run in a browser page: they know the API, nothing of the main side.
    files: [...TS.map((g) => `src-shared/${g}`), ...TS.map((g) => `src-renderer/${g}`), 'src-renderer/**/*.svelte'],
    ignores: ['src-renderer/**/*.test.ts', 'src-renderer/vite.config.ts'], // tests start a real server; the build runs in Node
    rules: {
      'no-restricted-imports': imports(ELECTRON, SQLITE, MAIN_SIDE, NODE),
      'no-restricted-syntax': syntax([ELECTRON, SQLITE, MAIN_SIDE, NODE]),
    },
  },
);
