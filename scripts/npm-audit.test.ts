import { describe, expect, it } from 'vitest';
import { readAudit } from './npm-audit';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: counts } });

describe('reading npm audit', () => {
  it('lists high and critical findings and ignores lower ones', () => {
    const out = report(
      {
        a: { name: 'a', severity: 'critical', via: [], fixAvailable: true },
        b: { name: 'b', severity: 'moderate', via: [], fixAvailable: true },
        c: { name: 'c', severity: 'high', via: [], fixAvailable: false },
      },
      { critical: 1, high: 1, moderate: 1, total: 3 },
    );
    expect(readAudit(out)).toEqual({
      kind: 'findings',
      findings: [
        { name: 'a', severity: 'critical', fix: true },
        { name: 'c', severity: 'high', fix: false },
      ],
    });
  });

  it('passes a report with only moderate findings', () => {
    const out = report(
      { b: { name: 'b', severity: 'moderate', via: [], fixAvailable: true } },
      { moderate: 1 },
    );
    expect(readAudit(out).kind).toBe('clean');
  });

  it('tells an unreachable audit endpoint from a clean report', () => {
    const http405 = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(readAudit(http405)).toMatchObject({ kind: 'unreachable', why: expect.stringContaining('405') });
    expect(
      readAudit(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND' } })),
    ).toEqual({
      kind: 'unreachable',
      why: 'getaddrinfo ENOTFOUND',
    });
    expect(readAudit('').kind).toBe('unreachable');
  });
});
