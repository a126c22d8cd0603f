import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import { HANDLING_STATES } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { slaTimerHandlers, type TimerHandler } from '../../core/workflow/scheduler';
import { actAsSystem } from '../../core/workflow/workflow.service';
import { cityopsSetting, notifyOrderStaff } from './work-order.repository';

export const ESCALATE_TIMER = 'work-order.escalate';
/** 12345: the first contact with the caller is due (payload.caseId). */
export const FIRST_CONTACT_TIMER = 'work-order.first-contact';
/** An escalation not yet acknowledged: remind the unit again (payload.caseId, payload.seq). */
export const REMINDER_TIMER = 'work-order.reminder';

/** How often an unacknowledged 督办 is repeated to the unit, when no setting row says otherwise. */
export const DEFAULT_REMINDER_HOURS = 4;

const SYSTEM: Actor = { kind: 'anonymous', id: null, roles: [], unit: null, label: 'system:scheduler' };

const LEVELS: Record<1 | 2, string> = {
  1: '超期督办：提级至责任单位分管领导 · overdue: escalated to the unit’s leader',
  2: '超期仍未处置：提级至区级督办 · still overdue: escalated to the district',
};

type Order = { orderNo: string; categoryName: string };

async function orderLabel(trx: Transaction<DB>, caseId: string): Promise<Order | undefined> {
  return trx
    .selectFrom('work_order as w')
    .innerJoin('cityops_category as c', 'c.code', 'w.category_code')
    .select(['w.order_no as orderNo', 'c.name as categoryName'])
    .where('w.case_id', '=', caseId)
    .executeTakeFirst();
}

/**
 * Timers of a work order's own (first contact, reminders) are kept off the case (`case_id`
 * null, the order in the payload): the engine cancels a case's pending timers on every action,
 * and these must outlive the actions — each handler checks the order and stops by itself.
 */
async function scheduleOrderTimer(
  trx: Transaction<DB>,
  kind: string,
  dueAt: Date,
  payload: Record<string, unknown>,
) {
  await trx
    .insertInto('workflow_timer')
    .values({ case_id: null, kind, due_at: dueAt, payload: JSON.stringify(payload) })
    .execute();
}

/** 12345: the first contact with the caller is due at `due`; the timer flags it when missed. */
export const scheduleFirstContact = (trx: Transaction<DB>, caseId: string, due: Date) =>
  scheduleOrderTimer(trx, FIRST_CONTACT_TIMER, due, { caseId });

/**
 * An order was escalated (督办, by a person or the system; `seq` is that action): the
 * projection is reset to "not acknowledged", the unit's handlers are told now, and a reminder
 * is set N working hours on (`reminder.everyWorkingHours`) that repeats until someone
 * acknowledges (the `acknowledge` action) or the order leaves the handling states.
 */
export async function onEscalated(trx: Transaction<DB>, ctx: AppContext, caseId: string, seq: number) {
  await trx
    .updateTable('work_order')
    .set({ escalated_at: new Date(), escalation_acknowledged_at: null })
    .where('case_id', '=', caseId)
    .execute();
  const o = await orderLabel(trx, caseId);
  if (!o) return;
  await notifyOrderStaff(trx, caseId, {
    kind: 'work-order.escalated',
    zh: `【${o.orderNo}】${o.categoryName}：已督办，请签收并尽快处置`,
    en: `[${o.orderNo}] ${o.categoryName}: escalated — acknowledge it and act`,
  });
  await scheduleReminder(trx, ctx, caseId, seq);
}

async function scheduleReminder(trx: Transaction<DB>, ctx: AppContext, caseId: string, seq: number) {
  const hours = await cityopsSetting(trx, 'reminder.everyWorkingHours', DEFAULT_REMINDER_HOURS);
  const next = (await ctx.calendar.get()).addWorkingHours(new Date(), hours);
  await scheduleOrderTimer(
    trx,
    REMINDER_TIMER,
    next.ok ? next.deadline : new Date(Date.now() + hours * 3_600_000),
    { caseId, seq },
  );
}

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
  const { version } = await trx
    .selectFrom('workflow_case')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  await onEscalated(trx, ctx, caseId, version);
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

const payloadOf = (payload: unknown) => (payload ?? {}) as { caseId?: string; seq?: number };

/**
 * The reminder of an escalation: sent again while the escalation that set it (payload.seq) is
 * the latest, unacknowledged, and the order is still being handled; otherwise it stops.
 */
async function remind(trx: Transaction<DB>, ctx: AppContext, caseId: string, seq: number) {
  const o = await trx
    .selectFrom('work_order as w')
    .innerJoin('workflow_case as k', 'k.id', 'w.case_id')
    .select(['k.state', 'w.escalation_level as level', 'w.escalation_acknowledged_at as acknowledgedAt'])
    .where('w.case_id', '=', caseId)
    .executeTakeFirst();
  if (!o || !HANDLING_STATES.includes(o.state) || o.level === 0 || o.acknowledgedAt) return;
  const latest = await trx
    .selectFrom('workflow_action')
    .select('seq')
    .where('case_id', '=', caseId)
    .where('action', '=', 'escalate')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.seq !== seq) return;
  const label = await orderLabel(trx, caseId);
  const { reminders_sent: n } = await trx
    .updateTable('work_order')
    .set((eb) => ({ reminders_sent: eb('reminders_sent', '+', 1) }))
    .where('case_id', '=', caseId)
    .returning('reminders_sent')
    .executeTakeFirstOrThrow();
  await notifyOrderStaff(trx, caseId, {
    kind: 'work-order.reminder',
    zh: `【${label?.orderNo}】${label?.categoryName}：督办尚未签收（第 ${n} 次提醒）`,
    en: `[${label?.orderNo}] ${label?.categoryName}: the escalation is not acknowledged yet (reminder ${n})`,
  });
  await recordAudit(trx, SYSTEM, {
    action: 'work-order.reminder',
    entity: 'work_order',
    entityId: caseId,
    summary: { seq, reminder: n },
  });
  await scheduleReminder(trx, ctx, caseId, seq);
}

/** 12345: the first contact was not made in time — flagged on the order, the unit told, audited (not for a merged duplicate). */
async function firstContactDue(trx: Transaction<DB>, caseId: string) {
  const flagged = await trx
    .updateTable('work_order')
    .set({ first_contact_missed_at: new Date() })
    .where('case_id', '=', caseId)
    .where('first_contact_at', 'is', null)
    .where('first_contact_missed_at', 'is', null)
    .where('duplicate_of', 'is', null) // a merged duplicate's caller is contacted through the order kept
    .returning(['order_no'])
    .executeTakeFirst();
  if (!flagged) return;
  await notifyOrderStaff(trx, caseId, {
    kind: 'work-order.first-contact-missed',
    zh: `【${flagged.order_no}】12345 工单未在时限内首次联系市民，请立即联系`,
    en: `[${flagged.order_no}] 12345 order: the caller was not contacted in time — call now`,
  });
  await recordAudit(trx, SYSTEM, {
    action: 'work-order.first-contact-missed',
    entity: 'work_order',
    entityId: caseId,
  });
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
    [REMINDER_TIMER]: async (trx, timer) => {
      const { caseId, seq } = payloadOf(timer.payload);
      if (caseId && typeof seq === 'number') await remind(trx, ctx, caseId, seq);
    },
    [FIRST_CONTACT_TIMER]: async (trx, timer) => {
      const { caseId } = payloadOf(timer.payload);
      if (caseId) await firstContactDue(trx, caseId);
    },
  };
}
