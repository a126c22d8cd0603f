import { describe, expect, it } from 'vitest';
import { WorkingCalendar, shanghaiInstant, type ActionRecord, type WorkflowDefinition } from '@yiwang/domain';
import { officialSchedules } from '@yiwang/fixtures';
import { computeSla } from './sla';

const calendar = new WorkingCalendar(officialSchedules);
const def: WorkflowDefinition = {
  key: 'sla-test',
  version: 1,
  name: { zh: '测试', en: 'Test' },
  initialState: 'submitted',
  states: {
    submitted: {
      name: { zh: '已申请', en: 'Submitted' },
      slaGroup: 'case',
      sla: { amount: 5, unit: 'workingDays' },
    },
    correcting: { name: { zh: '补正中', en: 'Correcting' }, slaGroup: 'case', clock: 'paused' },
    reviewing: { name: { zh: '审查中', en: 'Reviewing' }, slaGroup: 'case' },
    done: { name: { zh: '办结', en: 'Done' }, terminal: true },
  },
  actions: {
    ask: {
      name: { zh: '补正', en: 'Ask' },
      from: ['submitted', 'reviewing'],
      to: 'correcting',
      roles: ['clerk'],
    },
    supply: { name: { zh: '补齐', en: 'Supply' }, from: ['correcting'], to: 'reviewing', roles: ['citizen'] },
    accept: { name: { zh: '受理', en: 'Accept' }, from: ['submitted'], to: 'reviewing', roles: ['clerk'] },
    finish: { name: { zh: '办结', en: 'Finish' }, from: ['reviewing'], to: 'done', roles: ['clerk'] },
  },
};
const at = (day: string, time = '10:00') => shanghaiInstant(day, time);
const act = (seq: number, action: string, fromState: string, toState: string, when: Date): ActionRecord => ({
  seq,
  action,
  fromState,
  toState,
  actorId: 'x',
  at: when,
});

describe('SLA of a group of states (one clock for the whole case)', () => {
  // Monday 2026-03-02, 10:00; 5 working days → Monday 2026-03-09 17:30.
  const opened = at('2026-03-02');

  it('runs from the opening through the states of the group', () => {
    const sla = computeSla(
      calendar,
      def,
      [act(1, 'accept', 'submitted', 'reviewing', at('2026-03-03'))],
      opened,
    );
    expect(sla).toEqual({
      kind: 'running',
      deadline: shanghaiInstant('2026-03-09', '17:30'),
      warnAt: expect.any(Date),
    });
  });

  it('stops while the case awaits corrections and moves the deadline by the paused working days', () => {
    const asked = act(1, 'ask', 'submitted', 'correcting', at('2026-03-03'));
    expect(computeSla(calendar, def, [asked], opened)).toEqual({ kind: 'paused' });
    // Paused from Tue 03-03 10:00 to Thu 03-05 10:00: two working days.
    const supplied = act(2, 'supply', 'correcting', 'reviewing', at('2026-03-05'));
    const sla = computeSla(calendar, def, [asked, supplied], opened);
    expect(sla).toMatchObject({ kind: 'running', deadline: shanghaiInstant('2026-03-11', '17:30') });
  });

  it('uses the per-case amount (an item’s promised limit) and stops at a terminal state', () => {
    const sla = computeSla(calendar, def, [], opened, { case: 1 });
    expect(sla).toMatchObject({ kind: 'running', deadline: shanghaiInstant('2026-03-03', '17:30') });
    const done = computeSla(
      calendar,
      def,
      [act(1, 'accept', 'submitted', 'reviewing', opened), act(2, 'finish', 'reviewing', 'done', opened)],
      opened,
    );
    expect(done).toEqual({ kind: 'none' });
  });
});
