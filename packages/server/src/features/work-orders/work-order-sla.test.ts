import { describe, expect, it } from 'vitest';
import { WORK_ORDER_WORKFLOW, WorkingCalendar, shanghaiInstant, type ActionRecord } from '@yiwang/domain';
import { officialSchedules } from '@yiwang/fixtures';
import { computeSla } from '../../core/workflow/sla';

const calendar = new WorkingCalendar(officialSchedules);
const at = (date: string, time: string) => new Date(shanghaiInstant(date, time));
const step = (
  seq: number,
  action: string,
  fromState: string,
  toState: string,
  when: Date,
  data = {},
): ActionRecord => ({
  seq,
  action,
  fromState,
  toState,
  actorId: 'system',
  at: when,
  data,
});

describe('the handling clock of a work order: the category limit in its unit', () => {
  const opened = at('2026-02-13', '16:00'); // a Friday, the day before a make-up working Saturday
  const log = [
    step(1, 'file', 'reported', 'filed', opened),
    step(2, 'dispatch', 'filed', 'dispatched', opened),
  ];

  it('working hours run on working days only (暴露垃圾: 4 working hours)', () => {
    const sla = computeSla(calendar, WORK_ORDER_WORKFLOW, log, opened, { 'handling@workingHours': 4 });
    const expected = calendar.addWorkingHours(opened, 4);
    expect(expected.ok).toBe(true);
    expect(sla).toMatchObject({ kind: 'running', deadline: expected.ok ? expected.deadline : null });
    // the office day ends at 17:00: the rest falls on the next working day (Saturday 14 Feb 2026, 调休)
    if (sla.kind === 'running') expect(sla.deadline.toISOString()).toBe('2026-02-14T03:00:00.000Z');
  });

  it('clock hours are plain hours (井盖: 6 hours), warning at 80%', () => {
    const sla = computeSla(calendar, WORK_ORDER_WORKFLOW, log, opened, { 'handling@clockHours': 6 });
    expect(sla).toMatchObject({
      kind: 'running',
      deadline: new Date(opened.getTime() + 6 * 3_600_000),
      warnAt: new Date(opened.getTime() + 0.8 * 6 * 3_600_000),
    });
  });

  it('an approved extension adds to the limit in the same unit; a return request stops the clock', () => {
    const extended = [
      ...log,
      step(3, 'requestExtension', 'dispatched', 'extensionRequested', opened, { extendBy: 2 }),
      step(4, 'approveExtension', 'extensionRequested', 'handling', opened, { extendBy: 2 }),
    ];
    const sla = computeSla(calendar, WORK_ORDER_WORKFLOW, extended, opened, { 'handling@clockHours': 6 });
    expect(sla).toMatchObject({ kind: 'running', deadline: new Date(opened.getTime() + 8 * 3_600_000) });
    const returning = [...log, step(3, 'requestReturn', 'dispatched', 'returnRequested', opened)];
    expect(
      computeSla(calendar, WORK_ORDER_WORKFLOW, returning, opened, { 'handling@clockHours': 6 }).kind,
    ).toBe('paused');
  });
});
