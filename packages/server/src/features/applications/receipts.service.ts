import { createReadStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { notFound } from '../../core/problem';
import { renderReceipt, type ReceiptKind } from '../receipts';
import { getApplication } from './application.service';
import { materialPath } from '../../core/files/file-store';

/** Which action of a sub-case's log a receipt records. */
const ACTION_OF: Record<ReceiptKind, string[]> = {
  acceptance: ['accept', 'acceptAndApprove'],
  correction: ['askCorrection'],
  refusal: ['refuse'],
  approval: ['approve', 'acceptAndApprove'],
  denial: ['deny'],
  extension: ['approveExtension'],
};
/** Demo default: corrections are owed within 10 working days of the notice. */
const CORRECTION_DAYS = 10;

const chineseDate = (d: Date) => {
  const s = new Date(d.getTime() + 8 * 3_600_000);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
};

/**
 * The receipt (文书) of one sub-case as a PDF in Chinese: built from the action it records
 * (受理, 补正, 不予受理, 准予/不予许可, 延期); 404 until that action has happened.
 */
export async function receiptPdf(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  caseId: string,
  kind: ReceiptKind,
): Promise<Buffer> {
  const app = await getApplication(ctx, actor, applicationId);
  const sub = app.cases.find((c) => c.caseId === caseId);
  const action = sub?.actions.findLast((a) => ACTION_OF[kind].includes(a.action));
  if (!sub || !action) throw notFound({ zh: '该文书', en: 'this receipt' });
  const calendar = await ctx.calendar.get();
  let deadline: string | undefined;
  if (kind === 'correction') {
    const due = calendar.addWorkingDays(action.at, CORRECTION_DAYS);
    if (due.ok) deadline = chineseDate(due.deadline);
  } else if ((kind === 'acceptance' || kind === 'extension') && sub.sla.kind === 'running') {
    deadline = chineseDate(sub.sla.deadline);
  }
  let licenseNo: string | undefined;
  if (kind === 'approval') {
    const licence = await ctx.db
      .selectFrom('e_license')
      .select('license_no')
      .where('source_application_id', '=', applicationId)
      .where('issuer_unit_id', '=', sub.departmentUnitId)
      .executeTakeFirst();
    licenseNo = licence?.license_no;
  }
  const comment = action.comment?.trim();
  return renderReceipt(kind, {
    applicationNo: app.applicationNo,
    itemName: sub.itemName,
    applicantName: app.applicantName,
    applicantIdMasked: app.applicantId,
    departmentName: sub.departmentName,
    date: chineseDate(action.at),
    ...(deadline ? { deadline } : {}),
    ...(kind === 'correction'
      ? {
          materials: (comment ?? '')
            .split(/[；;\n]/)
            .map((m) => m.trim())
            .filter(Boolean),
        }
      : {}),
    ...(kind === 'acceptance' ? { materials: app.materials.map((m) => m.name) } : {}),
    ...(comment && kind !== 'correction' ? { reason: comment } : {}),
    ...(licenseNo ? { licenseNo } : {}),
  });
}

/** A material file, for the applicant and the staff who may see the application. */
export async function materialFile(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  fileId: string,
): Promise<{ stream: ReadStream; mediaType: string; name: string }> {
  const app = await getApplication(ctx, actor, applicationId);
  const material = app.materials.find((m) => m.fileId === fileId);
  if (!material) throw notFound({ zh: '材料', en: 'material' });
  const file = await ctx.db
    .selectFrom('stored_file')
    .select(['sha256', 'media_type', 'original_name'])
    .where('id', '=', fileId)
    .executeTakeFirstOrThrow();
  return {
    stream: createReadStream(materialPath(ctx.config.dataDir, file.sha256)),
    mediaType: file.media_type,
    name: file.original_name,
  };
}
