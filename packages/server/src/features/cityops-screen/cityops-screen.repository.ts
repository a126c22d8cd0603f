import { sql, type RawBuilder } from 'kysely';
import type { Database } from '@yiwang/db';
import type { PlaceFilter } from './places';

/**
 * SQL of the operations screen. Everything reads the KPI projection kept by triggers
 * (migration 0019): `cityops_order_fact` (open orders through a partial index),
 * `cityops_kpi_day` and `cityops_hotspot_day` (one row per day × place [× category]).
 */

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Keeps rows of the filter's streets and places; `alias` is the table's alias. */
const within = (f: PlaceFilter, alias: string): RawBuilder<boolean> => {
  const street = sql.ref(`${alias}.street_id`);
  const place = sql.ref(`${alias}.place_id`);
  return sql<boolean>`(${f.streetIds ? sql`${street} = ANY(${f.streetIds}::uuid[])` : sql`true`} AND ${
    f.placeIds ? sql`${place} = ANY(${f.placeIds}::uuid[])` : sql`true`
  })`;
};

export type OpenCounts = {
  placeId: string;
  streetId: string;
  open: number;
  overdue: number;
  dueToday: number;
};

/**
 * Open orders per place: all, overdue (running deadline passed) and due later today.
 * An index-only scan of the open orders' partial index.
 */
export async function openCounts(
  db: Database,
  f: PlaceFilter,
  now: Date,
  endOfToday: Date,
): Promise<OpenCounts[]> {
  const { rows } = await sql<{
    place_id: string;
    street_id: string;
    open: string;
    overdue: string;
    due_today: string;
  }>`
    SELECT f.place_id, f.street_id, count(*) AS open,
           count(*) FILTER (WHERE f.deadline < ${now}) AS overdue,
           count(*) FILTER (WHERE f.deadline >= ${now} AND f.deadline < ${endOfToday}) AS due_today
      FROM cityops_order_fact f
     WHERE f.is_open AND ${within(f, 'f')}
     GROUP BY f.place_id, f.street_id`.execute(db);
  return rows.map((r) => ({
    placeId: r.place_id,
    streetId: r.street_id,
    open: n(r.open),
    overdue: n(r.overdue),
    dueToday: n(r.due_today),
  }));
}

export type PeriodCounts = {
  key: string;
  opened: number;
  closed: number;
  reopened: number;
  due: number;
  dueClosed: number;
  dueClosedOnTime: number;
  callbacks: number;
  satisfied: number;
};

/** Sums of the daily rollup over [from, to] (Shanghai days), per street or per place. */
export async function periodCounts(
  db: Database,
  f: PlaceFilter,
  from: string,
  to: string,
  by: 'street' | 'place',
): Promise<PeriodCounts[]> {
  const key = by === 'street' ? sql.ref('k.street_id') : sql.ref('k.place_id');
  const { rows } = await sql<Record<string, string>>`
    SELECT ${key} AS key, sum(k.opened) AS opened, sum(k.closed) AS closed, sum(k.reopened) AS reopened,
           sum(k.due) AS due, sum(k.due_closed) AS due_closed, sum(k.due_closed_on_time) AS due_on_time,
           sum(k.callbacks) AS callbacks, sum(k.satisfied) AS satisfied
      FROM cityops_kpi_day k
     WHERE k.day BETWEEN ${from}::date AND ${to}::date AND ${within(f, 'k')}
     GROUP BY 1`.execute(db);
  return rows.map((r) => ({
    key: r.key!,
    opened: n(r.opened),
    closed: n(r.closed),
    reopened: n(r.reopened),
    due: n(r.due),
    dueClosed: n(r.due_closed),
    dueClosedOnTime: n(r.due_on_time),
    callbacks: n(r.callbacks),
    satisfied: n(r.satisfied),
  }));
}

