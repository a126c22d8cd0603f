import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import {
  LICENCE_CASE_WORKFLOW,
  formSchemaToZod,
  maskResidentId,
  type ServiceItemDefinition,
  type ServiceMaterial,
} from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { scopeOf, type Actor } from '../../core/auth/actor';
import { hasRole } from '../../core/auth/access';
import { hashPassword } from '../../core/auth/password';
import { newToken } from '../../core/auth/session.repository';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound, type FieldError } from '../../core/problem';
import { actOnCase, canSeeCase, getCase, openCaseIn } from '../../core/workflow/workflow.service';
import { findBundleByCode, findItemByCode, getItemVersion } from '../catalogue/catalogue.repository';
import { findValidLicenses, issueLicense } from '../licenses/license.service';
import { assertPledgeAllowed, notifyApplicant, scheduleToleranceCheck } from './application-rules';
import { discardUnreferenced, storeMaterial, type StoredContent } from '../../core/files/file-store';
import {
  findApplication,
  listMaterials,
  listQueue,
  listSubCases,
  nextApplicationNo,
  type SubCaseRow,
} from './application.repository';

const APPLICATION = { zh: '办件', en: 'application' };
const TERMINAL = new Set(['completed', 'refused', 'withdrawn', 'terminated']);

export type UploadedFile = { field: string; filename: string; mimetype: string; content: Buffer };

export type SubmitInput = {
  itemCode?: string | undefined;
  bundleCode?: string | undefined;
  form: Record<string, unknown>;
  channel: 'online' | 'window' | 'station';
  /** For the window and the stations: who is applying (registered, or registered here with name and phone). */
  applicant?:
    | {
        idNumber?: string | undefined;
        creditCode?: string | undefined;
        name?: string | undefined;
        phone?: string | undefined;
      }
    | undefined;
  /** 告知承诺: the applicant pledges instead of proving a condition. */
  pledge?: boolean | undefined;
  /** 容缺受理: material keys missing now, owed later. */
  tolerated?: string[] | undefined;
  remoteConsultation?: string | undefined;
};

type Applicant = { accountId: string; kind: 'citizen' | 'enterprise'; name: string; holderId: string };
type PlannedItem = {
  itemId: string;
  version: number;
  definition: ServiceItemDefinition;
  departmentUnitId: string;
};

