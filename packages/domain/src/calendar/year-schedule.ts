import { z } from 'zod';
import { isoDateToDayIndex, weekdayOfDayIndex } from './shanghai-time';

const IsoDate = z
  .string()
  .refine((value) => isoDateToDayIndex(value) !== undefined, 'expected a YYYY-MM-DD date');

/**
 * One year of the State Council's holiday arrangement (国务院办公厅关于部分节假日安排的通知),
 * as an administrator loads it.
 * - `holidays`: statutory days off (放假), on any day of the week; weekend days inside a
 *   holiday block may be listed or not, they are off either way.
 * - `workdays`: make-up working days (调休上班), which must fall on a Saturday or Sunday.
 * Every date must lie in `year`, and no date may be in both lists.
 *
 * @example
 * YearSchedule.parse({ year: 2026, holidays: ['2026-01-01', '2026-01-02'], workdays: ['2026-01-04'] });
 */
export const YearSchedule = z
  .object({
    year: z.number().int().min(1900).max(2199),
    holidays: z.array(IsoDate),
    workdays: z.array(IsoDate),
  })
  .superRefine((schedule, ctx) => {
    const prefix = `${schedule.year}-`;
    for (const list of ['holidays', 'workdays'] as const) {
      schedule[list].forEach((date, index) => {
        if (!date.startsWith(prefix)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index],
            message: `${date} is not in ${schedule.year}`,
          });
        }
      });
    }
    schedule.workdays.forEach((date, index) => {
      const day = isoDateToDayIndex(date);
      if (day === undefined) return;
      const weekday = weekdayOfDayIndex(day);
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({ code: 'custom', path: ['workdays', index], message: `${date} is not a weekend day` });
      }
    });
    const holidays = new Set(schedule.holidays);
    schedule.workdays.forEach((date, index) => {
      if (holidays.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', index], message: `${date} is also a holiday` });
      }
    });
  });
export type YearSchedule = z.infer<typeof YearSchedule>;

/**
 * Parses schedules from JSON already decoded (one {@link YearSchedule} or an array of them),
 * sorting and de-duplicating the dates. Throws a `ZodError` on bad input.
 *
 * @example
 * parseScheduleJson(JSON.parse(text)); // YearSchedule[]
 */
export function parseScheduleJson(value: unknown): YearSchedule[] {
  const schedules = z.union([YearSchedule, z.array(YearSchedule)]).parse(value);
  return (Array.isArray(schedules) ? schedules : [schedules]).map((schedule) => ({
    year: schedule.year,
    holidays: [...new Set(schedule.holidays)].sort(),
    workdays: [...new Set(schedule.workdays)].sort(),
  }));
}
