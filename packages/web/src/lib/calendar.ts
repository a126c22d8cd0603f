/** Pure helpers for the working-day calendar page. */

/** Weeks of a month, Monday first; null pads the days of the neighbouring months. month is 1–12. */
export function monthWeeks(year: number, month: number): (number | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(lead).fill(null)];
  for (let d = 1; d <= days; d++) cells.push(d);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export const isoDate = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export type DayKind = 'holiday' | 'workday' | 'weekend' | 'normal';

/** 休 = statutory holiday, 班 = make-up working day (调休), otherwise by weekday. */
export function dayKind(date: string, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): DayKind {
  if (holidays.has(date)) return 'holiday';
  if (workdays.has(date)) return 'workday';
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6 ? 'weekend' : 'normal';
}

export type CalendarFormat = 'ics' | 'json';

/** Format of an uploaded schedule: by extension, else by content; undefined when neither tells. */
export function detectCalendarFormat(fileName: string, content: string): CalendarFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ics')) return 'ics';
  if (lower.endsWith('.json')) return 'json';
  const head = content.trimStart();
  if (head.startsWith('BEGIN:VCALENDAR')) return 'ics';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return undefined;
}

/**
 * The start of a day as an ISO instant that is the same calendar date in UTC and in Shanghai
 * (00:00Z is 08:00 in UTC+8), so the server reads the date the user picked whichever zone it uses.
 */
export const startOfDayIso = (date: string): string => `${date}T00:00:00.000Z`;

/** An instant shown in the district's time zone: `2026-01-05 17:30`. */
export function formatShanghai(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
