import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser journeys against one real server (see e2e/harness.ts). Run with `npm run test:e2e`.
 *
 * One journey file at a time by default; E2E_WORKERS=2 runs two at once. The journeys share the
 * server, its database and the demo accounts, so each works on records of its own and compares
 * shared counts with the server's count of the moment; but two browsers, the server and PostgreSQL
 * on two busy cores ran into the 120 s test timeout (README, "npm test"). The audit verify runs
 * after all of them.
 */
const workers = Number(process.env.E2E_WORKERS ?? 1);

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/harness.ts'],
    pool: 'forks',
    fileParallelism: workers > 1,
    maxWorkers: workers,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
  },
});