/** Orders opened and close actions per day over [from, to]. */
export async function dailyTrend(db: Database, f: PlaceFilter, from: string, to: string) {
  const { rows } = await sql<{ day: string; opened: string; closed: string }>`
    SELECT k.day, sum(k.opened) AS opened, sum(k.closed) AS closed
      FROM cityops_kpi_day k
     WHERE k.day BETWEEN ${from}::date AND ${to}::date AND ${within(f, 'k')}
     GROUP BY k.day`.execute(db);
  return rows.map((r) => ({ day: r.day, opened: n(r.opened), closed: n(r.closed) }));
}

export type HotspotCell = { placeId: string; streetId: string; categoryCode: string; orders: number };

/** Orders opened per place × category over [from, to] (every cell with at least one). */
export async function hotspotCells(
  db: Database,
  f: PlaceFilter,
  from: string,
  to: string,
): Promise<HotspotCell[]> {
  const { rows } = await sql<{ place_id: string; street_id: string; category_code: string; orders: string }>`
    SELECT h.place_id, h.street_id, h.category_code, sum(h.opened) AS orders
      FROM cityops_hotspot_day h
     WHERE h.day BETWEEN ${from}::date AND ${to}::date AND ${within(f, 'h')}
     GROUP BY 1, 2, 3`.execute(db);
  return rows.map((r) => ({
    placeId: r.place_id,
    streetId: r.street_id,
    categoryCode: r.category_code,
    orders: n(r.orders),
  }));
}

/**
 * Orders opened per place × category on one day: the day's rollup rows as they are (one per
 * cell by the primary key (day, place_id, category_code), so nothing to group), through that key.
 * With `only`, just the rows of the cells listed (keys `place_id|category_code`) and those with
 * at least `minOpened` orders.
 */
export async function hotspotDay(
  db: Database,
  f: PlaceFilter,
  day: string,
  only?: { keys: string[]; minOpened: number },
): Promise<HotspotCell[]> {
  const { rows } = await sql<{ place_id: string; street_id: string; category_code: string; opened: number }>`
    SELECT h.place_id, h.street_id, h.category_code, h.opened
      FROM cityops_hotspot_day h
     WHERE h.day = ${day}::date AND ${within(f, 'h')} ${
       only
         ? sql`AND (h.opened >= ${only.minOpened}
                    OR h.place_id::text || '|' || h.category_code = ANY(${only.keys}::text[]))`
         : sql``
     }`.execute(db);
  return rows.map((r) => ({
    placeId: r.place_id,
    streetId: r.street_id,
    categoryCode: r.category_code,
    orders: r.opened,
  }));
}

/** Daily counts of a few place × category cells over [from, to], for the hot spots' sparklines. */
export async function hotspotSeries(
  db: Database,
  cells: { placeId: string; categoryCode: string }[],
  from: string,
  to: string,
) {
  if (!cells.length) return [];
  // LATERAL: one index range scan per cell on (place_id, category_code, day)
  const { rows } = await sql<{ place_id: string; category_code: string; day: string; opened: string }>`
    SELECT c.place_id, c.category_code, h.day, h.opened
      FROM unnest(${cells.map((c) => c.placeId)}::uuid[], ${cells.map((c) => c.categoryCode)}::text[]) AS c(place_id, category_code)
      CROSS JOIN LATERAL (
        SELECT x.day, x.opened FROM cityops_hotspot_day x
         WHERE x.place_id = c.place_id AND x.category_code = c.category_code
           AND x.day BETWEEN ${from}::date AND ${to}::date) h`.execute(db);
  return rows.map((r) => ({
    placeId: r.place_id,
    categoryCode: r.category_code,
    day: r.day,
    opened: n(r.opened),
  }));
}

export type DailyFlow = {
  streetId: string;
  opened: number;
  closed: number;
  reopened: number;
  carriedIn: number;
};

/**
 * 日日清 flows per street for day `d`: opened, closed and reopened on the day, and the orders
 * still open at the start of it (every opening and reopening before it less every closing).
 */
