import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { Problem, fieldProblem } from '../../core/problem';
import { bindPhotos, findPhotos, type PhotoStage } from './work-order-photo.repository';

/** At most this many photos go with one report or one action. */
export const MAX_PHOTOS = 9;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The stage a photo given with an action documents: 处理反馈 → feedback; 核查/结案 → verification. */
export function photoStageOf(action: string): PhotoStage {
  if (action === 'feedback') return 'feedback';
  if (action === 'verify' || action === 'rejectVerification' || action === 'close') return 'verification';
  return 'other';
}

/**
 * Check the photo ids a report (caseId null) or an action on an order references, before
 * anything is written: each must exist and be free — uploaded ahead by this actor, or added
 * to this order and held by no action yet. A 400 names `field` otherwise.
 *
 * @example
 * const ids = await photosToAttach(ctx, actor, body.data?.photoIds, orderId, 'data.photoIds');
 */
export async function photosToAttach(
  ctx: AppContext,
  actor: Actor,
  value: unknown,
  caseId: string | null,
  field: string,
): Promise<string[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && UUID.test(v)))
    throw fieldProblem('validation', field, { zh: '照片标识格式不正确', en: 'photo ids are UUIDs' });
  const ids = [...new Set(value.map((v) => v.toLowerCase()))];
  if (ids.length > MAX_PHOTOS)
    throw fieldProblem('validation', field, {
      zh: `每次最多 ${MAX_PHOTOS} 张照片`,
      en: `at most ${MAX_PHOTOS} photos at a time`,
    });
  const rows = await findPhotos(ctx.db, ids);
  const free = rows.filter(
    (p) =>
      p.actionSeq === null &&
      ((p.caseId === null && p.uploadedBy === actor.id) ||
        (caseId !== null && p.caseId === caseId && p.stage === 'other')),
  );
  if (free.length !== ids.length)
    throw fieldProblem('validation', field, {
      zh: '照片不存在，或已用于其他工单或操作',
      en: 'a photo does not exist, or already belongs to another order or action',
    });
  return ids;
}

/**
 * Bind checked photos inside the transaction that writes the report or the action; if one
 * was taken meanwhile the whole transaction fails with 409.
 */
export async function attachPhotos(
  trx: Transaction<DB>,
  ids: readonly string[],
  caseId: string,
  stage: PhotoStage,
  actionSeq: number | null,
): Promise<void> {
  if (!ids.length) return;
  const bound = await bindPhotos(trx, ids, { caseId, stage, actionSeq });
  if (bound !== ids.length)
    throw new Problem('conflict', {
      zh: '照片已被其他操作使用，请刷新后重试',
      en: 'a photo was taken by another action meanwhile: reload and try again',
    });
}
