import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSOR_RULES, SENSOR_TYPES } from '@yiwang/fixtures';
import { loadConfig } from '../../config';
import { insideHongkou } from '../../../../fixtures/src/cityops/geo/index';
import {
  demoSensorIds,
  demoSensorKind,
  kindCounts,
  planDemoSensors,
  type CommitteePlace,
} from './demo-sensors';
import { HOTLINE_CALLS, hotlineCall } from './hotline-calls';
import { ReadingSchedule } from './reading-schedule';
import {
  SENSOR_KINDS,
  SENSOR_KIND_INFO,
  hashString,
  readingValue,
  type SensorKind,
  type SimSensor,
} from './sensor-models';

const sensor = (kind: SensorKind, n: number, interval = 60): SimSensor => {
  const id = `DEMO-${SENSOR_KIND_INFO[kind].prefix}-${String(n).padStart(6, '0')}`;
  return { id, kind, metric: SENSOR_KIND_INFO[kind].metric, key: hashString(id), interval };
};
const sensors = (count: number) =>
  demoSensorIds(count).map(({ id, kind }) => ({
    id,
    kind,
    metric: SENSOR_KIND_INFO[kind].metric,
    key: hashString(id),
    interval: 60,
  }));
const T0 = Date.parse('2026-11-27T00:00:00.000Z'); // 08:00 in Shanghai
const HOUR = 3_600_000;

describe('simulated readings', () => {
  it('gives the same readings for the same seed and different ones for another seed', () => {
    const all = sensors(400);
    const run = (seed: number) => {
      const s = new ReadingSchedule(all, { seed, intervalS: 60, startAt: T0, alarmShare: 0.01 });
      return [...s.due(T0 + 5 * 60_000 - 1)];
    };
    const a = run(42);
    expect(a).toEqual(run(42));
    expect(a.length).toBe(400 * 5); // five minutes: each sensor five times
    expect(run(43).map((r) => r.metrics)).not.toEqual(a.map((r) => r.metrics));
  });

  it('hands out each sensor once per interval, in time order, with the type’s metric', () => {
    const all = sensors(300);
    const s = new ReadingSchedule(all, { seed: 1, intervalS: 60, startAt: T0 });
    const round = [...s.due(T0 + 59_999)];
    expect(new Set(round.map((r) => r.sensorId)).size).toBe(300);
    const times = round.map((r) => Date.parse(r.ts));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    for (const r of round) {
      const kind = demoSensorKind(r.sensorId)!;
      expect(Object.keys(r.metrics)).toEqual([SENSOR_KIND_INFO[kind].metric]);
    }
    expect([...s.due(T0 + 59_999)]).toEqual([]); // nothing twice
  });

  it('raises every water-level sensor in storm mode', () => {
    const levels = SENSOR_KINDS.includes('water-level')
      ? sensors(2000).filter((s) => s.kind === 'water-level')
      : [];
    expect(levels.length).toBeGreaterThan(100);
    const at = T0 + 30 * 60_000; // half an hour into the storm
    for (const s of levels) {
      const calm = readingValue(s, at, { seed: 7 });
      const storm = readingValue(s, at, { seed: 7, stormFrom: T0 });
      expect(storm).toBeGreaterThan(calm + 0.2);
    }
  });

  it('fills bins through the day and empties them at the collection hour', () => {
    for (let n = 1; n <= 50; n++) {
      const bin = sensor('bin-fill', n);
      // hourly values over a day (Shanghai 00:00 … 23:00): one drop, at the collection between 05:00 and 08:00
      const day = Array.from({ length: 24 }, (_, h) =>
        readingValue(bin, T0 - 8 * HOUR + h * HOUR + 30 * 60_000, { seed: 3 }),
      );
      const drops = day.map((v, h) => (h > 0 && v < day[h - 1]! - 15 ? h : -1)).filter((h) => h >= 0);
      expect(drops.length).toBe(1);
      expect(drops[0]).toBeGreaterThanOrEqual(5);
      expect(drops[0]).toBeLessThanOrEqual(8);
    }
  });

  it('is louder in the afternoon than at night', () => {
    for (let n = 1; n <= 50; n++) {
      const s = sensor('noise', n);
      const night = readingValue(s, T0 - 5 * HOUR, { seed: 5 }); // 03:00 in Shanghai
      const afternoon = readingValue(s, T0 + 7 * HOUR, { seed: 5 }); // 15:00
      expect(afternoon).toBeGreaterThan(night + 5);
    }
  });

  it('makes alarm-worthy readings of every kind exceed its normal range', () => {
    for (const kind of SENSOR_KINDS) {
      const s = sensor(kind, 1);
      const normal = Array.from({ length: 200 }, (_, i) => readingValue(s, T0 + i * 60_000, { seed: 9 }));
      expect(readingValue(s, T0, { seed: 9 }, true)).toBeGreaterThan(Math.max(...normal));
    }
  });
});

