import { maskName, maskResidentId } from '../identity/mask';
import { dayIndexToIsoDate, isoDateToDayIndex, shanghaiDate, type Instant } from '../calendar/shanghai-time';

export type LicenseHolderKind = 'person' | 'enterprise';

/**
 * What a verifier learns about an e-licence: valid, revoked (吊销/注销), past its last day,
 * changed since it was signed, or unknown.
 */
export type LicenseStatus = 'valid' | 'revoked' | 'expired' | 'invalid-signature' | 'not-found';

export const LICENSE_STATUS_TEXT = {
  valid: { zh: '有效', en: 'Valid' },
  revoked: { zh: '已吊销', en: 'Revoked' },
  expired: { zh: '已过期', en: 'Expired' },
  'invalid-signature': { zh: '签名无效', en: 'Invalid signature' },
  'not-found': { zh: '未找到', en: 'Not found' },
} as const satisfies Record<LicenseStatus, { zh: string; en: string }>;

/**
 * A licence number: `YW-<type prefix>-<year>-<serial, 6 digits or more>`.
 *
 * @example
 * licenseNumber('BL', 2026, 123); // 'YW-BL-2026-000123'
 */
export function licenseNumber(prefix: string, year: number, serial: number): string {
  return `YW-${prefix}-${year}-${String(serial).padStart(6, '0')}`;
}

/**
 * The last day of validity of a licence issued at an instant for a number of years, on the
 * Shanghai calendar: the day before the anniversary (29 February rolls to 1 March first).
 * Null years mean 长期 — no expiry.
 *
 * @example
 * licenseValidUntil(new Date('2026-05-10T02:00:00Z'), 5); // '2031-05-09'
 */
export function licenseValidUntil(issuedAt: Instant, years: number | null): string | null {
  if (years === null) return null;
  const [y, m, d] = shanghaiDate(issuedAt).split('-').map(Number) as [number, number, number];
  const anniversary = Date.UTC(y + years, m - 1, d) / 86_400_000;
  return dayIndexToIsoDate(anniversary - 1);
}

/**
 * The status of a licence whose signature has been checked: revocation first, then expiry
 * (a licence is valid through its last day, Shanghai time).
 *
 * @example
 * licenseStatus({ signatureValid: true, revokedAt: null, validUntil: '2026-01-01' }, new Date('2026-01-02T00:00:00+08:00')); // 'expired'
 */
export function licenseStatus(
  license: { signatureValid: boolean; revokedAt: Date | null; validUntil: string | null },
  now: Instant = Date.now(),
): Exclude<LicenseStatus, 'not-found'> {
  if (!license.signatureValid) return 'invalid-signature';
  if (license.revokedAt) return 'revoked';
  if (license.validUntil !== null) {
    const last = isoDateToDayIndex(license.validUntil);
    const today = isoDateToDayIndex(shanghaiDate(now));
    if (last === undefined || today === undefined || today > last) return 'expired';
  }
  return 'valid';
}

/**
 * A holder number for display: 身份证号 keep the first 6 and last 4 characters; 统一社会信用代码
 * keep the first 2 (registration authority and kind) and last 4.
 *
 * @example
 * maskHolderId('enterprise', '91310109MA1HKQ3W56'); // '91************3W56'
 */
export function maskHolderId(kind: LicenseHolderKind, holderId: string): string {
  if (kind === 'person') return maskResidentId(holderId);
  if (holderId.length <= 6) return '*'.repeat(holderId.length);
  return `${holderId.slice(0, 2)}${'*'.repeat(holderId.length - 6)}${holderId.slice(-4)}`;
}

/**
 * A holder name for public display: a person's name keeps its first character (张**); an
 * enterprise's name is public record (国家企业信用信息公示) and is shown whole.
 *
 * @example
 * maskHolderName('person', '张三丰'); // '张**'
 */
export function maskHolderName(kind: LicenseHolderKind, name: string): string {
  return kind === 'person' ? maskName(name) : name;
}
