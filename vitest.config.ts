import { defineConfig } from 'vitest/config';

// Unit and integration tests. Each test file gets its own PostgreSQL database, cloned
// from a migrated and seeded template (see test/global-setup.ts), so files run in parallel.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
