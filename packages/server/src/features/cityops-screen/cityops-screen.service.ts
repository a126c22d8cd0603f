import {
  WORK_ORDER_WORKFLOW,
  type DailyReport,
  type Hotspots,
  type ScreenOrderView,
  type ScreenPlace,
  type ScreenRateFigures,
  type ScreenRates,
  type ScreenSummary,
  type ScreenTrends,
} from '@yiwang/domain';
import type { Database } from '@yiwang/db';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { notFound } from '../../core/problem';
// A deep import: the fixtures' public index is shared with other work in progress.
import { HONGKOU_OUTLINE } from '../../../../fixtures/src/cityops/geo/index';
import {
  categoryNames,
  dailyFlows,
  dailyTrend,
  dueOnDay,
  hotspotCells,
  hotspotDay,
  hotspotSeries,
  listScreenOrders,
  openCounts,
  periodCounts,
  sensorFigures,
  type HotspotCell,
  type PeriodCounts,
} from './cityops-screen.repository';
import { loadPlaces, placeFilterFor, type Place, type PlaceFilter, type Places } from './places';

// ── Shanghai days (UTC+8, no daylight saving) ─────────────────────────────────────────────
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
/** The Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export const shanghaiDay = (t: Date | number) => new Date(Number(t) + OFFSET_MS).toISOString().slice(0, 10);
/** The instant a Shanghai day starts. */
export const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
export const addDays = (day: string, k: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + k * DAY_MS).toISOString().slice(0, 10);

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

const placeOut = (p: Place | undefined): ScreenPlace | null =>
  p ? { id: p.id, kind: p.kind, name: p.name, nameEn: p.nameEn, streetId: p.streetId } : null;

async function scoped(ctx: AppContext, actor: Actor, streetId?: string) {
  const places = await loadPlaces(ctx.db);
  const filter = placeFilterFor(actor, places, streetId);
  const street = streetId ? places.byId.get(streetId) : undefined;
  return { places, filter, street };
}

/**
 * The screen's live counters for the district or one street: open orders, due today,
 * overdue; active alarms by severity and the sensor online rate; and the same per place for
 * the map (every committee of the scope, and each street summed).
 */
export async function screenSummary(
  ctx: AppContext,
  actor: Actor,
  query: { streetId?: string | undefined },
): Promise<ScreenSummary> {
  const { places, filter, street } = await scoped(ctx, actor, query.streetId);
  const now = new Date();
  const today = shanghaiDay(now);
  const [counts, sensors] = await Promise.all([
    openCounts(ctx.db, filter, now, dayStart(addDays(today, 1))),
    sensorFigures(ctx.db, filter),
  ]);
  const byPlace = new Map<string, { open: number; overdue: number; dueToday: number; alarms: number }>();
  const add = (id: string, k: 'open' | 'overdue' | 'dueToday' | 'alarms', v: number) => {
    const row = byPlace.get(id) ?? { open: 0, overdue: 0, dueToday: 0, alarms: 0 };
    row[k] += v;
    byPlace.set(id, row);
  };
  for (const c of counts) {
    for (const id of new Set([c.placeId, c.streetId])) {
      add(id, 'open', c.open);
      add(id, 'overdue', c.overdue);
      add(id, 'dueToday', c.dueToday);
    }
  }
  for (const a of sensors?.alarmsByPlace ?? []) {
    const p = places.byId.get(a.placeId);
    add(a.placeId, 'alarms', a.active);
    if (p && p.kind === 'committee') add(p.streetId, 'alarms', a.active);
  }
  const shown = places.list.filter((p) => inFilter(filter, p));
  const sum = (k: 'open' | 'overdue' | 'dueToday') => counts.reduce((s, c) => s + c[k], 0);
  const severity = (s: number) => sensors?.alarmsBySeverity.find((a) => a.severity === s);
  return {
    level: street ? ('street' as const) : ('district' as const),
    street: placeOut(street),
    asOf: now.toISOString(),
    counters: { open: sum('open'), dueToday: sum('dueToday'), overdue: sum('overdue') },
    alarms: sensors && {
      active: sensors.alarmsBySeverity.reduce((s, a) => s + a.active, 0),
      unacknowledged: sensors.alarmsBySeverity.reduce((s, a) => s + a.unacknowledged, 0),
      bySeverity: [1, 2, 3].map((s) => ({
        severity: s,
        active: severity(s)?.active ?? 0,
        unacknowledged: severity(s)?.unacknowledged ?? 0,
      })),
    },
    sensors: sensors && {
      total: sensors.sensors,
      online: sensors.online,
      onlineRate: rate(sensors.online, sensors.sensors),
    },
    places: shown.map((p) => ({
      ...placeOut(p)!,
      at: p.at,
      ...(byPlace.get(p.id) ?? { open: 0, overdue: 0, dueToday: 0, alarms: 0 }),
    })),
  };
}

