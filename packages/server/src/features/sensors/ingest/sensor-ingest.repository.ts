import { sql, type Transaction } from 'kysely';
import type { DB, Database } from '@yiwang/db';

/** One reading to store; ts in epoch milliseconds. */
export type ReadingRow = {
  sensorId: string;
  metric: string;
  ts: number;
  value: number;
  flagged: boolean;
  /** a flagged reading's dead letter, written when the reading is stored (not for a redelivery) */
  deadLetter?: DeadLetterRow;
};
export type DeadLetterRow = {
  source: 'mqtt' | 'http';
  topic: string | null;
  sensorId: string | null;
  payload: string | null;
  reason: string;
  detail: string | null;
};
export type RollupRow = {
  sensorId: string;
  metric: string;
  bucketStart: number;
  n: number;
  min: number;
  max: number;
  sum: number;
};

/**
 * Store a batch of readings in one statement; a reading already stored (a QoS 1 redelivery)
 * is skipped. Returns null when every row was inserted now (the usual case: no key sent
 * back), else the `sensorId|ts` of the rows inserted now.
 */
export async function insertReadings(
  trx: Transaction<DB>,
  rows: readonly ReadingRow[],
): Promise<Set<string> | null> {
  if (!rows.length) return null;
  const n = rows.length;
  const ids: string[] = new Array(n);
  const metrics: string[] = new Array(n);
  const ts: number[] = new Array(n);
  const values: number[] = new Array(n);
  const flagged: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    ids[i] = r.sensorId;
    metrics[i] = r.metric;
    ts[i] = r.ts / 1000;
    values[i] = r.value;
    flagged[i] = r.flagged;
  }
  // array literals made here, not by pg (which escapes every element with two regular expressions)
  const result = await sql<{ n: number; keys: string[] | null }>`
    with ins as (
      insert into sensor_reading (sensor_id, metric, ts, value, flagged)
      select i, m, to_timestamp(t), v, f
      from unnest(${textArray(ids)}::text[], ${textArray(metrics)}::text[], ${numberArray(ts)}::float8[],
                  ${numberArray(values)}::float8[], ${numberArray(flagged)}::bool[]) as x(i, m, t, v, f)
      on conflict do nothing
      returning sensor_id, ts)
    select count(*)::int as n,
           case when count(*) < ${n}::int
                then array_agg(sensor_id || '|' || round(extract(epoch from ts) * 1000)::bigint) end as keys
    from ins`.execute(trx);
  const keys = result.rows[0]?.keys;
  return keys ? new Set(keys) : result.rows[0]?.n === n ? null : new Set();
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A PostgreSQL array literal of strings, every element quoted (so NULL, commas, braces and
 * spaces stay text), `"` and `\` escaped: `{"HK-1","a \"b\""}`.
 */
export function textArray(xs: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    out += `${i ? ',' : ''}"${NEEDS_ESCAPE.test(x) ? x.replace(/["\\]/g, '\\$&') : x}"`;
  }
  return `${out}}`;
}

/** A PostgreSQL array literal of finite numbers or booleans: `{1.5,2}`, `{true,false}`. */
export const numberArray = (xs: readonly (number | boolean)[]): string => `{${xs.join(',')}}`;

/** Add a batch's aggregates to the hourly rollups (rows sorted, so copies never deadlock). */
export async function upsertRollups(trx: Transaction<DB>, rows: readonly RollupRow[]): Promise<void> {
  if (!rows.length) return;
  const sorted = [...rows].sort((a, b) =>
    a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : a.bucketStart - b.bucketStart,
  );
  await sql`
    insert into sensor_rollup (sensor_id, metric, bucket, bucket_start, n, min, max, sum)
    select i, m, 'hour', to_timestamp(b), n, lo, hi, s
    from unnest(${textArray(sorted.map((r) => r.sensorId))}::text[], ${textArray(sorted.map((r) => r.metric))}::text[],
                ${numberArray(sorted.map((r) => r.bucketStart / 1000))}::float8[], ${numberArray(sorted.map((r) => r.n))}::int[],
                ${numberArray(sorted.map((r) => r.min))}::float8[], ${numberArray(sorted.map((r) => r.max))}::float8[],
                ${numberArray(sorted.map((r) => r.sum))}::float8[]) as x(i, m, b, n, lo, hi, s)
    on conflict (sensor_id, metric, bucket, bucket_start) do update set
      n = sensor_rollup.n + excluded.n,
      min = least(sensor_rollup.min, excluded.min),
      max = greatest(sensor_rollup.max, excluded.max),
      sum = sensor_rollup.sum + excluded.sum`.execute(trx);
}

