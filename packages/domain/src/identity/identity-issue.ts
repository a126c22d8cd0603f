import type { LocalizedText } from '../localized-text';

/**
 * The `params` of a zod issue raised by the identity schemas ({@link ResidentId},
 * {@link CreditCode}, {@link MobilePhone}). The issue is `code: 'custom'`, its `message` is
 * the Chinese text, and `params` carries the machine reason and both languages, so the
 * server can build a problem+json `errors[]` entry naming the field (`issue.path`).
 *
 * @example
 * const result = ResidentId.safeParse('110105194912310021');
 * if (!result.success) {
 *   const params = result.error.issues[0]?.params as IdentityIssueParams;
 *   params; // { reason: 'check-digit', zh: '身份证号码校验位不正确', en: 'the ID number check digit is wrong' }
 * }
 */
export type IdentityIssueParams = { reason: string } & LocalizedText;
