import { z } from 'zod';
import type { LocalizedText } from '../localized-text';

/** A zod issue with Chinese and English text in `params`, as the identity schemas raise them. */
function issue(ctx: z.RefinementCtx, path: (string | number)[], reason: string, text: LocalizedText) {
  ctx.addIssue({ code: 'custom', path, message: text.zh, params: { reason, ...text } });
}

const Text = (max: number) => z.string().trim().min(1).max(max);
const Bilingual = z.object({ zh: Text(100), en: Text(200) });
const Key = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/);

/** 事项类型 — the kinds of administrative service in the national catalogue standard. */
export const ServiceItemType = z.enum([
  '行政许可',
  '行政确认',
  '行政给付',
  '行政备案',
  '行政裁决',
  '公共服务',
  '其他',
]);
export type ServiceItemType = z.infer<typeof ServiceItemType>;

/**
 * Where a material comes from: uploaded by the applicant, filled from the e-license library
 * (电子证照库), or from the district's own departments (两个免于提交: never asked for again).
 */
export const MaterialSource = z.enum(['upload', 'elicense', 'district']);
export type MaterialSource = z.infer<typeof MaterialSource>;

/** One material (申请材料) of an item. */
export const ServiceMaterial = z.object({
  key: Key,
  name: Text(200),
  required: z.boolean(),
  source: MaterialSource,
  /** The e-license type code when `source` is `elicense`, e.g. `business-licence`, `resident-id`. */
  licenseType: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,59}$/)
    .optional(),
  /** May be missing under 容缺受理 (supplied later, by a deadline within the promised limit). */
  tolerable: z.boolean().optional(),
});
export type ServiceMaterial = z.infer<typeof ServiceMaterial>;

export const FormFieldType = z.enum([
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'idNumber',
  'creditCode',
  'phone',
  'address',
  'businessScope',
]);
export type FormFieldType = z.infer<typeof FormFieldType>;

/** One field of an item's application form; `formSchemaToZod` turns the list into a validator. */
export const FormField = z.object({
  key: Key,
  label: Bilingual,
  type: FormFieldType,
  required: z.boolean(),
  options: z.array(z.object({ value: Text(60), label: Bilingual })).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().min(1).max(10_000).optional(),
  /** The value is a date that must not be in the future (a birth date, a start date already passed). */
  pastDate: z.boolean().optional(),
});
export type FormField = z.infer<typeof FormField>;

export const ServiceForm = z.object({ fields: z.array(FormField).max(60) }).superRefine((form, ctx) => {
  const seen = new Set<string>();
  form.fields.forEach((f, i) => {
    if (seen.has(f.key))
      issue(ctx, ['fields', i, 'key'], 'duplicate', {
        zh: `表单字段 ${f.key} 重复`,
        en: `form field ${f.key} appears twice`,
      });
    seen.add(f.key);
    if (f.type === 'select' && !f.options?.length)
      issue(ctx, ['fields', i, 'options'], 'options', {
        zh: `下拉字段 ${f.key} 须列出选项`,
        en: `select field ${f.key} needs options`,
      });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      issue(ctx, ['fields', i, 'min'], 'range', {
        zh: `字段 ${f.key} 的最小值大于最大值`,
        en: `field ${f.key} has min greater than max`,
      });
  });
});
export type ServiceForm = z.infer<typeof ServiceForm>;

/** 事项编码: department letters, a dash and a number — `SCJG-001`. Stable once published. */
export const ServiceItemCode = z.string().superRefine((v, ctx) => {
  if (!/^[A-Z][A-Z0-9]{1,9}-\d{3,4}$/.test(v))
    issue(ctx, [], 'format', {
      zh: '编码须为大写字母、- 和三至四位数字，如 SCJG-001',
      en: 'the code must be capital letters, a dash and 3–4 digits, like SCJG-001',
    });
});

/**
 * A government-service item (政务服务事项) as it stands in one version of the catalogue. Every
 * change is a new version; a case keeps the version it was filed under.
 *
 * @example
 * ServiceItemDefinition.parse({ code: 'SCJG-001', name: '公司设立登记', type: '行政许可', … });
 */