const inFilter = (f: PlaceFilter, p: Place) =>
  (!f.streetIds || f.streetIds.includes(p.streetId)) &&
  (!f.placeIds || f.placeIds.includes(p.id) || (p.kind === 'street' && f.streetIds!.includes(p.id)));

const rates = (c: Omit<PeriodCounts, 'key'>): ScreenRateFigures => ({
  due: c.due,
  closed: c.dueClosed,
  closedOnTime: c.dueClosedOnTime,
  callbacks: c.callbacks,
  satisfied: c.satisfied,
  opened: c.opened,
  closeActions: c.closed,
  closeRate: rate(c.dueClosed, c.due),
  onTimeRate: rate(c.dueClosedOnTime, c.due),
  satisfactionRate: rate(c.satisfied, c.callbacks),
});

const ZERO: Omit<PeriodCounts, 'key'> = {
  opened: 0,
  closed: 0,
  reopened: 0,
  due: 0,
  dueClosed: 0,
  dueClosedOnTime: 0,
  callbacks: 0,
  satisfied: 0,
};

/**
 * 结案率, 按期结案率 and 满意率 over a period (Shanghai days, both ends included): per street
 * for the district, per committee for a street, and in total. See docs/cityops.md "KPIs".
 */
export async function screenRates(
  ctx: AppContext,
  actor: Actor,
  query: { from?: string | undefined; to?: string | undefined; streetId?: string | undefined },
): Promise<ScreenRates> {
  const { places, filter, street } = await scoped(ctx, actor, query.streetId);
  const to = query.to ?? shanghaiDay(Date.now());
  const from = query.from ?? addDays(to, -29);
  const by = street ? 'place' : 'street';
  const rows = await periodCounts(ctx.db, filter, from, to, by);
  const keyed = new Map(rows.map((r) => [r.key, r]));
  const units = places.list.filter(
    (p) => inFilter(filter, p) && (street ? p.streetId === street.id : p.kind === 'street'),
  );
  const total = rows.reduce(
    (s, r) => {
      for (const k of Object.keys(ZERO) as (keyof typeof ZERO)[]) s[k] += r[k];
      return s;
    },
    { ...ZERO },
  );
  return {
    from,
    to,
    by,
    street: placeOut(street),
    rows: units.map((p) => ({ place: placeOut(p)!, ...rates(keyed.get(p.id) ?? ZERO) })),
    total: rates(total),
  };
}

/** Orders opened and closed per day over the last `days` days (today included). */
export async function screenTrends(
  ctx: AppContext,
  actor: Actor,
  query: { days: number; streetId?: string | undefined },
): Promise<ScreenTrends> {
  const { filter } = await scoped(ctx, actor, query.streetId);
  const to = shanghaiDay(Date.now());
  const from = addDays(to, -(query.days - 1));
  const rows = new Map((await dailyTrend(ctx.db, filter, from, to)).map((r) => [r.day, r]));
  return {
    from,
    to,
    days: Array.from({ length: query.days }, (_, i) => {
      const date = addDays(from, i);
      const r = rows.get(date);
      return { date, opened: r?.opened ?? 0, closed: r?.closed ?? 0 };
    }),
  };
}

// ── 削峰 hot spots ─────────────────────────────────────────────────────────────────────────
type Cell = { placeId: string; streetId: string; categoryCode: string; current: number; previous: number };
/**
 * A window's fixed part: its cells by key and sorted by orders (most first); and, filled as
 * rankings show them, the daily counts of a cell over the window's days before today (index 0
 * the window's first day), read once per cell from the rollup.
 */
type Cells = { byKey: Map<string, Cell>; sorted: Cell[]; series: Map<string, Promise<Int32Array>> };
type HotspotBase = { day: string; computedAt: number; cells: Promise<Cells> };
const BASE_TTL_MS = 10 * 60_000;
/** At most this many cells' fixed series kept per window (every ranked cell of every scope fits). */
const SERIES_CACHE_MAX = 5_000;
const baseCache = new WeakMap<Database, Map<number, HotspotBase>>();
const cellKey = (placeId: string, categoryCode: string) => `${placeId}|${categoryCode}`;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byOrders =
  <T extends { previous: number; categoryCode: string; placeId: string }>(orders: (c: T) => number) =>
  (a: T, b: T) =>
    orders(b) - orders(a) ||
    b.previous - a.previous ||
    cmp(a.categoryCode, b.categoryCode) ||
    cmp(a.placeId, b.placeId);

