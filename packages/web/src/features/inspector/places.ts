/** The place picker's options: each street, then its residents' committees, searchable by name. */
export type PlaceUnit = { id: string; code: string; name: string; kind: string; parentId: string | null };

export type PlaceGroup = { label: string; title: string; options: { value: string; label: string }[] };

/**
 * Streets as groups, the street itself first ("whole street"), then its committees.
 * @example placeOptions(places, '（全街道）')
 */
export function placeOptions(places: readonly PlaceUnit[], wholeStreet: string): PlaceGroup[] {
  return places
    .filter((p) => p.kind === 'street')
    .map((s) => ({
      label: s.name,
      title: s.name,
      options: [
        { value: s.id, label: `${s.name}${wholeStreet}` },
        ...places
          .filter((c) => c.kind === 'committee' && c.parentId === s.id)
          .map((c) => ({ value: c.id, label: c.name })),
      ],
    }));
}

/** Where a report starts: the user's own street or committee, if they belong to one. */
export function defaultPlace(
  places: readonly PlaceUnit[],
  unitId: string | null | undefined,
): string | undefined {
  const unit = places.find((p) => p.id === unitId);
  if (!unit) return undefined;
  if (unit.kind === 'street' || unit.kind === 'committee') return unit.id;
  return undefined;
}

export type CategoryItem = { code: string; kind: string; majorName: string; name: string; active: boolean };

/** 部件 and 事件 categories for the picker, grouped by main class; 12345 kinds are the hotline's. */
export function categoryOptions(categories: readonly CategoryItem[], lang: 'zh' | 'en') {
  const kindName = (k: string) =>
    k === 'component' ? (lang === 'zh' ? '部件' : 'Component') : lang === 'zh' ? '事件' : 'Event';
  const groups = new Map<
    string,
    { label: string; options: { value: string; label: string; search: string }[] }
  >();
  for (const c of categories) {
    if (!c.active || c.kind === 'hotline') continue;
    const key = `${c.kind}:${c.majorName}`;
    if (!groups.has(key)) groups.set(key, { label: `${kindName(c.kind)} · ${c.majorName}`, options: [] });
    groups
      .get(key)!
      .options.push({ value: c.code, label: c.name, search: `${c.name} ${c.code} ${c.majorName}` });
  }
  return [...groups.values()];
}

/** Whether an option matches what was typed (Chinese substrings, codes, the main class). */
export const matchesSearch = (input: string, option?: { search?: string; label?: unknown }) =>
  String(option?.search ?? option?.label ?? '')
    .toLowerCase()
    .includes(input.trim().toLowerCase());
