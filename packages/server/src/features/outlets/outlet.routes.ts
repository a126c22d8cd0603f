import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { checkedString, IdParams, Uuid } from '../../core/schemas';
import { addOutlet, listOutlets, lookupOutlets, updateOutlet } from './outlet.service';

const IsoDate = checkedString((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), {
  zh: '日期格式应为 YYYY-MM-DD',
  en: 'a date is YYYY-MM-DD',
});
const Name = checkedString((v) => v.trim().length >= 1 && v.length <= 100 && !/[\p{Cc}<>]/u.test(v), {
  zh: '门店名称须为 1–100 个字符',
  en: 'the outlet name is 1–100 characters',
});
const Address = checkedString((v) => v.trim().length >= 4 && v.length <= 200 && !/[\p{Cc}<>]/u.test(v), {
  zh: '地址须为 4–200 个字符',
  en: 'the address is 4–200 characters',
});
const Region = checkedString((v) => v.trim().length >= 2 && v.length <= 50 && !/[\p{Cc}<>]/u.test(v), {
  zh: '所在区市须为 2–50 个字符',
  en: 'the district and city are 2–50 characters',
});

export const Outlet = z.object({
  id: z.string(),
  licenseId: z.string(),
  name: z.string(),
  address: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  region: z.string().nullable(),
  openedOn: z.string(),
  status: z.enum(['active', 'closed', 'suspended']),
  statusReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const OutletLookup = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  place: z.string(),
  openedOn: z.string(),
  status: z.enum(['active', 'closed', 'suspended']),
  license: z.object({
    id: z.string(),
    licenseNo: z.string(),
    typeCode: z.string(),
    typeName: z.object({ zh: z.string(), en: z.string() }),
    holderName: z.string(),
    status: z.string(),
    verifyUrl: z.string(),
  }),
});
const tags = ['outlets'];

/** 一证多址 2.0: outlets registered as addresses of an HQ's licence, and the public look-up. */
export const outletRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/licenses/:id/outlets', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The outlets under a licence: for the holding enterprise and the issuing department’s staff',
        params: IdParams,
        response: { 200: z.object({ items: z.array(Outlet) }) },
      },
      handler: async (request) => ({ items: await listOutlets(ctx, request.actor, request.params.id) }),
    });

    app.post('/licenses/:id/outlets', {
      config: { access: ['enterprise'] },
      schema: {
        tags,
        summary:
          'Register an outlet as an address of the enterprise’s own valid licence (unitId of a Hongkou street or committee, or region outside Hongkou)',
        params: IdParams,
        body: z.object({
          name: Name,
          address: Address,
          unitId: Uuid.optional(),
          region: Region.optional(),
          openedOn: IsoDate,
        }),
        response: { 201: Outlet },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await addOutlet(ctx, request.actor, request.params.id, request.body)),
    });

    app.patch('/outlets/:id', {
      config: { access: ['enterprise', 'reviewer', 'admin'] },
      schema: {
        tags,
        summary:
          'Change an outlet: the holder edits it and closes or reopens it; the issuing department suspends it (with a reason) or lifts the suspension',
        params: IdParams,
        body: z.object({
          name: Name.optional(),
          address: Address.optional(),
          unitId: Uuid.optional(),
          region: Region.optional(),
          openedOn: IsoDate.optional(),
          status: z.enum(['active', 'closed', 'suspended']).optional(),
          reason: z.string().max(500).optional(),
        }),
        response: { 200: Outlet },
      },
      handler: (request) => updateOutlet(ctx, request.actor, request.params.id, request.body),
    });

    app.get('/outlets/lookup', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Look an outlet up by name or address: which licence covers it, and its verification link',
        querystring: z.object({ q: z.string().max(100).default('') }),
        response: { 200: z.object({ items: z.array(OutletLookup) }) },
      },
      handler: async (request) => ({ items: await lookupOutlets(ctx, request.query.q) }),
    });
  };
