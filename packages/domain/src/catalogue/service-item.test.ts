import { describe, expect, it } from 'vitest';
import { ServiceBundle, ServiceItemDefinition } from './service-item';

const sampleItem = (): ServiceItemDefinition => ({
  code: 'SCJG-002',
  name: '食品经营许可（新办）',
  nameEn: 'Food business permit (new)',
  type: '行政许可',
  departmentCode: 'D-SCJGJ',
  basis: '《中华人民共和国食品安全法》第三十五条',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  instant: false,
  visits: 0,
  fee: '不收费',
  materials: [
    { key: 'licence', name: '营业执照', required: true, source: 'elicense', licenseType: 'business-licence' },
    { key: 'layout', name: '经营设施空间平面布局图', required: true, source: 'upload', tolerable: true },
  ],
  form: {
    fields: [
      { key: 'shopName', label: { zh: '店名', en: 'Shop name' }, type: 'text', required: true },
      { key: 'scope', label: { zh: '经营项目', en: 'Scope' }, type: 'businessScope', required: true },
    ],
  },
  issuesLicenseType: 'food-business-permit',
  lifeEvents: ['开餐饮店'],
  keywords: ['餐饮', '饭店'],
  pledgeAllowed: true,
  toleranceAllowed: true,
  riskLevel: 'medium',
  demoAssumptions: ['legalLimitDays', 'promisedLimitDays'],
});

type Issue = { path: PropertyKey[]; params?: Record<string, unknown> };
const issuesOf = (value: unknown) => (ServiceItemDefinition.safeParse(value).error?.issues ?? []) as Issue[];

describe('ServiceItemDefinition', () => {
  it('accepts a complete item', () => {
    expect(ServiceItemDefinition.parse(sampleItem())).toEqual(sampleItem());
  });

  it('refuses a promised limit over the legal limit, naming promisedLimitDays in both languages', () => {
    const [issue] = issuesOf({ ...sampleItem(), promisedLimitDays: 21 });
    expect(issue?.path).toEqual(['promisedLimitDays']);
    expect(issue?.params).toMatchObject({ reason: 'promised-exceeds-legal' });
    const params = issue?.params as { zh: string; en: string };
    expect(params.zh).toContain('承诺时限');
    expect(params.en).toContain('promisedLimitDays');
  });

  it('allows a promised limit equal to the legal limit and a 0-day instant item', () => {
    expect(ServiceItemDefinition.safeParse({ ...sampleItem(), promisedLimitDays: 20 }).success).toBe(true);
    expect(
      ServiceItemDefinition.safeParse({
        ...sampleItem(),
        legalLimitDays: 0,
        promisedLimitDays: 0,
        instant: true,
      }).success,
    ).toBe(true);
  });

  it('refuses fractional or negative limits and visits other than 0, 1, 2', () => {
    expect(issuesOf({ ...sampleItem(), legalLimitDays: 2.5 })[0]?.path).toEqual(['legalLimitDays']);
    expect(issuesOf({ ...sampleItem(), promisedLimitDays: -1 })[0]?.path).toEqual(['promisedLimitDays']);
    expect(issuesOf({ ...sampleItem(), visits: 3 })[0]?.path).toEqual(['visits']);
  });

  it('needs a licence type for a material from the e-license library', () => {
    const item = sampleItem();
    item.materials[0] = { key: 'licence', name: '营业执照', required: true, source: 'elicense' };
    expect(issuesOf(item)[0]?.path).toEqual(['materials', 0, 'licenseType']);
  });

  it('refuses a tolerable material on an item without 容缺受理, and duplicate material keys', () => {
    expect(issuesOf({ ...sampleItem(), toleranceAllowed: false })[0]?.path).toEqual([
      'materials',
      1,
      'tolerable',
    ]);
    const item = sampleItem();
    item.materials.push({ ...item.materials[1]!, tolerable: false });
    expect(issuesOf(item)[0]?.path).toEqual(['materials', 2, 'key']);
  });

  it('refuses 告知承诺 on a high-risk item', () => {
    expect(issuesOf({ ...sampleItem(), riskLevel: 'high' })[0]?.path).toEqual(['pledgeAllowed']);
  });

  it('refuses a select field without options and duplicate form keys', () => {
    const item = sampleItem();
    item.form.fields.push({ key: 'kind', label: { zh: '类型', en: 'Kind' }, type: 'select', required: true });
    item.form.fields.push({
      key: 'shopName',
      label: { zh: '店名', en: 'Shop' },
      type: 'text',
      required: false,
    });
    expect(issuesOf(item).map((i) => i.path)).toEqual([
      ['form', 'fields', 2, 'options'],
      ['form', 'fields', 3, 'key'],
    ]);
  });

  it('refuses a badly formed code with zh/en params', () => {
    const [issue] = issuesOf({ ...sampleItem(), code: 'scjg-1' });
    expect(issue?.path).toEqual(['code']);
    expect(issue?.params).toMatchObject({ reason: 'format' });
  });
});

describe('ServiceBundle', () => {
  const bundle: ServiceBundle = {
    code: 'YJS-002',
    name: '开餐饮店',
    kind: 'joint-licence',
    lifeEvent: '开餐饮店',
    description: '营业执照与食品经营许可证一次申请',
    itemCodes: ['SCJG-001', 'SCJG-002'],
  };

  it('accepts a bundle of two or more items', () => {
    expect(ServiceBundle.parse(bundle)).toEqual(bundle);
  });

  it('refuses a bundle of one item or with a repeated item', () => {
    expect(ServiceBundle.safeParse({ ...bundle, itemCodes: ['SCJG-001'] }).error?.issues[0]?.path).toEqual([
      'itemCodes',
    ]);
    const issue = ServiceBundle.safeParse({ ...bundle, itemCodes: ['SCJG-001', 'SCJG-001'] }).error
      ?.issues[0];
    expect((issue as Issue | undefined)?.params).toMatchObject({ reason: 'duplicate' });
  });
});
