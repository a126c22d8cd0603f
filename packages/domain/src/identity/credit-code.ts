import type { LocalizedText } from '../localized-text';

/** Why a 统一社会信用代码 (GB 32100-2015) was rejected. */
export type CreditCodeError = 'length' | 'characters' | 'check-digit';

/** The outcome of {@link checkCreditCode}. */
export type CreditCodeCheck = { ok: true; normalized: string } | { ok: false; reason: CreditCodeError };

/**
 * Messages for each {@link CreditCodeError}.
 *
 * @example
 * creditCodeErrorMessages['check-digit'].en; // 'the credit code check character is wrong'
 */
export const creditCodeErrorMessages: Record<CreditCodeError, LocalizedText> = {
  length: { zh: '统一社会信用代码应为18位', en: 'the credit code must have 18 characters' },
  characters: {
    zh: '统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）',
    en: 'the credit code may contain only digits and capital letters except I, O, Z, S and V',
  },
  'check-digit': { zh: '统一社会信用代码校验位不正确', en: 'the credit code check character is wrong' },
};

/**
 * The 31 characters GB 32100 uses, in value order (no I, O, Z, S, V).
 *
 * @example
 * CREDIT_CODE_CHARSET.indexOf('A'); // 10
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const FORMAT = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/**
 * The GB 32100 check character for the first 17 characters of a credit code.
 *
 * @example
 * creditCodeCheckChar('91350200776049653'); // 'A'
 */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/**
 * Checks an 18-character 统一社会信用代码 (GB 32100-2015): charset and mod-31 check character.
 * Lowercase letters are normalised to uppercase; full-width characters are rejected.
 *
 * @example
 * checkCreditCode('91350200776049653a'); // { ok: true, normalized: '91350200776049653A' }
 * checkCreditCode('91350200776049653B'); // { ok: false, reason: 'check-digit' }
 */
export function checkCreditCode(value: string): CreditCodeCheck {
  if (value.length !== 18) return { ok: false, reason: 'length' };
  const normalized = /[a-z]/.test(value) ? value.replace(/[a-z]/g, (c) => c.toUpperCase()) : value;
  if (!FORMAT.test(normalized)) return { ok: false, reason: 'characters' };
  if (creditCodeCheckChar(normalized) !== normalized[17]) return { ok: false, reason: 'check-digit' };
  return { ok: true, normalized };
}
