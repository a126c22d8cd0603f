/**
 * Shanghai local time as a fixed UTC+8 offset. China has had no daylight saving time since
 * 1991, so every date this platform handles maps to UTC by subtracting 8 hours; no time-zone
 * database is needed.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** An instant: a `Date` or epoch milliseconds. */
export type Instant = Date | number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch milliseconds of an instant.
 *
 * @example
 * toEpochMs(new Date(0)); // 0
 */
export function toEpochMs(instant: Instant): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}

/**
 * The Shanghai calendar day of an instant, as days since 1970-01-01.
 *
 * @example
 * shanghaiDayIndex(Date.parse('2026-01-01T16:00:00Z')); // day of 2026-01-02 (midnight in Shanghai)
 */
export function shanghaiDayIndex(instant: Instant): number {
  return Math.floor((toEpochMs(instant) + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/**
 * The Shanghai calendar date `YYYY-MM-DD` of an instant.
 *
 * @example
 * shanghaiDate(new Date('2026-02-13T16:30:00Z')); // '2026-02-14'
 */
export function shanghaiDate(instant: Instant): string {
  return dayIndexToIsoDate(shanghaiDayIndex(instant));
}

/**
 * The instant of a Shanghai wall-clock time on a date.
 *
 * @example
 * shanghaiInstant('2026-02-14', '17:30').toISOString(); // '2026-02-14T09:30:00.000Z'
 */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  const day = isoDateToDayIndex(date);
  if (day === undefined) throw new RangeError(`not a date: ${date}`);
  return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS + parseClockTime(time));
}

/**
 * `YYYY-MM-DD` → days since 1970-01-01, or `undefined` if it is not a real date.
 *
 * @example
 * isoDateToDayIndex('1970-01-02'); // 1
 * isoDateToDayIndex('2026-02-30'); // undefined
 */
export function isoDateToDayIndex(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

/**
 * Days since 1970-01-01 → `YYYY-MM-DD`.
 *
 * @example
 * dayIndexToIsoDate(1); // '1970-01-02'
 */
export function dayIndexToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The year of a day index.
 *
 * @example
 * yearOfDayIndex(365); // 1971
 */
export function yearOfDayIndex(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/**
 * The weekday of a day index: 0 = Sunday … 6 = Saturday.
 *
 * @example
 * weekdayOfDayIndex(0); // 4 (1970-01-01 was a Thursday)
 */
export function weekdayOfDayIndex(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * `HH:MM` → milliseconds after midnight (24:00 allowed).
 *
 * @example
 * parseClockTime('08:30'); // 30_600_000
 */
export function parseClockTime(time: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`not a HH:MM time: ${time}`);
  const ms = (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  if (ms > DAY_MS) throw new RangeError(`not a HH:MM time: ${time}`);
  return ms;
}
