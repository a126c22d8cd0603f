import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../testing/test-app';

let t: TestApp;
let admin: TestClient;
let bwtId: string;

beforeAll(async () => {
  // The property test sends hundreds of requests: lift the per-minute limit so it tests validation, not throttling.
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  admin = await t.staff('admin');
  bwtId = (
    await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', STREET.beiwaitan)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

const citizen = {
  name: '孙小美',
  idNumber: '11010519491231002X',
  phone: '13700001234',
  password: 'abc12345',
};
const enterprise = {
  name: '上海测试贸易有限公司',
  creditCode: '91310109MA1HKQ3W5X',
  legalRepName: '周大福',
  legalRepIdNumber: '11010519491231002X',
  phone: '13700005678',
  password: 'abc12345',
};
const clerk = () => ({
  username: 'err-clerk',
  displayName: '测试窗口人员',
  password: 'Secret1234',
  roles: ['clerk'],
  unitId: bwtId,
});

type ProblemJson = {
  type: string;
  title: string;
  status: number;
  zh: string;
  en: string;
  errors?: { field: string; zh: string; en: string }[];
};

/** The response is an RFC 9457 problem with the status, a type and both languages; returns its body. */
function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as ProblemJson;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//) });
  expect(body.zh.length).toBeGreaterThan(0);
  expect(body.en.length).toBeGreaterThan(0);
  return body;
}

const fieldsOf = (body: ProblemJson) => (body.errors ?? []).map((e) => e.field);

describe('bad input is answered with a problem naming what is wrong', () => {
  it('refuses an ID number with a wrong check digit, naming idNumber', async () => {
    const res = await t
      .client()
      .post('/api/auth/register/citizen', { ...citizen, idNumber: '110105194912310021' });
    expect(fieldsOf(expectProblem(res, 400))).toEqual(['idNumber']);
  });

  it('refuses a credit code with a wrong check character, naming creditCode', async () => {
    const res = await t.client().post('/api/auth/register/enterprise', enterprise);
    const body = expectProblem(res, 400);
    expect(fieldsOf(body)).toEqual(['creditCode']);
    expect(body.errors![0]!.zh.length).toBeGreaterThan(0);
  });

  it('refuses a username that is taken with 409, naming username', async () => {
    const res = await admin.post('/api/users', { ...clerk(), username: 'leader' });
    expect(fieldsOf(expectProblem(res, 409))).toEqual(['username']);
  });

  it('answers an unknown API route with a 404 problem', async () => {
    const res = await t.client().get('/api/no-such-thing');
    expect(expectProblem(res, 404).title).toBe('not-found');
  });

  it('refuses malformed JSON, naming the body', async () => {
    const res = await t.client().request({
      method: 'POST',
      url: '/api/auth/register/citizen',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "孙小美",',
    });
    const body = expectProblem(res, 400);
    expect(body.title).toBe('bad-json');
    expect(fieldsOf(body)).toEqual(['body']);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...clerk(), displayName: 'x'.repeat(1_100_000) }),
    });
    expect(expectProblem(res, 413).title).toBe('payload-too-large');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/users',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(clerk()),
    });
    expect(expectProblem(res, 415).title).toBe('unsupported-media-type');
  });

  it('refuses an id that is not a UUID, naming id', async () => {
    const res = await admin.get('/api/users/not-a-uuid');
    expect(fieldsOf(expectProblem(res, 400))).toEqual(['id']);
  });

  it('refuses a body missing a required field, naming it', async () => {
    const { password: _password, ...withoutPassword } = clerk();
    const res = await admin.post('/api/users', withoutPassword);
    const body = expectProblem(res, 400);
    expect(fieldsOf(body)).toEqual(['password']);
    expect(body.errors![0]).toMatchObject({ zh: expect.stringContaining('password') });
  });
});

describe('any body a client may send', () => {
  /** JSON-ish values, plus near-misses of the real shapes so the field checks are reached too. */
  const body = fc.oneof(
    fc.jsonValue(),
    fc.object(),
    fc.record(
      {
        name: fc.oneof(fc.string(), fc.constant(citizen.name), fc.integer()),
        idNumber: fc.oneof(fc.string(), fc.stringMatching(/^\d{17}[\dX]$/), fc.constant(null)),
        phone: fc.oneof(fc.string(), fc.stringMatching(/^1\d{10}$/)),
        password: fc.oneof(fc.string(), fc.constant('abc12345')),
        username: fc.oneof(fc.string(), fc.stringMatching(/^[a-z][a-z0-9._-]{2,31}$/)),
        displayName: fc.oneof(fc.string(), fc.constant('测试')),
        roles: fc.oneof(fc.array(fc.string()), fc.constant(['clerk']), fc.anything()),
        unitId: fc.oneof(fc.uuid(), fc.string(), fc.constant('00000000-0000-0000-0000-000000000000')),
      },
      { requiredKeys: [] },
    ),
  );

  it('never gets a 5xx from registration or account creation', async () => {
    const anon = t.client();
    const seen = new Set<string>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        n++;
        const payload = JSON.stringify(value) ?? 'null';
        for (const [client, url] of [
          [anon, '/api/auth/register/citizen'],
          [admin, '/api/users'],
        ] as const) {
          const res = await client.request({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json' },
            payload,
            // Registration allows 30 a minute per address: give each run its own.
            remoteAddress: `10.0.${n >> 8}.${n & 255}`,
          });
          expect(res.statusCode, `${url} ${payload} → ${res.body}`).toBeLessThan(500);
          seen.add(`${url} ${res.statusCode}`);
        }
      }),
      { seed: 20_260_214, numRuns: 300 },
    );
    // The bodies reached validation rather than stopping at a throttle or the CSRF check.
    expect(seen).toContain('/api/auth/register/citizen 400');
    expect(seen).toContain('/api/users 400');
  });
});
