import { sql, type Transaction } from 'kysely';
import type { DB, Database } from '@yiwang/db';
import { LIVE_CHANNEL, type LiveEvent } from '../../core/live';
import { unitInScope } from '../../core/auth/scope-filters';
import type { Scope } from '../../core/auth/actor';

/** An alarm's aggregate of one batch of readings beyond one rule. */
export type RaiseRow = {
  sensorId: string;
  alarmType: string;
  ruleId: string;
  severity: number;
  metric: string;
  threshold: number;
  /** peak = the highest value (rules with '>') or the lowest ('<') */
  high: boolean;
  n: number;
  peak: number;
  lastValue: number;
  firstTs: number;
  lastTs: number;
};

export type AlarmHead = {
  id: string;
  sensor_id: string;
  alarm_type: string;
  sensor_type: string;
  severity: number;
  street_id: string | null;
  committee_id: string | null;
  work_order_id: string | null;
};

/** The live feed's event of an alarm written set-wise (see publishLiveMany). */
export const alarmLiveEvent = (a: AlarmHead, event: 'opened' | 'updated' | 'cleared'): LiveEvent => ({
  kind: 'alarm',
  event,
  id: a.id,
  sensorId: a.sensor_id,
  sensorType: a.sensor_type,
  severity: a.severity,
  streetId: a.street_id,
  committeeId: a.committee_id,
  workOrderId: a.work_order_id,
  at: new Date().toISOString(),
});

const HEAD = sql.raw(
  'a.id, a.sensor_id, a.alarm_type, a.sensor_type, a.severity, a.street_id, a.committee_id, a.work_order_id',
);

