import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { IdParams } from '../../core/schemas';
import { listDefinitions } from '../../core/workflow/workflow.repository';
import { actOnCase, featureRouteOf, getCase } from '../../core/workflow/workflow.service';
import { fieldProblem } from '../../core/problem';

const Text = z.object({ zh: z.string(), en: z.string() });
const Case = z.object({
  id: z.string(),
  title: z.string(),
  state: z.string(),
  version: z.number(),
  unitId: z.string(),
  createdAt: z.date(),
  definition: z.object({ key: z.string(), version: z.number(), name: Text }),
  sla: z.union([
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('paused') }),
    z.object({ kind: z.literal('unknown'), unknownYear: z.number() }),
    z.object({ kind: z.literal('running'), deadline: z.date(), warnAt: z.date() }),
  ]),
  actions: z.array(
    z.object({
      seq: z.number(),
      action: z.string(),
      fromState: z.string(),
      toState: z.string(),
      actorId: z.string(),
      at: z.date(),
      comment: z.string().optional(),
    }),
  ),
  available: z.array(z.string()),
});
const tags = ['workflow'];

/** The workflow engine over HTTP: definitions, a case with its log, and taking an action. */
export const caseRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/workflows', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Workflow definitions (states, actions, roles, SLAs)',
        response: { 200: z.object({ items: z.array(z.unknown()) }) },
      },
      handler: async () => ({ items: await listDefinitions(ctx.db) }),
    });

    app.get('/cases/:id', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'A case with its action log, SLA and the actions the caller may take',
        params: IdParams,
        response: { 200: Case },
      },
      handler: (request) => getCase(ctx, request.actor, request.params.id),
    });

    app.post('/cases/:id/actions', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'Take an action; expectedVersion must be the version the caller saw (409 when someone acted first)',
        params: IdParams,
        body: z.object({
          action: z.string().min(1).max(64),
          expectedVersion: z.number().int().min(0),
          comment: z.string().max(2000).optional(),
          data: z.record(z.string(), z.unknown()).optional(),
        }),
        response: { 200: Case },
      },
      handler: async (request) => {
        const c = await getCase(ctx, request.actor, request.params.id);
        const via = featureRouteOf(c.definition.key);
        if (via) {
          throw fieldProblem('conflict', 'action', {
            zh: `此类案件须通过 ${via} 办理`,
            en: `cases of this kind are acted on through ${via}`,
          });
        }
        return actOnCase(ctx, request.actor, request.params.id, request.body);
      },
    });
  };
