import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import { scopeOf, type Actor } from '../../core/auth/actor';
import {
  PHOTO_TYPES,
  checkUpload,
  discardUnreferenced,
  filePath,
  storeContent,
  type MediaType,
  type StoredContent,
} from '../../core/files/file-store';
import { stripLocation, type Stripped } from '../../core/files/strip-location';
import { fieldProblem, forbidden, notFound } from '../../core/problem';
import { findOrder } from '../work-orders/work-order.repository';
import { canSee } from '../work-orders/work-order.service';
import { MAX_PHOTOS } from './photos-for-action';
import { orderPhotos, photoView } from './order-photos';
import {
  contentsInUse,
  deleteStaleUploads,
  fileOfPhoto,
  findPhoto,
  insertPhoto,
  lastFeedback,
  listPhotos,
  ordersAwaitingVerification,
} from './work-order-photo.repository';

const ORDER = { zh: '工单', en: 'work order' };
const PHOTO = { zh: '照片', en: 'photo' };

export type UploadedPhoto = { field: string; filename: string; mimetype: string; content: Buffer };

/** Staff who may add photos to an order they can see: its handlers, inspectors, the 城运中心. */
const ADDS_PHOTOS = ['handler', 'inspector', 'dispatcher', 'operator', 'admin'] as const;

async function visibleOrder(ctx: AppContext, actor: Actor, caseId: string) {
  const o = await findOrder(ctx.db, caseId);
  if (!o || !canSee(actor, o)) throw notFound(ORDER);
  return o;
}

/**
 * Store uploaded photos: each checked by its content (JPEG or PNG, ≤ 10 MB), its GPS position
 * removed (`stripLocation`), kept by SHA-256. With `caseId` they belong to that order at once
 * (stage `other` until an action references them); without, they wait for the report that
 * references them and only the uploader sees them. All land or none does.
 */
export async function uploadPhotos(
  ctx: AppContext,
  actor: Actor,
  photos: UploadedPhoto[],
  caseId: string | null,
) {
  if (!actor.id || (actor.kind !== 'staff' && actor.kind !== 'citizen')) throw forbidden();
  if (caseId) {
    await visibleOrder(ctx, actor, caseId);
    if (!hasRole(actor, ...ADDS_PHOTOS)) throw forbidden();
  }
  if (!photos.length)
    throw fieldProblem('validation', 'photo', { zh: '请选择照片', en: 'attach at least one photo' });
  if (photos.length > MAX_PHOTOS)
    throw fieldProblem('validation', 'photo', {
      zh: `每次最多 ${MAX_PHOTOS} 张照片`,
      en: `at most ${MAX_PHOTOS} photos at a time`,
    });
  const checked: Array<Stripped & { mediaType: MediaType; original: UploadedPhoto }> = [];
  for (const p of photos) {
    const mediaType = await checkUpload(p.field, p.content, p, PHOTO_TYPES);
    checked.push({ ...stripLocation(p.content, mediaType), mediaType, original: p });
  }
  const stored: StoredContent[] = [];
  try {
    for (const c of checked) stored.push(await storeContent(ctx.config.dataDir, c.content, c.mediaType));
    const ids = await ctx.db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (const [i, c] of checked.entries()) {
        const s = stored[i]!;
        const file = await trx
          .insertInto('stored_file')
          .values({
            sha256: s.sha256,
            size: s.size,
            media_type: s.mediaType,
            original_name: c.original.filename.slice(0, 200),
            uploaded_by: actor.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        out.push(
          await insertPhoto(trx, {
            fileId: file.id,
            caseId,
            uploadedBy: actor.id!,
            receivedSha256: createHash('sha256').update(c.original.content).digest('hex'),
            locationRemoved: c.removed,
          }),
        );
      }
      return out;
    });
    const rows = await listPhotosById(ctx, ids);
    if (!caseId) await forgetStaleUploads(ctx, actor.id);
    return { items: rows };
  } catch (error) {
    await discardUnreferenced(ctx.db, stored);
    throw error;
  }
}

