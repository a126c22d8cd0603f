import { describe, expect, it } from 'vitest';
import { toCsv } from '../../lib/csv';
import { hotspotColumns } from '../hotspots/exports';
import { dailyReportColumns, type DailyReportLine } from './exports';

const street = {
  id: 's',
  kind: 'street' as const,
  name: '北外滩街道',
  nameEn: 'Beiwaitan Subdistrict',
  streetId: 's',
};
const figures = { carriedIn: 10, opened: 4, reopened: 1, closed: 3, carriedOver: 12, due: 5, overdue: 2 };

describe('日日清 and 削峰 exports', () => {
  it('write a street row and the total in Chinese and English', () => {
    const lines: DailyReportLine[] = [
      { street, ...figures },
      { street: null, ...figures },
    ];
    const zh = toCsv(dailyReportColumns('zh'), lines).split('\r\n');
    expect(zh[0]).toBe('\uFEFF街道,上日结转,新增,重办,结案,结转下日,当日到期,其中超期');
    expect(zh[1]).toBe('北外滩街道,10,4,1,3,12,5,2');
    expect(zh[2]).toBe('合计,10,4,1,3,12,5,2');
    const en = toCsv(dailyReportColumns('en'), lines).split('\r\n');
    expect(en[0]).toBe('\uFEFFStreet,Carried in,Opened,Reopened,Closed,Carried over,Due,Overdue');
    expect(en[1]).toContain('Beiwaitan Subdistrict');
  });

  it('name a hot spot by category code and place, with its change or none', () => {
    const csv = toCsv(hotspotColumns('zh'), [
      {
        rank: 1,
        place: { id: 'c', kind: 'committee', name: '新港居委会', nameEn: null, streetId: 's' },
        street,
        categoryCode: 'E-0102',
        categoryName: '暴露垃圾',
        orders: 12,
        previous: 0,
        change: null,
        series: [],
      },
    ]).split('\r\n');
    expect(csv[1]).toBe('1,E-0102 暴露垃圾,新港居委会,北外滩街道,12,0,');
  });
});
