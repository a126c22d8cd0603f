import { describe, expect, it } from 'vitest';
import { citizensCsv } from './citizen-csv';

describe('citizensCsv', () => {
  it('keeps the masked numbers and writes a BOM', () => {
    const csv = citizensCsv(
      [
        {
          id: 'c1',
          name: '李建国',
          idNumber: '310109********241X',
          phone: '139****1001',
          createdAt: '2026-01-05T01:00:00.000Z',
        },
      ],
      'zh',
    );
    expect(csv).toBe(
      '\uFEFF姓名,身份证号码,手机号码,注册时间\r\n李建国,310109********241X,139****1001,2026-01-05T01:00:00.000Z\r\n',
    );
  });
});
