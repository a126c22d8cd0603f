import { describe, expect, it } from 'vitest';
import { toCsv } from '../../lib/csv';
import { callbackColumns, callColumns, firstContactColumns } from './exports';
import type { Call, Callback, FirstContact } from './types';

const call: Call = {
  id: 'h1',
  callNo: 'RX20261127000001',
  callerName: '陈先生',
  callerPhone: '139****5678',
  kindCode: 'H-consult',
  kindName: '咨询',
  subjectCategoryCode: null,
  subjectCategoryName: null,
  streetName: '曲阳路街道',
  committeeName: '玉一居委会',
  address: null,
  description: '咨询大件垃圾预约清运',
  disposition: 'answered',
  answer: '每周二、五上门清运',
  workOrderId: null,
  orderNo: null,
  orderState: null,
  orderStateName: null,
  recordedByName: '12345热线话务员',
  createdAt: '2026-11-27T13:20:00.000Z',
};

const order = {
  caseId: 'c1',
  orderNo: 'GD20261127000001',
  categoryName: '投诉',
  subjectCategoryName: '暴露垃圾',
  state: 'closed',
  stateName: { zh: '已结案·待回访', en: 'Closed, awaiting callback' },
  version: 5,
  streetName: '北外滩街道',
  committeeName: '长治居委会',
  responsibleUnitName: '北外滩街道',
  description: '垃圾三天没人清运',
  outcome: 'resolved',
  createdAt: '2026-11-27T13:20:00.000Z',
};

describe('hotline desk exports', () => {
  it('write a call answered on the spot, in Shanghai time, with the masked phone', () => {
    const zh = toCsv(callColumns('zh'), [call]);
    expect(zh).toContain('来电编号');
    expect(zh).toContain('当场答复');
    expect(zh).toContain('139****5678');
    expect(zh).toContain('2026-11-27 21:20');
    expect(zh).not.toContain('13912345678');
    expect(toCsv(callColumns('en'), [call])).toContain('Answered');
  });

  it('list first contacts due with the missed flag, and callbacks with everyone to call', () => {
    const first: FirstContact = {
      ...order,
      state: 'dispatched',
      reporterName: '陈先生',
      reporterPhone: '139****5678',
      firstContactDue: '2026-11-30T09:30:00.000Z',
      missed: true,
    };
    expect(toCsv(firstContactColumns('zh'), [first])).toContain('已超时');
    const callback: Callback = {
      ...order,
      closedAt: '2026-11-28T02:00:00.000Z',
      callers: [
        { kind: 'order', id: 'c1', name: '陈先生', phone: '139****5678' },
        { kind: 'follower', id: 'f1', name: '周女士', phone: '137****1111' },
      ],
    };
    const csv = toCsv(callbackColumns('zh'), [callback]);
    expect(csv).toContain('陈先生 139****5678；周女士 137****1111');
    expect(csv).toContain('已解决');
  });
});
