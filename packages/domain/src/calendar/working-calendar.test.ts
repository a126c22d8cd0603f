import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, shanghaiDate, shanghaiInstant } from './shanghai-time';
import { schedules2025to2026 } from './test-schedules';
import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar(schedules2025to2026);
const HOUR = 3_600_000;
const at = shanghaiInstant;

function deadlineOf(result: ReturnType<WorkingCalendar['addWorkingDays']>): Date {
  if (!result.ok) throw new Error(`unknown year ${result.unknownYear}`);
  return result.deadline;
}

/** Instants from 2025-01-01 to 2026-09-30 Shanghai, so +60 working days stays inside 2026. */
const instant = fc.integer({ min: at('2025-01-01').getTime(), max: at('2026-09-30').getTime() });
const count = fc.integer({ min: 1, max: 30 });

describe('WorkingCalendar.isWorkingDay', () => {
  it('follows weekends, holidays and make-up days', () => {
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false); // National Day, Monday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休上班
  });

  it('answers unknown for a year with no schedule', () => {
    expect(calendar.isWorkingDay('2027-01-04')).toBe('unknown');
    expect(calendar.isWorkingDay('2024-12-31')).toBe('unknown');
  });

  it('refuses a malformed date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('does not count the day of application and ends at 17:30 Shanghai', () => {
    expect(calendar.addWorkingDays(at('2026-03-02', '23:59'), 1)).toEqual({
      ok: true,
      deadline: at('2026-03-03', '17:30'),
    });
    expect(deadlineOf(calendar.addWorkingDays(at('2026-03-02', '00:00'), 1)).toISOString()).toBe(
      '2026-03-03T09:30:00.000Z',
    );
  });

  it('counts a make-up Saturday: Friday 2026-02-13 + 1 is Saturday 02-14', () => {
    expect(calendar.addWorkingDays(at('2026-02-13', '10:00'), 1)).toEqual({
      ok: true,
      deadline: at('2026-02-14', '17:30'),
    });
    // Then the Spring Festival: 02-15…23 off, 02-24 is next.
    expect(deadlineOf(calendar.addWorkingDays(at('2026-02-13', '10:00'), 2))).toEqual(
      at('2026-02-24', '17:30'),
    );
  });

  it('uses the Shanghai date of an instant, not the UTC date', () => {
    // 2026-03-02T16:30Z is 00:30 on Tuesday 03-03 in Shanghai.
    expect(deadlineOf(calendar.addWorkingDays(Date.parse('2026-03-02T16:30:00Z'), 1))).toEqual(
      at('2026-03-04', '17:30'),
    );
  });

  it('reports the year it would need instead of guessing Monday–Friday', () => {
    expect(calendar.addWorkingDays(at('2026-12-31', '09:00'), 1)).toEqual({ ok: false, unknownYear: 2027 });
    expect(calendar.addWorkingDays(at('2026-12-30', '09:00'), 1)).toEqual({
      ok: true,
      deadline: at('2026-12-31', '17:30'),
    });
    expect(calendar.addWorkingDays(at('2024-12-30', '09:00'), 1)).toEqual({ ok: false, unknownYear: 2024 });
    expect(calendar.addWorkingDays(at('2024-12-31', '09:00'), 1)).toEqual({
      ok: true,
      deadline: at('2025-01-02', '17:30'),
    });
  });

  it('reports a missing year between loaded ones', () => {
    const gappy = new WorkingCalendar([schedules2025to2026[0]!, { year: 2027, holidays: [], workdays: [] }]);
    expect(gappy.addWorkingDays(at('2025-12-30'), 3)).toEqual({ ok: false, unknownYear: 2026 });
    expect(gappy.isWorkingDay('2026-06-01')).toBe('unknown');
    expect(gappy.addWorkingDays(at('2027-01-04'), 1).ok).toBe(true);
  });

  it('refuses a non-positive or fractional count', () => {
    expect(() => calendar.addWorkingDays(at('2026-03-02'), 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(at('2026-03-02'), 1.5)).toThrow(RangeError);
  });

  it('lands on a working day at closing time', () => {
    fc.assert(
      fc.property(instant, count, (start, n) => {
        const deadline = deadlineOf(calendar.addWorkingDays(start, n));
        expect(calendar.isWorkingDay(shanghaiDate(deadline))).toBe(true);
        expect(new Date(deadline.getTime() + 8 * HOUR).toISOString().slice(11, 16)).toBe('17:30');
      }),
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(instant, count, (start, n) => {
        expect(deadlineOf(calendar.addWorkingDays(start, n + 1)).getTime()).toBeGreaterThan(
          deadlineOf(calendar.addWorkingDays(start, n)).getTime(),
        );
      }),
    );
  });

  it('composes: d + (a + b) = (d + a) + b', () => {
    fc.assert(
      fc.property(instant, count, count, (start, a, b) => {
        const whole = deadlineOf(calendar.addWorkingDays(start, a + b));
        const stepped = deadlineOf(calendar.addWorkingDays(deadlineOf(calendar.addWorkingDays(start, a)), b));
        expect(stepped).toEqual(whole);
      }),
    );
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(instant, count, (start, n) => {
        let day = Math.floor((start + 8 * HOUR) / DAY_MS);
        for (let left = n; left > 0;) {
          day++;
          if (calendar.isWorkingDay(new Date(day * DAY_MS).toISOString().slice(0, 10)) === true) left--;
        }
        expect(shanghaiDate(deadlineOf(calendar.addWorkingDays(start, n)))).toBe(
          new Date(day * DAY_MS).toISOString().slice(0, 10),
        );
      }),
    );
  });
});

