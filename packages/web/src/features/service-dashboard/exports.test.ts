import { describe, expect, it } from 'vitest';
import { departmentsCsv, pct, round1 } from './exports';

describe('dashboard exports', () => {
  it('rounds rates to one decimal of a percent and days to one decimal', () => {
    expect(pct(2 / 3)).toBe(66.7);
    expect(pct(null)).toBeNull();
    expect(round1(20.5 / 9)).toBe(2.3);
  });
  it('writes the by-department table with a BOM, empty cells for no figure', () => {
    const csv = departmentsCsv([
      {
        departmentId: 'x',
        code: 'D-MZJ',
        name: '区民政局',
        publishedItems: 4,
        fullyOnlineItems: 3,
        fullyOnlineRate: 0.75,
        submitted: 2,
        submittedOnline: 1,
        decided: 1,
        averageWorkingDays: 20.5 / 9,
        withDeadline: 0,
        onTime: 0,
        onTimeRate: null,
        zeroVisit: 1,
        zeroVisitRate: 1,
      },
    ]);
    expect(csv.startsWith('\uFEFF部门编码,实施部门')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('D-MZJ,区民政局,4,3,75,2,1,1,2.3,0,,1,100');
  });
});
