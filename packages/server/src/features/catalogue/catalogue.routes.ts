import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServiceBundle, ServiceItemDefinition, ServiceItemType } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { Page } from '../../core/schemas';
import {
  createBundle,
  createItem,
  getPublishedBundle,
  getPublishedItem,
  getVersion,
  listLifeEvents,
  listPublishedBundles,
  listVersions,
  searchCatalogue,
  updateBundle,
  updateItem,
} from './catalogue.service';

const tags = ['catalogue'];
const CodeParams = z.object({ code: z.string().min(2).max(20) });
const ItemSummary = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  type: z.string(),
  version: z.number(),
  departmentCode: z.string(),
  departmentName: z.string(),
  departmentNameEn: z.string().nullable(),
  legalLimitDays: z.number(),
  promisedLimitDays: z.number(),
  instant: z.boolean(),
  visits: z.number(),
  fee: z.string(),
  lifeEvents: z.array(z.string()),
  issuesLicenseType: z.string().nullable(),
  pledgeAllowed: z.boolean(),
});
const PublicItem = z.object({
  code: z.string(),
  version: z.number(),
  departmentName: z.string(),
  departmentNameEn: z.string().nullable(),
  updatedAt: z.date(),
  definition: ServiceItemDefinition,
});
const Version = z.object({
  itemId: z.string(),
  version: z.number(),
  definition: ServiceItemDefinition,
  createdAt: z.date(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  note: z.string().nullable(),
});
const Written = z.object({ code: z.string(), id: z.string(), version: z.number() });
const Note = z.string().trim().max(500).optional();
const ItemWrite = z.object({
  definition: ServiceItemDefinition,
  note: Note,
  /** The version the editor started from; a later one already saved answers 409. */
  expectedVersion: z.number().int().min(1).optional(),
});
const BundleWrite = z.object({
  definition: ServiceBundle,
  note: Note,
  expectedVersion: z.number().int().min(1).optional(),
});
const Bundle = z.object({ code: z.string(), version: z.number(), definition: ServiceBundle });

export const catalogueRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/catalogue/items', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Search the published catalogue (事项清单) by keyword, department, life event and type',
        querystring: Page.extend({
          q: z.string().max(50).optional(),
          department: z.string().max(32).optional(),
          lifeEvent: z.string().max(30).optional(),
          type: ServiceItemType.optional(),
        }),
        response: { 200: z.object({ items: z.array(ItemSummary), total: z.number() }) },
      },
      handler: (request) => searchCatalogue(ctx, request.query),
    });

    app.get('/catalogue/items/:code', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A published item's current version",
        params: CodeParams,
        response: { 200: PublicItem },
      },
      handler: (request) => getPublishedItem(ctx, request.params.code),
    });

    app.get('/catalogue/items/:code/versions', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: "An item's versions, newest first, with who saved each",
        params: CodeParams,
        response: { 200: z.object({ items: z.array(Version) }) },
      },
      handler: async (request) => ({ items: await listVersions(ctx, request.params.code) }),
    });

    app.get('/catalogue/items/:code/versions/:version', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'One version of an item, as cases filed under it see it',
        params: CodeParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: { 200: Version },
      },
      handler: (request) => getVersion(ctx, request.params.code, request.params.version),
    });

    app.post('/catalogue/items', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Add an item (district-level administrators only)',
        body: ItemWrite.omit({ expectedVersion: true }),
        response: { 201: Written },
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(await createItem(ctx, request.actor, request.body.definition, request.body.note)),
    });

    app.put('/catalogue/items/:code', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change an item: saves a new version (district-level administrators only)',
        params: CodeParams,
        body: ItemWrite,
        response: { 200: Written },
      },
      handler: (request) => updateItem(ctx, request.actor, request.params.code, request.body),
    });

    app.get('/catalogue/life-events', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Life events (开办企业, 出生 …) with how many published items each has',
        response: {
          200: z.object({ items: z.array(z.object({ lifeEvent: z.string(), count: z.number() })) }),
        },
      },
      handler: async () => ({ items: await listLifeEvents(ctx) }),
    });

    app.get('/catalogue/bundles', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Published bundles: 一件事, 证照联办, 一证多址',
        querystring: z.object({ lifeEvent: z.string().max(30).optional() }),
        response: { 200: z.object({ items: z.array(Bundle) }) },
      },
      handler: async (request) => ({ items: await listPublishedBundles(ctx, request.query.lifeEvent) }),
    });

    app.get('/catalogue/bundles/:code', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A bundle with each item's current definition",
        params: CodeParams,
        response: { 200: Bundle.extend({ items: z.array(PublicItem) }) },
      },
      handler: (request) => getPublishedBundle(ctx, request.params.code),
    });

    app.post('/catalogue/bundles', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Add a bundle (district-level administrators only)',
        body: BundleWrite.omit({ expectedVersion: true }),
        response: { 201: Written },
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(await createBundle(ctx, request.actor, request.body.definition, request.body.note)),
    });

    app.put('/catalogue/bundles/:code', {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change a bundle: saves a new version (district-level administrators only)',
        params: CodeParams,
        body: BundleWrite,
        response: { 200: Written },
      },
      handler: (request) => updateBundle(ctx, request.actor, request.params.code, request.body),
    });
  };