describe('WorkingCalendar.addWorkingHours', () => {
  it('counts only office hours on working days', () => {
    // Friday 16:00 + 4h: 1.5h on Friday, then 2.5h on make-up Saturday 02-14 from 08:30.
    expect(calendar.addWorkingHours(at('2026-02-13', '16:00'), 4)).toEqual({
      ok: true,
      deadline: at('2026-02-14', '11:00'),
    });
    // Before opening counts from 08:30.
    expect(calendar.addWorkingHours(at('2026-03-02', '06:00'), 5)).toEqual({
      ok: true,
      deadline: at('2026-03-02', '13:30'),
    });
    // After closing counts from the next working day's opening.
    expect(calendar.addWorkingHours(at('2026-03-06', '20:00'), 1)).toEqual({
      ok: true,
      deadline: at('2026-03-09', '09:30'),
    });
  });

  it('ends a deadline that uses up a day at closing time, not the next opening', () => {
    expect(calendar.addWorkingHours(at('2026-03-02', '08:30'), 9)).toEqual({
      ok: true,
      deadline: at('2026-03-02', '17:30'),
    });
  });

  it('returns the start for zero hours', () => {
    expect(calendar.addWorkingHours(at('2026-03-07', '12:00'), 0)).toEqual({
      ok: true,
      deadline: at('2026-03-07', '12:00'),
    });
  });

  it('honours configured working hours', () => {
    const early = new WorkingCalendar(schedules2025to2026, { start: '09:00', end: '17:00' });
    expect(early.addWorkingHours(at('2026-03-02', '16:00'), 2)).toEqual({
      ok: true,
      deadline: at('2026-03-03', '10:00'),
    });
    expect(early.addWorkingDays(at('2026-03-02'), 1)).toEqual({
      ok: true,
      deadline: at('2026-03-03', '17:00'),
    });
  });

  it('reports an unknown year', () => {
    expect(calendar.addWorkingHours(at('2026-12-31', '17:00'), 1)).toEqual({ ok: false, unknownYear: 2027 });
  });

  it('agrees with elapsedWorkingTime', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 200 * 60 }), (start, minutes) => {
        const result = calendar.addWorkingHours(start, minutes / 60);
        if (!result.ok) throw new Error('unknown');
        expect(calendar.elapsedWorkingTime(start, result.deadline)).toEqual({
          ok: true,
          ms: minutes * 60_000,
        });
      }),
    );
  });
});

