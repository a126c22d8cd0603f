import CSRF from '@fastify/csrf';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CSRF_COOKIE = 'yw_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const tokens = new CSRF({ userInfo: true });
/** The binding of a token issued before sign-in (the library refuses an empty one). */
const NO_SESSION = 'no-session';

/**
 * A CSRF token for this browser, bound to its session (or to "no session" before login):
 * the secret lives in an HttpOnly SameSite=Strict cookie, the token goes to the page,
 * which sends it back in the `x-csrf-token` header. A token stops working when the session
 * changes, so login hands out a new one.
 */
export function issueCsrfToken(
  request: FastifyRequest,
  reply: FastifyReply,
  sessionHash: string | undefined,
  secure: boolean,
) {
  let secret = request.cookies[CSRF_COOKIE];
  if (!secret) {
    secret = tokens.secretSync();
    reply.setCookie(CSRF_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  }
  return tokens.create(secret, sessionHash ?? NO_SESSION);
}

export function csrfTokenIsValid(request: FastifyRequest, sessionHash: string | undefined): boolean {
  const secret = request.cookies[CSRF_COOKIE];
  const token = request.headers[CSRF_HEADER];
  return !!secret && typeof token === 'string' && tokens.verify(secret, token, sessionHash ?? NO_SESSION);
}
