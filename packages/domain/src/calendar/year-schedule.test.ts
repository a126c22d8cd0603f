import { describe, expect, it } from 'vitest';
import { YearSchedule, parseScheduleJson } from './year-schedule';

describe('YearSchedule', () => {
  it('parses one schedule or a list, sorting and de-duplicating dates', () => {
    expect(
      parseScheduleJson({ year: 2026, holidays: ['2026-01-02', '2026-01-01', '2026-01-01'], workdays: [] }),
    ).toEqual([{ year: 2026, holidays: ['2026-01-01', '2026-01-02'], workdays: [] }]);
    expect(parseScheduleJson([{ year: 2025, holidays: [], workdays: [] }])).toHaveLength(1);
  });

  it('refuses dates outside the year, impossible dates and weekday make-up days', () => {
    expect(YearSchedule.safeParse({ year: 2026, holidays: ['2025-12-31'], workdays: [] }).success).toBe(
      false,
    );
    expect(YearSchedule.safeParse({ year: 2026, holidays: ['2026-02-30'], workdays: [] }).success).toBe(
      false,
    );
    expect(YearSchedule.safeParse({ year: 2026, holidays: [], workdays: ['2026-01-05'] }).success).toBe(
      false,
    );
  });

  it('refuses a date that is both a holiday and a make-up day', () => {
    const result = YearSchedule.safeParse({ year: 2026, holidays: ['2026-01-04'], workdays: ['2026-01-04'] });
    expect(result.error?.issues[0]?.path).toEqual(['workdays', 0]);
  });

  it('throws a ZodError on bad JSON', () => {
    expect(() => parseScheduleJson({ year: '2026' })).toThrow();
  });
});