/** Later readings of open alarms: count, peak, last reading, severity (one statement). */
export async function updateOpenAlarms(
  trx: Transaction<DB>,
  rows: readonly RaiseRow[],
): Promise<AlarmHead[]> {
  if (!rows.length) return [];
  const r = await sql<AlarmHead>`
    update sensor_alarm a set
      reading_count = a.reading_count + x.n,
      peak_value = case when x.hi then greatest(a.peak_value, x.peak) else least(a.peak_value, x.peak) end,
      last_value = case when a.last_reading_at is null or to_timestamp(x.lt) >= a.last_reading_at then x.lv else a.last_value end,
      last_reading_at = greatest(a.last_reading_at, to_timestamp(x.lt)),
      severity = greatest(a.severity, x.sev),
      updated_at = now()
    from unnest(${rows.map((x) => x.sensorId)}::text[], ${rows.map((x) => x.alarmType)}::text[],
                ${rows.map((x) => x.n)}::int[], ${rows.map((x) => x.high)}::bool[], ${rows.map((x) => x.peak)}::float8[],
                ${rows.map((x) => x.lastValue)}::float8[], ${rows.map((x) => x.lastTs / 1000)}::float8[],
                ${rows.map((x) => x.severity)}::int2[]) as x(sid, atype, n, hi, peak, lv, lt, sev)
    where a.sensor_id = x.sid and a.alarm_type = x.atype and a.state in ('open', 'acknowledged')
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/** Open new alarms; one already open for the sensor and type (another copy was first) is skipped. */
export async function insertAlarms(trx: Transaction<DB>, rows: readonly RaiseRow[]): Promise<AlarmHead[]> {
  if (!rows.length) return [];
  const r = await sql<AlarmHead>`
    insert into sensor_alarm as a (sensor_id, sensor_type, alarm_type, rule_id, severity, metric, threshold,
      first_reading_at, last_reading_at, last_value, peak_value, reading_count, street_id, committee_id)
    select x.sid, s.type_code, x.atype, x.rule, x.sev, x.metric, x.thr, to_timestamp(x.ft), to_timestamp(x.lt),
      x.lv, x.peak, x.n, s.street_id, s.committee_id
    from unnest(${rows.map((x) => x.sensorId)}::text[], ${rows.map((x) => x.alarmType)}::text[],
                ${rows.map((x) => x.ruleId)}::uuid[], ${rows.map((x) => x.severity)}::int2[],
                ${rows.map((x) => x.metric)}::text[], ${rows.map((x) => x.threshold)}::float8[],
                ${rows.map((x) => x.firstTs / 1000)}::float8[], ${rows.map((x) => x.lastTs / 1000)}::float8[],
                ${rows.map((x) => x.lastValue)}::float8[], ${rows.map((x) => x.peak)}::float8[],
                ${rows.map((x) => x.n)}::int[]) as x(sid, atype, rule, sev, metric, thr, ft, lt, lv, peak, n)
    join sensor s on s.id = x.sid
    order by x.sid, x.atype
    on conflict (sensor_id, alarm_type) where state in ('open', 'acknowledged') do nothing
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/** Clear open alarms of (sensor, type) pairs; returns the cleared ones. */
export async function clearAlarmsByKey(
  trx: Transaction<DB>,
  keys: readonly { sensorId: string; alarmType: string }[],
  comment: string,
): Promise<AlarmHead[]> {
  if (!keys.length) return [];
  const r = await sql<AlarmHead>`
    update sensor_alarm a set state = 'cleared', cleared_at = now(), clear_comment = ${comment}, updated_at = now()
    from unnest(${keys.map((k) => k.sensorId)}::text[], ${keys.map((k) => k.alarmType)}::text[]) as x(sid, atype)
    where a.sensor_id = x.sid and a.alarm_type = x.atype and a.state in ('open', 'acknowledged')
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/** Publish many live events in one statement (inside the writing transaction). */
export async function publishLiveMany(trx: Transaction<DB>, events: readonly LiveEvent[]): Promise<void> {
  if (!events.length) return;
  await sql`select pg_notify(${LIVE_CHANNEL}, e) from unnest(${events.map((e) => JSON.stringify(e))}::text[]) as e`.execute(
    trx,
  );
}

export async function openAlarmKeys(db: Database): Promise<string[]> {
  const rows = await db
    .selectFrom('sensor_alarm')
    .select(['sensor_id', 'alarm_type'])
    .where('state', 'in', ['open', 'acknowledged'])
    .execute();
  return rows.map((r) => `${r.sensor_id}|${r.alarm_type}`);
}

/**
 * Alarms whose rule (for offline alarms: whose sensor type) opens a work order and that have
 * none yet (older than `olderThanMs`).
 */
export async function alarmsAwaitingOrder(db: Database, olderThanMs: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sensor_alarm as a')
    .leftJoin('sensor_rule as r', 'r.id', 'a.rule_id')
    .innerJoin('sensor_type as t', 't.code', 'a.sensor_type')
    .select('a.id')
    .where('a.state', 'in', ['open', 'acknowledged'])
    .where('a.work_order_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('r.opens_work_order', '=', true),
        eb.and([eb('a.alarm_type', '=', OFFLINE), eb('t.offline_opens_work_order', '=', true)]),
      ]),
    )
    .where('t.category_code', 'is not', null)
    .where('a.opened_at', '<', new Date(Date.now() - olderThanMs))
    .limit(500)
    .execute();
  return rows.map((r) => r.id);
}

const alarmColumns = [
  'a.id',
  'a.sensor_id as sensorId',
  'a.sensor_type as sensorType',
  't.name as sensorTypeName',
  't.name_en as sensorTypeNameEn',
  't.unit as unit',
  'a.alarm_type as alarmType',
  'a.rule_id as ruleId',
  'a.severity',
  'a.state',
  'a.metric',
  'a.threshold',
  'a.opened_at as openedAt',
  'a.first_reading_at as firstReadingAt',
  'a.last_reading_at as lastReadingAt',
  'a.last_value as lastValue',
  'a.peak_value as peakValue',
  'a.reading_count as readingCount',
  'a.acknowledged_at as acknowledgedAt',
  'a.acknowledged_by as acknowledgedBy',
  'a.cleared_at as clearedAt',
  'a.cleared_by as clearedBy',
  'a.clear_comment as clearComment',
  'a.street_id as streetId',
  'st.name as streetName',
  'a.committee_id as committeeId',
  'cm.name as committeeName',
  's.address',
  's.latitude',
  's.longitude',
  'a.work_order_id as workOrderId',
  'wo.order_no as workOrderNo',
  'st.path as streetPath',
] as const;

const alarmsFrom = (db: Database) =>
  db
    .selectFrom('sensor_alarm as a')
    .innerJoin('sensor_type as t', 't.code', 'a.sensor_type')
    .innerJoin('sensor as s', 's.id', 'a.sensor_id')
    .leftJoin('org_unit as st', 'st.id', 'a.street_id')
    .leftJoin('org_unit as cm', 'cm.id', 'a.committee_id')
    .leftJoin('work_order as wo', 'wo.case_id', 'a.work_order_id');

export type AlarmFilter = {
  state?: 'open' | 'acknowledged' | 'cleared' | 'active' | undefined;
  severity?: number | undefined;
  streetId?: string | undefined;
  sensorId?: string | undefined;
  scope: Scope;
};

export async function listAlarms(db: Database, f: AlarmFilter, page: { page: number; pageSize: number }) {
  let q = alarmsFrom(db);
  if (f.state === 'active') q = q.where('a.state', 'in', ['open', 'acknowledged']);
  else if (f.state) q = q.where('a.state', '=', f.state);
  if (f.severity) q = q.where('a.severity', '=', f.severity);
  if (f.streetId) q = q.where('a.street_id', '=', f.streetId);
  if (f.sensorId) q = q.where('a.sensor_id', '=', f.sensorId);
  if (f.scope.kind !== 'all') q = q.where(unitInScope(f.scope, 'st'));
  const [rows, count] = await Promise.all([
    q
      .select(alarmColumns)
      .orderBy('a.opened_at', 'desc')
      .orderBy('a.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export type AlarmRow = Awaited<ReturnType<typeof findAlarm>>;

export const findAlarm = (db: Database, id: string) =>
  alarmsFrom(db).select(alarmColumns).where('a.id', '=', id).executeTakeFirst();

/** Alarm type of a sensor silent for 3 × its reporting interval (no rule: settings of its type). */
export const OFFLINE = 'offline';

/**
 * Open an offline alarm for each active sensor that has reported before and is offline now,
 * unless one is open (the partial unique index makes two copies' sweeps safe). Severity comes
 * from the sensor's type; the last reading time is when it was last heard from.
 */
export async function openOfflineAlarms(trx: Transaction<DB>): Promise<AlarmHead[]> {
  const r = await sql<AlarmHead>`
    insert into sensor_alarm as a (sensor_id, sensor_type, alarm_type, severity, last_reading_at,
      reading_count, street_id, committee_id)
    select s.id, s.type_code, ${OFFLINE}, t.offline_severity, s.last_seen_at, 0, s.street_id, s.committee_id
    from sensor s join sensor_type t on t.code = s.type_code
    where not s.online and s.active and s.last_seen_at is not null
      and not exists (select from sensor_alarm o where o.sensor_id = s.id and o.alarm_type = ${OFFLINE}
                        and o.state in ('open', 'acknowledged'))
    order by s.id
    on conflict (sensor_id, alarm_type) where state in ('open', 'acknowledged') do nothing
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/** Clear the offline alarms of sensors heard from again (or taken out of service). */
export async function clearOfflineAlarms(trx: Transaction<DB>, comment: string): Promise<AlarmHead[]> {
  const r = await sql<AlarmHead>`
    update sensor_alarm a set state = 'cleared', cleared_at = now(), clear_comment = ${comment},
      updated_at = now()
    from sensor s
    where s.id = a.sensor_id and a.alarm_type = ${OFFLINE} and a.state in ('open', 'acknowledged')
      and (s.online or not s.active)
    returning ${HEAD}`.execute(trx);
  return r.rows;
}
