/**
 * CI's dependency check: `npm audit --omit=dev` must report no high or critical advisory in
 * the production dependencies. A finding fails (exit 1) and is listed. When the registry's
 * audit endpoint cannot be reached or answers with an error (offline CI, a mirror without the
 * audit API), the dependencies were not checked: that is said loudly and passes, unless
 * NPM_AUDIT_REQUIRED=1, where it fails too (exit 3).
 *
 * @example
 * node --import tsx scripts/npm-audit.ts
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
type AuditReport = {
  vulnerabilities?: Record<
    string,
    { name: string; severity: Severity; via: unknown[]; fixAvailable: unknown }
  >;
  metadata?: { vulnerabilities: Record<Severity | 'total', number> };
  error?: { code?: string; summary?: string; detail?: string };
  message?: string;
};

export type AuditOutcome =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'findings'; findings: { name: string; severity: Severity; fix: boolean }[] }
  | { kind: 'unreachable'; why: string };

/** Read `npm audit --json` output: findings at high or critical, clean, or no answer from the endpoint. */
export function readAudit(stdout: string): AuditOutcome {
  let report: AuditReport;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    return { kind: 'unreachable', why: `npm audit printed no JSON: ${stdout.slice(0, 200)}` };
  }
  if (!report.metadata) {
    const why = report.message ?? report.error?.summary ?? report.error?.code ?? 'no audit report';
    return { kind: 'unreachable', why };
  }
  const findings = Object.values(report.vulnerabilities ?? {})
    .filter((v) => v.severity === 'high' || v.severity === 'critical')
    .map((v) => ({ name: v.name, severity: v.severity, fix: v.fixAvailable !== false }));
  return findings.length
    ? { kind: 'findings', findings }
    : { kind: 'clean', counts: report.metadata.vulnerabilities };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  const outcome = readAudit(run.stdout);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  switch (outcome.kind) {
    case 'clean':
      say(
        `npm audit: no high or critical advisory in production dependencies (${JSON.stringify(outcome.counts)})`,
      );
      break;
    case 'findings':
      for (const f of outcome.findings) say(`  ${f.severity}: ${f.name}${f.fix ? ' (fix available)' : ''}`);
      say(`npm audit: ${outcome.findings.length} production dependencies with a high or critical advisory`);
      process.exit(1);
      break;
    case 'unreachable':
      say(`npm audit: WARNING — the registry's audit endpoint gave no report (${outcome.why});`);
      say('  the production dependencies were NOT checked in this run');
      if (process.env.NPM_AUDIT_REQUIRED === '1') process.exit(3);
  }
}
