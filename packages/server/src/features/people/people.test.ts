import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('personal data of citizens', () => {
  it('shows ID numbers and phones masked in lists', async () => {
    const admin = await t.staff('admin');
    const res = await admin.get('/api/citizens?q=李建国');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ name: '李建国', idNumber: '310109********241X', phone: '139****1001' }),
    ]);
    expect(res.body).not.toContain('31010919780315241X');
  });

  it('gives a window clerk the unmasked view and audits every such view', async () => {
    const clerk = await t.staff('clerk');
    const [person] = (await clerk.get('/api/citizens?q=13900001001')).json().items;
    const res = await clerk.get(`/api/citizens/${person.id}/identity`);
    expect(res.json()).toMatchObject({ idNumber: '31010919780315241X', phone: '13900001001' });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_label', 'entity_id'])
      .where('action', '=', 'personal-data.view')
      .execute();
    expect(audit).toEqual([{ actor_label: 'clerk', entity_id: person.id }]);
  });

  it('refuses the unmasked view to roles that do not need it', async () => {
    const admin = await t.staff('admin');
    const [person] = (await admin.get('/api/citizens')).json().items;
    expect((await admin.get(`/api/citizens/${person.id}/identity`)).statusCode).toBe(403);
    expect((await (await t.staff('leader')).get(`/api/citizens/${person.id}/identity`)).statusCode).toBe(403);
    expect((await t.client().get('/api/citizens')).statusCode).toBe(401);
  });
});
