import { SENSOR_KINDS, SENSOR_KIND_INFO, hashString, unit3, type SensorKind } from './sensor-models';

/** The district's IoT estate in the 2023 report (DOMAIN.md §2). */
export const DISTRICT_SENSOR_COUNT = 61_000;
/** Every demo sensor id starts with this, so demo devices can be told apart (and removed). */
export const DEMO_SENSOR_PREFIX = 'DEMO-';

/**
 * Approximate centres of Hongkou's 8 streets (WGS-84), by division code. Demo positions only:
 * the reference data has no boundaries (DOMAIN.md "Reference data").
 */
const STREET_CENTRES: Record<string, [lat: number, lng: number]> = {
  '310109009': [31.2718, 121.4898], // 欧阳路
  '310109010': [31.2828, 121.4962], // 曲阳路
  '310109011': [31.2739, 121.4756], // 广中路
  '310109014': [31.2598, 121.4942], // 嘉兴路
  '310109016': [31.2985, 121.4835], // 凉城新村
  '310109017': [31.2607, 121.4833], // 四川北路
  '310109018': [31.2505, 121.5018], // 北外滩
  '310109019': [31.2905, 121.489], // 江湾镇
};
const DISTRICT_CENTRE: [number, number] = [31.2727, 121.4885];

/** A residents' committee as the registry generator needs it. */
export type CommitteePlace = { id: string; code: string; name: string; streetId: string; streetCode: string };

export type DemoSensor = {
  id: string;
  kind: SensorKind;
  committee: CommitteePlace;
  latitude: number;
  longitude: number;
  address: string;
};

/**
 * How many of `count` sensors are of each kind (by the shares in SENSOR_KIND_INFO; the
 * remainder goes to the first kinds), in SENSOR_KINDS order.
 */
export function kindCounts(count: number): Record<SensorKind, number> {
  const out = {} as Record<SensorKind, number>;
  let given = 0;
  for (const kind of SENSOR_KINDS) {
    out[kind] = Math.floor(count * SENSOR_KIND_INFO[kind].share);
    given += out[kind];
  }
  for (let i = 0; given < count; i = (i + 1) % SENSOR_KINDS.length, given++) out[SENSOR_KINDS[i]!]++;
  return out;
}

/** `DEMO-WL-000001`: the demo id of the n-th (1-based) sensor of a kind. */
export const demoSensorId = (kind: SensorKind, n: number) =>
  `${DEMO_SENSOR_PREFIX}${SENSOR_KIND_INFO[kind].prefix}-${String(n).padStart(6, '0')}`;

/** The kind of a demo id, or undefined when it is not one. */
export function demoSensorKind(id: string): SensorKind | undefined {
  const prefix = /^DEMO-([A-Z]{2})-\d+$/.exec(id)?.[1];
  return SENSOR_KINDS.find((k) => SENSOR_KIND_INFO[k].prefix === prefix);
}

/** The ids of `count` demo sensors, kind by kind (the same count always gives the same ids). */
export function demoSensorIds(count: number): { id: string; kind: SensorKind }[] {
  const counts = kindCounts(count);
  const out: { id: string; kind: SensorKind }[] = [];
  for (const kind of SENSOR_KINDS)
    for (let n = 1; n <= counts[kind]; n++) out.push({ id: demoSensorId(kind, n), kind });
  return out;
}

const ROADS = [
  '四平路',
  '大连路',
  '曲阳路',
  '中山北一路',
  '广中路',
  '西江湾路',
  '四川北路',
  '溧阳路',
  '东长治路',
  '海宁路',
  '天潼路',
  '吴淞路',
  '周家嘴路',
  '临平路',
  '海伦路',
  '嘉兴路',
  '宝山路',
  '凉城路',
  '车站南路',
  '水电路',
  '花园路',
  '黄渡路',
  '场中路',
  '汶水东路',
];

/**
 * Place `count` demo sensors over the committees: sensor i goes to a committee picked by a hash
 * of its id (so every committee gets about count ÷ 198), at the committee's street centre plus a
 * committee offset and a sensor jitter of a few hundred metres.
 *
 * @example
 * const sensors = planDemoSensors(61_000, committees); // 61,000 sensors over the 198 committees
 */
export function planDemoSensors(count: number, committees: CommitteePlace[]): DemoSensor[] {
  if (!committees.length)
    throw new Error('no residents’ committees to place sensors in (is the database seeded?)');
  const ordered = [...committees].sort((a, b) => a.code.localeCompare(b.code));
  return demoSensorIds(count).map(({ id, kind }) => {
    const key = hashString(id);
    const committee = ordered[key % ordered.length]!;
    const [lat0, lng0] = STREET_CENTRES[committee.streetCode] ?? DISTRICT_CENTRE;
    const ck = hashString(committee.code);
    const lat = lat0 + (unit3(ck, 1, 0) - 0.5) * 0.012 + (unit3(key, 2, 0) - 0.5) * 0.004;
    const lng = lng0 + (unit3(ck, 3, 0) - 0.5) * 0.012 + (unit3(key, 4, 0) - 0.5) * 0.004;
    const road = ROADS[Math.floor(unit3(key, 5, 0) * ROADS.length)]!;
    return {
      id,
      kind,
      committee,
      latitude: Math.round(lat * 1e6) / 1e6,
      longitude: Math.round(lng * 1e6) / 1e6,
      address: `${road}${1 + Math.floor(unit3(key, 6, 0) * 1200)}号附近（${committee.name}）`,
    };
  });
}
