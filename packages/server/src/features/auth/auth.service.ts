import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Insertable } from 'kysely';
import type { Account } from '@yiwang/db';
import { maskPhone, maskResidentId } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { ANONYMOUS, type Actor } from '../../core/auth/actor';
import { SESSION_COOKIE, secureCookies } from '../../core/auth/auth.hooks';
import { issueCsrfToken } from '../../core/auth/csrf';
import { dummyHash, hashPassword, verifyPassword } from '../../core/auth/password';
import {
  clearLoginFailures,
  countLoginFailures,
  createSession,
  findSessionActor,
  recordLoginFailure,
  revokeSession,
  revokeSessionsOf,
  sha256,
} from '../../core/auth/session.repository';
import { findPasswordHash, setPasswordHash } from './auth.repository';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden } from '../../core/problem';

const FAILURE_WINDOW_MS = 15 * 60_000;
const IP_FACTOR = 10;

export type SessionView = {
  csrfToken: string;
  user: null | {
    id: string;
    kind: 'staff' | 'citizen' | 'enterprise';
    username: string | null;
    displayName: string;
    roles: string[];
    unit: { id: string; code: string; name: string; nameEn: string | null; kind: string } | null;
    idNumber: string | null;
    phone: string | null;
    creditCode: string | null;
  };
};

/** What the signed-in browser sees of itself; ID numbers and phones masked. */
export async function sessionView(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
): Promise<SessionView> {
  const csrfToken = issueCsrfToken(request, reply, actor.sessionHash, secureCookies(ctx, request));
  if (actor.kind === 'anonymous' || actor.kind === 'api-key') return { csrfToken, user: null };
  const row = await ctx.db
    .selectFrom('account')
    .select(['id', 'kind', 'username', 'display_name', 'roles', 'id_number', 'phone', 'credit_code'])
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  return {
    csrfToken,
    user: {
      id: row.id,
      kind: row.kind as 'staff' | 'citizen' | 'enterprise',
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      unit: actor.unit
        ? {
            id: actor.unit.id,
            code: actor.unit.code,
            name: actor.unit.name,
            nameEn: actor.unit.nameEn,
            kind: actor.unit.kind,
          }
        : null,
      idNumber: row.id_number ? maskResidentId(row.id_number) : null,
      phone: row.phone ? maskPhone(row.phone) : null,
      creditCode: row.credit_code,
    },
  };
}

const badCredentials = () =>
  new Problem('bad-credentials', { zh: '账号或密码不正确', en: 'wrong account name or password' });

/**
 * Sign in: refuses with 429 after too many failures for the account name or the client
 * address within 15 minutes (counted in the database, so every server copy agrees),
 * spends the same time whether or not the account exists, and rotates the session.
 */
export async function signIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  lookup: { kind: 'staff'; username: string } | { kind: 'public'; account: string },
  password: string,
): Promise<SessionView> {
  const name = lookup.kind === 'staff' ? lookup.username : lookup.account.toUpperCase();
  const subjects = [`account:${name.toLowerCase()}`, `ip:${request.ip}`];
  const failures = await countLoginFailures(ctx.db, subjects, FAILURE_WINDOW_MS);
  // An address gets more tries than an account: a whole office may sit behind one address.
  if (
    (failures.get(subjects[0]!) ?? 0) >= ctx.config.loginMaxFailures ||
    (failures.get(subjects[1]!) ?? 0) >= ctx.config.loginMaxFailures * IP_FACTOR
  ) {
    throw new Problem(
      'too-many-requests',
      { zh: '登录失败次数过多，请 15 分钟后再试', en: 'too many failed sign-ins: try again in 15 minutes' },
      [],
      { 'retry-after': String(FAILURE_WINDOW_MS / 1000) },
    );
  }
  let query = ctx.db
    .selectFrom('account')
    .select(['id', 'password_hash', 'disabled', 'username', 'display_name']);
  query =
    lookup.kind === 'staff'
      ? query.where('kind', '=', 'staff').where('username', '=', lookup.username)
      : query
          .where('kind', 'in', ['citizen', 'enterprise'])
          .where((eb) =>
            eb.or([
              eb('phone', '=', lookup.account),
              eb('id_number', '=', name),
              eb('credit_code', '=', name),
            ]),
          );
  const account = await query.executeTakeFirst();
  const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), password);
  if (!account || !ok || account.disabled) {
    await recordLoginFailure(ctx.db, subjects);
    throw badCredentials();
  }
  await clearLoginFailures(ctx.db, subjects[0]!);
  return startSession(ctx, request, reply, account.id, 'session.login');
}

/** Revoke any session this browser had, open a new one, and return the new view (new CSRF token). */
export async function startSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  accountId: string,
  auditAction: string,
): Promise<SessionView> {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) await revokeSession(ctx.db, sha256(previous));
  const token = await createSession(ctx.db, accountId, ctx.config.sessionMaxMs, {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });
  const actor = (await findSessionActor(ctx.db, token, ctx.config.sessionIdleMs))!;
  await ctx.db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, actor, { action: auditAction, entity: 'account', entityId: accountId }),
    );
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(ctx, request),
    maxAge: Math.floor(ctx.config.sessionMaxMs / 1000),
  });
  request.actor = actor;
  return sessionView(ctx, request, reply, actor);
}

