import { defineConfig } from 'vitest/config';

// Browser journeys: each file starts its own server, database, SMTP capture and Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
  },
});
