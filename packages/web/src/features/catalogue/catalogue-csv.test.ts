import { describe, expect, it } from 'vitest';
import { itemsCsv } from './catalogue-csv';
import type { ItemSummary } from './catalogue-api';

const item: ItemSummary = {
  code: 'SCJG-004',
  name: '食品经营许可（新办）',
  nameEn: 'Food business permit (new)',
  type: '行政许可',
  version: 1,
  departmentCode: 'D-SCJGJ',
  departmentName: '区市场监督管理局',
  departmentNameEn: 'District Administration for Market Regulation',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  instant: false,
  visits: 0,
  fee: '不收费',
  lifeEvents: ['开餐饮店', '连锁经营'],
  issuesLicenseType: 'food-business-permit',
  pledgeAllowed: true,
};

describe('itemsCsv', () => {
  it('writes one row per item with Chinese headers', () => {
    const lines = itemsCsv([item], 'zh').replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe(
      '事项编码,事项名称,英文名称,事项类型,实施部门,法定时限（工作日）,承诺时限（工作日）,即办件,到现场次数,收费标准,主题,发放证照类型',
    );
    expect(lines[1]).toBe(
      'SCJG-004,食品经营许可（新办）,Food business permit (new),行政许可,区市场监督管理局,20,5,0,0,不收费,开餐饮店；连锁经营,food-business-permit',
    );
  });

  it('uses English headers and department names in English', () => {
    const csv = itemsCsv([item], 'en');
    expect(csv).toContain('Code,Name,English name');
    expect(csv).toContain('District Administration for Market Regulation');
  });
});
