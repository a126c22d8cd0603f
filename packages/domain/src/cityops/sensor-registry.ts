/**
 * The sensor registry's rules that need no database: where a sensor may stand, how often it may
 * report, what its device id may look like, and how a street or committee written by a person
 * (a name, a short name or a division code) is found.
 */

/** A field at fault, named as the caller wrote it (`latitude`, `committeeId`, `interval_s` …). */
export type SensorFieldError = { field: string; zh: string; en: string };

/**
 * Hongkou's rough bounding box: the district outline in the shared shanghai-districts.geojson
 * spans 121.461–121.519 E, 31.242–31.316 N; about 1 km of margin is added on each side. A point
 * outside it is certainly not in Hongkou (a swapped latitude/longitude, a typo, another
 * district); a point inside may still be just across the border — that takes the boundary
 * polygons, which the reference data does not have.
 */
export const HONGKOU_BOUNDS = { west: 121.45, east: 121.53, south: 31.23, north: 31.33 } as const;

/** Reporting interval limits in seconds: from every 10 s to once a day. */
export const SENSOR_INTERVAL_S = { min: 10, max: 86_400 } as const;

/**
 * A device id: the single MQTT topic level of `yiwang/sensors/{sensorId}/readings`, so no `/`,
 * `+`, `#` or spaces — letters, digits and `_ . -`, 1–64 characters, starting with a letter or digit.
 */
export const SENSOR_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkSensorId(id: string, field = 'id'): SensorFieldError[] {
  if (!id) return [{ field, zh: '缺少设备编号', en: 'the device id is required' }];
  if (!SENSOR_ID_PATTERN.test(id))
    return [
      {
        field,
        zh: '设备编号须为 1–64 位字母、数字或 _ . -，以字母或数字开头',
        en: 'the device id must be 1–64 letters, digits, _ . or -, starting with a letter or digit',
      },
    ];
  return [];
}

/** Both coordinates present and inside Hongkou's bounding box. */
export function checkCoordinates(
  latitude: number | null,
  longitude: number | null,
  fields: { latitude: string; longitude: string } = { latitude: 'latitude', longitude: 'longitude' },
): SensorFieldError[] {
  const errors: SensorFieldError[] = [];
  const b = HONGKOU_BOUNDS;
  if (latitude === null || !Number.isFinite(latitude))
    errors.push({ field: fields.latitude, zh: '缺少纬度', en: 'the latitude is required' });
  else if (latitude < b.south || latitude > b.north)
    errors.push({
      field: fields.latitude,
      zh: `纬度须在虹口区范围内（北纬 ${b.south}–${b.north}）`,
      en: `the latitude must lie in Hongkou (${b.south}–${b.north} N)`,
    });
  if (longitude === null || !Number.isFinite(longitude))
    errors.push({ field: fields.longitude, zh: '缺少经度', en: 'the longitude is required' });
  else if (longitude < b.west || longitude > b.east)
    errors.push({
      field: fields.longitude,
      zh: `经度须在虹口区范围内（东经 ${b.west}–${b.east}）`,
      en: `the longitude must lie in Hongkou (${b.west}–${b.east} E)`,
    });
  return errors;
}

export function checkInterval(intervalS: number, field = 'intervalS'): SensorFieldError[] {
  const { min, max } = SENSOR_INTERVAL_S;
  if (!Number.isInteger(intervalS) || intervalS < min || intervalS > max)
    return [
      {
        field,
        zh: `上报间隔须为 ${min}–${max} 秒之间的整数`,
        en: `the reporting interval must be a whole number of seconds from ${min} to ${max}`,
      },
    ];
  return [];
}

/** A street or residents' committee as the registry needs it. */
export type PlaceRef = {
  id: string;
  code: string;
  name: string;
  kind: 'street' | 'committee';
  parentId: string | null;
  path: string;
};

/**
 * Streets and committees found by division code, full name (北外滩街道, 欧二居委会) or short
 * name (北外滩, 欧二). A name two committees share finds both; the caller disambiguates by street.
 */
