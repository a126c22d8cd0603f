import { describe, expect, it } from 'vitest';
import type { Unit } from '../../api/types';
import { unitsCsv } from './unit-csv';

describe('unitsCsv', () => {
  it('lists units by code with their parent code and demo flag', () => {
    const units: Unit[] = [
      { id: 's', code: '310109011', name: '北外滩街道', kind: 'street', parentId: 'd', demo: true },
      {
        id: 'd',
        code: '310109',
        name: '虹口区',
        nameEn: 'Hongkou',
        kind: 'district',
        parentId: null,
        demo: false,
      },
    ];
    expect(unitsCsv(units, 'zh').split('\r\n')).toEqual([
      '\uFEFF代码,名称,英文名称,类型,上级单位,演示数据',
      '310109,虹口区,Hongkou,区,,否',
      '310109011,北外滩街道,,街道,310109,是',
      '',
    ]);
  });
});
