import { describe, expect, it } from 'vitest';
import { slaClockSegments } from './sla-clock-segments';
import { caseWorkflow, logOf } from './test-case-workflow';

const t = (iso: string) => new Date(iso);

describe('slaClockSegments', () => {
  it('is empty for a case with no actions and no opening time', () => {
    expect(slaClockSegments(caseWorkflow, [])).toEqual([]);
  });

  it('leaves a running segment open for a new case', () => {
    expect(slaClockSegments(caseWorkflow, [], t('2026-03-02T01:00:00Z'))).toEqual([
      { state: 'submitted', from: t('2026-03-02T01:00:00Z') },
    ]);
  });

  it('stops while corrections are awaited and while review is suspended, and ends when completed', () => {
    const log = logOf([
      ['requestCorrection', '2026-03-02T02:00:00Z'],
      ['resubmit', '2026-03-04T02:00:00Z'],
      ['accept', '2026-03-05T02:00:00Z'],
      ['extend', '2026-03-05T06:00:00Z'],
      ['suspend', '2026-03-06T02:00:00Z'],
      ['resume', '2026-03-10T02:00:00Z'],
      ['approve', '2026-03-12T02:00:00Z'],
      ['deliver', '2026-03-13T02:00:00Z'],
    ]);
    expect(slaClockSegments(caseWorkflow, log, t('2026-03-02T01:00:00Z'))).toEqual([
      { state: 'submitted', from: t('2026-03-02T01:00:00Z'), to: t('2026-03-02T02:00:00Z') },
      { state: 'submitted', from: t('2026-03-04T02:00:00Z'), to: t('2026-03-05T02:00:00Z') },
      { state: 'reviewing', from: t('2026-03-05T02:00:00Z'), to: t('2026-03-06T02:00:00Z') },
      { state: 'reviewing', from: t('2026-03-10T02:00:00Z'), to: t('2026-03-12T02:00:00Z') },
      { state: 'decided', from: t('2026-03-12T02:00:00Z'), to: t('2026-03-13T02:00:00Z') },
    ]);
  });

  it('starts at the first action when no opening time is given', () => {
    const log = logOf([['accept', '2026-03-05T02:00:00Z']]);
    expect(slaClockSegments(caseWorkflow, log)).toEqual([
      { state: 'reviewing', from: t('2026-03-05T02:00:00Z') },
    ]);
  });

  it('stays stopped after a refusal to accept', () => {
    const log = logOf([['reject', '2026-03-03T02:00:00Z']]);
    expect(slaClockSegments(caseWorkflow, log, t('2026-03-02T01:00:00Z'))).toEqual([
      { state: 'submitted', from: t('2026-03-02T01:00:00Z'), to: t('2026-03-03T02:00:00Z') },
    ]);
  });
});
