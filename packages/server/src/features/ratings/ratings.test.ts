import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import {
  actOnRectification,
  completedApplication,
  setUpRatingFixtures,
  signInPublic,
} from './rating-test-fixtures';

let t: TestApp;
let admin: TestClient;
let citizen: TestClient;
let scjg: TestClient;
let wjw: TestClient;
let clerk: TestClient;
let scjgUnitId: string;

const CONTACT = { contactedAt: new Date().toISOString(), channel: 'phone' };

async function rate(c: TestClient, applicationId: string, body: Record<string, unknown>) {
  return c.post(`/api/applications/${applicationId}/rating`, body);
}

async function poorRating(c: TestClient, reviewer: TestClient, item: string, score = 1) {
  const id = await completedApplication(c, reviewer, item);
  const res = await rate(c, id, { score, comment: '窗口让我跑了三趟', indicators: { attitude: 1 } });
  expect(res.statusCode, res.body).toBe(201);
  return { applicationId: id, caseId: res.json().rating.rectification.caseId as string };
}

beforeAll(async () => {
  t = await createTestApp();
  const fx = await setUpRatingFixtures(t);
  admin = fx.admin;
  scjgUnitId = fx.units.find((u) => u.code === 'D-SCJGJ')!.id;
  citizen = await signInPublic(t, '13900001001');
  scjg = await t.staff('scjg-reviewer');
  wjw = await t.staff('wjw-reviewer');
  clerk = await t.staff('clerk');
});
afterAll(() => t.close());

