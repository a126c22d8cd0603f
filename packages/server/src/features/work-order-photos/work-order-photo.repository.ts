import { sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '@yiwang/db';
import { orderQuery } from '../work-orders/work-order.repository';

/** 照片所属环节 — which stage of the loop a photo documents. */
export const PHOTO_STAGES = ['report', 'feedback', 'verification', 'other'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

export type PhotoRow = {
  id: string;
  caseId: string | null;
  stage: PhotoStage | null;
  actionSeq: number | null;
  uploadedBy: string;
  uploadedByName: string | null;
  mediaType: string;
  size: number;
  sha256: string;
  locationRemoved: boolean;
  createdAt: Date;
};

const photoQuery = (db: Database) =>
  db
    .selectFrom('work_order_photo as p')
    .innerJoin('stored_file as f', 'f.id', 'p.file_id')
    .leftJoin('account as a', 'a.id', 'p.uploaded_by')
    .select([
      'p.id',
      'p.case_id as caseId',
      'p.stage',
      'p.action_seq as actionSeq',
      'p.uploaded_by as uploadedBy',
      'a.display_name as uploadedByName',
      'f.media_type as mediaType',
      'f.size',
      'f.sha256',
      'p.location_removed as locationRemoved',
      'p.created_at as createdAt',
    ]);

const toPhoto = (r: Record<string, unknown>) => r as PhotoRow;

export async function findPhoto(db: Database, id: string): Promise<PhotoRow | undefined> {
  const r = await photoQuery(db).where('p.id', '=', id).executeTakeFirst();
  return r && toPhoto(r);
}

export async function findPhotos(db: Database, ids: readonly string[]): Promise<PhotoRow[]> {
  if (!ids.length) return [];
  return (await photoQuery(db).where('p.id', 'in', ids).execute()).map(toPhoto);
}

/** The photos of orders, oldest first. */
export async function listPhotos(db: Database, caseIds: readonly string[]): Promise<PhotoRow[]> {
  if (!caseIds.length) return [];
  return (
    await photoQuery(db).where('p.case_id', 'in', caseIds).orderBy('p.created_at').orderBy('p.id').execute()
  ).map(toPhoto);
}

export async function insertPhoto(
  db: Database,
  values: {
    fileId: string;
    caseId: string | null;
    uploadedBy: string;
    receivedSha256: string;
    locationRemoved: boolean;
  },
): Promise<string> {
  const row = await db
    .insertInto('work_order_photo')
    .values({
      file_id: values.fileId,
      case_id: values.caseId,
      stage: values.caseId ? 'other' : null,
      uploaded_by: values.uploadedBy,
      received_sha256: values.receivedSha256,
      location_removed: values.locationRemoved,
      // several photos of one upload share a transaction: clock time keeps the order they came in
      created_at: sql<Date>`clock_timestamp()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Give photos to an order's stage (and action): only photos no action holds yet — uploaded
 * ahead of a report, or added to this order without one. Returns how many were bound, so a
 * caller in a transaction can tell that someone else took one first.
 */
export async function bindPhotos(
  db: Database,
  ids: readonly string[],
  to: { caseId: string; stage: PhotoStage; actionSeq: number | null },
): Promise<number> {
  if (!ids.length) return 0;
  const result = await db
    .updateTable('work_order_photo')
    .set({ case_id: to.caseId, stage: to.stage, action_seq: to.actionSeq })
    .where('id', 'in', ids)
    .where('action_seq', 'is', null)
    .where((eb) =>
      eb.or([eb('case_id', 'is', null), eb.and([eb('case_id', '=', to.caseId), eb('stage', '=', 'other')])]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function fileOfPhoto(db: Database, id: string) {
  return db
    .selectFrom('work_order_photo as p')
    .innerJoin('stored_file as f', 'f.id', 'p.file_id')
    .select(['f.sha256', 'f.media_type as mediaType', 'f.size'])
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * Orders waiting for verification (处理反馈·待核查 and 核查中) whose place lies in a street
 * path (null: anywhere), the longest waiting first.
 */
export async function ordersAwaitingVerification(
  db: Database,
  streetPath: string | null,
  page: { page: number; pageSize: number },
) {
  let q = orderQuery(db).where('k.state', 'in', ['fedBack', 'verifying']);
  if (streetPath !== null)
    q = q.where((eb) => {
      const ors: Expression<SqlBool>[] = [
        eb('s.path', '=', streetPath),
        eb('s.path', 'like', `${streetPath}/%`),
      ];
      return eb.or(ors);
    });
  const total = Number(
    (
      await q
        .clearSelect()
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const rows = await q
    .orderBy('k.updated_at')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { rows, total };
}

/** The last feedback (处理反馈) of each order: who, when, what they said. */
export async function lastFeedback(db: Database, caseIds: readonly string[]) {
  if (!caseIds.length) return [];
  return db
    .selectFrom('workflow_action as w')
    .leftJoin('account as a', 'a.id', 'w.actor_id')
    .select(['w.case_id as caseId', 'w.seq', 'w.comment', 'w.at', 'a.display_name as actorName'])
    .distinctOn('w.case_id')
    .where('w.case_id', 'in', caseIds)
    .where('w.action', '=', 'feedback')
    .orderBy('w.case_id')
    .orderBy(sql`w.seq desc`)
    .execute();
}

/**
 * Remove an uploader's photos that no report took up before `before` (uploaded ahead, then
 * abandoned), with their file rows; returns the removed files' SHA-256 so the caller can
 * delete content nothing else refers to.
 */
export async function deleteStaleUploads(db: Database, uploadedBy: string, before: Date): Promise<string[]> {
  const gone = await db
    .deleteFrom('work_order_photo')
    .where('uploaded_by', '=', uploadedBy)
    .where('case_id', 'is', null)
    .where('created_at', '<', before)
    .returning('file_id')
    .execute();
  if (!gone.length) return [];
  const files = await db
    .deleteFrom('stored_file')
    .where(
      'id',
      'in',
      gone.map((g) => g.file_id),
    )
    .returning('sha256')
    .execute();
  return files.map((f) => f.sha256);
}

/** Which of these contents some stored file still refers to. */
export async function contentsInUse(db: Database, sha256s: readonly string[]): Promise<Set<string>> {
  if (!sha256s.length) return new Set();
  const rows = await db.selectFrom('stored_file').select('sha256').where('sha256', 'in', sha256s).execute();
  return new Set(rows.map((r) => r.sha256));
}
