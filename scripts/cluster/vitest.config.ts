import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The cluster test (scripts/cluster/cluster.cluster.ts): two real server copies on the machine's
 * PostgreSQL and Mosquitto behind a round-robin proxy. Not part of the unit runs (it starts its own
 * processes and database). `npm run test:cluster` runs it in full; CLUSTER_SHORT=1 in short.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['scripts/cluster/**/*.cluster.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 240_000,
    teardownTimeout: 120_000,
  },
});
