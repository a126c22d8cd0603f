import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';
import { signInPublic } from '../testing/service-kit';
import { toProblem } from './error-handler';

/** Regressions the hostile-input fuzzer (src/fuzz) found: each was a 5xx or a non-problem answer. */

const pgError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error(`pg ${code}`), { code, ...extra });

describe('values PostgreSQL refuses', () => {
  it('are 400 validation problems naming the column when PostgreSQL names it, else the body', () => {
    for (const [error, field, en] of [
      [pgError('22P02'), 'body', 'body holds an invalid value'],
      [pgError('22001'), 'body', 'body is too long'],
      [pgError('22003'), 'body', 'body is out of range'],
      [pgError('22007'), 'body', 'body holds an invalid value'],
      [pgError('22008'), 'body', 'body is out of range'],
      [pgError('22021'), 'body', 'body holds an invalid value'],
      [pgError('54000'), 'body', 'body is too long'],
      [pgError('23502', { column: 'title' }), 'title', 'title is required'],
      [pgError('23514', { column: 'score' }), 'score', 'score holds an invalid value'],
      [pgError('23503'), 'body', 'body refers to a record that does not exist'],
    ] as const) {
      const problem = toProblem(error);
      expect(problem.status, error.message).toBe(400);
      expect(problem.type).toBe('validation');
      expect(problem.errors).toEqual([expect.objectContaining({ field, en })]);
    }
  });

  it('leaves an unexpected PostgreSQL error a 500', () => {
    expect(toProblem(pgError('42P01')).status).toBe(500);
  });
});

describe('hostile requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    return JSON.parse(res.body) as { errors?: { field: string }[]; zh: string; en: string };
  };

  it('a cut-off multipart body is a 400 naming the body, not a 500', async () => {
    const citizen = await signInPublic(t, '13900001001');
    const boundary = 'cutOff7MA4YWxkTrZu0gW';
    const whole = `--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{"itemCode":"x"}\r\n--${boundary}--\r\n`;
    const res = await citizen.request({
      method: 'POST',
      url: '/api/applications',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: whole.slice(0, 40),
    });
    expect(expectProblem(res).errors).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('a URL with broken percent-encoding is a problem+json 400 naming the path', async () => {
    const res = await t.client().get('/api/users/%E0%A4%A');
    expect(expectProblem(res).errors).toEqual([expect.objectContaining({ field: 'path' })]);
  });

  it('a path parameter over 200 characters is a problem+json 400, not Fastify’s 414 JSON', async () => {
    const res = await t.client().get(`/api/users/${'a'.repeat(300)}`);
    expect(expectProblem(res).errors).toEqual([expect.objectContaining({ field: 'path' })]);
  });
});
