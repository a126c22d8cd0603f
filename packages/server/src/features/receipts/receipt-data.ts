import { z } from 'zod';

/**
 * The kinds of receipt (文书): 受理通知书, 补正告知书, 不予受理决定书, 准予行政许可决定书,
 * 不予行政许可决定书, 延长审查期限告知书.
 */
export const ReceiptKind = z.enum(['acceptance', 'correction', 'refusal', 'approval', 'denial', 'extension']);
export type ReceiptKind = z.infer<typeof ReceiptKind>;

/** A date as written in a Chinese document: `2026年1月5日`. */
export const ChineseDate = z
  .string()
  .regex(/^\d{4}年(?:[1-9]|1[0-2])月(?:[1-9]|[12]\d|3[01])日$/u, 'a date written as YYYY年M月D日');

const text = z.string().trim().min(1);

/**
 * What a receipt says. `deadline` is the decision date on a 受理通知书, the date to supply
 * materials by on a 补正告知书, the new time limit on a 延长审查期限告知书 and the licence's
 * expiry on a 准予行政许可决定书.
 */
export const ReceiptData = z.object({
  /** 申请编号; its last run of digits numbers the document when `documentNo` is not given. */
  applicationNo: text,
  /** 事项名称, e.g. 食品经营许可（新办）. */
  itemName: text,
  applicantName: text,
  /** Only ever the masked ID (310***********1234): receipts leave the system. */
  applicantIdMasked: text,
  /** The deciding department as the org tree names it, e.g. 区市场监督管理局. */
  departmentName: text,
  /** 落款日期, also the PDF's creation date. */
  date: ChineseDate,
  deadline: ChineseDate.optional(),
  /** 补正 — the materials to supply; on a 受理通知书, the materials received. */
  materials: z.array(text).optional(),
  reason: text.optional(),
  licenseNo: text.optional(),
  /** 经办人. */
  clerkName: text.optional(),
  /** 文号, e.g. 虹口市监许受〔2026〕123号; derived from the department and application when absent. */
  documentNo: text.optional(),
});
export type ReceiptData = z.infer<typeof ReceiptData>;

/** The fields each kind cannot do without. */
const REQUIRED: Record<ReceiptKind, (keyof ReceiptData)[]> = {
  acceptance: [],
  correction: ['materials', 'deadline'],
  refusal: ['reason'],
  approval: [],
  denial: ['reason'],
  extension: ['reason', 'deadline'],
};

/**
 * Parses receipt data for a kind, refusing what that kind needs but lacks (a 补正告知书 without
 * its materials, a refusal without its reason).
 *
 * @example
 * parseReceiptData('refusal', { ...data, reason: '不属于本机关职权范围' });
 */
export function parseReceiptData(kind: ReceiptKind, data: unknown): ReceiptData {
  return ReceiptData.superRefine((d, ctx) => {
    for (const field of REQUIRED[kind]) {
      const value = d[field];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${kind} receipt needs ${field}` });
      }
    }
  }).parse(data);
}

/** The calendar date of `YYYY年M月D日`, at midnight in Shanghai. */
export function dateOf(chineseDate: string): Date {
  const [y, m, d] = chineseDate.match(/\d+/gu)!.map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - 8 * 3600_000);
}
