import { z } from 'zod';
import type { IdentityIssueParams } from './identity-issue';
import { checkCreditCode, creditCodeErrorMessages } from './credit-code';
import { checkResidentId, residentIdErrorMessages } from './resident-id';

/**
 * A 居民身份证号码, checked with {@link checkResidentId} and normalised (`x` → `X`).
 * On failure the zod issue is `code: 'custom'`, `message` = Chinese text and
 * `params` = {@link IdentityIssueParams} `{ reason, zh, en }`.
 *
 * @example
 * ResidentId.parse('11010519491231002x'); // '11010519491231002X'
 * ResidentId.safeParse('110105194912310021').error?.issues[0]?.params;
 * // { reason: 'check-digit', zh: '身份证号码校验位不正确', en: 'the ID number check digit is wrong' }
 */
export const ResidentId = z
  .string()
  .superRefine((value, ctx) => {
    const result = checkResidentId(value);
    if (result.ok) return;
    const text = residentIdErrorMessages[result.reason];
    const params: IdentityIssueParams = { reason: result.reason, ...text };
    ctx.addIssue({ code: 'custom', message: text.zh, params });
  })
  .overwrite((value) => value.toUpperCase());
export type ResidentId = z.infer<typeof ResidentId>;

/**
 * A 统一社会信用代码, checked with {@link checkCreditCode} and upper-cased. Issues as for
 * {@link ResidentId}.
 *
 * @example
 * CreditCode.parse('91440101ma5cjq4n59'); // '91440101MA5CJQ4N59'
 */
export const CreditCode = z
  .string()
  .superRefine((value, ctx) => {
    const result = checkCreditCode(value);
    if (result.ok) return;
    const text = creditCodeErrorMessages[result.reason];
    const params: IdentityIssueParams = { reason: result.reason, ...text };
    ctx.addIssue({ code: 'custom', message: text.zh, params });
  })
  .overwrite((value) => value.toUpperCase());
export type CreditCode = z.infer<typeof CreditCode>;

const MOBILE_MESSAGE = {
  zh: '手机号码应为以1开头的11位数字',
  en: 'the mobile number must be 11 digits starting with 13–19',
} as const;

/**
 * A mainland Chinese mobile number: 11 ASCII digits, `1[3-9]xxxxxxxxx`, no `+86` prefix or
 * spaces. Issues as for {@link ResidentId}, with `reason: 'format'`.
 *
 * @example
 * MobilePhone.parse('13812345678'); // '13812345678'
 * MobilePhone.safeParse('12812345678').success; // false
 */
export const MobilePhone = z.string().superRefine((value, ctx) => {
  if (/^1[3-9]\d{9}$/.test(value)) return;
  const params: IdentityIssueParams = { reason: 'format', ...MOBILE_MESSAGE };
  ctx.addIssue({ code: 'custom', message: MOBILE_MESSAGE.zh, params });
});
export type MobilePhone = z.infer<typeof MobilePhone>;
