import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreditCode, MobilePhone, ResidentId } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { Password, PersonName, checkedString } from '../../core/schemas';
import {
  changeOwnPassword,
  registerCitizen,
  registerEnterprise,
  sessionView,
  signIn,
  signOut,
} from './auth.service';

const SessionUser = z.object({
  id: z.string(),
  kind: z.enum(['staff', 'citizen', 'enterprise']),
  username: z.string().nullable(),
  displayName: z.string(),
  roles: z.array(z.string()),
  unit: z
    .object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      kind: z.string(),
    })
    .nullable(),
  idNumber: z.string().nullable().describe('masked'),
  phone: z.string().nullable().describe('masked'),
  creditCode: z.string().nullable(),
});
const Session = z.object({ csrfToken: z.string(), user: SessionUser.nullable() });
const tags = ['auth'];
const loginLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/session', {
      config: { access: 'public' },
      schema: { tags, summary: 'The current session and a CSRF token', response: { 200: Session } },
      handler: (request, reply) => sessionView(ctx, request, reply, request.actor),
    });

    app.post('/auth/login', {
      config: { access: 'public', ...loginLimit },
      schema: {
        tags,
        summary: 'Staff sign-in with username and password',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: Session },
      },
      handler: (request, reply) =>
        signIn(
          ctx,
          request,
          reply,
          { kind: 'staff', username: request.body.username.trim().toLowerCase() },
          request.body.password,
        ),
    });

    app.post('/auth/public/login', {
      config: { access: 'public', ...loginLimit },
      schema: {
        tags,
        summary: 'Citizen or enterprise sign-in with phone, ID number or credit code',
        body: z.object({ account: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: Session },
      },
      handler: (request, reply) =>
        signIn(
          ctx,
          request,
          reply,
          { kind: 'public', account: request.body.account.trim() },
          request.body.password,
        ),
    });

    app.post('/auth/register/citizen', {
      config: { access: 'public', ...loginLimit },
      schema: {
        tags,
        summary: 'Register a citizen account (身份证号 checked by GB 11643)',
        body: z.object({ name: PersonName, idNumber: ResidentId, phone: MobilePhone, password: Password }),
        response: { 200: Session },
      },
      handler: (request, reply) => registerCitizen(ctx, request, reply, request.body),
    });

    app.post('/auth/register/enterprise', {
      config: { access: 'public', ...loginLimit },
      schema: {
        tags,
        summary: 'Register an enterprise account (统一社会信用代码 checked by GB 32100)',
        body: z.object({
          name: checkedString((v) => v.trim().length >= 2 && v.length <= 100, {
            zh: '企业名称须为 2–100 个字符',
            en: 'the enterprise name must be 2–100 characters',
          }),
          creditCode: CreditCode,
          legalRepName: PersonName,
          legalRepIdNumber: ResidentId,
          phone: MobilePhone,
          password: Password,
        }),
        response: { 200: Session },
      },
      handler: (request, reply) => registerEnterprise(ctx, request, reply, request.body),
    });

    app.post('/auth/password', {
      config: { access: 'signed-in', ...loginLimit },
      schema: {
        tags,
        summary:
          'Change your own password (signed in with a session): every session of the account ends and this browser gets a new one, with a new CSRF token',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }),
        response: { 200: Session },
      },
      handler: (request, reply) => changeOwnPassword(ctx, request, reply, request.body),
    });

    app.post('/auth/logout', {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign out: the session is revoked' },
      handler: async (request, reply) => {
        await signOut(ctx, request, reply);
        return reply.status(204).send();
      },
    });
  };
