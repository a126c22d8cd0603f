import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/problem';
import { LICENCE_CASE_WORKFLOW } from '../../../../domain/src/services/licence-case-workflow';
import { CASE_ACTIONS, CASE_STATES, caseStep, receiptKinds, receiptUrl } from './licence-case';
import {
  buildPayload,
  fileProblem,
  formValuesForServer,
  mergeFields,
  mergeMaterials,
  missingUploads,
  parseDraft,
  planMaterials,
  serialiseDraft,
  urgencyAt,
} from './model';
import { appMessages } from './i18n';
import { myApplicationsCsv, queueCsv } from './exports';
import { asksForApplicantName } from '../window/WindowPage';
import type { CatalogueItem, CatalogueMaterial, QueueRow } from './types';

const item = (code: string, over: Partial<CatalogueItem['definition']> = {}): CatalogueItem => ({
  code,
  version: 1,
  departmentName: '区市场监管局',
  definition: {
    code,
    name: code,
    type: '行政许可',
    departmentCode: 'D-SCJGJ',
    basis: '—',
    legalLimitDays: 20,
    promisedLimitDays: 5,
    instant: false,
    visits: 0,
    fee: '不收费',
    materials: [],
    form: { fields: [] },
    pledgeAllowed: false,
    toleranceAllowed: false,
    riskLevel: 'low',
    lifeEvents: [],
    keywords: [],
    ...over,
  },
});

const BL: CatalogueMaterial = {
  key: 'businessLicence',
  name: '营业执照',
  required: true,
  source: 'elicense',
  licenseType: 'business-licence',
};

describe('the licence-case names shipped with the web app', () => {
  it('match the workflow definition of the domain', () => {
    for (const [k, s] of Object.entries(LICENCE_CASE_WORKFLOW.states)) expect(CASE_STATES[k]).toEqual(s.name);
    for (const [k, a] of Object.entries(LICENCE_CASE_WORKFLOW.actions)) {
      expect({ zh: CASE_ACTIONS[k]?.zh, en: CASE_ACTIONS[k]?.en }).toEqual(a.name);
      expect(CASE_ACTIONS[k]?.requiresComment === true).toBe(a.requiresComment === true);
    }
    expect(Object.keys(CASE_STATES).sort()).toEqual(Object.keys(LICENCE_CASE_WORKFLOW.states).sort());
  });

  it('lists the receipts a log entitles to, once each', () => {
    const log = [
      { seq: 1, action: 'accept' },
      { seq: 2, action: 'askCorrection' },
      { seq: 3, action: 'supplyCorrection' },
      { seq: 4, action: 'askCorrection' },
      { seq: 5, action: 'extend' },
      { seq: 6, action: 'approveExtension' },
      { seq: 7, action: 'approve' },
    ];
    expect(receiptKinds(log)).toEqual(['acceptance', 'correction', 'extension', 'approval']);
    expect(receiptKinds([{ seq: 1, action: 'refuse' }])).toEqual(['refusal']);
    expect(receiptUrl('a b', 'approval', 'c')).toBe('/api/applications/a%20b/receipts/approval.pdf?caseId=c');
  });

  it('places states on the steps', () => {
    expect(caseStep('reviewing')).toEqual({ current: 1, status: 'process' });
    expect(caseStep('completed').status).toBe('finish');
    expect(caseStep('refused').status).toBe('error');
  });
});

describe('bundles', () => {
  it('merge fields by key, required when any item requires it', () => {
    const a = item('A-001', {
      form: {
        fields: [
          { key: 'name', label: { zh: '名称', en: 'Name' }, type: 'text', required: false },
          { key: 'phone', label: { zh: '电话', en: 'Phone' }, type: 'phone', required: true },
        ],
      },
    });
    const b = item('B-001', {
      form: {
        fields: [
          { key: 'name', label: { zh: '企业名称', en: 'Name' }, type: 'text', required: true },
          { key: 'area', label: { zh: '面积', en: 'Area' }, type: 'number', required: true },
        ],
      },
    });
    const merged = mergeFields([a, b]);
    expect(merged.map((f) => f.key)).toEqual(['name', 'phone', 'area']);
    expect(merged[0]).toMatchObject({ label: { zh: '名称' }, required: true });
  });

  it('merge materials by key; tolerable only when every item requiring it tolerates it', () => {
    const up = (key: string, extra: Partial<CatalogueMaterial> = {}): CatalogueMaterial => ({
      key,
      name: key,
      required: true,
      source: 'upload',
      ...extra,
    });
    const a = item('A-001', {
      materials: [BL, up('layout', { tolerable: true }), up('rules', { tolerable: true })],
    });
    const b = item('B-001', { materials: [BL, up('layout'), up('rules', { required: false })] });
    const merged = mergeMaterials([a, b]);
    expect(merged.map((m) => m.key)).toEqual(['businessLicence', 'layout', 'rules']);
    expect(merged[1]!.tolerable).toBeFalsy();
    expect(merged[2]!.tolerable).toBe(true);
  });
});

