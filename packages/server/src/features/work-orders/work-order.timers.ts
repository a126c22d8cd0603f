import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import { HANDLING_STATES } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { slaTimerHandlers, type TimerHandler } from '../../core/workflow/scheduler';
import { actAsSystem } from '../../core/workflow/workflow.service';

export const ESCALATE_TIMER = 'work-order.escalate';

const LEVELS: Record<1 | 2, string> = {
  1: '超期督办：提级至责任单位分管领导 · overdue: escalated to the unit’s leader',
  2: '超期仍未处置：提级至区级督办 · still overdue: escalated to the district',
};

/**
 * 督办 on overdue work orders, each an action by the system: when the handling deadline
 * passes, level 1 (the responsible unit's leader); a working day later, if nobody has acted,
 * level 2 (the district). Any action on the order cancels the pending level-2 timer.
 */
async function escalate(trx: Transaction<DB>, ctx: AppContext, caseId: string, level: 1 | 2) {
  const o = await trx
    .selectFrom('work_order as w')
    .innerJoin('workflow_case as k', 'k.id', 'w.case_id')
    .select(['k.state', 'w.escalation_level as level'])
    .where('w.case_id', '=', caseId)
    .executeTakeFirst();
  if (!o || !HANDLING_STATES.includes(o.state) || o.level >= level) return;
  if (!(await actAsSystem(trx, ctx, caseId, 'escalate', LEVELS[level]))) return;
  await trx
    .updateTable('work_order')
    .set({ escalation_level: level })
    .where('case_id', '=', caseId)
    .execute();
  if (level === 1) {
    const next = (await ctx.calendar.get()).addWorkingHours(new Date(), 8);
    await trx
      .insertInto('workflow_timer')
      .values({
        case_id: caseId,
        kind: ESCALATE_TIMER,
        due_at: next.ok ? next.deadline : new Date(Date.now() + 86_400_000),
        payload: JSON.stringify({ level: 2 }),
      })
      .execute();
  }
}

/** Timer handlers of work orders; `sla.due` keeps the engine's own record and adds the escalation. */
export function workOrderTimerHandlers(ctx: AppContext): Record<string, TimerHandler> {
  return {
    'sla.due': async (trx, timer) => {
      await slaTimerHandlers['sla.due']!(trx, timer);
      if (timer.caseId) await escalate(trx, ctx, timer.caseId, 1);
    },
    [ESCALATE_TIMER]: async (trx, timer) => {
      if (timer.caseId) await escalate(trx, ctx, timer.caseId, 2);
    },
  };
}
