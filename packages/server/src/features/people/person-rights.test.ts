import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCitizens } from '@yiwang/fixtures';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { signInPublic, testItem } from '../../testing/service-kit';

const [li, wang] = demoCitizens;
let t: TestApp;
let admin: TestClient;
let liId: string;

const auditRows = (action: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .select(['actor_label', 'entity_id', 'summary'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

/** Let the 市场监管局 reviewer accept, approve and deliver every sub-case of an application. */
async function decide(applicationId: string) {
  const reviewer = await t.staff('scjg-reviewer');
  for (const action of ['accept', 'approve', 'deliver']) {
    const sub = (await reviewer.get(`/api/applications/${applicationId}`)).json().cases[0];
    const res = await reviewer.post(`/api/applications/${applicationId}/cases/${sub.caseId}/actions`, {
      action,
      expectedVersion: sub.version,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
  const item = await admin.post('/api/catalogue/items', { definition: testItem('TEST-901', 'D-SCJGJ') });
  expect(item.statusCode, item.body).toBe(201);
  liId = (
    await t.ctx.db
      .selectFrom('account')
      .select('id')
      .where('id_number', '=', li!.idNumber)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

describe('exporting a person’s data (个人信息保护法 第45条)', () => {
  it('gives a district administrator everything held about the citizen, unmasked, as an attachment, and audits it', async () => {
    const res = await admin.get(`/api/citizens/${liId}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="person-${liId}.json"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.json();
    expect(data.account).toMatchObject({ name: li!.name, idNumber: li!.idNumber, phone: li!.phone });
    expect(data.licences.length).toBeGreaterThan(0);
    expect(data.licences.every((l: { holderId: string }) => l.holderId === li!.idNumber)).toBe(true);
    expect(res.body).not.toContain(wang!.idNumber);
    expect(res.body).not.toContain(wang!.phone);
    expect(await auditRows('personal-data.export')).toEqual([
      expect.objectContaining({ actor_label: 'admin', entity_id: liId }),
    ]);
  });

  it('gives a signed-in citizen their own data and nobody else’s', async () => {
    const citizen = await signInPublic(t, li!.phone);
    const res = await citizen.get('/api/me/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().account).toMatchObject({ id: liId, idNumber: li!.idNumber });
    expect(res.json().sessions.length).toBeGreaterThan(0);
    expect(res.body).not.toContain(wang!.idNumber);
    expect((await citizen.get(`/api/citizens/${liId}/export`)).statusCode).toBe(403);
    expect((await t.client().get('/api/me/export')).statusCode).toBe(401);
  });

  it('refuses the export to roles that do not handle such requests, and finds no citizen in a street’s scope', async () => {
    for (const name of ['clerk', 'leader', 'auditor']) {
      const res = await (await t.staff(name)).get(`/api/citizens/${liId}/export`);
      expect(res.statusCode, name).toBe(403);
    }
    // A street administrator's scope holds no citizen: not found, as any object outside a scope.
    expect((await (await t.staff('bwt-admin')).get(`/api/citizens/${liId}/export`)).statusCode).toBe(404);
    const unknown = await admin.get('/api/citizens/00000000-0000-4000-8000-000000000000/export');
    expect(unknown.statusCode).toBe(404);
  });
});

describe('erasing a person’s data (个人信息保护法 第47条)', () => {
  it('refuses while an application is being handled, then erases the person and keeps the legal records', async () => {
    const citizen = await signInPublic(t, li!.phone);
    const filed = await citizen.post('/api/applications', {
      itemCode: 'TEST-901',
      form: { companyName: '一网小馆' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const applicationId = filed.json().id as string;
    const committee = await t.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'committee')
      .executeTakeFirstOrThrow();
    const call = await (
      await t.staff('hotline')
    ).post('/api/hotline/calls', {
      callerName: li!.name,
      callerPhone: li!.phone,
      kindCode: 'H-complaint',
      placeUnitId: committee.id,
      description: '楼道灯坏了',
      disposition: 'create',
    });
    expect(call.statusCode, call.body).toBe(201);

    const erase = (body: unknown = { confirm: true, reason: '本人书面申请删除' }) =>
      admin.post(`/api/citizens/${liId}/erase`, body);
    const unconfirmed = await erase({ reason: '本人申请' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors.map((e: { field: string }) => e.field)).toEqual(['confirm']);
    const open = await erase();
    expect(open.statusCode).toBe(409);
    expect(open.json().zh).toContain('尚在办理中');
    expect(
      (
        await (
          await t.staff('bwt-admin')
        ).post(`/api/citizens/${liId}/erase`, { confirm: true, reason: 'x y' })
      ).statusCode,
    ).toBe(404);

    await decide(applicationId);
    const erased = await erase();
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({
      id: liId,
      removed: { hotlineCalls: 1, workOrders: 1 },
      kept: ['applications', 'e-licences', 'credit-records', 'ratings', 'audit-log'],
    });
    expect(erased.json().removed.sessions).toBeGreaterThan(0);

    const account = await t.ctx.db
      .selectFrom('account')
      .selectAll()
      .where('id', '=', liId)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      display_name: '已注销用户',
      id_number: null,
      phone: null,
      disabled: true,
    });
    expect(account.erased_at).toBeInstanceOf(Date);
    // Signed out everywhere, and no way back in with the old phone or ID number.
    expect((await citizen.get('/api/me/export')).statusCode).toBe(401);
    for (const subject of [li!.phone, li!.idNumber]) {
      const login = await t
        .client()
        .post('/api/auth/public/login', { account: subject, password: 'Yiwang@2026' });
      expect(login.statusCode).toBe(401);
    }
    // The caller's contact left the 12345 call and its work order; what was reported stays.
    const calls = await t.ctx.db
      .selectFrom('hotline_call')
      .select(['caller_name', 'caller_phone', 'description'])
      .where('description', '=', '楼道灯坏了')
      .execute();
    expect(calls).toEqual([{ caller_name: null, caller_phone: null, description: '楼道灯坏了' }]);
    // Kept: the decided application (行政许可 file) and the e-licences issued to the person.
    const application = await t.ctx.db
      .selectFrom('application')
      .select(['applicant_account_id', 'applicant_id'])
      .where('id', '=', applicationId)
      .executeTakeFirstOrThrow();
    expect(application).toEqual({ applicant_account_id: liId, applicant_id: li!.idNumber });
    const licences = await t.ctx.db
      .selectFrom('e_license')
      .select('id')
      .where('holder_id', '=', li!.idNumber)
      .execute();
    expect(licences.length).toBeGreaterThan(0);
    // Gone from the citizens search; audited without the numbers; not erased twice.
    expect((await admin.get(`/api/citizens?q=${encodeURIComponent(li!.name)}`)).json().items).toEqual([]);
    const [audit] = await auditRows('personal-data.erase');
    expect(audit).toMatchObject({ actor_label: 'admin', entity_id: liId });
    expect(JSON.stringify(audit!.summary)).not.toContain(li!.phone);
    expect(JSON.stringify(audit!.summary)).not.toContain(li!.idNumber);
    expect((await erase()).statusCode).toBe(409);
  });
});