async function listPhotosById(ctx: AppContext, ids: string[]) {
  const out = [];
  for (const id of ids) out.push(photoView((await findPhoto(ctx.db, id))!));
  return out;
}

/** Photos uploaded ahead of a report are kept this long for the report to take them up. */
export const STALE_UPLOAD_MS = 24 * 3_600_000;

/**
 * Forget this uploader's photos that no report took up within a day (the report was
 * abandoned), and their content unless another file shares it. Runs on their next upload;
 * a failure here never fails the upload that triggered it.
 */
async function forgetStaleUploads(ctx: AppContext, uploadedBy: string) {
  try {
    const removed = await ctx.db
      .transaction()
      .execute((trx) => deleteStaleUploads(trx, uploadedBy, new Date(Date.now() - STALE_UPLOAD_MS)));
    const kept = await contentsInUse(ctx.db, removed);
    for (const sha of new Set(removed))
      if (!kept.has(sha)) await rm(filePath(ctx.config.dataDir, sha), { force: true });
  } catch {
    // best effort: the next upload tries again
  }
}

/** The photos of an order the actor may see. */
export async function listOrderPhotos(ctx: AppContext, actor: Actor, caseId: string) {
  await visibleOrder(ctx, actor, caseId);
  return { items: await orderPhotos(ctx.db, caseId) };
}

/**
 * One photo's bytes: for whoever may see its order, or — uploaded ahead of a report — only
 * for its uploader. Anyone else gets 404, as if it did not exist.
 */
export async function photoFile(
  ctx: AppContext,
  actor: Actor,
  photoId: string,
): Promise<{ stream: ReadStream; mediaType: string; size: number; sha256: string }> {
  const p = await findPhoto(ctx.db, photoId);
  if (!p) throw notFound(PHOTO);
  if (p.caseId) {
    const o = await findOrder(ctx.db, p.caseId);
    if (!o || !canSee(actor, o)) throw notFound(PHOTO);
  } else if (p.uploadedBy !== actor.id) throw notFound(PHOTO);
  const f = await fileOfPhoto(ctx.db, photoId);
  return {
    stream: createReadStream(filePath(ctx.config.dataDir, f.sha256)),
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
  };
}

/**
 * 待核查 — the inspector's list: orders fed back (or being verified) whose place is in the
 * actor's street (every street for the 城运中心 and district staff), with the last feedback
 * and its photos, the longest waiting first.
 */
export async function awaitingVerification(
  ctx: AppContext,
  actor: Actor,
  page: { page: number; pageSize: number },
) {
  const scope = scopeOf(actor);
  const streetPath =
    scope.kind === 'all' || hasRole(actor, 'dispatcher')
      ? null
      : scope.kind === 'subtree'
        ? scope.path
        : undefined;
  if (streetPath === undefined) return { items: [], total: 0, ...page };
  const { rows, total } = await ordersAwaitingVerification(ctx.db, streetPath, page);
  const ids = rows.map((r) => r.caseId);
  const [photos, feedback] = await Promise.all([listPhotos(ctx.db, ids), lastFeedback(ctx.db, ids)]);
  return {
    items: rows.map((o) => {
      const fb = feedback.find((f) => f.caseId === o.caseId);
      return {
        caseId: o.caseId,
        orderNo: o.orderNo,
        categoryCode: o.categoryCode,
        categoryName: o.categoryName,
        streetName: o.streetName,
        committeeName: o.committeeName,
        address: o.address,
        latitude: o.latitude,
        longitude: o.longitude,
        description: o.description,
        responsibleUnitName: o.responsibleUnitName,
        state: o.state,
        version: o.version,
        createdAt: o.createdAt,
        feedback: fb ? { seq: fb.seq, comment: fb.comment, at: fb.at, actorName: fb.actorName } : null,
        photos: photos.filter((p) => p.caseId === o.caseId).map(photoView),
      };
    }),
    total,
    ...page,
  };
}
