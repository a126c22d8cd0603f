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
      'w.created_at as createdAt',
      'k.state',
      'k.version',
      'k.sla_deadline as slaDeadline',
      'k.sla_unknown_year as slaUnknownYear',
    ]);

const toRow = (r: Record<string, unknown>) => ({ ...r, limitValue: Number(r.limitValue) }) as WorkOrderRow;

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
