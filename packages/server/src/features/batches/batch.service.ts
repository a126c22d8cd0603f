import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import type { AppContext } from '../../core/app-context';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { hasRole } from '../../core/auth/access';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import { listSubCases } from '../applications/application.repository';
import {
  applicationStatus,
  submitApplication,
  type SubmitInput,
  type UploadedFile,
} from '../applications/application.service';

const BATCH = { zh: '批次', en: 'batch' };
/** The intake unit of a batch a complex's manager opens: the district service centre. */
const SERVICE_CENTRE = 'D-XZFWZX';

export type BatchInput = {
  complexName: string;
  address: string;
  streetUnitId: string;
  openingOn: string;
  /** The complex manager's enterprise account, by 统一社会信用代码 or phone; clerks name it, a manager is it. */
  manager?: string | undefined;
};

type BatchRow = {
  id: string;
  complexName: string;
  address: string;
  streetUnitId: string;
  streetName: string;
  openingOn: string;
  managerAccountId: string | null;
  managerName: string | null;
  intakeUnitId: string | null;
  intakeUnitPath: string | null;
  createdAt: Date;
};

const batches = (ctx: AppContext) =>
  ctx.db
    .selectFrom('batch as b')
    .innerJoin('org_unit as s', 's.id', 'b.street_unit_id')
    .leftJoin('org_unit as i', 'i.id', 'b.intake_unit_id')
    .leftJoin('account as m', 'm.id', 'b.manager_account_id')
    .select((eb) => [
      'b.id',
      'b.complex_name',
      'b.address',
      'b.street_unit_id',
      's.name as street_name',
      eb.fn<string>('to_char', ['b.opening_on', eb.val('YYYY-MM-DD')]).as('opening_on'),
      'b.manager_account_id',
      'm.display_name as manager_name',
      'b.intake_unit_id',
      'i.path as intake_path',
      'b.created_at',
    ]);
type Row = Awaited<ReturnType<ReturnType<typeof batches>['executeTakeFirstOrThrow']>>;
const toBatch = (r: Row): BatchRow => ({
  id: r.id,
  complexName: r.complex_name,
  address: r.address,
  streetUnitId: r.street_unit_id,
  streetName: r.street_name,
  openingOn: r.opening_on,
  managerAccountId: r.manager_account_id,
  managerName: r.manager_name,
  intakeUnitId: r.intake_unit_id,
  intakeUnitPath: r.intake_path,
  createdAt: r.created_at,
});

/** The manager, and the clerks (and leaders) whose scope covers the intake unit. */
const canSee = (actor: Actor, b: BatchRow) =>
  (actor.id !== null && b.managerAccountId === actor.id) ||
  (actor.kind === 'staff' &&
    hasRole(actor, 'clerk', 'leader', 'admin', 'auditor') &&
    b.intakeUnitPath !== null &&
    scopeCoversUnit(scopeOf(actor), b.intakeUnitPath));
const canManage = (actor: Actor, b: BatchRow) =>
  (actor.id !== null && b.managerAccountId === actor.id) || (canSee(actor, b) && hasRole(actor, 'clerk'));

async function getBatchRow(ctx: AppContext, actor: Actor, id: string): Promise<BatchRow> {
  const r = await batches(ctx).where('b.id', '=', id).executeTakeFirst();
  const b = r && toBatch(r);
  if (!b || !canSee(actor, b)) throw notFound(BATCH);
  return b;
}

/**
 * 一楼一次办: open a batch for a commercial complex's opening — by a clerk (for the clerk's
 * unit, naming the manager) or by the complex's manager itself (taken by the district service
 * centre). Audited.
 */
export async function createBatch(ctx: AppContext, actor: Actor, input: BatchInput) {
  const street = await ctx.db
    .selectFrom('org_unit')
    .select(['id', 'kind'])
    .where('id', '=', input.streetUnitId)
    .executeTakeFirst();
  if (!street || street.kind !== 'street')
    throw fieldProblem('validation', 'streetUnitId', { zh: '请选择所在街道', en: 'choose the street' });
  let managerId: string | null = null;
  let intakeUnitId: string | null;
  if (actor.kind === 'enterprise') {
    managerId = actor.id;
    intakeUnitId =
      (await ctx.db.selectFrom('org_unit').select('id').where('code', '=', SERVICE_CENTRE).executeTakeFirst())
        ?.id ?? null;
  } else {
    if (!hasRole(actor, 'clerk') || !actor.unit) throw forbidden();
    intakeUnitId = actor.unit.id;
    if (input.manager?.trim()) {
      const key = input.manager.trim().toUpperCase();
      const m = await ctx.db
        .selectFrom('account')
        .select('id')
        .where('kind', '=', 'enterprise')
        .where((eb) => eb.or([eb('credit_code', '=', key), eb('phone', '=', key)]))
        .executeTakeFirst();
      if (!m)
        throw fieldProblem('validation', 'manager', {
          zh: '未找到该企业账号（统一社会信用代码或手机号）',
          en: 'no enterprise account with that credit code or phone',
        });
      managerId = m.id;
    }
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('batch')
      .values({
        complex_name: input.complexName.trim(),
        address: input.address.trim(),
        street_unit_id: street.id,
        opening_on: input.openingOn,
        manager_account_id: managerId,
        intake_unit_id: intakeUnitId,
        created_by: actor.id!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'batch.create',
      entity: 'batch',
      entityId: row.id,
      summary: { complexName: input.complexName.trim() },
    });
    return row.id;
  });
  return getBatch(ctx, actor, id);
}

