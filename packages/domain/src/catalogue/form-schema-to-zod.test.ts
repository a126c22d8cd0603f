import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { residentIdCheckDigit } from '../identity/resident-id';
import { formSchemaToZod } from './form-schema-to-zod';
import type { FormField, ServiceForm } from './service-item';

const field = (key: string, type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({
  key,
  label: { zh: extra.label?.zh ?? key, en: extra.label?.en ?? key },
  type,
  required: true,
  ...extra,
});

const form: ServiceForm = {
  fields: [
    field('companyName', 'text', { label: { zh: '企业名称', en: 'Company name' }, maxLength: 50 }),
    field('scope', 'businessScope', { label: { zh: '经营范围', en: 'Business scope' } }),
    field('address', 'address', { label: { zh: '住所', en: 'Address' } }),
    field('legalRepId', 'idNumber', { label: { zh: '法定代表人身份证号', en: 'Legal representative ID' } }),
    field('creditCode', 'creditCode', {
      label: { zh: '统一社会信用代码', en: 'Credit code' },
      required: false,
    }),
    field('phone', 'phone', { label: { zh: '联系电话', en: 'Phone' } }),
    field('capital', 'number', { label: { zh: '注册资本（万元）', en: 'Capital' }, min: 1, max: 100_000 }),
    field('birthDate', 'date', {
      label: { zh: '出生日期', en: 'Date of birth' },
      pastDate: true,
      required: false,
    }),
    field('kind', 'select', {
      label: { zh: '类型', en: 'Kind' },
      options: [
        { value: 'llc', label: { zh: '有限责任公司', en: 'LLC' } },
        { value: 'sole', label: { zh: '个人独资企业', en: 'Sole proprietorship' } },
      ],
    }),
    field('note', 'textarea', { label: { zh: '备注', en: 'Note' }, required: false }),
  ],
};

const good = {
  companyName: '  上海一网演示餐饮有限公司 ',
  scope: '餐饮服务；食品销售',
  address: '上海市虹口区东大名路 1 号',
  legalRepId: '11010519491231002x',
  phone: '13900001003',
  capital: '100',
  kind: 'llc',
};

const schema = formSchemaToZod(form, { today: '2026-03-10' });
type Issue = { path: PropertyKey[]; code: string; message: string; params?: Record<string, unknown> };
const issuesOf = (data: unknown) => (schema.safeParse(data).error?.issues ?? []) as Issue[];

describe('formSchemaToZod', () => {
  it('accepts a good submission, trims text, upper-cases the ID and reads numeric strings', () => {
    expect(schema.parse(good)).toEqual({
      companyName: '上海一网演示餐饮有限公司',
      scope: '餐饮服务；食品销售',
      address: '上海市虹口区东大名路 1 号',
      legalRepId: '11010519491231002X',
      phone: '13900001003',
      capital: 100,
      kind: 'llc',
    });
  });

  it('names each missing required field by its label, in Chinese and English', () => {
    const issues = issuesOf({});
    expect(issues.map((i) => i.path[0])).toEqual([
      'companyName',
      'scope',
      'address',
      'legalRepId',
      'phone',
      'capital',
      'kind',
    ]);
    expect(issues[0]).toMatchObject({
      code: 'custom',
      message: '请填写企业名称',
      params: { reason: 'required', zh: '请填写企业名称', en: 'Company name is required' },
    });
  });

  it('treats an empty optional field as absent', () => {
    expect(schema.parse({ ...good, note: '  ', creditCode: '' })).not.toHaveProperty('note');
  });

  it('refuses an ID number that fails its check, with the identity reason and the field label', () => {
    const [issue] = issuesOf({ ...good, legalRepId: '110105194912310021' });
    expect(issue?.path).toEqual(['legalRepId']);
    expect(issue?.params).toEqual({
      reason: 'check-digit',
      zh: '法定代表人身份证号：身份证号码校验位不正确',
      en: 'Legal representative ID: the ID number check digit is wrong',
    });
  });

  it('refuses a bad credit code and a bad phone', () => {
    const issues = issuesOf({ ...good, creditCode: '91350200776049653B', phone: '12800001111' });
    expect(issues.map((i) => [i.path[0], (i.params as { reason: string }).reason])).toEqual([
      ['creditCode', 'check-digit'],
      ['phone', 'format'],
    ]);
  });

  it('refuses a birth date in the future, naming the field; today itself is fine', () => {
    const [issue] = issuesOf({ ...good, birthDate: '2026-03-11' });
    expect(issue).toMatchObject({
      path: ['birthDate'],
      params: {
        reason: 'future-date',
        zh: '出生日期不能晚于今天',
        en: 'Date of birth: cannot be in the future',
      },
    });
    expect(schema.parse({ ...good, birthDate: '2026-03-10' }).birthDate).toBe('2026-03-10');
  });

  it('refuses impossible dates', () => {
    for (const d of ['2026-02-30', '2026/01/01', '20260101', 'yesterday']) {
      expect(issuesOf({ ...good, birthDate: d })[0]?.params).toMatchObject({ reason: 'date' });
    }
  });

  it('keeps numbers within min and max', () => {
    expect(issuesOf({ ...good, capital: 0 })[0]?.params).toMatchObject({ reason: 'too-small' });
    expect(issuesOf({ ...good, capital: 100_001 })[0]?.params).toMatchObject({ reason: 'too-big' });
    expect(issuesOf({ ...good, capital: 'lots' })[0]?.params).toMatchObject({ reason: 'type' });
  });

  it('allows only the listed options', () => {
    expect(issuesOf({ ...good, kind: 'corp' })[0]?.params).toMatchObject({ reason: 'option' });
  });

  it('enforces maxLength by characters, not bytes', () => {
    expect(schema.safeParse({ ...good, companyName: '虹'.repeat(50) }).success).toBe(true);
    expect(issuesOf({ ...good, companyName: '虹'.repeat(51) })[0]?.params).toMatchObject({
      reason: 'too-long',
    });
  });

  it('refuses fields the form does not have', () => {
    expect(issuesOf({ ...good, isAdmin: true })[0]).toMatchObject({
      path: ['isAdmin'],
      params: { reason: 'unknown-field' },
    });
  });

  it('refuses a non-object', () => {
    expect(schema.safeParse('x').success).toBe(false);
    expect(schema.safeParse(null).success).toBe(false);
  });

  it('accepts every valid resident ID and refuses every wrong check digit (property)', () => {
    const body = fc
      .tuple(
        fc.constantFrom('110105', '310109', '440524'),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(
        ([area, d, seq]) =>
          `${area}${d.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`,
      );
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 10 }), (b, wrong) => {
        const check = residentIdCheckDigit(b);
        expect(schema.safeParse({ ...good, legalRepId: b + check }).success).toBe(true);
        const bad = '0123456789X'[wrong]!;
        if (bad !== check)
          expect(issuesOf({ ...good, legalRepId: b + bad })[0]?.path).toEqual(['legalRepId']);
      }),
    );
  });

  it('never throws and always reports issues with zh/en params at a form key (property)', () => {
    const keys = form.fields.map((f) => f.key);
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...keys, 'extra'),
          fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        ),
        (data) => {
          const result = schema.safeParse(data);
          if (result.success) return;
          for (const i of result.error.issues as Issue[]) {
            expect([...keys, 'extra']).toContain(i.path[0]);
            expect(i.params).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
          }
        },
      ),
    );
  });

  it('outputs only keys of the form (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const result = schema.safeParse({ ...good, companyName: name });
        if (result.success)
          expect(Object.keys(result.data).every((k) => form.fields.some((f) => f.key === k))).toBe(true);
      }),
    );
  });
});
