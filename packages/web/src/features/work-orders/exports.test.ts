import { describe, expect, it } from 'vitest';
import { toCsv } from '../../lib/csv';
import { gapColumns, workOrderColumns } from './exports';
import type { WorkOrder } from './types';

const order: WorkOrder = {
  caseId: 'c1',
  orderNo: 'GD20260213000001',
  source: 'hotline',
  categoryCode: 'H-complaint',
  categoryName: '投诉',
  limitValue: 5,
  limitUnit: 'workingDays',
  streetName: '北外滩街道',
  committeeName: null,
  responsibleUnitId: null,
  responsibleUnitName: null,
  description: '噪音扰民',
  address: '东长治路 1 号',
  reporterName: null,
  reporterPhone: '138****5678',
  outcome: 'not-our-responsibility',
  satisfaction: null,
  escalationLevel: 0,
  createdAt: '2026-02-13T08:00:00.000Z',
  state: 'filed',
  stateName: { zh: '已立案·待派遣', en: 'Filed, awaiting dispatch' },
  version: 1,
  slaDeadline: null,
  overdue: false,
};

describe('work-order exports', () => {
  it('write the same columns in Chinese and English, naming an unrouted order and the outcome', () => {
    const zh = toCsv(workOrderColumns('zh'), [order]);
    expect(zh).toContain('工单编号');
    expect(zh).toContain('待派遣');
    expect(zh).toContain('非本区职责');
    expect(zh).toContain('12345热线');
    const en = toCsv(workOrderColumns('en'), [order]);
    expect(en).toContain('Not dispatched');
    expect(en).toContain('Filed, awaiting dispatch');
  });

  it('list routing gaps by category and street', () => {
    const csv = toCsv(gapColumns('zh'), [
      {
        categoryCode: 'E-0101',
        categoryName: '私搭乱建',
        streetId: 's',
        streetName: '北外滩街道',
        suggestedUnitName: null,
        orders: 3,
        oldest: '2026-02-13T08:00:00.000Z',
      },
    ]);
    expect(csv).toContain('E-0101 私搭乱建');
    expect(csv).toContain('3');
  });
});
