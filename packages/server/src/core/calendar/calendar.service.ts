import type { Database } from '@yiwang/db';
import { WorkingCalendar, type WorkingHours, type YearSchedule } from '@yiwang/domain';
import { calendarVersion, listCalendarYears, upsertCalendarYear } from './calendar.repository';

const RECHECK_MS = 10_000;

/**
 * The district's working-day calendar, built from the years loaded in the database. Each
 * server copy keeps one in memory and rebuilds it when the loaded years change (checked at
 * most every 10 s, and at once after a load through this copy).
 */
export class CalendarService {
  private current: WorkingCalendar | undefined;
  private version = '';
  private checkedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly hours: WorkingHours,
  ) {}

  /** The calendar as loaded now. */
  async get(): Promise<WorkingCalendar> {
    if (this.current && Date.now() - this.checkedAt < RECHECK_MS) return this.current;
    const version = await calendarVersion(this.db);
    this.checkedAt = Date.now();
    if (!this.current || version !== this.version) {
      const years = await listCalendarYears(this.db);
      this.current = new WorkingCalendar(years, this.hours);
      this.version = version;
    }
    return this.current;
  }

  /** Load or replace a year (in the caller's transaction when given). */
  async load(
    schedule: YearSchedule,
    source: string,
    loadedBy: string | null,
    trx: Database = this.db,
  ): Promise<void> {
    await upsertCalendarYear(trx, schedule, source, loadedBy);
  }

  /** Forget the cached calendar (after a load commits). */
  invalidate(): void {
    this.current = undefined;
  }
}
