// Jest runs in native ESM mode (NestJS 12 is ESM-only); @swc/jest compiles TypeScript with
// decorator metadata so Nest's dependency injection sees constructor types.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Shared test support (test/support), by name from any test: tsconfig.json's paths say the same.
    '^#test-support/(.*)\\.js$': '<rootDir>/test/support/$1',
    // package.json "imports" (#domain, #event-store, ...) name each library's sources.
    '^#([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^#([a-z-]+)/(.*)\\.js$': '<rootDir>/libs/$1/src/$2',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  // @fastify/static (CommonJS, serves the OpenAPI page's assets) requires content-disposition,
  // which is ESM-only: Node loads that natively (require(esm)), Jest's CommonJS loader does not,
  // so Jest compiles it to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
};

/** One PostgreSQL server for the run, started by the first project that needs one. */
const withDatabase = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

// Three projects: `npm test` runs them all, `npm run test:unit` the pure ones in seconds.
//  - unit: the specs next to the code of apps and libs: no database, no network, no Nest app;
//  - integration: `*.integration.spec.ts` next to the code, against a real PostgreSQL;
//  - e2e: test/, the service over real HTTP (or its CLI) on a real PostgreSQL.
export default {
  // A global option (Jest ignores it in a project's config): tests that start a service take seconds.
  testTimeout: 60000,
  // One test file at a time (they share one PostgreSQL and time the service), in one worker process
  // that Jest replaces when a file leaves it holding more than this: in native ESM mode each file
  // loads Nest, Fastify and the libraries afresh, and about 100 MB of each e2e file stays behind,
  // which run in the main process (--runInBand) outgrew Node's 4 GB heap.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1.5GB',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'], testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'] },
    { ...shared, ...withDatabase, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.integration.spec.ts'] },
    { ...shared, ...withDatabase, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.spec.ts'] },
  ],
};
