import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CalendarYear, DeadlineAnswer } from '../../api/types';
import type { CalendarFormat } from '../../lib/calendar';

export const yearsQuery = queryOptions({
  queryKey: ['calendar', 'years'],
  queryFn: () => api.get<{ items: CalendarYear[] }>('/api/calendar/years'),
});

export const importCalendar = (format: CalendarFormat, content: string) =>
  api.post<CalendarYear>('/api/calendar/import', { format, content });

export const fetchDeadline = (start: string, workingDays: number) =>
  api.get<DeadlineAnswer>('/api/calendar/deadline', { start, workingDays });