export async function insertDeadLetters(db: Database | Transaction<DB>, rows: readonly DeadLetterRow[]) {
  if (!rows.length) return;
  await sql`
    insert into sensor_dead_letter (source, topic, sensor_id, payload, reason, detail)
    select * from unnest(${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.topic)}::text[],
                         ${rows.map((r) => r.sensorId)}::text[], ${rows.map((r) => r.payload)}::text[],
                         ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.detail)}::text[])`.execute(
    db,
  );
}

/** Sensors heard from: last_seen_at moves forward and they are online (one statement). */
export async function markSeen(db: Database, seen: ReadonlyMap<string, number>): Promise<void> {
  if (!seen.size) return;
  const ids = [...seen.keys()].sort();
  await sql`
    update sensor s set last_seen_at = to_timestamp(x.t), online = true
    from unnest(${textArray(ids)}::text[], ${numberArray(ids.map((id) => seen.get(id)! / 1000))}::float8[]) as x(i, t)
    where s.id = x.i and (s.last_seen_at is null or s.last_seen_at < to_timestamp(x.t) or not s.online)`.execute(
    db,
  );
}

/** Sensors not heard from for 3 × their interval (or inactive) go offline; returns how many. */
export async function sweepOffline(db: Database): Promise<number> {
  const r = await sql`
    update sensor set online = false
    where online and (not active or last_seen_at is null
      or last_seen_at < now() - make_interval(secs => 3 * interval_s))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

const DAY_MS = 86_400_000;
const dayName = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll('-', '');

/**
 * Day partitions of sensor_reading (UTC days) from `back` days ago to `ahead` days ahead.
 * A failure (e.g. the default partition already holds rows of that day) is reported, not thrown.
 */
export async function ensureReadingPartitions(
  db: Database,
  back: number,
  ahead: number,
  onError: (error: unknown, partition: string) => void = () => {},
): Promise<number> {
  const existing = new Set(
    (
      await sql<{ name: string }>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'sensor_reading'::regclass`.execute(db)
    ).rows.map((r) => r.name),
  );
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  let created = 0;
  for (let d = -back; d <= ahead; d++) {
    const from = today + d * DAY_MS;
    const name = `sensor_reading_p${dayName(from)}`;
    if (existing.has(name)) continue;
    try {
      await sql
        .raw(
          `create table if not exists ${name} partition of sensor_reading for values from ('${new Date(from).toISOString()}') to ('${new Date(from + DAY_MS).toISOString()}')`,
        )
        .execute(db);
      created++;
    } catch (error) {
      onError(error, name);
    }
  }
  return created;
}

/**
 * Retention: drop day partitions wholly older than the window, delete older rows from the
 * default partition and old dead letters (in slices, never one long lock).
 */
export async function applyRetention(db: Database, retentionDays: number): Promise<{ dropped: number }> {
  const cutoff = Math.floor(Date.now() / DAY_MS) * DAY_MS - retentionDays * DAY_MS;
  const parts = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'sensor_reading'::regclass and c.relname ~ '^sensor_reading_p[0-9]{8}$'`.execute(db);
  let dropped = 0;
  for (const { name } of parts.rows) {
    const d = name.slice(-8);
    const start = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
    if (start + DAY_MS <= cutoff) {
      await sql.raw(`drop table if exists ${name}`).execute(db);
      dropped++;
    }
  }
  const at = new Date(cutoff);
  for (;;) {
    const r = await sql`
      delete from sensor_reading_default where ctid = any(array(
        select ctid from sensor_reading_default where ts < ${at} limit 10000))`.execute(db);
    if (Number(r.numAffectedRows ?? 0) < 10000) break;
  }
  for (;;) {
    const r = await sql`
      delete from sensor_dead_letter where id = any(array(
        select id from sensor_dead_letter where received_at < ${at} limit 10000))`.execute(db);
    if (Number(r.numAffectedRows ?? 0) < 10000) break;
  }
  return { dropped };
}
