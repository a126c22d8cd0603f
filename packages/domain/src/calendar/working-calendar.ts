import type { Instant } from './shanghai-time';
import {
  DAY_MS,
  SHANGHAI_OFFSET_MS,
  isoDateToDayIndex,
  parseClockTime,
  toEpochMs,
  weekdayOfDayIndex,
  yearOfDayIndex,
} from './shanghai-time';
import type { WorkingHours } from './working-hours';
import { DEFAULT_WORKING_HOURS } from './working-hours';
import { YearSchedule } from './year-schedule';

/** A deadline, or the first year whose schedule is needed but not loaded. */
export type DeadlineResult = { ok: true; deadline: Date } | { ok: false; unknownYear: number };

/**
 * A deadline with pauses: `deadline: null` while an open pause stops the clock (补正 sent,
 * corrected materials not yet received).
 */
export type PausedDeadlineResult = { ok: true; deadline: Date | null } | { ok: false; unknownYear: number };

/** Working time in milliseconds, or the first year whose schedule is needed but not loaded. */
export type ElapsedResult = { ok: true; ms: number } | { ok: false; unknownYear: number };

/** A stop of the clock; an open pause (`to` absent) lasts until the end of the measured span. */
export type ClockPause = { from: Instant; to?: Instant | undefined };

/**
 * Working days and working hours of Shanghai, from State Council schedules loaded as data.
 *
 * All dates are Shanghai local dates and all times Shanghai wall-clock times, taken as a
 * fixed UTC+8 offset (China has no daylight saving time). Instants go in as `Date` or epoch
 * milliseconds and come out as `Date`.
 *
 * A day is a working day (工作日) if it is Monday–Friday and not a listed holiday, or a listed
 * make-up day (调休上班). A question that needs any day of a year whose schedule is not loaded
 * is answered `{ ok: false, unknownYear }` — never by guessing Monday–Friday.
 *
 * Per loaded span the constructor precomputes a working-day flag per day, prefix counts of
 * working days and the list of working days, so day and hour arithmetic is O(1).
 *
 * @example
 * const calendar = new WorkingCalendar(officialSchedules, { start: '08:30', end: '17:30' });
 * calendar.isWorkingDay('2026-02-14'); // true (调休上班)
 * calendar.addWorkingDays(shanghaiInstant('2026-02-13', '10:00'), 1);
 * // { ok: true, deadline: 2026-02-14 17:30 Shanghai }
 */
export class WorkingCalendar {
  readonly hours: WorkingHours;
  private readonly years: ReadonlySet<number>;
  /** Day index (days since 1970-01-01) of January 1 of the first loaded year. */
  private readonly base: number;
  private readonly length: number;
  private readonly working: Uint8Array;
  /** `workingBefore[i]`: working days among offsets `[0, i)`. */
  private readonly workingBefore: Int32Array;
  /** `unknownBefore[i]`: days of unloaded years among offsets `[0, i)`. */
  private readonly unknownBefore: Int32Array;
  /** Offsets of the working days, in order. */
  private readonly workingDays: Int32Array;
  private readonly startMs: number;
  private readonly endMs: number;
  private readonly dayMs: number;

