import { describe, expect, it } from 'vitest';
import { rankingCsv, rectificationsCsv } from './exports';
import { percent } from './rectification-states';

describe('rating exports', () => {
  it('prints ratios as percentages and “—” when nothing was counted', () => {
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(null)).toBe('—');
  });

  it('ranks departments in order with their 好评率', () => {
    const csv = rankingCsv(
      [
        {
          unitId: 'a',
          name: '区市场监督管理局',
          total: 4,
          good: 1,
          poor: 2,
          rectified: 1,
          goodRate: 0.25,
          poorRate: 0.5,
          rectificationRate: 0.5,
          average: 2.25,
        },
      ],
      'zh',
    );
    expect(csv.split('\r\n')[1]).toBe('1,区市场监督管理局,4,25.0%,2.25,2,50.0%');
  });

  it('names the state of each rectification case', () => {
    const csv = rectificationsCsv(
      [
        {
          caseId: 'c',
          title: 't',
          state: 'contacting',
          stateName: { zh: '待联系', en: 'Contact the rater' },
          version: 0,
          departmentName: '区市场监督管理局',
          applicationId: 'a',
          applicationNo: 'HK20261127000001',
          score: 1,
          comment: '=跑了两趟',
          tierDays: 5,
          openedAt: '2026-11-27T02:00:00Z',
          deadline: null,
          unknownYear: null,
          urgency: 'none',
        },
      ],
      'en',
    );
    expect(csv).toContain("HK20261127000001,区市场监督管理局,1,'=跑了两趟,Contact the rater,5 working days,");
  });
});
