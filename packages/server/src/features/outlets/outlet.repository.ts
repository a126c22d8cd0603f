import { sql } from 'kysely';
import type { Database } from '@yiwang/db';

export type OutletRow = {
  id: string;
  licenseId: string;
  name: string;
  address: string;
  unitId: string | null;
  unitName: string | null;
  region: string | null;
  openedOn: string;
  status: 'active' | 'closed' | 'suspended';
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const base = (db: Database) =>
  db
    .selectFrom('outlet as o')
    .leftJoin('org_unit as u', 'u.id', 'o.unit_id')
    .select([
      'o.id',
      'o.license_id',
      'o.name',
      'o.address',
      'o.unit_id',
      'u.name as unit_name',
      'o.region',
      sql<string>`to_char(o.opened_on, 'YYYY-MM-DD')`.as('opened_on'),
      'o.status',
      'o.status_reason',
      'o.created_at',
      'o.updated_at',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
const toOutlet = (r: Row): OutletRow => ({
  id: r.id,
  licenseId: r.license_id,
  name: r.name,
  address: r.address,
  unitId: r.unit_id,
  unitName: r.unit_name,
  region: r.region,
  openedOn: r.opened_on,
  status: r.status as OutletRow['status'],
  statusReason: r.status_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findOutlet(db: Database, id: string): Promise<OutletRow | undefined> {
  const r = await base(db).where('o.id', '=', id).executeTakeFirst();
  return r && toOutlet(r);
}

export async function listOutletsOf(db: Database, licenseId: string): Promise<OutletRow[]> {
  return (await base(db).where('o.license_id', '=', licenseId).orderBy('o.created_at').execute()).map(
    toOutlet,
  );
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Outlets whose name or address contains the text (closed ones left out), with their licence. */
export async function searchOutlets(db: Database, q: string, limit = 20) {
  const like = `%${escapeLike(q)}%`;
  const rows = await base(db)
    .innerJoin('e_license as l', 'l.id', 'o.license_id')
    .innerJoin('license_type as t', 't.code', 'l.type_code')
    .select([
      'l.license_no',
      'l.holder_name',
      'l.type_code',
      't.name as type_name',
      't.name_en as type_name_en',
    ])
    .where((eb) => eb.or([eb('o.name', 'ilike', like), eb('o.address', 'ilike', like)]))
    .where('o.status', '<>', 'closed')
    .orderBy('o.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    outlet: toOutlet(r),
    licenseNo: r.license_no,
    holderName: r.holder_name,
    typeCode: r.type_code,
    typeName: { zh: r.type_name, en: r.type_name_en },
  }));
}
