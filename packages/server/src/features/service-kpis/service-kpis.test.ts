import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LICENCE_CASE_WORKFLOW,
  caseWorkingMs,
  clockRulesOf,
  fullyOnlineRate,
  shanghaiInstant,
  workingDayMs,
} from '@yiwang/domain';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let admin: TestClient;
let leader: TestClient;
const units = new Map<string, string>();
const at = (date: string, time: string) => shanghaiInstant(date, time);

const item = (code: string, departmentCode: string, visits: number) => ({
  code,
  name: `测试事项 ${code}`,
  type: '行政许可',
  departmentCode,
  basis: '《测试条例》',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  instant: false,
  visits,
  fee: '不收费',
  materials: [],
  form: { fields: [{ key: 'companyName', label: { zh: '名称', en: 'name' }, type: 'text', required: true }] },
  lifeEvents: ['测试'],
  keywords: [],
  pledgeAllowed: false,
  toleranceAllowed: false,
  riskLevel: 'low',
  demoAssumptions: ['everything: test data'],
});

let seq = 0;
/**
 * An application written straight into the tables, so its timestamps are ours: one sub-case
 * per entry with its action log and, when given, the deadline in force at its decision (as the
 * engine leaves it: an `sla.due` timer cancelled — or fired — by then).
 */
