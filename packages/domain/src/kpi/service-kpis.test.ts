import { describe, expect, it } from 'vitest';
import { shanghaiInstant } from '../calendar/shanghai-time';
import { schedules2025to2026 } from '../calendar/test-schedules';
import { WorkingCalendar } from '../calendar/working-calendar';
import { LICENCE_CASE_WORKFLOW } from '../services/licence-case-workflow';
import {
  caseFigures,
  caseWorkingMs,
  clockRulesOf,
  companySetupFigures,
  companySetupHours,
  decisionOf,
  fullyOnlineRate,
  median,
  onlineShare,
  pausesOf,
  rate,
  workingDayMs,
  workingDayTable,
  type KpiAction,
} from './service-kpis';

const calendar = new WorkingCalendar(schedules2025to2026, { start: '08:30', end: '17:30' });
const rules = clockRulesOf(LICENCE_CASE_WORKFLOW);
const at = (date: string, time: string) => shanghaiInstant(date, time);
const H = 3_600_000;
const a = (action: string, toState: string, date: string, time: string): KpiAction => ({
  action,
  toState,
  at: at(date, time),
});

describe('ratios and medians', () => {
  it('divides, and says null rather than 0 or NaN with nothing to divide by', () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 0)).toBeNull();
  });
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([30, 10, 20, 4])).toBe(15);
    expect(median([])).toBeNull();
  });
});

describe('全程网办率', () => {
  it('counts published items needing no visit among published items', () => {
    expect(
      fullyOnlineRate([
        { visits: 0, published: true },
        { visits: 0, published: true },
        { visits: 0, published: true },
        { visits: 1, published: true },
        { visits: 0, published: false },
      ]),
    ).toEqual({ published: 4, fullyOnline: 3, rate: 0.75 });
  });
});

describe('办理时长 in working days', () => {
  it('reads the clock rules of the licence-case workflow', () => {
    expect(rules).toEqual({
      pausedStates: ['correcting'],
      pauseActions: ['suspend'],
      resumeActions: ['resume'],
    });
  });

  it('counts working hours from submission to the decision, without 补正 and a suspension', () => {
    // Mon 2026-03-02 10:00 → Thu 03-05 12:30: 7.5 + 9 + 9 + 4 = 29.5 working hours.
    const actions = [
      a('accept', 'reviewing', '2026-03-02', '11:00'),
      a('askCorrection', 'correcting', '2026-03-03', '09:30'), // paused Tue 09:30 → Wed 09:30 = 9 h
      a('supplyCorrection', 'reviewing', '2026-03-04', '09:30'),
      a('approve', 'approved', '2026-03-05', '12:30'),
      a('deliver', 'completed', '2026-03-06', '09:00'),
    ];
    const submittedAt = at('2026-03-02', '10:00');
    expect(decisionOf(actions)?.action).toBe('approve');
    expect(caseWorkingMs(calendar, { submittedAt, actions }, rules)).toBe(20.5 * H);
    // A suspension for expert review Thu 09:00–10:00 stops the clock one more hour.
    const suspended = [
      ...actions.slice(0, 3),
      a('suspend', 'reviewing', '2026-03-05', '09:00'),
      a('resume', 'reviewing', '2026-03-05', '10:00'),
      ...actions.slice(3),
    ];
    expect(pausesOf(suspended, rules, at('2026-03-05', '12:30'))).toEqual([
      { from: at('2026-03-03', '09:30'), to: at('2026-03-04', '09:30') },
      { from: at('2026-03-05', '09:00'), to: at('2026-03-05', '10:00') },
    ]);
    expect(caseWorkingMs(calendar, { submittedAt, actions: suspended }, rules)).toBe(19.5 * H);
    expect(workingDayMs(calendar)).toBe(9 * H);
  });

  it('skips the weekend and the 五一 holiday; an undecided case has none', () => {
    // Fri 2026-03-06 16:30 → Mon 03-09 09:30: 1 h + 1 h.
    const weekend = [a('acceptAndApprove', 'approved', '2026-03-09', '09:30')];
    expect(caseWorkingMs(calendar, { submittedAt: at('2026-03-06', '16:30'), actions: weekend }, rules)).toBe(
      2 * H,
    );
    // Thu 2026-04-30 17:00 → Wed 05-06 09:00 (05-01…05-05 off): 0.5 h + 0.5 h.
    const mayDay = [a('approve', 'approved', '2026-05-06', '09:00')];
    expect(caseWorkingMs(calendar, { submittedAt: at('2026-04-30', '17:00'), actions: mayDay }, rules)).toBe(
      H,
    );
    const open = [a('accept', 'reviewing', '2026-03-09', '09:30')];
    expect(
      caseWorkingMs(calendar, { submittedAt: at('2026-03-06', '16:30'), actions: open }, rules),
    ).toBeNull();
  });

  it('gives the calendar as a table whose lookups difference to the calendar’s working time', () => {
    const table = workingDayTable(calendar);
    expect(table.days.length).toBe(365 * 2);
    expect(table.dayMs).toBe(9 * H);
    const index = new Map(table.days.map((d, i) => [d, i]));
    const lookup = (t: Date) => {
      const local = new Date(t.getTime() + 8 * H);
      const i = index.get(local.toISOString().slice(0, 10))!;
      const sinceMidnight = local.getTime() % 86_400_000;
      const today = table.working[i]
        ? Math.min(Math.max(sinceMidnight - table.openingMs, 0), table.dayMs)
        : 0;
      return table.before[i]! * table.dayMs + today;
    };
    const instants = [
      at('2025-01-02', '07:00'),
      at('2025-09-30', '12:15'),
      at('2025-10-09', '08:45'),
      at('2026-02-14', '10:00'), // a make-up working Saturday
      at('2026-05-06', '18:00'),
      at('2026-12-31', '17:29'),
    ];
    for (const x of instants)
      for (const y of instants) {
        if (y <= x) continue;
        const e = calendar.elapsedWorkingTime(x, y);
        expect(e.ok && e.ms).toBe(lookup(y) - lookup(x));
      }
  });
});