/**
 * Change one's own password: the current one must be right (failures count towards the same
 * 15-minute lock-out as sign-ins), every session of the account ends — another browser that
 * may have been stolen from is signed out — and this browser gets a new session (new cookie,
 * new CSRF token).
 */
export async function changeOwnPassword(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: { currentPassword: string; newPassword: string },
): Promise<SessionView> {
  const actor = request.actor;
  if (!actor.sessionHash || !actor.id) throw forbidden();
  const subject = `password:${actor.id}`;
  const failures = await countLoginFailures(ctx.db, [subject], FAILURE_WINDOW_MS);
  if ((failures.get(subject) ?? 0) >= ctx.config.loginMaxFailures)
    throw new Problem(
      'too-many-requests',
      { zh: '密码错误次数过多，请 15 分钟后再试', en: 'too many wrong passwords: try again in 15 minutes' },
      [],
      { 'retry-after': String(FAILURE_WINDOW_MS / 1000) },
    );
  const hash = await findPasswordHash(ctx.db, actor.id);
  if (!hash || !(await verifyPassword(hash, body.currentPassword))) {
    await recordLoginFailure(ctx.db, [subject]);
    throw fieldProblem('validation', 'currentPassword', {
      zh: '当前密码不正确',
      en: 'the current password is wrong',
    });
  }
  if (body.newPassword === body.currentPassword)
    throw fieldProblem('validation', 'newPassword', {
      zh: '新密码不能与当前密码相同',
      en: 'the new password must differ from the current one',
    });
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, actor.id!, passwordHash);
    await revokeSessionsOf(trx, actor.id!);
    await recordAudit(trx, actor, {
      action: 'account.password.change',
      entity: 'account',
      entityId: actor.id,
    });
  });
  await clearLoginFailures(ctx.db, subject);
  return startSession(ctx, request, reply, actor.id, 'session.rotate');
}

export async function signOut(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actor = request.actor;
  if (actor.sessionHash) {
    await revokeSession(ctx.db, actor.sessionHash);
    await ctx.db
      .transaction()
      .execute((trx) =>
        recordAudit(trx, actor, { action: 'session.logout', entity: 'account', entityId: actor.id }),
      );
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  request.actor = ANONYMOUS;
}

export type CitizenRegistration = { name: string; idNumber: string; phone: string; password: string };
export type EnterpriseRegistration = {
  name: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
  phone: string;
  password: string;
};

/** Register a citizen (身份证号 and phone unique) and sign them in. */
export async function registerCitizen(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  r: CitizenRegistration,
) {
  const taken = await ctx.db
    .selectFrom('account')
    .select(['id_number', 'phone'])
    .where('kind', '=', 'citizen')
    .where((eb) => eb.or([eb('id_number', '=', r.idNumber), eb('phone', '=', r.phone)]))
    .executeTakeFirst();
  if (taken?.id_number === r.idNumber) {
    throw fieldProblem('conflict', 'idNumber', {
      zh: '该身份证号已注册，请直接登录',
      en: 'this ID number is already registered: sign in instead',
    });
  }
  if (taken)
    throw fieldProblem('conflict', 'phone', {
      zh: '该手机号已注册',
      en: 'this phone number is already registered',
    });
  return registerAndSignIn(ctx, request, reply, r.password, {
    kind: 'citizen',
    display_name: r.name,
    roles: ['citizen'],
    id_number: r.idNumber,
    phone: r.phone,
  });
}

/** Register an enterprise (统一社会信用代码 unique) and sign it in. */
export async function registerEnterprise(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  r: EnterpriseRegistration,
) {
  const taken = await ctx.db
    .selectFrom('account')
    .select('id')
    .where('credit_code', '=', r.creditCode)
    .executeTakeFirst();
  if (taken) {
    throw fieldProblem('conflict', 'creditCode', {
      zh: '该统一社会信用代码已注册',
      en: 'this credit code is already registered',
    });
  }
  return registerAndSignIn(ctx, request, reply, r.password, {
    kind: 'enterprise',
    display_name: r.name,
    roles: ['enterprise'],
    credit_code: r.creditCode,
    legal_rep_name: r.legalRepName,
    legal_rep_id_number: r.legalRepIdNumber,
    phone: r.phone,
  });
}

/** Store a self-registered account (audited) and open its first session. */
async function registerAndSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  password: string,
  account: Omit<Insertable<Account>, 'password_hash'>,
) {
  const passwordHash = await hashPassword(password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('account')
      .values({ ...account, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { ...ANONYMOUS, label: 'self-registration' },
      { action: 'account.register', entity: 'account', entityId: row.id, summary: { kind: account.kind } },
    );
    return row.id;
  });
  return startSession(ctx, request, reply, id, 'session.login');
}
