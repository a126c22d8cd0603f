import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { Problem, fieldProblem } from '../../core/problem';
import { IdParams, Page, Uuid } from '../../core/schemas';
import { parseOrProblem } from '../../core/validation-messages';
import { sendStoredFile } from '../../core/files/download';
import { MAX_UPLOAD_BYTES } from '../../core/files/file-store';
import { ReceiptKind } from '../receipts';
import { materialFile, receiptPdf } from './receipts.service';
import { listNotifications, recordFalsePledge } from './application-rules';
import {
  supplyMaterials,
  actOnApplication,
  getApplication,
  listMyApplications,
  queue,
  submitApplication,
  type UploadedFile,
} from './application.service';

const SubmitBody = z.object({
  itemCode: z.string().max(64).optional(),
  bundleCode: z.string().max(64).optional(),
  form: z.record(z.string().max(40), z.unknown()).default({}),
  channel: z.enum(['online', 'window', 'station']).default('online'),
  applicant: z
    .object({
      idNumber: z.string().max(18).optional(),
      creditCode: z.string().max(18).optional(),
      name: z.string().max(50).optional(),
      phone: z.string().max(11).optional(),
    })
    .optional(),
  pledge: z.boolean().optional(),
  tolerated: z.array(z.string().max(40)).max(50).optional(),
  remoteConsultation: z.string().max(2000).optional(),
});
const ActionBody = z.object({
  action: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(0),
  comment: z.string().max(2000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const tags = ['applications'];

/**
 * A JSON body, or a multipart one: a `payload` part holding the JSON and one file part per
 * material, named `material.<key>`.
 */
async function readBody(request: FastifyRequest): Promise<{ payload: unknown; files: UploadedFile[] }> {
  if (!request.isMultipart()) return { payload: request.body, files: [] };
  let payload: unknown = {};
  const files: UploadedFile[] = [];
  for await (const part of request.parts({
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 30, fields: 5 },
  })) {
    if (part.type === 'file') {
      if (!/^material\.[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(part.fieldname)) {
        throw new Problem(
          'validation',
          { zh: '文件字段名应为 material.<材料编码>', en: 'file fields are named material.<key>' },
          [{ field: part.fieldname.slice(0, 60), zh: '未知的材料字段', en: 'unknown material field' }],
        );
      }
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw fieldProblem('payload-too-large', `materials.${part.fieldname.slice('material.'.length)}`, {
            zh: '文件超过 10 MB',
            en: 'the file is larger than 10 MB',
          });
        }
        throw error;
      }
      files.push({
        field: part.fieldname,
        filename: part.filename ?? 'file',
        mimetype: part.mimetype,
        content,
      });
    } else if (part.fieldname === 'payload') {
      try {
        payload = JSON.parse(String(part.value));
      } catch {
        throw new Problem('bad-json', { zh: 'payload 不是有效的 JSON', en: 'payload is not valid JSON' }, [
          { field: 'payload', zh: 'payload 不是有效的 JSON', en: 'payload is not valid JSON' },
        ]);
      }
    }
  }
  return { payload, files };
}

export const applicationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/applications', {
      config: { access: ['citizen', 'enterprise', 'clerk'] },
      schema: {
        tags,
        summary:
          'Submit an application for an item or a bundle: JSON, or multipart with a `payload` JSON part and `material.<key>` file parts (PDF/JPEG/PNG, ≤ 10 MB each)',
        response: { 201: z.object({ id: z.string(), applicationNo: z.string() }) },
      },
      handler: async (request, reply) => {
        const { payload, files } = await readBody(request);
        const input = parseOrProblem(SubmitBody, payload);
        return reply.status(201).send(await submitApplication(ctx, request.actor, input, files));
      },
    });

    app.get('/applications/mine', {
      config: { access: ['citizen', 'enterprise'] },
      schema: { tags, summary: "The applicant's own applications with each item's state and deadline" },
      handler: async (request) => ({ items: await listMyApplications(ctx, request.actor) }),
    });

    app.get('/applications/queue', {
      config: { access: ['clerk', 'reviewer', 'leader'] },
      schema: {
        tags,
        summary: 'Open sub-cases in the caller’s units, nearest deadline first, with the 80% warning',
        querystring: Page.extend({
          state: z.enum(['submitted', 'correcting', 'reviewing', 'approved', 'denied']).optional(),
        }),
      },
      handler: (request) =>
        queue(ctx, request.actor, {
          ...request.query,
          states: request.query.state ? [request.query.state] : undefined,
        }),
    });

    app.get('/applications/:id', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'An application: sub-cases with state, deadline, timeline and next actions; materials and their sources',
        params: IdParams,
      },
      handler: (request) => getApplication(ctx, request.actor, request.params.id),
    });

    app.post('/applications/:id/cases/:caseId/actions', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'Take an action on one sub-case (JSON, or multipart with a `payload` part and `material.<key>` files when supplying corrections); expectedVersion is the version you saw',
        params: z.object({ id: Uuid, caseId: Uuid }),
      },
      handler: async (request) => {
        const { payload, files } = await readBody(request);
        const input = parseOrProblem(ActionBody, payload);
        return actOnApplication(ctx, request.actor, request.params.id, request.params.caseId, input, files);
      },
    });

    app.get('/applications/:id/receipts/:kind.pdf', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'A receipt (受理通知书, 补正告知书, 不予受理决定书, 准予/不予许可决定书, 延期告知书) of one sub-case as a PDF',
        params: z.object({ id: Uuid, kind: ReceiptKind }),
        querystring: z.object({ caseId: Uuid }),
      },
      handler: async (request, reply) => {
        const pdf = await receiptPdf(
          ctx,
          request.actor,
          request.params.id,
          request.query.caseId,
          request.params.kind,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${request.params.kind}.pdf"`)
          .send(pdf);
      },
    });

    app.get('/applications/:id/files/:fileId', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Download an uploaded material (always as an attachment)',
        params: z.object({ id: Uuid, fileId: Uuid }),
      },
      handler: async (request, reply) => {
        const file = await materialFile(ctx, request.actor, request.params.id, request.params.fileId);
        return sendStoredFile(reply, { mediaType: file.mediaType, name: file.name, body: file.stream });
      },
    });

    app.post('/applications/:id/materials', {
      config: { access: ['citizen', 'enterprise', 'clerk'] },
      schema: {
        tags,
        summary: 'Supply materials owed under 容缺受理 (multipart: `material.<key>` file parts)',
        params: IdParams,
      },
      handler: async (request) => {
        const { files } = await readBody(request);
        return supplyMaterials(ctx, request.actor, request.params.id, files);
      },
    });

    app.post('/applications/:id/cases/:caseId/false-pledge', {
      config: { access: ['reviewer'] },
      schema: {
        tags,
        summary:
          '告知承诺核查不实: revoke the licences the department issued from this application and record the applicant',
        params: z.object({ id: Uuid, caseId: Uuid }),
        body: z.object({ reason: z.string().trim().min(2).max(2000) }),
      },
      handler: (request) =>
        recordFalsePledge(ctx, request.actor, request.params.id, request.params.caseId, request.body.reason),
    });

    app.get('/notifications', {
      config: { access: ['citizen', 'enterprise'] },
      schema: {
        tags,
        summary:
          "The applicant's notifications (accepted, corrections, extensions with the reason, decisions), newest first",
      },
      handler: async (request) => ({ items: await listNotifications(ctx.db, request.actor.id ?? '') }),
    });
  };