describe('按期办结率 and 零跑动', () => {
  it('adds up decided sub-cases: average working days, on time, items needing no visit', () => {
    const dayMs = 9 * H;
    const decidedAt = at('2026-03-05', '12:00');
    const figures = caseFigures(
      [
        { department: 'A', workingMs: 9 * H, decidedAt, deadline: at('2026-03-05', '17:30'), visits: 0 },
        { department: 'A', workingMs: 27 * H, decidedAt, deadline: at('2026-03-04', '17:30'), visits: 1 },
        { department: 'B', workingMs: 4.5 * H, decidedAt, deadline: decidedAt, visits: 0 },
        { department: 'B', workingMs: null, decidedAt, deadline: null, visits: 0 },
      ],
      dayMs,
    );
    // (1 + 3 + 0.5) / 3 working days; on time 2 of 3 with a deadline; 3 of 4 need no visit.
    expect(figures).toEqual({
      decided: 4,
      averageWorkingDays: 1.5,
      withDeadline: 3,
      onTime: 2,
      onTimeRate: 2 / 3,
      zeroVisit: 3,
      zeroVisitRate: 0.75,
    });
    expect(caseFigures([], dayMs)).toMatchObject({ decided: 0, averageWorkingDays: null, onTimeRate: null });
  });

  it('shares applications filed online', () => {
    expect(
      onlineShare([
        { channel: 'online' },
        { channel: 'window' },
        { channel: 'online' },
        { channel: 'station' },
      ]),
    ).toEqual({ submitted: 4, online: 2, rate: 0.5 });
  });
});

describe('开办企业用时', () => {
  it('measures clock hours until the last sub-case is approved, only once all are', () => {
    const submittedAt = at('2026-03-02', '09:00');
    expect(
      companySetupHours({
        submittedAt,
        subCases: [{ approvedAt: at('2026-03-02', '15:00') }, { approvedAt: at('2026-03-03', '11:30') }],
      }),
    ).toBe(26.5);
    expect(
      companySetupHours({
        submittedAt,
        subCases: [{ approvedAt: at('2026-03-02', '15:00') }, { approvedAt: null }],
      }),
    ).toBeNull();
  });

  it('gives the median and the share within the 24-hour promise (24 h itself keeps it)', () => {
    expect(companySetupFigures([6, 24, 26.5, 3, 50])).toEqual({
      completed: 5,
      medianHours: 24,
      withinPromise: 3,
      withinPromiseRate: 0.6,
    });
    expect(companySetupFigures([])).toEqual({
      completed: 0,
      medianHours: null,
      withinPromise: 0,
      withinPromiseRate: null,
    });
  });
});
