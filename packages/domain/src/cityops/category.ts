import { z } from 'zod';

export const LimitUnit = z.enum(['workingHours', 'workingDays', 'clockHours']);
export type LimitUnit = z.infer<typeof LimitUnit>;

/** 工作时 / 工作日 / 小时 as written in the sources → our units. */
export const LIMIT_UNIT_FROM_ZH: Record<string, LimitUnit> = {
  工作时: 'workingHours',
  工作日: 'workingDays',
  小时: 'clockHours',
};

/**
 * A work-order category: a 部件 (component) or 事件 (event) subclass of GB/T 30428.2, or a
 * 12345 hotline kind, with its 立案条件, 处置时限, 结案条件 and default 责任单位.
 */
export const CityopsCategoryInput = z.object({
  code: z.string().regex(/^[A-Z]-[\w-]{1,40}$/),
  kind: z.enum(['component', 'event', 'hotline']),
  majorCode: z.string().max(10).nullable().default(null),
  majorName: z.string().min(1).max(60),
  minorCode: z.string().max(10).nullable().default(null),
  name: z.string().min(1).max(120),
  filingCondition: z.string().max(1000).default(''),
  closingCondition: z.string().max(1000).default(''),
  limitValue: z.number().positive().max(10_000),
  limitUnit: LimitUnit,
  limitAssumed: z.boolean().default(false),
  firstContactDays: z.number().int().positive().max(30).nullable().default(null),
  defaultUnitCode: z.string().max(40).nullable().default(null),
  responsibleText: z.string().max(500).default(''),
  source: z.string().max(2000).default(''),
  active: z.boolean().default(true),
});
export type CityopsCategoryInput = z.infer<typeof CityopsCategoryInput>;
