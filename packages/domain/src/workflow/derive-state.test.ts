import { describe, expect, it } from 'vitest';
import { ActionRecord } from './action-record';
import { deriveState } from './derive-state';
import { caseWorkflow, logOf } from './test-case-workflow';
import { WorkflowReplayError } from './workflow-replay-error';

describe('deriveState', () => {
  it('is the initial state for an empty log', () => {
    expect(deriveState(caseWorkflow, [])).toBe('submitted');
  });

  it('replays a case through correction, review and delivery', () => {
    const log = logOf([
      ['requestCorrection', '2026-03-02T02:00:00Z'],
      ['resubmit', '2026-03-04T02:00:00Z'],
      ['accept', '2026-03-05T02:00:00Z'],
      ['suspend', '2026-03-06T02:00:00Z'],
      ['resume', '2026-03-10T02:00:00Z'],
      ['approve', '2026-03-12T02:00:00Z'],
      ['deliver', '2026-03-13T02:00:00Z'],
    ]);
    expect(deriveState(caseWorkflow, log.slice(0, 6))).toBe('decided');
    expect(deriveState(caseWorkflow, log)).toBe('completed');
  });

  it('replays in seq order whatever the array order', () => {
    const log = logOf([
      ['accept', '2026-03-05T02:00:00Z'],
      ['approve', '2026-03-12T02:00:00Z'],
    ]);
    expect(deriveState(caseWorkflow, [...log].reverse())).toBe('decided');
  });

  it('throws a typed error on an action not allowed from the current state', () => {
    const log = logOf([['approve', '2026-03-05T02:00:00Z']]);
    const attempt = () => deriveState(caseWorkflow, log);
    expect(attempt).toThrow(WorkflowReplayError);
    expect(attempt).toThrow(
      expect.objectContaining({ reason: 'not-allowed-in-state', seq: 1, state: 'submitted' }),
    );
  });

  it('throws on an unknown action and on a record that disagrees with the replay', () => {
    expect(() => deriveState(caseWorkflow, logOf([['teleport', '2026-03-05T02:00:00Z']]))).toThrow(
      expect.objectContaining({ reason: 'unknown-action' }),
    );
    const [accept] = logOf([['accept', '2026-03-05T02:00:00Z']]);
    expect(() => deriveState(caseWorkflow, [{ ...accept!, toState: 'decided' }])).toThrow(
      expect.objectContaining({ reason: 'state-mismatch' }),
    );
  });

  it('parses action records from JSON, coercing the time', () => {
    const record = ActionRecord.parse({
      seq: 1,
      action: 'accept',
      fromState: 'submitted',
      toState: 'reviewing',
      actorId: 'u-1',
      at: '2026-03-05T02:00:00Z',
    });
    expect(record.at).toEqual(new Date('2026-03-05T02:00:00Z'));
  });
});
