import { describe, expect, it } from 'vitest';
import { categoryOptions, defaultPlace, matchesSearch, placeOptions, type PlaceUnit } from './places';

const places: PlaceUnit[] = [
  { id: 's1', code: 'S-BWT', name: '北外滩街道', kind: 'street', parentId: 'd' },
  { id: 's2', code: 'S-QYL', name: '曲阳路街道', kind: 'street', parentId: 'd' },
  { id: 'c1', code: 'C-1', name: '长治居委会', kind: 'committee', parentId: 's1' },
  { id: 'c2', code: 'C-2', name: '赤峰居委会', kind: 'committee', parentId: 's2' },
  { id: 'd1', code: 'D-CGZFJ', name: '城管执法局', kind: 'department', parentId: 'd' },
];

describe('placeOptions', () => {
  it('groups committees under their street, the whole street first, departments left out', () => {
    const groups = placeOptions(places, '（全街道）');
    expect(groups.map((g) => g.label)).toEqual(['北外滩街道', '曲阳路街道']);
    expect(groups[0]!.options).toEqual([
      { value: 's1', label: '北外滩街道（全街道）' },
      { value: 'c1', label: '长治居委会' },
    ]);
  });

  it('defaults to the user’s street or committee, and to nothing for a department', () => {
    expect(defaultPlace(places, 's1')).toBe('s1');
    expect(defaultPlace(places, 'c2')).toBe('c2');
    expect(defaultPlace(places, 'd1')).toBeUndefined();
    expect(defaultPlace(places, null)).toBeUndefined();
  });
});

describe('categoryOptions', () => {
  const categories = [
    { code: 'E-0102', kind: 'event', majorName: '市容环境', name: '暴露垃圾', active: true },
    { code: 'C-0114', kind: 'component', majorName: '公用设施', name: '无主井盖', active: true },
    { code: 'C-0118', kind: 'component', majorName: '公用设施', name: '路灯', active: false },
    { code: 'H-complaint', kind: 'hotline', majorName: '12345工单', name: '投诉', active: true },
  ];
  it('groups active 部件/事件 by main class and leaves out 12345 kinds and inactive ones', () => {
    const groups = categoryOptions(categories, 'zh');
    expect(groups.map((g) => g.label)).toEqual(['事件 · 市容环境', '部件 · 公用设施']);
    expect(groups.flatMap((g) => g.options.map((o) => o.value))).toEqual(['E-0102', 'C-0114']);
  });
  it('finds a category by a Chinese word, its code or its class', () => {
    const [event] = categoryOptions(categories, 'zh');
    const garbage = event!.options[0]!;
    expect(matchesSearch('垃圾', garbage)).toBe(true);
    expect(matchesSearch('e-0102', garbage)).toBe(true);
    expect(matchesSearch('市容', garbage)).toBe(true);
    expect(matchesSearch('井盖', garbage)).toBe(false);
  });
});
