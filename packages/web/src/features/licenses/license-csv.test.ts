import { describe, expect, it } from 'vitest';
import { licensesCsv } from './license-csv';
import type { License } from './license-api';

const licence: License = {
  id: 'x',
  licenseNo: 'YW-BL-2024-000001',
  typeCode: 'business-licence',
  typeName: { zh: '营业执照', en: 'Business licence' },
  holderKind: 'enterprise',
  holderId: '91************3W56',
  holderName: '上海一网演示科技有限公司',
  title: '营业执照',
  data: {},
  issuerName: '虹口区市场监督管理局',
  issuerRegion: null,
  issuedAt: '2024-03-17T20:00:00.000Z',
  validUntil: null,
  sourceApplicationId: null,
  revokedAt: null,
  revokedReason: null,
  status: 'valid',
};

describe('licensesCsv', () => {
  it('writes masked numbers, Shanghai dates and the status in the chosen language', () => {
    const csv = licensesCsv([licence], 'zh');
    expect(csv).toContain('91************3W56');
    expect(csv).toContain('2024-03-18');
    expect(csv).toContain(',长期,有效,');
    expect(licensesCsv([{ ...licence, status: 'revoked', revokedReason: '吊销' }], 'en')).toContain(
      'No expiry,Revoked,吊销',
    );
  });
});