async function insertApplication(input: {
  channel: 'online' | 'window' | 'station';
  submittedAt: Date;
  bundleCode?: string;
  cases: Array<{
    itemCode: string;
    actions: Array<[action: string, from: string, to: string, at: Date]>;
    deadline?: { dueAt: Date; createdAt: Date; cancelledAt?: Date; firedAt?: Date };
  }>;
}) {
  const db = t.ctx.db;
  const applicant = await db
    .selectFrom('account')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const bundle = input.bundleCode
    ? await db
        .selectFrom('service_bundle')
        .select(['id', 'current_version'])
        .where('code', '=', input.bundleCode)
        .executeTakeFirstOrThrow()
    : undefined;
  const app = await db
    .insertInto('application')
    .values({
      application_no: `KPI${++seq}`,
      applicant_account_id: applicant.id,
      applicant_kind: 'enterprise',
      applicant_name: '测试企业',
      applicant_id: '91310109MA1G5BXX2X',
      channel: input.channel,
      bundle_id: bundle?.id ?? null,
      bundle_version: bundle?.current_version ?? null,
      submitted_at: input.submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const c of input.cases) {
    const si = await db
      .selectFrom('service_item')
      .select(['id', 'current_version', 'department_unit_id'])
      .where('code', '=', c.itemCode)
      .executeTakeFirstOrThrow();
    const last = c.actions.at(-1);
    const kase = await db
      .insertInto('workflow_case')
      .values({
        definition_key: LICENCE_CASE_WORKFLOW.key,
        definition_version: LICENCE_CASE_WORKFLOW.version,
        title: c.itemCode,
        unit_id: si.department_unit_id,
        state: last ? last[2] : 'submitted',
        version: c.actions.length,
        created_at: input.submittedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('application_item')
      .values({
        case_id: kase.id,
        application_id: app.id,
        item_id: si.id,
        item_version: si.current_version,
        department_unit_id: si.department_unit_id,
      })
      .execute();
    let n = 0;
    for (const [action, from, to, when] of c.actions)
      await db
        .insertInto('workflow_action')
        .values({ case_id: kase.id, seq: ++n, action, from_state: from, to_state: to, at: when })
        .execute();
    if (c.deadline)
      await db
        .insertInto('workflow_timer')
        .values({
          case_id: kase.id,
          kind: 'sla.due',
          due_at: c.deadline.dueAt,
          created_at: c.deadline.createdAt,
          cancelled_at: c.deadline.cancelledAt ?? null,
          fired_at: c.deadline.firedAt ?? null,
        })
        .execute();
  }
  return app.id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
  leader = await t.staff('leader');
  for (const def of [
    item('TESTK-101', 'D-MZJ', 0),
    item('TESTK-102', 'D-WJW', 1),
    item('TESTK-103', 'D-SCJGJ', 0),
  ]) {
    const res = await admin.post('/api/catalogue/items', { definition: def });
    expect(res.statusCode, res.body).toBe(201);
  }
  for (const u of (await admin.get('/api/units?kind=department')).json().items as Array<{
    id: string;
    code: string;
  }>)
    units.set(u.code, u.id);

  // Week of Mon 2026-03-02, on the working-day calendar (08:30–17:30, 9 h a day).
  // MZJ, online, an item needing no visit: 29.5 working hours less 9 h of 补正 = 20.5 h; on time.
  await insertApplication({
    channel: 'online',
    submittedAt: at('2026-03-02', '10:00'),
    cases: [
      {
        itemCode: 'TESTK-101',
        actions: [
          ['accept', 'submitted', 'reviewing', at('2026-03-02', '11:00')],
          ['askCorrection', 'reviewing', 'correcting', at('2026-03-03', '09:30')],
          ['supplyCorrection', 'correcting', 'reviewing', at('2026-03-04', '09:30')],
          ['approve', 'reviewing', 'approved', at('2026-03-05', '12:30')],
          ['deliver', 'approved', 'completed', at('2026-03-06', '09:00')],
        ],
        deadline: {
          dueAt: at('2026-03-10', '17:30'),
          createdAt: at('2026-03-04', '09:30'),
          cancelledAt: at('2026-03-05', '12:30'),
        },
      },
    ],
  });
  // WJW, at the window, an item needing one visit: 8.5 + 9 + 9 + 9 + 1.5 = 37 h; decided after
  // its deadline (the timer fired Wed 17:30); the delivery timer after it does not count.
  await insertApplication({
    channel: 'window',
    submittedAt: at('2026-03-02', '09:00'),
    cases: [
      {
        itemCode: 'TESTK-102',
        actions: [
          ['accept', 'submitted', 'reviewing', at('2026-03-02', '09:30')],
          ['deny', 'reviewing', 'denied', at('2026-03-06', '10:00')],
        ],
        deadline: {
          dueAt: at('2026-03-04', '17:30'),
          createdAt: at('2026-03-02', '09:30'),
          firedAt: at('2026-03-04', '17:30'),
        },
      },
    ],
  });
  // 开办企业: company registration alone, 6 h and 26.5 h; the bundle, 23 h until its last sub-case.
  await insertApplication({
    channel: 'online',
    submittedAt: at('2026-03-03', '09:00'),
    cases: [
      {
        itemCode: 'SCJG-001',
        actions: [['acceptAndApprove', 'submitted', 'approved', at('2026-03-03', '15:00')]],
      },
    ],
  });
  await insertApplication({
    channel: 'online',
    submittedAt: at('2026-03-03', '10:00'),
    cases: [
      {
        itemCode: 'SCJG-001',
        actions: [
          ['accept', 'submitted', 'reviewing', at('2026-03-03', '10:30')],
          ['approve', 'reviewing', 'approved', at('2026-03-04', '12:30')],
        ],
      },
    ],
  });
  await insertApplication({
    channel: 'online',
    submittedAt: at('2026-03-04', '09:00'),
    bundleCode: 'YJS-001',
    cases: [
      {
        itemCode: 'SCJG-003',
        actions: [['acceptAndApprove', 'submitted', 'approved', at('2026-03-04', '14:00')]],
      },
      {
        itemCode: 'SCJG-001',
        actions: [['acceptAndApprove', 'submitted', 'approved', at('2026-03-05', '08:00')]],
      },
    ],
  });
  // Not set up: one of its sub-cases is still open.
  await insertApplication({
    channel: 'station',
    submittedAt: at('2026-03-04', '09:00'),
    bundleCode: 'YJS-001',
    cases: [
      {
        itemCode: 'SCJG-003',
        actions: [['acceptAndApprove', 'submitted', 'approved', at('2026-03-04', '10:00')]],
      },
      { itemCode: 'SCJG-001', actions: [] },
    ],
  });
});
afterAll(() => t.close());

const WEEK = '/api/service-kpis?from=2026-03-02&to=2026-03-08';

describe('GET /api/service-kpis', () => {
  it('gives the hand-computed figures of a week, by department', async () => {
    const res = await leader.get(WEEK);
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json();
    const dept = (code: string) => k.departments.find((d: { code: string }) => d.code === code);
    expect(dept('D-MZJ')).toMatchObject({
      submitted: 1,
      submittedOnline: 1,
      decided: 1,
      withDeadline: 1,
      onTime: 1,
      onTimeRate: 1,
      zeroVisit: 1,
      zeroVisitRate: 1,
    });
    expect(dept('D-MZJ').averageWorkingDays).toBeCloseTo(20.5 / 9, 9);
    expect(dept('D-WJW')).toMatchObject({
      decided: 1,
      withDeadline: 1,
      onTime: 0,
      zeroVisit: 0,
      submittedOnline: 0,
    });
    expect(dept('D-WJW').averageWorkingDays).toBeCloseTo(37 / 9, 9);
    // Decided in the week: MZJ, WJW and five 开办企业 sub-cases (two had a known deadline); eight
    // sub-cases of six applications submitted.
    expect(k.overall).toMatchObject({
      applications: 6,
      onlineApplications: 4,
      onlineApplicationRate: 4 / 6,
      byChannel: { online: 4, window: 1, station: 1 },
      submitted: 8,
      decided: 7,
      withDeadline: 2,
      onTime: 1,
      onTimeRate: 0.5,
    });
    expect(k.companySetup).toEqual({
      promiseHours: 24,
      completed: 3,
      medianHours: 23,
      withinPromise: 2,
      withinPromiseRate: 2 / 3,
    });
    // The daily series: the 30 days up to `to`.
    expect(k.daily).toHaveLength(30);
    expect(k.daily.at(-1).date).toBe('2026-03-08');
    const day = (d: string) => k.daily.find((x: { date: string }) => x.date === d);
    expect(day('2026-03-02')).toEqual({ date: '2026-03-02', submitted: 2, decided: 0 });
    expect(day('2026-03-04')).toEqual({ date: '2026-03-04', submitted: 4, decided: 3 });
    expect(day('2026-03-05')).toEqual({ date: '2026-03-05', submitted: 0, decided: 2 });
  });

  it('counts 全程网办 over the published catalogue as the domain formula does', async () => {
    const k = (await leader.get(WEEK)).json();
    const rows = await sql<{ visits: number; published: boolean }>`
      SELECT (v.definition->>'visits')::int AS visits, si.published
        FROM service_item si JOIN service_item_version v ON v.item_id = si.id AND v.version = si.current_version`.execute(
      t.ctx.db,
    );
    const expected = fullyOnlineRate(rows.rows);
    expect(k.overall).toMatchObject({
      publishedItems: expected.published,
      fullyOnlineItems: expected.fullyOnline,
      fullyOnlineRate: expected.rate,
    });
  });

  it('narrows to one department', async () => {
    const k = (await leader.get(`${WEEK}&department=${units.get('D-WJW')}`)).json();
    expect(k.departments.map((d: { code: string }) => d.code)).toEqual(['D-WJW']);
    expect(k.overall).toMatchObject({ decided: 1, applications: 1, byChannel: { window: 1 } });
  });

  it('agrees with the domain formula on cases taken through the API today', async () => {
    const enterprise = t.client();
    expect(
      (await enterprise.post('/api/auth/public/login', { account: '13900001003', password: 'Yiwang@2026' }))
        .statusCode,
    ).toBe(200);
    const scjg = await t.staff('scjg-reviewer');
    const submit = await enterprise.post('/api/applications', {
      itemCode: 'TESTK-103',
      form: { companyName: '看板小店' },
    });
    expect(submit.statusCode, submit.body).toBe(201);
    const appId = submit.json().id as string;
    for (const action of ['accept', 'approve']) {
      const view = (await scjg.get(`/api/applications/${appId}`)).json();
      const res = await scjg.post(`/api/applications/${appId}/cases/${view.cases[0].caseId}/actions`, {
        action,
        expectedVersion: view.cases[0].version,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const k = (await leader.get(`/api/service-kpis?department=${units.get('D-SCJGJ')}`)).json();
    expect(k.overall).toMatchObject({ submitted: 1, decided: 1, withDeadline: 1, onTime: 1, zeroVisit: 1 });
    const caseId = (await scjg.get(`/api/applications/${appId}`)).json().cases[0].caseId as string;
    const actions = await t.ctx.db
      .selectFrom('workflow_action')
      .select(['action', 'to_state as toState', 'at'])
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    const app = await t.ctx.db
      .selectFrom('application')
      .select('submitted_at')
      .where('id', '=', appId)
      .executeTakeFirstOrThrow();
    const calendar = await t.ctx.calendar.get();
    const ms = caseWorkingMs(
      calendar,
      { submittedAt: app.submitted_at, actions },
      clockRulesOf(LICENCE_CASE_WORKFLOW),
    );
    expect(k.overall.averageWorkingDays).toBeCloseTo(ms! / workingDayMs(calendar), 6);
  });

  it('refuses bad periods with 400 naming the field', async () => {
    const res = await leader.get('/api/service-kpis?from=2026-03-09&to=2026-03-02');
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('from');
    expect((await leader.get('/api/service-kpis?to=2026-02-30')).statusCode).toBe(400);
  });

  it('is for leaders, administrators and auditors only', async () => {
    expect((await t.client().get(WEEK)).statusCode).toBe(401);
    const citizen = t.client();
    await citizen.post('/api/auth/public/login', { account: '13900001001', password: 'Yiwang@2026' });
    expect((await citizen.get(WEEK)).statusCode).toBe(403);
    expect((await (await t.staff('clerk')).get(WEEK)).statusCode).toBe(403);
    expect((await (await t.staff('scjg-reviewer')).get(WEEK)).statusCode).toBe(403);
    expect((await (await t.staff('clerk')).get('/api/service-kpis/export.xlsx')).statusCode).toBe(403);
    expect((await (await t.staff('auditor')).get(WEEK)).statusCode).toBe(200);
    expect((await admin.get(WEEK)).statusCode).toBe(200);
  });
});

describe('GET /api/service-kpis/export.xlsx', () => {
  it('is a valid workbook with the by-department table', async () => {
    const res = await leader.request({
      method: 'GET',
      url: '/api/service-kpis/export.xlsx?from=2026-03-02&to=2026-03-08',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<t xml:space="preserve">实施部门</t>');
    expect(sheet).toContain('区民政局');
    // The MZJ row: 平均办理时长 2.3 working days, 按期办结率 100 %.
    const row = sheet.split('<row ').find((r) => r.includes('区民政局'))!;
    expect(row).toContain('<v>2.3</v>');
    expect(row).toContain('<v>100</v>');
  });
});
