/**
 * `npm test`: the whole suite on the embedded PostgreSQL 18; again on the PostgreSQL of
 * DATABASE_URL when it is set (CI: the machine's PostgreSQL 15), then with it the cluster test
 * in short (two server copies, scripts/cluster; SKIP_CLUSTER=1 leaves it out); then the browser journeys.
 * Ends with one line "N passed, N failed" over all runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Run = { name: string; args: string[]; env: Record<string, string | undefined> };
const extra = process.argv.slice(2);
const runs: Run[] = [{ name: 'embedded PostgreSQL', args: [], env: { YIWANG_TEST_DB: 'embedded' } }];
if (process.env.DATABASE_URL) {
  runs.push({ name: 'DATABASE_URL PostgreSQL', args: [], env: { YIWANG_TEST_DB: 'external' } });
}
// Two server copies behind a proxy on the machine's PostgreSQL and Mosquitto, in short
// (scripts/cluster; `npm run test:cluster` runs it in full). Needs the machine's services, as CI has.
if (process.env.DATABASE_URL && !process.env.SKIP_CLUSTER) {
  runs.push({
    name: 'two server copies (short)',
    args: ['--config', 'scripts/cluster/vitest.config.ts'],
    env: { CLUSTER_SHORT: '1' },
  });
}
if (existsSync('e2e/vitest.config.ts') && !process.env.SKIP_E2E) {
  runs.push({ name: 'browser journeys', args: ['--config', 'e2e/vitest.config.ts'], env: {} });
}

const reports = mkdtempSync(join(tmpdir(), 'yiwang-test-'));
let passed = 0;
let failed = 0;
let ok = true;
for (const [i, run] of runs.entries()) {
  process.stdout.write(`\n=== ${run.name} ===\n`);
  const report = join(reports, `${i}.json`);
  const result = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      ...run.args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      // A path filter (npm test -- packages/db) may match nothing in one of the runs.
      ...(extra.length ? ['--passWithNoTests', ...extra] : []),
    ],
    { stdio: 'inherit', env: { ...process.env, ...run.env } },
  );
  if (result.status !== 0) ok = false;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  } else {
    ok = false;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(ok && failed === 0 ? 0 : 1);
