import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one on a 2-core CI machine. The files
    // mostly wait on PostgreSQL, so two at once take about two thirds of the time there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
