import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context';
import { ANONYMOUS } from './actor';
import { assertAccess } from './access';
import { findApiKeyActor, findSessionActor } from './session.repository';
import { Problem } from '../problem';
import { csrfTokenIsValid } from './csrf';

export const SESSION_COOKIE = 'yw_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether cookies should carry the Secure flag for this request. */
export function secureCookies(ctx: AppContext, request: FastifyRequest): boolean {
  return ctx.config.cookieSecure === 'auto' ? request.protocol === 'https' : ctx.config.cookieSecure;
}

/**
 * Resolve the actor of every request (session cookie or API key), refuse a state-changing
 * browser request without a valid CSRF token, and enforce each route's `access`
 * declaration (set from the table in route-policy.ts, which refuses an undeclared route at
 * start-up).
 */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.actor = ANONYMOUS;
    const apiKey = apiKeyOf(request);
    if (apiKey) {
      const actor = await findApiKeyActor(ctx.db, apiKey);
      if (!actor)
        throw new Problem('unauthenticated', {
          zh: 'API 密钥无效或已吊销',
          en: 'the API key is invalid or revoked',
        });
      request.actor = actor;
      return; // machine clients send no cookies: no CSRF check
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const actor = await findSessionActor(ctx.db, token, ctx.config.sessionIdleMs);
      if (actor) request.actor = actor;
      else reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    if (UNSAFE.has(request.method) && request.url.startsWith('/api/')) {
      if (!csrfTokenIsValid(request, request.actor.sessionHash)) throw csrfProblem();
    }
  });
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access) assertAccess(access, request.actor);
  });
}

const csrfProblem = () =>
  new Problem('csrf-token', {
    zh: '页面已过期或请求来源不可信，请刷新页面后重试',
    en: 'missing or invalid CSRF token: reload the page and try again',
  });

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer yk_')) return auth.slice(7);
  return undefined;
}
