import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, setCsrfToken, withQuery } from './client';
import { ApiError } from './problem';

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/users', { q: '张 三', unitId: undefined, page: 2, kind: '' })).toBe(
      '/api/users?q=%E5%BC%A0+%E4%B8%89&page=2',
    );
    expect(withQuery('/api/units')).toBe('/api/units');
    expect(withQuery('/api/units', {})).toBe('/api/units');
  });
});

type Call = { url: string; method: string; headers: Record<string, string>; body?: string };

/** A fetch that answers from a list and records what it was asked. */
function fakeFetch(answers: { status: number; body?: unknown }[]) {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    });
    const a = answers.shift() ?? { status: 500 };
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
  });
  return calls;
}

describe('api', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('reads the CSRF token from the session before its first write and sends it', async () => {
    const calls = fakeFetch([{ status: 200, body: { csrfToken: 'tok1', user: null } }, { status: 204 }]);
    await api.post('/api/auth/logout');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/session', 'POST /api/auth/logout']);
    expect(calls[1]!.headers['x-csrf-token']).toBe('tok1');
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
  });

  it('takes the new token a login answers with', async () => {
    setCsrfToken('old');
    const calls = fakeFetch([
      { status: 200, body: { csrfToken: 'new', user: { id: '1' } } },
      { status: 201, body: { id: 'u' } },
    ]);
    await api.post('/api/auth/login', { username: 'a', password: 'b' });
    await api.post('/api/users', {});
    expect(calls[0]!.headers['x-csrf-token']).toBe('old');
    expect(calls[1]!.headers['x-csrf-token']).toBe('new');
  });

  it('fetches a fresh token once when the server refuses a stale one', async () => {
    setCsrfToken('stale');
    const calls = fakeFetch([
      { status: 403, body: { type: 'https://yiwang/problems/csrf', status: 403, zh: 'CSRF', en: 'CSRF' } },
      { status: 200, body: { csrfToken: 'fresh', user: null } },
      { status: 200, body: { ok: true } },
    ]);
    await expect(api.patch('/api/units/1', { name: 'x' })).resolves.toEqual({ ok: true });
    expect(calls.map((c) => c.headers['x-csrf-token'])).toEqual(['stale', undefined, 'fresh']);
  });

  it('throws an ApiError with the server messages and field errors', async () => {
    setCsrfToken('t');
    fakeFetch([
      {
        status: 400,
        body: {
          status: 400,
          zh: '校验失败',
          en: 'Invalid',
          errors: [{ field: 'idNumber', zh: '身份证号码校验位不正确', en: 'x' }],
        },
      },
    ]);
    const err = await api.post('/api/auth/register/citizen', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).errors[0]!.zh).toBe('身份证号码校验位不正确');
  });

  it('turns a network failure into a status-0 ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await api.get('/api/session').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(0);
  });
});
