/** The one way the browser talks to the server: same-origin cookies, CSRF header, problem+json errors. */
import { ApiError, networkError, parseProblem } from './problem';

export { ApiError } from './problem';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/users` + `{ q: 'x', unitId: undefined }` → `/api/users?q=x`; empty values are left out. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function ensureCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  await request('GET', '/api/session');
  return csrfToken ?? '';
}

/** A 403 whose problem type names the CSRF check: the token went stale (new session), so fetch it again once. */
const isCsrfRefusal = (e: ApiError): boolean => e.status === 403 && /csrf/i.test(e.type);

async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (!SAFE_METHODS.has(method)) headers['x-csrf-token'] = await ensureCsrfToken();
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  const text = await res.text();
  if (!res.ok) {
    const problem = parseProblem(res.status, text);
    if (!retried && !SAFE_METHODS.has(method) && isCsrfRefusal(problem)) {
      csrfToken = null;
      return request<T>(method, path, body, true);
    }
    throw problem;
  }
  if (res.status === 204 || text === '') return undefined as T;
  const data: unknown = JSON.parse(text);
  // Session, login and register answers carry the token for the session they started.
  if (
    typeof data === 'object' &&
    data !== null &&
    'csrfToken' in data &&
    typeof data.csrfToken === 'string'
  ) {
    csrfToken = data.csrfToken;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export const isForbidden = (e: unknown): boolean => e instanceof ApiError && e.status === 403;
export const isUnauthorized = (e: unknown): boolean => e instanceof ApiError && e.status === 401;
