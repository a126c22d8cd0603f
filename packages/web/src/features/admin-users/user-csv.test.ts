import { describe, expect, it } from 'vitest';
import type { User } from '../../api/types';
import { usersCsv } from './user-csv';

const user: User = {
  id: 'u1',
  username: 'zhang',
  displayName: '张三',
  roles: ['admin', 'clerk'],
  unit: { id: 'd', code: '310109', name: '虹口区', kind: 'district' },
  disabled: true,
  createdAt: '2026-01-05T01:00:00.000Z',
};

describe('usersCsv', () => {
  it('names roles and status in the chosen language', () => {
    const roles = [
      { key: 'admin', zh: '系统管理员', en: 'Administrator', staff: true },
      { key: 'clerk', zh: '窗口人员', en: 'Window clerk', staff: true },
    ];
    const csv = usersCsv([user], roles, 'zh');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF用户名,姓名,角色,所属单位,代码,状态,创建时间');
    expect(csv.split('\r\n')[1]).toBe(
      'zhang,张三,系统管理员、窗口人员,虹口区,310109,已停用,2026-01-05T01:00:00.000Z',
    );
    expect(usersCsv([user], roles, 'en').split('\r\n')[1]).toContain('Administrator、Window clerk');
  });
});
