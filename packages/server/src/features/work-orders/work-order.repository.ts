import { sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '@yiwang/db';

export type WorkOrderRow = {
  caseId: string;
  orderNo: string;
  source: string;
  categoryCode: string;
  categoryName: string;
  categoryKind: string;
  limitValue: number;
  limitUnit: string;
  streetId: string | null;
  streetName: string | null;
  streetPath: string | null;
  committeeId: string | null;
  committeeName: string | null;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  responsibleUnitPath: string | null;
  description: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  reportedBy: string | null;
  outcome: string | null;
  satisfaction: number | null;
  escalationLevel: number;
  subjectCategoryCode: string | null;
  subjectCategoryName: string | null;
  duplicateOf: string | null;
  firstContactDue: Date | null;
  firstContactAt: Date | null;
  firstContactMissedAt: Date | null;
  escalatedAt: Date | null;
  escalationAcknowledgedAt: Date | null;
  remindersSent: number;
  createdAt: Date;
  state: string;
  version: number;
  slaDeadline: Date | null;
  slaUnknownYear: number | null;
};

export const orderQuery = (db: Database) =>
  db
    .selectFrom('work_order as w')
    .innerJoin('workflow_case as k', 'k.id', 'w.case_id')
    .innerJoin('cityops_category as c', 'c.code', 'w.category_code')
    .leftJoin('org_unit as s', 's.id', 'w.street_id')
    .leftJoin('org_unit as m', 'm.id', 'w.committee_id')
    .leftJoin('org_unit as r', 'r.id', 'w.responsible_unit_id')
    .leftJoin('cityops_category as sc', 'sc.code', 'w.subject_category_code')
    .select([
      'w.case_id as caseId',
      'w.order_no as orderNo',
      'w.source',
      'w.category_code as categoryCode',
      'c.name as categoryName',
      'c.kind as categoryKind',
      'c.limit_value as limitValue',
      'c.limit_unit as limitUnit',
      'w.street_id as streetId',
      's.name as streetName',
      's.path as streetPath',
      'w.committee_id as committeeId',
      'm.name as committeeName',
      'w.responsible_unit_id as responsibleUnitId',
      'r.name as responsibleUnitName',
      'r.path as responsibleUnitPath',
      'w.description',
      'w.address',
      'w.latitude',
      'w.longitude',
      'w.reporter_name as reporterName',
      'w.reporter_phone as reporterPhone',
      'w.reported_by as reportedBy',
      'w.outcome',
      'w.satisfaction',
      'w.escalation_level as escalationLevel',
      'w.subject_category_code as subjectCategoryCode',
      'sc.name as subjectCategoryName',
      'w.duplicate_of as duplicateOf',
      'w.first_contact_due as firstContactDue',
      'w.first_contact_at as firstContactAt',
      'w.first_contact_missed_at as firstContactMissedAt',
      'w.escalated_at as escalatedAt',
      'w.escalation_acknowledged_at as escalationAcknowledgedAt',
      'w.reminders_sent as remindersSent',
      'k.sla_overrides as slaOverrides',
      'w.created_at as createdAt',
      'k.state',
      'k.version',
      'k.sla_deadline as slaDeadline',
      'k.sla_unknown_year as slaUnknownYear',
    ]);

const LIMIT_UNITS = ['workingHours', 'workingDays', 'clockHours'];

/**
 * The limit an order runs on is the copy taken into its case when it was opened
 * (`sla_overrides {"handling@<unit>": n}`), not the category's current one: an edited limit
 * applies to new orders only, so the page, the stored deadline and the timers agree.
 */
export function caseLimit(
  overrides: unknown,
  fallback: { limitValue: number; limitUnit: string },
): { limitValue: number; limitUnit: string } {
  for (const [key, value] of Object.entries((overrides ?? {}) as Record<string, unknown>)) {
    const [group, unit] = key.split('@');
    if (group === 'handling' && unit && LIMIT_UNITS.includes(unit) && Number(value) > 0)
      return { limitValue: Number(value), limitUnit: unit };
  }
  return { limitValue: Number(fallback.limitValue), limitUnit: fallback.limitUnit };
}

const toRow = ({ slaOverrides, ...r }: Record<string, unknown>) =>
  ({
    ...r,
    ...caseLimit(slaOverrides, { limitValue: Number(r.limitValue), limitUnit: String(r.limitUnit) }),
  }) as WorkOrderRow;

/** When each case's 80% warning falls (its current `sla.warn` timer), for the desks' tag. */
export async function warningTimes(db: Database, caseIds: string[]): Promise<Map<string, Date>> {
  if (!caseIds.length) return new Map();
  const rows = await db
    .selectFrom('workflow_timer')
    .select(['case_id', 'due_at'])
    .where('case_id', 'in', caseIds)
    .where('kind', '=', 'sla.warn')
    .where('cancelled_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.case_id!, r.due_at]));
}

export async function findOrder(db: Database, caseId: string): Promise<WorkOrderRow | undefined> {
  const r = await orderQuery(db).where('w.case_id', '=', caseId).executeTakeFirst();
  return r && toRow(r);
}

export type Visibility = { all: true } | { all: false; path: string | null; accountId: string | null };

export async function listOrders(
  db: Database,
  vis: Visibility,
  options: {
    view: 'queue' | 'mine' | 'all';
    open: boolean;
    page: number;
    pageSize: number;
  },
): Promise<{ items: WorkOrderRow[]; total: number }> {
  let q = orderQuery(db);
  if (!vis.all) {
    const { path, accountId } = vis;
    q = q.where((eb) => {
      const ors: Expression<SqlBool>[] = [];
      if (path) {
        ors.push(eb('r.path', '=', path), eb('r.path', 'like', `${path}/%`));
        ors.push(eb('s.path', '=', path), eb('s.path', 'like', `${path}/%`));
      }
      if (accountId) ors.push(eb('w.reported_by', '=', accountId));
      return ors.length ? eb.or(ors) : sql<SqlBool>`false`;
    });
  }
  if (options.open || options.view !== 'all') q = q.where('k.state', 'not in', ['closed', 'evaluated']);
  if (options.view === 'mine' && !vis.all && vis.path) {
    const path = vis.path;
    q = q.where((eb) => eb.or([eb('r.path', '=', path), eb('r.path', 'like', `${path}/%`)]));
  }
  const total = Number(
    (
      await q
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (options.view === 'queue') {
    // unrouted first, then waiting for the dispatcher's approval, then by deadline
    q = q.orderBy(
      sql`case when k.state in ('reported', 'filed') then 0 when k.state in ('returnRequested', 'extensionRequested') then 1 else 2 end`,
    );
  }
  const rows = await q
    .orderBy(sql`k.sla_deadline asc nulls last`)
    .orderBy('w.created_at')
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize)
    .execute();
  return { items: rows.map(toRow), total };
}

/** Unrouted open orders by category × street: the holes in the routing table. */
export async function routingGaps(db: Database) {
  const rows = await db
    .selectFrom('work_order as w')
    .innerJoin('workflow_case as k', 'k.id', 'w.case_id')
    .innerJoin('cityops_category as c', 'c.code', 'w.category_code')
    .leftJoin('org_unit as s', 's.id', 'w.street_id')
    .leftJoin('org_unit as d', 'd.id', 'c.default_unit_id')
    .where('w.responsible_unit_id', 'is', null)
    .where('k.state', 'in', ['reported', 'filed'])
    .select((eb) => [
      'w.category_code as categoryCode',
      'c.name as categoryName',
      'w.street_id as streetId',
      's.name as streetName',
      'c.default_unit_id as suggestedUnitId',
      'd.name as suggestedUnitName',
      eb.fn.countAll<string>().as('orders'),
      eb.fn.min('w.created_at').as('oldest'),
    ])
    .groupBy(['w.category_code', 'c.name', 'w.street_id', 's.name', 'c.default_unit_id', 'd.name'])
    .orderBy('oldest')
    .execute();
  return rows.map((r) => ({ ...r, orders: Number(r.orders) }));
}

export async function nextOrderNo(db: Database): Promise<string> {
  const { n } = await sql<{ n: string }>`select nextval('work_order_no_seq') as n`
    .execute(db)
    .then((r) => r.rows[0]!);
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `GD${day}${String(n).padStart(6, '0')}`;
}

/** A numeric city-operations setting (`cityops_setting`), or the fallback when the row is missing. */
export async function cityopsSetting(db: Database, key: string, fallback: number): Promise<number> {
  const row = await db
    .selectFrom('cityops_setting')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Write a notification to the staff who act for an order: the responsible unit's handlers, or,
 * while it is not dispatched, the 城运中心's dispatchers. Returns how many were written.
 */
export async function notifyOrderStaff(
  db: Database,
  caseId: string,
  notice: { kind: string; zh: string; en: string },
): Promise<number> {
  const o = await db
    .selectFrom('work_order')
    .select(['responsible_unit_id'])
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!o) return 0;
  let q = db.selectFrom('account').select('id').where('kind', '=', 'staff').where('disabled', '=', false);
  q = o.responsible_unit_id
    ? q.where('unit_id', '=', o.responsible_unit_id).where(sql<SqlBool>`'handler' = any(roles)`)
    : q.where(sql<SqlBool>`'dispatcher' = any(roles)`);
  const to = await q.execute();
  if (!to.length) return 0;
  await db
    .insertInto('notification')
    .values(
      to.map((a) => ({
        account_id: a.id,
        work_order_id: caseId,
        kind: notice.kind,
        text_zh: notice.zh,
        text_en: notice.en,
      })),
    )
    .execute();
  return to.length;
}

/**
 * For each listed open order, how many other open, unmerged orders share its category (a 12345
 * order's 部件/事件 category counting as its own) and committee — the desks' "possible duplicates"
 * tag; the order page lists them with the distance check too.
 */
export async function sameCommitteeCounts(db: Database, caseIds: string[]): Promise<Map<string, number>> {
  if (!caseIds.length) return new Map();
  const rows = await sql<{ id: string; n: string }>`
    select w.case_id as id, count(o.case_id) as n
      from work_order w
      join work_order o
        on o.case_id <> w.case_id
       and o.committee_id = w.committee_id
       and coalesce(o.subject_category_code, o.category_code) = coalesce(w.subject_category_code, w.category_code)
       and o.duplicate_of is null
      join workflow_case k on k.id = o.case_id and k.state not in ('closed', 'evaluated')
     where w.case_id = any(${caseIds}::uuid[])
       and w.duplicate_of is null
     group by w.case_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, Number(r.n)]));
}

/** A staff member's work-order notifications (督办, reminders, missed first contacts), newest first. */
export const listOrderNotifications = (db: Database, accountId: string) =>
  db
    .selectFrom('notification as n')
    .innerJoin('work_order as w', 'w.case_id', 'n.work_order_id')
    .select([
      'n.id',
      'n.kind',
      'n.text_zh as zh',
      'n.text_en as en',
      'n.created_at as createdAt',
      'n.read_at as readAt',
      'n.work_order_id as workOrderId',
      'w.order_no as orderNo',
    ])
    .where('n.account_id', '=', accountId)
    .orderBy('n.created_at', 'desc')
    .limit(50)
    .execute();
