import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import {
  alarmTypeOf,
  type EffectiveRule,
  type RuleKind,
  type RuleOp,
} from '../../sensor-rules/sensor-rule-engine';

/** What the ingester needs to know of a sensor, held in memory for every registered sensor. */
export type RegisteredSensor = {
  id: string;
  typeCode: string;
  metric: string;
  validMin: number;
  validMax: number;
  intervalS: number;
  active: boolean;
  rules: EffectiveRule[];
};

type RuleRow = {
  id: string;
  type_code: string;
  sensor_id: string | null;
  kind: string;
  op: string;
  metric: string;
  value: number;
  duration_s: number;
  severity: number;
  opens_work_order: boolean;
};

const toRule = (r: RuleRow): EffectiveRule => ({
  id: r.id,
  kind: r.kind as RuleKind,
  op: r.op as RuleOp,
  metric: r.metric,
  value: r.value,
  durationS: r.duration_s,
  severity: r.severity,
  opensWorkOrder: r.opens_work_order,
  alarmType: alarmTypeOf(r.kind as RuleKind, r.op as RuleOp),
});

/**
 * The sensors with their types and effective rules: a sensor's own rule replaces its type's
 * rule of the same alarm type, and `sensor.thresholds[alarmType]` overrides a rule's value.
 */
export async function loadRegistry(db: Database): Promise<Map<string, RegisteredSensor>> {
  const [types, rules, sensors] = await Promise.all([
    db.selectFrom('sensor_type').select(['code', 'metric', 'valid_min', 'valid_max']).execute(),
    db
      .selectFrom('sensor_rule')
      .select([
        'id',
        'type_code',
        'sensor_id',
        'kind',
        'op',
        'metric',
        'value',
        'duration_s',
        'severity',
        'opens_work_order',
      ])
      .where('active', '=', true)
      .execute(),
    db.selectFrom('sensor').select(['id', 'type_code', 'interval_s', 'active', 'thresholds']).execute(),
  ]);
  const typeByCode = new Map(types.map((t) => [t.code, t]));
  const typeRules = new Map<string, EffectiveRule[]>();
  const ownRules = new Map<string, EffectiveRule[]>();
  for (const r of rules) {
    const rule = toRule(r);
    const map = r.sensor_id ? ownRules : typeRules;
    const key = r.sensor_id ?? r.type_code;
    map.set(key, [...(map.get(key) ?? []), rule]);
  }
  const registry = new Map<string, RegisteredSensor>();
  for (const s of sensors) {
    const type = typeByCode.get(s.type_code);
    if (!type) continue;
    const own = ownRules.get(s.id) ?? [];
    const thresholds = (s.thresholds ?? {}) as Record<string, unknown>;
    const effective = [
      ...(typeRules.get(s.type_code) ?? []).filter((r) => !own.some((o) => o.alarmType === r.alarmType)),
      ...own,
    ]
      .filter((r) => r.metric === type.metric)
      .map((r) => {
        const override = thresholds[r.alarmType];
        return typeof override === 'number' && Number.isFinite(override) ? { ...r, value: override } : r;
      });
    registry.set(s.id, {
      id: s.id,
      typeCode: s.type_code,
      metric: type.metric,
      validMin: type.valid_min,
      validMax: type.valid_max,
      intervalS: s.interval_s,
      active: s.active,
      rules: effective,
    });
  }
  return registry;
}

/** A cheap fingerprint of the registry: when it changes, the registry is reloaded. */
export async function registryFingerprint(db: Database): Promise<string> {
  const r = await sql<{ f: string }>`
    select concat_ws('/',
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sensor),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sensor_type),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sensor_rule)) as f`.execute(db);
  return r.rows[0]?.f ?? '';
}
