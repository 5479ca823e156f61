import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node environment). Playwright owns test/e2e, the bench runner owns
// test/bench. Two cores on CI: at most two forked workers.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'test/bench/**', '**/node_modules/**', 'out/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
