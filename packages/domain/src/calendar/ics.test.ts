import { describe, expect, it } from 'vitest';
import { parseScheduleIcs } from './ics';

const ics = (events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//yiwang//test//CN', ...events, 'END:VCALENDAR'].join('\r\n');

const allDay = (summary: string, start: string, end?: string) =>
  [
    'BEGIN:VEVENT',
    `UID:${summary}-${start}`,
    'DTSTAMP:20251104T000000Z',
    `DTSTART;VALUE=DATE:${start}`,
    ...(end ? [`DTEND;VALUE=DATE:${end}`] : []),
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ].join('\r\n');

describe('parseScheduleIcs', () => {
  it('reads holiday blocks (exclusive DTEND) and make-up days', () => {
    const text = ics([
      allDay('元旦(休)', '20260101', '20260104'),
      allDay('元旦(班)', '20260104', '20260105'),
      allDay('国庆节放假', '20261001', '20261008'),
      allDay('国庆节调休上班', '20261010'),
    ]);
    expect(parseScheduleIcs(text, 2026)).toEqual({
      year: 2026,
      holidays: [
        '2026-01-01',
        '2026-01-02',
        '2026-01-03',
        '2026-10-01',
        '2026-10-02',
        '2026-10-03',
        '2026-10-04',
        '2026-10-05',
        '2026-10-06',
        '2026-10-07',
      ],
      workdays: ['2026-01-04', '2026-10-10'],
    });
  });

  it('ignores other events and days of other years', () => {
    const text = ics([
      allDay('春分', '20260320', '20260321'),
      allDay('元旦(休)', '20251231', '20260102'),
      allDay('元旦(班)', '20250104', '20250105'),
    ]);
    expect(parseScheduleIcs(text, 2026)).toEqual({ year: 2026, holidays: ['2026-01-01'], workdays: [] });
  });

  it('reads a date-time event as the dates it covers', () => {
    const text = ics([
      [
        'BEGIN:VEVENT',
        'UID:x',
        'DTSTAMP:20251104T000000Z',
        'DTSTART:20260219T000000',
        'DTEND:20260221T000000',
        'SUMMARY:春节 休',
        'END:VEVENT',
      ].join('\r\n'),
    ]);
    expect(parseScheduleIcs(text, 2026).holidays).toEqual(['2026-02-19', '2026-02-20']);
  });

  it('refuses a make-up day on a weekday', () => {
    expect(() => parseScheduleIcs(ics([allDay('上班', '20260105')]), 2026)).toThrow();
  });
});
