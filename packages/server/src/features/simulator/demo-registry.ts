import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import { DEMO_SENSOR_PREFIX, planDemoSensors, type CommitteePlace } from './demo-sensors';
import { SENSOR_KINDS, SENSOR_KIND_INFO, hashString, type SensorKind, type SimSensor } from './sensor-models';

/** Models written on demo devices, per kind (invented names: the demo claims no vendor). */
const DEMO_MODELS: Record<SensorKind, string> = {
  'water-level': 'DEMO 超声波积水监测仪 WL-2',
  smoke: 'DEMO 独立式光电烟感 SM-4G',
  'manhole-tilt': 'DEMO 井盖姿态传感器 MH-NB',
  'bin-fill': 'DEMO 满溢监测仪 BF-1',
  noise: 'DEMO 噪声监测终端 NS-3',
  pm25: 'DEMO 微型空气站 PM-6',
  'structural-tilt': 'DEMO 倾角监测仪 ST-2',
  elevator: 'DEMO 电梯运行监测盒 EL-5',
};

/** The residents' committees with their street, as the registry generator places sensors. */
export async function listCommitteePlaces(db: Database): Promise<CommitteePlace[]> {
  return db
    .selectFrom('org_unit as c')
    .innerJoin('org_unit as s', 's.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 's.id as streetId', 's.code as streetCode'])
    .where('c.kind', '=', 'committee')
    .where('s.kind', '=', 'street')
    .orderBy('c.code')
    .execute();
}

/**
 * The registry's sensor type for each simulated kind: a type whose code is the kind
 * (`water-level`), else one whose metric is the kind's (`water_level`), with that type's metric.
 * Kinds with no type are left out.
 */
export async function sensorTypesByKind(
  db: Database,
): Promise<Partial<Record<SensorKind, { code: string; metric: string; defaultIntervalS: number }>>> {
  const types = await db
    .selectFrom('sensor_type')
    .select(['code', 'metric', 'default_interval_s'])
    .orderBy('code')
    .execute();
  const out: Partial<Record<SensorKind, { code: string; metric: string; defaultIntervalS: number }>> = {};
  for (const kind of SENSOR_KINDS) {
    const t =
      types.find((x) => x.code === kind) ??
      types.find((x) => x.code.replaceAll('_', '-') === kind) ??
      types.find(
        (x) =>
          x.metric === SENSOR_KIND_INFO[kind].metric && !Object.values(out).some((o) => o?.code === x.code),
      );
    if (t) out[kind] = { code: t.code, metric: t.metric, defaultIntervalS: t.default_interval_s };
  }
  return out;
}

export type DemoRegistration = {
  /** Demo sensors registered now (new rows). */
  added: number;
  /** Demo sensors that were there already. */
  existing: number;
  /** Kinds the registry has no type for (their sensors are not registered). */
  missingKinds: SensorKind[];
  /** The registered demo sensors 1…count of each kind that has a type, as the simulator drives them. */
  sensors: SimSensor[];
};

/**
 * Register `count` demo sensors (`DEMO-WL-000001` …) over the 198 committees, in bulk and
 * idempotently: ids already there are left as they are, so a second run adds nothing.
 *
 * @example
 * const r = await registerDemoSensors(db, 61_000, { intervalS: 300 }); // r.added on a fresh database: 61,000
 */
export async function registerDemoSensors(
  db: Database,
  count: number,
  options: { intervalS?: number } = {},
): Promise<DemoRegistration> {
  const types = await sensorTypesByKind(db);
  const missingKinds = SENSOR_KINDS.filter((k) => !types[k]);
  const plan = planDemoSensors(count, await listCommitteePlaces(db)).filter((s) => types[s.kind]);
  let added = 0;
  const chunk = 5_000;
  for (let i = 0; i < plan.length; i += chunk) {
    const part = plan.slice(i, i + chunk);
    const result = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO sensor (id, type_code, model, street_id, committee_id, latitude, longitude, address, interval_s, note)
        SELECT * FROM unnest(
          ${part.map((s) => s.id)}::text[], ${part.map((s) => types[s.kind]!.code)}::text[],
          ${part.map((s) => DEMO_MODELS[s.kind])}::text[], ${part.map((s) => s.committee.streetId)}::uuid[],
          ${part.map((s) => s.committee.id)}::uuid[], ${part.map((s) => s.latitude)}::float8[],
          ${part.map((s) => s.longitude)}::float8[], ${part.map((s) => s.address)}::text[],
          ${part.map((s) => options.intervalS ?? types[s.kind]!.defaultIntervalS)}::int[],
          ${part.map(() => '演示设备（模拟器生成）· demo device made by the simulator')}::text[])
        ON CONFLICT (id) DO NOTHING
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`.execute(db);
    added += result.rows[0]?.n ?? 0;
  }
  return {
    added,
    existing: plan.length - added,
    missingKinds,
    sensors: plan.map((s) => ({
      id: s.id,
      kind: s.kind,
      metric: types[s.kind]!.metric,
      key: hashString(s.id),
      interval: options.intervalS ?? types[s.kind]!.defaultIntervalS,
    })),
  };
}

/** How many demo sensors are registered. */
export async function countDemoSensors(db: Database): Promise<number> {
  const row = await db
    .selectFrom('sensor')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'like', `${DEMO_SENSOR_PREFIX}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