export const ServiceItemDefinition = z
  .object({
    code: ServiceItemCode,
    name: Text(100),
    nameEn: Text(200).optional(),
    type: ServiceItemType,
    /** Org-unit code of the 实施部门, e.g. `D-SCJGJ`. */
    departmentCode: z.string().regex(/^[A-Z0-9-]{2,32}$/),
    /** 设定依据 */
    basis: Text(2000),
    /** 法定时限, in working days. */
    legalLimitDays: z.number().int().min(0).max(365),
    /** 承诺时限, in working days; never longer than the legal limit. */
    promisedLimitDays: z.number().int().min(0).max(365),
    /** 即办件: decided at acceptance. */
    instant: z.boolean(),
    /** 到现场次数; 0 = 全程网办. */
    visits: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    fee: Text(200),
    materials: z.array(ServiceMaterial).max(40),
    form: ServiceForm,
    /** The e-license type issued on approval, e.g. `business-licence`. */
    issuesLicenseType: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,59}$/)
      .optional(),
    lifeEvents: z.array(Text(30)).max(10),
    /** Search synonyms: 食品经营许可 gets 餐饮, 饭店, 小吃 … */
    keywords: z.array(Text(30)).max(40),
    /** 告知承诺制 allowed. */
    pledgeAllowed: z.boolean(),
    /** 容缺受理 allowed. */
    toleranceAllowed: z.boolean(),
    riskLevel: z.enum(['low', 'medium', 'high']),
    /** Which values are our assumptions, not published facts (field names, optionally with a note). */
    demoAssumptions: z.array(Text(300)).max(30),
    /** Where the published facts come from (a URL or a note). */
    source: Text(500).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.promisedLimitDays > d.legalLimitDays)
      issue(ctx, ['promisedLimitDays'], 'promised-exceeds-legal', {
        zh: `承诺时限（promisedLimitDays，${d.promisedLimitDays} 个工作日）不得超过法定时限（${d.legalLimitDays} 个工作日）`,
        en: `promisedLimitDays (${d.promisedLimitDays} working days) must not exceed legalLimitDays (${d.legalLimitDays})`,
      });
    if (d.pledgeAllowed && d.riskLevel === 'high')
      issue(ctx, ['pledgeAllowed'], 'pledge-high-risk', {
        zh: '高风险事项不得适用告知承诺制（pledgeAllowed）',
        en: 'pledgeAllowed must be false for a high-risk item',
      });
    const keys = new Set<string>();
    d.materials.forEach((m, i) => {
      if (keys.has(m.key))
        issue(ctx, ['materials', i, 'key'], 'duplicate', {
          zh: `材料 ${m.key} 重复`,
          en: `material ${m.key} appears twice`,
        });
      keys.add(m.key);
      if (m.source === 'elicense' && !m.licenseType)
        issue(ctx, ['materials', i, 'licenseType'], 'license-type', {
          zh: `材料“${m.name}”来自电子证照库，须写明证照类型（licenseType）`,
          en: `material ${m.key} comes from the e-license library and needs a licenseType`,
        });
      if (m.tolerable && !d.toleranceAllowed)
        issue(ctx, ['materials', i, 'tolerable'], 'tolerance', {
          zh: `事项不适用容缺受理，材料“${m.name}”不能标为可容缺`,
          en: `material ${m.key} cannot be tolerable when toleranceAllowed is false`,
        });
      if (m.tolerable && m.required === false)
        issue(ctx, ['materials', i, 'tolerable'], 'tolerance', {
          zh: `非必需材料“${m.name}”无须标为可容缺`,
          en: `material ${m.key} is optional and need not be tolerable`,
        });
    });
  });
export type ServiceItemDefinition = z.infer<typeof ServiceItemDefinition>;

/** 一件事 / 证照联办 / 一证多址 */
export const ServiceBundleKind = z.enum(['one-thing', 'joint-licence', 'multi-site']);
export type ServiceBundleKind = z.infer<typeof ServiceBundleKind>;

/**
 * A bundle of items handled as one application: 一件事 (several departments, one form),
 * 证照联办 (a business licence and a permit in one submission), 一证多址 (outlets under an HQ
 * licence). Versioned like items.
 */
export const ServiceBundle = z
  .object({
    code: ServiceItemCode,
    name: Text(100),
    nameEn: Text(200).optional(),
    kind: ServiceBundleKind,
    lifeEvent: Text(30),
    description: Text(2000),
    itemCodes: z.array(ServiceItemCode).min(2).max(20),
  })
  .superRefine((b, ctx) => {
    if (new Set(b.itemCodes).size !== b.itemCodes.length)
      issue(ctx, ['itemCodes'], 'duplicate', {
        zh: '一件事中的事项不能重复',
        en: 'itemCodes must not repeat an item',
      });
  });
export type ServiceBundle = z.infer<typeof ServiceBundle>;
