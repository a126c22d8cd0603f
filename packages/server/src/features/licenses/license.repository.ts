import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import type { LicenseHolderKind, LicensePayload } from '@yiwang/domain';

/** An e-licence as stored, with its type's names and its issuing unit's path. */
export type LicenseRecord = {
  id: string;
  licenseNo: string;
  typeCode: string;
  typeName: { zh: string; en: string };
  holderKind: LicenseHolderKind;
  holderAccountId: string | null;
  holderId: string;
  holderName: string;
  title: string;
  data: Record<string, unknown>;
  issuerUnitId: string | null;
  issuerUnitPath: string | null;
  issuerName: string;
  issuerRegion: string | null;
  issuedAt: Date;
  validUntil: string | null;
  keyId: string;
  signature: string;
  sourceApplicationId: string | null;
  revokedAt: Date | null;
  revokedReason: string | null;
};

export type LicenseTypeRecord = {
  code: string;
  name: string;
  nameEn: string;
  numberPrefix: string;
  holderKind: LicenseHolderKind;
  issuingUnitCode: string | null;
  issuerName: string;
  validYears: number | null;
};

const base = (db: Database) =>
  db
    .selectFrom('e_license as l')
    .innerJoin('license_type as t', 't.code', 'l.type_code')
    .leftJoin('org_unit as u', 'u.id', 'l.issuer_unit_id')
    .selectAll('l')
    .select(['t.name as type_name', 't.name_en as type_name_en', 'u.path as issuer_unit_path']);

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const toRecord = (r: Row): LicenseRecord => ({
  id: r.id,
  licenseNo: r.license_no,
  typeCode: r.type_code,
  typeName: { zh: r.type_name, en: r.type_name_en },
  holderKind: r.holder_kind as LicenseHolderKind,
  holderAccountId: r.holder_account_id,
  holderId: r.holder_id,
  holderName: r.holder_name,
  title: r.title,
  data: (r.data ?? {}) as Record<string, unknown>,
  issuerUnitId: r.issuer_unit_id,
  issuerUnitPath: r.issuer_unit_path,
  issuerName: r.issuer_name,
  issuerRegion: r.issuer_region,
  issuedAt: r.issued_at,
  validUntil: r.valid_until,
  keyId: r.key_id,
  signature: r.signature,
  sourceApplicationId: r.source_application_id,
  revokedAt: r.revoked_at,
  revokedReason: r.revoked_reason,
});

/** The fields the signature covers, as they are stored now. */
export const payloadOf = (l: LicenseRecord): LicensePayload => ({
  licenseNo: l.licenseNo,
  type: l.typeCode,
  holderId: l.holderId,
  holderName: l.holderName,
  title: l.title,
  data: l.data,
  issuedAt: l.issuedAt.toISOString(),
  validUntil: l.validUntil,
  issuer: l.issuerName,
});

export async function findLicenseRecord(db: Database, id: string): Promise<LicenseRecord | undefined> {
  const row = await base(db).where('l.id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

/** Licences held under any of these numbers (身份证号 / 统一社会信用代码), newest first. */
export async function listLicenseRecords(
  db: Database,
  filter: { holderIds?: string[]; typeCode?: string; limit?: number; offset?: number },
): Promise<LicenseRecord[]> {
  let q = base(db);
  if (filter.holderIds) {
    if (!filter.holderIds.length) return [];
    q = q.where('l.holder_id', 'in', filter.holderIds);
  }
  if (filter.typeCode) q = q.where('l.type_code', '=', filter.typeCode);
  const rows = await q
    .orderBy('l.issued_at', 'desc')
    .orderBy('l.license_no', 'desc')
    .limit(filter.limit ?? 500)
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map(toRecord);
}

/**
 * Per licence type, the `perType` newest licences held under one number (newest first within
 * a type), for several types in one query.
 */
export async function listNewestLicenseRecordsPerType(
  db: Database,
  holderId: string,
  typeCodes: string[],
  perType: number,
): Promise<LicenseRecord[]> {
  if (!typeCodes.length) return [];
  const ranked = base(db)
    .select(
      sql<string>`row_number() over (partition by l.type_code order by l.issued_at desc, l.license_no desc)`.as(
        'rank_in_type',
      ),
    )
    .where('l.holder_id', '=', holderId)
    .where('l.type_code', 'in', typeCodes);
  const rows = await db
    .selectFrom(ranked.as('r'))
    .selectAll('r')
    .where('r.rank_in_type', '<=', String(perType))
    .orderBy('r.type_code')
    .orderBy('r.rank_in_type')
    .execute();
  return rows.map(toRecord);
}

export async function countLicenseRecords(
  db: Database,
  filter: { holderIds?: string[]; typeCode?: string },
): Promise<number> {
  let q = db.selectFrom('e_license as l');
  if (filter.holderIds) {
    if (!filter.holderIds.length) return 0;
    q = q.where('l.holder_id', 'in', filter.holderIds);
  }
  if (filter.typeCode) q = q.where('l.type_code', '=', filter.typeCode);
  const row = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findLicenseType(db: Database, code: string): Promise<LicenseTypeRecord | undefined> {
  const t = await db.selectFrom('license_type').selectAll().where('code', '=', code).executeTakeFirst();
  return (
    t && {
      code: t.code,
      name: t.name,
      nameEn: t.name_en,
      numberPrefix: t.number_prefix,
      holderKind: t.holder_kind as LicenseHolderKind,
      issuingUnitCode: t.issuing_unit_code,
      issuerName: t.issuer_name,
      validYears: t.valid_years,
    }
  );
}

export async function listLicenseTypes(db: Database) {
  return db
    .selectFrom('license_type')
    .select(['code', 'name', 'name_en', 'holder_kind'])
    .orderBy('code')
    .execute();
}

export async function nextLicenseSerial(db: Database): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`SELECT nextval('e_license_serial_seq') AS n`.execute(db);
  return Number(rows[0]!.n);
}

export async function insertLicense(
  db: Database,
  l: Omit<LicenseRecord, 'id' | 'typeName' | 'issuerUnitPath' | 'revokedAt' | 'revokedReason'>,
): Promise<string> {
  const row = await db
    .insertInto('e_license')
    .values({
      license_no: l.licenseNo,
      type_code: l.typeCode,
      holder_kind: l.holderKind,
      holder_account_id: l.holderAccountId,
      holder_id: l.holderId,
      holder_name: l.holderName,
      title: l.title,
      data: JSON.stringify(l.data),
      issuer_unit_id: l.issuerUnitId,
      issuer_name: l.issuerName,
      issuer_region: l.issuerRegion,
      issued_at: l.issuedAt,
      valid_until: l.validUntil,
      key_id: l.keyId,
      signature: l.signature,
      source_application_id: l.sourceApplicationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Mark revoked unless it already is; false when it was. */
export async function markLicenseRevoked(
  db: Database,
  id: string,
  by: { reason: string; accountId: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('e_license')
    .set({ revoked_at: new Date(), revoked_reason: by.reason, revoked_by: by.accountId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
