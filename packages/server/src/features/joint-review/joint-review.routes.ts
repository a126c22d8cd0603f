import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { checkedString, IdParams, Uuid } from '../../core/schemas';
import {
  approvedWordings,
  getJointReview,
  giveOpinion,
  invitableDepartments,
  listJointReviews,
  proposeWording,
} from './joint-review.service';

const Text = (min: number, max: number, zh: string, en: string) =>
  checkedString((v) => v.trim().length >= min && v.length <= max && !/[\p{Cc}<>]/u.test(v), { zh, en });
const Status = z.enum(['consulting', 'approved', 'rejected']);
const JointReview = z.object({
  id: z.string(),
  wording: z.string(),
  industry: z.string(),
  rationale: z.string(),
  convenerName: z.string(),
  proposerName: z.string(),
  createdAt: z.date(),
  status: Status,
  mayVote: z.boolean(),
  opinions: z.array(
    z.object({
      caseId: z.string(),
      departmentUnitId: z.string(),
      departmentName: z.string(),
      state: z.enum(['pending', 'approved', 'rejected']),
      comment: z.string().nullable(),
      decidedAt: z.date().nullable(),
      decidedBy: z.string().nullable(),
      deadline: z.date().nullable(),
    }),
  ),
});
const tags = ['joint-review'];

/** 合议核准制 over HTTP: propose wording, departments' opinions, and the approved wordings. */
export const jointReviewRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/joint-reviews', {
      config: { access: ['reviewer'] },
      schema: {
        tags,
        summary:
          'The market regulator’s reviewer proposes business-scope wording (经营范围表述) and invites departments; each gets an opinion case',
        body: z.object({
          wording: Text(2, 200, '经营范围表述须为 2–200 个字符', 'the wording is 2–200 characters'),
          industry: Text(2, 50, '行业须为 2–50 个字符', 'the industry is 2–50 characters'),
          rationale: Text(2, 2000, '请说明理由（2–2000 字）', 'give the rationale (2–2000 characters)'),
          departmentIds: z.array(Uuid).min(1).max(30),
        }),
        response: { 201: JointReview },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await proposeWording(ctx, request.actor, request.body)),
    });

    app.get('/joint-reviews', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Joint reviews the caller’s unit convened or was invited to, with their status',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                wording: z.string(),
                industry: z.string(),
                convenerName: z.string(),
                createdAt: z.date(),
                status: Status,
                approved: z.number(),
                invited: z.number(),
                awaitingMe: z.boolean(),
              }),
            ),
          }),
        },
      },
      handler: async (request) => ({ items: await listJointReviews(ctx, request.actor) }),
    });

    app.get('/joint-reviews/departments', {
      config: { access: ['reviewer'] },
      schema: {
        tags,
        summary: 'Departments a joint review can invite',
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) }),
        },
      },
      handler: async (request) => ({ items: await invitableDepartments(ctx, request.actor) }),
    });

    app.get('/joint-reviews/:id', {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'A joint review with each invited department’s opinion',
        params: IdParams,
        response: { 200: JointReview },
      },
      handler: (request) => getJointReview(ctx, request.actor, request.params.id),
    });

    app.post('/joint-reviews/:id/opinions', {
      config: { access: ['reviewer'] },
      schema: {
        tags,
        summary:
          'An invited department approves, or rejects with reasons (403 for a department not invited; one rejection rejects the wording)',
        params: IdParams,
        body: z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() }),
        response: { 200: JointReview },
      },
      handler: (request) => giveOpinion(ctx, request.actor, request.params.id, request.body),
    });

    app.get('/business-scopes', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Business-scope wordings approved by joint review, selectable in applications',
        querystring: z.object({ q: z.string().max(50).default('') }),
        response: {
          200: z.object({ items: z.array(z.object({ wording: z.string(), industry: z.string() })) }),
        },
      },
      handler: async (request) => ({ items: await approvedWordings(ctx, request.query.q) }),
    });
  };
