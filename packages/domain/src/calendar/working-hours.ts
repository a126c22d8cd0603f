import { z } from 'zod';
import { parseClockTime } from './shanghai-time';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/**
 * The office hours of a working day (工作时), Shanghai wall-clock `HH:MM`. No lunch break is
 * modelled: the whole span counts.
 *
 * @example
 * WorkingHours.parse({ start: '08:30', end: '17:30' });
 */
export const WorkingHours = z
  .object({ start: ClockTime, end: ClockTime })
  .refine((hours) => parseClockTime(hours.start) < parseClockTime(hours.end), {
    message: 'start must be before end',
    path: ['end'],
  });
export type WorkingHours = z.infer<typeof WorkingHours>;

/**
 * 08:30–17:30, the district's default *(configurable)*.
 *
 * @example
 * new WorkingCalendar(schedules, DEFAULT_WORKING_HOURS);
 */
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '08:30', end: '17:30' };
