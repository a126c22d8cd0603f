import { describe, expect, it } from 'vitest';
import { canonicalJson, licenseSigningText } from './license-payload';
import {
  licenseNumber,
  licenseStatus,
  licenseValidUntil,
  maskHolderId,
  maskHolderName,
} from './license-rules';

describe('licence rules', () => {
  it('numbers licences YW-<prefix>-<year>-<serial>', () => {
    expect(licenseNumber('BL', 2026, 123)).toBe('YW-BL-2026-000123');
    expect(licenseNumber('FP', 2027, 1_234_567)).toBe('YW-FP-2027-1234567');
  });

  it('ends validity the day before the anniversary, on the Shanghai calendar', () => {
    expect(licenseValidUntil(new Date('2026-05-10T02:00:00Z'), 5)).toBe('2031-05-09');
    // 2026-05-09T20:00Z is already 10 May in Shanghai
    expect(licenseValidUntil(new Date('2026-05-09T20:00:00Z'), 1)).toBe('2027-05-09');
    expect(licenseValidUntil(new Date('2028-02-29T04:00:00Z'), 1)).toBe('2029-02-28');
    expect(licenseValidUntil(new Date(), null)).toBeNull();
  });

  it('is valid through its last day and expired the day after', () => {
    const l = { signatureValid: true, revokedAt: null, validUntil: '2026-01-01' };
    expect(licenseStatus(l, new Date('2026-01-01T23:59:00+08:00'))).toBe('valid');
    expect(licenseStatus(l, new Date('2026-01-02T00:00:00+08:00'))).toBe('expired');
    expect(licenseStatus({ ...l, validUntil: null }, new Date('2090-01-01'))).toBe('valid');
  });

  it('puts a bad signature before revocation, and revocation before expiry', () => {
    const now = new Date('2030-01-01');
    expect(licenseStatus({ signatureValid: false, revokedAt: now, validUntil: '2020-01-01' }, now)).toBe(
      'invalid-signature',
    );
    expect(licenseStatus({ signatureValid: true, revokedAt: now, validUntil: '2020-01-01' }, now)).toBe(
      'revoked',
    );
  });

  it('masks holder numbers and person names, not enterprise names', () => {
    expect(maskHolderId('person', '31010919780315241X')).toBe('310109********241X');
    expect(maskHolderId('enterprise', '91310109MA1HKQ3W56')).toBe('91************3W56');
    expect(maskHolderName('person', '张三丰')).toBe('张**');
    expect(maskHolderName('enterprise', '上海一网演示科技有限公司')).toBe('上海一网演示科技有限公司');
  });

  it('signs the same bytes whatever the key order of the data', () => {
    const base = {
      licenseNo: 'YW-BL-2026-000001',
      type: 'business-licence',
      holderId: '91310109MA1HKQ3W56',
      holderName: '上海一网演示科技有限公司',
      title: '营业执照',
      issuedAt: '2026-01-05T02:00:00.000Z',
      validUntil: null,
      issuer: '虹口区市场监督管理局',
    };
    const a = licenseSigningText({ ...base, data: { 住所: '虹口区', 经营范围: ['软件'] } });
    const b = licenseSigningText({ ...base, data: { 经营范围: ['软件'], 住所: '虹口区' } });
    expect(a).toBe(b);
    expect(canonicalJson({ b: 1, a: undefined, c: null })).toBe('{"b":1,"c":null}');
  });
});