describe('materials', () => {
  it('take a valid wallet licence of the type', () => {
    const plan = planMaterials(
      [BL],
      [
        { id: '1', licenseNo: 'X-1', typeCode: 'business-licence', title: 'a', status: 'revoked' },
        { id: '2', licenseNo: 'X-2', typeCode: 'business-licence', title: 'b', status: 'valid' },
      ],
    );
    expect(plan[0]!.license?.licenseNo).toBe('X-2');
    expect(planMaterials([BL], [])[0]!.license).toBeUndefined();
  });

  it('do not ask for a licence another item of the bundle issues (证照联办), unless the wallet holds one', () => {
    const company = item('SCJG-001', { issuesLicenseType: 'business-licence' });
    const permit = item('SCJG-004', { materials: [BL], issuesLicenseType: 'food-business-permit' });
    expect(planMaterials([BL], [], [company, permit])[0]!.issuedInBundle).toBe(true);
    expect(planMaterials([BL], undefined, [company, permit])[0]!.issuedInBundle).toBe(true);
    const held = [{ id: '2', licenseNo: 'X-2', typeCode: 'business-licence', title: 'b', status: 'valid' }];
    const plan = planMaterials([BL], held, [company, permit]);
    expect(plan[0]!.license?.licenseNo).toBe('X-2');
    expect(plan[0]!.issuedInBundle).toBeUndefined();
    // An item that issues the licence it asks for (a change) does not supply it to itself.
    const change = item('SCJG-005', { materials: [BL], issuesLicenseType: 'business-licence' });
    expect(planMaterials([BL], [], [change])[0]!.issuedInBundle).toBeUndefined();
    expect(planMaterials([BL], [], [permit])[0]!.issuedInBundle).toBeUndefined();
  });

  it('check type and size in the browser', () => {
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 100 })).toBeUndefined();
    expect(fileProblem({ name: 'a.PNG', type: 'image/png', size: 100 })).toBeUndefined();
    expect(fileProblem({ name: 'a.docx', type: 'application/msword', size: 100 })).toBe('badType');
    expect(fileProblem({ name: 'a.pdf', type: 'image/gif', size: 100 })).toBe('badType');
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 11 * 1024 * 1024 })).toBe('tooLarge');
  });

  it('report required uploads neither attached nor tolerated', () => {
    const plan = planMaterials(
      [
        BL,
        { key: 'a', name: 'A', required: true, source: 'upload' },
        { key: 'b', name: 'B', required: true, source: 'upload', tolerable: true },
        { key: 'c', name: 'C', required: false, source: 'upload' },
      ],
      [],
    );
    expect(missingUploads(plan, {}, []).map((m) => m.key)).toEqual(['a', 'b']);
    expect(missingUploads(plan, { a: {} }, ['b'])).toEqual([]);
  });
});

