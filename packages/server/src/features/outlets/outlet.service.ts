import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { hasRole } from '../../core/auth/access';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import { findLicenseRecord, type LicenseRecord } from '../licenses/license.repository';
import { getLicenseFor, verifyLicense } from '../licenses/license.service';
import { findOutlet, listOutletsOf, searchOutlets, type OutletRow } from './outlet.repository';

const OUTLET = { zh: '门店', en: 'outlet' };
const LICENSE = { zh: '电子证照', en: 'e-licence' };

export type OutletInput = {
  name: string;
  address: string;
  /** A street or residents' committee of Hongkou, for an address in the district. */
  unitId?: string | undefined;
  /** The district and city (e.g. 上海市静安区) for an address outside Hongkou. */
  region?: string | undefined;
  openedOn: string;
};

type Access = { licence: LicenseRecord; holder: boolean; issuer: boolean };

/** Who the actor is to a licence: its holding enterprise, or staff of the issuing department; 404 otherwise. */
async function accessTo(ctx: AppContext, actor: Actor, licenseId: string): Promise<Access> {
  const licence = await findLicenseRecord(ctx.db, licenseId);
  if (!licence) throw notFound(LICENSE);
  if (actor.kind === 'enterprise') {
    // getLicenseFor answers 404 for a licence the enterprise does not hold.
    await getLicenseFor(ctx, actor, licenseId);
    return { licence, holder: true, issuer: false };
  }
  if (
    actor.kind === 'staff' &&
    licence.issuerUnitPath &&
    scopeCoversUnit(scopeOf(actor), licence.issuerUnitPath)
  )
    return { licence, holder: false, issuer: true };
  throw notFound(LICENSE);
}

/** The outlets registered under a licence: for its holder and the issuing department's staff. */
export async function listOutlets(ctx: AppContext, actor: Actor, licenseId: string): Promise<OutletRow[]> {
  await accessTo(ctx, actor, licenseId);
  return listOutletsOf(ctx.db, licenseId);
}

async function checkPlace(ctx: AppContext, input: Pick<OutletInput, 'unitId' | 'region'>) {
  if (!!input.unitId === !!input.region?.trim())
    throw fieldProblem('validation', 'unitId', {
      zh: '本区门店请选择所在街道或居委；外区门店请填写所在区市',
      en: 'choose the street or committee for an outlet in Hongkou, or give the district and city otherwise',
    });
  if (input.unitId) {
    const unit = await ctx.db
      .selectFrom('org_unit')
      .select('kind')
      .where('id', '=', input.unitId)
      .executeTakeFirst();
    if (!unit || (unit.kind !== 'street' && unit.kind !== 'committee'))
      throw fieldProblem('validation', 'unitId', {
        zh: '请选择虹口区的街道或居委',
        en: 'choose a street or residents’ committee of Hongkou',
      });
  }
}

/**
 * 一证多址: the holding enterprise registers an outlet as an address of its licence, which
 * must be valid and issued in this district (the HQ is registered here). Audited.
 *
 * @example
 * await addOutlet(ctx, enterprise, licenceId, { name: '演示餐饮·虹口足球场店', address: '东江湾路444号', unitId, openedOn: '2026-11-01' });
 */
export async function addOutlet(ctx: AppContext, actor: Actor, licenseId: string, input: OutletInput) {
  const { holder } = await accessTo(ctx, actor, licenseId);
  if (!holder) throw forbidden();
  const status = await verifyLicense(ctx.db, licenseId);
  if (status.status !== 'valid')
    throw new Problem('conflict', {
      zh: '该证照已失效，不能增加经营地址',
      en: 'the licence is not valid: no outlet can be added',
    });
  const licence = (await findLicenseRecord(ctx.db, licenseId))!;
  if (licence.issuerRegion)
    throw new Problem('forbidden', {
      zh: '一证多址限总部在本区登记的证照',
      en: 'only licences of HQs registered in this district take outlets',
    });
  await checkPlace(ctx, input);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('outlet')
      .values({
        license_id: licenseId,
        name: input.name.trim(),
        address: input.address.trim(),
        unit_id: input.unitId ?? null,
        region: input.unitId ? null : (input.region?.trim() ?? null),
        opened_on: input.openedOn,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'outlet.add',
      entity: 'outlet',
      entityId: row.id,
      summary: { licenseNo: licence.licenseNo, name: input.name.trim() },
    });
    return (await findOutlet(trx, row.id))!;
  });
}

