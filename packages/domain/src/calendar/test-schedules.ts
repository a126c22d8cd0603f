import type { YearSchedule } from './year-schedule';

const range = (year: number, month: number, from: number, to: number): string[] =>
  Array.from(
    { length: to - from + 1 },
    (_, i) => `${year}-${String(month).padStart(2, '0')}-${String(from + i).padStart(2, '0')}`,
  );

/** The 2025 and 2026 State Council schedules, for tests in this package (no dependency on fixtures). */
export const schedules2025to2026: YearSchedule[] = [
  {
    year: 2025,
    holidays: [
      '2025-01-01',
      ...range(2025, 1, 28, 31),
      ...range(2025, 2, 1, 4),
      ...range(2025, 4, 4, 6),
      ...range(2025, 5, 1, 5),
      '2025-05-31',
      '2025-06-01',
      '2025-06-02',
      ...range(2025, 10, 1, 8),
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    holidays: [
      ...range(2026, 1, 1, 3),
      ...range(2026, 2, 15, 23),
      ...range(2026, 4, 4, 6),
      ...range(2026, 5, 1, 5),
      ...range(2026, 6, 19, 21),
      ...range(2026, 9, 25, 27),
      ...range(2026, 10, 1, 7),
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];
