/**
 * What a simulated sensor of each kind reads at a moment: pure functions of (seed, sensor, time,
 * weather), so the same seed gives the same readings on every machine and no per-sensor state is
 * kept (61,000 sensors cost a list of ids). Values are plausible for a Shanghai district, not
 * calibrated against any real device.
 */

/** The kinds of sensor the simulator knows (DOMAIN.md §2: smoke, water level, manhole tilt, bin fill, noise, air, structural, elevator). */
export const SENSOR_KINDS = [
  'water-level',
  'smoke',
  'manhole-tilt',
  'bin-fill',
  'noise',
  'pm25',
  'structural-tilt',
  'elevator',
] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/**
 * Per kind: the metric key a device sends (`{"metrics":{"<metric>":…}}`), its unit, a Chinese
 * name, the share of the demo's 61,000 devices, and `alarm` — a value well past any sensible
 * threshold, used for the occasional alarm-worthy reading.
 */
export const SENSOR_KIND_INFO: Record<
  SensorKind,
  { metric: string; unit: string; zh: string; share: number; prefix: string; alarm: number }
> = {
  'water-level': { metric: 'water_level', unit: 'm', zh: '积水水位', share: 0.12, prefix: 'WL', alarm: 0.45 },
  smoke: { metric: 'smoke', unit: '%obs/m', zh: '烟感', share: 0.3, prefix: 'SM', alarm: 12 },
  'manhole-tilt': { metric: 'tilt_deg', unit: '°', zh: '井盖倾斜', share: 0.15, prefix: 'MH', alarm: 25 },
  'bin-fill': { metric: 'fill_pct', unit: '%', zh: '垃圾箱满溢', share: 0.12, prefix: 'BF', alarm: 98 },
  noise: { metric: 'noise_db', unit: 'dB(A)', zh: '噪声', share: 0.08, prefix: 'NS', alarm: 88 },
  pm25: { metric: 'pm25', unit: 'µg/m³', zh: 'PM2.5', share: 0.08, prefix: 'PM', alarm: 260 },
  'structural-tilt': {
    metric: 'tilt_deg',
    unit: '°',
    zh: '建筑结构倾斜',
    share: 0.05,
    prefix: 'ST',
    alarm: 1.2,
  },
  elevator: { metric: 'fault_code', unit: '', zh: '电梯运行', share: 0.1, prefix: 'EL', alarm: 3 },
};

/** FNV-1a of a string: a sensor's stable identity for the noise functions. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) from three integers (a 32-bit mix; same inputs, same output). */
export function unit3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ c;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Roughly normal noise (sum of three uniforms, mean 0, sd ≈ 1). */
const gauss = (a: number, b: number, c: number) =>
  (unit3(a, b, c) + unit3(a, b ^ 0x5bd1e995, c) + unit3(a, b ^ 0x1b873593, c) - 1.5) * 2;

/** A sensor as the simulator sees it. `key` is `hashString(id)`; `interval` in seconds. */
export type SimSensor = { id: string; kind: SensorKind; metric: string; key: number; interval: number };

export type Weather = {
  /** The run's seed: rain, per-sensor baselines and noise all derive from it. */
  seed: number;
  /** Storm mode: from this moment every water-level sensor rises (ms since epoch). */
  stormFrom?: number;
};

const HOUR = 3_600_000;
/** Shanghai local hour of day (UTC+8, no daylight saving), fractional. */
const localHour = (t: number) => (((t / HOUR + 8) % 24) + 24) % 24;

/**
 * Rain in mm/h at time t: a wet hour comes with probability 12 % (seeded per hour), heavier in
 * the afternoon; the storm adds a downpour that builds over 20 minutes.
 */
