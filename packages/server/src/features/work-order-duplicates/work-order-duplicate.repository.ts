import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { fieldProblem } from '../../core/problem';
import { orderQuery, type WorkOrderRow } from '../work-orders/work-order.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DONE = ['closed', 'evaluated'] as const;

/** Where a new problem is, to look for open orders about the same one. */
export type DuplicateProbe = {
  /** The problem's category: a 12345 order's 部件/事件 category when it has one, else its own. */
  categoryCode: string;
  streetId: string | null;
  committeeId: string | null;
  latitude?: number | undefined;
  longitude?: number | undefined;
  excludeId?: string | undefined;
  radiusMetres: number;
  windowDays: number;
};

export type DuplicateCandidate = {
  caseId: string;
  orderNo: string;
  categoryCode: string;
  categoryName: string;
  state: string;
  streetName: string | null;
  committeeName: string | null;
  address: string | null;
  description: string;
  createdAt: Date;
  responsibleUnitName: string | null;
  distanceMetres: number | null;
  /** Why it is offered: the same committee (or street, for a street-level report), or nearby. */
  reason: 'committee' | 'street' | 'distance';
  followers: number;
  /** What decides who may see it (the caller filters by the actor's visibility). */
  scope: Pick<WorkOrderRow, 'reportedBy' | 'responsibleUnitPath' | 'streetPath'>;
};

/**
 * Open orders about the same problem: the same category (a 12345 order's 部件/事件 category
 * counts as its category), not merged themselves, and at the same committee — or, for a report
 * at street level, the same street without a committee — or within `radiusMetres` of the
 * coordinates and reported within `windowDays`. Nearest first, then newest.
 *
 * @example
 * await duplicateCandidates(db, { categoryCode: 'E-0102', streetId, committeeId, radiusMetres: 200, windowDays: 7 });
 */
export async function duplicateCandidates(db: Database, p: DuplicateProbe): Promise<DuplicateCandidate[]> {
  const located = p.latitude !== undefined && p.longitude !== undefined;
  const distance = located
    ? sql<number>`6371000 * 2 * asin(sqrt(power(sin(radians(w.latitude - ${p.latitude}) / 2), 2) + cos(radians(${p.latitude}::float8)) * cos(radians(w.latitude)) * power(sin(radians(w.longitude - ${p.longitude}) / 2), 2)))`
    : sql<number | null>`null::float8`;
  const since = new Date(Date.now() - p.windowDays * 86_400_000);
  let q = orderQuery(db)
    .select([
      distance.as('distanceMetres'),
      (eb) =>
        eb
          .selectFrom('work_order_follower as f')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('f.order_id', '=', 'w.case_id')
          .as('followers'),
    ])
    .where('k.state', 'not in', [...DONE])
    .where('w.duplicate_of', 'is', null)
    .where(sql<string>`coalesce(w.subject_category_code, w.category_code)`, '=', p.categoryCode)
    .where((eb) => {
      const ors: Expression<SqlBool>[] = [];
      if (p.committeeId) ors.push(eb('w.committee_id', '=', p.committeeId));
      else if (p.streetId)
        ors.push(eb.and([eb('w.street_id', '=', p.streetId), eb('w.committee_id', 'is', null)]));
      if (located)
        ors.push(
          eb.and([
            eb('w.latitude', 'is not', null),
            eb('w.longitude', 'is not', null),
            eb('w.created_at', '>=', since),
            eb(distance, '<=', p.radiusMetres),
          ]),
        );
      return ors.length ? eb.or(ors) : sql<SqlBool>`false`;
    });
  if (p.excludeId) q = q.where('w.case_id', '<>', p.excludeId);
  const rows = await q
    .orderBy(sql`${distance} asc nulls last`)
    .orderBy('w.created_at', 'desc')
    .limit(10)
    .execute();
  return rows.map((r) => {
    const d = r.distanceMetres === null ? null : Math.round(Number(r.distanceMetres));
    const sameCommittee = !!p.committeeId && r.committeeId === p.committeeId;
    return {
      caseId: r.caseId,
      orderNo: r.orderNo,
      categoryCode: r.categoryCode,
      categoryName: r.subjectCategoryName ?? r.categoryName,
      state: r.state,
      streetName: r.streetName,
      committeeName: r.committeeName,
      address: r.address,
      description: r.description,
      createdAt: r.createdAt,
      responsibleUnitName: r.responsibleUnitName,
      distanceMetres: d,
      reason: sameCommittee
        ? 'committee'
        : !p.committeeId && !r.committeeId && r.streetId === p.streetId
          ? 'street'
          : 'distance',
      followers: Number(r.followers ?? 0),
      scope: {
        reportedBy: r.reportedBy,
        responsibleUnitPath: r.responsibleUnitPath,
        streetPath: r.streetPath,
      },
    };
  });
}

/**
 * The order a duplicate is merged into must be another open order that is not itself merged
 * (no chains); answers 400 naming `data.intoId` or 409.
 */