export class PlaceIndex {
  private readonly byKey = new Map<string, PlaceRef[]>();
  readonly byId = new Map<string, PlaceRef>();

  constructor(places: readonly PlaceRef[]) {
    for (const p of places) {
      this.byId.set(p.id, p);
      const short = p.name.replace(/(街道|居委会|居民委员会|镇)$/, '');
      for (const key of new Set([p.code, p.name, short])) {
        if (!key) continue;
        const list = this.byKey.get(key) ?? [];
        list.push(p);
        this.byKey.set(key, list);
      }
    }
  }

  /** Every place of the kind a code or name finds. */
  find(text: string, kind: PlaceRef['kind']): PlaceRef[] {
    return (this.byKey.get(text.trim()) ?? []).filter((p) => p.kind === kind);
  }
}

const NOT_IN_STREET = (field: string): SensorFieldError => ({
  field,
  zh: '该居委会不属于所填街道',
  en: 'the residents’ committee is not in that street',
});

/**
 * The street and committee of a sensor from what a person wrote: a committee is enough (its
 * street follows); with both, the committee must belong to the street. A combined `place` may
 * name either.
 *
 * @example
 * resolvePlace(index, { street: '北外滩', committee: '' }) // { streetId, committeeId: null, errors: [] }
 */
export function resolvePlace(
  index: PlaceIndex,
  written: { street: string; committee: string; place?: string },
  fields: { street: string; committee: string; place?: string } = {
    street: 'street',
    committee: 'committee',
    place: 'place',
  },
): { street: PlaceRef | null; committee: PlaceRef | null; errors: SensorFieldError[] } {
  let streetText = written.street.trim();
  let committeeText = written.committee.trim();
  let streetField = fields.street;
  let committeeField = fields.committee;
  const placeText = written.place?.trim() ?? '';
  if (placeText && !streetText && !committeeText) {
    const placeField = fields.place ?? 'place';
    if (index.find(placeText, 'committee').length) {
      committeeText = placeText;
      committeeField = placeField;
    } else {
      streetText = placeText;
      streetField = placeField;
    }
  }
  let street: PlaceRef | null = null;
  if (streetText) {
    const found = index.find(streetText, 'street');
    if (!found.length)
      return {
        street: null,
        committee: null,
        errors: [{ field: streetField, zh: `未找到街道“${streetText}”`, en: `no street “${streetText}”` }],
      };
    street = found[0]!;
  }
  if (!committeeText) {
    if (!street)
      return {
        street: null,
        committee: null,
        errors: [
          {
            field: streetField,
            zh: '缺少街道或居委会',
            en: 'a street or a residents’ committee is required',
          },
        ],
      };
    return { street, committee: null, errors: [] };
  }
  let committees = index.find(committeeText, 'committee');
  if (!committees.length)
    return {
      street,
      committee: null,
      errors: [
        {
          field: committeeField,
          zh: `未找到居委会“${committeeText}”`,
          en: `no residents’ committee “${committeeText}”`,
        },
      ],
    };
  if (street) {
    const inStreet = committees.filter((c) => c.parentId === street!.id);
    if (!inStreet.length) return { street, committee: null, errors: [NOT_IN_STREET(committeeField)] };
    committees = inStreet;
  }
  if (committees.length > 1)
    return {
      street,
      committee: null,
      errors: [
        {
          field: committeeField,
          zh: `有多个居委会名为“${committeeText}”，请填写街道或区划代码`,
          en: `several residents’ committees are called “${committeeText}”: give the street or the division code`,
        },
      ],
    };
  const committee = committees[0]!;
  const parent = street ?? (committee.parentId ? (index.byId.get(committee.parentId) ?? null) : null);
  if (!parent || parent.kind !== 'street')
    return { street: null, committee, errors: [NOT_IN_STREET(committeeField)] };
  return { street: parent, committee, errors: [] };
}
