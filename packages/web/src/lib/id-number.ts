/** 居民身份证号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015) checks, as the server applies them. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

export type IdNumberProblem = 'length' | 'format' | 'birthdate' | 'checkDigit';

/**
 * Why an ID number is invalid, or undefined when it is valid.
 * @example idNumberProblem('11010519491231002X') // undefined
 * @example idNumberProblem('110105194912310021') // 'checkDigit'
 */
export function idNumberProblem(raw: string, now: Date = new Date()): IdNumberProblem | undefined {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birthdate';
  }
  // Not born in the future, by the Shanghai (UTC+8) date.
  const todayInShanghai = new Date(now.getTime() + 8 * 3_600_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  if (id.slice(6, 14) > todayInShanghai) return 'birthdate';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17] ? undefined : 'checkDigit';
}

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = 'length' | 'format' | 'checkDigit';

/**
 * Why a 统一社会信用代码 is invalid, or undefined when it is valid.
 * @example creditCodeProblem('91350200776049653A') // undefined
 */
export function creditCodeProblem(raw: string): CreditCodeProblem | undefined {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return 'length';
  const values = [...code].map((c) => CODE_CHARS.indexOf(c));
  if (values.some((v) => v < 0)) return 'format';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += values[i]! * CODE_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return values[17] === check ? undefined : 'checkDigit';
}

/** 中国大陆手机号 */
export const isMobilePhone = (raw: string): boolean => /^1[3-9]\d{9}$/.test(raw.trim());
