import { describe, expect, it } from 'vitest';
import type { Unit } from '../api/types';
import { buildUnitTree, idsAboveDepth, unitTreeOptions } from './unit-tree';

const unit = (
  id: string,
  code: string,
  name: string,
  parentId: string | null,
  extra: Partial<Unit> = {},
): Unit => ({
  id,
  code,
  name,
  kind: 'street',
  parentId,
  demo: false,
  ...extra,
});

const units: Unit[] = [
  unit('c2', '310109011002', '第二居委会', 's1', { kind: 'committee' }),
  unit('s1', '310109011', '北外滩街道', 'd'),
  unit('d', '310109', '虹口区', null, { kind: 'district' }),
  unit('s0', '310109009', '欧阳路街道', 'd', { nameEn: 'Ouyang Road' }),
  unit('c1', '310109011001', '第一居委会', 's1', { kind: 'committee' }),
];

describe('buildUnitTree', () => {
  it('nests units under their parents, ordered by code', () => {
    const tree = buildUnitTree(units);
    expect(tree.map((n) => n.id)).toEqual(['d']);
    expect(tree[0]!.children!.map((n) => n.id)).toEqual(['s0', 's1']);
    expect(tree[0]!.children![1]!.children!.map((n) => n.id)).toEqual(['c1', 'c2']);
  });

  it('makes a unit whose parent is out of scope a root', () => {
    const tree = buildUnitTree(units.filter((u) => u.id !== 'd'));
    expect(tree.map((n) => n.id)).toEqual(['s0', 's1']);
  });
});

describe('unitTreeOptions', () => {
  it('uses the English name when there is one', () => {
    const opts = unitTreeOptions(buildUnitTree(units), 'en');
    expect(opts[0]!.children!.map((o) => o.title)).toEqual(['Ouyang Road', '北外滩街道']);
  });
});

describe('idsAboveDepth', () => {
  it('lists the parents down to the given depth', () => {
    expect(idsAboveDepth(buildUnitTree(units), 1)).toEqual(['d']);
    expect(idsAboveDepth(buildUnitTree(units), 2)).toEqual(['d', 's1']);
  });
});
