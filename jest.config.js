/**
 * Two projects: every suite runs on SQLite, and on PostgreSQL (127.0.0.1:5432, started by
 * scripts/services.sh) except the suites about SQLite files themselves (README, "Tests"); the
 * suite about PostgreSQL's own settings runs there only.
 */
const SQLITE_ONLY = [
  // Locks, damaged files and the write queue of the SQLite file.
  'test/write-lock.test.ts',
  'test/start-stop.test.ts',
  'test/operation-timeout.test.ts',
  // Prepared statements kept on node-sqlite3 connections.
  'test/sqlite-statements.test.ts',
  // Query plans read sqlite_stat1 and EXPLAIN QUERY PLAN.
  'test/query-plans.test.ts',
  // Data migrations of databases seeded before issue 14 (SQLite only; a PostgreSQL database starts current).
  'test/data-migration.test.ts',
  'test/data-migration-bodies.test.ts',
  // The disk beside the file and a damaged file (PostgreSQL checks its own pages).
  'test/health.test.ts',
  // Two instances and an import sharing one file's write lock (test/scale-out.test.ts runs on both).
  'test/concurrent-writers.test.ts',
  // From a SQLite file into a new PostgreSQL database: needs both, runs once.
  'test/db-copy.test.ts',
  // Browser tests (Chromium): the pages are the same on either database, and a browser per project
  // would double the slowest suites on a two-core machine.
  'test/explorer.test.ts',
];

/** PostgreSQL's own settings (statement_timeout, the pool, TLS): SQLite has none of them. */
const POSTGRES_ONLY = ['test/postgres-settings.test.ts'];

/** @type {import('jest').Config} */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['reflect-metadata'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'sqlite',
      globals: { TEST_DIALECT: 'sqlite' },
      testPathIgnorePatterns: ['/node_modules/', ...POSTGRES_ONLY.map((p) => `<rootDir>/${p}`)],
    },
    {
      ...common,
      displayName: 'postgresql',
      globals: { TEST_DIALECT: 'postgresql' },
      // Modules of their own: jest runs each distinct setup module once, for the first project naming it.
      globalSetup: '<rootDir>/test/support/global-setup-postgresql.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testPathIgnorePatterns: ['/node_modules/', ...SQLITE_ONLY.map((p) => `<rootDir>/${p}`)],
    },
  ],
  testTimeout: 30000,
  // Two cores: run test files two at a time.
  maxWorkers: 2,
};
