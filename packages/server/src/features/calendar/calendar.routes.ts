import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { YearSchedule, parseScheduleIcs, parseScheduleJson } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { listCalendarYears } from '../../core/calendar/calendar.repository';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem } from '../../core/problem';
import type { Actor } from '../../core/auth/actor';

const CalendarYear = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  source: z.string(),
  loadedAt: z.date(),
});
const Deadline = z.union([
  z.object({ ok: z.literal(true), deadline: z.date() }),
  z.object({ ok: z.literal(false), unknownYear: z.number() }),
]);
const tags = ['calendar'];

async function loadYear(ctx: AppContext, actor: Actor, schedule: YearSchedule, source: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.calendar.load(schedule, source, actor.id, trx);
    await recordAudit(trx, actor, {
      action: 'calendar.load',
      entity: 'calendar_year',
      entityId: String(schedule.year),
      summary: { source, holidays: schedule.holidays.length, workdays: schedule.workdays.length },
    });
  });
  ctx.calendar.invalidate();
  const years = await listCalendarYears(ctx.db);
  return years.find((y) => y.year === schedule.year)!;
}

export const calendarRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/calendar/years', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Loaded working-day schedules',
        response: { 200: z.object({ items: z.array(CalendarYear) }) },
      },
      handler: async () => ({ items: await listCalendarYears(ctx.db) }),
    });

    app.put('/calendar/years/:year', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: "Load or replace one year's schedule (holidays and make-up working days)",
        params: z.object({ year: z.coerce.number().int().min(1990).max(2200) }),
        body: z.object({
          holidays: z.array(z.string()).max(366),
          workdays: z.array(z.string()).max(366),
          source: z.string().min(1).max(200),
        }),
        response: { 200: CalendarYear },
      },
      handler: async (request) => {
        const parsed = YearSchedule.safeParse({
          year: request.params.year,
          holidays: request.body.holidays,
          workdays: request.body.workdays,
        });
        if (!parsed.success)
          throw scheduleProblem(parsed.error.issues[0]?.message ?? 'invalid schedule', 'holidays');
        return loadYear(ctx, request.actor, parsed.data, request.body.source);
      },
    });

    app.post('/calendar/import', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Load a schedule from an ICS calendar or a JSON document',
        body: z.object({
          format: z.enum(['ics', 'json']),
          content: z.string().min(1).max(500_000),
          year: z.number().int().min(1990).max(2200).optional().describe('required for ICS'),
          source: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ items: z.array(CalendarYear) }) },
      },
      handler: async (request) => {
        const { format, content, year } = request.body;
        let schedules: YearSchedule[];
        try {
          if (format === 'ics') {
            const y = year ?? Number(/DTSTART[^:]*:(\d{4})/.exec(content)?.[1]);
            if (!y) throw new Error('no year given and none found in the calendar');
            schedules = [parseScheduleIcs(content, y)];
          } else {
            schedules = parseScheduleJson(JSON.parse(content));
          }
        } catch (error) {
          throw scheduleProblem((error as Error).message, 'content');
        }
        const items = [];
        for (const s of schedules)
          items.push(await loadYear(ctx, request.actor, s, request.body.source ?? `import (${format})`));
        return { items };
      },
    });

    app.get('/calendar/deadline', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'The deadline N working days (or working hours) after a start; unknown when a needed year is not loaded',
        querystring: z.object({
          start: z.coerce.date(),
          workingDays: z.coerce.number().int().min(1).max(1000).optional(),
          workingHours: z.coerce.number().min(0.5).max(10_000).optional(),
        }),
        response: { 200: Deadline },
      },
      handler: async (request) => {
        const { start, workingDays, workingHours } = request.query;
        if (Number.isNaN(start.getTime()))
          throw fieldProblem('validation', 'start', { zh: '开始时间无效', en: 'start is not a valid date' });
        const calendar = await ctx.calendar.get();
        if (workingDays) return calendar.addWorkingDays(start, workingDays);
        if (workingHours) return calendar.addWorkingHours(start, workingHours);
        throw fieldProblem('validation', 'workingDays', {
          zh: '请给出工作日数或工作小时数',
          en: 'give workingDays or workingHours',
        });
      },
    });
  };

const scheduleProblem = (reason: string, field: string) =>
  new Problem(
    'validation',
    { zh: `作息安排无法载入：${reason}`, en: `the schedule cannot be loaded: ${reason}` },
    [{ field, zh: `作息安排无法载入：${reason}`, en: `the schedule cannot be loaded: ${reason}` }],
  );