describe('normal readings against the seeded rules', () => {
  it('open no work order over a simulated day without a storm or an injected alarm', () => {
    // a threshold or sustained rule that opens an order is never crossed by a normal reading
    const kindOf = (typeCode: string) =>
      SENSOR_KINDS.find((k) => k === typeCode) ??
      SENSOR_KINDS.find(
        (k) => SENSOR_KIND_INFO[k].metric === SENSOR_TYPES.find((t) => t.code === typeCode)?.metric,
      );
    for (const rule of DEFAULT_SENSOR_RULES.filter((r) => r.opensWorkOrder && r.kind !== 'rate')) {
      const kind = kindOf(rule.typeCode)!;
      expect(kind, rule.typeCode).toBeDefined();
      let crossed = 0;
      for (let n = 1; n <= 40; n++) {
        const s = sensor(kind, n, 600);
        for (let i = 0; i < 144; i++) {
          const v = readingValue(s, T0 + i * 600_000, { seed: 12 });
          if (rule.op === '>' ? v > rule.value : v < rule.value) crossed++;
        }
      }
      // a dislodged manhole cover (one in 2,000 a day) is the one everyday alarm
      if (kind === 'manhole-tilt') expect(crossed).toBeLessThanOrEqual(144);
      else expect(crossed, `${rule.typeCode} ${rule.kind} ${rule.op} ${rule.value}`).toBe(0);
    }
  });
});

describe('the DEMO_SIMULATION setting', () => {
  it('is on with the demo seed, off with SEED=none or under the test runner, and can be forced', () => {
    expect(loadConfig({}).demoSimulation).toEqual({ enabled: true, intervalS: 600 });
    expect(loadConfig({ SEED: 'none' }).demoSimulation.enabled).toBe(false);
    expect(loadConfig({ VITEST: 'true' }).demoSimulation.enabled).toBe(false);
    expect(loadConfig({ VITEST: 'true', DEMO_SIMULATION: 'on' }).demoSimulation.enabled).toBe(true);
    expect(loadConfig({ DEMO_SIMULATION: 'off', DEMO_SIMULATION_INTERVAL_S: '60' }).demoSimulation).toEqual({
      enabled: false,
      intervalS: 60,
    });
    expect(() => loadConfig({ DEMO_SIMULATION: 'yes' })).toThrow(/DEMO_SIMULATION/);
  });
});

describe('the demo registry', () => {
  const streets = [
    '310109009',
    '310109010',
    '310109011',
    '310109014',
    '310109016',
    '310109017',
    '310109018',
    '310109019',
  ];
  const committees: CommitteePlace[] = Array.from({ length: 198 }, (_, i) => ({
    id: `c${i}`,
    code: `${streets[i % 8]}${String(i).padStart(3, '0')}`,
    name: `第${i}居委会`,
    streetId: `s${i % 8}`,
    streetCode: streets[i % 8]!,
  }));

  it('plans 61,000 marked sensors of every kind over all 198 committees', () => {
    const plan = planDemoSensors(61_000, committees);
    expect(plan.length).toBe(61_000);
    expect(new Set(plan.map((s) => s.id)).size).toBe(61_000);
    expect(plan.every((s) => /^DEMO-[A-Z]{2}-\d{6}$/.test(s.id))).toBe(true);
    expect(new Set(plan.map((s) => s.committee.id)).size).toBe(198);
    const counts = kindCounts(61_000);
    for (const kind of SENSOR_KINDS) expect(plan.filter((s) => s.kind === kind).length).toBe(counts[kind]);
    expect(plan.find((s) => s.id === 'DEMO-WL-000001')?.kind).toBe('water-level');
    expect(plan.filter((s) => !insideHongkou([s.longitude, s.latitude]))).toEqual([]);
  });

  it('plans the same sensors at the same places every time', () => {
    expect(planDemoSensors(500, committees)).toEqual(planDemoSensors(500, [...committees].reverse()));
  });
});

describe('simulated 12345 calls', () => {
  it('files a known category with a Chinese description naming the place, the same for the same seed', () => {
    const places = ['欧二居委会', '嘉兴居委会', '北外滩居委会'];
    const codes = new Set(HOTLINE_CALLS.map((c) => c.categoryCode));
    for (let n = 0; n < 100; n++) {
      const call = hotlineCall(11, n, places);
      expect(call).toEqual(hotlineCall(11, n, places));
      expect(codes.has(call.categoryCode)).toBe(true);
      expect(call.description).not.toMatch(/[{}]/);
      expect(call.reporterPhone).toMatch(/^1\d{10}$/);
      if (
        HOTLINE_CALLS.find((c) => c.categoryCode === call.categoryCode)!.texts.every((t) =>
          t.includes('{place}'),
        )
      )
        expect(call.description).toContain(places[call.placeIndex]);
    }
    expect(
      new Set(Array.from({ length: 100 }, (_, n) => hotlineCall(11, n, places).categoryCode)).size,
    ).toBeGreaterThan(5);
  });
});
