import { STREET_CENTRES, committeePoint, insideHongkou } from '../../../../fixtures/src/cityops/geo/index';
import { SENSOR_KINDS, SENSOR_KIND_INFO, hashString, unit3, type SensorKind } from './sensor-models';

/** The district's IoT estate in the 2023 report (DOMAIN.md §2). */
export const DISTRICT_SENSOR_COUNT = 61_000;
/** Every demo sensor id starts with this, so demo devices can be told apart (and removed). */
export const DEMO_SENSOR_PREFIX = 'DEMO-';

/** Where a committee of a street without a demo centre is drawn ([longitude, latitude]). */
const DISTRICT_CENTRE = [121.4885, 31.2727] as const;

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
 * of its id (so every committee gets about count ÷ 198), within about 200 m of the committee's
 * point on the operations screen's map (`committeePoint`, a demo approximation), inside the
 * district outline.
 *
 * @example
 * const sensors = planDemoSensors(61_000, committees); // 61,000 sensors over the 198 committees
 */
export function planDemoSensors(count: number, committees: CommitteePlace[]): DemoSensor[] {
  if (!committees.length)
    throw new Error('no residents’ committees to place sensors in (is the database seeded?)');
  const ordered = [...committees].sort((a, b) => a.code.localeCompare(b.code));
  const points = new Map<string, readonly [number, number]>();
  for (const c of ordered) {
    const street = ordered.filter((x) => x.streetCode === c.streetCode);
    points.set(
      c.id,
      STREET_CENTRES[c.streetCode]
        ? committeePoint(c.streetCode, street.indexOf(c), street.length)
        : DISTRICT_CENTRE,
    );
  }
  return demoSensorIds(count).map(({ id, kind }) => {
    const key = hashString(id);
    const committee = ordered[key % ordered.length]!;
    const [lng0, lat0] = points.get(committee.id)!;
    const r6 = (p: readonly [number, number]): [number, number] => [
      Math.round(p[0] * 1e6) / 1e6,
      Math.round(p[1] * 1e6) / 1e6,
    ];
    let point = r6([lng0 + (unit3(key, 4, 0) - 0.5) * 0.004, lat0 + (unit3(key, 2, 0) - 0.5) * 0.0036]);
    for (let k = 0; k < 6 && !insideHongkou(point); k++)
      point = r6([(point[0] + lng0) / 2, (point[1] + lat0) / 2]);
    if (!insideHongkou(point)) point = r6([lng0, lat0]);
    if (!insideHongkou(point)) point = r6(STREET_CENTRES[committee.streetCode]?.at ?? DISTRICT_CENTRE);
    const road = ROADS[Math.floor(unit3(key, 5, 0) * ROADS.length)]!;
    return {
      id,
      kind,
      committee,
      latitude: point[1],
      longitude: point[0],
      address: `${road}${1 + Math.floor(unit3(key, 6, 0) * 1200)}号附近（${committee.name}）`,
    };
  });
}
