import { expect } from 'vitest';
import type { TestApp, TestClient } from '../../testing/test-app';
import { testItem } from '../../testing/service-kit';

export { testItem, signInPublic } from '../../testing/service-kit';

/** Items TEST-801 (市场监管局) and TEST-802 (卫健委), and a 卫健委 reviewer `wjw-reviewer`. */
export async function setUpRatingFixtures(t: TestApp) {
  const admin = await t.staff('admin');
  for (const def of [testItem('TEST-801', 'D-SCJGJ'), testItem('TEST-802', 'D-WJW')]) {
    const res = await admin.post('/api/catalogue/items', { definition: def });
    expect(res.statusCode, res.body).toBe(201);
  }
  const units = (await admin.get('/api/units?kind=department')).json().items as Array<{
    id: string;
    code: string;
  }>;
  const res = await admin.post('/api/users', {
    username: 'wjw-reviewer',
    displayName: '卫健审批',
    password: 'Yiwang@2026',
    roles: ['reviewer'],
    unitId: units.find((u) => u.code === 'D-WJW')!.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { admin, units };
}

/** Submit online (or at the window, by a clerk) and let the reviewer accept, approve and deliver. */
export async function completedApplication(
  submitter: TestClient,
  reviewer: TestClient,
  itemCode: string,
  window?: { idNumber: string },
): Promise<string> {
  const res = await submitter.post('/api/applications', {
    itemCode,
    form: { companyName: '一网小馆' },
    ...(window ? { channel: 'window', applicant: window } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  for (const action of ['accept', 'approve', 'deliver']) {
    const view = (await reviewer.get(`/api/applications/${id}`)).json();
    const sub = view.cases[0];
    const acted = await reviewer.post(`/api/applications/${id}/cases/${sub.caseId}/actions`, {
      action,
      expectedVersion: sub.version,
    });
    expect(acted.statusCode, acted.body).toBe(200);
  }
  return id;
}

/** Take an action on a rectification case at the version the client sees. */
export async function actOnRectification(
  c: TestClient,
  caseId: string,
  action: string,
  extra: Record<string, unknown> = {},
) {
  const view = (await c.get(`/api/rectifications/${caseId}`)).json();
  return c.post(`/api/rectifications/${caseId}/actions`, {
    action,
    expectedVersion: view.case.version,
    ...extra,
  });
}
