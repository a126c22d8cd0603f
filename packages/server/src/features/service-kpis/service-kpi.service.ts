import { sql, type RawBuilder, type SqlBool } from 'kysely';
import {
  APPROVAL_ACTIONS,
  COMPANY_SETUP_BUNDLE_CODES,
  COMPANY_SETUP_ITEM_CODES,
  COMPANY_SETUP_PROMISE_HOURS,
  DAY_MS,
  DECISION_ACTIONS,
  LICENCE_CASE_WORKFLOW,
  clockRulesOf,
  dayIndexToIsoDate,
  isoDateToDayIndex,
  rate,
  shanghaiDayIndex,
  shanghaiInstant,
  workingDayTable,
  type KpiFigures,
  type ServiceKpis,
  type WorkingCalendar,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { scopeOf } from '../../core/auth/actor';
import { unitInScope } from '../../core/auth/scope-filters';
import { fieldProblem } from '../../core/problem';
import {
  channelCounts,
  companySetup,
  dailySeries,
  decisionCounts,
  itemCounts,
  submissionCounts,
  unitNames,
  type KpiParams,
} from './service-kpi.repository';

export const TREND_DAYS = 30;
const MAX_SPAN_DAYS = 3 * 366;

type Counts = {
  published: number;
  fullyOnline: number;
  submitted: number;
  online: number;
  decided: number;
  timed: number;
  workingMs: number;
  withDeadline: number;
  onTime: number;
  zeroVisit: number;
};
const zero = (): Counts => ({
  published: 0,
  fullyOnline: 0,
  submitted: 0,
  online: 0,
  decided: 0,
  timed: 0,
  workingMs: 0,
  withDeadline: 0,
  onTime: 0,
  zeroVisit: 0,
});

function figures(c: Counts, dayMs: number): KpiFigures {
  return {
    publishedItems: c.published,
    fullyOnlineItems: c.fullyOnline,
    fullyOnlineRate: rate(c.fullyOnline, c.published),
    submitted: c.submitted,
    submittedOnline: c.online,
    decided: c.decided,
    averageWorkingDays: c.timed ? c.workingMs / c.timed / dayMs : null,
    withDeadline: c.withDeadline,
    onTime: c.onTime,
    onTimeRate: rate(c.onTime, c.withDeadline),
    zeroVisit: c.zeroVisit,
    zeroVisitRate: rate(c.zeroVisit, c.decided),
  };
}

const shanghaiToday = () => dayIndexToIsoDate(shanghaiDayIndex(Date.now()));

/** The period: `from`…`to` inclusive Shanghai dates; by default the 30 days up to today. */
export function period(input: { from?: string | undefined; to?: string | undefined }) {
  const to = input.to ?? shanghaiToday();
  const toDay = isoDateToDayIndex(to);
  if (toDay === undefined) throw fieldProblem('validation', 'to', { zh: '日期无效', en: 'not a valid date' });
  const from = input.from ?? dayIndexToIsoDate(toDay - (TREND_DAYS - 1));
  const fromDay = isoDateToDayIndex(from);
  if (fromDay === undefined)
    throw fieldProblem('validation', 'from', { zh: '日期无效', en: 'not a valid date' });
  if (fromDay > toDay)
    throw fieldProblem('validation', 'from', {
      zh: '开始日期不能晚于结束日期',
      en: 'from must not be after to',
    });
  if (toDay - fromDay > MAX_SPAN_DAYS)
    throw fieldProblem('validation', 'from', {
      zh: '统计区间不能超过三年',
      en: 'the period may span at most three years',
    });
  return {
    from,
    to,
    start: shanghaiInstant(from),
    end: new Date(shanghaiInstant(to).getTime() + DAY_MS),
  };
}

const tableCache = new WeakMap<WorkingCalendar, ReturnType<typeof workingDayTable>>();
function tableOf(calendar: WorkingCalendar) {
  let table = tableCache.get(calendar);
  if (!table) tableCache.set(calendar, (table = workingDayTable(calendar)));
  return table;
}

/** The figures for leaders: overall, by department and per day, aggregated in SQL. */
export async function serviceKpis(
  ctx: AppContext,
  actor: Actor,
  input: { from?: string | undefined; to?: string | undefined; department?: string | undefined },
): Promise<ServiceKpis> {
  const p0 = period(input);
  const calendar = await ctx.calendar.get();
  const table = tableOf(calendar);
  const scope = scopeOf(actor);
  const departmentId = input.department ?? null;
  const department = (col: RawBuilder<unknown>) => {
    const chosen = departmentId ? sql<SqlBool>`${col} = ${departmentId}::uuid` : sql<SqlBool>`true`;
    if (scope.kind === 'all') return chosen;
    return sql<SqlBool>`${chosen} AND EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${col} AND ${unitInScope(scope, 'su')})`;
  };
  const rules = clockRulesOf(LICENCE_CASE_WORKFLOW);
  const p: KpiParams = {
    from: p0.start,
    to: p0.end,
    department,
    table,
    decisionActions: DECISION_ACTIONS,
    approvalActions: APPROVAL_ACTIONS,
    ...rules,
    setupBundleCodes: COMPANY_SETUP_BUNDLE_CODES,
    setupItemCodes: COMPANY_SETUP_ITEM_CODES,
  };
  const trendStart = new Date(p0.end.getTime() - TREND_DAYS * DAY_MS);
  const [items, submissions, channels, decisions, setup, daily] = await Promise.all([
    itemCounts(ctx.db, p),
    submissionCounts(ctx.db, p),
    channelCounts(ctx.db, p),
    decisionCounts(ctx.db, p),
    companySetup(ctx.db, p, COMPANY_SETUP_PROMISE_HOURS),
    dailySeries(ctx.db, p, trendStart, p0.end),
  ]);

  const byDept = new Map<string, Counts>();
  const of = (id: string) => {
    let c = byDept.get(id);
    if (!c) byDept.set(id, (c = zero()));
    return c;
  };
  for (const r of items) Object.assign(of(r.dept), { published: r.published, fullyOnline: r.fullyOnline });
  for (const r of submissions) Object.assign(of(r.dept), { submitted: r.submitted, online: r.online });
  for (const r of decisions) {
    const { dept: _dept, ...rest } = r;
    Object.assign(of(r.dept), rest);
  }
  const total = zero();
  for (const c of byDept.values()) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];

  const names = await unitNames(ctx.db, [...byDept.keys()]);
  const departments = [...byDept.entries()]
    .map(([id, c]) => ({
      departmentId: id,
      code: names.get(id)?.code ?? '',
      name: names.get(id)?.name ?? id,
      ...figures(c, table.dayMs),
    }))
    .sort((a, b) => b.submitted - a.submitted || a.code.localeCompare(b.code));
  const applications = Object.values(channels).reduce((s, v) => s + v, 0);
  const online = channels.online ?? 0;
  return {
    from: p0.from,
    to: p0.to,
    departmentId,
    overall: {
      ...figures(total, table.dayMs),
      applications,
      onlineApplications: online,
      onlineApplicationRate: rate(online, applications),
      byChannel: { online, window: channels.window ?? 0, station: channels.station ?? 0 },
    },
    companySetup: {
      promiseHours: COMPANY_SETUP_PROMISE_HOURS,
      ...setup,
      withinPromiseRate: rate(setup.withinPromise, setup.completed),
    },
    departments,
    daily,
  };
}
