import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let scjg: TestClient;
let depts: Record<string, string>;
const reviewers: Record<string, TestClient> = {};

beforeAll(async () => {
  t = await createTestApp();
  const units = await t.ctx.db
    .selectFrom('org_unit')
    .select(['id', 'code'])
    .where('kind', '=', 'department')
    .execute();
  depts = Object.fromEntries(units.map((u) => [u.code, u.id]));
  const admin = await t.staff('admin');
  for (const [username, code] of [
    ['wjw-reviewer', 'D-WJW'],
    ['fgw-reviewer', 'D-FGW'],
    ['swj-reviewer', 'D-SWW'],
  ] as const) {
    const res = await admin.post('/api/users', {
      username,
      displayName: `${code} 审批`,
      password: 'Yiwang@2026',
      roles: ['reviewer'],
      unitId: depts[code],
    });
    expect(res.statusCode, res.body).toBe(201);
    reviewers[code] = await t.staff(username);
  }
  scjg = await t.staff('scjg-reviewer');
});
afterAll(() => t.close());

const propose = async (wording: string) => {
  const res = await scjg.post('/api/joint-reviews', {
    wording,
    industry: '数字经济',
    rationale: '新业态企业登记时缺少规范表述',
    departmentIds: [depts['D-WJW'], depts['D-FGW']],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const scopes = async (q: string) =>
  (
    (await t.client().get(`/api/business-scopes?q=${encodeURIComponent(q)}`)).json().items as {
      wording: string;
    }[]
  ).map((i) => i.wording);

describe('合议核准制', () => {
  it('makes the wording selectable once every invited department approves', async () => {
    const id = await propose('元宇宙场景设计服务');
    expect(await scopes('元宇宙')).toEqual([]);
    const first = await reviewers['D-WJW']!.post(`/api/joint-reviews/${id}/opinions`, {
      decision: 'approve',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('consulting');
    expect(await scopes('元宇宙')).toEqual([]);
    const last = await reviewers['D-FGW']!.post(`/api/joint-reviews/${id}/opinions`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(last.json().status).toBe('approved');
    expect(last.json().opinions.map((o: { state: string }) => o.state)).toEqual(['approved', 'approved']);
    expect(await scopes('元宇宙')).toEqual(['元宇宙场景设计服务']);
    expect(await scopes('数字经济')).toContain('元宇宙场景设计服务');
  });

  it('rejects the wording on one department’s rejection with its reasons, and takes no more opinions', async () => {
    const id = await propose('低空飞行体验服务');
    expect(
      (await reviewers['D-WJW']!.post(`/api/joint-reviews/${id}/opinions`, { decision: 'reject' }))
        .statusCode,
    ).toBe(400);
    const res = await reviewers['D-WJW']!.post(`/api/joint-reviews/${id}/opinions`, {
      decision: 'reject',
      comment: '涉及公共安全，需先明确监管部门',
    });
    expect(res.json()).toMatchObject({ status: 'rejected' });
    expect(res.json().opinions.find((o: { state: string }) => o.state === 'rejected').comment).toBe(
      '涉及公共安全，需先明确监管部门',
    );
    expect(
      (await reviewers['D-FGW']!.post(`/api/joint-reviews/${id}/opinions`, { decision: 'approve' }))
        .statusCode,
    ).toBe(409);
    expect(await scopes('低空')).toEqual([]);
  });

  it('shows each invited department the review and its own pending opinion', async () => {
    const id = await propose('数字人直播服务');
    const list = (await reviewers['D-FGW']!.get('/api/joint-reviews')).json().items;
    expect(list.find((r: { id: string }) => r.id === id)).toMatchObject({ awaitingMe: true, invited: 2 });
    expect((await reviewers['D-FGW']!.get(`/api/joint-reviews/${id}`)).json().mayVote).toBe(true);
    expect((await scjg.get(`/api/joint-reviews/${id}`)).json().mayVote).toBe(false);
  });
});

describe('合议核准制 scopes', () => {
  it('refuses an opinion from a department that was not invited with 403', async () => {
    const id = await propose('宠物殡葬服务');
    // Not invited: neither the 商务委 reviewer nor the convener itself.
    expect(
      (await reviewers['D-SWW']!.post(`/api/joint-reviews/${id}/opinions`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect((await scjg.post(`/api/joint-reviews/${id}/opinions`, { decision: 'approve' })).statusCode).toBe(
      403,
    );
    await reviewers['D-WJW']!.post(`/api/joint-reviews/${id}/opinions`, { decision: 'approve' });
    expect(
      (await reviewers['D-WJW']!.post(`/api/joint-reviews/${id}/opinions`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
  });

  it('lets only the market regulator’s reviewers convene, and only reviewers give opinions', async () => {
    const res = await reviewers['D-WJW']!.post('/api/joint-reviews', {
      wording: '某某服务',
      industry: '某行业',
      rationale: '理由',
      departmentIds: [depts['D-FGW']],
    });
    expect(res.statusCode).toBe(403);
    const id = await propose('智能陪伴机器人租赁');
    expect(
      (await (await t.staff('clerk')).post(`/api/joint-reviews/${id}/opinions`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect((await t.client().post('/api/joint-reviews', {})).statusCode).toBe(401);
  });

  it('refuses inviting a unit that is not a department', async () => {
    const street = await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'street')
      .executeTakeFirstOrThrow();
    const res = await scjg.post('/api/joint-reviews', {
      wording: '某某服务',
      industry: '某行业',
      rationale: '理由',
      departmentIds: [street.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('departmentIds');
  });
});
