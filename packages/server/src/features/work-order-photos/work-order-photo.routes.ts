import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { sendStoredFile } from '../../core/files/download';
import { MAX_UPLOAD_BYTES } from '../../core/files/file-store';
import { Problem, fieldProblem } from '../../core/problem';
import { IdParams, Page, Uuid } from '../../core/schemas';
import { MAX_PHOTOS } from './photos-for-action';
import {
  awaitingVerification,
  listOrderPhotos,
  photoFile,
  uploadPhotos,
  type UploadedPhoto,
} from './work-order-photo.service';

const tags = ['work-orders'];
const UPLOADERS = ['inspector', 'handler', 'dispatcher', 'operator', 'admin', 'citizen'] as const;

/** The `photo` file parts of a multipart body (the problem names `photo`, or `photo[i]` among several). */
async function readPhotos(request: FastifyRequest): Promise<UploadedPhoto[]> {
  if (!request.isMultipart())
    throw fieldProblem('unsupported-media-type', 'photo', {
      zh: '请以 multipart/form-data 上传照片（字段 photo）',
      en: 'upload photos as multipart/form-data (field photo)',
    });
  const photos: UploadedPhoto[] = [];
  for await (const part of request.parts({
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_PHOTOS + 1, fields: 2 },
  })) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'photo')
      throw new Problem('validation', { zh: '照片字段名应为 photo', en: 'photo parts are named photo' }, [
        { field: part.fieldname.slice(0, 60), zh: '未知的文件字段', en: 'unknown file field' },
      ]);
    let content: Buffer;
    try {
      content = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw fieldProblem('payload-too-large', 'photo', {
          zh: '照片超过 10 MB',
          en: 'the photo is larger than 10 MB',
        });
      throw error;
    }
    photos.push({ field: 'photo', filename: part.filename ?? 'photo', mimetype: part.mimetype, content });
  }
  if (photos.length > 1) photos.forEach((p, i) => (p.field = `photo[${i}]`));
  return photos;
}

/**
 * Photos on work orders: upload ahead of a report (then `photoIds` in the report), add to an
 * order (then `data.photoIds` in its feedback or verification), list, fetch; and the
 * inspector's 待核查 list.
 */
export const workOrderPhotoRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/work-order-photos', {
      config: { access: UPLOADERS },
      schema: {
        tags,
        summary: `Upload photos ahead of a report (multipart, file parts named photo: JPEG/PNG by content, ≤ 10 MB, ≤ ${MAX_PHOTOS}); pass the ids as photoIds when reporting. The GPS position in the file is removed`,
      },
      handler: async (request, reply) =>
        reply.status(201).send(await uploadPhotos(ctx, request.actor, await readPhotos(request), null)),
    });
    app.post('/work-orders/:id/photos', {
      config: { access: ['inspector', 'handler', 'dispatcher', 'operator', 'admin'] },
      schema: {
        tags,
        summary:
          'Add photos to an order you can see (multipart, parts named photo); reference them as data.photoIds in the feedback or verification action that they document',
        params: IdParams,
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(await uploadPhotos(ctx, request.actor, await readPhotos(request), request.params.id)),
    });
    app.get('/work-orders/:id/photos', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'The photos of an order: stage (report, feedback, verification, other) and the action each came with',
        params: IdParams,
      },
      handler: (request) => listOrderPhotos(ctx, request.actor, request.params.id),
    });
    app.get('/work-order-photos/:photoId', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'One photo (JPEG or PNG), for whoever may see its order',
        params: z.object({ photoId: Uuid }),
      },
      handler: async (request, reply) => {
        const f = await photoFile(ctx, request.actor, request.params.photoId);
        // An attachment still shows in an <img>; opened on its own it downloads, never renders.
        reply.header('etag', `"${f.sha256}"`).header('cache-control', 'private, max-age=86400, immutable');
        return sendStoredFile(reply, {
          mediaType: f.mediaType,
          name: `photo-${request.params.photoId}.${f.mediaType === 'image/png' ? 'png' : 'jpg'}`,
          size: f.size,
          body: f.stream,
        });
      },
    });
    app.get('/work-orders/awaiting-verification', {
      config: { access: ['inspector', 'dispatcher', 'admin'] },
      schema: {
        tags,
        summary:
          '待核查: orders fed back or being verified whose place is in your street (any street for the 城运中心), with the last feedback and the photos',
        querystring: Page,
      },
      handler: (request) => awaitingVerification(ctx, request.actor, request.query),
    });
  };