/** Who applies: the signed-in citizen or enterprise online; the person a clerk serves at a window or station. */
async function resolveApplicant(ctx: AppContext, actor: Actor, input: SubmitInput): Promise<Applicant> {
  if (input.channel === 'online') {
    if (actor.kind !== 'citizen' && actor.kind !== 'enterprise') {
      throw fieldProblem('forbidden', 'channel', {
        zh: '网上申请须由市民或企业本人提交',
        en: 'online applications are filed by the applicant',
      });
    }
    const a = await ctx.db
      .selectFrom('account')
      .select(['id', 'display_name', 'id_number', 'credit_code'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    return {
      accountId: a.id,
      kind: actor.kind,
      name: a.display_name,
      holderId: (a.id_number ?? a.credit_code)!,
    };
  }
  if (!hasRole(actor, 'clerk')) {
    throw fieldProblem('forbidden', 'channel', {
      zh: '只有窗口或驿站工作人员可代为申请',
      en: 'only window or station staff apply on behalf of someone',
    });
  }
  const who = input.applicant ?? {};
  const number = (who.idNumber ?? who.creditCode ?? '').toUpperCase();
  if (!number)
    throw fieldProblem('validation', 'applicant.idNumber', {
      zh: '请填写申请人的身份证号或统一社会信用代码',
      en: "give the applicant's ID number or credit code",
    });
  const found = await ctx.db
    .selectFrom('account')
    .select(['id', 'kind', 'display_name'])
    .where((eb) => eb.or([eb('id_number', '=', number), eb('credit_code', '=', number)]))
    .where('kind', 'in', ['citizen', 'enterprise'])
    .executeTakeFirst();
  if (found)
    return {
      accountId: found.id,
      kind: found.kind as 'citizen' | 'enterprise',
      name: found.display_name,
      holderId: number,
    };
  if (!who.idNumber || !who.name || !who.phone) {
    throw fieldProblem('validation', 'applicant.name', {
      zh: '该申请人尚未注册：请填写姓名和手机号，窗口将为其建档',
      en: 'the applicant is not registered: give their name and phone to register them here',
    });
  }
  // Registered at the window: a random password; the person can sign in after resetting it by phone.
  const row = await ctx.db
    .insertInto('account')
    .values({
      kind: 'citizen',
      display_name: who.name,
      password_hash: await hashPassword(newToken()),
      roles: ['citizen'],
      id_number: number,
      phone: who.phone,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { accountId: row.id, kind: 'citizen', name: who.name, holderId: number };
}

async function planItems(
  ctx: AppContext,
  input: SubmitInput,
): Promise<{ items: PlannedItem[]; bundle?: { id: string; version: number } }> {
  const codes: string[] = [];
  let bundle: { id: string; version: number } | undefined;
  if (input.bundleCode) {
    const b = await findBundleByCode(ctx.db, input.bundleCode);
    if (!b) throw fieldProblem('validation', 'bundleCode', { zh: '没有这项“一件事”', en: 'no such bundle' });
    bundle = { id: b.id, version: b.version };
    codes.push(...b.definition.itemCodes);
  } else if (input.itemCode) {
    codes.push(input.itemCode);
  } else {
    throw fieldProblem('validation', 'itemCode', { zh: '请选择要办理的事项', en: 'choose a service item' });
  }
  const items: PlannedItem[] = [];
  for (const code of codes) {
    const item = await findItemByCode(ctx.db, code);
    if (!item)
      throw fieldProblem('validation', 'itemCode', { zh: `没有事项 ${code}`, en: `no service item ${code}` });
    items.push({
      itemId: item.id,
      version: item.version,
      definition: item.definition,
      departmentUnitId: item.departmentUnitId,
    });
  }
  return bundle ? { items, bundle } : { items };
}

/** One form for all items: fields with the same key are asked once (一表申请). */
function validateForm(items: PlannedItem[], form: Record<string, unknown>): Record<string, unknown> {
  const errors: FieldError[] = [];
  const clean: Record<string, unknown> = {};
  const known = new Set(items.flatMap((i) => i.definition.form.fields.map((f) => f.key)));
  for (const key of Object.keys(form)) {
    if (!known.has(key))
      errors.push({ field: `form.${key}`, zh: `表单中没有字段 ${key}`, en: `the form has no field ${key}` });
  }
  for (const item of items) {
    const own = Object.fromEntries(
      item.definition.form.fields.filter((f) => f.key in form).map((f) => [f.key, form[f.key]]),
    );
    const result = formSchemaToZod(item.definition.form).safeParse(own);
    if (result.success) Object.assign(clean, result.data);
    else {
      for (const issue of result.error.issues) {
        const field = `form.${issue.path.join('.')}`;
        if (errors.some((e) => e.field === field)) continue;
        const p = (issue as { params?: { zh?: string; en?: string } }).params;
        errors.push({ field, zh: p?.zh ?? issue.message, en: p?.en ?? issue.message });
      }
    }
  }
  if (errors.length)
    throw new Problem(
      'validation',
      { zh: '申请表有误，请检查标出的字段', en: 'the form has invalid fields' },
      errors,
    );
  return clean;
}

type MaterialPlan = {
  material: ServiceMaterial;
  source: 'upload' | 'elicense' | 'district' | 'tolerated';
  licenseId?: string;
  file?: UploadedFile;
};

/** Which materials come from where: the e-license library and the district's data first (两个免于提交), then uploads, then 容缺. */
async function planMaterials(
  ctx: AppContext,
  items: PlannedItem[],
  applicant: Applicant,
  files: UploadedFile[],
  tolerated: string[],
) {
  const plans = new Map<string, MaterialPlan>();
  const errors: FieldError[] = [];
  const toleranceAllowed = items.every((i) => i.definition.toleranceAllowed);
  const licences = await findValidLicenses(ctx.db, {
    holderId: applicant.holderId,
    typeCodes: items.flatMap((i) =>
      i.definition.materials.flatMap((m) =>
        m.source === 'elicense' && m.licenseType ? [m.licenseType] : [],
      ),
    ),
  });
  for (const item of items) {
    for (const m of item.definition.materials) {
      if (plans.has(m.key)) continue;
      const file = files.find((f) => f.field === `material.${m.key}`);
      if (m.source === 'elicense' && m.licenseType) {
        const licence = licences.get(m.licenseType);
        if (licence) {
          plans.set(m.key, { material: m, source: 'elicense', licenseId: licence.id });
          continue;
        }
      }
      // 证照联办: a licence another item of the same bundle issues is not asked for; it is linked when issued.
      // Only another item counts: an item that renews or changes its own licence still needs it.
      const askers = items.filter((i) => i.definition.materials.some((x) => x.key === m.key));
      const issuedHere =
        m.source === 'elicense' &&
        items.some((i) => !askers.includes(i) && i.definition.issuesLicenseType === m.licenseType);
      if (m.source === 'district' || issuedHere) {
        plans.set(m.key, { material: m, source: 'district' });
        continue;
      }
      if (file) plans.set(m.key, { material: m, source: 'upload', file });
      else if (m.required && tolerated.includes(m.key) && toleranceAllowed && m.tolerable)
        plans.set(m.key, { material: m, source: 'tolerated' });
      else if (m.required)
        errors.push({
          field: `materials.${m.key}`,
          zh: `缺少材料：${m.name}`,
          en: `missing material: ${m.name}`,
        });
    }
  }
  if (errors.length)
    throw new Problem('validation', { zh: '材料不齐全', en: 'materials are missing' }, errors);
  return [...plans.values()];
}

/**
 * Submit an application — one item, or a bundle whose items become parallel sub-cases in
 * their departments — with its form and materials, in one transaction: either everything
 * lands (application, sub-cases, materials, files) or nothing does and the files this
 * request wrote are removed.
 */
export async function submitApplication(
  ctx: AppContext,
  actor: Actor,
  input: SubmitInput,
  files: UploadedFile[],
  /** Runs inside the submission's transaction, e.g. to add the application to a 一楼一次办 batch. */
  inTransaction?: (trx: Transaction<DB>, application: { id: string; applicationNo: string }) => Promise<void>,
) {
  const { items, bundle } = await planItems(ctx, input);
  const form = validateForm(items, input.form);
  if (input.pledge && !items.every((i) => i.definition.pledgeAllowed && i.definition.riskLevel !== 'high')) {
    throw fieldProblem('validation', 'pledge', {
      zh: '所选事项不适用告知承诺制',
      en: 'the chosen items do not allow the pledge procedure',
    });
  }
  const applicant = await resolveApplicant(ctx, actor, input);
  if (input.pledge) await assertPledgeAllowed(ctx.db, applicant.holderId);
  const materials = await planMaterials(ctx, items, applicant, files, input.tolerated ?? []);
  const stored: StoredContent[] = [];
  try {
    for (const p of materials) {
      if (p.file)
        stored.push(
          await storeMaterial(ctx.config.dataDir, `materials.${p.material.key}`, p.file.content, p.file),
        );
    }
    const intakeUnitId = input.channel === 'online' ? null : (actor.unit?.id ?? null);
    const calendar = await ctx.calendar.get();
    return await ctx.db.transaction().execute(async (trx) => {
      const now = new Date();
      const row = await trx
        .insertInto('application')
        .values({
          application_no: await nextApplicationNo(trx, now),
          applicant_account_id: applicant.accountId,
          applicant_kind: applicant.kind,
          applicant_name: applicant.name,
          applicant_id: applicant.holderId,
          channel: input.channel,
          intake_unit_id: intakeUnitId,
          taken_by: input.channel === 'online' ? null : actor.id,
          bundle_id: bundle?.id ?? null,
          bundle_version: bundle?.version ?? null,
          form: JSON.stringify(form),
          pledge: input.pledge ?? false,
          remote_consultation: input.remoteConsultation ?? null,
        })
        .returning(['id', 'application_no'])
        .executeTakeFirstOrThrow();
      for (const item of items) {
        const caseId = await openCaseIn(trx, ctx, actor, {
          workflow: LICENCE_CASE_WORKFLOW.key,
          title: item.definition.name,
          unitId: item.departmentUnitId,
          ownerAccountId: applicant.accountId,
          intakeUnitId,
          slaOverrides: { case: Math.max(item.definition.promisedLimitDays, 1) },
        });
        await trx
          .insertInto('application_item')
          .values({
            case_id: caseId,
            application_id: row.id,
            item_id: item.itemId,
            item_version: item.version,
            department_unit_id: item.departmentUnitId,
          })
          .execute();
      }
      const maxPromise = Math.max(1, ...items.map((i) => i.definition.promisedLimitDays));
      const owedBy = calendar.addWorkingDays(now, maxPromise);
      const materialRows = [];
      for (const [i, p] of materials.entries()) {
        let fileId: string | null = null;
        if (p.file) {
          const s = stored[materials.slice(0, i).filter((q) => q.file).length]!;
          const f = await trx
            .insertInto('stored_file')
            .values({
              sha256: s.sha256,
              size: s.size,
              media_type: s.mediaType,
              original_name: p.file.filename.slice(0, 200),
              uploaded_by: actor.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          fileId = f.id;
        }
        materialRows.push({
          application_id: row.id,
          material_key: p.material.key,
          name: p.material.name,
          source: p.source,
          file_id: fileId,
          license_id: p.licenseId ?? null,
          due_by: p.source === 'tolerated' && owedBy.ok ? owedBy.deadline : null,
        });
      }
      if (materialRows.length) await trx.insertInto('application_material').values(materialRows).execute();
      if (owedBy.ok)
        for (const p of materials)
          if (p.source === 'tolerated')
            await scheduleToleranceCheck(trx, row.id, p.material.key, owedBy.deadline);
      await recordAudit(trx, actor, {
        action: 'application.submit',
        entity: 'application',
        entityId: row.id,
        summary: {
          no: row.application_no,
          channel: input.channel,
          items: items.map((i) => i.definition.code),
          bundle: input.bundleCode ?? null,
        },
      });
      await inTransaction?.(trx, { id: row.id, applicationNo: row.application_no });
      return { id: row.id, applicationNo: row.application_no };
    });
  } catch (error) {
    await discardUnreferenced(ctx.db, stored);
    throw error;
  }
}

/** Derived from the sub-cases: all finished → completed; any awaiting corrections → that; else in progress. */
export function applicationStatus(
  subs: Pick<SubCaseRow, 'state'>[],
): 'completed' | 'awaiting-correction' | 'in-progress' {
  if (subs.every((s) => TERMINAL.has(s.state))) return 'completed';
  if (subs.some((s) => s.state === 'correcting')) return 'awaiting-correction';
  return 'in-progress';
}

const canSeeApplication = (actor: Actor, app: { applicantAccountId: string }, subs: SubCaseRow[]) =>
  actor.id === app.applicantAccountId ||
  subs.some((s) =>
    canSeeCase(actor, { ownerAccountId: null, unitPath: s.departmentPath, intakeUnitPath: s.intakeUnitPath }),
  );

/** An application as its applicant or a handler sees it: sub-cases with their logs, deadlines and next actions; materials and where they came from. */
export async function getApplication(ctx: AppContext, actor: Actor, id: string) {
  const app = await findApplication(ctx.db, id);
  const subs = app ? ((await listSubCases(ctx.db, [id])).get(id) ?? []) : [];
  if (!app || !canSeeApplication(actor, app, subs)) throw notFound(APPLICATION);
  const cases = [];
  for (const s of subs) {
    const visible =
      actor.id === app.applicantAccountId ||
      canSeeCase(actor, {
        ownerAccountId: null,
        unitPath: s.departmentPath,
        intakeUnitPath: s.intakeUnitPath,
      });
    if (!visible) continue; // a department sees its own sub-cases of a bundle
    const view = await getCase(ctx, actor, s.caseId);
    cases.push({ ...s, sla: view.sla, actions: view.actions, available: view.available });
  }
  const mine = actor.id === app.applicantAccountId;
  return {
    id: app.id,
    applicationNo: app.applicationNo,
    applicantName: app.applicantName,
    applicantId: app.applicantKind === 'citizen' ? maskResidentId(app.applicantId) : app.applicantId,
    applicantKind: app.applicantKind,
    channel: app.channel,
    pledge: app.pledge,
    form: mine || hasRole(actor, 'clerk', 'reviewer') ? app.form : {},
    submittedAt: app.submittedAt,
    status: applicationStatus(subs),
    cases,
    materials: await listMaterials(ctx.db, id),
  };
}

/** The applicant's own applications, newest first. */
export async function listMyApplications(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db
    .selectFrom('application')
    .select(['id', 'application_no', 'submitted_at', 'channel'])
    .where('applicant_account_id', '=', actor.id ?? '')
    .orderBy('submitted_at', 'desc')
    .limit(200)
    .execute();
  const subs = await listSubCases(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const s = subs.get(r.id) ?? [];
    return {
      id: r.id,
      applicationNo: r.application_no,
      submittedAt: r.submitted_at,
      channel: r.channel,
      items: s.map((x) => ({
        caseId: x.caseId,
        itemName: x.itemName,
        state: x.state,
        deadline: x.slaDeadline,
        unknownYear: x.slaUnknownYear,
      })),
      status: applicationStatus(s),
    };
  });
}

/** The handler's queue: open sub-cases in scope, nearest deadline first, with the 80% warning. */
export async function queue(
  ctx: AppContext,
  actor: Actor,
  f: { states?: string[] | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await listQueue(ctx.db, scopeOf(actor), f);
  const now = Date.now();
  const warnings = await ctx.db
    .selectFrom('workflow_timer')
    .select(['case_id', 'kind', 'due_at'])
    .where(
      'case_id',
      'in',
      rows.length ? rows.map((r) => r.sub.caseId) : ['00000000-0000-0000-0000-000000000000'],
    )
    .where('kind', '=', 'sla.warn')
    .where('cancelled_at', 'is', null)
    .execute();
  const warnAt = new Map(warnings.map((w) => [w.case_id, w.due_at.getTime()]));
  return {
    total,
    items: rows.map((r) => ({
      applicationId: r.applicationId,
      applicationNo: r.applicationNo,
      applicantName: r.applicantName,
      channel: r.channel,
      submittedAt: r.submittedAt,
      caseId: r.sub.caseId,
      itemName: r.sub.itemName,
      departmentName: r.sub.departmentName,
      state: r.sub.state,
      version: r.sub.version,
      deadline: r.sub.slaDeadline,
      unknownYear: r.sub.slaUnknownYear,
      urgency: !r.sub.slaDeadline
        ? 'none'
        : r.sub.slaDeadline.getTime() < now
          ? 'overdue'
          : (warnAt.get(r.sub.caseId) ?? Infinity) <= now
            ? 'warning'
            : 'normal',
    })),
  };
}

/**
 * Take an action on one sub-case of an application. On approval of an item that issues an
 * e-license, the licence is issued in the same transaction and lands in the holder's wallet;
 * supplying corrections can carry new material files.
 */
export async function actOnApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  caseId: string,
  input: {
    action: string;
    expectedVersion: number;
    comment?: string | undefined;
    data?: Record<string, unknown> | undefined;
  },
  files: UploadedFile[] = [],
) {
  const app = await findApplication(ctx.db, applicationId);
  const sub = app
    ? (await listSubCases(ctx.db, [applicationId])).get(applicationId)?.find((s) => s.caseId === caseId)
    : undefined;
  if (!app || !sub) throw notFound(APPLICATION);
  if (input.action === 'extend') {
    const by = Number(input.data?.extendBy ?? 10);
    if (!Number.isInteger(by) || by < 1 || by > 10) {
      throw fieldProblem('validation', 'data.extendBy', {
        zh: '延长期限为 1–10 个工作日',
        en: 'an extension is 1–10 working days',
      });
    }
    input = { ...input, data: { ...input.data, extendBy: by } };
  }
  if (input.action === 'approveExtension') {
    // The approval carries the days and the reason of the request it approves.
    const log =
      (await getApplication(ctx, actor, applicationId)).cases.find((c) => c.caseId === caseId)?.actions ?? [];
    const request = log.findLast((a) => a.action === 'extend');
    const approved = request && log.some((a) => a.action === 'approveExtension' && a.seq > request.seq);
    if (!request || approved) {
      throw fieldProblem('conflict', 'action', {
        zh: '没有待批准的延期申请',
        en: 'there is no extension request to approve',
      });
    }
    input = {
      ...input,
      comment: input.comment ?? request.comment,
      data: { ...input.data, extendBy: request.data?.extendBy ?? 10 },
    };
  }
  if (files.length && input.action !== 'supplyCorrection') throw forbidden();
  const stored: StoredContent[] = [];
  try {
    for (const f of files) stored.push(await storeMaterial(ctx.config.dataDir, f.field, f.content, f));
    await actOnCase(ctx, actor, caseId, input, async (trx, outcome) => {
      await supersedeMaterials(trx, actor, applicationId, files, stored);
      if (outcome.toState === 'approved') await issueOnApproval(trx, actor, app, sub);
      await notifyApplicant(trx, app, sub.itemName, input.action, input.comment);
    });
  } catch (error) {
    await discardUnreferenced(ctx.db, stored);
    throw error;
  }
  return getApplication(ctx, actor, applicationId);
}

async function supersedeMaterials(
  trx: Transaction<DB>,
  actor: Actor,
  applicationId: string,
  files: UploadedFile[],
  stored: StoredContent[],
) {
  for (const [i, f] of files.entries()) {
    const key = f.field.replace(/^material\./, '');
    const s = stored[i]!;
    const file = await trx
      .insertInto('stored_file')
      .values({
        sha256: s.sha256,
        size: s.size,
        media_type: s.mediaType,
        original_name: f.filename.slice(0, 200),
        uploaded_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const previous = await trx
      .selectFrom('application_material')
      .select('name')
      .where('application_id', '=', applicationId)
      .where('material_key', '=', key)
      .executeTakeFirst();
    await trx
      .insertInto('application_material')
      .values({
        application_id: applicationId,
        material_key: key,
        name: previous?.name ?? key,
        source: 'upload',
        file_id: file.id,
      })
      .execute();
  }
}

async function issueOnApproval(
  trx: Transaction<DB>,
  actor: Actor,
  app: {
    id: string;
    applicantAccountId: string;
    applicantKind: string;
    applicantId: string;
    applicantName: string;
    form: Record<string, unknown>;
  },
  sub: SubCaseRow,
) {
  const { definition: item } = await getItemVersion(trx, sub.itemId, sub.itemVersion);
  if (!item.issuesLicenseType) return;
  await issueLicense(trx, actor, {
    typeCode: item.issuesLicenseType,
    holderKind: app.applicantKind === 'citizen' ? 'person' : 'enterprise',
    holderAccountId: app.applicantAccountId,
    holderId: app.applicantId,
    holderName: app.applicantName,
    title: item.name,
    data: app.form,
    issuerUnitId: sub.departmentUnitId,
    sourceApplicationId: app.id,
  });
}

/**
 * Supply materials owed under 容缺受理 (or a better copy) outside a correction: the applicant
 * or a clerk of the intake unit uploads them; the newest file of a key is the current one.
 */
export async function supplyMaterials(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  files: UploadedFile[],
) {
  const view = await getApplication(ctx, actor, applicationId);
  const app = (await findApplication(ctx.db, applicationId))!;
  if (actor.id !== app.applicantAccountId && !hasRole(actor, 'clerk')) throw forbidden();
  if (!files.length)
    throw fieldProblem('validation', 'materials', { zh: '请上传材料', en: 'upload at least one material' });
  for (const f of files) {
    if (!view.materials.some((m) => `material.${m.key}` === f.field)) {
      throw fieldProblem('validation', f.field, {
        zh: '该办件没有这项材料',
        en: 'this application has no such material',
      });
    }
  }
  const stored: StoredContent[] = [];
  try {
    for (const f of files) stored.push(await storeMaterial(ctx.config.dataDir, f.field, f.content, f));
    await ctx.db.transaction().execute(async (trx) => {
      await supersedeMaterials(trx, actor, applicationId, files, stored);
      await recordAudit(trx, actor, {
        action: 'application.materials',
        entity: 'application',
        entityId: applicationId,
        summary: { keys: files.map((f) => f.field) },
      });
    });
  } catch (error) {
    await discardUnreferenced(ctx.db, stored);
    throw error;
  }
  return getApplication(ctx, actor, applicationId);
}
