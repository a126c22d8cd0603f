import type { Unit } from '../api/types';

export type UnitNode = Unit & { children?: UnitNode[] };

/**
 * Nests a flat list of units by parentId, ordered by code. A unit whose parent is outside the
 * caller's scope (or outside a filtered list) becomes a root, so nothing the server sent is hidden.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>();
  for (const u of units) byId.set(u.id, { ...u });
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent && parent !== node) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code));
    for (const n of list) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

export interface UnitTreeOption {
  value: string;
  title: string;
  key: string;
  children?: UnitTreeOption[];
}

/** TreeSelect data; `title` is the plain name so that typing 北外滩 finds 北外滩街道. */
export function unitTreeOptions(nodes: readonly UnitNode[], lang: 'zh' | 'en'): UnitTreeOption[] {
  return nodes.map((n) => {
    const opt: UnitTreeOption = { value: n.id, key: n.id, title: unitName(n, lang) };
    if (n.children?.length) opt.children = unitTreeOptions(n.children, lang);
    return opt;
  });
}

export function unitName(u: Pick<Unit, 'name' | 'nameEn'>, lang: 'zh' | 'en'): string {
  return lang === 'en' && u.nameEn ? u.nameEn : u.name;
}

/** Ids of the nodes above `depth`, for a tree that opens on the district and its streets. */
export function idsAboveDepth(nodes: readonly UnitNode[], depth: number): string[] {
  if (depth <= 0) return [];
  return nodes.flatMap((n) => (n.children?.length ? [n.id, ...idsAboveDepth(n.children, depth - 1)] : []));
}
