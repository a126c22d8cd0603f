import type { Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import {
  checkCreditCode,
  checkResidentId,
  licenseNumber,
  licenseStatus,
  licenseValidUntil,
  maskHolderId,
  maskHolderName,
  shanghaiDate,
  type LicenseHolderKind,
  type LicenseStatus,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import {
  countLicenseRecords,
  findLicenseRecord,
  findLicenseType,
  insertLicense,
  listLicenseRecords,
  listNewestLicenseRecordsPerType,
  markLicenseRevoked,
  nextLicenseSerial,
  payloadOf,
  type LicenseRecord,
} from './license.repository';
import {
  activeSigningKey,
  retireActiveSigningKey,
  signLicense,
  verifyLicenseSignature,
} from './license-signing';

const LICENSE = { zh: '电子证照', en: 'e-licence' };

/** Staff roles that may look licences up (numbers masked). */
export const LICENSE_READER_ROLES = ['clerk', 'reviewer', 'admin', 'leader', 'auditor'] as const;

/** An e-licence with its checked status. */
export type License = Omit<LicenseRecord, 'issuerUnitPath'> & {
  status: Exclude<LicenseStatus, 'not-found'>;
};

/** What anyone may learn from a licence's public verification. */
export type PublicLicense = {
  id: string;
  licenseNo: string;
  typeCode: string;
  typeName: { zh: string; en: string };
  holderName: string;
  holderIdMasked: string;
  title: string;
  issuedAt: Date;
  validUntil: string | null;
  issuerName: string;
  issuerRegion: string | null;
  revokedAt: Date | null;
};

export type IssueLicenseInput = {
  typeCode: string;
  holderKind: LicenseHolderKind;
  /** The holder's account when known; otherwise looked up by holderId. */
  holderAccountId?: string | null;
  /** 身份证号 for a person, 统一社会信用代码 for an enterprise. */
  holderId: string;
  holderName: string;
  title: string;
  data?: Record<string, unknown>;
  /** Defaults to the type's issuing department. */
  issuerUnitId?: string | null;
  sourceApplicationId?: string | null;
  /** Defaults to the type's validity; null for 长期. */
  validYears?: number | null;
  /** For licences recorded from other regions (长三角); null for this district's. */
  issuerRegion?: string | null;
  /** Issue time; defaults to now (tests and imports pass it). */
  issuedAt?: Date;
};

async function withStatus(db: Database, r: LicenseRecord, now = new Date()): Promise<License> {
  const signatureValid = await verifyLicenseSignature(db, r.keyId, payloadOf(r), r.signature);
  const { issuerUnitPath: _path, ...rest } = r;
  return {
    ...rest,
    status: licenseStatus({ signatureValid, revokedAt: r.revokedAt, validUntil: r.validUntil }, now),
  };
}

/** The same licence with the holder's number masked, for staff lists. */
export const maskedLicense = (l: License): License => ({
  ...l,
  holderId: maskHolderId(l.holderKind, l.holderId),
});

/**
 * Issue and sign an e-licence in the caller's transaction (audited there too), so a licence
 * exists exactly when the approval that issues it commits.
 *
 * @example
 * const licence = await issueLicense(trx, reviewer, {
 *   typeCode: 'food-business-permit', holderKind: 'enterprise', holderId: '91310109MA1HKQ3W56',
 *   holderName: '上海一网演示科技有限公司', title: '食品经营许可证', data: { 经营项目: '热食类食品制售' },
 *   sourceApplicationId: application.id,
 * });
 */
export async function issueLicense(
  trx: Transaction<DB>,
  actor: Actor,
  input: IssueLicenseInput,
): Promise<License> {
  const type = await findLicenseType(trx, input.typeCode);
  if (!type)
    throw fieldProblem('validation', 'typeCode', { zh: '证照类型不存在', en: 'unknown licence type' });
  if (type.holderKind !== input.holderKind)
    throw fieldProblem('validation', 'holderKind', {
      zh: `${type.name}的持证主体须为${type.holderKind === 'person' ? '个人' : '企业'}`,
      en: `a ${type.nameEn} is held by ${type.holderKind === 'person' ? 'a person' : 'an enterprise'}`,
    });
  const holderId = input.holderId.trim().toUpperCase();
  const idOk = input.holderKind === 'person' ? checkResidentId(holderId).ok : checkCreditCode(holderId).ok;
  if (!idOk)
    throw fieldProblem('validation', 'holderId', {
      zh: input.holderKind === 'person' ? '身份证号码校验未通过' : '统一社会信用代码校验未通过',
      en: input.holderKind === 'person' ? 'the ID number fails its check' : 'the credit code fails its check',
    });

  let issuerUnitId = input.issuerUnitId ?? null;
  let issuerName = type.issuerName;
  const unit = issuerUnitId
    ? await trx
        .selectFrom('org_unit')
        .select(['id', 'name', 'kind'])
        .where('id', '=', issuerUnitId)
        .executeTakeFirst()
    : type.issuingUnitCode
      ? await trx
          .selectFrom('org_unit')
          .select(['id', 'name', 'kind'])
          .where('code', '=', type.issuingUnitCode)
          .executeTakeFirst()
      : undefined;
  if (issuerUnitId && !unit)
    throw fieldProblem('validation', 'issuerUnitId', { zh: '发证单位不存在', en: 'unknown issuing unit' });
  if (unit) {
    issuerUnitId = unit.id;
    issuerName = unit.kind === 'department' && unit.name.startsWith('区') ? `虹口${unit.name}` : unit.name;
  }

  const holderAccountId =
    input.holderAccountId ??
    (
      await trx
        .selectFrom('account')
        .select('id')
        .where(input.holderKind === 'person' ? 'id_number' : 'credit_code', '=', holderId)
        .executeTakeFirst()
    )?.id ??
    null;

  const issuedAt = new Date((input.issuedAt ?? new Date()).getTime());
  const year = Number(shanghaiDate(issuedAt).slice(0, 4));
  const record = {
    licenseNo: licenseNumber(type.numberPrefix, year, await nextLicenseSerial(trx)),
    typeCode: type.code,
    holderKind: input.holderKind,
    holderAccountId,
    holderId,
    holderName: input.holderName.trim(),
    title: input.title.trim(),
    data: input.data ?? {},
    issuerUnitId,
    issuerName,
    issuerRegion: input.issuerRegion ?? null,
    issuedAt,
    validUntil: licenseValidUntil(
      issuedAt,
      input.validYears === undefined ? type.validYears : input.validYears,
    ),
    sourceApplicationId: input.sourceApplicationId ?? null,
  };
  const key = await activeSigningKey(trx);
  const signature = signLicense(
    payloadOf({
      ...record,
      id: '',
      typeName: { zh: '', en: '' },
      issuerUnitPath: null,
      keyId: key.id,
      signature: '',
      revokedAt: null,
      revokedReason: null,
    }),
    key.privateKey,
  );
  const id = await insertLicense(trx, { ...record, keyId: key.id, signature });
  await recordAudit(trx, actor, {
    action: 'license.issue',
    entity: 'e_license',
    entityId: id,
    summary: {
      licenseNo: record.licenseNo,
      type: type.code,
      sourceApplicationId: record.sourceApplicationId,
    },
  });
  const stored = await findLicenseRecord(trx, id);
  return withStatus(trx, stored!);
}

/**
 * The newest licence of a type held under a number that is neither revoked nor expired and
 * whose signature holds — what an application fills a material from (两个免于提交).
 *
 * @example
 * const bl = await findValidLicense(db, { holderId: '91310109MA1HKQ3W56', typeCode: 'business-licence' });
 */
export async function findValidLicense(
  db: Database,
  query: { holderId: string; typeCode: string },
): Promise<License | undefined> {
  const records = await listLicenseRecords(db, {
    holderIds: [query.holderId.trim().toUpperCase()],
    typeCode: query.typeCode,
    limit: 20,
  });
  for (const r of records) {
    const l = await withStatus(db, r);
    if (l.status === 'valid') return l;
  }
  return undefined;
}

/**
 * findValidLicense for several types of one holder in one query: per type, the newest valid
 * licence among the 20 newest, as findValidLicense would return it; types with none are absent.
 */
export async function findValidLicenses(
  db: Database,
  query: { holderId: string; typeCodes: string[] },
): Promise<Map<string, License>> {
  const records = await listNewestLicenseRecordsPerType(
    db,
    query.holderId.trim().toUpperCase(),
    [...new Set(query.typeCodes)],
    20,
  );
  const found = new Map<string, License>();
  for (const r of records) {
    if (found.has(r.typeCode)) continue;
    const l = await withStatus(db, r);
    if (l.status === 'valid') found.set(r.typeCode, l);
  }
  return found;
}

/**
 * Every licence held under these numbers, newest first, with its status.
 *
 * @example
 * const wallet = await listWallet(db, ['31010919780315241X']);
 */
export async function listWallet(db: Database, holderIds: string[]): Promise<License[]> {
  const records = await listLicenseRecords(db, { holderIds: holderIds.map((h) => h.trim().toUpperCase()) });
  return Promise.all(records.map((r) => withStatus(db, r)));
}

/**
 * Check a licence for anyone: its status and what may be shown publicly (names of persons
 * and every holder number masked).
 *
 * @example
 * const { status } = await verifyLicense(db, id); // 'valid' | 'revoked' | 'expired' | 'invalid-signature' | 'not-found'
 */
export async function verifyLicense(
  db: Database,
  id: string,
): Promise<{ status: LicenseStatus; license?: PublicLicense }> {
  const r = await findLicenseRecord(db, id);
  if (!r) return { status: 'not-found' };
  const l = await withStatus(db, r);
  return {
    status: l.status,
    license: {
      id: l.id,
      licenseNo: l.licenseNo,
      typeCode: l.typeCode,
      typeName: l.typeName,
      holderName: maskHolderName(l.holderKind, l.holderName),
      holderIdMasked: maskHolderId(l.holderKind, l.holderId),
      title: l.title,
      issuedAt: l.issuedAt,
      validUntil: l.validUntil,
      issuerName: l.issuerName,
      issuerRegion: l.issuerRegion,
      revokedAt: l.revokedAt,
    },
  };
}

/** Administrators (or reviewers) whose scope covers the issuing unit; licences issued outside the tree: district administrators. */
function mayRevoke(actor: Actor, r: LicenseRecord): boolean {
  if (actor.kind !== 'staff' && actor.kind !== 'api-key') return false;
  if (!actor.roles.includes('admin') && !actor.roles.includes('reviewer')) return false;
  const scope = scopeOf(actor);
  if (scope.kind === 'all') return actor.roles.includes('admin') || r.issuerUnitPath !== null;
  return r.issuerUnitPath !== null && scopeCoversUnit(scope, r.issuerUnitPath);
}

/**
 * Revoke (吊销) a licence in the caller's transaction, audited: by an administrator, or by a
 * reviewer of the issuing department. It stays in the wallet, marked revoked.
 *
 * @example
 * await db.transaction().execute((trx) => revokeLicense(trx, admin, id, '虚假承诺'));
 */
export async function revokeLicense(
  trx: Transaction<DB>,
  actor: Actor,
  id: string,
  reason: string,
): Promise<License> {
  const r = await findLicenseRecord(trx, id);
  if (!r) throw notFound(LICENSE);
  if (!mayRevoke(actor, r)) throw forbidden();
  const text = reason.trim();
  if (text.length < 2)
    throw fieldProblem('validation', 'reason', { zh: '请填写吊销原因', en: 'a reason is required' });
  if (
    !(await markLicenseRevoked(trx, id, {
      reason: text,
      accountId: actor.kind === 'staff' ? actor.id : null,
    }))
  )
    throw new Problem('conflict', { zh: '该证照已吊销', en: 'the licence is already revoked' });
  await recordAudit(trx, actor, {
    action: 'license.revoke',
    entity: 'e_license',
    entityId: id,
    summary: { licenseNo: r.licenseNo, reason: text },
  });
  return withStatus(trx, (await findLicenseRecord(trx, id))!);
}

/**
 * Retire the active signing key (audited); the next licence is signed with a new key and
 * licences signed with the old one still verify.
 */
export async function rotateSigningKey(
  trx: Transaction<DB>,
  actor: Actor,
): Promise<{ retired?: string; active: string }> {
  const retired = await retireActiveSigningKey(trx);
  const { id } = await activeSigningKey(trx);
  await recordAudit(trx, actor, {
    action: 'license.rotate-key',
    entity: 'signing_key',
    entityId: id,
    summary: { retired },
  });
  return { retired, active: id };
}

/** The numbers a signed-in citizen or enterprise holds licences under. */
async function holderIdsOf(db: Database, actor: Actor): Promise<string[]> {
  if (actor.kind !== 'citizen' && actor.kind !== 'enterprise') return [];
  const a = await db
    .selectFrom('account')
    .select(['id_number', 'credit_code'])
    .where('id', '=', actor.id)
    .executeTakeFirst();
  return [a?.id_number, a?.credit_code].filter((v): v is string => !!v);
}

/** The caller's own wallet. */
export async function walletOf(ctx: AppContext, actor: Actor): Promise<License[]> {
  return listWallet(ctx.db, await holderIdsOf(ctx.db, actor));
}

const isReader = (actor: Actor) =>
  actor.kind === 'staff' && LICENSE_READER_ROLES.some((r) => actor.roles.includes(r));

/** One licence: in full for its holder, numbers masked for staff who look licences up; 404 for anyone else. */
export async function getLicenseFor(ctx: AppContext, actor: Actor, id: string): Promise<License> {
  const r = await findLicenseRecord(ctx.db, id);
  if (!r) throw notFound(LICENSE);
  const own =
    (await holderIdsOf(ctx.db, actor)).includes(r.holderId) ||
    (actor.id !== null && r.holderAccountId === actor.id);
  if (own) return withStatus(ctx.db, r);
  if (isReader(actor)) return maskedLicense(await withStatus(ctx.db, r));
  throw notFound(LICENSE);
}

/** Staff look-up by holder number and type; numbers masked. */
export async function searchLicenses(
  ctx: AppContext,
  query: { holderId?: string; type?: string; page: number; pageSize: number },
): Promise<{ items: License[]; total: number }> {
  const filter = {
    ...(query.holderId ? { holderIds: [query.holderId.trim().toUpperCase()] } : {}),
    ...(query.type ? { typeCode: query.type } : {}),
  };
  const [records, total] = await Promise.all([
    listLicenseRecords(ctx.db, {
      ...filter,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
    countLicenseRecords(ctx.db, filter),
  ]);
  return { items: (await Promise.all(records.map((r) => withStatus(ctx.db, r)))).map(maskedLicense), total };
}

/** Revoke from the staff page: its own transaction. */
export const revokeLicenseAsStaff = (ctx: AppContext, actor: Actor, id: string, reason: string) =>
  ctx.db.transaction().execute(async (trx) => maskedLicense(await revokeLicense(trx, actor, id, reason)));
