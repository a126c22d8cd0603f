import type { Database } from '@yiwang/db';
// A deep import: the fixtures' public index is shared with other work in progress.
import { STREET_CENTRES, committeePoint } from '../../../../fixtures/src/cityops/geo/index';
import { hasRole } from '../../core/auth/access';
import { scopeCoversUnit, scopeOf, type Actor } from '../../core/auth/actor';
import { forbidden, notFound } from '../../core/problem';

/** A street or residents' committee, with its demo-approximate point on the map. */
export type Place = {
  id: string;
  code: string;
  kind: 'street' | 'committee';
  name: string;
  nameEn: string | null;
  streetId: string;
  path: string;
  /** [longitude, latitude]; a demo approximation (packages/fixtures/src/cityops/geo). */
  at: [number, number] | null;
};

export type Places = { list: Place[]; byId: Map<string, Place>; streets: Place[] };

const TTL_MS = 60_000;
const cache = new WeakMap<Database, { at: number; places: Promise<Places> }>();

/** The district's streets and committees (cached for a minute per database). */
export function loadPlaces(db: Database): Promise<Places> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.places;
  const places = readPlaces(db);
  cache.set(db, { at: Date.now(), places });
  places.catch(() => cache.delete(db));
  return places;
}

async function readPlaces(db: Database): Promise<Places> {
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'kind', 'name', 'name_en', 'parent_id', 'path'])
    .where('kind', 'in', ['street', 'committee'])
    .orderBy('code')
    .execute();
  const streets = rows.filter((r) => r.kind === 'street');
  const list: Place[] = [];
  for (const s of streets) {
    const centre = STREET_CENTRES[s.code]?.at;
    list.push({
      id: s.id,
      code: s.code,
      kind: 'street',
      name: s.name,
      nameEn: s.name_en,
      streetId: s.id,
      path: s.path,
      at: centre ? [centre[0], centre[1]] : null,
    });
    const committees = rows.filter((r) => r.kind === 'committee' && r.parent_id === s.id);
    committees.forEach((c, i) =>
      list.push({
        id: c.id,
        code: c.code,
        kind: 'committee',
        name: c.name,
        nameEn: c.name_en,
        streetId: s.id,
        path: c.path,
        at: centre ? committeePoint(s.code, i, committees.length) : null,
      }),
    );
  }
  return {
    list,
    byId: new Map(list.map((p) => [p.id, p])),
    streets: list.filter((p) => p.kind === 'street'),
  };
}

/**
 * Which places an actor's figures cover: everything for district-level staff, read-all roles
 * and the 城运中心 (dispatchers, hotline operators); otherwise the streets (whole) and committees
 * inside the actor's unit. `null` lists mean "no restriction".
 */
export type PlaceFilter = { streetIds: string[] | null; placeIds: string[] | null };

export function placeFilterFor(actor: Actor, places: Places, streetId?: string): PlaceFilter {
  const scope = scopeOf(actor);
  const seesAll = scope.kind === 'all' || hasRole(actor, 'dispatcher', 'operator');
  let filter: PlaceFilter;
  if (seesAll) filter = { streetIds: null, placeIds: null };
  else {
    const streets = places.streets.filter((s) => scopeCoversUnit(scope, s.path)).map((s) => s.id);
    const committees = places.list
      .filter(
        (p) => p.kind === 'committee' && !streets.includes(p.streetId) && scopeCoversUnit(scope, p.path),
      )
      .map((p) => p.id);
    if (!streets.length && !committees.length) throw forbidden();
    filter = streets.length
      ? { streetIds: streets, placeIds: null }
      : {
          streetIds: [...new Set(committees.map((c) => places.byId.get(c)!.streetId))],
          placeIds: committees,
        };
  }
  if (!streetId) return filter;
  const street = places.byId.get(streetId);
  if (!street || street.kind !== 'street' || (filter.streetIds && !filter.streetIds.includes(streetId)))
    throw notFound({ zh: '街道', en: 'street' });
  return { streetIds: [streetId], placeIds: filter.placeIds };
}

/** Whether a live event at this street/committee is inside the filter. */
export function filterCovers(
  filter: PlaceFilter,
  streetId: string | null,
  committeeId: string | null,
): boolean {
  if (!filter.streetIds && !filter.placeIds) return true;
  if (!streetId || (filter.streetIds && !filter.streetIds.includes(streetId))) return false;
  return !filter.placeIds || (!!committeeId && filter.placeIds.includes(committeeId));
}
