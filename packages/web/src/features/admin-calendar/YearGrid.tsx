import { useMemo } from 'react';
import type { CalendarYear } from '../../api/types';
import { dayKind, isoDate, monthWeeks } from '../../lib/calendar';
import { useT } from '../../i18n/useT';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** Twelve small months; 休 marks statutory holidays and 班 the make-up working days. */
export function YearGrid({ year }: { year: CalendarYear }) {
  const t = useT();
  const holidays = useMemo(() => new Set(year.holidays), [year]);
  const workdays = useMemo(() => new Set(year.workdays), [year]);
  const weekdays = t('calendar.weekdays').split(',');
  const monthNames = t('calendar.months').split(',');
  return (
    <div className="yw-year" data-testid={`year-grid-${year.year}`}>
      {MONTHS.map((month) => (
        <section className="yw-month" key={month}>
          <h4>{monthNames[month - 1]}</h4>
          <table>
            <thead>
              <tr>
                {weekdays.map((w) => (
                  <th key={w} scope="col">
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthWeeks(year.year, month).map((week, i) => (
                <tr key={i}>
                  {week.map((day, j) => {
                    if (day === null) return <td key={j} />;
                    const date = isoDate(year.year, month, day);
                    const kind = dayKind(date, holidays, workdays);
                    return (
                      <td
                        key={j}
                        className={`yw-day-${kind}`}
                        data-testid={`day-${date}`}
                        data-kind={kind}
                        title={date}
                      >
                        {day}
                        {kind === 'holiday' && (
                          <span className="yw-day-mark">{t('calendar.holidayMark')}</span>
                        )}
                        {kind === 'workday' && (
                          <span className="yw-day-mark">{t('calendar.workdayMark')}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