/** Batches the actor may see: the manager's own; the clerks' of their units. Newest first. */
export async function listBatches(ctx: AppContext, actor: Actor) {
  const rows = (await batches(ctx).orderBy('b.created_at', 'desc').limit(500).execute()).map(toBatch);
  const visible = rows.filter((b) => canSee(actor, b));
  const progress = await Promise.all(visible.map((b) => progressOf(ctx, b.id)));
  return visible.map((b, i) => ({ ...publicBatch(b), summary: progress[i]!.summary }));
}

const publicBatch = (b: BatchRow) => ({
  id: b.id,
  complexName: b.complexName,
  address: b.address,
  streetUnitId: b.streetUnitId,
  streetName: b.streetName,
  openingOn: b.openingOn,
  managerName: b.managerName,
  createdAt: b.createdAt,
});

async function progressOf(ctx: AppContext, batchId: string) {
  const apps = await ctx.db
    .selectFrom('batch_application as ba')
    .innerJoin('application as a', 'a.id', 'ba.application_id')
    .select(['a.id', 'a.application_no', 'a.applicant_name', 'a.submitted_at', 'ba.shop_name', 'ba.added_at'])
    .where('ba.batch_id', '=', batchId)
    .orderBy('ba.added_at')
    .execute();
  const subs = await listSubCases(
    ctx.db,
    apps.map((a) => a.id),
  );
  const shops = apps.map((a) => {
    const s = subs.get(a.id) ?? [];
    const open = s.filter(
      (x) => x.slaDeadline && !['completed', 'refused', 'withdrawn', 'terminated'].includes(x.state),
    );
    const nearest = open.map((x) => x.slaDeadline!).sort((x, y) => x.getTime() - y.getTime())[0] ?? null;
    return {
      applicationId: a.id,
      applicationNo: a.application_no,
      shopName: a.shop_name,
      applicantName: a.applicant_name,
      submittedAt: a.submitted_at,
      status: applicationStatus(s),
      nearestDeadline: nearest,
      items: s.map((x) => ({
        caseId: x.caseId,
        itemName: x.itemName,
        departmentName: x.departmentName,
        state: x.state,
        deadline: x.slaDeadline,
      })),
    };
  });
  const count = (st: string) => shops.filter((s) => s.status === st).length;
  const deadlines = shops.map((s) => s.nearestDeadline).filter((d): d is Date => d !== null);
  return {
    shops,
    summary: {
      total: shops.length,
      done: count('completed'),
      inProgress: count('in-progress'),
      awaitingCorrection: count('awaiting-correction'),
      nearestDeadline: deadlines.sort((x, y) => x.getTime() - y.getTime())[0] ?? null,
    },
  };
}

/** One batch's progress view: every shop's application, its items' states, counts and the nearest deadline. */
export async function getBatch(ctx: AppContext, actor: Actor, id: string) {
  const b = await getBatchRow(ctx, actor, id);
  return { ...publicBatch(b), mayManage: canManage(actor, b), ...(await progressOf(ctx, id)) };
}

async function link(
  trx: Transaction<DB>,
  actor: Actor,
  batchId: string,
  application: { id: string; applicationNo: string },
  shopName: string,
) {
  const taken = await trx
    .selectFrom('batch_application')
    .select('batch_id')
    .where('application_id', '=', application.id)
    .executeTakeFirst();
  if (taken)
    throw fieldProblem('conflict', 'applicationNo', {
      zh: '该办件已在一个批次中',
      en: 'the application is already in a batch',
    });
  await trx
    .insertInto('batch_application')
    .values({
      batch_id: batchId,
      application_id: application.id,
      shop_name: shopName.trim(),
      added_by: actor.id,
    })
    .execute();
  await recordAudit(trx, actor, {
    action: 'batch.add-application',
    entity: 'batch',
    entityId: batchId,
    summary: { applicationNo: application.applicationNo, shopName: shopName.trim() },
  });
}

/** Add an existing application to the batch by its 受理编号: by the batch's clerks or its manager. */
export async function addApplicationByNo(
  ctx: AppContext,
  actor: Actor,
  batchId: string,
  input: { applicationNo: string; shopName: string },
) {
  const b = await getBatchRow(ctx, actor, batchId);
  if (!canManage(actor, b)) throw forbidden();
  const app = await ctx.db
    .selectFrom('application')
    .select(['id', 'application_no'])
    .where('application_no', '=', input.applicationNo.trim().toUpperCase())
    .executeTakeFirst();
  if (!app)
    throw fieldProblem('validation', 'applicationNo', {
      zh: '没有这个受理编号',
      en: 'no application with that number',
    });
  await ctx.db
    .transaction()
    .execute((trx) =>
      link(trx, actor, batchId, { id: app.id, applicationNo: app.application_no }, input.shopName),
    );
  return getBatch(ctx, actor, batchId);
}

/** A clerk takes a shop's application at the window straight into the batch (one transaction). */
export async function submitIntoBatch(
  ctx: AppContext,
  actor: Actor,
  batchId: string,
  shopName: string,
  input: SubmitInput,
  files: UploadedFile[],
) {
  const b = await getBatchRow(ctx, actor, batchId);
  if (!hasRole(actor, 'clerk') || !canManage(actor, b)) throw forbidden();
  if (input.channel === 'online')
    throw new Problem(
      'validation',
      { zh: '批次办件由窗口代为提交', en: 'batch applications are taken at a window' },
      [{ field: 'channel', zh: '请选择窗口或驿站', en: 'choose window or station' }],
    );
  return submitApplication(ctx, actor, input, files, (trx, application) =>
    link(trx, actor, batchId, application, shopName),
  );
}