export async function dailyFlows(db: Database, f: PlaceFilter, d: string): Promise<DailyFlow[]> {
  const { rows } = await sql<Record<string, string>>`
    SELECT k.street_id,
           sum(k.opened) FILTER (WHERE k.day = ${d}::date) AS opened,
           sum(k.closed) FILTER (WHERE k.day = ${d}::date) AS closed,
           sum(k.reopened) FILTER (WHERE k.day = ${d}::date) AS reopened,
           sum(k.opened + k.reopened - k.closed) FILTER (WHERE k.day < ${d}::date) AS carried_in
      FROM cityops_kpi_day k
     WHERE k.day <= ${d}::date AND ${within(f, 'k')}
     GROUP BY k.street_id`.execute(db);
  return rows.map((r) => ({
    streetId: r.street_id!,
    opened: n(r.opened),
    closed: n(r.closed),
    reopened: n(r.reopened),
    carriedIn: n(r.carried_in),
  }));
}

/**
 * Orders whose handling deadline falls in [start, end) per street, and of those the overdue:
 * handled after the deadline, or not handled yet and the deadline passed by `now`.
 */
export async function dueOnDay(db: Database, f: PlaceFilter, start: Date, end: Date, now: Date) {
  const { rows } = await sql<{ street_id: string; due: string; overdue: string }>`
    SELECT f.street_id, count(*) AS due,
           count(*) FILTER (WHERE f.handled_at > f.handling_deadline
                               OR (f.handled_at IS NULL AND f.handling_deadline < ${now})) AS overdue
      FROM cityops_order_fact f
     WHERE f.handling_deadline >= ${start} AND f.handling_deadline < ${end} AND ${within(f, 'f')}
     GROUP BY f.street_id`.execute(db);
  return rows.map((r) => ({ streetId: r.street_id, due: n(r.due), overdue: n(r.overdue) }));
}

export type ScreenOrder = {
  id: string;
  orderNo: string;
  categoryCode: string;
  categoryName: string;
  streetId: string | null;
  committeeId: string | null;
  state: string;
  deadline: Date | null;
  createdAt: Date;
  description: string;
  source: string;
};

/**
 * Orders to drill into: the open orders of the filter (or of one place) by nearest deadline,
 * through the open-orders index; or, for a hot spot, the most recent orders of one place ×
 * category (a committee through work_order (committee_id, category_code), a street-level place
 * through work_order (street_id, created_at)).
 */
export async function listScreenOrders(
  db: Database,
  f: PlaceFilter,
  options: {
    place?: { id: string; kind: 'street' | 'committee' } | undefined;
    categoryCode?: string | undefined;
    limit: number;
  },
): Promise<ScreenOrder[]> {
  const columns = sql`w.case_id AS id, w.order_no, w.category_code, c.name AS category_name, w.street_id,
           w.committee_id, k.state, k.sla_deadline AS deadline, w.created_at, left(w.description, 200) AS description,
           w.source`;
  const { place, categoryCode, limit } = options;
  let rows: Record<string, unknown>[];
  if (categoryCode && place) {
    const at =
      place.kind === 'committee'
        ? sql`w.committee_id = ${place.id}::uuid`
        : sql`w.street_id = ${place.id}::uuid AND w.committee_id IS NULL`;
    const streetOk = f.streetIds ? sql`w.street_id = ANY(${f.streetIds}::uuid[])` : sql`true`;
    rows = (
      await sql<Record<string, unknown>>`
        SELECT ${columns}
          FROM work_order w JOIN workflow_case k ON k.id = w.case_id JOIN cityops_category c ON c.code = w.category_code
         WHERE ${at} AND w.category_code = ${categoryCode} AND ${streetOk}
         ORDER BY w.created_at DESC LIMIT ${limit}`.execute(db)
    ).rows;
  } else {
    const at = place ? sql`AND f.place_id = ${place.id}::uuid` : sql``;
    // the first `limit` open orders from the open-orders index alone, then their details
    rows = (
      await sql<Record<string, unknown>>`
        SELECT ${columns}
          FROM (SELECT f.case_id, f.deadline, f.created_at FROM cityops_order_fact f
                 WHERE f.is_open ${at} AND ${within(f, 'f')}
                 ORDER BY f.deadline ASC NULLS LAST, f.created_at LIMIT ${limit}) f
          JOIN work_order w ON w.case_id = f.case_id
          JOIN workflow_case k ON k.id = w.case_id
          JOIN cityops_category c ON c.code = w.category_code
         ORDER BY f.deadline ASC NULLS LAST, f.created_at`.execute(db)
    ).rows;
  }
  return rows.map((r) => ({
    id: String(r.id),
    orderNo: String(r.order_no),
    categoryCode: String(r.category_code),
    categoryName: String(r.category_name),
    streetId: (r.street_id as string | null) ?? null,
    committeeId: (r.committee_id as string | null) ?? null,
    state: String(r.state),
    deadline: (r.deadline as Date | null) ?? null,
    createdAt: r.created_at as Date,
    description: String(r.description),
    source: String(r.source),
  }));
}