  constructor(schedules: readonly YearSchedule[], hours: WorkingHours = DEFAULT_WORKING_HOURS) {
    this.hours = hours;
    this.startMs = parseClockTime(hours.start);
    this.endMs = parseClockTime(hours.end);
    if (this.startMs >= this.endMs) throw new RangeError('working hours must start before they end');
    this.dayMs = this.endMs - this.startMs;

    const parsed = schedules.map((schedule) => YearSchedule.parse(schedule));
    const years = new Set<number>();
    for (const { year } of parsed) {
      if (years.has(year)) throw new RangeError(`schedule for ${year} loaded twice`);
      years.add(year);
    }
    this.years = years;
    const sorted = [...years].sort((a, b) => a - b);
    const first = sorted[0] ?? 1970;
    const last = sorted[sorted.length - 1] ?? 1969;
    this.base = Date.UTC(first, 0, 1) / DAY_MS;
    this.length = Math.max(0, Date.UTC(last + 1, 0, 1) / DAY_MS - this.base);

    this.working = new Uint8Array(this.length);
    const known = new Uint8Array(this.length);
    for (let offset = 0; offset < this.length; offset++) {
      const day = this.base + offset;
      if (!years.has(yearOfDayIndex(day))) continue;
      known[offset] = 1;
      const weekday = weekdayOfDayIndex(day);
      this.working[offset] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
    for (const schedule of parsed) {
      for (const date of schedule.holidays) this.working[isoDateToDayIndex(date)! - this.base] = 0;
      for (const date of schedule.workdays) this.working[isoDateToDayIndex(date)! - this.base] = 1;
    }

    this.workingBefore = new Int32Array(this.length + 1);
    this.unknownBefore = new Int32Array(this.length + 1);
    for (let offset = 0; offset < this.length; offset++) {
      this.workingBefore[offset + 1] = this.workingBefore[offset]! + this.working[offset]!;
      this.unknownBefore[offset + 1] = this.unknownBefore[offset]! + 1 - known[offset]!;
    }
    this.workingDays = new Int32Array(this.workingBefore[this.length]!);
    for (let offset = 0, k = 0; offset < this.length; offset++) {
      if (this.working[offset]) this.workingDays[k++] = offset;
    }
  }

  /**
   * The years whose schedules are loaded, ascending.
   *
   * @example
   * new WorkingCalendar(officialSchedules).loadedYears; // [2020, …, 2026]
   */
  get loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * Whether a Shanghai date is a working day; `'unknown'` if its year is not loaded.
   *
   * @example
   * calendar.isWorkingDay('2026-10-08'); // true
   * calendar.isWorkingDay('2026-10-10'); // true (Saturday, 调休上班)
   * calendar.isWorkingDay('2027-01-04'); // 'unknown' with only ≤2026 loaded
   */
  isWorkingDay(date: string): boolean | 'unknown' {
    const day = isoDateToDayIndex(date);
    if (day === undefined) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
    if (!this.years.has(yearOfDayIndex(day))) return 'unknown';
    return this.working[day - this.base] === 1;
  }

  /**
   * The deadline `n` working days after `start`, by the Licensing Law convention
   * (行政许可法 期限 counting): the day of `start` does not count, whatever its time; the
   * deadline is the end of working hours (e.g. 17:30 Shanghai) of the `n`th working day after
   * it. `n` must be a positive integer.
   *
   * @example
   * // Friday 2026-02-13 + 1 working day = Saturday 2026-02-14, a make-up day, 17:30.
   * calendar.addWorkingDays(shanghaiInstant('2026-02-13', '09:00'), 1);
   * // 2026-12-31 + 1 with only ≤2026 loaded:
   * calendar.addWorkingDays(shanghaiInstant('2026-12-31'), 1); // { ok: false, unknownYear: 2027 }
   */
  addWorkingDays(start: Instant, n: number): DeadlineResult {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    const from = Math.floor((toEpochMs(start) + SHANGHAI_OFFSET_MS) / DAY_MS) + 1 - this.base;
    if (from < 0 || from >= this.length) return this.unknownFrom(from);
    const k = this.workingBefore[from]! + n - 1;
    if (k >= this.workingDays.length) return this.unknownFrom(from);
    const offset = this.workingDays[k]!;
    if (this.unknownBefore[offset + 1] !== this.unknownBefore[from]) return this.unknownFrom(from);
    return { ok: true, deadline: new Date((this.base + offset) * DAY_MS - SHANGHAI_OFFSET_MS + this.endMs) };
  }

  /**
   * The instant when `hours` of working time (工作时: inside working hours on working days)
   * have passed since `start`. Time before opening, after closing and on days off does not
   * count. A deadline that uses up a day exactly ends at closing time, not the next opening.
   *
   * @example
   * // 暴露垃圾, 4 working hours, reported Friday 2026-02-13 16:00 → Saturday 02-14 11:00 (调休上班).
   * calendar.addWorkingHours(shanghaiInstant('2026-02-13', '16:00'), 4);
   */
  addWorkingHours(start: Instant, hours: number): DeadlineResult {
    if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError(`hours must be ≥ 0, got ${hours}`);
    const startMs = toEpochMs(start);
    const from = this.offsetOf(startMs);
    if (from < 0 || from >= this.length || this.unknownBefore[from + 1] !== this.unknownBefore[from]) {
      return this.unknownFrom(from);
    }
    const need = Math.round(hours * 3_600_000);
    if (need === 0) return { ok: true, deadline: new Date(startMs) };
    const target = this.workingMsBefore(startMs) + need;
    const result = this.instantAtWorkingMs(target);
    if (result === undefined || this.unknownBefore[result.offset + 1] !== this.unknownBefore[from]) {
      return this.unknownFrom(from);
    }
    return { ok: true, deadline: new Date(result.ms) };
  }

  /**
   * Working time between two instants, minus the pauses (clipped to the span; overlapping
   * pauses count once; an open pause lasts until `end`). Returns 0 when `end` ≤ `start`.
   *
   * @example
   * calendar.elapsedWorkingTime(
   *   shanghaiInstant('2026-03-02', '08:30'),
   *   shanghaiInstant('2026-03-03', '17:30'),
   *   [{ from: shanghaiInstant('2026-03-02', '12:00'), to: shanghaiInstant('2026-03-02', '13:00') }],
   * ); // { ok: true, ms: 17 hours }
   */
  elapsedWorkingTime(start: Instant, end: Instant, pauses: readonly ClockPause[] = []): ElapsedResult {
    const startMs = toEpochMs(start);
    const endMs = Math.max(startMs, toEpochMs(end));
    const from = this.offsetOf(startMs);
    const to = this.offsetOf(endMs);
    if (from < 0 || to >= this.length || this.unknownBefore[to + 1] !== this.unknownBefore[from]) {
      return this.unknownFrom(from);
    }
    let ms = this.workingMsBefore(endMs) - this.workingMsBefore(startMs);
    for (const [a, b] of mergePauses(pauses, startMs, endMs))
      ms -= this.workingMsBefore(b) - this.workingMsBefore(a);
    return { ok: true, ms };
  }

  /**
   * {@link addWorkingDays}, extended by the working time the clock was paused (补正 stops the
   * clock; it restarts when the corrected materials are received). Pauses that begin after
   * the deadline reached so far do not count. The extended deadline is rounded up to the end
   * of its working day. While a pause that began before the deadline is still open, the
   * deadline is `null`.
   *
   * @example
   * // 20 working days from acceptance; 补正 took 2 full working days:
   * calendar.addWorkingDaysWithPauses(accepted, 20, [{ from: noticeSent, to: materialsReceived }]);
   */
  addWorkingDaysWithPauses(start: Instant, n: number, pauses: readonly ClockPause[]): PausedDeadlineResult {
    const plain = this.addWorkingDays(start, n);
    if (!plain.ok) return plain;
    // The day of `start` does not count, so neither does pausing on it.
    const countFrom =
      (Math.floor((toEpochMs(start) + SHANGHAI_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - SHANGHAI_OFFSET_MS;
    const baseTarget = this.workingMsBefore(plain.deadline.getTime());
    let deadlineMs = plain.deadline.getTime();
    for (;;) {
      if (pauses.some((pause) => pause.to === undefined && toEpochMs(pause.from) < deadlineMs)) {
        return { ok: true, deadline: null };
      }
      let paused = 0;
      for (const [a, b] of mergePauses(pauses, countFrom, deadlineMs)) {
        paused += this.workingMsBefore(b) - this.workingMsBefore(a);
      }
      const result = this.instantAtWorkingMs(baseTarget + paused);
      const first = this.offsetOf(countFrom);
      if (result === undefined || this.unknownBefore[result.offset + 1] !== this.unknownBefore[first]) {
        return this.unknownFrom(first);
      }
      const next = (this.base + result.offset) * DAY_MS - SHANGHAI_OFFSET_MS + this.endMs;
      if (next === deadlineMs) return { ok: true, deadline: new Date(next) };
      deadlineMs = next;
    }
  }

  private offsetOf(ms: number): number {
    return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) - this.base;
  }

  /** Working milliseconds from the start of the loaded span to `ms` (`ms` inside the span). */
  private workingMsBefore(ms: number): number {
    const local = ms + SHANGHAI_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const offset = day - this.base;
    let total = this.workingBefore[offset]! * this.dayMs;
    if (this.working[offset]) {
      const sinceOpening = local - day * DAY_MS - this.startMs;
      total += Math.min(Math.max(sinceOpening, 0), this.dayMs);
    }
    return total;
  }

  /** The earliest instant at which `target` > 0 working milliseconds have passed since the span start. */
  private instantAtWorkingMs(target: number): { offset: number; ms: number } | undefined {
    const k = Math.ceil(target / this.dayMs) - 1;
    if (k >= this.workingDays.length) return undefined;
    const offset = this.workingDays[k]!;
    const rest = target - k * this.dayMs;
    return { offset, ms: (this.base + offset) * DAY_MS - SHANGHAI_OFFSET_MS + this.startMs + rest };
  }

  /** The first unloaded year on or after the day at `offset`. */
  private unknownFrom(offset: number): { ok: false; unknownYear: number } {
    let year = yearOfDayIndex(this.base + offset);
    while (this.years.has(year)) year++;
    return { ok: false, unknownYear: year };
  }
}

/** Pauses clipped to `[start, end]`, sorted and merged, as `[from, to]` epoch-ms pairs. */
function mergePauses(pauses: readonly ClockPause[], start: number, end: number): Array<[number, number]> {
  const clipped = pauses
    .map((pause): [number, number] => [
      Math.max(toEpochMs(pause.from), start),
      Math.min(pause.to === undefined ? end : toEpochMs(pause.to), end),
    ])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of clipped) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}
