import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-db.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The fault-injection tests kill processes and cut connections; they get the machine to themselves
    // within their file, while other files run beside them on the second core.
    maxWorkers: 2,
  },
});
