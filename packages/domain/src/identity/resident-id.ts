import type { LocalizedText } from '../localized-text';

/** Why a 居民身份证号码 (GB 11643-1999) was rejected. */
export type ResidentIdError = 'length' | 'characters' | 'birth-date' | 'check-digit';

/** The outcome of {@link checkResidentId}. */
export type ResidentIdCheck =
  | { ok: true; normalized: string; birthDate: string; sex: 'M' | 'F' }
  | { ok: false; reason: ResidentIdError };

/**
 * Messages for each {@link ResidentIdError}, for forms and problem+json bodies.
 *
 * @example
 * residentIdErrorMessages['check-digit'].zh; // '身份证号码校验位不正确'
 */
export const residentIdErrorMessages: Record<ResidentIdError, LocalizedText> = {
  length: { zh: '身份证号码应为18位', en: 'the ID number must have 18 characters' },
  characters: {
    zh: '身份证号码只能包含半角数字，最后一位可以是X',
    en: 'the ID number may contain only ASCII digits, and X as the last character',
  },
  'birth-date': { zh: '身份证号码中的出生日期无效', en: 'the birth date in the ID number is not valid' },
  'check-digit': { zh: '身份证号码校验位不正确', en: 'the ID number check digit is wrong' },
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const FORMAT = /^\d{17}[\dX]$/;

/**
 * The GB 11643 check character for the first 17 digits of a resident ID.
 *
 * @example
 * residentIdCheckDigit('11010519491231002'); // 'X'
 */
export function residentIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Options for {@link checkResidentId}. */
export type ResidentIdOptions = {
  /** The clock for "not in the future" (Shanghai date); tests pass a fixed date. Default: now. */
  now?: Date;
  /**
   * The earliest accepted birth date, `YYYY-MM-DD`. Default `1800-01-01`: the GB 11643 sample
   * 440524188001010014 (born 1880) must pass; pass `1900-01-01` for a stricter form.
   */
  earliestBirthDate?: string;
};

/** `YYYYMMDD` → `YYYY-MM-DD` if it is a real date in [earliest, today (UTC+8)]. */
function birthDateOf(yyyymmdd: string, now: Date, earliest: string): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const todayInShanghai = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (iso < earliest || iso > todayInShanghai) return undefined;
  return iso;
}

/**
 * Checks a 18-character 居民身份证号码 (GB 11643-1999): format, birth date (a real date, not
 * before `earliestBirthDate` and not in the future, Shanghai time) and the mod 11-2 check
 * character.
 * A lowercase `x` is accepted and normalised to `X`; full-width digits (１２３) are rejected
 * with reason `characters`. Surrounding spaces are not trimmed: trim at the form.
 *
 * @example
 * checkResidentId('11010519491231002x');
 * // { ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31', sex: 'F' }
 * checkResidentId('110105194912310021'); // { ok: false, reason: 'check-digit' }
 */
export function checkResidentId(value: string, options: ResidentIdOptions = {}): ResidentIdCheck {
  const { now = new Date(), earliestBirthDate = '1800-01-01' } = options;
  if (value.length !== 18) return { ok: false, reason: 'length' };
  const normalized = value.endsWith('x') ? `${value.slice(0, 17)}X` : value;
  if (!FORMAT.test(normalized)) return { ok: false, reason: 'characters' };
  const birthDate = birthDateOf(normalized.slice(6, 14), now, earliestBirthDate);
  if (birthDate === undefined) return { ok: false, reason: 'birth-date' };
  if (residentIdCheckDigit(normalized) !== normalized[17]) return { ok: false, reason: 'check-digit' };
  // The 17th digit (order code) is odd for men, even for women.
  const sex = (normalized.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F';
  return { ok: true, normalized, birthDate, sex };
}
