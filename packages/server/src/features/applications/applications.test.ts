import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import { PDF, formField, multipart, signInPublic, testItem } from '../../testing/service-kit';

const ENTERPRISE_PHONE = '13900001003';

let t: TestApp;
let admin: TestClient;
let enterprise: TestClient;
let citizen: TestClient;
let clerk: TestClient;
let scjg: TestClient;
let wjw: TestClient;

const field = formField;
const item = testItem;

const signIn = (account: string) => signInPublic(t, account);

async function act(
  c: TestClient,
  app: { id: string },
  caseId: string,
  action: string,
  extra: Record<string, unknown> = {},
) {
  const view = (await c.get(`/api/applications/${app.id}`)).json();
  const sub = view.cases.find((x: { caseId: string }) => x.caseId === caseId);
  return c.post(`/api/applications/${app.id}/cases/${caseId}/actions`, {
    action,
    expectedVersion: sub.version,
    ...extra,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
  for (const def of [
    item('TEST-101', 'D-SCJGJ', {
      issuesLicenseType: 'food-business-permit',
      materials: [
        {
          key: 'businessLicence',
          name: '营业执照',
          required: true,
          source: 'elicense',
          licenseType: 'business-licence',
        },
        { key: 'floorPlan', name: '经营场所平面图', required: true, source: 'upload' },
      ],
    }),
    item('TEST-102', 'D-WJW', {
      issuesLicenseType: 'business-licence',
      materials: [{ key: 'floorPlan', name: '经营场所平面图', required: true, source: 'upload' }],
    }),
    item('TEST-103', 'D-MZJ', {
      form: {
        fields: [field('companyName', 'text', false), { ...field('birthDate', 'date'), pastDate: true }],
      },
      materials: [
        { key: 'idCard', name: '居民身份证', required: true, source: 'elicense', licenseType: 'resident-id' },
        { key: 'proof', name: '证明材料', required: true, source: 'upload' },
      ],
    }),
  ]) {
    const res = await admin.post('/api/catalogue/items', { definition: def });
    expect(res.statusCode, res.body).toBe(201);
  }
  const bundle = await admin.post('/api/catalogue/bundles', {
    definition: {
      code: 'TEST-901',
      name: '测试：开店一件事',
      kind: 'joint-licence',
      lifeEvent: '测试',
      description: '两个部门并联审批',
      itemCodes: ['TEST-101', 'TEST-102'],
    },
  });
  expect(bundle.statusCode, bundle.body).toBe(201);
  const units = (await admin.get('/api/units?kind=department')).json().items as Array<{
    id: string;
    code: string;
  }>;
  const wjwUnit = units.find((u) => u.code === 'D-WJW')!;
  expect(
    (
      await admin.post('/api/users', {
        username: 'wjw-reviewer',
        displayName: '卫健审批',
        password: 'Yiwang@2026',
        roles: ['reviewer'],
        unitId: wjwUnit.id,
      })
    ).statusCode,
  ).toBe(201);
  enterprise = await signIn(ENTERPRISE_PHONE);
  citizen = await signIn('13900001001');
  clerk = await t.staff('clerk');
  scjg = await t.staff('scjg-reviewer');
  wjw = await t.staff('wjw-reviewer');
});
afterAll(() => t.close());

describe('applying for a service', () => {
  it('fills the business licence from the e-license library and never asks for it', async () => {
    const res = await enterprise.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { itemCode: 'TEST-101', form: { companyName: '一网小馆' } },
        { 'material.floorPlan': { name: 'plan.pdf', type: 'application/pdf', content: PDF } },
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = (await enterprise.get(`/api/applications/${res.json().id}`)).json();
    expect(view.materials.find((m: { key: string }) => m.key === 'businessLicence')).toMatchObject({
      source: 'elicense',
      licenseNo: expect.any(String),
    });
    expect(view.materials.find((m: { key: string }) => m.key === 'floorPlan')).toMatchObject({
      source: 'upload',
      fileName: 'plan.pdf',
    });
    expect(view.cases[0]).toMatchObject({ state: 'submitted', sla: { kind: 'running' } });
  });

  it('runs a bundle’s sub-cases in parallel in their departments and completes when both do, issuing both licences', async () => {
    const res = await enterprise.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { bundleCode: 'TEST-901', form: { companyName: '一网小馆二店' } },
        { 'material.floorPlan': { name: 'plan.pdf', type: 'application/pdf', content: PDF } },
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const app = res.json();
    const mine = (await enterprise.get(`/api/applications/${app.id}`)).json();
    expect(mine.cases).toHaveLength(2);
    // Each department sees only its own sub-case.
    const scjgView = (await scjg.get(`/api/applications/${app.id}`)).json();
    const wjwView = (await wjw.get(`/api/applications/${app.id}`)).json();
    expect(scjgView.cases).toHaveLength(1);
    expect(wjwView.cases).toHaveLength(1);
    const [a, b] = [scjgView.cases[0].caseId, wjwView.cases[0].caseId];
    await Promise.all([act(scjg, app, a, 'accept'), act(wjw, app, b, 'accept')]);
    await Promise.all([act(scjg, app, a, 'approve'), act(wjw, app, b, 'approve')]);
    await act(scjg, app, a, 'deliver');
    expect((await enterprise.get(`/api/applications/${app.id}`)).json().status).toBe('in-progress');
    await act(wjw, app, b, 'deliver');
    expect((await enterprise.get(`/api/applications/${app.id}`)).json().status).toBe('completed');
    const wallet = (await enterprise.get('/api/wallet')).json().items as Array<{
      typeCode: string;
      sourceApplicationId: string | null;
    }>;
    expect(
      wallet
        .filter((l) => l.sourceApplicationId === app.id)
        .map((l) => l.typeCode)
        .sort(),
    ).toEqual(['business-licence', 'food-business-permit']);
  });

  it('lets one of two reviewers deciding at once win; the other gets 409', async () => {
    const res = await enterprise.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { itemCode: 'TEST-101', form: { companyName: '并发小馆' } },
        { 'material.floorPlan': { name: 'plan.pdf', type: 'application/pdf', content: PDF } },
      ),
    });
    const app = res.json();
    const caseId = (await scjg.get(`/api/applications/${app.id}`)).json().cases[0].caseId;
    await act(scjg, app, caseId, 'accept');
    const other = await t.staff('scjg-reviewer');
    const view = (await scjg.get(`/api/applications/${app.id}`)).json();
    const version = view.cases[0].version;
    const [x, y] = await Promise.all([
      scjg.post(`/api/applications/${app.id}/cases/${caseId}/actions`, {
        action: 'approve',
        expectedVersion: version,
      }),
      other.post(`/api/applications/${app.id}/cases/${caseId}/actions`, {
        action: 'deny',
        expectedVersion: version,
        comment: '不符合条件',
      }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    expect(
      (
        await enterprise.post(`/api/applications/${app.id}/cases/${caseId}/actions`, {
          action: 'deliver',
          expectedVersion: version + 1,
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('at the window', () => {
  it('takes an application for a citizen, pauses for 补正, and runs on when the material arrives', async () => {
    const res = await clerk.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        {
          itemCode: 'TEST-103',
          channel: 'window',
          applicant: { idNumber: '31010919780315241X' },
          form: { birthDate: '1978-03-15' },
        },
        { 'material.proof': { name: 'proof.pdf', type: 'application/pdf', content: PDF } },
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const app = res.json();
    const view = (await clerk.get(`/api/applications/${app.id}`)).json();
    expect(view.applicantId).toBe('310109********241X');
    expect(view.materials.find((m: { key: string }) => m.key === 'idCard')).toMatchObject({
      source: 'elicense',
    });
    const caseId = view.cases[0].caseId;
    const before = view.cases[0].sla.deadline;
    const asked = await act(clerk, app, caseId, 'askCorrection', { comment: '证明材料不清晰，请补正' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().cases[0].sla).toEqual({ kind: 'paused' });
    const supplied = await citizen.request({
      method: 'POST',
      url: `/api/applications/${app.id}/cases/${caseId}/actions`,
      payload: multipart(
        { action: 'supplyCorrection', expectedVersion: 1 },
        {
          'material.proof': {
            name: 'proof2.pdf',
            type: 'application/pdf',
            content: Buffer.concat([PDF, Buffer.from('%v2')]),
          },
        },
      ),
    });
    expect(supplied.statusCode, supplied.body).toBe(200);
    const after = supplied.json();
    expect(after.cases[0]).toMatchObject({ state: 'reviewing', sla: { kind: 'running' } });
    expect(new Date(after.cases[0].sla.deadline).getTime()).toBeGreaterThanOrEqual(
      new Date(before).getTime(),
    );
    const proof = after.materials.find((m: { key: string }) => m.key === 'proof');
    expect(proof.fileName).toBe('proof2.pdf');
    const file = await citizen.get(`/api/applications/${app.id}/files/${proof.fileId}`);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['content-type']).toBe('application/pdf');
    const receipt = await citizen.get(`/api/applications/${app.id}/receipts/correction.pdf?caseId=${caseId}`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (await citizen.get(`/api/applications/${app.id}/receipts/approval.pdf?caseId=${caseId}`)).statusCode,
    ).toBe(404);
    expect((await enterprise.get(`/api/applications/${app.id}`)).statusCode).toBe(404);
  });
});

describe('bad input', () => {
  const count = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('application')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const files = async () =>
    (await readdir(join(t.ctx.config.dataDir, 'files'), { recursive: true }).catch(() => [])).length;

  it('names the form field, the missing material and the file whose content is not what its name says', async () => {
    const before = [await count(), await files()];
    const badForm = await citizen.post('/api/applications', {
      itemCode: 'TEST-103',
      form: { birthDate: '2999-01-01' },
    });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().errors.map((e: { field: string }) => e.field)).toContain('form.birthDate');
    const missing = await citizen.post('/api/applications', {
      itemCode: 'TEST-103',
      form: { birthDate: '1978-03-15' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'materials.proof' })]);
    const fake = await citizen.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { itemCode: 'TEST-103', form: { birthDate: '1978-03-15' } },
        {
          'material.proof': {
            name: 'proof.pdf',
            type: 'application/pdf',
            content: Buffer.from('just text, not a PDF'),
          },
        },
      ),
    });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().errors[0].field).toBe('materials.proof');
    expect([await count(), await files()]).toEqual(before);
  });

  it('refuses a file over 10 MB and an ID number that fails its check, naming the field', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 10, 32)]);
    const res = await citizen.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { itemCode: 'TEST-103', form: { birthDate: '1978-03-15' } },
        { 'material.proof': { name: 'big.pdf', type: 'application/pdf', content: big } },
      ),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].field).toBe('materials.proof');
    const admin = await t.staff('admin');
    await admin.post('/api/catalogue/items', {
      definition: item('TEST-105', 'D-MZJ', { form: { fields: [field('holderId', 'idNumber')] } }),
    });
    const badId = await citizen.post('/api/applications', {
      itemCode: 'TEST-105',
      form: { holderId: '110105194912310021' },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0]).toMatchObject({
      field: 'form.holderId',
      zh: expect.stringContaining('校验位'),
    });
  });

  it('leaves no case and no file behind when a submission fails late', async () => {
    const before = [await count(), await files()];
    const unknown = await clerk.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        {
          itemCode: 'TEST-103',
          channel: 'window',
          applicant: { idNumber: '11010519491231002X' },
          form: { birthDate: '1949-12-31' },
        },
        {
          'material.proof': {
            name: 'new.pdf',
            type: 'application/pdf',
            content: Buffer.concat([PDF, Buffer.from('%unique')]),
          },
        },
      ),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('applicant.name');
    expect([await count(), await files()]).toEqual(before);
  });

  it('answers 409 to an action the state does not allow', async () => {
    const list = (await enterprise.get('/api/applications/mine')).json().items;
    const done = list.find((a: { status: string }) => a.status === 'completed');
    const res = await enterprise.post(`/api/applications/${done.id}/cases/${done.items[0].caseId}/actions`, {
      action: 'withdraw',
      expectedVersion: 4,
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('queues', () => {
  it('shows a reviewer the open sub-cases of their department, nearest deadline first', async () => {
    const q = (await scjg.get('/api/applications/queue')).json();
    expect(q.items.length).toBeGreaterThan(0);
    expect(q.items.every((i: { departmentName: string }) => i.departmentName.includes('市场监'))).toBe(true);
    const deadlines = q.items.map((i: { deadline: string | null }) =>
      i.deadline ? Date.parse(i.deadline) : Infinity,
    );
    expect([...deadlines].sort((x, y) => x - y)).toEqual(deadlines);
    expect((await (await t.staff('bwt-handler')).get('/api/applications/queue')).statusCode).toBe(403);
  });
});

describe('the seeded 开餐饮店 bundle (证照联办)', () => {
  it('takes one submission: the business licence being issued in the bundle is not asked for, and both licences are issued', async () => {
    const { sampleForm } = await import('../../testing/sample-form');
    const bundle = (await enterprise.get('/api/catalogue/bundles/YJS-002')).json();
    const fields = bundle.items.flatMap(
      (i: { definition: { form: { fields: unknown[] } } }) => i.definition.form.fields,
    );
    const uploads = bundle.items
      .flatMap(
        (i: { definition: { materials: Array<{ key: string; source: string; required: boolean }> } }) =>
          i.definition.materials,
      )
      .filter((m: { source: string; required: boolean }) => m.source === 'upload' && m.required);
    const files = Object.fromEntries(
      uploads.map((m: { key: string }) => [
        `material.${m.key}`,
        { name: `${m.key}.pdf`, type: 'application/pdf', content: PDF },
      ]),
    );
    const res = await enterprise.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart({ bundleCode: 'YJS-002', form: sampleForm(fields) }, files),
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = (await scjg.get(`/api/applications/${res.json().id}`)).json();
    expect(view.cases).toHaveLength(2);
    for (const c of view.cases) {
      await act(scjg, res.json(), c.caseId, 'accept');
      await act(scjg, res.json(), c.caseId, 'approve');
    }
    const wallet = (await enterprise.get('/api/wallet')).json().items as Array<{
      typeCode: string;
      sourceApplicationId: string | null;
    }>;
    expect(
      wallet
        .filter((l) => l.sourceApplicationId === res.json().id)
        .map((l) => l.typeCode)
        .sort(),
    ).toEqual(['business-licence', 'food-business-permit']);
  });
});

describe('the generic case route', () => {
  it('refuses actions on 办件, which go through the applications route (licences, notifications)', async () => {
    const list = (await scjg.get('/api/applications/queue')).json().items;
    const open = list[0];
    const res = await scjg.post(`/api/cases/${open.caseId}/actions`, {
      action: 'accept',
      expectedVersion: open.version,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({
      field: 'action',
      en: expect.stringContaining('/api/applications/'),
    });
  });
});

describe('a licence the item itself issues', () => {
  it('is still asked for when the item renews or changes it (only another item of a bundle issues it within the bundle)', async () => {
    const admin = await t.staff('admin');
    const created = await admin.post('/api/catalogue/items', {
      definition: item('TEST-104', 'D-SCJGJ', {
        issuesLicenseType: 'food-business-permit',
        materials: [
          {
            key: 'permit',
            name: '食品经营许可证',
            required: true,
            source: 'elicense',
            licenseType: 'food-business-permit',
          },
        ],
      }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await citizen.post('/api/applications', {
      itemCode: 'TEST-104',
      form: { companyName: '变更小馆' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('materials.permit');
  });
});
