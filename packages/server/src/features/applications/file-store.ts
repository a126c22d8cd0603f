import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { fieldProblem } from '../../core/problem';

export const MAX_MATERIAL_BYTES = 10 * 1024 * 1024;
const ALLOWED = new Map([
  ['application/pdf', 'PDF'],
  ['image/jpeg', 'JPEG'],
  ['image/png', 'PNG'],
]);

export type StoredContent = {
  sha256: string;
  size: number;
  mediaType: string;
  path: string;
  written: boolean;
};

/**
 * Check an uploaded material by its content (PDF, JPEG or PNG; the name and the declared
 * type must agree with the content) and store it by its SHA-256 under `DATA_DIR/files` —
 * the name a user gave never reaches the file system. `written` tells whether this call
 * created the file, so a failed submission can remove exactly what it added.
 */
export async function storeMaterial(
  dataDir: string,
  field: string,
  content: Buffer,
  declared: { filename: string; mimetype: string },
): Promise<StoredContent> {
  if (content.length === 0)
    throw fieldProblem('validation', field, { zh: '文件为空', en: 'the file is empty' });
  if (content.length > MAX_MATERIAL_BYTES) {
    throw fieldProblem('payload-too-large', field, {
      zh: '文件超过 10 MB',
      en: 'the file is larger than 10 MB',
    });
  }
  const sniffed = await fileTypeFromBuffer(content);
  if (!sniffed || !ALLOWED.has(sniffed.mime)) {
    throw fieldProblem('unsupported-media-type', field, {
      zh: '只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）',
      en: 'only PDF, JPEG or PNG files are accepted (judged by their content)',
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
      zh: `文件内容是 ${ALLOWED.get(sniffed.mime)}，与文件名或声明的类型不符`,
      en: `the file's content is ${ALLOWED.get(sniffed.mime)}, which does not match its name or declared type`,
    });
  }
  const sha256 = createHash('sha256').update(content).digest('hex');
  const dir = join(dataDir, 'files', sha256.slice(0, 2));
  const path = join(dir, sha256);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(dir, { recursive: true });
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, content, { mode: 0o600 });
    await rename(tmp, path);
  }
  return { sha256, size: content.length, mediaType: sniffed.mime, path, written: !exists };
}

export const materialPath = (dataDir: string, sha256: string) =>
  join(dataDir, 'files', sha256.slice(0, 2), sha256);

/** Remove files a failed request wrote (content-addressed files another record uses were not written by it). */
export async function discardWritten(stored: StoredContent[]): Promise<void> {
  for (const s of stored) if (s.written) await rm(s.path, { force: true });
}