/**
 * The part of an N-day ranking that cannot change during the day — the district's cells over
 * the N−1 days before today, and over the N days before those (the previous window) — computed
 * once a day per server copy (refreshed in the background after 10 minutes), so a request
 * reads only today's rollup rows.
 */
function hotspotBase(db: Database, days: number, today: string): Promise<Cells> {
  let perDb = baseCache.get(db);
  if (!perDb) baseCache.set(db, (perDb = new Map()));
  const hit = perDb.get(days);
  const compute = () => {
    const entry: HotspotBase = { day: today, computedAt: Date.now(), cells: computeBase(db, days, today) };
    entry.cells.catch(() => perDb.delete(days));
    perDb.set(days, entry);
    return entry.cells;
  };
  if (!hit || hit.day !== today) return compute();
  if (Date.now() - hit.computedAt > BASE_TTL_MS) {
    const stale = hit.cells;
    hit.computedAt = Date.now();
    computeBase(db, days, today)
      .then((cells) => perDb.set(days, { day: today, computedAt: Date.now(), cells: Promise.resolve(cells) }))
      .catch(() => {});
    return stale;
  }
  return hit.cells;
}

// Cells are written out field by field: `{ ...row, more }` is ~100× slower in V8 (Node 20)
// and, over thousands of rows per request, was most of the ranking's time.
const cell = (c: HotspotCell, current: number, previous: number): Cell => ({
  placeId: c.placeId,
  streetId: c.streetId,
  categoryCode: c.categoryCode,
  current,
  previous,
});

async function computeBase(db: Database, days: number, today: string): Promise<Cells> {
  const all: PlaceFilter = { streetIds: null, placeIds: null };
  const yesterday = addDays(today, -1);
  const [current, previous] = await Promise.all([
    days > 1 ? hotspotCells(db, all, addDays(today, -(days - 1)), yesterday) : Promise.resolve([]),
    hotspotCells(db, all, addDays(today, -(2 * days - 1)), addDays(today, -days)),
  ]);
  const byKey = new Map<string, Cell>();
  for (const c of current) byKey.set(cellKey(c.placeId, c.categoryCode), cell(c, c.orders, 0));
  for (const c of previous) {
    const k = cellKey(c.placeId, c.categoryCode);
    const known = byKey.get(k);
    if (known) known.previous = c.orders;
    else byKey.set(k, cell(c, 0, c.orders));
  }
  return { byKey, sorted: [...byKey.values()].sort(byOrders((c) => c.current)), series: new Map() };
}

/**
 * The daily counts of `cells` over the window's `days − 1` days before today starting at
 * `from`: those of the window's fixed part already read, and one query for the others.
 */
function fixedSeries(
  db: Database,
  base: Cells,
  cells: { placeId: string; categoryCode: string }[],
  from: string,
  days: number,
): Promise<Int32Array[]> {
  if (base.series.size + cells.length > SERIES_CACHE_MAX) base.series.clear();
  const missing = cells.filter((c) => !base.series.has(cellKey(c.placeId, c.categoryCode)));
  if (missing.length) {
    const length = days - 1;
    const start = Date.parse(`${from}T00:00:00Z`);
    const read = (
      length > 0 ? hotspotSeries(db, missing, from, addDays(from, length - 1)) : Promise.resolve([])
    ).then((rows) => {
      const out = new Map(missing.map((c) => [cellKey(c.placeId, c.categoryCode), new Int32Array(length)]));
      for (const r of rows)
        out.get(cellKey(r.placeId, r.categoryCode))![(Date.parse(`${r.day}T00:00:00Z`) - start) / DAY_MS] =
          r.opened;
      return out;
    });
    for (const c of missing) {
      const k = cellKey(c.placeId, c.categoryCode);
      const one = read.then((out) => out.get(k)!);
      base.series.set(k, one);
      one.catch(() => base.series.get(k) === one && base.series.delete(k));
    }
  }
  return Promise.all(cells.map((c) => base.series.get(cellKey(c.placeId, c.categoryCode))!));
}

