import type { Database } from '@yiwang/db';
import { listPhotos, type PhotoRow } from './work-order-photo.repository';

/** A photo as the API shows it: the stage and action it documents, who gave it, where to fetch it. */
export const photoView = (p: PhotoRow) => ({
  id: p.id,
  stage: p.stage,
  actionSeq: p.actionSeq,
  uploadedByName: p.uploadedByName,
  mediaType: p.mediaType,
  size: p.size,
  sha256: p.sha256,
  locationRemoved: p.locationRemoved,
  createdAt: p.createdAt,
  url: `/api/work-order-photos/${p.id}`,
});
export type PhotoView = ReturnType<typeof photoView>;

/**
 * The photos of an order, oldest first (report, then feedback, then verification, as they came).
 *
 * @example
 * const photos = await orderPhotos(ctx.db, order.caseId);
 */
export async function orderPhotos(db: Database, caseId: string): Promise<PhotoView[]> {
  return (await listPhotos(db, [caseId])).map(photoView);
}
