import type { LocalizedText } from '../../api/types';

export type LicenseStatus = 'valid' | 'revoked' | 'expired' | 'invalid-signature';

/** GET /api/wallet, /api/licenses: holder numbers in full for the holder, masked for staff. */
export interface License {
  id: string;
  licenseNo: string;
  typeCode: string;
  typeName: LocalizedText;
  holderKind: 'person' | 'enterprise';
  holderId: string;
  holderName: string;
  title: string;
  data: Record<string, unknown>;
  issuerName: string;
  issuerRegion: string | null;
  issuedAt: string;
  validUntil: string | null;
  sourceApplicationId: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  status: LicenseStatus;
}

/** GET /api/verify/:id — public, masked. */
export interface LicenseVerification {
  status: LicenseStatus;
  id: string;
  licenseNo: string;
  typeCode: string;
  typeName: LocalizedText;
  holderName: string;
  holderIdMasked: string;
  title: string;
  issuedAt: string;
  validUntil: string | null;
  issuerName: string;
  issuerRegion: string | null;
  revokedAt: string | null;
}

export const STATUS_COLOR: Record<LicenseStatus, string> = {
  valid: 'green',
  revoked: 'red',
  expired: 'orange',
  'invalid-signature': 'red',
};

/** Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export const shanghaiDay = (iso: string): string =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export const LICENSE_TYPES = [
  { code: 'business-licence', name: { zh: '营业执照', en: 'Business licence' } },
  { code: 'food-business-permit', name: { zh: '食品经营许可证', en: 'Food business permit' } },
  { code: 'resident-id', name: { zh: '居民身份证', en: 'Resident identity card' } },
  { code: 'birth-medical-certificate', name: { zh: '出生医学证明', en: 'Birth medical certificate' } },
  { code: 'social-security-card', name: { zh: '社会保障卡', en: 'Social security card' } },
] as const;
