/** Work-order photos in the browser: their shape, grouping by stage, shrinking before upload, uploading with progress. */
import { api } from '../../api/client';
import { networkError, parseProblem } from '../../api/problem';
import type { Session } from '../../api/types';

export type PhotoStage = 'report' | 'feedback' | 'verification' | 'other';

export type WorkOrderPhoto = {
  id: string;
  stage: PhotoStage | null;
  actionSeq: number | null;
  uploadedByName: string | null;
  mediaType: string;
  size: number;
  createdAt: string;
  url: string;
};

export const MAX_PHOTOS = 9;
export const STAGE_ORDER: readonly PhotoStage[] = ['report', 'feedback', 'verification', 'other'];

/**
 * Photos grouped by stage in the loop's order, empty stages left out.
 * @example groupByStage(photos) // [{ stage: 'report', photos: [...] }, { stage: 'feedback', photos: [...] }]
 */
export function groupByStage(
  photos: readonly WorkOrderPhoto[],
): { stage: PhotoStage; photos: WorkOrderPhoto[] }[] {
  return STAGE_ORDER.map((stage) => ({
    stage,
    photos: photos.filter((p) => (p.stage ?? 'other') === stage),
  })).filter((g) => g.photos.length > 0);
}

/** The photos that came with one action of the log (by its sequence number). */
export const photosOfAction = (photos: readonly WorkOrderPhoto[], seq: number) =>
  photos.filter((p) => p.actionSeq === seq);

/**
 * The size an image of `width`×`height` is drawn at so its longer side is at most `max`
 * (never enlarged).
 * @example fitWithin(4032, 3024, 2048) // { width: 2048, height: 1536 }
 */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether a chosen file is worth re-encoding before upload: a large photo or one beyond the server's limit. */
export const needsShrinking = (file: { size: number; type: string }) =>
  /^image\//.test(file.type) && file.size > 1_500_000;

const LONG_SIDE = 2048;

async function draw(file: Blob, max: number, type: string, quality: number): Promise<Blob | null> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = fitWithin(bitmap.width, bitmap.height, max);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/**
 * A phone photo of several MB is redrawn at 2048 px as JPEG before it is sent (quicker on a
 * mobile network, under the 10 MB limit, and without its EXIF block); anything else, or a
 * browser that cannot draw it, sends the file as chosen and the server judges it.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (!needsShrinking(file)) return file;
  try {
    const blob = await draw(file, LONG_SIDE, 'image/jpeg', 0.85);
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

/** A small preview as a data: URL (the page's CSP allows data: images, not blob:). */
export async function thumbnailOf(file: File): Promise<string | null> {
  try {
    const blob = await draw(file, 240, 'image/jpeg', 0.8);
    if (!blob) return null;
    return await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => resolve(null);
      reader.readAsDataURL(blob);
    });
  } catch {
    return null;
  }
}

/**
 * Upload photos as multipart `photo` parts, reporting progress 0–1; resolves with the stored
 * photos (their ids go into `photoIds`), rejects with the server's problem.
 * @example const photos = await uploadPhotos('/api/work-order-photos', files, setProgress);
 */
export async function uploadPhotos(
  url: string,
  files: readonly File[],
  onProgress?: (fraction: number) => void,
): Promise<WorkOrderPhoto[]> {
  if (!files.length) return [];
  const { csrfToken } = await api.get<Session>('/api/session');
  const form = new FormData();
  for (const f of files) form.append('photo', f, f.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve((JSON.parse(xhr.responseText) as { items: WorkOrderPhoto[] }).items);
      } else reject(parseProblem(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(networkError());
    xhr.send(form);
  });
}
