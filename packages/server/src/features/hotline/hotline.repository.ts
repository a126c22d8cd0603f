import { sql, type SqlBool } from 'kysely';
import type { Database } from '@yiwang/db';
import type { HotlineCallView } from '@yiwang/domain';
import { orderQuery } from '../work-orders/work-order.repository';

/** A call as the desk lists it (shared with the web: packages/domain cityops-views). */
export type CallRow = HotlineCallView<Date>;

export const callQuery = (db: Database) =>
  db
    .selectFrom('hotline_call as h')
    .innerJoin('cityops_category as kc', 'kc.code', 'h.kind_code')
    .leftJoin('cityops_category as sc', 'sc.code', 'h.subject_category_code')
    .leftJoin('org_unit as s', 's.id', 'h.street_id')
    .leftJoin('org_unit as m', 'm.id', 'h.committee_id')
    .leftJoin('work_order as w', 'w.case_id', 'h.work_order_id')
    .leftJoin('workflow_case as k', 'k.id', 'h.work_order_id')
    .leftJoin('account as a', 'a.id', 'h.recorded_by')
    .select([
      'h.id',
      'h.call_no as callNo',
      'h.caller_name as callerName',
      'h.caller_phone as callerPhone',
      'h.kind_code as kindCode',
      'kc.name as kindName',
      'h.subject_category_code as subjectCategoryCode',
      'sc.name as subjectCategoryName',
      's.name as streetName',
      'm.name as committeeName',
      'h.address',
      'h.description',
      'h.disposition',
      'h.answer',
      'h.work_order_id as workOrderId',
      'w.order_no as orderNo',
      'k.state as orderState',
      'a.display_name as recordedByName',
      'h.created_at as createdAt',
    ]);

export async function findCall(db: Database, id: string): Promise<CallRow | undefined> {
  return (await callQuery(db).where('h.id', '=', id).executeTakeFirst()) as CallRow | undefined;
}

/** Calls recorded in [from, to), newest first. */
export async function listCalls(db: Database, from: Date, to: Date, limit: number): Promise<CallRow[]> {
  return (await callQuery(db)
    .where('h.created_at', '>=', from)
    .where('h.created_at', '<', to)
    .orderBy('h.created_at', 'desc')
    .limit(limit)
    .execute()) as CallRow[];
}

export async function nextCallNo(db: Database): Promise<string> {
  const { n } = await sql<{ n: string }>`select nextval('hotline_call_no_seq') as n`
    .execute(db)
    .then((r) => r.rows[0]!);
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `RX${day}${String(n).padStart(6, '0')}`;
}

/** A 12345 order or one a call was linked to: the hotline calls it back. */
const hotlineOrder = sql<SqlBool>`(w.source = 'hotline' or exists (select 1 from hotline_call hc where hc.work_order_id = w.case_id) or exists (select 1 from work_order_follower f where f.order_id = w.case_id))`;

/** Closed hotline orders waiting for their 回访, oldest closing first. */
export async function listAwaitingCallback(db: Database, limit: number) {
  return orderQuery(db)
    .select(['k.updated_at as closedAt'])
    .where('k.state', '=', 'closed')
    .where('w.duplicate_of', 'is', null)
    .where(hotlineOrder)
    .orderBy('k.updated_at')
    .limit(limit)
    .execute();
}

/** Open orders whose 12345 first contact is still to be made, the most urgent first. */
export async function listAwaitingFirstContact(db: Database, limit: number) {
  return orderQuery(db)
    .where('w.first_contact_due', 'is not', null)
    .where('w.first_contact_at', 'is', null)
    .where('k.state', 'not in', ['closed', 'evaluated'])
    .orderBy('w.first_contact_due')
    .limit(limit)
    .execute();
}

/** The people to call back about orders: followers by order. */
export async function followersOf(db: Database, orderIds: string[]) {
  if (!orderIds.length) return [];
  return db
    .selectFrom('work_order_follower')
    .select(['id', 'order_id as orderId', 'name', 'phone', 'via'])
    .where('order_id', 'in', orderIds)
    .orderBy('created_at')
    .execute();
}

/** The stored number behind a masked one: a call's, a follower's or an order's reporter. */
export async function findPhone(
  db: Database,
  kind: 'call' | 'follower' | 'order',
  id: string,
): Promise<string | null | undefined> {
  switch (kind) {
    case 'call':
      return (
        await db
          .selectFrom('hotline_call')
          .select('caller_phone as p')
          .where('id', '=', id)
          .executeTakeFirst()
      )?.p;
    case 'follower':
      return (
        await db
          .selectFrom('work_order_follower')
          .select('phone as p')
          .where('id', '=', id)
          .executeTakeFirst()
      )?.p;
    case 'order':
      return (
        await db
          .selectFrom('work_order')
          .select('reporter_phone as p')
          .where('case_id', '=', id)
          .executeTakeFirst()
      )?.p;
  }
}
