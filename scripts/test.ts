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
const E2E_SERVER_LOG = join('test-results', 'e2e-server.log');
const unitRun = (run: Run) => run.env.YIWANG_TEST_DB !== undefined;
let passed = 0;
let failed = 0;
let ok = true;
for (const [i, run] of runs.entries()) {
  process.stdout.write(`\n=== ${run.name} ===\n`);
  const report = join(reports, `${i}.json`);
  // The unit runs' test apps log as in production into this directory, for the personal-data scan.
  const logDir = join(reports, `logs-${i}`);
  if (unitRun(run)) run.env.YIWANG_TEST_LOG_DIR = logDir;
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
  // No unmasked 身份证号 or mobile number in any server log line of the run (the browser
  // journeys' server writes its output to test-results/e2e-server.log, see e2e/harness.ts).
  const logs = unitRun(run) ? logDir : run.args.includes('e2e/vitest.config.ts') ? E2E_SERVER_LOG : undefined;
  if (logs) {
    const scan = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/scan-test-logs.ts', logs, ...(extra.length ? [] : ['--require-logs'])],
      { stdio: 'inherit' },
    );
    if (scan.status !== 0) {
      ok = false;
      failed++;
    }
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(ok && failed === 0 ? 0 : 1);
