import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';
import {
  actOnRectification,
  completedApplication,
  setUpRatingFixtures,
  signInPublic,
} from './rating-test-fixtures';

let t: TestApp;
let caseId: string;
let applicationId: string;

beforeAll(async () => {
  t = await createTestApp();
  await setUpRatingFixtures(t);
  const citizen = await signInPublic(t, '13900001001');
  applicationId = await completedApplication(citizen, await t.staff('scjg-reviewer'), 'TEST-801');
  const res = await citizen.post(`/api/applications/${applicationId}/rating`, {
    score: 1,
    comment: '态度差',
  });
  expect(res.statusCode, res.body).toBe(201);
  caseId = res.json().rating.rectification.caseId;
});
afterAll(() => t.close());

describe('who sees a rectification case', () => {
  it('hides it from another department and from a street (404), and lists it for neither', async () => {
    for (const username of ['wjw-reviewer', 'bwt-admin', 'bwt-handler']) {
      const c = await t.staff(username);
      expect((await c.get(`/api/rectifications/${caseId}`)).statusCode, username).toBe(404);
      expect(
        (
          await c.post(`/api/rectifications/${caseId}/actions`, {
            action: 'recordContact',
            expectedVersion: 0,
            comment: 'x',
            data: { contactedAt: new Date().toISOString(), channel: 'phone' },
          })
        ).statusCode,
        username,
      ).toBe(404);
      expect((await c.get('/api/rectifications')).json().items, username).toEqual([]);
    }
  });

  it('shows it to the district and the leader, and keeps citizens and the anonymous out', async () => {
    expect((await (await t.staff('admin')).get(`/api/rectifications/${caseId}`)).statusCode).toBe(200);
    expect((await (await t.staff('leader')).get('/api/rectifications')).json().total).toBe(1);
    const citizen = await signInPublic(t, '13900001001');
    expect((await citizen.get('/api/rectifications')).statusCode).toBe(403);
    expect((await t.client().get(`/api/rectifications/${caseId}`)).statusCode).toBe(401);
    expect((await t.client().get('/api/ratings/stats')).statusCode).toBe(200);
  });

  it('lets a street administrator neither rate nor decide appeals', async () => {
    const bwt = await t.staff('bwt-admin');
    expect((await bwt.post(`/api/applications/${applicationId}/rating`, { score: 5 })).statusCode).toBe(403);
    const scjg = await t.staff('scjg-reviewer');
    expect((await actOnRectification(scjg, caseId, 'appeal', { comment: '恶意差评' })).statusCode).toBe(200);
    expect((await actOnRectification(scjg, caseId, 'approveAppeal', { comment: 'x' })).statusCode).toBe(403);
  });
});