/** Drop the cached hot-spot bases (tests that change past days' data). */
export function forgetHotspotBase(db: Database) {
  baseCache.delete(db);
}

const namesCache = new WeakMap<Database, { at: number; names: Promise<Map<string, string>> }>();
function cachedCategoryNames(db: Database) {
  const hit = namesCache.get(db);
  if (hit && Date.now() - hit.at < 60_000) return hit.names;
  const names = categoryNames(db);
  namesCache.set(db, { at: Date.now(), names });
  names.catch(() => namesCache.delete(db));
  return names;
}

/** How many cells after a ranking's own of the fixed part (the scope's top ones) are read today, at most. */
const HOTSPOT_NEAR = 200;

/** A cell in a ranking: its window's total `orders`, of which `today` today. */
type Ranked = Cell & { orders: number; today: number };
const ranked = (c: Cell | HotspotCell, current: number, previous: number, today: number): Ranked => ({
  placeId: c.placeId,
  streetId: c.streetId,
  categoryCode: c.categoryCode,
  current,
  previous,
  orders: current + today,
  today,
});

/**
 * 削峰: recurring problems ranked — orders opened per category × place (committee, or the
 * street itself) over the last `days` days (today included), with the previous window of the
 * same length for the trend, and a per-day series for the sparkline.
 *
 * A request reads only today's rollup rows of its scope: the window's days before today (the
 * ranking's fixed part and the shown cells' series) come from the copy's memory.
 */
export async function hotspots(
  ctx: AppContext,
  actor: Actor,
  query: { days: number; streetId?: string | undefined; limit: number },
): Promise<Hotspots> {
  const { places, filter } = await scoped(ctx, actor, query.streetId);
  const today = shanghaiDay(Date.now());
  const from = addDays(today, -(query.days - 1));
  const [base, names] = await Promise.all([
    hotspotBase(ctx.db, query.days, today),
    cachedCategoryNames(ctx.db),
  ]);
  // The answer lies in the scope's top `limit` cells of the fixed part plus today's cells: any
  // other cell's total is its fixed part, at most the limit-th of those. Of today's other cells
  // only those reaching the limit-th total so far can enter.
  const pick = new Map<string, Ranked>();
  const near: string[] = [];
  let nearMin = 0;
  for (const c of base.sorted) {
    if (near.length >= HOTSPOT_NEAR) break;
    if (!cellIn(filter, c.streetId, c.placeId)) continue;
    const k = cellKey(c.placeId, c.categoryCode);
    if (pick.size < query.limit) pick.set(k, ranked(c, c.current, c.previous, 0));
    else if ((near.push(k), near.length === HOTSPOT_NEAR)) nearMin = c.current;
  }
  // So only today's rows of those cells can matter, and of the cells after them (fixed part at
  // most `nearMin`) those with at least (the limit-th fixed part − nearMin) orders today: the
  // limit-th total is at least that fixed part. Thousands of today's rows become a few hundred.
  const limitth = pick.size >= query.limit ? [...pick.values()][query.limit - 1]!.current : 0;
  const todays = await hotspotDay(
    ctx.db,
    filter,
    today,
    limitth > nearMin ? { keys: [...pick.keys(), ...near], minOpened: limitth - nearMin } : undefined,
  );
  const otherKeys: string[] = [];
  const others: HotspotCell[] = [];
  for (const c of todays) {
    const k = cellKey(c.placeId, c.categoryCode);
    const known = pick.get(k);
    if (known) {
      known.orders += c.orders;
      known.today += c.orders;
    } else {
      otherKeys.push(k);
      others.push(c);
    }
  }
  const picked = [...pick.values()].sort(byOrders((c) => c.orders));
  const threshold = picked.length >= query.limit ? picked[query.limit - 1]!.orders : 0;
  const entering: Ranked[] = [];
  for (let i = 0; i < others.length; i++) {
    const c = others[i]!;
    const b = base.byKey.get(otherKeys[i]!);
    if ((b?.current ?? 0) + c.orders >= threshold)
      entering.push(ranked(c, b?.current ?? 0, b?.previous ?? 0, c.orders));
  }
  const top = [...picked, ...entering]
    .filter((c) => c.orders > 0)
    .sort(byOrders((c) => c.orders))
    .slice(0, query.limit);
  const fixed = await fixedSeries(ctx.db, base, top, from, query.days);
  return {
    days: query.days,
    from,
    to: today,
    items: top.map((c, i) => {
      const series = Array.from(fixed[i]!);
      series.push(c.today);
      return {
        rank: i + 1,
        place: placeOut(places.byId.get(c.placeId)),
        street: placeOut(places.byId.get(c.streetId)),
        categoryCode: c.categoryCode,
        categoryName: names.get(c.categoryCode) ?? c.categoryCode,
        orders: c.orders,
        previous: c.previous,
        /** change against the previous window, in % (null when it had none) */
        change: c.previous > 0 ? Math.round(((c.orders - c.previous) / c.previous) * 1000) / 10 : null,
        series,
      };
    }),
  };
}

