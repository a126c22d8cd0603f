import ICAL from 'ical.js';
import type { YearSchedule } from './year-schedule';
import { DAY_MS, dayIndexToIsoDate } from './shanghai-time';
import { parseScheduleJson } from './year-schedule';

/**
 * Reads one year's schedule from an iCalendar (RFC 5545) text, such as the holiday
 * calendars published by Chinese calendar services (e.g. the `chinese-days` ICS feed).
 *
 * Accepted format: `VEVENT`s with all-day `DTSTART;VALUE=DATE` and an exclusive
 * `DTEND;VALUE=DATE` (a missing `DTEND` means one day). A date-time event covers the dates
 * from its start to its end (an end at 00:00 excludes that day); times are read as written
 * (floating), so give them in Shanghai time. The `SUMMARY` decides the kind:
 * - contains `班` (班, 上班, 调休上班) → each day is a make-up working day;
 * - otherwise contains `休` or `放假` → each day is a holiday;
 * - anything else is ignored.
 * Days outside `year` are ignored. The result is validated as a {@link YearSchedule}.
 *
 * @example
 * parseScheduleIcs(text, 2026);
 * // { year: 2026, holidays: ['2026-01-01', …], workdays: ['2026-01-04', …] }
 */
export function parseScheduleIcs(text: string, year: number): YearSchedule {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    const summary = event.summary ?? '';
    const list = summary.includes('班')
      ? workdays
      : summary.includes('休') || summary.includes('放假')
        ? holidays
        : undefined;
    if (list === undefined) continue;
    const start = event.startDate;
    const first = Date.UTC(start.year, start.month - 1, start.day) / DAY_MS;
    let last = first;
    const end =
      component.hasProperty('dtend') || component.hasProperty('duration') ? event.endDate : undefined;
    if (end) {
      const endDay = Date.UTC(end.year, end.month - 1, end.day) / DAY_MS;
      const endsAtMidnight = end.isDate || (end.hour === 0 && end.minute === 0 && end.second === 0);
      last = Math.max(first, endsAtMidnight ? endDay - 1 : endDay);
    }
    for (let day = first; day <= last; day++) {
      const date = dayIndexToIsoDate(day);
      if (date.startsWith(`${year}-`)) list.push(date);
    }
  }
  const [schedule] = parseScheduleJson({ year, holidays, workdays });
  return schedule!;
}