export type OutletPatch = {
  name?: string | undefined;
  address?: string | undefined;
  unitId?: string | undefined;
  region?: string | undefined;
  openedOn?: string | undefined;
  status?: 'active' | 'closed' | 'suspended' | undefined;
  reason?: string | undefined;
};

/**
 * Change an outlet. The holder edits its details and closes or reopens it; staff of the
 * issuing department (reviewers, administrators) suspend it with a reason or lift the
 * suspension. A suspended outlet is reopened only by the issuer. Audited.
 */
export async function updateOutlet(ctx: AppContext, actor: Actor, id: string, patch: OutletPatch) {
  const outlet = await findOutlet(ctx.db, id);
  if (!outlet) throw notFound(OUTLET);
  let access: Access;
  try {
    access = await accessTo(ctx, actor, outlet.licenseId);
  } catch {
    throw notFound(OUTLET);
  }
  const details = ['name', 'address', 'unitId', 'region', 'openedOn'].some(
    (k) => patch[k as keyof OutletPatch] !== undefined,
  );
  if (access.issuer) {
    if (details) throw forbidden();
    if (!hasRole(actor, 'reviewer', 'admin')) throw forbidden();
    if (patch.status === 'closed') throw forbidden();
  } else {
    if (patch.status === 'suspended' || (outlet.status === 'suspended' && patch.status === 'active'))
      throw new Problem('forbidden', {
        zh: '门店的暂停由发证部门决定',
        en: 'only the issuing department suspends an outlet or lifts a suspension',
      });
  }
  const reason = patch.reason?.trim();
  if (patch.status === 'suspended' && (!reason || reason.length < 2))
    throw fieldProblem('validation', 'reason', {
      zh: '请填写暂停原因',
      en: 'give the reason for the suspension',
    });
  if (patch.unitId !== undefined || patch.region !== undefined)
    await checkPlace(ctx, { unitId: patch.unitId, region: patch.region });
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outlet')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.address !== undefined ? { address: patch.address.trim() } : {}),
        ...(patch.unitId !== undefined || patch.region !== undefined
          ? { unit_id: patch.unitId ?? null, region: patch.unitId ? null : (patch.region?.trim() ?? null) }
          : {}),
        ...(patch.openedOn !== undefined ? { opened_on: patch.openedOn } : {}),
        ...(patch.status !== undefined
          ? { status: patch.status, status_reason: patch.status === 'suspended' ? reason! : null }
          : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: patch.status === 'suspended' ? 'outlet.suspend' : 'outlet.update',
      entity: 'outlet',
      entityId: id,
      summary: { ...patch, licenseNo: access.licence.licenseNo },
    });
    return (await findOutlet(trx, id))!;
  });
}

/**
 * Public look-up by an outlet's name or address: which licence covers it, with the licence's
 * status and its verification link. Holder numbers are never shown.
 */
export async function lookupOutlets(ctx: AppContext, q: string) {
  const text = q.trim();
  if (text.length < 2) return [];
  const rows = await searchOutlets(ctx.db, text);
  return Promise.all(
    rows.map(async (r) => {
      const v = await verifyLicense(ctx.db, r.outlet.licenseId);
      return {
        id: r.outlet.id,
        name: r.outlet.name,
        address: r.outlet.address,
        place: r.outlet.unitName ?? r.outlet.region ?? '',
        openedOn: r.outlet.openedOn,
        status: r.outlet.status,
        license: {
          id: r.outlet.licenseId,
          licenseNo: r.licenseNo,
          typeCode: r.typeCode,
          typeName: r.typeName,
          holderName: r.holderName,
          status: v.status,
          verifyUrl: `/verify/${r.outlet.licenseId}`,
        },
      };
    }),
  );
}
