import { describe, expect, it } from 'vitest';
import {
  dayKind,
  detectCalendarFormat,
  formatShanghai,
  isoDate,
  monthWeeks,
  startOfDayIso,
} from './calendar';

describe('monthWeeks', () => {
  it('starts on Monday and pads with null', () => {
    // 2026-01-01 is a Thursday.
    const weeks = monthWeeks(2026, 1);
    expect(weeks[0]).toEqual([null, null, null, 1, 2, 3, 4]);
    expect(weeks.flat().filter((d) => d !== null)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('knows leap years', () => {
    expect(
      Math.max(
        ...monthWeeks(2028, 2)
          .flat()
          .map((d) => d ?? 0),
      ),
    ).toBe(29);
    expect(
      Math.max(
        ...monthWeeks(2026, 2)
          .flat()
          .map((d) => d ?? 0),
      ),
    ).toBe(28);
  });
});

describe('dayKind', () => {
  const holidays = new Set(['2026-01-01']);
  const workdays = new Set(['2026-01-04']);
  it('marks holidays, make-up days and weekends', () => {
    expect(dayKind(isoDate(2026, 1, 1), holidays, workdays)).toBe('holiday');
    expect(dayKind('2026-01-04', holidays, workdays)).toBe('workday');
    expect(dayKind('2026-01-10', holidays, workdays)).toBe('weekend');
    expect(dayKind('2026-01-05', holidays, workdays)).toBe('normal');
  });
});

describe('detectCalendarFormat', () => {
  it('uses the extension, then the content', () => {
    expect(detectCalendarFormat('2027.ICS', '')).toBe('ics');
    expect(detectCalendarFormat('2027.json', '')).toBe('json');
    expect(detectCalendarFormat('schedule', '  BEGIN:VCALENDAR\r\n')).toBe('ics');
    expect(detectCalendarFormat('schedule', '{"year":2027}')).toBe('json');
    expect(detectCalendarFormat('notes.txt', 'hello')).toBeUndefined();
  });
});

describe('time helpers', () => {
  it('sends a picked date as midnight UTC', () => {
    expect(startOfDayIso('2026-01-05')).toBe('2026-01-05T00:00:00.000Z');
  });

  it('shows instants in Shanghai time', () => {
    expect(formatShanghai('2026-01-05T09:30:00.000Z')).toBe('2026-01-05 17:30');
    expect(formatShanghai('not a date')).toBe('not a date');
  });
});
