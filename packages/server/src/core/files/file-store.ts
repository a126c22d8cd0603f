import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Database } from '@yiwang/db';
import { fieldProblem } from '../problem';
import { checkImageDimensions } from './decompression-limits';

/** The largest file anyone may upload: 一网通办 materials and work-order photos alike. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Media types an upload may have (judged by content), with the name users see. */
export const MEDIA_NAMES = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
} as const;
export type MediaType = keyof typeof MEDIA_NAMES;
export const MATERIAL_TYPES: readonly MediaType[] = ['application/pdf', 'image/jpeg', 'image/png'];
export const PHOTO_TYPES: readonly MediaType[] = ['image/jpeg', 'image/png'];

export type StoredContent = {
  sha256: string;
  size: number;
  mediaType: MediaType;
  path: string;
  written: boolean;
};

export type Declared = { filename: string; mimetype: string };

/**
 * Check an upload by its content: not empty, at most 10 MB, one of `accept` by its bytes (the
 * name and the declared type must agree with the content), and an image no larger than
 * `MAX_IMAGE_PIXELS` by its header (a decompression bomb is refused before anything decodes
 * it). Returns the sniffed type; the problem names `field`.
 *
 * @example
 * const type = await checkUpload('photo', buffer, { filename: 'a.jpg', mimetype: 'image/jpeg' }, PHOTO_TYPES);
 */
export async function checkUpload(
  field: string,
  content: Buffer,
  declared: Declared,
  accept: readonly MediaType[],
): Promise<MediaType> {
  if (content.length === 0)
    throw fieldProblem('validation', field, { zh: '文件为空', en: 'the file is empty' });
  if (content.length > MAX_UPLOAD_BYTES) {
    throw fieldProblem('payload-too-large', field, {
      zh: '文件超过 10 MB',
      en: 'the file is larger than 10 MB',
    });
  }
  const names = accept.map((t) => MEDIA_NAMES[t]);
  const sniffed = await fileTypeFromBuffer(content);
  const mediaType = accept.find((t) => t === sniffed?.mime);
  if (!sniffed || !mediaType) {
    throw fieldProblem('unsupported-media-type', field, {
      zh: `只接受 ${names.join('、')} 文件（按文件内容判断）`,
      en: `only ${names.join(', ')} files are accepted (judged by their content)`,
    });
  }
  const extension = /\.([a-z0-9]+)$/i.exec(declared.filename)?.[1]?.toLowerCase();
  const nameFits = !extension || sniffed.ext === extension || (sniffed.ext === 'jpg' && extension === 'jpeg');
  const typeFits =
    !declared.mimetype ||
    declared.mimetype === 'application/octet-stream' ||
    declared.mimetype === sniffed.mime;
  if (!nameFits || !typeFits) {
    throw fieldProblem('unsupported-media-type', field, {
      zh: `文件内容是 ${MEDIA_NAMES[mediaType]}，与文件名或声明的类型不符`,
      en: `the file's content is ${MEDIA_NAMES[mediaType]}, which does not match its name or declared type`,
    });
  }
  checkImageDimensions(field, content, mediaType);
  return mediaType;
}

/**
 * Store checked content by its SHA-256 under `DATA_DIR/files` — the name a user gave never
 * reaches the file system. `written` tells whether this call created the file, so a failed
 * request can remove exactly what it added.
 */
export async function storeContent(
  dataDir: string,
  content: Buffer,
  mediaType: MediaType,
): Promise<StoredContent> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const path = filePath(dataDir, sha256);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(join(dataDir, 'files', sha256.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, content, { mode: 0o600 });
    await rename(tmp, path);
  }
  return { sha256, size: content.length, mediaType, path, written: !exists };
}

/**
 * Check an uploaded 一网通办 material by its content (PDF, JPEG or PNG) and store it.
 */
export async function storeMaterial(
  dataDir: string,
  field: string,
  content: Buffer,
  declared: Declared,
): Promise<StoredContent> {
  const mediaType = await checkUpload(field, content, declared, MATERIAL_TYPES);
  return storeContent(dataDir, content, mediaType);
}

/** Where a stored file's content lives. */
export const filePath = (dataDir: string, sha256: string) =>
  join(dataDir, 'files', sha256.slice(0, 2), sha256);
export const materialPath = filePath;

/** Remove files a failed request wrote (content-addressed files another record uses were not written by it). */
export async function discardWritten(stored: StoredContent[]): Promise<void> {
  for (const s of stored) if (s.written) await rm(s.path, { force: true });
}

/**
 * After a failed request: remove the files it wrote that no `stored_file` row refers to (another
 * upload may share the same content, and then the file stays).
 */
export async function discardUnreferenced(db: Database, stored: StoredContent[]): Promise<void> {
  const written = stored.filter((s) => s.written);
  if (!written.length) return;
  const rows = await db
    .selectFrom('stored_file')
    .select('sha256')
    .where(
      'sha256',
      'in',
      written.map((s) => s.sha256),
    )
    .execute();
  const used = new Set(rows.map((r) => r.sha256));
  await discardWritten(written.filter((s) => !used.has(s.sha256)));
}
