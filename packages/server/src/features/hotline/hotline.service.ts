import { z } from 'zod';
import { WORK_ORDER_WORKFLOW, maskPhone, shanghaiDate, shanghaiInstant } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { fieldProblem, notFound } from '../../core/problem';
import { Uuid } from '../../core/schemas';
import { findCategory } from '../cityops-categories/cityops-category.repository';
import { insertFollower } from '../work-order-duplicates/work-order-duplicate.repository';
import { placeOf } from '../work-order-duplicates/work-order-duplicate.service';
import { findOrder } from '../work-orders/work-order.repository';
import { createWorkOrder } from '../work-orders/work-order.service';
import {
  findCall,
  findPhone,
  followersOf,
  listAwaitingCallback,
  listAwaitingFirstContact,
  listCalls,
  nextCallNo,
  type CallRow,
} from './hotline.repository';

/** The one 12345 kind a call may be answered on the spot without an order. */
export const ANSWERABLE_KIND = 'H-consult';
const LIST_LIMIT = 500;
const CALL = { zh: '来电记录', en: 'call' };

const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+-]{5,20}$/);

export const RecordCall = z.object({
  callerName: z.string().trim().min(1).max(60),
  callerPhone: Phone,
  /** The 12345 kind: an H- category (咨询, 求助, 投诉, 建议, 复杂事项…). */
  kindCode: z.string().min(1).max(60),
  /** The 部件/事件 category of the problem, when the operator can tell. */
  subjectCategoryCode: z.string().min(1).max(60).optional(),
  placeUnitId: Uuid,
  address: z.string().trim().max(300).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  description: z.string().trim().min(1).max(4000),
  /** create a new order; follow an existing one (followOrderId); answer a 咨询 on the spot (answer). */
  disposition: z.enum(['create', 'follow', 'answer']),
  followOrderId: Uuid.optional(),
  answer: z.string().trim().min(1).max(2000).optional(),
});
export type RecordCall = z.infer<typeof RecordCall>;

const maskCall = (c: CallRow) => ({
  ...c,
  callerPhone: c.callerPhone ? maskPhone(c.callerPhone) : null,
  orderStateName: c.orderState ? (WORK_ORDER_WORKFLOW.states[c.orderState]?.name ?? null) : null,
});

/**
 * Record a 12345 call: a new work order (the caller its reporter), a follow of an existing
 * open order (the caller becomes one of its followers, called back with it), or — for a 咨询
 * only — an answer given on the spot, kept as a call record without an order. One transaction
 * each; the call's number is RX<yyyymmdd><000001>.
 */
export async function recordCall(ctx: AppContext, actor: Actor, input: RecordCall) {
  const kind = await findCategory(ctx.db, input.kindCode);
  if (!kind || !kind.active || kind.kind !== 'hotline')
    throw fieldProblem('validation', 'kindCode', {
      zh: '请选择 12345 诉求类型（咨询、求助、投诉、建议等）',
      en: 'choose the 12345 kind (consultation, help, complaint, suggestion…)',
    });
  if (input.subjectCategoryCode) {
    const subject = await findCategory(ctx.db, input.subjectCategoryCode);
    if (!subject || !subject.active || subject.kind === 'hotline')
      throw fieldProblem('validation', 'subjectCategoryCode', {
        zh: '城市管理类别不存在或已停用',
        en: 'no such active component or event category',
      });
  }
  const place = await placeOf(ctx, input.placeUnitId);
  const callNo = await nextCallNo(ctx.db);
  const base = {
    call_no: callNo,
    caller_name: input.callerName,
    caller_phone: input.callerPhone,
    kind_code: kind.code,
    subject_category_code: input.subjectCategoryCode ?? null,
    street_id: place.streetId,
    committee_id: place.committeeId,
    address: input.address ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    description: input.description,
    recorded_by: actor.id!,
  };
  let callId: string;
  switch (input.disposition) {
    case 'answer': {
      if (kind.code !== ANSWERABLE_KIND)
        throw fieldProblem('validation', 'disposition', {
          zh: '只有咨询类来电可当场答复、不生成工单',
          en: 'only a consultation (咨询) may be answered on the spot without an order',
        });
      if (!input.answer)
        throw fieldProblem('validation', 'answer', { zh: '请填写答复内容', en: 'write the answer given' });
      callId = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('hotline_call')
          .values({ ...base, disposition: 'answered', answer: input.answer! })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, {
          action: 'hotline.call',
          entity: 'hotline_call',
          entityId: row.id,
          summary: { callNo, disposition: 'answered' },
        });
        return row.id;
      });
      break;
    }
    case 'follow': {
      if (!input.followOrderId)
        throw fieldProblem('validation', 'followOrderId', {
          zh: '请选择要关联的工单',
          en: 'choose the order to link the call to',
        });
      let order = await findOrder(ctx.db, input.followOrderId);
      // a merged duplicate is followed through the order kept
      if (order?.duplicateOf) order = await findOrder(ctx.db, order.duplicateOf);
      if (!order)
        throw fieldProblem('validation', 'followOrderId', { zh: '工单不存在', en: 'no such order' });
      if (['closed', 'evaluated'].includes(order.state))
        throw fieldProblem('conflict', 'followOrderId', {
          zh: '该工单已结案，请新建工单',
          en: 'that order is closed: create a new one',
        });
      const orderId = order.caseId;
      callId = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('hotline_call')
          .values({ ...base, disposition: 'followed', work_order_id: orderId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertFollower(trx, {
          orderId,
          name: input.callerName,
          phone: input.callerPhone,
          via: 'call',
          callId: row.id,
          createdBy: actor.id,
        });
        await recordAudit(trx, actor, {
          action: 'hotline.call',
          entity: 'hotline_call',
          entityId: row.id,
          summary: { callNo, disposition: 'followed', order: orderId },
        });
        return row.id;
      });
      break;
    }
    case 'create': {
      let id = '';
      await createWorkOrder(
        ctx,
        actor,
        {
          categoryCode: kind.code,
          ...(input.subjectCategoryCode ? { subjectCategoryCode: input.subjectCategoryCode } : {}),
          source: 'hotline',
          placeUnitId: input.placeUnitId,
          description: input.description,
          ...(input.address ? { address: input.address } : {}),
          ...(input.latitude !== undefined && input.longitude !== undefined
            ? { latitude: input.latitude, longitude: input.longitude }
            : {}),
          reporterName: input.callerName,
          reporterPhone: input.callerPhone,
        },
        {
          afterCreate: async (trx, orderId) => {
            const row = await trx
              .insertInto('hotline_call')
              .values({ ...base, disposition: 'created', work_order_id: orderId })
              .returning('id')
              .executeTakeFirstOrThrow();
            await recordAudit(trx, actor, {
              action: 'hotline.call',
              entity: 'hotline_call',
              entityId: row.id,
              summary: { callNo, disposition: 'created', order: orderId },
            });
            id = row.id;
          },
        },
      );
      callId = id;
      break;
    }
  }
  return getCall(ctx, callId);
}

