// ESLint: `npm run lint` (in `npm test`), zero warnings. The recommended rules of ESLint and of
// typescript-eslint with type information, read through tsconfig.json (it covers every linted folder).
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'bench/results/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore names what is left unused on purpose (a rest sibling, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Static factories (`useFactory: LedgerKey.fromConfig`) use no `this`.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // Input checks and the signed note's grammar refuse control characters: their patterns name them.
      'no-control-regex': 'off',
      // `ContractDefinition | unknown` says what a well-formed input is, where the type must admit anything (the domain checks it).
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    // Nest (ExecutionContext.getHandler()), Reflect metadata and class-validator hand DTO classes and handlers over as `Function`.
    files: ['apps/api/src/common/**'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    // Tests, their support and the bench read JSON answers and fixtures (`any`) and check their shape by assertion;
    // their doubles implement async interfaces with values at hand, and `expect(x.method)` passes methods unbound.
    files: ['test/**', 'bench/**', '**/*.spec.ts', '**/testing/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
