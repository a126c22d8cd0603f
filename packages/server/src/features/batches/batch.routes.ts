import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { checkedString, IdParams } from '../../core/schemas';
import { addApplicationByNo, createBatch, getBatch, listBatches, submitIntoBatch } from './batch.service';
import { Uuid } from '../../core/schemas';

const Text = (min: number, max: number, zh: string, en: string) =>
  checkedString((v) => v.trim().length >= min && v.length <= max && !/[\p{Cc}<>]/u.test(v), { zh, en });
const IsoDate = checkedString((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), {
  zh: '日期格式应为 YYYY-MM-DD',
  en: 'a date is YYYY-MM-DD',
});
const ShopName = Text(1, 100, '商铺名称须为 1–100 个字符', 'the shop name is 1–100 characters');

const Summary = z.object({
  total: z.number(),
  done: z.number(),
  inProgress: z.number(),
  awaitingCorrection: z.number(),
  nearestDeadline: z.date().nullable(),
});
const BatchHead = z.object({
  id: z.string(),
  complexName: z.string(),
  address: z.string(),
  streetUnitId: z.string(),
  streetName: z.string(),
  openingOn: z.string(),
  managerName: z.string().nullable(),
  createdAt: z.date(),
});
const Batch = BatchHead.extend({
  mayManage: z.boolean(),
  summary: Summary,
  shops: z.array(
    z.object({
      applicationId: z.string(),
      applicationNo: z.string(),
      shopName: z.string(),
      applicantName: z.string(),
      submittedAt: z.date(),
      status: z.enum(['completed', 'in-progress', 'awaiting-correction']),
      nearestDeadline: z.date().nullable(),
      items: z.array(
        z.object({
          caseId: z.string(),
          itemName: z.string(),
          departmentName: z.string(),
          state: z.string(),
          deadline: z.date().nullable(),
        }),
      ),
    }),
  ),
});
const tags = ['batches'];

/** 一楼一次办: batches of a commercial complex's shop applications with one progress view. */
export const batchRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/batches', {
      config: { access: ['clerk', 'enterprise'] },
      schema: {
        tags,
        summary:
          'Open a batch for a complex’s opening: a clerk (naming the manager by credit code or phone) or the manager itself',
        body: z.object({
          complexName: Text(2, 100, '商业体名称须为 2–100 个字符', 'the complex name is 2–100 characters'),
          address: Text(4, 200, '地址须为 4–200 个字符', 'the address is 4–200 characters'),
          streetUnitId: Uuid,
          openingOn: IsoDate,
          manager: z.string().max(18).optional(),
        }),
        response: { 201: Batch },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createBatch(ctx, request.actor, request.body)),
    });

    app.get('/batches', {
      config: { access: ['clerk', 'leader', 'admin', 'auditor', 'enterprise'] },
      schema: {
        tags,
        summary:
          'Batches the caller may see (the manager’s own; the clerks’ of their units) with their counts',
        response: { 200: z.object({ items: z.array(BatchHead.extend({ summary: Summary })) }) },
      },
      handler: async (request) => ({ items: await listBatches(ctx, request.actor) }),
    });

    app.get('/batches/:id', {
      config: { access: ['clerk', 'leader', 'admin', 'auditor', 'enterprise'] },
      schema: {
        tags,
        summary:
          'The progress view: every shop’s application and items with states, counts done / in progress / awaiting correction, the nearest deadline',
        params: IdParams,
        response: { 200: Batch },
      },
      handler: (request) => getBatch(ctx, request.actor, request.params.id),
    });

    app.post('/batches/:id/shops', {
      config: { access: ['clerk', 'enterprise'] },
      schema: {
        tags,
        summary: 'Add a shop’s existing application to the batch by its 受理编号',
        params: IdParams,
        body: z.object({ applicationNo: z.string().min(1).max(32), shopName: ShopName }),
        response: { 200: Batch },
      },
      handler: (request) => addApplicationByNo(ctx, request.actor, request.params.id, request.body),
    });

    app.post('/batches/:id/applications', {
      config: { access: ['clerk'] },
      schema: {
        tags,
        summary:
          'A clerk submits a shop’s application (as POST /api/applications, JSON) straight into the batch, in one transaction',
        params: IdParams,
        body: z.object({
          shopName: ShopName,
          itemCode: z.string().max(64).optional(),
          bundleCode: z.string().max(64).optional(),
          form: z.record(z.string().max(40), z.unknown()).default({}),
          channel: z.enum(['window', 'station']).default('window'),
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
        }),
        response: { 201: z.object({ id: z.string(), applicationNo: z.string() }) },
      },
      handler: async (request, reply) => {
        const { shopName, ...input } = request.body;
        return reply
          .status(201)
          .send(await submitIntoBatch(ctx, request.actor, request.params.id, shopName, input, []));
      },
    });
  };
