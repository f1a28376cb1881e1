import { defineConfig } from 'vitest/config';

// Browser journeys: each file starts its own server, database, SMTP capture and Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // Long journeys on a loaded 2-core machine: generous, since wall-clock is not what they test.
    testTimeout: 240_000,
    hookTimeout: 420_000,
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
  },
});