export async function getCall(ctx: AppContext, id: string) {
  const call = await findCall(ctx.db, id);
  if (!call) throw notFound(CALL);
  return maskCall(call);
}

/** The calls of one Shanghai day (default today), newest first; phones masked. */
export async function callsOfDay(ctx: AppContext, date: string | undefined) {
  const day = date ?? shanghaiDate(Date.now());
  const from = shanghaiInstant(day);
  const to = new Date(from.getTime() + 86_400_000);
  const items = (await listCalls(ctx.db, from, to, LIST_LIMIT)).map(maskCall);
  return { date: day, items };
}

const orderSummary = (o: Awaited<ReturnType<typeof listAwaitingFirstContact>>[number]) => ({
  caseId: o.caseId,
  orderNo: o.orderNo,
  categoryName: o.categoryName,
  subjectCategoryName: o.subjectCategoryName,
  state: o.state,
  stateName: WORK_ORDER_WORKFLOW.states[o.state]?.name ?? null,
  version: o.version,
  streetName: o.streetName,
  committeeName: o.committeeName,
  responsibleUnitName: o.responsibleUnitName,
  description: o.description,
  outcome: o.outcome,
  createdAt: o.createdAt,
});

/**
 * Closed orders to call back (回访), with everyone to call: the reporter and the followers
 * (phones masked; the desk reveals one number at a time, audited).
 */
export async function awaitingCallback(ctx: AppContext) {
  const orders = await listAwaitingCallback(ctx.db, LIST_LIMIT);
  const followers = await followersOf(
    ctx.db,
    orders.map((o) => o.caseId),
  );
  return {
    items: orders.map((o) => ({
      ...orderSummary(o),
      closedAt: o.closedAt,
      callers: [
        ...(o.reporterName || o.reporterPhone
          ? [
              {
                kind: 'order' as const,
                id: o.caseId,
                name: o.reporterName,
                phone: o.reporterPhone ? maskPhone(o.reporterPhone) : null,
              },
            ]
          : []),
        ...followers
          .filter((f) => f.orderId === o.caseId)
          .map((f) => ({
            kind: 'follower' as const,
            id: f.id,
            name: f.name,
            phone: f.phone ? maskPhone(f.phone) : null,
          })),
      ],
    })),
  };
}

/** 12345 orders whose first contact is still to be made, the most urgent first. */
export async function awaitingFirstContact(ctx: AppContext) {
  const now = Date.now();
  return {
    items: (await listAwaitingFirstContact(ctx.db, LIST_LIMIT)).map((o) => ({
      ...orderSummary(o),
      reporterName: o.reporterName,
      reporterPhone: o.reporterPhone ? maskPhone(o.reporterPhone) : null,
      firstContactDue: o.firstContactDue,
      missed: !!o.firstContactMissedAt || (!!o.firstContactDue && o.firstContactDue.getTime() < now),
    })),
  };
}

/** The full number behind a masked one, for the operator about to call; every reveal is audited. */
export async function revealPhone(
  ctx: AppContext,
  actor: Actor,
  kind: 'call' | 'follower' | 'order',
  id: string,
) {
  const phone = await findPhone(ctx.db, kind, id);
  if (phone === undefined) throw notFound({ zh: '号码', en: 'number' });
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'hotline.phone-revealed',
      entity: kind === 'call' ? 'hotline_call' : kind === 'follower' ? 'work_order_follower' : 'work_order',
      entityId: id,
    }),
  );
  return { phone };
}