export async function checkMergeTarget(
  db: Database,
  o: Pick<WorkOrderRow, 'caseId'>,
  intoId: unknown,
): Promise<{ orderNo: string }> {
  const target =
    typeof intoId === 'string' && UUID.test(intoId)
      ? await db
          .selectFrom('work_order as w')
          .innerJoin('workflow_case as k', 'k.id', 'w.case_id')
          .select(['w.case_id', 'w.order_no', 'w.duplicate_of', 'k.state'])
          .where('w.case_id', '=', intoId)
          .executeTakeFirst()
      : undefined;
  if (!target)
    throw fieldProblem('validation', 'data.intoId', {
      zh: '请选择保留的工单',
      en: 'choose the order to keep',
    });
  if (target.case_id === o.caseId)
    throw fieldProblem('validation', 'data.intoId', {
      zh: '不能合并到工单自身',
      en: 'an order cannot be merged into itself',
    });
  if (target.duplicate_of || (DONE as readonly string[]).includes(target.state))
    throw fieldProblem('conflict', 'data.intoId', {
      zh: '保留的工单须为未结案且未被合并的工单',
      en: 'the order kept must be open and not merged itself',
    });
  return { orderNo: target.order_no };
}

/**
 * Inside the merge action's transaction: the duplicate points at the order kept (outcome
 * 'duplicate'), its reporter and followers become followers of the kept one, and orders
 * merged into it earlier now point at the kept one too.
 */
export async function mergeInto(trx: Transaction<DB>, actor: Actor, id: string, intoId: string) {
  const dup = await trx
    .updateTable('work_order')
    .set({ duplicate_of: intoId, outcome: 'duplicate' })
    .where('case_id', '=', id)
    .returning(['reporter_name', 'reporter_phone', 'reported_by'])
    .executeTakeFirstOrThrow();
  if (dup.reporter_name || dup.reporter_phone || dup.reported_by)
    await trx
      .insertInto('work_order_follower')
      .values({
        order_id: intoId,
        name: dup.reporter_name,
        phone: dup.reporter_phone,
        account_id: dup.reported_by,
        via: 'merge',
        merged_from: id,
        created_by: actor.id,
      })
      .execute();
  await trx
    .updateTable('work_order_follower')
    .set({ order_id: intoId, merged_from: sql`coalesce(merged_from, ${id}::uuid)` })
    .where('order_id', '=', id)
    .execute();
  await trx.updateTable('work_order').set({ duplicate_of: intoId }).where('duplicate_of', '=', id).execute();
  await recordAudit(trx, actor, {
    action: 'work-order.merge',
    entity: 'work_order',
    entityId: id,
    summary: { into: intoId },
  });
}

export type Follower = {
  id: string;
  name: string | null;
  phone: string | null;
  via: string;
  callNo: string | null;
  mergedFrom: string | null;
  mergedFromNo: string | null;
  createdAt: Date;
};

/** The further reporters of an order, oldest first. */
export async function listFollowers(db: Database, orderId: string): Promise<Follower[]> {
  return db
    .selectFrom('work_order_follower as f')
    .leftJoin('hotline_call as c', 'c.id', 'f.call_id')
    .leftJoin('work_order as m', 'm.case_id', 'f.merged_from')
    .select([
      'f.id',
      'f.name',
      'f.phone',
      'f.via',
      'c.call_no as callNo',
      'f.merged_from as mergedFrom',
      'm.order_no as mergedFromNo',
      'f.created_at as createdAt',
    ])
    .where('f.order_id', '=', orderId)
    .orderBy('f.created_at')
    .execute();
}

/** Orders merged into this one, and the one this was merged into. */
export async function mergeLinks(db: Database, id: string) {
  const merged = await db
    .selectFrom('work_order')
    .select(['case_id as caseId', 'order_no as orderNo', 'created_at as createdAt'])
    .where('duplicate_of', '=', id)
    .orderBy('created_at')
    .execute();
  const self = await db
    .selectFrom('work_order as w')
    .leftJoin('work_order as d', 'd.case_id', 'w.duplicate_of')
    .select(['d.case_id as caseId', 'd.order_no as orderNo'])
    .where('w.case_id', '=', id)
    .executeTakeFirst();
  return { duplicateOf: self?.caseId ? { caseId: self.caseId, orderNo: self.orderNo! } : null, merged };
}

/** Add a further reporter to an open order (a linked call, or by staff). */
export async function insertFollower(
  db: Database,
  f: {
    orderId: string;
    name: string | null;
    phone: string | null;
    via: 'call' | 'staff';
    callId?: string | null;
    createdBy: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('work_order_follower')
    .values({
      order_id: f.orderId,
      name: f.name,
      phone: f.phone,
      via: f.via,
      call_id: f.callId ?? null,
      created_by: f.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The city-operations settings (duplicate radius and window, reminder interval). */
export const listSettings = (db: Database) =>
  db
    .selectFrom('cityops_setting')
    .select(['key', 'value', 'description', 'updated_at as updatedAt'])
    .orderBy('key')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, value: Number(r.value) })));

/** Change a setting; returns it with the value it had before, or undefined for an unknown key. */
export const updateSetting = (db: Database, key: string, value: number) =>
  db
    .updateTable('cityops_setting as s')
    .set({ value, updated_at: new Date() })
    .from((eb) =>
      eb
        .selectFrom('cityops_setting')
        .select(['key', 'value as before'])
        .where('key', '=', key)
        .forUpdate()
        .as('old'),
    )
    .whereRef('s.key', '=', 'old.key')
    .returning(['s.key', 's.value', 'old.before'])
    .executeTakeFirst();