const cellIn = (f: PlaceFilter, streetId: string, placeId: string) =>
  (!f.streetIds || f.streetIds.includes(streetId)) && (!f.placeIds || f.placeIds.includes(placeId));

/** Orders to drill into from the screen (see listScreenOrders). */
export async function screenOrders(
  ctx: AppContext,
  actor: Actor,
  query: {
    streetId?: string | undefined;
    placeId?: string | undefined;
    categoryCode?: string | undefined;
    limit: number;
  },
): Promise<{ items: ScreenOrderView<Date>[] }> {
  const { places, filter } = await scoped(ctx, actor, query.streetId);
  let place: Place | undefined;
  if (query.placeId) {
    place = places.byId.get(query.placeId);
    if (!place || !inFilter(filter, place)) throw notFound({ zh: '地点', en: 'place' });
  }
  const items = await listScreenOrders(ctx.db, filter, {
    place,
    categoryCode: query.categoryCode,
    limit: query.limit,
  });
  return {
    items: items.map((o) => ({
      ...o,
      stateName: WORK_ORDER_WORKFLOW.states[o.state]?.name ?? null,
      street: placeOut(o.streetId ? places.byId.get(o.streetId) : undefined),
      committee: placeOut(o.committeeId ? places.byId.get(o.committeeId) : undefined),
      overdue:
        !!o.deadline && o.deadline.getTime() < Date.now() && !['closed', 'evaluated'].includes(o.state),
    })),
  };
}

/**
 * 日日清 for one Shanghai day, per street: carried in (open at the start of the day), opened,
 * reopened, closed, carried over (open at its end), due on the day and of those overdue.
 */
export async function dailyReport(
  ctx: AppContext,
  actor: Actor,
  query: { date?: string | undefined },
): Promise<DailyReport> {
  const { places, filter } = await scoped(ctx, actor);
  const date = query.date ?? shanghaiDay(Date.now());
  const [flows, due] = await Promise.all([
    dailyFlows(ctx.db, filter, date),
    dueOnDay(ctx.db, filter, dayStart(date), dayStart(addDays(date, 1)), new Date()),
  ]);
  const flowOf = new Map(flows.map((f) => [f.streetId, f]));
  const dueOf = new Map(due.map((d) => [d.streetId, d]));
  const rows = places.streets
    .filter((s) => !filter.streetIds || filter.streetIds.includes(s.id))
    .map((s) => {
      const f = flowOf.get(s.id);
      const d = dueOf.get(s.id);
      const carriedIn = f?.carriedIn ?? 0;
      const opened = f?.opened ?? 0;
      const reopened = f?.reopened ?? 0;
      const closed = f?.closed ?? 0;
      return {
        street: placeOut(s)!,
        carriedIn,
        opened,
        reopened,
        closed,
        carriedOver: carriedIn + opened + reopened - closed,
        due: d?.due ?? 0,
        overdue: d?.overdue ?? 0,
      };
    });
  const total = rows.reduce(
    (t, r) => ({
      carriedIn: t.carriedIn + r.carriedIn,
      opened: t.opened + r.opened,
      reopened: t.reopened + r.reopened,
      closed: t.closed + r.closed,
      carriedOver: t.carriedOver + r.carriedOver,
      due: t.due + r.due,
      overdue: t.overdue + r.overdue,
    }),
    { carriedIn: 0, opened: 0, reopened: 0, closed: 0, carriedOver: 0, due: 0, overdue: 0 },
  );
  return { date, rows, total };
}

/** The district outline and the places with their demo coordinates, for the map. */
export async function screenGeo(
  ctx: AppContext,
): Promise<{ outline: typeof HONGKOU_OUTLINE; places: unknown[] }> {
  const places: Places = await loadPlaces(ctx.db);
  return { outline: HONGKOU_OUTLINE, places: places.list.map((p) => ({ ...placeOut(p)!, at: p.at })) };
}