export function rainAt(weather: Weather, t: number): number {
  const hour = Math.floor(t / HOUR);
  const wet = unit3(weather.seed, hour, 0x7261696e) < 0.12;
  const base = wet ? 2 + 30 * unit3(weather.seed, hour, 0x68656176) ** 2 : 0;
  const storm =
    weather.stormFrom !== undefined && t >= weather.stormFrom
      ? 80 * Math.min(1, (t - weather.stormFrom) / (20 * 60_000))
      : 0;
  return base + storm;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The reading of `sensor` at time `t` (ms). `alarm` forces an alarm-worthy value.
 *
 * @example
 * const s = { id: 'DEMO-WL-000001', kind: 'water-level', metric: 'water_level', key: hashString('DEMO-WL-000001'), interval: 60 };
 * readingValue(s, Date.parse('2026-11-27T08:00:00Z'), { seed: 42 }); // → 0.07 (metres)
 */
export function readingValue(sensor: SimSensor, t: number, weather: Weather, alarm = false): number {
  const { seed } = weather;
  const k = sensor.key;
  const tick = Math.floor(t / 1000 / Math.max(1, sensor.interval));
  const noise = gauss(seed, k, tick);
  const own = (salt: number) => unit3(seed, k, salt); // a per-sensor constant in [0, 1)
  const info = SENSOR_KIND_INFO[sensor.kind];
  if (alarm) return round(info.alarm * (1 + 0.1 * own(0xa1)), 2);
  const h = localHour(t);
  switch (sensor.kind) {
    case 'water-level': {
      // Standing water on a low road or underpass in metres: a dry baseline, rain in the last 3 hours
      // raising it (drains lag) but staying under the 0.15 m alarm, and a steady rise in a storm.
      const baseline = 0.02 + 0.06 * own(1);
      const recentRain =
        (rainAt(weather, t) + rainAt(weather, t - HOUR) * 0.6 + rainAt(weather, t - 2 * HOUR) * 0.3) / 1.9;
      const low = 0.5 + own(2); // low-lying spots fill faster
      let level = baseline + recentRain * 0.0025 * low;
      if (weather.stormFrom !== undefined && t >= weather.stormFrom)
        level += Math.min(0.6, ((t - weather.stormFrom) / 60_000) * 0.02 * low);
      return round(Math.max(0, level + noise * 0.005), 3);
    }
    case 'smoke': {
      // Optical obscuration in %/m: near zero; cooking hours a little higher.
      const cooking = (h > 10.5 && h < 12.5) || (h > 17 && h < 19.5) ? 0.4 : 0;
      return round(Math.max(0, 0.15 + cooking * own(3) + noise * 0.05), 2);
    }
    case 'manhole-tilt': {
      // Degrees from level: a seat angle per cover, traffic jitter; one cover in 2,000 dislodged each day.
      const day = Math.floor((t / HOUR + 8) / 24);
      const dislodged = unit3(seed, k, day) < 0.0005;
      return round(Math.max(0, 0.3 + 1.2 * own(4) + Math.abs(noise) * 0.2 + (dislodged ? 15 : 0)), 2);
    }
    case 'bin-fill': {
      // Per cent full: emptied daily at the sensor's collection hour (05:00–08:00), filling faster in the day.
      const emptyAt = 5 + 3 * own(5);
      const since = (h - emptyAt + 24) % 24; // hours since the last collection
      const rate = 1.2 + 1.6 * own(6); // %/hour: full (over 90 %) only when something unusual happens
      return round(Math.min(100, Math.max(0, 3 + since * rate * (0.8 + 0.4 * own(7)) + noise * 1.5)), 1);
    }
    case 'noise': {
      // dB(A): a day/night cycle (quietest about 03:00, loudest about 15:00) around the place's level.
      const place = 45 + 12 * own(8);
      const cycle = -Math.cos(((h - 3) / 24) * 2 * Math.PI); // −1 at 03:00, +1 at 15:00
      return round(place + cycle * 8 + noise * 2.5, 1);
    }
    case 'pm25': {
      // µg/m³: the district's level of the day (seeded), a morning and evening traffic bump, local offset.
      const day = Math.floor((t / HOUR + 8) / 24);
      const regional = 18 + 45 * unit3(seed, day, 0x706d32) ** 2;
      const traffic = Math.exp(-(((h - 8) / 1.5) ** 2)) * 10 + Math.exp(-(((h - 18) / 2) ** 2)) * 8;
      return round(Math.max(1, regional * (0.85 + 0.3 * own(9)) + traffic + noise * 3), 1);
    }
    case 'structural-tilt': {
      // Degrees: an old building's lean, a slow seasonal drift, very small noise.
      const lean = 0.05 + 0.25 * own(10);
      const seasonal = 0.01 * Math.sin((t / (HOUR * 24 * 365)) * 2 * Math.PI);
      return round(lean + seasonal + noise * 0.004, 4);
    }
    case 'elevator': {
      // Fault code: 0 = running; 1 door fault, 2 stopped between floors, 3 trapped passenger (rare).
      const u = unit3(seed, k, tick ^ 0x656c);
      return u < 0.0002 ? 1 : u < 0.00025 ? 2 : u < 0.00026 ? 3 : 0;
    }
  }
}
