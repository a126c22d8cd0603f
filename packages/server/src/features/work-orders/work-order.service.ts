import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import {
  WORK_ORDER_OUTCOMES,
  WORK_ORDER_SOURCES,
  WORK_ORDER_WORKFLOW,
  UNSATISFIED_AT_MOST,
  availableActions,
  maskPhone,
  type WorkOrderSource,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { publishLive } from '../../core/live';
import { fieldProblem, notFound } from '../../core/problem';
import { Uuid } from '../../core/schemas';
import { computeSla } from '../../core/workflow/sla';
import { listActions } from '../../core/workflow/workflow.repository';
import { actAsSystem, actOnCase, openCaseIn, type AfterAction } from '../../core/workflow/workflow.service';
import { findCategory, resolveRoute } from '../cityops-categories/cityops-category.repository';
import { checkMergeTarget, mergeInto } from '../work-order-duplicates/work-order-duplicate.repository';
import {
  findOrder,
  listOrders,
  nextOrderNo,
  routingGaps,
  sameCommitteeCounts,
  warningTimes,
  type Visibility,
  type WorkOrderRow,
} from './work-order.repository';
import { orderPhotos } from '../work-order-photos/order-photos';
import {
  MAX_PHOTOS,
  attachPhotos,
  photoStageOf,
  photosToAttach,
} from '../work-order-photos/photos-for-action';
import { onEscalated, scheduleFirstContact } from './work-order.timers';

const ORDER = { zh: '工单', en: 'work order' };
const CITY_OPS_CENTRE = 'D-CYZX';

export const CreateWorkOrder = z.object({
  categoryCode: z.string().min(1).max(60),
  /** For a 12345 order (category = its kind): the 部件/事件 category of the problem, for routing and duplicates. */
  subjectCategoryCode: z.string().min(1).max(60).optional(),
  source: z.enum(WORK_ORDER_SOURCES).optional(),
  /** The street or residents' committee where the problem is. */
  placeUnitId: Uuid,
  description: z.string().trim().min(1).max(4000),
  address: z.string().trim().max(300).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  reporterName: z.string().trim().max(60).optional(),
  reporterPhone: z
    .string()
    .regex(/^[0-9+-]{5,20}$/)
    .optional(),
  /** Photos uploaded ahead (POST /api/work-order-photos), given to the report. */
  photoIds: z.array(Uuid).max(MAX_PHOTOS).optional(),
});
export type CreateWorkOrder = z.infer<typeof CreateWorkOrder>;

export const ActBody = z.object({
  action: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(0),
  comment: z.string().max(2000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type ActBody = z.infer<typeof ActBody>;

/** Dispatchers and hotline operators (城运中心) and district-wide readers see every order. */
function visibility(actor: Actor): Visibility {
  const scope = scopeOf(actor);
  if (scope.kind === 'all' || hasRole(actor, 'dispatcher', 'operator')) return { all: true };
  return {
    all: false,
    path: scope.kind === 'subtree' ? scope.path : null,
    accountId: actor.kind === 'staff' || actor.kind === 'citizen' ? actor.id : null,
  };
}

export function canSee(actor: Actor, o: WorkOrderRow): boolean {
  const vis = visibility(actor);
  if (vis.all) return true;
  if (vis.accountId && o.reportedBy === vis.accountId) return true;
  const scope = scopeOf(actor);
  return (
    (!!o.responsibleUnitPath && scopeCoversUnit(scope, o.responsibleUnitPath)) ||
    (!!o.streetPath && scopeCoversUnit(scope, o.streetPath))
  );
}

const DONE = ['closed', 'evaluated'];

/**
 * What an order looks like to an actor: the caller's phone masked to everyone but the caller
 * (dispatchers and operators reveal it one order at a time, audited: GET /api/hotline/phones/order/:id);
 * `urgency` is the desks' tag — overdue, or past the 80% warning (`warnAt`, its sla.warn timer).
 */
function present(actor: Actor, o: WorkOrderRow, warnAt?: Date) {
  // a citizen or enterprise who reported it sees their own number (staff who recorded a call do not)
  const seesPhone = (actor.kind === 'citizen' || actor.kind === 'enterprise') && actor.id === o.reportedBy;
  const now = Date.now();
  const open = !DONE.includes(o.state);
  const overdue = open && !!o.slaDeadline && o.slaDeadline.getTime() < now;
  return {
    ...o,
    reporterPhone: o.reporterPhone && !seesPhone ? maskPhone(o.reporterPhone) : o.reporterPhone,
    stateName: WORK_ORDER_WORKFLOW.states[o.state]?.name ?? null,
    overdue,
    urgency:
      !open || !o.slaDeadline
        ? 'none'
        : overdue
          ? 'overdue'
          : warnAt && warnAt.getTime() <= now
            ? 'warning'
            : 'normal',
    /** 12345 first contact: due and not made (flagged once its timer fired). */
    firstContactPending: open && !!o.firstContactDue && !o.firstContactAt,
    /** 督办 not yet acknowledged by the unit (reminders repeat until it is). */
    escalationUnacknowledged: open && o.escalationLevel > 0 && !!o.escalatedAt && !o.escalationAcknowledgedAt,
  };
}

async function setResponsible(trx: Transaction<DB>, caseId: string, unitId: string | null) {
  await trx
    .updateTable('work_order')
    .set({ responsible_unit_id: unitId })
    .where('case_id', '=', caseId)
    .execute();
  await trx.updateTable('workflow_case').set({ intake_unit_id: unitId }).where('id', '=', caseId).execute();
}

const defaultSource = (actor: Actor): WorkOrderSource =>
  actor.kind === 'citizen'
    ? 'citizen'
    : hasRole(actor, 'operator')
      ? 'hotline'
      : hasRole(actor, 'inspector')
        ? 'inspector'
        : 'api';

/**
 * Report a problem: the order is opened (信息采集), filed at once when it comes from staff or a
 * system (a citizen's report waits for the dispatcher to 立案), and dispatched at once when the
 * routing table has a rule for its category and place; otherwise it waits in the dispatcher's
 * queue and shows up in the routing gaps. One transaction.
 */
export async function createWorkOrder(
  ctx: AppContext,
  actor: Actor,
  input: CreateWorkOrder,
  options: {
    /** More to write in the order's transaction (the hotline desk's call record). */
    afterCreate?: (trx: Transaction<DB>, caseId: string) => Promise<void>;
  } = {},
) {
  const source = actor.kind === 'citizen' ? 'citizen' : (input.source ?? defaultSource(actor));
  if (actor.kind !== 'citizen' && source === 'citizen')
    throw fieldProblem('validation', 'source', {
      zh: '市民自报请使用市民入口',
      en: 'citizens report through their own route',
    });
  const category = await findCategory(ctx.db, input.categoryCode);
  if (!category || !category.active)
    throw fieldProblem('validation', 'categoryCode', {
      zh: '类别不存在或已停用',
      en: 'no such active category',
    });
  const subject = input.subjectCategoryCode
    ? await findCategory(ctx.db, input.subjectCategoryCode)
    : undefined;
  if (input.subjectCategoryCode && (!subject || !subject.active || subject.kind === 'hotline'))
    throw fieldProblem('validation', 'subjectCategoryCode', {
      zh: '城市管理类别不存在或已停用',
      en: 'no such active component or event category',
    });
  const place = await ctx.db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'name', 'parent_id'])
    .where('id', '=', input.placeUnitId)
    .executeTakeFirst();
  if (!place || (place.kind !== 'street' && place.kind !== 'committee'))
    throw fieldProblem('validation', 'placeUnitId', {
      zh: '地点须为街道或居委会',
      en: 'the place must be a street or a residents’ committee',
    });
  const streetId = place.kind === 'street' ? place.id : place.parent_id;
  const committeeId = place.kind === 'committee' ? place.id : null;
  const centre = await ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('code', '=', CITY_OPS_CENTRE)
    .executeTakeFirstOrThrow();
  const route =
    (subject && (await resolveRoute(ctx.db, subject.code, streetId, committeeId))) ||
    (await resolveRoute(ctx.db, category.code, streetId, committeeId));
  const calendar = await ctx.calendar.get();
  const orderNo = await nextOrderNo(ctx.db);
  const reporterAccount = actor.kind === 'staff' || actor.kind === 'citizen' ? actor.id : null;
  const photoIds = await photosToAttach(ctx, actor, input.photoIds, null, 'photoIds');
  const caseId = await ctx.db.transaction().execute(async (trx) => {
    const id = await openCaseIn(trx, ctx, actor, {
      workflow: WORK_ORDER_WORKFLOW.key,
      title: `${category.name} · ${place.name}`,
      unitId: centre.id,
      ownerAccountId: reporterAccount,
      slaOverrides: { [`handling@${category.limitUnit}`]: category.limitValue },
    });
    await trx
      .insertInto('work_order')
      .values({
        case_id: id,
        order_no: orderNo,
        source,
        category_code: category.code,
        street_id: streetId,
        committee_id: committeeId,
        description: input.description,
        address: input.address ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        reporter_name: input.reporterName ?? null,
        reporter_phone: input.reporterPhone ?? null,
        reported_by: reporterAccount,
        subject_category_code: subject?.code ?? null,
      })
      .execute();
    await attachPhotos(trx, photoIds, id, 'report', null);
    if (category.firstContactDays) {
      const due = calendar.addWorkingDays(new Date(), category.firstContactDays);
      const at = due.ok ? due.deadline : new Date(Date.now() + category.firstContactDays * 86_400_000);
      await trx.updateTable('work_order').set({ first_contact_due: at }).where('case_id', '=', id).execute();
      await scheduleFirstContact(trx, id, at);
    }
    if (source !== 'citizen') {
      await actAsSystem(trx, ctx, id, 'file', '来源可信，自动立案 · filed automatically (trusted source)');
      if (route) {
        const unit = await trx
          .selectFrom('org_unit')
          .select('name')
          .where('id', '=', route.unitId)
          .executeTakeFirstOrThrow();
        await actAsSystem(
          trx,
          ctx,
          id,
          'dispatch',
          `按派遣规则自动派遣至${unit.name} · dispatched by routing rule`,
        );
        await setResponsible(trx, id, route.unitId);
      }
    }
    const state = await trx
      .selectFrom('workflow_case')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await publishLive(trx, {
      kind: 'work-order',
      event: 'created',
      id,
      orderNo,
      state: state.state,
      categoryCode: category.code,
      source,
      streetId,
      committeeId,
      at: new Date().toISOString(),
    });
    await options.afterCreate?.(trx, id);
    return id;
  });
  return getWorkOrder(ctx, actor, caseId);
}

/** An order with its log (the timeline), its deadline and what the actor may do next. */
export async function getWorkOrder(ctx: AppContext, actor: Actor, id: string) {
  const o = await findOrder(ctx.db, id);
  if (!o || !canSee(actor, o)) throw notFound(ORDER);
  const actions = await listActions(ctx.db, id);
  const ids = [...new Set(actions.map((a) => a.actorId).filter((a) => a !== 'system'))];
  const names = new Map(
    ids.length
      ? (
          await ctx.db.selectFrom('account').select(['id', 'display_name']).where('id', 'in', ids).execute()
        ).map((a) => [a.id, a.display_name])
      : [],
  );
  const sla = computeSla(await ctx.calendar.get(), WORK_ORDER_WORKFLOW, actions, o.createdAt, {
    [`handling@${o.limitUnit}`]: o.limitValue,
  });
  return {
    order: present(actor, o, sla.kind === 'running' ? sla.warnAt : undefined),
    sla,
    available: availableActions(WORK_ORDER_WORKFLOW, o.state, actor.roles),
    photos: await orderPhotos(ctx.db, id),
    actions: actions.map((a) => ({
      ...a,
      actionName: WORK_ORDER_WORKFLOW.actions[a.action]?.name ?? null,
      actorName: a.actorId === 'system' ? null : (names.get(a.actorId) ?? null),
    })),
  };
}

export async function listWorkOrders(
  ctx: AppContext,
  actor: Actor,
  query: { view: 'queue' | 'mine' | 'all'; open: boolean; page: number; pageSize: number },
) {
  const { items, total } = await listOrders(ctx.db, visibility(actor), query);
  const ids = items.map((o) => o.caseId);
  const warnAt = await warningTimes(ctx.db, ids);
  const open = items.filter((o) => !DONE.includes(o.state)).map((o) => o.caseId);
  const duplicates = await sameCommitteeCounts(ctx.db, open);
  return {
    items: items.map((o) => ({
      ...present(actor, o, warnAt.get(o.caseId)),
      possibleDuplicates: duplicates.get(o.caseId) ?? 0,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export const listRoutingGaps = (ctx: AppContext) => routingGaps(ctx.db).then((items) => ({ items }));

const need = (field: string, zh: string, en: string) =>
  fieldProblem('validation', `data.${field}`, { zh, en });

/**
 * Act on an order (expectedVersion: 409 when someone acted first). Each action's data is
 * checked here and its projection written in the engine's transaction: dispatch names the
 * unit, close the outcome, callback the satisfaction (≤ 2 reopens the order: 重办).
 */
export async function actOnWorkOrder(ctx: AppContext, actor: Actor, id: string, body: ActBody) {
  const o = await findOrder(ctx.db, id);
  if (!o || !canSee(actor, o)) throw notFound(ORDER);
  const data: Record<string, unknown> = { ...body.data };
  const photoIds = await photosToAttach(ctx, actor, data.photoIds, id, 'data.photoIds');
  if (photoIds.length) data.photoIds = photoIds;
  else delete data.photoIds;
  switch (body.action) {
    case 'dispatch': {
      const unitId = z.string().uuid().safeParse(data.unitId);
      const unit = unitId.success
        ? await ctx.db.selectFrom('org_unit').select('name').where('id', '=', unitId.data).executeTakeFirst()
        : undefined;
      if (!unit) throw need('unitId', '请选择责任单位', 'choose the responsible unit');
      data.unitName = unit.name;
      break;
    }
    case 'requestExtension':
    case 'approveExtension': {
      let extendBy = Number(data.extendBy);
      if (body.action === 'approveExtension' && !data.extendBy) {
        const asked = (await listActions(ctx.db, id)).findLast((a) => a.action === 'requestExtension');
        extendBy = Number(asked?.data?.extendBy);
      }
      if (!(extendBy > 0 && extendBy <= 1000))
        throw need(
          'extendBy',
          '请填写延期时长（按类别时限单位）',
          'give the extension in the category’s unit',
        );
      data.extendBy = extendBy;
      data.unit = o.limitUnit;
      break;
    }
    case 'close':
      if (!WORK_ORDER_OUTCOMES.includes(data.outcome as never))
        throw need('outcome', '请选择结案结果', `the outcome is one of ${WORK_ORDER_OUTCOMES.join(', ')}`);
      break;
    case 'merge':
      data.intoOrderNo = (await checkMergeTarget(ctx.db, o, data.intoId)).orderNo;
      break;
    case 'acknowledge':
      if (!(o.escalationLevel > 0 && o.escalatedAt && !o.escalationAcknowledgedAt))
        throw fieldProblem('conflict', 'action', {
          zh: '该工单没有待签收的督办',
          en: 'this order has no escalation waiting to be acknowledged',
        });
      break;
    case 'callback': {
      const s = Number(data.satisfaction);
      if (!Number.isInteger(s) || s < 1 || s > 5)
        throw need('satisfaction', '满意度为 1–5', 'satisfaction is 1–5');
      data.satisfaction = s;
      break;
    }
  }
  const after: AfterAction = async (trx, outcome) => {
    await attachPhotos(trx, photoIds, id, photoStageOf(outcome.action), outcome.actions.at(-1)?.seq ?? null);
    await publishLive(trx, {
      kind: 'work-order',
      event: 'action',
      id,
      orderNo: o.orderNo,
      action: outcome.action,
      state: outcome.toState,
      categoryCode: o.categoryCode,
      source: o.source,
      streetId: o.streetId,
      committeeId: o.committeeId,
      at: new Date().toISOString(),
    });
    switch (outcome.action) {
      case 'dispatch':
        await setResponsible(trx, id, String(data.unitId));
        break;
      case 'approveReturn':
        await setResponsible(trx, id, null);
        break;
      case 'close':
        await trx
          .updateTable('work_order')
          .set({ outcome: String(data.outcome) })
          .where('case_id', '=', id)
          .execute();
        break;
      case 'reopen':
        await trx
          .updateTable('work_order')
          .set({ outcome: null, escalation_level: 0, escalated_at: null, escalation_acknowledged_at: null })
          .where('case_id', '=', id)
          .execute();
        break;
      case 'escalate':
        await trx
          .updateTable('work_order')
          .set((eb) => ({ escalation_level: eb('escalation_level', '+', 1) }))
          .where('case_id', '=', id)
          .execute();
        await onEscalated(trx, ctx, id, outcome.actions.at(-1)!.seq);
        break;
      case 'acknowledge':
        await trx
          .updateTable('work_order')
          .set({ escalation_acknowledged_at: new Date() })
          .where('case_id', '=', id)
          .execute();
        break;
      case 'contact':
        await trx
          .updateTable('work_order')
          .set((eb) => ({ first_contact_at: eb.fn.coalesce('first_contact_at', eb.val(new Date())) }))
          .where('case_id', '=', id)
          .execute();
        break;
      case 'merge':
        await mergeInto(trx, actor, id, String(data.intoId));
        break;
      case 'callback': {
        const satisfaction = Number(data.satisfaction);
        await trx.updateTable('work_order').set({ satisfaction }).where('case_id', '=', id).execute();
        if (satisfaction <= UNSATISFIED_AT_MOST) {
          await actAsSystem(
            trx,
            ctx,
            id,
            'reopen',
            `回访不满意（${satisfaction} 分），重办 · unsatisfied callback: reopened`,
          );
          await trx
            .updateTable('work_order')
            .set({ outcome: null, escalation_level: 0, escalated_at: null, escalation_acknowledged_at: null })
            .where('case_id', '=', id)
            .execute();
        }
        break;
      }
    }
  };
  await actOnCase(
    ctx,
    actor,
    id,
    { action: body.action, expectedVersion: body.expectedVersion, comment: body.comment, data },
    after,
  );
  return getWorkOrder(ctx, actor, id);
}
