import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { Scheduler } from '../../core/workflow/scheduler';
import { applicationTimerHandlers } from './application-rules';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
let t: TestApp;
let enterprise: TestClient;
let reviewer: TestClient;

const definition = (code: string, extra: Record<string, unknown>) => ({
  code,
  name: `规则测试 ${code}`,
  type: '行政许可',
  departmentCode: 'D-SCJGJ',
  basis: '《测试条例》',
  legalLimitDays: 20,
  promisedLimitDays: 3,
  instant: false,
  visits: 0,
  fee: '不收费',
  form: { fields: [] },
  lifeEvents: ['测试'],
  keywords: [],
  riskLevel: 'low',
  demoAssumptions: ['test data'],
  issuesLicenseType: 'food-business-permit',
  materials: [{ key: 'layout', name: '场所布局图', required: true, source: 'upload', tolerable: true }],
  pledgeAllowed: true,
  toleranceAllowed: true,
  ...extra,
});

function multipart(payload: unknown, files: Record<string, Buffer> = {}) {
  const form = new FormData();
  form.append('payload', JSON.stringify(payload));
  for (const [key, content] of Object.entries(files))
    form.append(key, new Blob([content], { type: 'application/pdf' }), 'f.pdf');
  return form;
}

async function submit(payload: Record<string, unknown>, files: Record<string, Buffer> = {}) {
  const res = await enterprise.request({
    method: 'POST',
    url: '/api/applications',
    payload: multipart(payload, files),
  });
  return res;
}

async function caseOf(appId: string) {
  return (await reviewer.get(`/api/applications/${appId}`)).json().cases[0] as {
    caseId: string;
    version: number;
    state: string;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.staff('admin');
  expect(
    (await admin.post('/api/catalogue/items', { definition: definition('TEST-201', {}) })).statusCode,
  ).toBe(201);
  expect(
    (
      await admin.post('/api/catalogue/items', {
        definition: definition('TEST-202', { riskLevel: 'high', pledgeAllowed: false }),
      })
    ).statusCode,
  ).toBe(201);
  enterprise = t.client();
  expect(
    (await enterprise.post('/api/auth/public/login', { account: '13900001003', password: 'Yiwang@2026' }))
      .statusCode,
  ).toBe(200);
  reviewer = await t.staff('scjg-reviewer');
});
afterAll(() => t.close());

