import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../../api/types';
import { apiKeyRoleLabel, apiKeysCsv } from './api-key-csv';

const key: ApiKey = {
  id: 'k1',
  name: '烟感网关',
  prefix: 'ab12cd34',
  roles: ['device', 'integration'],
  unitId: 'u1',
  createdAt: '2026-01-05T01:00:00.000Z',
  lastUsedAt: null,
  revokedAt: '2026-01-06T02:00:00.000Z',
};
const unitOf = (id: string) => (id === 'u1' ? { name: '北外滩街道', code: '310109011' } : undefined);

describe('apiKeysCsv', () => {
  it('writes a BOM, names roles and status in the chosen language', () => {
    const lines = apiKeysCsv([key], unitOf, 'zh').split('\r\n');
    expect(lines[0]).toBe('\uFEFF名称,前缀,角色,所属单位,代码,创建时间,最近使用,状态,吊销时间');
    expect(lines[1]).toBe(
      '烟感网关,ab12cd34,设备网关、外部系统,北外滩街道,310109011,2026-01-05T01:00:00.000Z,,已吊销,2026-01-06T02:00:00.000Z',
    );
    expect(apiKeysCsv([key], unitOf, 'en').split('\r\n')[1]).toContain('Device gateway、Integration client');
  });

  it('falls back to the unit id and the raw role key', () => {
    const line = apiKeysCsv([{ ...key, unitId: 'x', roles: ['other'], revokedAt: null }], unitOf, 'en');
    expect(line.split('\r\n')[1]).toContain('other,x,,');
    expect(line).toContain('Active');
    expect(apiKeyRoleLabel('device', 'zh')).toBe('设备网关');
  });
});
