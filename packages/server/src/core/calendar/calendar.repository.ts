import type { Database } from '@yiwang/db';
import type { YearSchedule } from '@yiwang/domain';

export type CalendarYearRow = YearSchedule & { source: string; loadedAt: Date };

export async function listCalendarYears(db: Database): Promise<CalendarYearRow[]> {
  const rows = await db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
  return rows.map((r) => ({
    year: r.year,
    holidays: r.holidays,
    workdays: r.workdays,
    source: r.source,
    loadedAt: r.loaded_at,
  }));
}

/** Insert or replace one year's schedule. */
export const upsertCalendarYear = (
  db: Database,
  schedule: YearSchedule,
  source: string,
  loadedBy: string | null,
) =>
  db
    .insertInto('calendar_year')
    .values({
      year: schedule.year,
      holidays: schedule.holidays,
      workdays: schedule.workdays,
      source,
      loaded_by: loadedBy,
    })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({
        holidays: schedule.holidays,
        workdays: schedule.workdays,
        source,
        loaded_by: loadedBy,
        loaded_at: new Date(),
      }),
    )
    .execute();

/** A cheap fingerprint of the loaded schedules, so each server copy notices another copy's change. */
export async function calendarVersion(db: Database): Promise<string> {
  const row = await db
    .selectFrom('calendar_year')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('loaded_at').as('latest')])
    .executeTakeFirst();
  return `${row?.n ?? 0}:${row?.latest ? new Date(row.latest).toISOString() : ''}`;
}