describe('告知承诺', () => {
  it('is refused for a high-risk item', async () => {
    const res = await submit({ itemCode: 'TEST-202', form: {}, pledge: true }, { 'material.layout': PDF });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('pledge');
  });

  it('decides at once, and a pledge found false revokes the licence, records the applicant and closes the procedure to them', async () => {
    const res = await submit({ itemCode: 'TEST-201', form: {}, pledge: true }, { 'material.layout': PDF });
    expect(res.statusCode, res.body).toBe(201);
    const app = res.json();
    const c = await caseOf(app.id);
    const approved = await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'acceptAndApprove',
      expectedVersion: 0,
    });
    expect(approved.json().cases[0].state).toBe('approved');
    const breach = await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/false-pledge`, {
      reason: '现场核查：场所与承诺不符',
    });
    expect(breach.statusCode, breach.body).toBe(200);
    expect(breach.json().revokedLicences).toBe(1);
    const again = await submit({ itemCode: 'TEST-201', form: {}, pledge: true }, { 'material.layout': PDF });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({
      field: 'pledge',
      zh: expect.stringContaining('虚假承诺'),
    });
    const notices = (await enterprise.get('/api/notifications'))
      .json()
      .items.map((n: { kind: string }) => n.kind);
    expect(notices).toEqual(expect.arrayContaining(['case.acceptAndApprove', 'pledge.false']));
  });
});

describe('容缺受理', () => {
  it('accepts a missing tolerable material with a date, and terminates the case when it is not supplied in time', async () => {
    const res = await submit({ itemCode: 'TEST-201', form: {}, tolerated: ['layout'] });
    expect(res.statusCode, res.body).toBe(201);
    const app = res.json();
    const view = (await enterprise.get(`/api/applications/${app.id}`)).json();
    expect(view.materials[0]).toMatchObject({
      key: 'layout',
      source: 'tolerated',
      dueBy: expect.any(String),
    });
    const c = await caseOf(app.id);
    await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'accept',
      expectedVersion: 0,
    });
    // The owed date passes.
    await sql`UPDATE workflow_timer SET due_at = now() - interval '1 minute' WHERE kind = 'application.tolerance-due' AND payload->>'applicationId' = ${app.id}`.execute(
      t.ctx.db,
    );
    await new Scheduler(t.ctx.db, applicationTimerHandlers(t.ctx), 'test').tick();
    const after = (await enterprise.get(`/api/applications/${app.id}`)).json();
    expect(after.cases[0].state).toBe('terminated');
    expect(after.cases[0].actions.at(-1)).toMatchObject({
      action: 'terminate',
      actorId: 'system',
      comment: expect.stringContaining('逾期未补齐'),
    });
  });

  it('keeps the case when the material is supplied in time', async () => {
    const app = (await submit({ itemCode: 'TEST-201', form: {}, tolerated: ['layout'] })).json();
    const supplied = await enterprise.request({
      method: 'POST',
      url: `/api/applications/${app.id}/materials`,
      payload: multipart({}, { 'material.layout': PDF }),
    });
    expect(supplied.statusCode, supplied.body).toBe(200);
    expect(supplied.json().materials[0].source).toBe('upload');
    await sql`UPDATE workflow_timer SET due_at = now() - interval '1 minute' WHERE kind = 'application.tolerance-due' AND payload->>'applicationId' = ${app.id}`.execute(
      t.ctx.db,
    );
    await new Scheduler(t.ctx.db, applicationTimerHandlers(t.ctx), 'test').tick();
    expect((await caseOf(app.id)).state).toBe('submitted');
  });

  it('refuses to leave out a material the item does not tolerate', async () => {
    const admin = await t.staff('admin');
    await admin.post('/api/catalogue/items', {
      definition: definition('TEST-203', {
        materials: [{ key: 'layout', name: '场所布局图', required: true, source: 'upload' }],
      }),
    });
    const res = await submit({ itemCode: 'TEST-203', form: {}, tolerated: ['layout'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('materials.layout');
  });
});

describe('notifications', () => {
  it('extends only when the department approves the reviewer’s request, and tells the applicant why', async () => {
    const app = (await submit({ itemCode: 'TEST-201', form: {} }, { 'material.layout': PDF })).json();
    const c = await caseOf(app.id);
    await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'accept',
      expectedVersion: 0,
    });
    const before = (await reviewer.get(`/api/applications/${app.id}`)).json().cases[0].sla.deadline;
    const tooLong = await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'extend',
      expectedVersion: 1,
      comment: 'x',
      data: { extendBy: 30 },
    });
    expect(tooLong.statusCode).toBe(400);
    const asked = await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'extend',
      expectedVersion: 1,
      comment: '需组织专家评审',
      data: { extendBy: 10 },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().cases[0].sla.deadline).toBe(before); // not extended until approved
    expect(
      (
        await reviewer.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
          action: 'approveExtension',
          expectedVersion: 2,
        })
      ).statusCode,
    ).toBe(403);
    const admin = await t.staff('admin');
    const approved = await admin.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'approveExtension',
      expectedVersion: 2,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(new Date(approved.json().cases[0].sla.deadline).getTime()).toBeGreaterThan(
      new Date(before).getTime(),
    );
    const again = await admin.post(`/api/applications/${app.id}/cases/${c.caseId}/actions`, {
      action: 'approveExtension',
      expectedVersion: 3,
    });
    expect(again.statusCode).toBe(409);
    const notes = (await enterprise.get('/api/notifications')).json().items;
    expect(notes[0]).toMatchObject({
      kind: 'case.approveExtension',
      zh: expect.stringContaining('理由：需组织专家评审'),
    });
    const receipt = await enterprise.get(
      `/api/applications/${app.id}/receipts/extension.pdf?caseId=${c.caseId}`,
    );
    expect(receipt.statusCode).toBe(200);
  });
});