describe('rating an application (一事一评)', () => {
  it('waits for a decision before the applicant may rate', async () => {
    const res = await citizen.post('/api/applications', { itemCode: 'TEST-801', form: { companyName: 'x' } });
    const id = res.json().id;
    expect((await citizen.get(`/api/applications/${id}/rating`)).json()).toEqual({
      rating: null,
      canRate: false,
    });
    expect((await rate(citizen, id, { score: 5 })).statusCode).toBe(409);
  });

  it('takes one rating per application; the second is 409', async () => {
    const id = await completedApplication(citizen, scjg, 'TEST-801');
    expect((await citizen.get(`/api/applications/${id}/rating`)).json().canRate).toBe(true);
    const first = await rate(citizen, id, {
      score: 5,
      indicators: { attitude: 5, efficiency: 5, result: 5 },
      via: 'mobile',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      canRate: false,
      rating: { score: 5, via: 'mobile', rectification: null },
    });
    const second = await rate(citizen, id, { score: 4 });
    expect(second.statusCode).toBe(409);
    // Only the applicant rates.
    expect(
      (await rate(await signInPublic(t, '13900001002'), id, { score: 1, comment: 'x' })).statusCode,
    ).toBe(404);
  });

  it('refuses a 差评 without a comment, naming the comment', async () => {
    const id = await completedApplication(citizen, wjw, 'TEST-802');
    const res = await rate(citizen, id, { score: 2, comment: ' ' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['comment']);
    expect((await citizen.get(`/api/applications/${id}/rating`)).json().rating).toBeNull();
  });
});

describe('差评整改', () => {
  it('opens a rectification case in the handling department, due the same working day', async () => {
    const { caseId } = await poorRating(citizen, scjg, 'TEST-801');
    const list = (await scjg.get('/api/rectifications')).json();
    const row = list.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(row).toMatchObject({ state: 'contacting', score: 1, tierDays: 5, urgency: 'normal' });
    const c = await t.ctx.db
      .selectFrom('workflow_case')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.unit_id).toBe(scjgUnitId);
    const due = (await t.ctx.calendar.get()).addWorkingHours(c.created_at, 8);
    expect(due.ok && due.deadline?.toISOString()).toBe(new Date(row.deadline).toISOString());
    const detail = (await scjg.get(`/api/rectifications/${caseId}`)).json();
    expect(detail.rater.name).toBe('李建国');
    expect(detail.rating.comment).toBe('窗口让我跑了三趟');
    expect(detail.case.available.sort()).toEqual(['appeal', 'recordContact']);
  });

  it('runs to 已办结 with the contact recorded', async () => {
    const { applicationId, caseId } = await poorRating(citizen, scjg, 'TEST-801');
    const noChannel = await actOnRectification(scjg, caseId, 'recordContact', { comment: '已电话致歉' });
    expect(noChannel.statusCode).toBe(400);
    expect(noChannel.json().errors.map((e: { field: string }) => e.field)).toContain('data.channel');
    const contacted = await actOnRectification(scjg, caseId, 'recordContact', {
      comment: '已电话联系申请人并致歉，说明材料一次告知的改进',
      data: CONTACT,
    });
    expect(contacted.statusCode, contacted.body).toBe(200);
    expect(contacted.json().case).toMatchObject({ state: 'rectifying', sla: { kind: 'running' } });
    expect(contacted.json().case.actions[0].data).toMatchObject({ channel: 'phone' });
    expect((await actOnRectification(scjg, caseId, 'rectify', { comment: '修订办事指南' })).statusCode).toBe(
      200,
    );
    const closed = await actOnRectification(scjg, caseId, 'reportBack', { comment: '回访，申请人表示满意' });
    expect(closed.json().case).toMatchObject({ state: 'closed', sla: { kind: 'none' } });
    const mine = (await citizen.get(`/api/applications/${applicationId}/rating`)).json();
    expect(mine.rating.rectification).toMatchObject({ state: 'closed', stateName: { zh: '已办结' } });
    expect(
      (await scjg.get('/api/rectifications')).json().items.map((i: { caseId: string }) => i.caseId),
    ).not.toContain(caseId);
  });

  it('gives the window that took an application in the rectification case too', async () => {
    const id = await completedApplication(clerk, scjg, 'TEST-801', { idNumber: '31010919780315241X' });
    const res = await rate(citizen, id, {
      score: 2,
      comment: '排队太久',
      indicators: { result: 2 },
      via: 'window-tablet',
    });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().rating.rectification.caseId;
    const row = (await clerk.get('/api/rectifications'))
      .json()
      .items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(row).toMatchObject({ tierDays: 15 });
    expect(
      (
        await actOnRectification(clerk, caseId, 'recordContact', {
          comment: '当面致歉',
          data: { ...CONTACT, channel: 'visit' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('removes a rating from the statistics when the district upholds the unit’s appeal', async () => {
    const { caseId } = await poorRating(citizen, wjw, 'TEST-802', 2);
    const before = (await t.client().get('/api/ratings/stats?days=30')).json();
    expect(
      (await actOnRectification(wjw, caseId, 'appeal', { comment: '评价内容与办件无关，系恶意差评' }))
        .statusCode,
    ).toBe(200);
    expect((await actOnRectification(wjw, caseId, 'approveAppeal', { comment: '自己批' })).statusCode).toBe(
      403,
    );
    const rejected = await actOnRectification(admin, caseId, 'rejectAppeal', { comment: '证据不足' });
    expect(rejected.json().case.state).toBe('rectifying');
    await actOnRectification(wjw, caseId, 'appeal', { comment: '补充通话录音' });
    const upheld = await actOnRectification(admin, caseId, 'approveAppeal', {
      comment: '录音证实为恶意差评',
    });
    expect(upheld.json().case.state).toBe('upheld');
    const after = (await t.client().get('/api/ratings/stats?days=30')).json();
    expect(after.excluded).toBe(before.excluded + 1);
    expect(after.poor).toBe(before.poor - 1);
    expect(after.total).toBe(before.total - 1);
  });
});

describe('published figures', () => {
  it('computes 好评率, 差评率, 差评整改率 and the ranking from the ratings', async () => {
    // So far: 5, 1 (open), 1 (closed), 2 (window, open) at 市场监管; 2 excluded on appeal at 卫健委.
    for (const score of [4, 3]) {
      const id = await completedApplication(citizen, wjw, 'TEST-802');
      expect((await rate(citizen, id, { score, indicators: { attitude: score } })).statusCode).toBe(201);
    }
    const s = (await t.client().get('/api/ratings/stats?days=30')).json();
    // Counted: 5, 1, 1, 2, 4, 3 → good 2/6, poor 3/6, rectified 1 of 3; excluded 1.
    expect(s).toMatchObject({
      days: 30,
      total: 6,
      good: 2,
      poor: 3,
      rectified: 1,
      excluded: 1,
      goodRate: 2 / 6,
      poorRate: 3 / 6,
      rectificationRate: 1 / 3,
      average: 16 / 6,
      counts: { 1: 2, 2: 1, 3: 1, 4: 1, 5: 1 },
    });
    expect(
      s.ranking.map((r: { name: string; total: number; goodRate: number; average: number }) => [
        r.total,
        r.goodRate,
        r.average,
      ]),
    ).toEqual([
      [2, 1 / 2, 3.5],
      [4, 1 / 4, 9 / 4],
    ]);
    expect((await t.client().get('/api/ratings/stats?days=7')).statusCode).toBe(400);
  });
});
