import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds the browser once per run (on a machine without Debian's Chromium, extracts the npm one).
    globalSetup: ['test/site/support/prepare-chromium.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here: browser and server suites fight for them when run all at once.
    maxWorkers: 2,
  },
});
