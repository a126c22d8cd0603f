import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import {
  findUnit,
  findUnitByCode,
  insertUnit,
  listUnits,
  updateUnit,
  type Unit,
  type UnitFilter,
} from './unit.repository';

/** Which kind of unit may sit under which. */
const PARENT_KIND: Record<string, string | null> = {
  district: null,
  street: 'district',
  department: 'district',
  committee: 'street',
  station: 'street',
};

const UNIT = { zh: '组织机构', en: 'org unit' };

/**
 * Staff see the units they manage (their scope); everyone else sees the public directory
 * of units (names and codes are public information).
 */
export function listVisibleUnits(ctx: AppContext, actor: Actor, filter: UnitFilter): Promise<Unit[]> {
  const scope = actor.kind === 'staff' ? scopeOf(actor) : ({ kind: 'all' } as const);
  return listUnits(ctx.db, scope, filter);
}

/** A unit the actor manages, or 404 (a unit outside the scope is not revealed). */
export async function getManagedUnit(ctx: AppContext, actor: Actor, id: string): Promise<Unit> {
  const unit = await findUnit(ctx.db, id);
  if (!unit || !scopeCoversUnit(scopeOf(actor), unit.path)) throw notFound(UNIT);
  return unit;
}

export async function createUnit(
  ctx: AppContext,
  actor: Actor,
  input: { code: string; name: string; nameEn?: string | undefined; kind: string; parentId: string },
): Promise<Unit> {
  const parent = await findUnit(ctx.db, input.parentId);
  if (!parent)
    throw fieldProblem('validation', 'parentId', {
      zh: '上级单位不存在',
      en: 'the parent unit does not exist',
    });
  if (!scopeCoversUnit(scopeOf(actor), parent.path)) throw forbidden();
  if (PARENT_KIND[input.kind] !== parent.kind) {
    throw fieldProblem('validation', 'kind', {
      zh: `${parent.name}下不能设立此类单位`,
      en: `a ${input.kind} cannot be placed under a ${parent.kind}`,
    });
  }
  if (await findUnitByCode(ctx.db, input.code)) {
    throw fieldProblem('conflict', 'code', { zh: '单位代码已存在', en: 'the unit code is taken' });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const unit = await insertUnit(trx, { ...input, parent });
    await recordAudit(trx, actor, {
      action: 'unit.create',
      entity: 'org_unit',
      entityId: unit.id,
      summary: { code: unit.code, name: unit.name },
    });
    return unit;
  });
}

export async function renameUnit(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: { name?: string | undefined; nameEn?: string | undefined },
) {
  await getManagedUnit(ctx, actor, id);
  if (patch.name === undefined && patch.nameEn === undefined) {
    throw new Problem('validation', { zh: '没有要修改的内容', en: 'nothing to change' });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const unit = await updateUnit(trx, id, patch);
    await recordAudit(trx, actor, {
      action: 'unit.update',
      entity: 'org_unit',
      entityId: id,
      summary: patch,
    });
    return unit;
  });
}