describe('WorkingCalendar.elapsedWorkingTime', () => {
  it('counts working time and leaves out pauses', () => {
    const monday = at('2026-03-02', '08:30');
    const tuesdayEvening = at('2026-03-03', '17:30');
    expect(calendar.elapsedWorkingTime(monday, tuesdayEvening)).toEqual({ ok: true, ms: 18 * HOUR });
    expect(
      calendar.elapsedWorkingTime(monday, tuesdayEvening, [
        { from: at('2026-03-02', '12:00'), to: at('2026-03-02', '13:00') },
        { from: at('2026-03-02', '12:30'), to: at('2026-03-02', '13:30') },
      ]),
    ).toEqual({ ok: true, ms: 16.5 * HOUR });
  });

  it('treats an open pause as lasting until the end', () => {
    expect(
      calendar.elapsedWorkingTime(at('2026-03-02', '08:30'), at('2026-03-03', '17:30'), [
        { from: at('2026-03-03', '08:30') },
      ]),
    ).toEqual({ ok: true, ms: 9 * HOUR });
  });

  it('is zero over a holiday and for a reversed span', () => {
    expect(calendar.elapsedWorkingTime(at('2026-10-01'), at('2026-10-08', '08:30'))).toEqual({
      ok: true,
      ms: 0,
    });
    expect(calendar.elapsedWorkingTime(at('2026-03-03'), at('2026-03-02'))).toEqual({ ok: true, ms: 0 });
  });

  it('reports an unknown year', () => {
    expect(calendar.elapsedWorkingTime(at('2026-12-01'), at('2027-01-05'))).toEqual({
      ok: false,
      unknownYear: 2027,
    });
  });

  it('is additive over adjacent spans', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const whole = calendar.elapsedWorkingTime(a, c);
        const left = calendar.elapsedWorkingTime(a, b);
        const right = calendar.elapsedWorkingTime(b, c);
        if (!whole.ok || !left.ok || !right.ok) throw new Error('unknown');
        expect(left.ms + right.ms).toBe(whole.ms);
      }),
    );
  });
});

describe('WorkingCalendar.addWorkingDaysWithPauses', () => {
  const accepted = at('2026-03-02', '10:00'); // Monday; 5 working days → Monday 03-09 17:30

  it('equals addWorkingDays without pauses', () => {
    expect(calendar.addWorkingDaysWithPauses(accepted, 5, [])).toEqual(calendar.addWorkingDays(accepted, 5));
  });

  it('moves the deadline by the paused working time (补正)', () => {
    const pause = { from: at('2026-03-04', '08:30'), to: at('2026-03-05', '17:30') }; // two full days
    expect(calendar.addWorkingDaysWithPauses(accepted, 5, [pause])).toEqual({
      ok: true,
      deadline: at('2026-03-11', '17:30'),
    });
  });

  it('rounds a part-day pause up to the end of the working day', () => {
    const pause = { from: at('2026-03-04', '10:00'), to: at('2026-03-04', '12:00') };
    expect(calendar.addWorkingDaysWithPauses(accepted, 5, [pause])).toEqual({
      ok: true,
      deadline: at('2026-03-10', '17:30'),
    });
  });

  it('ignores a pause on the day of application and after the deadline', () => {
    const pauses = [
      { from: at('2026-03-02', '10:00'), to: at('2026-03-02', '16:00') },
      { from: at('2026-03-20', '10:00'), to: at('2026-03-25', '10:00') },
    ];
    expect(calendar.addWorkingDaysWithPauses(accepted, 5, pauses)).toEqual(
      calendar.addWorkingDays(accepted, 5),
    );
  });

  it('counts a pause that the extension reaches', () => {
    const pauses = [
      { from: at('2026-03-09', '08:30'), to: at('2026-03-09', '17:30') }, // pushes to 03-10
      { from: at('2026-03-10', '08:30'), to: at('2026-03-10', '17:30') }, // then reached: pushes to 03-11
    ];
    expect(calendar.addWorkingDaysWithPauses(accepted, 5, pauses)).toEqual({
      ok: true,
      deadline: at('2026-03-11', '17:30'),
    });
  });

  it('has no deadline while the clock is stopped', () => {
    expect(calendar.addWorkingDaysWithPauses(accepted, 5, [{ from: at('2026-03-04', '09:00') }])).toEqual({
      ok: true,
      deadline: null,
    });
  });

  it('reports an unknown year when the extension runs past the loaded years', () => {
    const pause = { from: at('2026-12-28', '08:30'), to: at('2026-12-31', '17:30') };
    expect(calendar.addWorkingDaysWithPauses(at('2026-12-24'), 3, [pause])).toEqual({
      ok: false,
      unknownYear: 2027,
    });
  });
});

describe('WorkingCalendar construction', () => {
  it('refuses a year loaded twice and inverted working hours', () => {
    expect(() => new WorkingCalendar([...schedules2025to2026, schedules2025to2026[1]!])).toThrow(RangeError);
    expect(() => new WorkingCalendar(schedules2025to2026, { start: '18:00', end: '09:00' })).toThrow(
      RangeError,
    );
  });

  it('lists the loaded years', () => {
    expect(calendar.loadedYears).toEqual([2025, 2026]);
  });
});