describe('payloads and drafts', () => {
  const fields = [
    { key: 'born', label: { zh: '出生日期', en: 'Born' }, type: 'date' as const, required: true },
    { key: 'id', label: { zh: '身份证', en: 'ID' }, type: 'idNumber' as const, required: true },
    { key: 'n', label: { zh: '面积', en: 'Area' }, type: 'number' as const, required: false },
    { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'text' as const, required: false },
  ];
  const day = { format: () => '2020-02-29' };

  it('send dates as YYYY-MM-DD, IDs upper-cased, empty fields left out', () => {
    expect(formValuesForServer(fields, { born: day, id: ' 11010519491231002x ', n: '12', note: '' })).toEqual(
      {
        born: '2020-02-29',
        id: '11010519491231002X',
        n: 12,
      },
    );
  });

  it('build the payload: pledge only when allowed, tolerated only tolerable and unattached', () => {
    const plan = [
      { key: 'a', name: 'A', required: true, source: 'upload' as const, tolerable: true },
      { key: 'b', name: 'B', required: true, source: 'upload' as const },
    ];
    const p = buildPayload({
      target: { kind: 'bundle', code: 'YJS-001' },
      fields,
      values: { note: ' x ' },
      channel: 'station',
      pledgeAllowed: false,
      pledge: true,
      toleranceAllowed: true,
      tolerated: ['a', 'b'],
      plan,
      files: {},
      applicant: { idNumber: '11010519491231002X' },
      remoteConsultation: ' 与区中心视频会商 ',
    });
    expect(p).toEqual({
      bundleCode: 'YJS-001',
      form: { note: 'x' },
      channel: 'station',
      applicant: { idNumber: '11010519491231002X' },
      tolerated: ['a'],
      remoteConsultation: '与区中心视频会商',
    });
  });

  it('round-trip a draft and ignore broken ones', () => {
    const text = serialiseDraft(fields, { born: day, note: '草稿' }, { pledge: true, tolerated: ['a'] });
    expect(parseDraft(text)).toMatchObject({
      form: { born: '2020-02-29', note: '草稿' },
      pledge: true,
      tolerated: ['a'],
    });
    expect(parseDraft('{')).toBeUndefined();
    expect(parseDraft(null)).toBeUndefined();
    expect(parseDraft('{"form":[]}')).toBeUndefined();
  });
});

describe('lists', () => {
  it('urgency from warnAt and the deadline', () => {
    const sla = { kind: 'running', deadline: '2026-03-10T10:00:00Z', warnAt: '2026-03-08T10:00:00Z' };
    expect(urgencyAt(sla, new Date('2026-03-01T00:00:00Z'))).toBe('normal');
    expect(urgencyAt(sla, new Date('2026-03-09T00:00:00Z'))).toBe('warning');
    expect(urgencyAt(sla, new Date('2026-03-11T00:00:00Z'))).toBe('overdue');
    expect(urgencyAt({ kind: 'paused' }, new Date())).toBe('none');
  });

  it('export the queue as CSV with a BOM, deadlines unknown spelled out', () => {
    const row: QueueRow = {
      applicationId: 'a',
      applicationNo: 'HK20260301-0001',
      applicantName: '上海一网演示科技有限公司',
      channel: 'online',
      submittedAt: '2026-03-01T02:00:00Z',
      caseId: 'c',
      itemName: '食品经营许可（新办）',
      departmentName: '区市场监管局',
      state: 'submitted',
      version: 1,
      deadline: null,
      unknownYear: 2027,
      urgency: 'overdue',
    };
    const csv = queueCsv([row], 'zh');
    expect(csv.startsWith('\uFEFF受理编号,事项')).toBe(true);
    expect(csv).toContain('待受理');
    expect(csv).toContain('期限未知（2027 年作息未载入）');
    expect(csv).toContain('已超期');
    const mine = myApplicationsCsv(
      [
        {
          id: 'a',
          applicationNo: 'HK1',
          submittedAt: '2026-03-01T02:00:00Z',
          channel: 'window',
          status: 'awaiting-correction',
          items: [{ caseId: 'c', itemName: 'X', state: 'correcting', deadline: null, unknownYear: null }],
        },
      ],
      'en',
    );
    expect(mine).toContain('Awaiting corrections');
    expect(mine).toContain('Service window');
  });
});

describe('window intake', () => {
  it('asks for the name and phone when the server does not know the applicant', () => {
    const e = new ApiError({
      type: 'validation',
      title: 'x',
      status: 400,
      zh: '申请人未注册',
      en: 'unknown applicant',
      errors: [{ field: 'applicant.name', zh: '请填写申请人姓名', en: 'name needed' }],
    });
    expect(asksForApplicantName(e)).toBe(true);
    expect(asksForApplicantName(new Error('x'))).toBe(false);
  });
});

describe('the feature dictionary', () => {
  it('has every key in English and no empty text', () => {
    expect(Object.keys(appMessages.en).sort()).toEqual(Object.keys(appMessages.zh).sort());
    for (const lang of ['zh', 'en'] as const)
      for (const [k, v] of Object.entries(appMessages[lang])) expect(v, `${lang} ${k}`).not.toBe('');
  });
});
