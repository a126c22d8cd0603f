import type { Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { hasRole } from '../../core/auth/access';
import { recordAudit } from '../../core/audit/audit-log';
import { fieldProblem, forbidden, notFound } from '../../core/problem';
import type { DueTimer, TimerHandler } from '../../core/workflow/scheduler';
import { actAsSystem, canSeeCase } from '../../core/workflow/workflow.service';
import { revokeLicense } from '../licenses/license.service';
import { findApplication, listSubCases } from './application.repository';

/** 告知承诺 is closed to applicants with serious bad credit or a past false pledge. */
export async function assertPledgeAllowed(db: Database, holderId: string): Promise<void> {
  const record = await db
    .selectFrom('credit_record')
    .select('kind')
    .where('holder_id', '=', holderId)
    .executeTakeFirst();
  if (record) {
    throw fieldProblem('validation', 'pledge', {
      zh:
        record.kind === 'false-pledge'
          ? '申请人有虚假承诺记录，不适用告知承诺制'
          : '申请人有严重失信记录，不适用告知承诺制',
      en:
        record.kind === 'false-pledge'
          ? 'the applicant has a record of a false pledge: the pledge procedure is not open to them'
          : 'the applicant has a serious bad-credit record: the pledge procedure is not open to them',
    });
  }
}

/** What an applicant is told, by action (the reason goes with it). */
const NOTICE: Record<string, { zh: string; en: string }> = {
  accept: { zh: '您的申请已受理', en: 'your application was accepted' },
  acceptAndApprove: { zh: '您的申请已受理并准予许可', en: 'your application was accepted and approved' },
  askCorrection: { zh: '请补正材料', en: 'please supply corrected materials' },
  refuse: { zh: '您的申请不予受理', en: 'your application was not accepted' },
  approveExtension: { zh: '审查期限已依法延长', en: 'the review period was extended' },
  approve: { zh: '您的申请已准予许可', en: 'your application was approved' },
  deny: { zh: '您的申请不予许可', en: 'your application was denied' },
  deliver: { zh: '办件已送达并办结', en: 'your case was delivered and completed' },
  terminate: { zh: '办件已终止', en: 'your case was terminated' },
};

/** Write the applicant's notification in the action's transaction (the outbox: an adapter sends it on). */
export async function notifyApplicant(
  trx: Transaction<DB>,
  app: { id: string; applicantAccountId: string; applicationNo: string },
  itemName: string,
  action: string,
  comment: string | undefined,
): Promise<void> {
  const notice = NOTICE[action];
  if (!notice) return;
  const why = comment?.trim();
  await trx
    .insertInto('notification')
    .values({
      account_id: app.applicantAccountId,
      application_id: app.id,
      kind: `case.${action}`,
      text_zh: `【${app.applicationNo}】${itemName}：${notice.zh}${why ? `。理由：${why}` : ''}`,
      text_en: `[${app.applicationNo}] ${itemName}: ${notice.en}${why ? `. Reason: ${why}` : ''}`,
    })
    .execute();
}

export const TOLERANCE_TIMER = 'application.tolerance-due';

/** Schedule the check that a material accepted under 容缺 was supplied by its date. */
export const scheduleToleranceCheck = (
  trx: Transaction<DB>,
  applicationId: string,
  key: string,
  dueAt: Date,
) =>
  trx
    .insertInto('workflow_timer')
    .values({ kind: TOLERANCE_TIMER, due_at: dueAt, payload: JSON.stringify({ applicationId, key }) })
    .execute();

/**
 * 容缺受理: a material owed by a date and still missing then terminates the application's
 * open sub-cases (an action by the system, with the reason, and the applicant told).
 */
export function applicationTimerHandlers(ctx: AppContext): Record<string, TimerHandler> {
  return {
    [TOLERANCE_TIMER]: async (trx, timer: DueTimer) => {
      const { applicationId, key } = timer.payload as { applicationId: string; key: string };
      const latest = await trx
        .selectFrom('application_material')
        .select(['source', 'name'])
        .where('application_id', '=', applicationId)
        .where('material_key', '=', key)
        .orderBy('supplied_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!latest || latest.source !== 'tolerated') return;
      const app = await findApplication(trx, applicationId);
      const subs = (await listSubCases(trx, [applicationId])).get(applicationId) ?? [];
      const reason = `容缺材料“${latest.name}”逾期未补齐`;
      for (const s of subs) {
        if (await actAsSystem(trx, ctx, s.caseId, 'terminate', reason)) {
          if (app) await notifyApplicant(trx, app, s.itemName, 'terminate', reason);
        }
      }
    },
  };
}

/**
 * A pledge found false on checking (告知承诺核查不实): the department's licences issued from the
 * application are revoked, the applicant is recorded (no pledge procedure from now on) and told.
 */
export async function recordFalsePledge(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  caseId: string,
  reason: string,
) {
  const app = await findApplication(ctx.db, applicationId);
  const sub = app
    ? (await listSubCases(ctx.db, [applicationId])).get(applicationId)?.find((s) => s.caseId === caseId)
    : undefined;
  if (
    !app ||
    !sub ||
    !canSeeCase(actor, { ownerAccountId: null, unitPath: sub.departmentPath, intakeUnitPath: null })
  ) {
    throw notFound({ zh: '办件', en: 'application' });
  }
  if (!hasRole(actor, 'reviewer')) throw forbidden();
  if (!app.pledge)
    throw fieldProblem('conflict', 'pledge', {
      zh: '该办件未采用告知承诺制',
      en: 'this application was not filed under a pledge',
    });
  await ctx.db.transaction().execute(async (trx) => {
    const licences = await trx
      .selectFrom('e_license')
      .select('id')
      .where('source_application_id', '=', applicationId)
      .where('issuer_unit_id', '=', sub.departmentUnitId)
      .where('revoked_at', 'is', null)
      .execute();
    for (const l of licences) await revokeLicense(trx, actor, l.id, `告知承诺不实：${reason}`);
    await trx
      .insertInto('credit_record')
      .values({
        holder_id: app.applicantId,
        kind: 'false-pledge',
        note: reason,
        application_id: applicationId,
        recorded_by: actor.id,
      })
      .execute();
    await trx
      .insertInto('notification')
      .values({
        account_id: app.applicantAccountId,
        application_id: applicationId,
        kind: 'pledge.false',
        text_zh: `【${app.applicationNo}】${sub.itemName}：经核查承诺内容不实，准予许可决定已撤销。理由：${reason}`,
        text_en: `[${app.applicationNo}] ${sub.itemName}: the pledge was found untrue on checking; the approval is revoked. Reason: ${reason}`,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'application.false-pledge',
      entity: 'application',
      entityId: applicationId,
      summary: { caseId, licences: licences.length },
    });
  });
  return {
    revokedLicences: (
      await ctx.db
        .selectFrom('e_license')
        .select('id')
        .where('source_application_id', '=', applicationId)
        .where('revoked_at', 'is not', null)
        .execute()
    ).length,
  };
}

/** The applicant's notifications, newest first. */
export const listNotifications = (db: Database, accountId: string) =>
  db
    .selectFrom('notification')
    .select([
      'id',
      'application_id as applicationId',
      'kind',
      'text_zh as zh',
      'text_en as en',
      'created_at as createdAt',
      'read_at as readAt',
    ])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
