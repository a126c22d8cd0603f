import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { hashPassword } from '../../core/auth/password';
import type { Role } from '../../core/auth/roles';
import { revokeSessionsOf } from '../../core/auth/session.repository';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import { getManagedUnit } from '../units/unit.service';
import {
  findStaff,
  insertStaff,
  listStaff,
  updateStaff,
  usernameTaken,
  type StaffUser,
} from './user.repository';

const USER = { zh: '用户', en: 'user' };
/** Roles that read the whole district: only a district-level administrator may grant them. */
const DISTRICT_ROLES: Role[] = ['leader', 'auditor'];

export type PublicStaffUser = Omit<StaffUser, 'unit'> & { unit: Omit<StaffUser['unit'], 'path'> };
const toPublic = ({ unit: { path: _path, ...unit }, ...u }: StaffUser): PublicStaffUser => ({ ...u, unit });

export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  f: { unitId?: string | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const unitPath = f.unitId
    ? (
        await getManagedUnit(ctx, actor, f.unitId).catch(() => {
          throw forbidden();
        })
      ).path
    : undefined;
  const { items, total } = await listStaff(ctx.db, scopeOf(actor), { ...f, unitPath });
  return { items: items.map(toPublic), total };
}

/** A staff account the actor manages, or 404 (accounts outside the scope are not revealed). */
async function getManagedUser(ctx: AppContext, actor: Actor, id: string): Promise<StaffUser> {
  const user = await findStaff(ctx.db, id);
  if (!user || !scopeCoversUnit(scopeOf(actor), user.unit.path)) throw notFound(USER);
  return user;
}

export async function getUser(ctx: AppContext, actor: Actor, id: string) {
  return toPublic(await getManagedUser(ctx, actor, id));
}

function assertMayGrant(actor: Actor, roles: string[]) {
  if (scopeOf(actor).kind !== 'all' && roles.some((r) => DISTRICT_ROLES.includes(r as Role))) {
    throw fieldProblem('forbidden', 'roles', {
      zh: '只有区级管理员可以授予领导或审计员角色',
      en: 'only a district administrator may grant the leader or auditor role',
    });
  }
}

async function managedUnitOr403(ctx: AppContext, actor: Actor, unitId: string) {
  try {
    return await getManagedUnit(ctx, actor, unitId);
  } catch {
    throw fieldProblem('forbidden', 'unitId', {
      zh: '无权在该单位下管理账号',
      en: 'you may not manage accounts of that unit',
    });
  }
}

export async function createUser(
  ctx: AppContext,
  actor: Actor,
  input: { username: string; displayName: string; password: string; roles: string[]; unitId: string },
) {
  await managedUnitOr403(ctx, actor, input.unitId);
  assertMayGrant(actor, input.roles);
  if (await usernameTaken(ctx.db, input.username)) {
    throw fieldProblem('conflict', 'username', { zh: '用户名已存在', en: 'the username is taken' });
  }
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertStaff(trx, { ...input, passwordHash });
    await recordAudit(trx, actor, {
      action: 'account.create',
      entity: 'account',
      entityId: id,
      summary: { username: input.username, roles: input.roles, unitId: input.unitId },
    });
    return id;
  });
  return getUser(ctx, actor, id);
}

export async function changeUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: {
    displayName?: string | undefined;
    roles?: string[] | undefined;
    unitId?: string | undefined;
    disabled?: boolean | undefined;
  },
) {
  await getManagedUser(ctx, actor, id);
  if (patch.unitId) await managedUnitOr403(ctx, actor, patch.unitId);
  if (patch.roles) assertMayGrant(actor, patch.roles);
  if (id === actor.id && (patch.disabled || (patch.roles && !patch.roles.includes('admin')))) {
    throw new Problem('conflict', {
      zh: '不能停用自己或取消自己的管理员角色',
      en: 'you cannot disable yourself or drop your own admin role',
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateStaff(trx, id, patch);
    if (patch.disabled) await revokeSessionsOf(trx, id);
    await recordAudit(trx, actor, {
      action: 'account.update',
      entity: 'account',
      entityId: id,
      summary: patch,
    });
  });
  return getUser(ctx, actor, id);
}

/** Set a new password; every session of that account ends. */
export async function resetPassword(ctx: AppContext, actor: Actor, id: string, password: string) {
  await getManagedUser(ctx, actor, id);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateStaff(trx, id, { passwordHash });
    await revokeSessionsOf(trx, id);
    await recordAudit(trx, actor, { action: 'account.password', entity: 'account', entityId: id });
  });
}
