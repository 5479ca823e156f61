// `npm run lint` (with `prettier --check .` and `knip`). ESLint checks correctness only; layout is
// Prettier's job (.prettierrc.json), and the import layering is scripts/check-layers.ts.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The few Node globals the plain JavaScript files use (scripts/start-electron.cjs, this file).
const nodeGlobals = {
  __dirname: 'readonly',
  console: 'readonly',
  module: 'writable',
  process: 'readonly',
  require: 'readonly',
};

export default defineConfig(
  {
    ignores: [
      'out/**',
      'dist/**',
      // The server's production build (npm run -w server build).
      'server/dist/**',
      '**/node_modules/**',
      '.frontdesk/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      // drizzle-kit output (SQL + meta JSON), generated.
      'db/migrations/**',
      'server/src/db/migrations/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // tsconfig.json is solution-style: the project service picks tsconfig.node.json or
        // tsconfig.web.json for each file, as editors do. Files in neither get a default project.
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code writes `list[i]!` / `const [row] = ...; row!` wherever an index or destructured
      // query result is known to be present, as if `noUncheckedIndexedAccess` were on (turning the flag
      // on today adds only ~20 tsc errors). Without the flag every such `!` reads as "unnecessary"
      // (~155 sites). Re-enable this rule together with `noUncheckedIndexedAccess` in the tsconfigs.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // React event props ignore what a handler returns; `onClick={() => run(...)}` hands the promise to useAction,
      // which catches and shows every refusal. Everywhere else a promise passed where nothing awaits it is an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // The typed IPC handler map (and its fakes) declares each handler `async` so that it answers with a promise and a
      // throw becomes a rejection, whether or not that handler happens to await anything.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed names mark a parameter or binding kept on purpose (interface shape, tuple position).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read the JSON answers of the API under test (and fakes' recorded calls) as `any` on
    // purpose: the expect() assertions are what check their shape, and typing each answer would only
    // restate the contract the test is checking (about 1000 sites). Production code keeps the rules.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    // CommonJS: require() is how this file loads modules.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