export type SensorFigures = {
  alarmsBySeverity: { severity: number; active: number; unacknowledged: number }[];
  alarmsByPlace: { placeId: string; active: number }[];
  sensors: number;
  online: number;
};

/**
 * Alarm counters and the sensor online rate, from the sensors feature's tables (migration
 * 0017): active alarms (open or acknowledged) by severity and by place — a committee outage
 * as one, the offline alarms it covers not again; active sensors and those online. `null`
 * when those tables do not exist.
 */
export async function sensorFigures(db: Database, f: PlaceFilter): Promise<SensorFigures | null> {
  const alarmPlace = sql`coalesce(a.committee_id, a.street_id)`;
  // an area outage (区域集中离线) counts as one alarm: not each offline sensor it covers
  const alarmWithin = sql`(${f.streetIds ? sql`a.street_id = ANY(${f.streetIds}::uuid[])` : sql`true`} AND ${
    f.placeIds ? sql`${alarmPlace} = ANY(${f.placeIds}::uuid[])` : sql`true`
  } AND (a.outage_id IS NULL OR NOT EXISTS (SELECT FROM sensor_alarm o
          WHERE o.id = a.outage_id AND o.state IN ('open', 'acknowledged'))))`;
  const sensorWithin = sql`(${f.streetIds ? sql`s.street_id = ANY(${f.streetIds}::uuid[])` : sql`true`} AND ${
    f.placeIds ? sql`coalesce(s.committee_id, s.street_id) = ANY(${f.placeIds}::uuid[])` : sql`true`
  })`;
  try {
    const [bySeverity, byPlace, sensors] = await Promise.all([
      sql<{ severity: number; active: string; unacknowledged: string }>`
        SELECT a.severity, count(*) AS active, count(*) FILTER (WHERE a.state = 'open') AS unacknowledged
          FROM sensor_alarm a
         WHERE a.state IN ('open', 'acknowledged') AND ${alarmWithin}
         GROUP BY a.severity`.execute(db),
      sql<{ place_id: string; active: string }>`
        SELECT ${alarmPlace} AS place_id, count(*) AS active
          FROM sensor_alarm a
         WHERE a.state IN ('open', 'acknowledged') AND a.street_id IS NOT NULL AND ${alarmWithin}
         GROUP BY 1`.execute(db),
      sql<{ total: string; online: string }>`
        SELECT count(*) AS total, count(*) FILTER (WHERE s.online) AS online
          FROM sensor s WHERE s.active AND ${sensorWithin}`.execute(db),
    ]);
    return {
      alarmsBySeverity: bySeverity.rows.map((r) => ({
        severity: Number(r.severity),
        active: n(r.active),
        unacknowledged: n(r.unacknowledged),
      })),
      alarmsByPlace: byPlace.rows.map((r) => ({ placeId: r.place_id, active: n(r.active) })),
      sensors: n(sensors.rows[0]?.total),
      online: n(sensors.rows[0]?.online),
    };
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null; // no sensor tables yet
    throw error;
  }
}

/** Category names by code. */
export async function categoryNames(db: Database): Promise<Map<string, string>> {
  const rows = await db.selectFrom('cityops_category').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
