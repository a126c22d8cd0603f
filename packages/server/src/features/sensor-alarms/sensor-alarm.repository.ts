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
  /** null for a committee's area outage (alarm_type 'outage') */
  sensor_id: string | null;
  alarm_type: string;
  sensor_type: string | null;
  severity: number;
  street_id: string | null;
  committee_id: string | null;
  work_order_id: string | null;
  /** offline: the outage that covered it; outage: null */
  outage_id: string | null;
  silent_count: number | null;
  sensor_count: number | null;
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
  ...(a.alarm_type === OUTAGE
    ? { alarmType: OUTAGE, silentCount: a.silent_count, sensorCount: a.sensor_count }
    : { alarmType: a.alarm_type }),
  at: new Date().toISOString(),
});

const HEAD = sql.raw(
  'a.id, a.sensor_id, a.alarm_type, a.sensor_type, a.severity, a.street_id, a.committee_id, a.work_order_id, ' +
    'a.outage_id, a.silent_count, a.sensor_count',
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
 * Alarms whose rule (for offline alarms: whose sensor type; for outages: the outage setting)
 * opens a work order and that have none yet (older than `olderThanMs`). An offline alarm
 * covered by a committee outage never opens its own.
 */
export async function alarmsAwaitingOrder(db: Database, olderThanMs: number): Promise<string[]> {
  const before = new Date(Date.now() - olderThanMs);
  const [sensorAlarms, outages] = await Promise.all([
    db
      .selectFrom('sensor_alarm as a')
      .leftJoin('sensor_rule as r', 'r.id', 'a.rule_id')
      .innerJoin('sensor_type as t', 't.code', 'a.sensor_type')
      .select('a.id')
      .where('a.state', 'in', ['open', 'acknowledged'])
      .where('a.work_order_id', 'is', null)
      .where((eb) =>
        eb.or([
          eb('r.opens_work_order', '=', true),
          eb.and([
            eb('a.alarm_type', '=', OFFLINE),
            eb('t.offline_opens_work_order', '=', true),
            eb('a.outage_id', 'is', null),
          ]),
        ]),
      )
      .where('t.category_code', 'is not', null)
      .where('a.opened_at', '<', before)
      .limit(500)
      .execute(),
    db
      .selectFrom('sensor_alarm as a')
      .innerJoin('sensor_outage_setting as o', (j) => j.onTrue())
      .select('a.id')
      .where('a.alarm_type', '=', OUTAGE)
      .where('a.state', 'in', ['open', 'acknowledged'])
      .where('a.work_order_id', 'is', null)
      .where('o.opens_work_order', '=', true)
      .where('a.opened_at', '<', before)
      .limit(100)
      .execute(),
  ]);
  return [...outages, ...sensorAlarms].map((r) => r.id);
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
  'a.silent_count as silentCount',
  'a.sensor_count as sensorCount',
  'a.sensor_types as sensorTypes',
  'a.outage_id as outageId',
  'st.path as streetPath',
] as const;

// outage alarms have no sensor: left joins
const alarmsFrom = (db: Database) =>
  db
    .selectFrom('sensor_alarm as a')
    .leftJoin('sensor_type as t', 't.code', 'a.sensor_type')
    .leftJoin('sensor as s', 's.id', 'a.sensor_id')
    .leftJoin('org_unit as st', 'st.id', 'a.street_id')
    .leftJoin('org_unit as cm', 'cm.id', 'a.committee_id')
    .leftJoin('work_order as wo', 'wo.case_id', 'a.work_order_id');

export type AlarmFilter = {
  state?: 'open' | 'acknowledged' | 'cleared' | 'active' | undefined;
  alarmType?: string | undefined;
  committeeId?: string | undefined;
  /** the offline alarms an outage covers */
  outageId?: string | undefined;
  /** leave out offline alarms covered by an open outage (the outage stands for them) */
  grouped?: boolean | undefined;
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
  if (f.alarmType) q = q.where('a.alarm_type', '=', f.alarmType);
  if (f.committeeId) q = q.where('a.committee_id', '=', f.committeeId);
  if (f.outageId) q = q.where('a.outage_id', '=', f.outageId);
  if (f.grouped)
    q = q.where((eb) =>
      eb.or([
        eb('a.outage_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('sensor_alarm as o')
              .select('o.id')
              .whereRef('o.id', '=', 'a.outage_id')
              .where('o.state', 'in', ['open', 'acknowledged']),
          ),
        ),
      ]),
    );
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

/** Alarm type of a committee whose sensors fell silent together (区域集中离线: power or network). */
export const OUTAGE = 'outage';

/** When silent sensors of one committee are an outage, and what the outage does. */
export type OutageSetting = {
  minSensors: number;
  /** 0 < share ≤ 1 */
  minShare: number;
  severity: number;
  opensWorkOrder: boolean;
  categoryCode: string | null;
  updatedAt: Date | null;
};

/** Before an administrator or the seed writes the row (no category, so no order). */
export const DEFAULT_OUTAGE_SETTING: OutageSetting = {
  minSensors: 5,
  minShare: 0.5,
  severity: 2,
  opensWorkOrder: false,
  categoryCode: null,
  updatedAt: null,
};

export async function findOutageSetting(db: Database | Transaction<DB>): Promise<OutageSetting> {
  const row = await db.selectFrom('sensor_outage_setting').selectAll().executeTakeFirst();
  if (!row) return DEFAULT_OUTAGE_SETTING;
  return {
    minSensors: row.min_sensors,
    minShare: Number(row.min_share),
    severity: row.severity,
    opensWorkOrder: row.opens_work_order,
    categoryCode: row.category_code,
    updatedAt: row.updated_at,
  };
}

/** A committee's installed, active sensors and the silent ones among them. */
export type CommitteeSilence = {
  committee_id: string;
  street_id: string | null;
  total: number;
  silent: number;
  types: string[];
  /** the median last-heard time of the silent sensors: when the committee went quiet */
  since: Date | null;
};

/**
 * Per committee: active sensors that have reported at least once (installed), and how many of
 * them are offline now — only committees with at least `minSilent` silent sensors or with an
 * open outage (one pass over the sensor table, grouped).
 */
export async function committeeSilence(trx: Transaction<DB>, minSilent: number): Promise<CommitteeSilence[]> {
  const r = await sql<CommitteeSilence>`
    with per as (
      select s.committee_id, count(*)::int as total, (count(*) filter (where not s.online))::int as silent,
        coalesce(array_agg(distinct s.type_code order by s.type_code) filter (where not s.online), '{}') as types,
        percentile_disc(0.5) within group (order by s.last_seen_at) filter (where not s.online) as since
      from sensor s
      where s.active and s.last_seen_at is not null and s.committee_id is not null
      group by s.committee_id)
    select per.*, c.parent_id as street_id
    from per join org_unit c on c.id = per.committee_id
    where per.silent >= ${minSilent}
       or exists (select from sensor_alarm o where o.committee_id = per.committee_id
                    and o.alarm_type = ${OUTAGE} and o.state in ('open', 'acknowledged'))`.execute(trx);
  return r.rows;
}

/** Is this committee's silence an outage by the setting (both thresholds)? */
export const isOutage = (c: Pick<CommitteeSilence, 'silent' | 'total'>, s: OutageSetting) =>
  c.total > 0 && c.silent >= s.minSensors && c.silent >= s.minShare * c.total - 1e-9;

export type OpenOutage = AlarmHead & { sensor_types: string[] | null };

export async function activeOutages(trx: Transaction<DB>): Promise<OpenOutage[]> {
  const r = await sql<OpenOutage>`
    select ${HEAD}, a.sensor_types from sensor_alarm a
    where a.alarm_type = ${OUTAGE} and a.state in ('open', 'acknowledged')`.execute(trx);
  return r.rows;
}

/** Open an outage for each committee (one open per committee: another copy's is kept). */
export async function insertOutages(
  trx: Transaction<DB>,
  rows: readonly CommitteeSilence[],
  severity: number,
): Promise<AlarmHead[]> {
  if (!rows.length) return [];
  const r = await sql<AlarmHead>`
    insert into sensor_alarm as a (alarm_type, severity, street_id, committee_id, silent_count, sensor_count,
      sensor_types, last_reading_at, reading_count)
    select ${OUTAGE}, ${severity}, x.street, x.committee, x.silent, x.total, string_to_array(x.types, ','),
      x.since, 0
    from unnest(${rows.map((c) => c.committee_id)}::uuid[], ${rows.map((c) => c.street_id)}::uuid[],
                ${rows.map((c) => c.silent)}::int[], ${rows.map((c) => c.total)}::int[],
                ${rows.map((c) => c.types.join(','))}::text[], ${rows.map((c) => c.since)}::timestamptz[])
      as x(committee, street, silent, total, types, since)
    order by x.committee
    on conflict (committee_id) where alarm_type = 'outage' and state in ('open', 'acknowledged') do nothing
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/** New counts and types of open outages. */
export async function updateOutages(
  trx: Transaction<DB>,
  rows: readonly CommitteeSilence[],
): Promise<AlarmHead[]> {
  if (!rows.length) return [];
  const r = await sql<AlarmHead>`
    update sensor_alarm a set silent_count = x.silent, sensor_count = x.total,
      sensor_types = string_to_array(x.types, ','), updated_at = now()
    from unnest(${rows.map((c) => c.committee_id)}::uuid[], ${rows.map((c) => c.silent)}::int[],
                ${rows.map((c) => c.total)}::int[], ${rows.map((c) => c.types.join(','))}::text[])
      as x(committee, silent, total, types)
    where a.committee_id = x.committee and a.alarm_type = ${OUTAGE} and a.state in ('open', 'acknowledged')
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/** Clear outages by id (their committees are below the thresholds now), with the last counts. */
export async function clearOutages(
  trx: Transaction<DB>,
  rows: readonly { id: string; silent: number; total: number; comment: string }[],
): Promise<AlarmHead[]> {
  if (!rows.length) return [];
  const r = await sql<AlarmHead>`
    update sensor_alarm a set state = 'cleared', cleared_at = now(), clear_comment = x.comment,
      silent_count = x.silent, sensor_count = x.total, updated_at = now()
    from unnest(${rows.map((c) => c.id)}::uuid[], ${rows.map((c) => c.silent)}::int[],
                ${rows.map((c) => c.total)}::int[], ${rows.map((c) => c.comment)}::text[])
      as x(id, silent, total, comment)
    where a.id = x.id and a.state in ('open', 'acknowledged')
    returning ${HEAD}`.execute(trx);
  return r.rows;
}

/**
 * Link the open offline alarms of committees with an open outage to it (an alarm covered by an
 * earlier outage moves to the new one); returns the ids linked now.
 */
export async function coverByOutages(trx: Transaction<DB>): Promise<string[]> {
  const r = await sql<{ id: string }>`
    update sensor_alarm a set outage_id = o.id, updated_at = now()
    from sensor_alarm o
    where o.alarm_type = ${OUTAGE} and o.state in ('open', 'acknowledged')
      and a.committee_id = o.committee_id and a.alarm_type = ${OFFLINE}
      and a.state in ('open', 'acknowledged') and a.outage_id is distinct from o.id
    returning a.id`.execute(trx);
  return r.rows.map((x) => x.id);
}

/** The silent sensors of a committee (for an outage's update: which are still silent). */
export async function silentSensorIds(db: Database | Transaction<DB>, committeeId: string, limit = 20) {
  const rows = await db
    .selectFrom('sensor')
    .select('id')
    .where('committee_id', '=', committeeId)
    .where('active', '=', true)
    .where('online', '=', false)
    .where('last_seen_at', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
